package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.OutboundListeners;

import java.util.Map;

/**
 * Coverage of per-port endpoint membership (docs/routing.md §4, Istio's {@code ServiceEndpointsByPort}) in the
 * differential tests: a request whose cluster's service has an endpoint that is not one on the cluster's port
 * ({@code port-membership-cluster}), whose {@code dst} is the address of an endpoint of a passthrough service that is
 * not one on the request's port ({@code port-membership-endpoint-address}), or whose passthrough service has endpoints
 * but none on the request's port, so no per-endpoint listener there ({@code port-membership-no-endpoint-on-port}).
 */
final class PortMembershipCoverage
{
    /** The keys the random models reach with the default seeds. */
    static final String[] KINDS = {"port-membership-cluster", "port-membership-endpoint-address",
        "port-membership-no-endpoint-on-port"};

    private PortMembershipCoverage()
    {
    }

    static void tally(final Map<String, Integer> coverage, final RoutingModel model, final HttpRequest r,
            final RouteDecision d)
    {
        for (final RegistryService s : model.services())
        {
            if (d.cluster() != null && d.cluster().startsWith("outbound|" + d.port() + "|")
                    && s.host().equals(d.host()) && s.endpoints().stream().anyMatch(e -> e.healthy()
                    && !OutboundListeners.serves(s, e, d.port())))
            {
                coverage.merge("port-membership-cluster", 1, Integer::sum);
            }
            if (!s.passthrough() || s.ports().stream().noneMatch(p -> p.number() == r.port()))
            {
                continue;
            }
            final String dst = r.dst() == null ? "" : r.dst();
            if (s.endpoints().stream().anyMatch(e -> !OutboundListeners.serves(s, e, r.port())
                    && dst.startsWith(e.address() + ":")))
            {
                coverage.merge("port-membership-endpoint-address", 1, Integer::sum);
            }
            if (!s.endpoints().isEmpty() && OutboundListeners.bind(s, r.port()) != OutboundListeners.BIND_ENDPOINTS
                    && OutboundListeners.bind(s, r.port()) != OutboundListeners.BIND_ADDRESS)
            {
                coverage.merge("port-membership-no-endpoint-on-port", 1, Integer::sum);
            }
        }
    }
}
