package dev.wirespeed.control.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The labels Istio adds itself to endpoints, to network gateways standing in for endpoints, and to proxies (its
 * {@code AugmentLabels}; docs/routing.md §4 "Failover priority"): the locality's region, zone and subzone, the cluster
 * id, the node and the network. A subset selects on them and a {@code failoverPriority} compares them.
 */
public final class TopologyLabels
{
    /** The label holding the cluster id ({@link MeshNetworks#CLUSTER_ID} for every registry here). */
    public static final String CLUSTER_LABEL = "topology.istio.io/cluster";
    /** The label holding the node of a Pod ({@code spec.nodeName}) or of a proxy. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private TopologyLabels()
    {
    }

    /**
     * Istio's {@code AugmentLabels}: the labels with the locality's non-empty region, zone and subzone (split on
     * {@code /} as its {@code SplitLocalityLabel}), the cluster id and the node written over their labels when not
     * empty, and the network added when not empty and the labels hold none (or an empty one).
     *
     * @param labels   the workload's labels.
     * @param cluster  the cluster id, {@code ""} for none.
     * @param locality {@code region/zone/subzone}, {@code ""} for none.
     * @param node     the node's name, {@code ""} or {@code null} for none.
     * @param network  the network, {@code ""} for none.
     * @return the augmented labels (an unmodifiable copy).
     */
    public static Map<String, String> augment(final Map<String, String> labels, final String cluster,
            final String locality, final String node, final String network)
    {
        final Map<String, String> out = new TreeMap<>(labels);
        final String[] items = locality.split("/", -1);
        final String[] names = {EndpointOrder.REGION_LABEL, EndpointOrder.ZONE_LABEL, EndpointOrder.SUBZONE_LABEL};
        for (int k = 0; k < Math.min(3, items.length); k++)
        {
            if (!items[k].isEmpty())
            {
                out.put(names[k], items[k]);
            }
        }
        if (!cluster.isEmpty())
        {
            out.put(CLUSTER_LABEL, cluster);
        }
        if (node != null && !node.isEmpty())
        {
            out.put(HOSTNAME_LABEL, node);
        }
        if (!network.isEmpty() && out.getOrDefault(MeshNetworks.NETWORK_LABEL, "").isEmpty())
        {
            out.put(MeshNetworks.NETWORK_LABEL, network);
        }
        return Map.copyOf(out);
    }

    /**
     * The labels of a network gateway standing in for remote endpoints (the endpoint Istio's
     * {@code EndpointsByNetworkFilter} makes for it): its cluster and its network only, no locality.
     *
     * @param gateway the gateway.
     * @return its labels.
     */
    public static Map<String, String> gateway(final MeshNetworks.Gateway gateway)
    {
        return augment(Map.of(), gateway.cluster(), "", "", gateway.network());
    }

    /**
     * A client's labels as a {@code failoverPriority} compares them (Istio's {@code AugmentLabels} of the proxy): its
     * {@code sourceLabels}, with the mesh's cluster id written over {@link #CLUSTER_LABEL} (the one cluster modelled:
     * a sidecar's {@code CLUSTER_ID} is the cluster it runs in), and its network ({@code istio-system}'s,
     * {@link MeshNetworks#clientNetwork}) when they write none. Its locality and node are its labels': the
     * {@code topology.*} labels and {@link #HOSTNAME_LABEL} of the workload a request comes from.
     *
     * @param sourceLabels the request's source labels.
     * @param networks     the mesh's networks.
     * @return the labels.
     */
    public static Map<String, String> client(final Map<String, String> sourceLabels, final MeshNetworks networks)
    {
        final Map<String, String> out = new java.util.HashMap<>(sourceLabels);
        out.put(CLUSTER_LABEL, MeshNetworks.CLUSTER_ID);
        if (!sourceLabels.containsKey(MeshNetworks.NETWORK_LABEL) && !networks.systemNetwork().isEmpty())
        {
            out.put(MeshNetworks.NETWORK_LABEL, networks.systemNetwork());
        }
        return out;
    }
}
