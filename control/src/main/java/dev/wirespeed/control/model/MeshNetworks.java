package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Istio's multi-network view (docs/routing.md §4, "Networks"): the {@code meshNetworks} key of the {@code istio}
 * ConfigMap as written, and the network gateways Istio's {@code NetworkManager} derives from it and from the
 * registry. Gateways are what make a mesh multi-network: without any, every endpoint is reached directly.
 *
 * @param networks      {@code meshNetworks.networks}, in the order written.
 * @param gateways      the resolved gateways (IP addresses only: a host name's are its DNS answers), sorted by
 *                      address then port as Istio's {@code SortGateways}: meshNetworks {@code address} gateways
 *                      (cluster {@code ""}), and, in the cluster of their registry, the external addresses of
 *                      Services labelled {@code topology.istio.io/network} or named by a {@code registryServiceName}.
 * @param systemNetwork the {@code topology.istio.io/network} label of the {@code istio-system} Namespace, {@code ""}
 *                      for none: the network of an endpoint that names none, and of a client without the label.
 * @param proxies       what the clients' proxies ask to see and their IP families ({@link ClientProxies}).
 */
public record MeshNetworks(List<Network> networks, List<Gateway> gateways, String systemNetwork,
        ClientProxies proxies)
{
    /** The label naming a workload's (or a gateway Service's) network. */
    public static final String NETWORK_LABEL = "topology.istio.io/network";
    /** The label naming the port of a gateway Service (default {@link #DEFAULT_GATEWAY_PORT}). */
    public static final String GATEWAY_PORT_LABEL = "networking.istio.io/gatewayPort";
    /** Istio's default mTLS port of a network gateway. */
    public static final int DEFAULT_GATEWAY_PORT = 15443;
    /** Istio's HBONE port: a gateway Service that declares it is an ambient gateway too. */
    public static final int HBONE_PORT = 15008;
    /** The label (on Pods and WorkloadEntries) saying whether a workload takes Istio mTLS: {@code istio}. */
    public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";
    /**
     * The config cluster's id (Istio's default {@code CLUSTER_ID}): its registry's and every client proxy's; a remote
     * cluster's registry has its own (docs/routing.md §4 "Clusters").
     */
    public static final String CLUSTER_ID = "Kubernetes";
    /** No network, no gateway. */
    public static final MeshNetworks NONE = new MeshNetworks(List.of(), List.of(), "");

    /**
     * Networks whose clients' proxies all see every network and are of unknown IP family.
     *
     * @param networks      {@code meshNetworks.networks}.
     * @param gateways      the resolved gateways.
     * @param systemNetwork the {@code istio-system} Namespace's network label.
     */
    public MeshNetworks(final List<Network> networks, final List<Gateway> gateways, final String systemNetwork)
    {
        this(networks, gateways, systemNetwork, ClientProxies.NONE);
    }

    /**
     * @param p the clients' proxies.
     * @return a copy with them.
     */
    public MeshNetworks withProxies(final ClientProxies p)
    {
        return new MeshNetworks(networks, gateways, systemNetwork, p);
    }

    /**
     * One entry of {@code meshNetworks.networks}.
     *
     * @param name         the network's name.
     * @param fromCidr     its {@code endpoints[].fromCidr} (endpoints with an address in one are on the network).
     * @param fromRegistry its {@code endpoints[].fromRegistry} (cluster ids: a registry's endpoints are on it).
     * @param gateways     its {@code gateways}.
     */
    public record Network(String name, List<String> fromCidr, List<String> fromRegistry, List<GatewayRef> gateways)
    {
    }

    /**
     * A {@code gateways} entry: an {@code address} or a {@code registryServiceName}, and a port.
     *
     * @param address             an IP address or host name, or {@code null}.
     * @param registryServiceName a Service's FQDN, or {@code null}.
     * @param port                the gateway's port.
     */
    public record GatewayRef(String address, String registryServiceName, int port)
    {
    }

    /**
     * A network gateway ({@code model.NetworkGateway}).
     *
     * @param network   its network.
     * @param cluster   its cluster ({@code ""} for a meshNetworks address).
     * @param address   its IP address (a host name until its DNS answers replace it, {@link GatewayNames}).
     * @param port      its mTLS port (the one a sidecar sends to).
     * @param hbonePort its HBONE port (Istio's {@code HBONEPort}), 0 for none: a Gateway API {@code HBONE} listener's
     *                  gateway has its listener's port as both; part of what makes two gateways different, as in
     *                  Istio's gateway set.
     * @param serviceAccount the service account it runs as ({@code namespace/name}), {@code ""} for none: a Gateway API
     *                  {@code Gateway}'s (Istio's {@code GatewaySA}), none for a Service's or a meshNetworks address.
     *                  Part of what makes two gateways different (Istio's {@code NetworkGateway.ServiceAccount}), so a
     *                  Gateway and its labelled Service at one address and port are two gateways, each an endpoint
     *                  of its own with its share of the weight (docs/routing.md §4 "Networks").
     */
    public record Gateway(String network, String cluster, String address, int port, int hbonePort,
            String serviceAccount)
    {
        /** A gateway without an HBONE port. */
        public Gateway(final String network, final String cluster, final String address, final int port)
        {
            this(network, cluster, address, port, 0);
        }

        /** A gateway without service account. */
        public Gateway(final String network, final String cluster, final String address, final int port,
                final int hbonePort)
        {
            this(network, cluster, address, port, hbonePort, "");
        }

        /**
         * @param at its address.
         * @param mtls its mTLS port.
         * @return this gateway at that address and port (its network, cluster, HBONE port and service account).
         */
        public Gateway at(final String at, final int mtls)
        {
            return new Gateway(network, cluster, at, mtls, hbonePort, serviceAccount);
        }
    }

    /**
     * @return a copy with these resolved gateways and system network.
     */
    public MeshNetworks with(final List<Gateway> resolved, final String system)
    {
        final List<Gateway> sorted = new ArrayList<>(resolved);
        sorted.sort(java.util.Comparator.comparing(Gateway::address).thenComparingInt(Gateway::port)
                .thenComparing(Gateway::network).thenComparing(Gateway::cluster).thenComparingInt(Gateway::hbonePort)
                .thenComparing(Gateway::serviceAccount));
        return new MeshNetworks(networks, List.copyOf(sorted), system, proxies);
    }

    /**
     * @param endpointLabels an endpoint's labels.
     * @return its cluster: its {@code topology.istio.io/cluster} label, else {@link #CLUSTER_ID} (an endpoint without
     *         labels, a DNS ServiceEntry's host, is the config cluster's).
     */
    public static String clusterOf(final Map<String, String> endpointLabels)
    {
        return endpointLabels.getOrDefault(TopologyLabels.CLUSTER_LABEL, CLUSTER_ID);
    }

    /** @return whether Istio splits endpoints by network (its {@code IsMultiNetworkEnabled}: some gateway). */
    public boolean enabled()
    {
        return !gateways.isEmpty();
    }

    /**
     * Istio's {@code selectNetworkGateways} for an endpoint of cluster {@link #CLUSTER_ID}.
     *
     * @param network an endpoint's network.
     * @return the gateways that stand for it, empty for none (or for {@code ""}).
     */
    public List<Gateway> gatewaysFor(final String network)
    {
        return gatewaysFor(network, CLUSTER_ID);
    }

    /**
     * Istio's {@code selectNetworkGateways} for a sidecar ({@link #gatewaysFor(String, String, boolean)}).
     *
     * @param network an endpoint's network.
     * @param cluster the endpoint's cluster.
     * @return the gateways that stand for it, empty for none (or for {@code ""}).
     */
    public List<Gateway> gatewaysFor(final String network, final String cluster)
    {
        return gatewaysFor(network, cluster, true);
    }

    /**
     * Istio's {@code selectNetworkGateways}: the gateways of an endpoint's network in its cluster (its label
     * {@code topology.istio.io/cluster}, {@link #clusterOf}), else every gateway of its network; then, for a sidecar,
     * only those with an mTLS port (a sidecar does not use an ambient gateway that has only an HBONE port, and does
     * not look for one in the whole network when the cluster's gateways are all such).
     *
     * @param network an endpoint's network.
     * @param cluster the endpoint's cluster.
     * @param sidecar whether the client is a sidecar (else a gateway's proxy, which keeps them all).
     * @return the gateways that stand for it, empty for none (or for {@code ""}).
     */
    public List<Gateway> gatewaysFor(final String network, final String cluster, final boolean sidecar)
    {
        final List<Gateway> chosen = chosenGateways(network, cluster);
        if (sidecar)
        {
            chosen.removeIf(g -> g.port() == 0);
        }
        return chosen;
    }

    /** @return whether some gateway has no mTLS port (an HBONE-only one): a sidecar and a gateway see otherwise. */
    public boolean hboneOnlyGateways()
    {
        return gateways.stream().anyMatch(g -> g.port() == 0);
    }

    /**
     * @return the distinct views of the clients' proxies ({@link ClientProxies#views}), then, when some gateway has
     *         no mTLS port, that of a gateway's proxy ({@link ClientProxies#router}); a view's index is its class in
     *         the compiled FIB.
     */
    public List<ClientProxies.View> views()
    {
        final List<ClientProxies.View> out = proxies.views();
        if (hboneOnlyGateways())
        {
            out.add(proxies.router());
        }
        return out;
    }

    /** @return the class of a gateway's request in the compiled FIB: its view's index in {@link #views}, else 0. */
    public int routerClass()
    {
        return hboneOnlyGateways() ? views().size() - 1 : 0;
    }

    private List<Gateway> chosenGateways(final String network, final String cluster)
    {
        final List<Gateway> inCluster = new ArrayList<>();
        final List<Gateway> all = new ArrayList<>();
        for (final Gateway g : gateways)
        {
            if (g.network().equals(network) && !network.isEmpty())
            {
                all.add(g);
                if (g.cluster().equals(cluster))
                {
                    inCluster.add(g);
                }
            }
        }
        return inCluster.isEmpty() ? all : inCluster;
    }

    /**
     * Istio's {@code GetLBWeightScaleFactor}: the least common multiple of the number of gateways of each network
     * and of each network and cluster. Every endpoint's weight is multiplied by it, so a remote endpoint's weight
     * splits evenly among its gateways.
     *
     * @return the factor, 1 without gateways.
     */
    public long scaleFactor()
    {
        final Map<String, Integer> byNetwork = new LinkedHashMap<>();
        final Map<String, Integer> byNetworkAndCluster = new LinkedHashMap<>();
        for (final Gateway g : gateways)
        {
            byNetwork.merge(g.network(), 1, Integer::sum);
            byNetworkAndCluster.merge(g.network() + "\n" + g.cluster(), 1, Integer::sum);
        }
        long lcm = 1;
        for (final Map<String, Integer> counts : List.of(byNetwork, byNetworkAndCluster))
        {
            for (final int n : counts.values())
            {
                lcm = lcm / java.math.BigInteger.valueOf(lcm).gcd(java.math.BigInteger.valueOf(n)).longValue() * n;
            }
        }
        return lcm;
    }

    /**
     * Istio's {@code scaleEndpointLBWeight}: a weight times the scale factor, clipped at the uint32 maximum.
     *
     * @param weight an endpoint's weight (at least 1).
     * @param scale  the scale factor.
     * @return the scaled weight.
     */
    public static long scaled(final long weight, final long scale)
    {
        return weight < 0xFFFF_FFFFL / scale ? weight * scale : 0xFFFF_FFFFL;
    }

    /**
     * Istio's {@code gatewayWeights[gateway] += weightPerGateway} ({@code splitWeightAmongGateways}): a sum of
     * {@code uint32} weights, which wraps.
     *
     * @param a a weight.
     * @param b another.
     * @return their sum modulo 2^32.
     */
    public static long uint32Sum(final long a, final long b)
    {
        return (a + b) & 0xFFFF_FFFFL;
    }

    /**
     * The client's network: its {@code topology.istio.io/network} source label (Istio's injector copies the pod
     * label into the proxy's {@code NETWORK} metadata), else the install's network, taken here as the
     * {@code istio-system} Namespace's label.
     *
     * @param sourceLabels the request's source labels.
     * @return the network, {@code ""} for none.
     */
    public String clientNetwork(final Map<String, String> sourceLabels)
    {
        return clientNetwork(sourceLabels, null);
    }

    /**
     * {@link #clientNetwork(Map)} of a client that may be a remote cluster's Pod: without the label, its
     * {@code NETWORK} metadata is its own cluster's network ({@link ClientProxies.Remote#metadataNetwork}).
     *
     * @param sourceLabels the request's source labels.
     * @param remote       the remote cluster's Pod that sent the request, {@code null} for a config cluster's client.
     * @return the network, {@code ""} for none.
     */
    public String clientNetwork(final Map<String, String> sourceLabels, final ClientProxies.Remote remote)
    {
        final String label = sourceLabels.get(NETWORK_LABEL);
        return label != null ? label : remote != null ? remote.metadataNetwork() : systemNetwork;
    }

    /**
     * Whether an endpoint is reached directly by a client of a network (Istio's {@code EndpointsByNetworkFilter}):
     * it names no network, no gateway stands for its network, or it is on the client's network. A client without a
     * network reaches an endpoint with one through its gateways.
     *
     * @param endpointNetwork the endpoint's network.
     * @param clientNetwork   the client's network.
     * @return whether it is kept as it is.
     */
    public boolean direct(final String endpointNetwork, final String clientNetwork)
    {
        return endpointNetwork.isEmpty() || endpointNetwork.equals(clientNetwork) || chosenGateways(endpointNetwork,
                CLUSTER_ID).isEmpty();
    }

    /**
     * {@link #direct(String, String)} for an endpoint of a cluster and a client that is a sidecar or a gateway's proxy
     * (a sidecar has no gateway where all of those of the endpoint's network and cluster are HBONE-only).
     */
    public boolean direct(final String endpointNetwork, final String clientNetwork, final String cluster,
            final boolean sidecar)
    {
        return endpointNetwork.isEmpty() || endpointNetwork.equals(clientNetwork) || gatewaysFor(endpointNetwork,
                cluster, sidecar).isEmpty();
    }
}
