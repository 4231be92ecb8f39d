package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.TopologyLabels;
import dev.wirespeed.control.model.VirtualService;

import java.util.Map;

/**
 * Coverage of the labels Istio writes on a client's proxy (docs/routing.md "The client's labels") in the
 * differential tests: a key {@code proxy-labels-SITE-LABEL} for each request and selector of the model (a
 * VirtualService's http, tcp or tls {@code sourceLabels}, a Sidecar's or DestinationRule's {@code workloadSelector})
 * that the client's labels as Istio has them hold and its labels as written do not, {@code LABEL} naming the first
 * label of the selector that tells them apart ({@code cidr-network}: the network, a meshNetworks {@code fromCidr} one
 * of the client's Pod; {@code remote-LABEL}: a client of a remote cluster, whose cluster and network are its
 * cluster's), and {@code remote-client} for each request of a remote cluster's Pod. Both implementations decide such
 * requests by the augmented labels.
 */
final class ProxyLabelCoverage
{
    /** The keys the random models reach with the default seeds. */
    static final String[] KINDS = {"proxy-labels-vs-http-cluster", "proxy-labels-vs-http-network",
        "proxy-labels-vs-http-region", "proxy-labels-vs-http-zone", "proxy-labels-vs-http-subzone",
        "proxy-labels-vs-tcp-cluster", "proxy-labels-vs-tcp-network", "proxy-labels-vs-tcp-region",
        "proxy-labels-vs-tls-cluster", "proxy-labels-vs-tls-network", "proxy-labels-vs-tls-region",
        "proxy-labels-sidecar-cluster", "proxy-labels-sidecar-network", "proxy-labels-sidecar-region",
        "proxy-labels-sidecar-zone", "proxy-labels-destination-rule-cluster", "proxy-labels-destination-rule-network",
        "proxy-labels-destination-rule-region", "proxy-labels-vs-http-cidr-network",
        "proxy-labels-sidecar-cidr-network", "proxy-labels-destination-rule-cidr-network", "remote-client",
        "proxy-labels-vs-http-remote-cluster", "proxy-labels-vs-http-remote-network",
        "proxy-labels-vs-tcp-remote-cluster", "proxy-labels-vs-tls-remote-cluster",
        "proxy-labels-sidecar-remote-cluster", "proxy-labels-destination-rule-remote-network"};

    private ProxyLabelCoverage()
    {
    }

    static void tally(final Map<String, Integer> coverage, final RoutingModel model, final HttpRequest r)
    {
        final Map<String, String> written = r.sourceLabels() == null ? Map.of() : r.sourceLabels();
        final MeshNetworks networks = model.mesh().networks();
        final String placed = networks.proxies().placedNetwork(r.src(), r.gateway() == null
                || "mesh".equals(r.gateway()));
        final ClientProxies.Remote remote = networks.proxies().remoteClient(r.src(), r.gateway() == null
                || "mesh".equals(r.gateway()));
        if (remote != null)
        {
            coverage.merge("remote-client", 1, Integer::sum);
            tally(coverage, model, written, TopologyLabels.remoteClient(written, remote), false, true);
            return;
        }
        final Map<String, String> proxy = TopologyLabels.client(written, networks, placed);
        final boolean byCidr = !placed.isEmpty() && TopologyLabels.proxyNetwork(networks).isEmpty();
        tally(coverage, model, written, proxy, byCidr, false);
    }

    /** Counts each selector the client's labels as Istio has them ({@code proxy}) hold and those written do not. */
    private static void tally(final Map<String, Integer> coverage, final RoutingModel model,
            final Map<String, String> written, final Map<String, String> proxy, final boolean byCidr,
            final boolean remote)
    {
        for (final VirtualService vs : model.virtualServices())
        {
            for (final HttpRoute route : vs.http())
            {
                for (final HttpMatch m : route.matches())
                {
                    count(coverage, "vs-http", m.sourceLabels(), written, proxy, byCidr, remote);
                }
            }
            for (final TcpRoute route : vs.tcp())
            {
                for (final TcpRoute.L4Match m : route.matches())
                {
                    count(coverage, "vs-tcp", m.sourceLabels(), written, proxy, byCidr, remote);
                }
            }
            for (final TlsRoute route : vs.tls())
            {
                for (final TlsRoute.TlsMatch m : route.matches())
                {
                    count(coverage, "vs-tls", m.sourceLabels(), written, proxy, byCidr, remote);
                }
            }
        }
        for (final SidecarSpec sidecar : model.sidecars())
        {
            count(coverage, "sidecar", sidecar.workloadSelector(), written, proxy, byCidr, remote);
        }
        for (final DestinationRule rule : model.destinationRules())
        {
            count(coverage, "destination-rule", rule.workloadSelector(), written, proxy, byCidr, remote);
        }
    }

    private static void count(final Map<String, Integer> coverage, final String site,
            final Map<String, String> selector, final Map<String, String> written, final Map<String, String> proxy,
            final boolean byCidr, final boolean remote)
    {
        if (selector == null || selector.isEmpty() || !holds(selector, proxy) || holds(selector, written))
        {
            return;
        }
        for (final Map.Entry<String, String> e : selector.entrySet())
        {
            if (!e.getValue().equals(written.get(e.getKey())))
            {
                final boolean cidr = byCidr && e.getKey().equals(MeshNetworks.NETWORK_LABEL);
                coverage.merge("proxy-labels-" + site + "-" + (remote ? "remote-" : "")
                        + (cidr ? "cidr-network" : name(e.getKey())), 1, Integer::sum);
                return;
            }
        }
    }

    private static boolean holds(final Map<String, String> selector, final Map<String, String> labels)
    {
        for (final Map.Entry<String, String> e : selector.entrySet())
        {
            if (!e.getValue().equals(labels.get(e.getKey())))
            {
                return false;
            }
        }
        return true;
    }

    private static String name(final String label)
    {
        switch (label)
        {
            case TopologyLabels.CLUSTER_LABEL:
                return "cluster";
            case MeshNetworks.NETWORK_LABEL:
                return "network";
            case EndpointOrder.REGION_LABEL:
                return "region";
            case EndpointOrder.ZONE_LABEL:
                return "zone";
            case EndpointOrder.SUBZONE_LABEL:
                return "subzone";
            default:
                return label;
        }
    }
}
