package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * One {@code TLSRoute} of a VirtualService: match blocks on the TLS ClientHello's server name (SNI) and L4
 * attributes, and weighted destinations (docs/routing.md §5).
 *
 * @param matches blocks in order (at least one).
 * @param route   weighted destinations.
 * @param source  where {@code spec.tls[i]} was written.
 */
public record TlsRoute(List<TlsMatch> matches, List<RouteDestination> route, SourceRef source)
{
    /**
     * {@code TLSMatchAttributes}.
     *
     * @param sniHosts           server names, lower-case, as written ({@code *.example.com} wildcards kept).
     * @param destinationSubnets CIDRs the destination address must fall in (any of); empty = any.
     * @param port               destination port; 0 = any.
     * @param sourceLabels       labels the source workload must carry.
     * @param sourceNamespace    source namespace; {@code null} = any.
     * @param gateways           normalised gateway names; empty = the VirtualService's.
     */
    public record TlsMatch(
            List<String> sniHosts,
            List<String> destinationSubnets,
            int port,
            Map<String, String> sourceLabels,
            String sourceNamespace,
            List<String> gateways)
    {
    }
}
