package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter's TCP and TLS paths (docs/routing.md §5): a connection to a non-HTTP port of a
 * service goes through the VirtualService's {@code tls} routes (TLS and HTTPS ports: filter chains selected by
 * destination address, then server name, as Envoy selects them) or its {@code tcp} routes (other ports).
 */
final class ConnectionRoutes
{
    private final ReferenceRouter router;
    private final ReferenceClusters clusters;

    ConnectionRoutes(final ReferenceRouter router, final ReferenceClusters clusters)
    {
        this.router = router;
        this.clusters = clusters;
    }

    /**
     * Istio's TCP filter chains from the VirtualServices {@code vss} in order (docs/routing.md §5): a route without
     * match, or a match whose conditions hold and that has no subnets, is the catch-all chain and ends the list; a
     * holding match with subnets makes a subnet chain. Envoy takes the most specific subnet holding the address,
     * else the catch-all, else the service's default chain.
     */
    RouteDecision tcp(final List<VirtualService> vss, final RegistryService service, final RequestFacts r,
            final DecisionBuilder d)
    {
        TcpRoute catchAll = null;
        VirtualService catchAllVs = null;
        TcpRoute chosen = null;
        VirtualService chosenVs = null;
        int bestSubnet = -1;
        routes:
        for (final VirtualService vs : vss)
        {
            for (final TcpRoute route : vs.tcp())
            {
                if (route.route().isEmpty())
                {
                    continue;
                }
                final List<TcpRoute.L4Match> blocks = route.matches().isEmpty()
                        ? List.of(new TcpRoute.L4Match(List.of(), 0, Map.of(), null, List.of()))
                        : route.matches();
                for (final TcpRoute.L4Match m : blocks)
                {
                    if (!proxyHolds(m.port(), m.sourceNamespace(), m.sourceLabels(), m.gateways(), r))
                    {
                        continue;
                    }
                    if (m.destinationSubnets().isEmpty())
                    {
                        catchAll = route;
                        catchAllVs = vs;
                        break routes;
                    }
                    final int length = subnetLength(m.destinationSubnets(), service);
                    if (length > bestSubnet)
                    {
                        bestSubnet = length;
                        chosen = route;
                        chosenVs = vs;
                    }
                }
            }
        }
        final TcpRoute route = chosen != null ? chosen : catchAll;
        if (route == null)
        {
            return router.defaultRoute(service, r, d);
        }
        d.vs = (chosen != null ? chosenVs : catchAllVs).qualifiedName();
        return clusters.clusterStage(ReferenceRouter.pickDestination(route.route(), r.id()).destination(), r, null,
                d);
    }

    /**
     * Istio builds one filter chain per TLS match of the VirtualServices {@code vss} (in order) whose port, source
     * and gateway conditions hold for the client (a later match with the same server names and subnets adds none);
     * without any, the service's default chain. Envoy then takes the chains with the most specific destination
     * subnet holding the destination address (chains without subnets last), among those the exact server name,
     * else the longest {@code *.suffix}, first in order on a tie; no chain: the listener's passthrough chain.
     */
    RouteDecision tls(final List<VirtualService> vss, final RegistryService service, final RequestFacts r,
            final DecisionBuilder d)
    {
        final List<TlsRoute> chainRoutes = new ArrayList<>();
        final List<VirtualService> chainVs = new ArrayList<>();
        final List<TlsRoute.TlsMatch> chains = new ArrayList<>();
        final List<List<String>> chainSubnets = new ArrayList<>();
        final java.util.Set<String> handled = new java.util.HashSet<>();
        List<String> carried = List.of();
        for (final VirtualService vs : vss)
        {
            for (final TlsRoute route : vs.tls())
            {
                for (final TlsRoute.TlsMatch m : route.matches())
                {
                    if (route.route().isEmpty()
                            || !proxyHolds(m.port(), m.sourceNamespace(), m.sourceLabels(), m.gateways(), r))
                    {
                        continue;
                    }
                    // Istio overwrites the chain subnets with a match's and keeps them for the matches after it
                    carried = m.destinationSubnets().isEmpty() ? carried : m.destinationSubnets();
                    if (handled.add(String.join(",", m.sniHosts()) + "|" + String.join(",", m.destinationSubnets())))
                    {
                        chainRoutes.add(route);
                        chainVs.add(vs);
                        chains.add(m);
                        chainSubnets.add(carried);
                    }
                }
            }
        }
        if (chains.isEmpty())
        {
            return router.defaultRoute(service, r, d);
        }
        int bestSubnet = -2;
        for (final List<String> subnets : chainSubnets)
        {
            bestSubnet = Math.max(bestSubnet, subnetLength(subnets, service));
        }
        int chosen = -1;
        int bestName = -1;
        for (int c = 0; c < chains.size(); c++)
        {
            final TlsRoute.TlsMatch m = chains.get(c);
            final int name = bestSubnet == -2 ? -1 : serverNameScore(m.sniHosts(), r.sni());
            if (subnetLength(chainSubnets.get(c), service) == bestSubnet && name > bestName)
            {
                bestName = name;
                chosen = c;
            }
        }
        if (chosen < 0)
        {
            return router.defaultRoute(null, r, d); // no filter chain: the listener's passthrough chain
        }
        d.vs = chainVs.get(chosen).qualifiedName();
        return clusters.clusterStage(ReferenceRouter.pickDestination(chainRoutes.get(chosen).route(), r.id())
                .destination(), r, null, d);
    }

