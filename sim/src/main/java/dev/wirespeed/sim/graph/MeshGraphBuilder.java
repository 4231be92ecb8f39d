package dev.wirespeed.sim.graph;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.sim.graph.MeshGraph.Column;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link MeshGraph} of a routing model, as {@code istioctl} and Kiali would draw it:
 * <ul>
 *   <li>a gateway node per gateway a VirtualService binds ({@code mesh} is the sidecars);</li>
 *   <li>host → VirtualService for every host of a VirtualService, and a host with no VirtualService
 *       for every registry service (Istio's default route goes straight to its clusters);</li>
 *   <li>a route node per {@code http[]} and {@code tcp[]} entry, named as in decisions (the route's
 *       {@code name}, else {@code http[i]});</li>
 *   <li>route → cluster ({@code outbound|PORT|SUBSET|HOST}) with the destination's weight, and cluster →
 *       endpoint for every registry endpoint the subset's labels select (unhealthy ones marked).</li>
 * </ul>
 * Redirects and direct responses end at their route node. A destination whose port the request decides
 * (no port, several service ports) gets an edge to the cluster of each service port.
 */
public final class MeshGraphBuilder
{
    private final RoutingModel model;
    private final MeshGraph graph = new MeshGraph();

    private MeshGraphBuilder(final RoutingModel model)
    {
        this.model = model;
    }

    /**
     * @param model the resolved model.
     * @return its graph, without traffic.
     */
    public static MeshGraph build(final RoutingModel model)
    {
        return new MeshGraphBuilder(model).run();
    }

    private MeshGraph run()
    {
        for (final GatewaySpec g : model.gateways())
        {
            gateway(g.qualifiedName());
        }
        final Set<String> routedHosts = new HashSet<>();
        for (final VirtualService vs : model.virtualServices())
        {
            final int vsNode = graph.node(Column.VIRTUAL_SERVICE, vs.qualifiedName(), vs.qualifiedName(),
                    "VirtualService " + vs.qualifiedName() + " (" + vs.source() + ")", "normal");
            for (final String host : vs.hosts())
            {
                routedHosts.add(host);
                final int hostNode = host(host);
                graph.edge(hostNode, vsNode, "");
                for (final String gw : vs.gateways())
                {
                    graph.edge(gateway(gw), hostNode, "");
                }
            }
            for (int i = 0; i < vs.http().size(); i++)
            {
                httpRoute(vs, i, vsNode);
            }
            for (int i = 0; i < vs.tcp().size(); i++)
            {
                final TcpRoute t = vs.tcp().get(i);
                final int routeNode = graph.node(Column.ROUTE, vs.qualifiedName() + "#tcp[" + i + "]", "tcp[" + i + "]",
                        "tcp[" + i + "] of " + vs.qualifiedName(), "normal");
                graph.edge(vsNode, routeNode, "");
                destinations(routeNode, t.route());
            }
        }
        for (final RegistryService s : model.services())
        {
            if (!routedHosts.contains(s.host()))
            {
                final int hostNode = host(s.host());
                graph.edge(gateway("mesh"), hostNode, "");
                final int routeNode = defaultRoute(s.host());
                graph.edge(hostNode, routeNode, "");
                destinations(routeNode, List.of(new RouteDestination(new Destination(s.host(), null, 0), 100)));
            }
        }
        return graph;
    }

    /**
     * @return the node of the default route of a host without a VirtualService.
     */
    int defaultRoute(final String host)
    {
        return graph.node(Column.ROUTE, "default#" + host, "default", "Istio's default route of " + host
                + " (no VirtualService)", "normal");
    }

    private void httpRoute(final VirtualService vs, final int index, final int vsNode)
    {
        final HttpRoute r = vs.http().get(index);
        final String label = routeLabel(r, index);
        final String what = r.redirect() != null ? " (redirect)" : r.directResponse() != null
                ? " (direct response " + r.directResponse().status() + ")" : "";
        final int routeNode = graph.node(Column.ROUTE, routeKey(vs, r, index), label + what,
                "http[" + index + "] of " + vs.qualifiedName() + what, "normal");
        graph.edge(vsNode, routeNode, "");
        destinations(routeNode, r.route());
    }

    static String routeLabel(final HttpRoute r, final int index)
    {
        return r.name() != null && !r.name().isEmpty() ? r.name() : "http[" + index + "]";
    }

    static String routeKey(final VirtualService vs, final HttpRoute r, final int index)
    {
        return vs.qualifiedName() + "#" + routeLabel(r, index);
    }

    private void destinations(final int routeNode, final List<RouteDestination> route)
    {
        int total = 0;
        for (final RouteDestination d : route)
        {
            total += Math.max(0, d.weight());
        }
        for (final RouteDestination d : route)
        {
            final String weight = route.size() > 1 && total > 0
                    ? Math.round(100.0 * Math.max(0, d.weight()) / total) + "%" : "";
            for (final int port : ports(d.destination()))
            {
                graph.edge(routeNode, cluster(d.destination().host(), d.destination().subset(), port), weight);
            }
        }
    }

    private List<Integer> ports(final Destination d)
    {
        final RegistryService s = service(d.host());
        final List<Integer> ports = new ArrayList<>();
        if (d.port() != 0 || s == null || s.ports().isEmpty())
        {
            ports.add(d.port());
            return ports;
        }
        for (final RegistryService.ServicePort p : s.ports())
        {
            ports.add(p.number());
        }
        return ports;
    }

    /**
     * @return the cluster node (with its endpoints when the registry knows the host).
     */
    int cluster(final String host, final String subset, final int port)
    {
        final String name = ReferenceRouter.clusterName(host, subset, port);
        final int existing = graph.find(Column.CLUSTER, name);
        if (existing >= 0)
        {
            return existing;
        }
        final RegistryService s = service(host);
        final Map<String, String> labels = subsetLabels(host, subset);
        final boolean missing = s == null || (subset != null && labels == null);
        final int node = graph.node(Column.CLUSTER, name, name, missing
                ? name + ": no such service or subset (503 NC)" : name, missing ? "missing" : "normal");
        if (!missing)
        {
            for (final RegistryService.Endpoint e : s.endpoints())
            {
                if (labels == null || e.labels().entrySet().containsAll(labels.entrySet()))
                {
                    graph.edge(node, endpoint(e, s, port), "");
                }
            }
        }
        return node;
    }

    private int endpoint(final RegistryService.Endpoint e, final RegistryService s, final int port)
    {
        int target = port;
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.number() == port)
            {
                final Integer override = e.ports().get(p.name());
                target = override != null ? override : p.targetPort();
            }
        }
        final String key = e.address() + ":" + target;
        final String name = e.name() == null ? "" : " " + e.name();
        return graph.node(Column.ENDPOINT, key, key + name, key + name + (e.healthy() ? "" : " (not ready)"),
                e.healthy() ? "normal" : "unhealthy");
    }

    private Map<String, String> subsetLabels(final String host, final String subset)
    {
        if (subset == null)
        {
            return null;
        }
        for (final DestinationRule dr : model.destinationRules())
        {
            if (dr.host().equals(host) || dr.host().equals("*")
                    || dr.host().startsWith("*.") && host.endsWith(dr.host().substring(1)))
            {
                for (final DestinationRule.Subset s : dr.subsets())
                {
                    if (s.name().equals(subset))
                    {
                        return s.labels();
                    }
                }
            }
        }
        return null;
    }

    private RegistryService service(final String host)
    {
        for (final RegistryService s : model.services())
        {
            if (s.host().equals(host))
            {
                return s;
            }
        }
        return null;
    }

    private int gateway(final String name)
    {
        return graph.node(Column.GATEWAY, name, name, name.equals("mesh")
                ? "mesh: the sidecars of every workload" : "Gateway " + name, "normal");
    }

    private int host(final String host)
    {
        return graph.node(Column.HOST, host, host, "host " + host, "normal");
    }

    /** @return the graph built so far (for the traffic overlay, which adds to it). */
    MeshGraph graph()
    {
        return graph;
    }

    /**
     * @param model the model.
     * @return a builder whose graph is built, for adding traffic to.
     */
    static MeshGraphBuilder built(final RoutingModel model)
    {
        final MeshGraphBuilder b = new MeshGraphBuilder(model);
        b.run();
        return b;
    }
}
