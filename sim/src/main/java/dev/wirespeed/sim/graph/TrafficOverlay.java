package dev.wirespeed.sim.graph;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.sim.graph.MeshGraph.Column;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Lays a request trace over the mesh graph: each request's decision (made by the engine, the same code
 * {@code replay} runs) is walked back onto the graph and counted on every node and edge it passed.
 * Requests no route takes ({@code 404 NR}) end at an "unrouted" node, reached from a node for their
 * authority, so unrouted traffic shows up beside the routed.
 */
public final class TrafficOverlay
{
    private final MeshGraphBuilder builder;
    private final MeshGraph graph;
    private final Map<String, VirtualService> virtualServices = new HashMap<>();

    /**
     * @param model the model the graph is built from (and the engine compiled from).
     */
    public TrafficOverlay(final RoutingModel model)
    {
        this.builder = MeshGraphBuilder.built(model);
        this.graph = builder.graph();
        for (final VirtualService vs : model.virtualServices())
        {
            virtualServices.put(vs.qualifiedName(), vs);
        }
    }

    /** @return the graph, with the traffic added so far. */
    public MeshGraph graph()
    {
        return graph;
    }

    /**
     * Counts one request.
     *
     * @param request  the request.
     * @param decision what the engine decided for it.
     */
    public void add(final HttpRequest request, final RouteDecision decision)
    {
        graph.countRequest();
        final int gateway = graph.node(Column.GATEWAY, gatewayOf(request), gatewayOf(request),
                "gateway " + gatewayOf(request), "normal");
        final String authority = request.authority() == null ? "" : request.authority().toLowerCase(Locale.ROOT);
        final VirtualService vs = decision.vs() == null ? null : virtualServices.get(decision.vs());
        if (vs == null && decision.host() == null && decision.cluster() != null)
        {
            passthrough(gateway, authority, decision);
            return;
        }
        if (vs == null && decision.host() == null)
        {
            final int host = graph.node(Column.HOST, "authority " + authority, authority.isEmpty()
                    ? "(no authority)" : authority, "requests for " + authority + " that no route takes", "unrouted");
            final String why = decision.status() > 0 ? decision.status() + " " + nullToEmpty(decision.flags())
                    : nullToEmpty(decision.reason());
            final int unrouted = graph.node(Column.ROUTE, "unrouted#" + why, "unrouted: " + why.trim(),
                    "requests no route takes: " + why.trim(), "unrouted");
            graph.count(gateway, host, unrouted);
            return;
        }
        final int[] path = new int[6];
        int n = 0;
        path[n++] = gateway;
        if (vs == null)
        {
            path[n++] = graph.node(Column.HOST, decision.host(), decision.host(), "host " + decision.host(), "normal");
            path[n++] = builder.defaultRoute(decision.host());
        }
        else
        {
            final String host = hostOf(vs, authority);
            path[n++] = graph.node(Column.HOST, host, host, "host " + host, "normal");
            path[n++] = graph.find(Column.VIRTUAL_SERVICE, vs.qualifiedName());
            path[n++] = routeOf(vs, decision);
        }
        if (decision.cluster() != null)
        {
            path[n++] = builder.cluster(decision.host(), decision.subset(), decision.port());
            if (decision.endpoint() != null)
            {
                final int endpoint = graph.find(Column.ENDPOINT, decision.endpoint());
                path[n++] = endpoint >= 0 ? endpoint : graph.node(Column.ENDPOINT, decision.endpoint(),
                        decision.endpoint(), decision.endpoint(), "normal");
            }
        }
        graph.count(Arrays.copyOf(path, n));
    }

    /** A sidecar's catch-all sent the request to its original destination (PassthroughCluster). */
    private void passthrough(final int gateway, final String authority, final RouteDecision decision)
    {
        final String label = authority.isEmpty() ? "(no authority)" : authority;
        final int host = graph.node(Column.HOST, "authority " + authority, label,
                "requests for " + authority + " no service or VirtualService knows", "normal");
        final int route = graph.node(Column.ROUTE, "catch-all#" + decision.route(), decision.route(),
                "the sidecar's catch-all virtual host", "normal");
        final int cluster = graph.node(Column.CLUSTER, decision.cluster(), decision.cluster(),
                "the request's original destination", "normal");
        if (decision.endpoint() == null)
        {
            graph.count(gateway, host, route, cluster);
            return;
        }
        final int endpoint = graph.node(Column.ENDPOINT, decision.endpoint(), decision.endpoint(),
                decision.endpoint(), "normal");
        graph.count(gateway, host, route, cluster, endpoint);
    }

    private int routeOf(final VirtualService vs, final RouteDecision decision)
    {
        int firstUnnamed = -1;
        for (int i = 0; i < vs.http().size(); i++)
        {
            final HttpRoute r = vs.http().get(i);
            final boolean named = r.name() != null && !r.name().isEmpty();
            if (named && r.name().equals(decision.route()))
            {
                return graph.find(Column.ROUTE, MeshGraphBuilder.routeKey(vs, r, i));
            }
            if (!named && decision.route() == null)
            {
                if (firstUnnamed < 0)
                {
                    firstUnnamed = i;
                }
                for (final RouteDestination d : r.route())
                {
                    if (d.destination().host().equals(decision.host())
                            && Objects.equals(d.destination().subset(), decision.subset()))
                    {
                        return graph.find(Column.ROUTE, MeshGraphBuilder.routeKey(vs, r, i));
                    }
                }
            }
        }
        if (firstUnnamed >= 0)
        {
            return graph.find(Column.ROUTE, MeshGraphBuilder.routeKey(vs, vs.http().get(firstUnnamed), firstUnnamed));
        }
        final String label = decision.route() == null ? "tcp" : decision.route();
        return graph.node(Column.ROUTE, vs.qualifiedName() + "#" + label, label, label, "normal");
    }

    private static String hostOf(final VirtualService vs, final String authority)
    {
        final int colon = authority.lastIndexOf(':');
        final String name = colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
        for (final String h : vs.hosts())
        {
            if (h.equals(name) || h.startsWith(name + "."))
            {
                return h;
            }
        }
        for (final String h : vs.hosts())
        {
            if (h.equals("*") || h.startsWith("*.") && name.endsWith(h.substring(1)))
            {
                return h;
            }
        }
        return vs.hosts().get(0);
    }

    private static String gatewayOf(final HttpRequest request)
    {
        return request.gateway() == null || request.gateway().isEmpty() ? "mesh" : request.gateway();
    }

    private static String nullToEmpty(final String s)
    {
        return s == null ? "" : s;
    }
}
