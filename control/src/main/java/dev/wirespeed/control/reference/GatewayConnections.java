package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway servers that proxy connections rather than HTTP requests (docs/routing.md §5.1 to §5.3), as Istio
 * builds their filter chains ({@code createGatewayTCPFilterChainOpts}) and Envoy picks one: AUTO_PASSTHROUGH
 * servers (the cluster a server name {@code outbound_.PORT_.SUBSET_.HOST} names), TLS passthrough servers
 * ({@link GatewayPassthrough}) and TCP servers (plain, or terminating TLS: the first {@code tcp} route that holds).
 */
final class GatewayConnections
{
    private static final String AUTO_PREFIX = "outbound_.";

    private final RoutingModel model;
    private final ReferenceClusters clusters;
    private final GatewayPassthrough passthrough;

    GatewayConnections(final RoutingModel model, final ReferenceClusters clusters)
    {
        this.model = model;
        this.clusters = clusters;
        this.passthrough = new GatewayPassthrough(model, clusters);
    }

    /**
     * @param r a request on a gateway (not {@code mesh}).
     * @param d the decision being built.
     * @return the decision when a server of the request's gateway on its port proxies it as a connection: a
     *         connection record ({@code sni} present) on an AUTO_PASSTHROUGH or PASSTHROUGH server, any record on
     *         a TCP server; else {@code null} (the ordinary path).
     */
    RouteDecision route(final RequestFacts r, final DecisionBuilder d)
    {
        GatewaySpec gateway = null;
        for (final GatewaySpec g : model.gateways())
        {
            if (g.qualifiedName().equals(r.gateway()))
            {
                gateway = g;
            }
        }
        if (gateway == null)
        {
            return null;
        }
        final List<GatewaySpec.Server> auto = gateway.autoPassthroughOn(r.port());
        if (r.sni() != null && (!auto.isEmpty() || gateway.passthroughOn(r.port())))
        {
            d.tcp = true; // a connection: no route name, path or authority
            final Destination named = autoPassthrough(auto, r);
            if (named != null)
            {
                RouteSteps.step(d.trace, "route", "the AUTO_PASSTHROUGH server's chain for server name `" + r.sni()
                        + "` (no VirtualService)");
                return clusters.clusterStage(named, r, null, d);
            }
            if (!gateway.passthroughOn(r.port()))
            {
                RouteSteps.step(d.trace, "route", "no AUTO_PASSTHROUGH chain is named by the server name: NR");
                return d.noRoute();
            }
            return passthrough.route(gateway, r, d);
        }
        final List<GatewaySpec.Server> tcp = gateway.tcpServersOn(r.port());
        return tcp.isEmpty() ? null : tcpServers(gateway, tcp, r, d);
    }

    /**
     * Reads the server name as {@code outbound_.PORT_.SUBSET_.HOST} ({@code SUBSET} empty for the service's own
     * cluster) and checks that an AUTO_PASSTHROUGH server builds that chain: the service exists, the client sees
     * it, one of the server's hosts covers it, it has the port, and the subset is one its DestinationRule (the
     * client's) defines.
     */
    private Destination autoPassthrough(final List<GatewaySpec.Server> servers, final RequestFacts r)
    {
        final String sni = r.sni();
        if (servers.isEmpty() || !sni.startsWith(AUTO_PREFIX))
        {
            return null;
        }
        final int portEnd = sni.indexOf("_.", AUTO_PREFIX.length());
        final int subsetEnd = portEnd < 0 ? -1 : sni.indexOf("_.", portEnd + 2);
        if (subsetEnd < 0)
        {
            return null;
        }
        final String port = sni.substring(AUTO_PREFIX.length(), portEnd);
        final String subset = sni.substring(portEnd + 2, subsetEnd);
        final String host = sni.substring(subsetEnd + 2);
        if (!coveredBy(servers, host))
        {
            return null;
        }
        for (final RegistryService service : model.services())
        {
            if (!service.host().equals(host) || !service.visibleTo(r.sourceNamespace()))
            {
                continue;
            }
            for (final RegistryService.ServicePort p : service.ports())
            {
                if (String.valueOf(p.number()).equals(port) && (subset.isEmpty() || defines(service, subset, r)))
                {
                    return new Destination(host, subset.isEmpty() ? null : subset, p.number());
                }
            }
        }
        return null;
    }

