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
    /** The label holding the cluster id (an endpoint's cluster's; {@link MeshNetworks#CLUSTER_ID} for a client). */
    public static final String CLUSTER_LABEL = "topology.istio.io/cluster";
    /** The label holding the node of a Pod ({@code spec.nodeName}) or of a proxy. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    /** A Pod's locality label ({@code region.zone.subzone}), read before {@link #OLD_LOCALITY_LABEL}. */
    public static final String LOCALITY_LABEL = "topology.istio.io/locality";
    /** The older locality label. */
    public static final String OLD_LOCALITY_LABEL = "istio-locality";

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
     * A client's labels as Istio has them on its proxy ({@code proxy.Labels}: {@code SetWorkloadLabels}, then
     * {@code setTopologyLabels}, each through {@code AugmentLabels}), which every match and selector on the client
     * sees: a VirtualService's {@code sourceLabels}, a Sidecar's or DestinationRule's {@code workloadSelector}, and a
     * {@code failoverPriority} (docs/routing.md "The client's labels"). Its {@code sourceLabels} stand for its Pod's
     * labels with its node's {@code topology.*} labels and {@link #HOSTNAME_LABEL} (its node) among them. To them:
     * <ul>
     * <li>the non-empty region, zone and subzone of its Pod's locality label ({@link #LOCALITY_LABEL} when present,
     * else {@link #OLD_LOCALITY_LABEL}; {@code .} read as {@code /} unless it holds a {@code /}, as Istio's
     * {@code SanitizeLocalityLabel}) written over its {@code topology.*} labels (Istio's {@code getPodLocality}
     * prefers that label to the node's);</li>
     * <li>the mesh's cluster id ({@link MeshNetworks#CLUSTER_ID}) written over {@link #CLUSTER_LABEL} (a sidecar's
     * {@code CLUSTER_ID} is the cluster it runs in: every client is the config cluster's, docs/routing.md §4
     * "Clusters");</li>
     * <li>{@link #proxyNetwork} over {@link MeshNetworks#NETWORK_LABEL} when that label is absent or empty.</li>
     * </ul>
     * A client whose Pod no meshNetworks {@code fromCidr} network holds.
     *
     * @param sourceLabels the request's source labels.
     * @param networks     the mesh's networks.
     * @return the labels (an unmodifiable copy).
     */
    public static Map<String, String> client(final Map<String, String> sourceLabels, final MeshNetworks networks)
    {
        return client(sourceLabels, networks, "");
    }

    /**
     * {@link #client(Map, MeshNetworks)} of a client whose Pod's {@code status.podIP} a meshNetworks {@code fromCidr}
     * network holds ({@link ClientProxies#placedNetwork}): that network is added last, when neither the labels, nor
     * the {@code istio-system} Namespace, nor a {@code fromRegistry} network name one (Istio's
     * {@code Controller.Network} of the Pod's address).
     *
     * @param sourceLabels  the request's source labels.
     * @param networks      the mesh's networks.
     * @param placedNetwork the {@code fromCidr} network of the client's Pod, {@code ""} for none.
     * @return the labels (an unmodifiable copy).
     */
    public static Map<String, String> client(final Map<String, String> sourceLabels, final MeshNetworks networks,
            final String placedNetwork)
    {
        final String network = proxyNetwork(networks);
        final String added = network.isEmpty() ? placedNetwork : network;
        return augment(sourceLabels, MeshNetworks.CLUSTER_ID, locality(sourceLabels), "", added);
    }

    /** The Pod's locality label ({@code topology.istio.io/locality}, else {@code istio-locality}) split on '/'. */
    private static String locality(final Map<String, String> sourceLabels)
    {
        final String label = sourceLabels.containsKey(LOCALITY_LABEL) ? sourceLabels.get(LOCALITY_LABEL)
                : sourceLabels.getOrDefault(OLD_LOCALITY_LABEL, "");
        return label.indexOf('/') >= 0 ? label : label.replace('.', '/');
    }

    /**
     * The labels of a client whose Pod is a remote cluster's ({@link ClientProxies.Remote}): as
     * {@link #client(Map, MeshNetworks)}'s, with that cluster's id as {@link #CLUSTER_LABEL} and, when the Pod has no
     * (or an empty) network label, that cluster's network.
     *
     * @param sourceLabels the request's source labels.
     * @param remote       the remote cluster's Pod that sent the request.
     * @return the labels (an unmodifiable copy).
     */
    public static Map<String, String> remoteClient(final Map<String, String> sourceLabels,
            final ClientProxies.Remote remote)
    {
        return augment(sourceLabels, remote.cluster(), locality(sourceLabels), "", remote.network());
    }

    /**
     * The network Istio adds to the labels of a proxy whose Pod has no (or an empty) {@code topology.istio.io/network}
     * label (its {@code Controller.Network}, then the proxy's {@code NETWORK} metadata): the {@code istio-system}
     * Namespace's network (also standing for the install's {@code values.global.network}), else the first
     * meshNetworks network whose {@code fromRegistry} names the cluster. Without either, the {@code fromCidr} network
     * of the Pod's address ({@link ClientProxies#placedNetwork}), which depends on the client.
     *
     * @param networks the mesh's networks.
     * @return the network, {@code ""} for none.
     */
    public static String proxyNetwork(final MeshNetworks networks)
    {
        if (!networks.systemNetwork().isEmpty())
        {
            return networks.systemNetwork();
        }
        for (final MeshNetworks.Network n : networks.networks())
        {
            if (n.fromRegistry().contains(MeshNetworks.CLUSTER_ID))
            {
                return n.name();
            }
        }
        return "";
    }
}
