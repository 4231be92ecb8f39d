package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway servers that proxy connections rather than HTTP requests (docs/routing.md §5.1 to §5.3), as Istio
 * builds their filter chains ({@code createGatewayTCPFilterChainOpts}) into one listener per port and Envoy picks
 * one: AUTO_PASSTHROUGH servers (a chain per cluster, named {@code outbound_.PORT_.SUBSET_.HOST}, for Istio's mTLS
 * ALPN values only), TLS passthrough servers ({@link GatewayPassthrough}) and TCP servers (plain, or terminating
 * TLS: the first {@code tcp} route that holds). Envoy's filter chain match takes the server name first — the most
 * specific among every chain of the port —, then the application protocols among the chains left.
 */
final class GatewayConnections
{
    /** Istio's {@code allIstioMtlsALPNs}: an AUTO_PASSTHROUGH chain's {@code application_protocols}. */
    static final List<String> ISTIO_MTLS_ALPNS = List.of("istio", "istio-peer-exchange", "istio-http/1.0",
            "istio-http/1.1", "istio-h2");
    private static final String AUTO_PREFIX = "outbound_.";

    private final RoutingModel model;
    private final ReferenceClusters clusters;
    private final GatewayPassthrough passthrough;

    /**
     * A filter chain Envoy may pick on a gateway port.
     *
     * @param score how well its server names take the connection's ({@link #gatewayNameScore}).
     * @param route its route's weighted destinations.
     * @param vs    the VirtualService it comes from.
     */
    record Chain(int score, List<RouteDestination> route, VirtualService vs)
    {
    }

    GatewayConnections(final RoutingModel model, final ReferenceClusters clusters)
    {
        this.model = model;
        this.clusters = clusters;
        this.passthrough = new GatewayPassthrough(model);
    }

    /**
     * @param r a request on a gateway (not {@code mesh}).
     * @param d the decision being built.
     * @return the decision when a server of the request's gateway on its port proxies it as a connection: a
     *         connection record ({@code sni} present) on a port with AUTO_PASSTHROUGH or PASSTHROUGH servers, any
     *         record on a port with TCP servers; else {@code null} (the ordinary path).
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
        final boolean passes = gateway.passthroughOn(r.port());
        final List<GatewaySpec.Server> tcp = gateway.tcpServersOn(r.port());
        final List<GatewaySpec.HttpChain> http = gateway.httpChainsOn(r.port());
        if (r.sni() == null && !http.isEmpty() || tcp.isEmpty() && (r.sni() == null || auto.isEmpty() && !passes))
        {
            return null; // an HTTP request on a port with an HTTP server is the HTTP routing's
        }
        d.tcp = true; // a connection: no route name, path or authority
        final Destination named = r.sni() == null ? null : autoPassthrough(auto, r);
        if (named != null && offersIstioAlpn(r))
        {
            RouteSteps.step(d.trace, "route", "the AUTO_PASSTHROUGH server's chain for server name `" + r.sni()
                    + "` and ALPN " + r.alpn() + " (no VirtualService; a DNS-SRV cluster: only the endpoints mTLS "
                    + "reaches)");
            d.dnsSrv = true;
            return clusters.clusterStage(named, r, null, d);
        }
        Chain best = passes ? passthrough.choose(gateway, r, d) : null;
        final Chain server = tcp.isEmpty() ? null : tcpServers(gateway, tcp, r, d);
        if (server != null && (best == null || server.score() > best.score()))
        {
            best = server;
        }
        final GatewaySpec.HttpChain httpChain = httpChain(http, r, best, named != null);
        if (httpChain != null)
        {
            return httpManager(httpChain, r, d);
        }
        if (named != null && (best == null || best.score() != Integer.MAX_VALUE))
        {
            RouteSteps.step(d.trace, "route", "the server name names an AUTO_PASSTHROUGH chain, whose ALPN condition "
                    + "(Istio's mTLS values) " + r.alpn() + " does not meet, and no other chain lists it: NR");
            return d.noRoute();
        }
        if (best == null)
        {
            RouteSteps.step(d.trace, "route", "no filter chain of the port takes the connection's server name: NR");
            return d.noRoute();
        }
        d.vs = best.vs().qualifiedName();
        return clusters.clusterStage(ReferenceRouter.pickDestination(best.route(), r.id()).destination(), r, null,
                d);
    }

    /**
     * The HTTP chain Envoy picks over the connection chains: its server names take the record's strictly better than
     * theirs (the HTTP chains come after them in Istio's listener; equal names are a listener Envoy rejects).
     *
     * @param exactOnly an AUTO_PASSTHROUGH chain lists the SNI but its ALPN condition does not hold: only a chain
     *                  listing the name exactly may take the connection.
     * @return that chain, or {@code null}.
     */
    private static GatewaySpec.HttpChain httpChain(final List<GatewaySpec.HttpChain> http, final RequestFacts r,
            final Chain best, final boolean exactOnly)
    {
        GatewaySpec.HttpChain chosen = null;
        int score = best == null ? -1 : best.score();
        for (final GatewaySpec.HttpChain c : http)
        {
            final int s = gatewayNameScore(c.serverNames(), r.sni());
            if (s > score && (!exactOnly || s == Integer.MAX_VALUE))
            {
                chosen = c;
                score = s;
            }
        }
        return chosen;
    }

