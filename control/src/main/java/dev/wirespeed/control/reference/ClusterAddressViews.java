package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.AddressFamilies;
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
 * domains), its first cluster's when the client's cluster does not have it, and for a single-stack client those of
 * its IP family ({@link AddressFamilies}). Everything else of a service is the same for every client, so such a
 * client is routed by an interpreter over that view.
 */
final class ClusterAddressViews
{
    private ClusterAddressViews()
    {
    }

    /**
     * @param model a model.
     * @return by view ({@link #key}: a client's cluster and IP family), the model as its clients see it, for each view
     *         whose clients reach some host by other addresses than its first cluster's (none for the others).
     */
    static Map<String, RoutingModel> of(final RoutingModel model)
    {
        final ClientProxies proxies = model.mesh().networks().proxies();
        final Map<String, RoutingModel> out = new LinkedHashMap<>();
        final List<String> clusters = new ArrayList<>();
        clusters.add(null);
        clusters.addAll(proxies.remoteClusters());
        final int families = AddressFamilies.present(proxies) | 1;
        for (final String cluster : clusters)
        {
            for (int f = 0; f < AddressFamilies.FAMILIES; f++)
            {
                if ((families & 1 << f) == 0 || !(f == 0 ? AddressFamilies.seesOtherAddresses(proxies,
                        model.services(), cluster, 0) : AddressFamilies.filters(proxies, model.services(), cluster, f)))
                {
                    continue;
                }
                final List<RegistryService> seen = new ArrayList<>();
                for (final RegistryService s : model.services())
                {
                    seen.add(s.withAddresses(AddressFamilies.addressesFor(proxies, s, cluster, f)));
                }
                // the view's hosts are at that cluster's addresses already: it has no views of its own
                out.put(key(cluster, f), model.withServices(seen).withMesh(model.mesh().withNetworks(model.mesh()
                        .networks().withProxies(proxies.withClusterAddresses(Map.of())))));
            }
        }
        return out;
    }

    /**
     * @param cluster a client's remote cluster id, {@code null} for the config cluster's.
     * @param family  its family index ({@link AddressFamilies#index}).
     * @return the key of its view.
     */
    static String key(final String cluster, final int family)
    {
        return (cluster == null ? "" : cluster) + "/" + family;
    }

    /**
     * @param model a model.
     * @return by view ({@link #key}), an interpreter over the model as its clients see it ({@link #of}).
     */
    static Map<String, ReferenceRouter> routers(final RoutingModel model)
    {
        final Map<String, ReferenceRouter> out = new java.util.HashMap<>();
        of(model).forEach((view, seen) -> out.put(view, new ReferenceRouter(seen)));
        return out;
    }

    /**
     * @param views the interpreters by view ({@link #routers}).
     * @param model the model.
     * @param r     a request.
     * @param trace the explain listener, or {@code null}.
     * @return the interpreter over the registry as the request's client sees it (its cluster's addresses of hosts, of
     *         its IP family), {@code null} when it sees the config cluster's.
     */
    static ReferenceRouter seenFrom(final Map<String, ReferenceRouter> views, final RoutingModel model,
            final RequestFacts r, final RouteTrace trace)
    {
        final boolean mesh = "mesh".equals(r.gateway());
        final String cluster = r.remoteClient() == null ? null : r.remoteClient().cluster();
        final int family = mesh ? AddressFamilies.index(model.mesh().networks().proxies().viewOf(r.src(), true)
                .ipMode()) : 0;
        final ReferenceRouter filtered = views.get(key(cluster, family)); // a dual-stack Service's family filter
        final ReferenceRouter seen = filtered != null ? filtered : views.get(key(cluster, 0));
        if (seen != null && cluster != null)
        {
            RouteSteps.step(trace, "host", "a client of cluster " + cluster + " "
                    + ReferenceRouter.OWN_CLUSTER_ADDRESSES);
        }
        if (filtered != null && family != 0)
        {
            RouteSteps.step(trace, "host", "an IPv" + (family == 1 ? 4 : 6) + "-only client "
                    + AddressFamilies.OWN_FAMILY_ADDRESSES);
        }
        return seen;
    }
}
