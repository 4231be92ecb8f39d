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

    /** A view: the model as its clients see it, and the addresses of it that are no domain ("host address"). */
    record View(RoutingModel model, java.util.Set<String> notDomains)
    {
    }

    /**
     * @param model a model.
     * @return by view ({@link #key}: a client's cluster and variant), the model as its clients see it, for each view
     *         whose clients see some host otherwise than the config cluster's clients of unknown family do.
     */
    static Map<String, View> of(final RoutingModel model)
    {
        final ClientProxies proxies = model.mesh().networks().proxies();
        final Map<String, View> out = new LinkedHashMap<>();
        final List<String> clusters = new ArrayList<>();
        clusters.add(null);
        clusters.addAll(proxies.remoteClusters());
        final int variants = AddressFamilies.present(proxies) | 1;
        for (final String cluster : clusters)
        {
            for (int v = 0; v < AddressFamilies.VARIANTS; v++)
            {
                if ((variants & 1 << v) == 0 || !AddressFamilies.differs(proxies, model.services(), cluster, v))
                {
                    continue;
                }
                final List<RegistryService> seen = new ArrayList<>();
                final java.util.Set<String> notDomains = new java.util.HashSet<>();
                for (final RegistryService s : model.services())
                {
                    final AddressFamilies.Seen a = AddressFamilies.seen(proxies, s, cluster, v);
                    seen.add(s.withAddresses(a.listener()));
                    a.notDomains().forEach(n -> notDomains.add(s.host() + " " + n));
                }
                out.put(key(cluster, v), new View(model.withServices(seen), java.util.Set.copyOf(notDomains)));
            }
        }
        return out;
    }

    /**
     * @param cluster a client's remote cluster id, {@code null} for the config cluster's.
     * @param family  its variant ({@link AddressFamilies#variant}).
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
        of(model).forEach((view, seen) -> out.put(view, new ReferenceRouter(seen.model(), seen.notDomains())));
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
        if (!mesh)
        {
            return null; // a gateway's virtual hosts have no address domains, its listeners no service addresses
        }
        final String cluster = r.remoteClient() == null ? null : r.remoteClient().cluster();
        final int variant = AddressFamilies.variant(model.mesh().networks().proxies().viewOf(r.src(), true));
        final ReferenceRouter seen = views.get(key(cluster, variant));
        if (seen != null && cluster != null)
        {
            RouteSteps.step(trace, "host", "a client of cluster " + cluster + " "
                    + ReferenceRouter.OWN_CLUSTER_ADDRESSES);
        }
        final int family = variant & 3;
        if (seen != null && (family == 1 || family == 2))
        {
            RouteSteps.step(trace, "host", "an IPv" + (family == 1 ? 4 : 6) + "-only client "
                    + AddressFamilies.OWN_FAMILY_ADDRESSES);
        }
        if (seen != null && family == 3)
        {
            RouteSteps.step(trace, "host", "a dual-stack client " + AddressFamilies.FIRST_FAMILY_ADDRESSES);
        }
        if (seen != null && variant >= 4)
        {
            RouteSteps.step(trace, "host", "a client " + AddressFamilies.AUTO_ADDRESSES);
        }
        return seen;
    }
}
