package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry as a remote cluster's client sees it (docs/routing.md §4 "Clusters"): each host at the addresses of
 * the client's own cluster (Istio's {@code Service.ClusterVIPs} of the proxy's {@code CLUSTER_ID}, read by
 * {@code GetAddressForProxy} for its listeners and by {@code GetAllAddressesForProxy} for its virtual hosts'
 * domains), its first cluster's when the client's cluster does not have it. Everything else of a service is the
 * same for every client, so a client of such a cluster is routed by an interpreter over that view.
 */
final class ClusterAddressViews
{
    private ClusterAddressViews()
    {
    }

    /**
     * @param model a model.
     * @return by remote cluster id, the model as its clients see it, for each cluster whose clients reach some host by
     *         other addresses than its first cluster's (none for the others).
     */
    static Map<String, RoutingModel> of(final RoutingModel model)
    {
        final ClientProxies proxies = model.mesh().networks().proxies();
        final Map<String, RoutingModel> out = new LinkedHashMap<>();
        for (final String cluster : proxies.remoteClusters())
        {
            if (proxies.seesOtherAddresses(model.services(), cluster))
            {
                final List<RegistryService> seen = new ArrayList<>();
                for (final RegistryService s : model.services())
                {
                    seen.add(s.withAddresses(proxies.addressesFor(s, cluster)));
                }
                // the view's hosts are at that cluster's addresses already: it has no views of its own
                out.put(cluster, model.withServices(seen).withMesh(model.mesh().withNetworks(model.mesh().networks()
                        .withProxies(proxies.withClusterAddresses(Map.of())))));
            }
        }
        return out;
    }

    /**
     * @param model a model.
     * @return by remote cluster id, an interpreter over the model as its clients see it ({@link #of}).
     */
    static Map<String, ReferenceRouter> routers(final RoutingModel model)
    {
        final Map<String, ReferenceRouter> out = new java.util.HashMap<>();
        of(model).forEach((cluster, view) -> out.put(cluster, new ReferenceRouter(view)));
        return out;
    }
}
