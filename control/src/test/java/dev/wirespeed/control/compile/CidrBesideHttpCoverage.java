package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CIDR service's TCP chain beside another service's HTTP chain on one port of the wildcard listener
 * (docs/routing.md §1 item 8): from a random model with a service whose first address is a CIDR and another with an
 * HTTP port, a variant where the CIDR service also has that port as TCP, and a request to the HTTP service's name whose
 * {@code dst} is inside the CIDR; both implementations must decide it alike. Derived from the model, not from the
 * random stream, so the other draws stay as they were.
 */
final class CidrBesideHttpCoverage
{
    /** The coverage key: a request the CIDR's TCP chain took beside an HTTP chain. */
    static final String KEY = "dst-cidr-listener-beside-http";

    private CidrBesideHttpCoverage()
    {
    }

    /**
     * @param coverage the coverage counts.
     * @param model    a random model.
     * @param index    the model's index (named in a failure).
     * @return the model.
     */
    static RoutingModel check(final Map<String, Integer> coverage, final RoutingModel model, final int index)
    {
        final String where = "model#" + index;
        final List<RegistryService> services = model.services();
        for (int c = 0; c < services.size(); c++)
        {
            final RegistryService cidr = services.get(c);
            if (cidr.addresses().isEmpty() || !cidr.addresses().get(0).matches("10\\.[0-9.]+/(16|24)"))
            {
                continue;
            }
            for (final RegistryService http : services)
            {
                for (final RegistryService.ServicePort p : http.ports())
                {
                    if (http == cidr || !p.isHttp() || cidr.ports().stream().anyMatch(q -> q.number() == p.number()))
                    {
                        continue;
                    }
                    final List<RegistryService.ServicePort> ports = new ArrayList<>(cidr.ports());
                    ports.add(new RegistryService.ServicePort("tcp-beside", p.number(), p.number(), "TCP"));
                    final List<RegistryService> edited = new ArrayList<>(services);
                    edited.set(c, new RegistryService(cidr.host(), cidr.namespace(), cidr.addresses(),
                            List.copyOf(ports), cidr.endpoints(), cidr.source(), cidr.exportTo(), cidr.meshExternal(),
                            cidr.passthrough(), cidr.passthroughTargetPorts(), cidr.endpointListenersOnly(),
                            cidr.trafficDistribution()));
                    final RoutingModel variant = model.withServices(edited);
                    final String base = cidr.addresses().get(0);
                    final String dst = base.substring(0, base.indexOf('/') - 1) + "7:" + p.number();
                    final HttpRequest r = new HttpRequest(1, 0, "10.9.0.1", p.number(), "mesh", cidr.namespace(),
                            Map.of(), null, null, http.host() + ":" + p.number(), "/a", Map.of()).withDst(dst);
                    final RouteDecision expected = new ReferenceRouter(variant).route(r);
                    try (CompiledRouter compiled = CompiledRouter.compile(variant))
                    {
                        assertThat(compiled.route(r)).as(where + " with " + cidr.host() + " on " + p.number()
                                + ": " + r).isEqualTo(expected);
                    }
                    if (expected.path() == null && ("outbound|" + p.number() + "||" + cidr.host())
                            .equals(expected.cluster()))
                    {
                        coverage.merge(KEY, 1, Integer::sum);
                    }
                    return model; // one variant a model
                }
            }
        }
        return model;
    }
}
