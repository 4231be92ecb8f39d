package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.TopologyLabels;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.wirespeed.fib.l7.L7Layout.CT_ENTRY_SIZE;
import static dev.wirespeed.fib.l7.L7Layout.NW_CLUSTER_SHIFT;
import static dev.wirespeed.fib.l7.L7Layout.NW_ENTRY_SIZE;
import static dev.wirespeed.fib.l7.L7Layout.RC_SIZE;

/**
 * Writes the network records of clusters and the client table of the CLUSTERS section ({@code L7Layout}). The client
 * table ({@code K_CLIENTS}, docs/routing.md §4, "Networks") holds each address of a Pod whose proxy sees otherwise than
 * the default, with the class of its view, sorted by address for a binary search. An address two Pods write counts
 * for the first (as the reference's {@link ClientProxies#viewOf}).
 */
final class NetworkRecords
{
    private NetworkRecords()
    {
    }

    /**
     * Writes the client table, and the class of a gateway's request ({@code K_ROUTER_CLASS}) in the header.
     *
     * @param clusters the CLUSTERS section being written.
     * @param networks the mesh's networks, with the clients' proxies.
     * @param views    their distinct views, the default first (index: class; {@link MeshNetworks#views}).
     * @param header   the int index of the section's header.
     * @return the table's int index.
     */
    static int clients(final IndexedTableWriter clusters, final MeshNetworks networks,
            final List<ClientProxies.View> views, final int header)
    {
        final ClientProxies proxies = networks.proxies();
        clusters.setInt(header + dev.wirespeed.fib.l7.L7Layout.K_ROUTER_CLASS, networks.routerClass());
        if (views.size() > 1 << NW_CLUSTER_SHIFT)
        {
            throw new IllegalStateException("more than " + (1 << NW_CLUSTER_SHIFT) + " proxy views");
        }
        final List<long[]> rows = new ArrayList<>(); // {family, high, low, class}
        for (final ClientProxies.Proxy p : proxies.proxies())
        {
            for (final String a : p.addresses())
            {
                final long[] key = ClientProxies.key(a);
                if (key != null && !contains(rows, key))
                {
                    rows.add(new long[] {key[0], key[1], key[2], views.indexOf(p.view())});
                }
            }
        }
        return addressTable(clusters, rows);
    }

    /**
     * Writes the placed-client table ({@code K_CLIENT_NETWORKS}): each address of a Pod a {@code fromCidr} network
     * holds, with that network's string id; an address two Pods write counts for the first (as the reference's
     * {@link ClientProxies#placedNetwork}).
     *
     * @param clusters the CLUSTERS section being written.
     * @param networks the mesh's networks (empty table when the proxies' network does not depend on their address).
     * @param strings  a network's string id.
     * @return the table's int index.
     */
    static int placedClients(final IndexedTableWriter clusters, final MeshNetworks networks,
            final java.util.function.ToIntFunction<String> strings)
    {
        final List<long[]> rows = new ArrayList<>(); // {family, high, low, network}
        final boolean byAddress = TopologyLabels.proxyNetwork(networks).isEmpty();
        for (final ClientProxies.Placed p : byAddress ? networks.proxies().placed() : List.<ClientProxies.Placed>of())
        {
            for (final String a : p.addresses())
            {
                final long[] key = ClientProxies.key(a);
                if (key != null && !contains(rows, key))
                {
                    rows.add(new long[] {key[0], key[1], key[2], strings.applyAsInt(p.network())});
                }
            }
        }
        return addressTable(clusters, rows);
    }

    /**
     * Writes the remote-client table ({@code K_REMOTE_CLIENTS}): each address of a remote cluster's Pod with the int
     * index of its record {@code RC_*} (its cluster id, the network its labels get, its {@code NETWORK} metadata, its
     * cluster's ordinal among {@link ClientProxies#remoteClusters}), the records first; an address two Pods write
     * counts for the first (as {@link ClientProxies#remoteClient}).
     *
     * @param clusters the CLUSTERS section being written.
     * @param proxies  the clients' proxies.
     * @param strings  a string's id.
     * @return the table's int index.
     */
    static int remoteClients(final IndexedTableWriter clusters, final ClientProxies proxies,
            final java.util.function.ToIntFunction<String> strings)
    {
        final List<long[]> rows = new ArrayList<>(); // {family, high, low, record}
        final List<String> ordinals = proxies.remoteClusters();
        for (final ClientProxies.Remote p : proxies.remote())
        {
            final int record = clusters.intCount();
            clusters.addInt(strings.applyAsInt(p.cluster()));
            clusters.addInt(p.network().isEmpty() ? -1 : strings.applyAsInt(p.network()));
            clusters.addInt(strings.applyAsInt(p.metadataNetwork()));
            clusters.addInt(1 + ordinals.indexOf(p.cluster()));
            assert clusters.intCount() == record + RC_SIZE;
            for (final String a : p.addresses())
            {
                final long[] key = ClientProxies.key(a);
                if (key != null && !contains(rows, key))
                {
                    rows.add(new long[] {key[0], key[1], key[2], record});
                }
            }
        }
        return addressTable(clusters, rows);
    }

    /** Writes rows {family, high, low, value} sorted by address: {count, {family, 4 words, value}[count]}. */
    private static int addressTable(final IndexedTableWriter clusters, final List<long[]> rows)
    {
        rows.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparing((x, y) -> Long.compareUnsigned(x[1], y[1]))
                .thenComparing((x, y) -> Long.compareUnsigned(x[2], y[2])));
        final int at = clusters.intCount();
        clusters.addInt(rows.size());
        for (final long[] r : rows)
        {
            clusters.addInt((int)r[0]);
            clusters.addInt((int)(r[1] >>> 32));
            clusters.addInt((int)r[1]);
            clusters.addInt((int)(r[2] >>> 32));
            clusters.addInt((int)r[2]);
            clusters.addInt((int)r[3]);
        }
        assert clusters.intCount() == at + 1 + rows.size() * CT_ENTRY_SIZE;
        return at;
    }

    /**
     * Writes a cluster's network record (NW_*); its variants follow the {@code clusterCount} clusters.
     *
     * @param entries {network, class, variant}[], or {@code null} when every client sees the cluster's endpoints; when
     *                a class holds a client cluster ({@code NW_CLUSTER_SHIFT}) the count is written negative.
     * @return the record's int index, -1 for none.
     */
    static int network(final IndexedTableWriter clusters, final int[] entries, final int clusterCount)
    {
        if (entries == null)
        {
            return -1;
        }
        boolean byCluster = false;
        for (int k = 1; k < entries.length; k += NW_ENTRY_SIZE)
        {
            byCluster |= entries[k] >= 1 << NW_CLUSTER_SHIFT;
        }
        final int at = clusters.intCount();
        clusters.addInt(byCluster ? -(entries.length / NW_ENTRY_SIZE) : entries.length / NW_ENTRY_SIZE);
        for (int k = 0; k < entries.length; k += NW_ENTRY_SIZE)
        {
            clusters.addInt(entries[k]);
            clusters.addInt(entries[k + 1]);
            clusters.addInt(clusterCount + entries[k + 2]);
        }
        return at;
    }

    private static boolean contains(final List<long[]> rows, final long[] key)
    {
        for (final long[] r : rows)
        {
            if (r[0] == key[0] && r[1] == key[1] && r[2] == key[2])
            {
                return true;
            }
        }
        return false;
    }
}
