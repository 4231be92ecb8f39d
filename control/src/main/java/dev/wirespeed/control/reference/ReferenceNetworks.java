package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.PeerAuthentications;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.ArrayList;
import java.util.List;

/**
 * The network filter of the reference cluster stage (docs/routing.md §4, "Networks"), per request and in the shape of
 * Istio's {@code EndpointsByNetworkFilter}: without gateways, every endpoint as it is; otherwise every weight times the
 * scale factor, an endpoint kept when the client is on its network (or either names none, and the client is not
 * forced through a gateway), replaced by its network's gateways when mTLS reaches it, dropped when not; the gateways'
 * weights summed per locality. Then, for an east-west gateway's DNS-SRV cluster, Istio's {@code
 * EndpointsWithMTLSFilter}: only the endpoints mTLS reaches, and the gateways, stay.
 */
final class ReferenceNetworks
{
    private ReferenceNetworks()
    {
    }

    /**
     * What decides whether mTLS reaches an endpoint of the cluster.
     *
     * @param peerAuthn the mesh's PeerAuthentications.
     * @param namespace the namespace of the cluster's service (its endpoints').
     * @param dnsSrv    whether the cluster is an east-west gateway's DNS-SRV cluster.
     */
    record Mtls(PeerAuthentications peerAuthn, String namespace, boolean dnsSrv)
    {
    }

    /**
     * @param endpoints    the cluster's healthy endpoints of its subset.
     * @param servicePort  the cluster's service port.
     * @param rule         the DestinationRule that applies, or {@code null}.
     * @param subset       the subset name, or {@code null}.
     * @param networks     the mesh's networks.
     * @param client       the client proxy's network ({@link RequestFacts#clientNetwork}).
     * @param notes        where to say what happened (one line per replaced or dropped endpoint), or {@code null}.
     * @param mtls         what decides whether mTLS reaches an endpoint.
     * @param view         what the client's proxy sees: the networks it requested, its IP families.
     * @return the candidates the client's proxy gets, unsorted.
     */
    static List<EndpointOrder.Candidate> filter(final List<RegistryService.Endpoint> endpoints,
            final RegistryService.ServicePort servicePort, final DestinationRule rule, final String subset,
            final MeshNetworks networks, final String client, final List<String> notes,
            final Mtls mtls, final ClientProxies.View view)
    {
        final List<EndpointOrder.Candidate> out = new ArrayList<>();
        final boolean multiNetwork = networks.enabled();
        final long scale = networks.scaleFactor();
        final String ruleTls = rule == null ? null : rule.tlsMode(subset, servicePort.number());
        final List<Object[]> gatewayWeights = new ArrayList<>(); // {locality, gateway, weight}
        for (final RegistryService.Endpoint e : endpoints)
        {
            if (!view.visible(e.network()))
            {
                note(notes, e.name() + " (network " + e.network() + ") left out: not in the proxy's "
                        + "REQUESTED_NETWORK_VIEW " + view.networks());
                continue;
            }
            final Integer override = e.ports().get(servicePort.name());
            final int port = override != null ? override : servicePort.targetPort();
            final String noMtls = mtls.peerAuthn().whyNoMtls(e, mtls.namespace(), port, ruleTls);
            if (!multiNetwork && e.address().isEmpty())
            {
                note(notes, e.name() + " (network " + e.network() + ") left out: no address and no gateway");
                continue;
            }
            if (!multiNetwork && mtls.dnsSrv() && noMtls != null)
            {
                note(notes, e.address() + " left out of the DNS-SRV cluster: no mTLS to it (" + noMtls + ")");
                continue;
            }
            if (!multiNetwork)
            {
                out.add(new EndpointOrder.Candidate(e.address(), port, e.weight(), e.locality(),
                        EndpointOrder.priorityLabels(e.labels(), e.locality())));
                continue;
            }
            final long weight = e.weight() < 0xFFFF_FFFFL / scale ? e.weight() * scale : 0xFFFF_FFFFL;
            final List<MeshNetworks.Gateway> gateways = networks.gatewaysFor(e.network(),
                    MeshNetworks.clusterOf(e.labels()), !view.router()); // a sidecar: those with an mTLS port
            final boolean forceGateway = client.isEmpty() && !e.network().isEmpty() && !gateways.isEmpty();
            final boolean inNetwork = client.isEmpty() || e.network().isEmpty() || client.equals(e.network());
            if (!forceGateway && (inNetwork || gateways.isEmpty()) && e.address().isEmpty())
            {
                // Istio keeps a directly reached endpoint only when it has an address (GetEndpointHost)
                note(notes, e.name() + " (network " + e.network() + ") left out: no address, reached directly");
                continue;
            }
            if (!forceGateway && (inNetwork || gateways.isEmpty()))
            {
                if (mtls.dnsSrv() && noMtls != null)
                {
                    note(notes, e.address() + " left out of the DNS-SRV cluster: no mTLS to it (" + noMtls + ")");
                    continue;
                }
                out.add(new EndpointOrder.Candidate(e.address(), port, weight, e.locality(),
                        EndpointOrder.priorityLabels(e.labels(), e.locality())));
                continue;
            }
            final List<MeshNetworks.Gateway> reachable = view.reachable(gateways);
            if (reachable.isEmpty())
            {
                note(notes, e.name() + " (network " + e.network() + ") left out: no gateway of its network is of the "
                        + "proxy's IP family (" + view.ipMode() + ")");
                continue;
            }
            if (noMtls != null)
            {
                note(notes, e.address() + " (network " + e.network() + ") left out: no mTLS to it (" + noMtls + ")");
                continue;
            }
            for (final MeshNetworks.Gateway g : reachable)
            {
                if (add(gatewayWeights, e.locality(), g, weight / reachable.size()))
                {
                    note(notes, "the weight of gateway " + g.address() + ":" + g.port() + " wrapped past 2^32 (a "
                            + "uint32 in Istio)");
                }
            }
            note(notes, e.address() + " (network " + e.network() + ") reached through " + reachable.size()
                    + " gateway(s) of its network" + (reachable.size() < gateways.size() ? " (those of the proxy's "
                    + "IP family " + view.ipMode() + ")" : ""));
            twice(notes, reachable);
        }
        for (final Object[] g : gatewayWeights)
        {
            final MeshNetworks.Gateway gw = (MeshNetworks.Gateway)g[1];
            out.add(new EndpointOrder.Candidate(gw.address(), gw.port(), Math.max(1, (Long)g[2]), (String)g[0],
                    TopologyLabels.gateway(gw)));
        }
        return out;
    }

