package dev.wirespeed.control.config;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TCPRoutes and TLSRoutes as Istio translates them ({@code TCPRouteCollection}, {@code TLSRouteCollection};
 * docs/routing.md §6): on a Gateway's listeners (its own, or a ListenerSet's), and on a Service or ServiceEntry
 * (the mesh). Each becomes VirtualServices named {@code <route>~tcp~N} / {@code <route>~tls~N} in the route's
 * namespace with {@code tcp} or {@code tls} routes, one per rule; the connection stages of docs/routing.md §5 route
 * them.
 */
final class GatewayApiConnections
{
    private final Diagnostics diags;
    private final GatewayApiTranslator translator;

    GatewayApiConnections(final Diagnostics diags, final GatewayApiTranslator translator)
    {
        this.diags = diags;
        this.translator = translator;
    }

    /**
     * Attaches a TCPRoute or TLSRoute to its parents: per attached Gateway listener a VirtualService bound to the
     * Gateway, every match on the listener's port (Istio binds it to the listener itself), host {@code *} for a
     * TCPRoute, one per hostname (its {@code hostnames} intersected with the listener's) for a TLSRoute, whose
     * {@code tls} routes list those hostnames as server names; per mesh parent host, {@link #attachMesh}.
     */
    void attach(final GatewayApi.Route route, final GatewayApiListeners listeners, final List<VirtualService> out)
    {
        final boolean tls = route.kind().equals("TLSRoute");
        final List<List<RouteDestination>> ruleDestinations = new ArrayList<>();
        for (final GatewayApi.Rule rule : route.rules())
        {
            final List<RouteDestination> dests = translator.destinations(route, rule);
            // no valid backend (or only weight 0): Istio routes the rule to a cluster that does not exist
            ruleDestinations.add(!dests.isEmpty() ? dests : List.of(new RouteDestination(
                    new Destination(GatewayApiTranslator.INVALID_BACKEND_HOST, null, 0), 1)));
        }
        for (final GatewayApi.ParentRef parent : route.parents())
        {
            if (parent.kind().equals("Service") || parent.kind().equals("ServiceEntry"))
            {
                for (final String host : translator.meshHosts(route, parent))
                {
                    attachMesh(route, parent, host, ruleDestinations, out);
                }
                continue;
            }
            final boolean listenerParent = parent.kind().equals("Gateway") || parent.kind().equals("ListenerSet")
                    || parent.kind().equals(GatewayApiBinder.X_LISTENER_SET);
            if (!listenerParent)
            {
                diags.warning(parent.where(), "the " + route.kind() + " is not attached to " + parent.kind() + " "
                        + parent.ns() + "/" + parent.name() + " (only a Gateway, a ListenerSet, a Service or a "
                        + "ServiceEntry is a parent of one here)");
                continue;
            }
            final GatewayApiListeners.Parent resolved = listeners.parent(route, parent);
            if (resolved == null)
            {
                continue;
            }
            final GatewayApi.Gateway gw = resolved.gateway();
            boolean attached = false;
            for (final GatewayApiListeners.Placed placed : resolved.listeners())
            {
                final GatewayApi.Listener l = placed.listener();
                if (parent.sectionName() != null && !parent.sectionName().equals(l.name())
                        || parent.port() != 0 && parent.port() != l.port() || !translator.allows(l, placed.ownerNs(),
                        route))
                {
                    continue;
                }
                final List<String> hosts = tls ? GatewayApiTranslator.intersect(l.hostname(), route.hostnames())
                        : List.of("*");
                for (final String h : hosts)
                {
                    final List<TcpRoute> tcp = new ArrayList<>();
                    final List<TlsRoute> tlsRoutes = new ArrayList<>();
                    for (final List<RouteDestination> dests : ruleDestinations)
                    {
                        if (tls)
                        {
                            tlsRoutes.add(new TlsRoute(List.of(new TlsRoute.TlsMatch(hosts, List.of(), l.port(),
                                    Map.of(), null, List.of())), dests, route.src()));
                        }
                        else
                        {
                            tcp.add(new TcpRoute(List.of(new TcpRoute.L4Match(List.of(), l.port(), Map.of(), null,
                                    List.of())), dests, route.src()));
                        }
                    }
                    out.add(new VirtualService(route.ns(), route.name() + "~" + (tls ? "tls" : "tcp") + "~"
                            + out.size(), List.of(h), List.of(gw.qualifiedName()), List.of("*"), List.of(),
                            List.copyOf(tcp), List.copyOf(tlsRoutes), route.src()));
                    attached = true;
                }
            }
            if (!attached)
            {
                diags.warning(parent.where(), "no listener of " + resolved.what() + " takes the "
                        + route.kind() + " (NoMatchingParent, NotAllowedByListeners or NoMatchingListenerHostname)");
            }
        }
    }

    /**
     * A mesh parent (GAMMA): a VirtualService for the host bound to {@code mesh}, exported as the HTTP mesh routes
     * are (a producer route, in the parent's namespace, to every namespace; a consumer route to its own). A TCPRoute
     * rule is a {@code tcp} route, matching the parentRef's {@code port} when given (Istio's
     * {@code augmentTCPPortMatch}), else any. A TLSRoute rule is a {@code tls} route whose server names are the
     * route's {@code hostnames} — the host itself when it has none (Istio's {@code augmentTLSPortMatch}), those
     * overlapping the host when it has several ({@code compatibleRoutesForHost}) — on the parentRef's port.
     */
    private void attachMesh(final GatewayApi.Route route, final GatewayApi.ParentRef parent, final String host,
            final List<List<RouteDestination>> ruleDestinations, final List<VirtualService> out)
    {
        final boolean tls = route.kind().equals("TLSRoute");
        final boolean producer = route.ns().equals(parent.ns());
        final List<TcpRoute> tcp = new ArrayList<>();
        final List<TlsRoute> tlsRoutes = new ArrayList<>();
        List<String> names = route.hostnames().isEmpty() ? List.of(host) : route.hostnames();
        if (names.size() > 1)
        {
            final List<String> compatible = new ArrayList<>();
            for (final String n : names)
            {
                if (GatewayApiTranslator.overlaps(host, n))
                {
                    compatible.add(n);
                }
            }
            names = List.copyOf(compatible);
        }
        for (final List<RouteDestination> dests : ruleDestinations)
        {
            if (tls)
            {
                tlsRoutes.add(new TlsRoute(List.of(new TlsRoute.TlsMatch(names, List.of(), parent.port(), Map.of(),
                        null, List.of())), dests, route.src()));
            }
            else
            {
                tcp.add(new TcpRoute(parent.port() == 0 ? List.of() : List.of(new TcpRoute.L4Match(List.of(),
                        parent.port(), Map.of(), null, List.of())), dests, route.src()));
            }
        }
        out.add(new VirtualService(route.ns(), route.name() + "~" + (tls ? "tls" : "tcp") + "~" + out.size(),
                List.of(host), List.of(Names.MESH), producer ? List.of("*") : List.of(route.ns()), List.of(),
                List.copyOf(tcp), List.copyOf(tlsRoutes), route.src()));
    }
}