    /**
     * The VirtualServices a connection's filter chains come from: every candidate (any host covering the
     * service's), in Istio's order for the client's namespace ({@code VirtualServicesForGateway}): those of its
     * own namespace not exported everywhere, then those exported to it by name, then those exported to every
     * namespace; load order within each.
     */
    static List<VirtualService> order(final RoutingModel model,
            final List<List<VirtualService>> groups, final RequestFacts r)
    {
        final java.util.Set<VirtualService> any = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        for (final List<VirtualService> g : groups)
        {
            any.addAll(g);
        }
        final List<VirtualService> out = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++)
        {
            for (final VirtualService vs : model.virtualServices())
            {
                if (any.contains(vs) && connectionRank(vs, r.sourceNamespace()) == rank)
                {
                    out.add(vs);
                }
            }
        }
        return out;
    }

    /** 0: private to the client's namespace; 1: exported to it by name; 2: exported to every namespace. */
    static int connectionRank(final VirtualService vs, final String sourceNamespace)
    {
        if (vs.exportTo().contains("*"))
        {
            return 2;
        }
        return vs.namespace().equals(sourceNamespace) ? 0 : 1;
    }

    /** Port, source namespace, source labels and match-level gateways (Istio's {@code matchTLS}/{@code matchTCP}). */
    static boolean proxyHolds(final int port, final String sourceNamespace, final Map<String, String> sourceLabels,
            final List<String> gateways, final RequestFacts r)
    {
        if (port != 0 && port != r.port())
        {
            return false;
        }
        if (sourceNamespace != null && !sourceNamespace.equals(r.sourceNamespace()))
        {
            return false;
        }
        for (final Map.Entry<String, String> e : sourceLabels.entrySet())
        {
            if (!e.getValue().equals(r.sourceLabels().get(e.getKey())))
            {
                return false;
            }
        }
        return gateways.isEmpty() || gateways.contains(r.gateway());
    }

    /**
     * @return -1 for no subnet condition; the longest prefix among the subnets holding the service's first address;
     *         -2 when none holds it (or the service has no address literal).
     */
    static int subnetLength(final List<String> subnets, final RegistryService service)
    {
        if (subnets.isEmpty())
        {
            return -1;
        }
        final byte[] address = service.addresses().isEmpty() ? null : IpLiterals.parse(service.addresses().get(0));
        int best = -2;
        for (final String cidr : subnets)
        {
            final Object[] c = IpLiterals.parseCidr(cidr);
            if (address != null && c != null && IpLiterals.inCidr(address, cidr))
            {
                best = Math.max(best, (Integer)c[1]);
            }
        }
        return best;
    }

    /**
     * @return how well a chain's server names take the SNI: {@link Integer#MAX_VALUE} for an exact name, the length
     *         of the longest {@code *.suffix} covering it, 0 for {@code *}, -1 for none (or no SNI).
     */
    static int serverNameScore(final List<String> sniHosts, final String sni)
    {
        if (sni == null || sni.isEmpty())
        {
            return -1;
        }
        int best = -1;
        for (final String h : sniHosts)
        {
            if (h.equals(sni))
            {
                return Integer.MAX_VALUE;
            }
            if (h.startsWith("*.") && sni.endsWith(h.substring(1)) && sni.length() > h.length() - 1)
            {
                best = Math.max(best, h.length());
            }
            else if (h.equals("*"))
            {
                best = Math.max(best, 0);
            }
        }
        return best;
    }
}
