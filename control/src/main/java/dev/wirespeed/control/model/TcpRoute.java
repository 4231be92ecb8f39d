package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * One {@code TCPRoute} of a VirtualService: L4 match blocks (OR-ed; empty = everything) and weighted
 * destinations.
 *
 * @param matches blocks in order.
 * @param route   weighted destinations.
 * @param source  where {@code spec.tcp[i]} was written.
 */
public record TcpRoute(List<L4Match> matches, List<RouteDestination> route, SourceRef source)
{
    /**
     * {@code L4MatchAttributes}.
     *
     * @param destinationSubnets CIDRs the destination address must fall in (any of); empty = any.
     * @param port               destination port; 0 = any.
     * @param sourceLabels       labels the source workload must carry.
     * @param sourceNamespace    source namespace; {@code null} = any.
     * @param gateways           normalised gateway names; empty = the VirtualService's.
     */
    public record L4Match(
            List<String> destinationSubnets,
            int port,
            Map<String, String> sourceLabels,
            String sourceNamespace,
            List<String> gateways)
    {
    }
}
