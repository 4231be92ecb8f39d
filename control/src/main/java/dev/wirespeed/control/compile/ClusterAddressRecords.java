package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.AddressFamilies;
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
 * keys of its own ordinal; likewise for a single-stack client's IP family ({@link AddressFamilies}, a client of a
 * dual-stack Service). A config without such a view has none: its lookups read the config cluster's.
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
     * Writes the cluster views once the config cluster's service records are complete: one row per client cluster
     * ordinal and family ({@link AddressFamilies}: row {@code 3 * ordinal + family}).
     *
     * @param start    the config cluster's first service record.
     * @param services the services.
     * @return by key ordinal (a row), the services as that view sees them (index 0: the config cluster's,
     *         {@code services}); {@code null} for a row without a view of its own.
     */
    static List<List<RegistryService>> write(final CompileContext ctx, final IndexedTableWriter hostStage,
            final BitSet serviceNames, final int start, final List<RegistryService> services)
    {
        final ClientProxies proxies = ctx.model.mesh().networks().proxies();
        final List<String> clusters = new ArrayList<>();
        clusters.add(null);
        clusters.addAll(proxies.remoteClusters());
        final int families = AddressFamilies.present(proxies) | 1;
        final int rows = clusters.size() * AddressFamilies.FAMILIES;
        final List<List<RegistryService>> views = new ArrayList<>();
        final int[] svcStarts = new int[rows];
        final int[] viewIds = new int[rows];
        boolean any = false;
        boolean byFamily = false;
        for (int row = 0; row < rows; row++)
        {
            final String cluster = clusters.get(row / AddressFamilies.FAMILIES);
            final int family = row % AddressFamilies.FAMILIES;
            // what a row without a view of its own sees: its cluster's unfiltered row, that cluster's the config's
            final int unfiltered = family == 0 ? 0 : row - family;
            svcStarts[row] = row == 0 ? start : svcStarts[unfiltered];
            viewIds[row] = viewIds[unfiltered];
            if (row == 0)
            {
                views.add(services);
                continue;
            }
            if ((families & 1 << family) == 0 || !(family == 0 ? AddressFamilies.seesOtherAddresses(proxies, services,
                    cluster, 0) : AddressFamilies.filters(proxies, services, cluster, family)))
            {
                views.add(null);
                continue;
            }
            any = true;
            byFamily |= family != 0;
            final int copy = hostStage.reserveInts(services.size() * SVC_SIZE);
            svcStarts[row] = copy;
            viewIds[row] = row;
            final List<RegistryService> seen = new ArrayList<>();
            for (int i = 0; i < services.size(); i++)
            {
                for (int k = 0; k < SVC_SIZE; k++)
                {
                    hostStage.setInt(copy + i * SVC_SIZE + k, hostStage.intAt(start + i * SVC_SIZE + k));
                }
                final RegistryService s = services.get(i);
                final List<String> addresses = AddressFamilies.addressesFor(proxies, s, cluster, family);
                writeAddresses(ctx, hostStage, serviceNames, copy + i * SVC_SIZE, i, addresses, row);
                seen.add(s.withAddresses(addresses));
            }
            views.add(seen);
        }
        if (!any)
        {
            hostStage.setInt(H_CLUSTER_VIEWS, -1);
            return views;
        }
        final List<ClientProxies.View> classes = byFamily ? proxies.views() : List.of();
        final int table = hostStage.addInt(clusters.size() - 1);
        hostStage.addInt(classes.size());
        for (final ClientProxies.View v : classes)
        {
            hostStage.addInt(AddressFamilies.index(v.ipMode()));
        }
        for (int row = 0; row < rows; row++)
        {
            hostStage.addInt(viewIds[row]);
            hostStage.addInt(svcStarts[row]);
        }
        hostStage.setInt(H_CLUSTER_VIEWS, table);
        return views;
    }
}
