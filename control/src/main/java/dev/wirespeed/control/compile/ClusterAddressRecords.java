package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.reference.IpLiterals;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The services' addresses as each client sees them (docs/routing.md §4 "Clusters"): a service record's family and
 * first address and the SVC_BY_ADDRESS keys of a view, and the cluster views ({@code H_CLUSTER_VIEWS}): for each
 * remote client cluster whose clients reach some host by other addresses than its first cluster's (Istio's
 * {@code ClusterVIPs} of their {@code CLUSTER_ID}), a copy of the service records with that cluster's addresses and
 * keys of its own ordinal. A config without such a cluster has no view: its lookups read the config cluster's.
 */
final class ClusterAddressRecords
{
    private ClusterAddressRecords()
    {
    }

    /**
     * Writes a service record's family and first address, and the view's SVC_BY_ADDRESS keys of its addresses (the
     * first service with an address keeps it).
     *
     * @param rec       the service record.
     * @param svc       the service's index.
     * @param addresses its addresses in the view.
     * @param view      the view's key ordinal (0: the config cluster's).
     */
    static void writeAddresses(final CompileContext ctx, final IndexedTableWriter hostStage,
            final BitSet serviceNames, final int rec, final int svc, final List<String> addresses, final int view)
    {
        for (final String a : addresses)
        {
            final int addressId = ctx.s(CompileContext.asciiLower(a));
            serviceNames.set(addressId);
            final long k = hostKey(KEY_SVC_BY_ADDRESS, view, addressId);
            if (hostStage.get(k) < 0)
            {
                hostStage.put(k, svc);
            }
        }
        final byte[] address = addresses.isEmpty() ? null : IpLiterals.parse(addresses.get(0));
        hostStage.setInt(rec + SVC_FAMILY, address != null ? (address.length == 4 ? 4 : 6) : addresses.isEmpty() ? 0
                : -1); // -1: an address, but no literal one (a CIDR)
        final int[] words = address == null ? new int[4] : CompileContext.words(address);
        for (int w = 0; w < 4; w++)
        {
            hostStage.setInt(rec + SVC_ADDR + w, words[w]);
        }
    }

    /**
     * Writes the cluster views once the config cluster's service records are complete.
     *
     * @param start    the config cluster's first service record.
     * @param services the services.
     * @return by key ordinal, the services as that view sees them (index 0: the config cluster's, {@code services});
     *         {@code null} for a cluster without a view of its own.
     */
    static List<List<RegistryService>> write(final CompileContext ctx, final IndexedTableWriter hostStage,
            final BitSet serviceNames, final int start, final List<RegistryService> services)
    {
        final ClientProxies proxies = ctx.model.mesh().networks().proxies();
        final List<String> clusters = proxies.remoteClusters();
        final List<List<RegistryService>> views = new ArrayList<>();
        views.add(services);
        final int[] svcStarts = new int[clusters.size()];
        boolean any = false;
        for (int o = 1; o <= clusters.size(); o++)
        {
            final String cluster = clusters.get(o - 1);
            if (!proxies.seesOtherAddresses(services, cluster))
            {
                views.add(null);
                svcStarts[o - 1] = start;
                continue;
            }
            any = true;
            final int copy = hostStage.reserveInts(services.size() * SVC_SIZE);
            svcStarts[o - 1] = copy;
            final List<RegistryService> seen = new ArrayList<>();
            for (int i = 0; i < services.size(); i++)
            {
                for (int k = 0; k < SVC_SIZE; k++)
                {
                    hostStage.setInt(copy + i * SVC_SIZE + k, hostStage.intAt(start + i * SVC_SIZE + k));
                }
                final RegistryService s = services.get(i);
                final List<String> addresses = proxies.addressesFor(s, cluster);
                writeAddresses(ctx, hostStage, serviceNames, copy + i * SVC_SIZE, i, addresses, o);
                seen.add(s.withAddresses(addresses));
            }
            views.add(seen);
        }
        if (!any)
        {
            hostStage.setInt(H_CLUSTER_VIEWS, -1);
            return views;
        }
        final int table = hostStage.addInt(clusters.size());
        for (int o = 1; o <= clusters.size(); o++)
        {
            hostStage.addInt(views.get(o) == null ? 0 : o);
            hostStage.addInt(svcStarts[o - 1]);
        }
        hostStage.setInt(H_CLUSTER_VIEWS, table);
        return views;
    }
}