    /**
     * An HTTP connection manager's chain takes the connection: an HTTPS server's terminates TLS, and the port's
     * ordinary path decides ({@code null}), as on a port with HTTPS servers only; the plain-text chain meets a TLS
     * handshake (or bytes that are no HTTP request) with Envoy's HTTP codec, which answers {@code 400} with flag
     * {@code DPE} and closes the connection.
     */
    private static RouteDecision httpManager(final GatewaySpec.HttpChain chain, final RequestFacts r,
            final DecisionBuilder d)
    {
        if (!chain.plainText())
        {
            RouteSteps.step(d.trace, "route", "an HTTP server's chain of the port takes the record"
                    + " (server names " + chain.serverNames() + "): the port's ordinary path");
            d.tcp = false;
            return null;
        }
        RouteSteps.step(d.trace, "route", "the plain-text HTTP server's chain takes the connection: Envoy's HTTP "
                + "codec cannot read it (400, DPE)");
        return d.drop(400, "DPE", "downstream-protocol-error");
    }

    /** Whether the connection offers one of Istio's mTLS ALPN values (a record that does not say: a sidecar's). */
    static boolean offersIstioAlpn(final RequestFacts r)
    {
        for (final String a : r.alpn())
        {
            if (ISTIO_MTLS_ALPNS.contains(a))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Envoy's server name match on a gateway chain: names containing {@code *} (Istio then writes no
     * {@code server_names}) or none take any connection, with or without server name.
     *
     * @param names the chain's server names as Istio lists them.
     * @param sni   the connection's server name, or {@code null}.
     * @return {@link Integer#MAX_VALUE} for an exact name, the length of the longest {@code *.suffix} covering it,
     *         0 for a chain without names, -1 when the chain does not take it.
     */
    static int gatewayNameScore(final List<String> names, final String sni)
    {
        if (names.isEmpty() || names.contains("*"))
        {
            return 0;
        }
        return ConnectionRoutes.serverNameScore(names, sni);
    }

    /**
     * Reads the server name as {@code outbound_.PORT_.SUBSET_.HOST} ({@code SUBSET} empty for the service's own
     * cluster) and checks that an AUTO_PASSTHROUGH server builds that chain: the service exists inside the mesh
     * (not {@code MESH_EXTERNAL}), the client sees it, one of the server's hosts covers it, it has the port (not a
     * UDP one), and the subset is one its DestinationRule (the client's) defines.
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
            if (!service.host().equals(host) || !service.visibleTo(r.sourceNamespace()) || service.meshExternal())
            {
                continue; // Istio builds no AUTO_PASSTHROUGH chain for a MESH_EXTERNAL service
            }
            for (final RegistryService.ServicePort p : service.ports())
            {
                if (String.valueOf(p.number()).equals(port) && !"UDP".equals(p.protocol())
                        && (subset.isEmpty() || defines(service, subset, r)))
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
     * the server's and whose {@code gateways} include this one); a server without one builds no chain.
     *
     * @return the chain whose server names take the connection's best (the first server on a tie), or {@code null}.
     */
    private Chain tcpServers(final GatewaySpec g, final List<GatewaySpec.Server> servers, final RequestFacts r,
            final DecisionBuilder d)
    {
        final List<VirtualService> ordered = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++)
        {
            for (final VirtualService vs : model.virtualServices())
            {
                if ((!vs.tcp().isEmpty() || vs.fromTlsRoute() && !vs.tls().isEmpty())
                        && vs.gateways().contains(g.qualifiedName())
                        && vs.visibleTo(r.sourceNamespace())
                        && ConnectionRoutes.connectionRank(vs, r.sourceNamespace()) == rank)
                {
                    ordered.add(vs);
                }
            }
        }
        RouteSteps.connectionVirtualServices(d.trace, ordered);
        Chain chosen = null;
        for (final GatewaySpec.Server s : servers)
        {
            final int score = gatewayNameScore(s.serverNames(), r.sni());
            if (score < 0 || chosen != null && score <= chosen.score())
            {
                continue;
            }
            for (final VirtualService vs : ordered)
            {
                final List<RouteDestination> route = GatewayPassthrough.serves(g, s, vs) ? firstHolding(vs, r)
                        : null;
                if (route != null)
                {
                    chosen = new Chain(score, route, vs);
                    break;
                }
            }
        }
        return chosen;
    }

    /**
     * Istio's {@code l4MultiMatch} on a gateway: the first {@code tcp} route with no match, or a match whose port and
     * gateways hold; for a VirtualService made from a TLSRoute, then the first {@code tls} route with such a match
     * (Istio's fallback for a TLSRoute on a listener that terminates TLS: its server names play no part).
     *
     * @return that route's destinations, or {@code null}.
     */
    private static List<RouteDestination> firstHolding(final VirtualService vs, final RequestFacts r)
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
                return route.route();
            }
        }
        for (final TlsRoute route : vs.fromTlsRoute() ? vs.tls() : List.<TlsRoute>of())
        {
            for (final TlsRoute.TlsMatch m : route.matches())
            {
                if ((m.port() == 0 || m.port() == r.port()) && !route.route().isEmpty()
                        && (m.gateways().isEmpty() || m.gateways().contains(r.gateway())))
                {
                    return route.route();
                }
            }
        }
        return null;
    }
}