    /** Adds a share to a gateway's weight in a locality; @return whether the uint32 sum wrapped. */
    private static boolean add(final List<Object[]> weights, final String locality, final MeshNetworks.Gateway g,
            final long share)
    {
        for (final Object[] w : weights)
        {
            if (w[0].equals(locality) && w[1].equals(g))
            {
                final long sum = (Long)w[2] + share;
                w[2] = sum & 0xFFFF_FFFFL; // a uint32 in Istio's splitWeightAmongGateways: the sum wraps
                return sum > 0xFFFF_FFFFL;
            }
        }
        weights.add(new Object[] {locality, g, share});
        return false;
    }

    /** Notes a gateway address and port found as two gateways: a Gateway API gateway's and its Service's. */
    private static void twice(final List<String> notes, final List<MeshNetworks.Gateway> reachable)
    {
        for (final MeshNetworks.Gateway g : reachable)
        {
            if (!g.serviceAccount().isEmpty() && reachable.stream().anyMatch(o -> o != g
                    && o.address().equals(g.address()) && o.port() == g.port()))
            {
                note(notes, "  gateway " + g.address() + ":" + g.port() + " counts once more for service account "
                        + g.serviceAccount() + " (a Gateway API gateway beside a Service at its address and port)");
            }
        }
    }

    private static void note(final List<String> notes, final String line)
    {
        if (notes != null)
        {
            notes.add(line);
        }
    }
}
