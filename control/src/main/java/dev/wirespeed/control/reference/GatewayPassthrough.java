package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TLS passthrough on a gateway (docs/routing.md §5.1), as Istio builds a passthrough server's filter chains
 * ({@code buildGatewayNetworkFiltersFromTLSRoutes}) and Envoy picks one by the ClientHello's server name.
 */
public final class GatewayPassthrough
{
    private final RoutingModel model;

    GatewayPassthrough(final RoutingModel model)
    {
        this.model = model;
    }

    /**
     * @param model the model.
     * @param g     a gateway.
     * @param port  a port with a passthrough server.
     * @return the VirtualServices bound to the gateway with {@code tls} routes and a host a passthrough server on
     *         that port advertises (Istio's {@code pickMatchingGatewayHosts}), in load order.
     */
    static List<VirtualService> boundTo(final RoutingModel model, final GatewaySpec g, final int port)
    {
        final List<VirtualService> out = new ArrayList<>();
        for (final VirtualService vs : model.virtualServices())
        {
            if (takes(g, port, vs))
            {
                out.add(vs);
            }
        }
        return out;
    }

    /**
     * @param g    a gateway.
     * @param port a port.
     * @param vs   a VirtualService.
     * @return whether the passthrough servers of the gateway on the port build filter chains from its {@code tls}
     *         routes: it has some, is bound to the gateway, and one of its hosts overlaps a server's host whose
     *         namespace part allows the VirtualService's namespace.
     */
    public static boolean takes(final GatewaySpec g, final int port, final VirtualService vs)
    {
        return !vs.tls().isEmpty() && vs.gateways().contains(g.qualifiedName()) && advertised(g, port, vs);
    }

    private static boolean advertised(final GatewaySpec g, final int port, final VirtualService vs)
    {
        for (final GatewaySpec.Server s : g.mergedOn(port))
        {
            if (s.passthrough() && serves(g, s, vs))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Istio's {@code pickMatchingGatewayHosts}.
     *
     * @param g  a gateway.
     * @param s  one of its servers.
     * @param vs a VirtualService.
     * @return whether one of its hosts overlaps a host of the server whose namespace part ({@code ns/}, {@code ./},
     *         {@code * /}) allows the VirtualService's namespace.
     */
    public static boolean serves(final GatewaySpec g, final GatewaySpec.Server s, final VirtualService vs)
    {
        for (final String written : s.hosts())
        {
            final int slash = written.indexOf('/');
            final String ns = slash < 0 ? "*" : written.substring(0, slash);
            final String host = written.substring(slash + 1);
            if (!ns.equals("*") && !(ns.equals(".") ? g.namespace() : ns).equals(vs.namespace()))
            {
                continue;
            }
            for (final String h : vs.hosts())
            {
                if (overlap(host, h))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param server an AUTO_PASSTHROUGH server.
     * @param host   a service's host.
     * @return whether one of the server's hosts, its namespace part left out, covers the host (Istio's
     *         {@code SubsetOf} in {@code builtAutoPassthroughFilterChains}).
     */
    public static boolean autoPassthroughCovers(final GatewaySpec.Server server, final String host)
    {
        for (final String written : server.hosts())
        {
            if (covers(written.substring(written.indexOf('/') + 1), host))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param pattern a host as written ({@code *}, {@code *.suffix} or a name).
     * @param host    a host name.
     * @return whether the pattern covers the host (equal ignoring case, or the wildcard's suffix ends it).
     */
    public static boolean covers(final String pattern, final String host)
    {
        final String p = pattern.toLowerCase(java.util.Locale.ROOT);
        final String h = host.toLowerCase(java.util.Locale.ROOT);
        return p.equals("*") || p.equals(h) || p.startsWith("*.") && h.endsWith(p.substring(1));
    }

    /** Istio's {@code host.Name.Matches}: equal, or a wildcard ({@code *}, {@code *.suffix}) covering the other. */
    static boolean overlap(final String a, final String b)
    {
        final boolean aw = a.startsWith("*");
        final boolean bw = b.startsWith("*");
        if (aw && bw)
        {
            return a.length() < b.length() ? b.substring(1).endsWith(a.substring(1))
                    : a.substring(1).endsWith(b.substring(1));
        }
        if (aw)
        {
            return b.endsWith(a.substring(1));
        }
        if (bw)
        {
            return a.endsWith(b.substring(1));
        }
        return a.equals(b);
    }

    /**
     * One filter chain per {@code tls[].match[]} (VirtualServices in the client's order, §5) whose {@code port}
     * is the server's and whose {@code gateways} include this one; a match with a server name an earlier chain
     * lists builds none (Istio's duplicate check); Envoy's choice by server name among them
     * ({@link GatewayConnections#gatewayNameScore}: exact, else the longest {@code *.suffix}, else a chain
     * listing {@code *}, which has no server names).
     *
     * @return the chain that takes the server name best (the first on a tie), or {@code null}: none takes it.
     */
    GatewayConnections.Chain choose(final GatewaySpec g, final RequestFacts r, final DecisionBuilder d)
    {
        final List<VirtualService> vss = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++)
        {
            for (final VirtualService vs : boundTo(model, g, r.port()))
            {
                if (vs.visibleTo(r.sourceNamespace())
                        && ConnectionRoutes.connectionRank(vs, r.sourceNamespace()) == rank)
                {
                    vss.add(vs);
                }
            }
        }
        RouteSteps.connectionVirtualServices(d.trace, vss);
        final Set<String> names = new HashSet<>();
        GatewayConnections.Chain chosen = null;
        for (final VirtualService vs : vss)
        {
            for (final TlsRoute route : vs.tls())
            {
                for (final TlsRoute.TlsMatch m : route.matches())
                {
                    if (route.route().isEmpty() || m.port() != 0 && m.port() != r.port()
                            || !m.gateways().isEmpty() && !m.gateways().contains(r.gateway()))
                    {
                        continue;
                    }
                    if (m.sniHosts().stream().anyMatch(names::contains))
                    {
                        RouteSteps.step(d.trace, "virtual-service", "`" + vs.qualifiedName()
                                + "`: a match repeats a server name of an earlier chain; Istio skips it");
                        continue;
                    }
                    names.addAll(m.sniHosts());
                    final int score = GatewayConnections.gatewayNameScore(m.sniHosts(), r.sni());
                    if (score >= 0 && (chosen == null || score > chosen.score()))
                    {
                        chosen = new GatewayConnections.Chain(score, route.route(), vs);
                    }
                }
            }
        }
        return chosen;
    }
}
