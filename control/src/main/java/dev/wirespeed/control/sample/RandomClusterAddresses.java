package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.l7.RequestHash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The remote cluster's own addresses of hosts (docs/routing.md §4 "Clusters"; {@link #draw}), and requests that name
 * a host by them ({@link #swap}): now and then (drawn from the request id, not the random stream) an authority or
 * destination written as a service's address becomes the remote cluster's address of that service, and an authority
 * written as no service's a remote cluster's address of some host.
 */
final class RandomClusterAddresses
{
    private RandomClusterAddresses()
    {
    }

    /**
     * Sometimes the remote cluster's own addresses of some hosts (docs/routing.md §4 "Clusters", Istio's
     * {@code ClusterVIPs}): a clusterIP of its own (IPv4 or IPv6), none (headless there), the host's own, or another
     * host's (the clusters' address spaces are apart). Drawn from a generator of its own seeded by the networks' mix,
     * not the random stream.
     */
    static Map<String, Map<String, List<String>>> draw(final List<RegistryService> services,
            final long mix)
    {
        final SplittableRandom r = new SplittableRandom(mix * 31 + 17);
        if (services.isEmpty() || r.nextInt(3) == 0)
        {
            return Map.of();
        }
        final Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        final int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++)
        {
            final RegistryService s = services.get(r.nextInt(services.size()));
            final List<String> own = switch (r.nextInt(6))
            {
                case 0 -> List.of();
                case 1 -> s.addresses();
                case 2 -> List.of("2001:db8:97::" + (k + 1));
                case 3 -> services.get(r.nextInt(services.size())).addresses().stream().limit(1).toList();
                default -> List.of("10.97.0." + (10 + k));
            };
            // the config cluster has every host, first (as the loader writes it)
            out.put(s.host(), Map.of(RandomServices.REMOTE_CLUSTER, own, MeshNetworks.CLUSTER_ID, s.addresses()));
        }
        if (r.nextInt(3) == 0)
        {
            // now and then a host of the remote cluster only (its addresses the remote cluster's, as given): the config
            // cluster's clients reach it by its DefaultAddress alone
            final RegistryService s = services.get(r.nextInt(services.size()));
            out.put(s.host(), Map.of(RandomServices.REMOTE_CLUSTER, s.addresses()));
        }
        return out;
    }

    /**
     * @param model the model.
     * @param id    the request id.
     * @param salt  tells the authority's draw from the destination's.
     * @param text  an authority or destination as drawn ({@code null}: none).
     * @return it, or the remote cluster's address of a host in its place (its port or brackets kept).
     */
    /** {@link #swap}'s salt for an authority (a destination's is any other). */
    private static final int AUTHORITY = 1;

    static String swap(final RoutingModel model, final long id, final int salt, final String text)
    {
        final Map<String, Map<String, List<String>>> byHost = model.mesh().networks().proxies().clusterAddresses();
        final long mix = RequestHash.mix64(id * 7727 + salt);
        if (byHost.isEmpty() || (mix & 1) == 0 || text == null)
        {
            return text;
        }
        final List<String> remote = new ArrayList<>();
        for (final RegistryService s : model.services())
        {
            final Map<String, List<String>> own = byHost.get(s.host());
            final List<String> there = own == null ? null : own.get(RandomServices.REMOTE_CLUSTER);
            if (there == null || there.isEmpty())
            {
                continue;
            }
            remote.addAll(there);
            for (final String a : s.addresses())
            {
                if (text.equals(a) || text.startsWith(a + ":") || text.startsWith("[" + a + "]"))
                {
                    final String to = there.get((int)Math.floorMod(mix >>> 1, (long)there.size()));
                    final String rest = text.substring(text.startsWith("[") ? a.length() + 2 : a.length());
                    return rest.isEmpty() ? to : to.indexOf(':') >= 0 ? "[" + to + "]" + rest : to + rest;
                }
            }
        }
        // an authority of no service's address: now and then a remote cluster's address of some host
        return remote.isEmpty() || salt != AUTHORITY || (mix >>> 8 & 3) != 0 ? text
                : remote.get((int)Math.floorMod(mix >>> 10, (long)remote.size()));
    }
}