    private static boolean coveredBy(final List<GatewaySpec.Server> servers, final String host)
    {
        for (final GatewaySpec.Server s : servers)
        {
            for (final String written : s.hosts())
            {
                final String h = written.substring(written.indexOf('/') + 1);
                if (h.equals("*") || h.equalsIgnoreCase(host)
                        || h.startsWith("*.") && host.endsWith(h.substring(1).toLowerCase(java.util.Locale.ROOT)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean defines(final RegistryService service, final String subset, final RequestFacts r)
    {
        final DestinationRule rule = clusters.applicableRule(service, r.sourceNamespace(), r.sourceLabels());
        if (rule != null)
        {
            for (final DestinationRule.Subset s : rule.subsets())
            {
                if (s.name().equals(subset))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * TCP servers: each builds one chain from the first VirtualService (client's order) bound to the gateway whose
     * hosts it serves and that has a {@code tcp} route whose match holds (no match, or one whose {@code port} is
     * the server's and whose {@code gateways} include this one); a server without one builds no chain. Envoy takes
     * the chain listing the server name exactly, else the longest {@code *.suffix}, else one without names.
     */
    private RouteDecision tcpServers(final GatewaySpec g, final List<GatewaySpec.Server> servers,
            final RequestFacts r, final DecisionBuilder d)
    {
        d.tcp = true;
        final List<VirtualService> ordered = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++)
        {
            for (final VirtualService vs : model.virtualServices())
            {
                if (!vs.tcp().isEmpty() && vs.gateways().contains(g.qualifiedName())
                        && vs.visibleTo(r.sourceNamespace())
                        && ConnectionRoutes.connectionRank(vs, r.sourceNamespace()) == rank)
                {
                    ordered.add(vs);
                }
            }
        }
        RouteSteps.connectionVirtualServices(d.trace, ordered);
        int best = -1;
        TcpRoute chosen = null;
        VirtualService chosenVs = null;
        for (final GatewaySpec.Server s : servers)
        {
            final int score = s.serverNames().isEmpty() ? 0
                    : ConnectionRoutes.serverNameScore(s.serverNames(), r.sni());
            if (score <= best)
            {
                continue;
            }
            for (final VirtualService vs : ordered)
            {
                final TcpRoute route = GatewayPassthrough.serves(g, s, vs) ? firstHolding(vs, r) : null;
                if (route != null)
                {
                    best = score;
                    chosen = route;
                    chosenVs = vs;
                    break;
                }
            }
        }
        if (chosen == null)
        {
            RouteSteps.step(d.trace, "route", "no TCP server on the port has a filter chain for the connection: NR");
            return d.noRoute();
        }
        d.vs = chosenVs.qualifiedName();
        return clusters.clusterStage(ReferenceRouter.pickDestination(chosen.route(), r.id()).destination(), r, null,
                d);
    }

    /** Istio's {@code l4MultiMatch} on a gateway: no match, or a match whose port and gateways hold. */
    private static TcpRoute firstHolding(final VirtualService vs, final RequestFacts r)
    {
        for (final TcpRoute route : vs.tcp())
        {
            boolean holds = route.matches().isEmpty();
            for (final TcpRoute.L4Match m : route.matches())
            {
                holds |= (m.port() == 0 || m.port() == r.port())
                        && (m.gateways().isEmpty() || m.gateways().contains(r.gateway()));
            }
            if (holds && !route.route().isEmpty())
            {
                return route;
            }
        }
        return null;
    }
}
