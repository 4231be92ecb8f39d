package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.PeerAuthentications;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster's endpoints as a client of each network sees them (Istio's {@code EndpointsByNetworkFilter},
 * docs/routing.md §4, "Networks"), worked out at compile time: the cluster stage only chooses among these sets
 * ({@code NetworkChoice}). An endpoint on another network than the client's, with gateways, is replaced by those
 * gateways when mTLS reaches it and left out when not; each gateway weighs the sum of its share of the weights of the
 * endpoints of each locality it stands for. A DNS-SRV cluster of an east-west gateway keeps only what mTLS reaches
 * (Istio's {@code EndpointsWithMTLSFilter}, docs/routing.md §5.2), its gateways among them. Whether mTLS reaches an
 * endpoint is {@link PeerAuthentications#mtlsReaches}.
 */
final class NetworkEndpoints
{
    private final MeshNetworks networks;
    private final PeerAuthentications peerAuthn;
    private final long scale;

    NetworkEndpoints(final MeshNetworks networks, final PeerAuthentications peerAuthn)
    {
        this.networks = networks;
        this.peerAuthn = peerAuthn;
        this.scale = networks.scaleFactor();
    }

    /**
     * @return the networks whose clients see the cluster's endpoints otherwise than a client of no network does (the
     *         networks of its endpoints that have gateways), in endpoint order; empty for a single-network cluster.
     */
    Set<String> networksOf(final List<RegistryService.Endpoint> endpoints)
    {
        final Set<String> out = new LinkedHashSet<>();
        if (!networks.enabled())
        {
            return out;
        }
        for (final RegistryService.Endpoint e : endpoints)
        {
            if (!networks.direct(e.network(), ""))
            {
                out.add(e.network());
            }
        }
        return out;
    }

    /** @return the listed networks ({@link #networksOf}) of any of the member sets, in order. */
    List<String> networksOfAny(final List<List<RegistryService.Endpoint>> byCluster)
    {
        final Set<String> out = new LinkedHashSet<>();
        for (final List<RegistryService.Endpoint> members : byCluster)
        {
            out.addAll(networksOf(members));
        }
        return new ArrayList<>(out);
    }

    /**
     * The members of a cluster for a client of each cluster (docs/routing.md §4 "Clusters"): those of the config
     * cluster's client, then, for a cluster-local host with remote clients, those of a client of each of
     * {@link ClientProxies#remoteClusters} (its own cluster's endpoints, Istio's {@code EndpointBuilder.clusterLocal}).
     */
    static List<List<RegistryService.Endpoint>> byCluster(final RegistryService svc,
            final List<RegistryService.Endpoint> members, final DestinationRule.Subset subset,
            final RegistryService.ServicePort port, final ClientProxies proxies)
    {
        final List<List<RegistryService.Endpoint>> out = new ArrayList<>();
        out.add(members);
        for (final String c : proxies.splitsByCluster(svc.host()) ? proxies.remoteClusters() : List.<String>of())
        {
            out.add(members(svc.withEndpoints(proxies.clusterLocalEndpoints(svc.host(), c)), subset, port));
        }
        return out;
    }

    /**
     * @param endpoints the cluster's healthy endpoints of its subset.
     * @param port      the cluster's service port.
     * @param rule      the DestinationRule of the cluster, or {@code null}.
     * @param subset    the cluster's subset, or {@code null}.
     * @param client    the client's network ({@code ""} for none).
     * @param namespace the namespace of the cluster's service (its endpoints').
     * @param mtlsOnly  whether it is a DNS-SRV cluster of an east-west gateway, which keeps only what mTLS reaches.
     * @param view      what the client's proxy sees: the networks it requested, its IP families.
     * @return the candidates that client sees (unsorted); the endpoints themselves when a single network.
     */
    List<EndpointOrder.Candidate> candidates(final List<RegistryService.Endpoint> endpoints,
            final RegistryService.ServicePort port, final DestinationRule rule, final String subset,
            final String client, final String namespace, final boolean mtlsOnly, final ClientProxies.View view)
    {
        final boolean split = !networksOf(endpoints).isEmpty();
        final String ruleTls = rule == null ? null : rule.tlsMode(subset, port.number());
        final List<EndpointOrder.Candidate> out = new ArrayList<>();
        final Map<List<Object>, Long> gatewayWeights = new LinkedHashMap<>();
        for (final RegistryService.Endpoint e : endpoints)
        {
            if (!view.visible(e.network()))
            {
                continue; // Istio's filterIstioEndpoint: not a network the proxy asked to see
            }
            final Integer override = e.ports().get(port.name());
            final int p = override != null ? override : port.targetPort();
            final long weight = networks.enabled() ? MeshNetworks.scaled(e.weight(), scale) : e.weight();
            final boolean mtls = peerAuthn.mtlsReaches(e, namespace, p, ruleTls);
            if (!split || networks.direct(e.network(), client, MeshNetworks.clusterOf(e.labels()), !view.router()))
            {
                if (e.address().isEmpty())
                {
                    continue; // an address-less workload is reached through its network's gateways only
                }
                if (mtlsOnly && !mtls)
                {
                    continue; // EndpointsWithMTLSFilter: the gateway passes mTLS through to what takes it
                }
                out.add(new EndpointOrder.Candidate(e.address(), p, weight, e.locality(),
                        EndpointOrder.priorityLabels(e.labels(), e.locality())));
                continue;
            }
            final List<MeshNetworks.Gateway> gateways = view.reachable(networks.gatewaysFor(e.network(),
                    MeshNetworks.clusterOf(e.labels()), !view.router()));
            if (gateways.isEmpty() || !mtls)
            {
                continue; // no gateway of the proxy's family; cross-network traffic needs mTLS: routed by SNI
            }
            for (final MeshNetworks.Gateway g : gateways)
            {
                // summed in uint32 as Istio's splitWeightAmongGateways does: the sum wraps
                gatewayWeights.merge(List.of(e.locality(), g), weight / gateways.size(),
                        MeshNetworks::uint32Sum);
            }
        }
        for (final Map.Entry<List<Object>, Long> g : gatewayWeights.entrySet())
        {
            final List<Object> k = g.getKey();
            final MeshNetworks.Gateway gw = (MeshNetworks.Gateway)k.get(1);
            out.add(new EndpointOrder.Candidate(gw.address(), gw.port(), Math.max(1, g.getValue()), (String)k.get(0),
                    TopologyLabels.gateway(gw)));
        }
        return out;
    }

    /** @return the healthy endpoints of a service (its subset's) on a port, in registry order. */
    static List<RegistryService.Endpoint> members(final RegistryService svc,
            final DestinationRule.Subset subset, final RegistryService.ServicePort port)
    {
        final List<RegistryService.Endpoint> members = new ArrayList<>();
        for (final RegistryService.Endpoint e : svc.endpoints())
        {
            if (e.healthy() && e.serves(port)
                    && (subset == null || e.labels().entrySet().containsAll(subset.labels().entrySet())))
            {
                members.add(e);
            }
        }
        return members;
    }

    /** @return the address and port of each candidate, in order (the cluster's endpoint list entries). */
    static List<List<Object>> selected(final List<EndpointOrder.Candidate> sorted)
    {
        final List<List<Object>> out = new ArrayList<>();
        for (final EndpointOrder.Candidate e : sorted)
        {
            out.add(List.of(e.address(), e.port()));
        }
        return out;
    }
}
