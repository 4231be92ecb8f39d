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
 * client cluster and variant ({@link AddressFamilies}: IP family, DNS capture) whose clients see some host otherwise
 * than by its first cluster's addresses, all domains (Istio's {@code ClusterVIPs} of their {@code CLUSTER_ID}, the
 * family filter, the fallback to the {@code DefaultAddress}, auto-allocated addresses), a copy of the service records
 * with those addresses and keys of its own ordinal. A config without such a view has none: its lookups read the
 * config cluster's.
 */
final class ClusterAddressRecords
{
    private ClusterAddressRecords()
    {
    }

    /**
     * Writes a service record's family and first address, and the view's SVC_BY_ADDRESS keys of its addresses: a
     * domain's under the view's ordinal, a listener address that is no domain under the ordinal with
     * {@code SVC_ADDRESS_NOT_DOMAIN} (the first service with an address keeps each key).
     *
     * @param rec        the service record.
     * @param svc        the service's index.
     * @param addresses  its listener addresses in the view.
     * @param notDomains those of them that are no domain (lower-case).
     * @param view       the view's key ordinal (0: the config cluster's).
     */
    static void writeAddresses(final CompileContext ctx, final IndexedTableWriter hostStage,
            final BitSet serviceNames, final int rec, final int svc, final List<String> addresses,
            final List<String> notDomains, final int view)
    {
        for (final String a : addresses)
        {
            final String lower = CompileContext.asciiLower(a);
            final int addressId = ctx.s(lower);
            serviceNames.set(addressId);
            final long k = hostKey(KEY_SVC_BY_ADDRESS, notDomains.contains(lower) ? view | SVC_ADDRESS_NOT_DOMAIN
                    : view, addressId);
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
     * ordinal and variant ({@link AddressFamilies}: row {@code VARIANTS * ordinal + variant}); a row that sees every
     * service as the config cluster's clients of unknown family do reads row 0, rows that see alike share a view.
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
        final int variants = AddressFamilies.present(proxies) | 1;
        final int rows = clusters.size() * AddressFamilies.VARIANTS;
        final List<List<RegistryService>> views = new ArrayList<>();
        final int[] svcStarts = new int[rows];
        final int[] viewIds = new int[rows];
        final java.util.Map<List<AddressFamilies.Seen>, Integer> written = new java.util.HashMap<>();
        boolean any = false;
        boolean notDomains = false;
        List<RegistryService> rowZero = null;
        for (int row = 0; row < rows; row++)
        {
            final String cluster = clusters.get(row / AddressFamilies.VARIANTS);
            final int variant = row % AddressFamilies.VARIANTS;
            svcStarts[row] = start;
            viewIds[row] = 0;
            if (row != 0)
            {
                views.add(null);
            }
            if ((variants & 1 << variant) == 0 || !AddressFamilies.differs(proxies, services, cluster, variant))
            {
                if (row == 0)
                {
                    views.add(services);
                }
                continue;
            }
            final List<AddressFamilies.Seen> seen = new ArrayList<>();
            for (final RegistryService s : services)
            {
                seen.add(AddressFamilies.seen(proxies, s, cluster, variant));
            }
            any = true;
            final Integer same = written.get(seen);
            if (same != null)
            {
                svcStarts[row] = svcStarts[same];
                viewIds[row] = viewIds[same];
                continue;
            }
            written.put(seen, row);
            // the key ordinal: the row's, but the config cluster's clients of unknown family (a host of remote
            // clusters only) one past the rows, ordinal 0 staying the registry as given (a gateway's)
            final int id = row == 0 ? rows : row;
            final int copy = hostStage.reserveInts(services.size() * SVC_SIZE);
            svcStarts[row] = copy;
            viewIds[row] = id;
            final List<RegistryService> view = new ArrayList<>();
            for (int i = 0; i < services.size(); i++)
            {
                for (int k = 0; k < SVC_SIZE; k++)
                {
                    hostStage.setInt(copy + i * SVC_SIZE + k, hostStage.intAt(start + i * SVC_SIZE + k));
                }
                final AddressFamilies.Seen a = seen.get(i);
                writeAddresses(ctx, hostStage, serviceNames, copy + i * SVC_SIZE, i, a.listener(), a.notDomains(),
                        id);
                notDomains |= !a.notDomains().isEmpty();
                view.add(services.get(i).withAddresses(a.listener()));
            }
            if (row == 0)
            {
                views.add(services);
                rowZero = view;
            }
            else
            {
                views.set(row, view);
            }
        }
        views.add(rowZero); // the key ordinal one past the rows' (null: none)
        if (!any)
        {
            hostStage.setInt(H_CLUSTER_VIEWS, -1);
            return views;
        }
        writeTable(hostStage, proxies, clusters.size(), variants, viewIds, svcStarts, notDomains);
        return views;
    }

    /** Writes the H_CLUSTER_VIEWS table (docs/fib.md) of the rows' views. */
    private static void writeTable(final IndexedTableWriter hostStage, final ClientProxies proxies,
            final int clusters, final int variants, final int[] viewIds, final int[] svcStarts,
            final boolean notDomains)
    {
        final int rows = viewIds.length;
        boolean byVariant = false;
        for (int row = 0; row < rows; row++)
        {
            final int first = row - row % AddressFamilies.VARIANTS; // the cluster's variant 0
            byVariant |= viewIds[row] != viewIds[first] && (variants & 1 << (row - first)) != 0;
        }
        final List<ClientProxies.View> classes = byVariant ? proxies.views() : List.of();
        final int table = hostStage.addInt(clusters - 1);
        hostStage.addInt(classes.size());
        for (final ClientProxies.View v : classes)
        {
            hostStage.addInt(AddressFamilies.variant(v));
        }
        hostStage.addInt(notDomains ? 1 : 0);
        for (int row = 0; row < rows; row++)
        {
            hostStage.addInt(viewIds[row]);
            hostStage.addInt(svcStarts[row]);
        }
        hostStage.setInt(H_CLUSTER_VIEWS, table);
    }
}
