package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.H_CLUSTER_VIEWS;
import static dev.wirespeed.fib.l7.L7Layout.K_CLIENTS;

/**
 * The services' addresses as the request's client sees them (docs/routing.md §4 "Clusters"; {@code HOST_STAGE}'s
 * {@code H_CLUSTER_VIEWS}): a sidecar of a remote cluster whose clients reach some host by that cluster's own
 * addresses (Istio's {@code ClusterVIPs} of the proxy's {@code CLUSTER_ID}) reads its cluster's service records and
 * address keys, and a client whose IP family or DNS capture changes some host's addresses those of its variant (its
 * class in the client table {@code K_CLIENTS}, looked up only when some view depends on the variant); any other client
 * the config
 * cluster's. Asked once per request before the host stage, only when the FIB has such a view (then the remote-client
 * lookup by {@code src} runs here); a FIB without one costs a field test.
 */
final class ClusterViews
{
    /** Rows per client cluster: four families, without and with DNS capture. */
    private static final int VARIANTS = 8;

    private final IndexedTable hosts;
    /** The views' table (L7Layout's {@code H_CLUSTER_VIEWS}), -1 for none. */
    private final int table;
    /** The number of client classes with a family (0: no view depends on the family). */
    private final int classes;
    /** The first row ({view, svcStart}). */
    private final int rows;
    /** The config cluster's service records. */
    private final int base;
    /** The client table (the class of a sidecar by its source address, {@code K_CLIENTS}). */
    private final SourceAddressTable clients;

    ClusterViews(final IndexedTable hosts, final IndexedTable clusters, final HostStage stage)
    {
        this.hosts = hosts;
        this.table = hosts.intAt(H_CLUSTER_VIEWS);
        this.classes = table < 0 ? 0 : hosts.intAt(table + 1);
        this.rows = table + 3 + classes;
        this.base = stage.svcStart;
        stage.notDomainKeys = table >= 0 && hosts.intAt(table + 2 + classes) != 0;
        this.clients = new SourceAddressTable(clusters, clusters.intAt(K_CLIENTS));
    }

    /** @return whether some client cluster or family has a view of its own. */
    boolean any()
    {
        return table >= 0;
    }

    /**
     * Points the host stage at the client's view.
     *
     * @param stage the host stage.
     * @param q     the request's scratch (started).
     * @param mesh  whether the request is a sidecar's.
     */
    void seeFrom(final HostStage stage, final RequestScratch q, final boolean mesh)
    {
        int view = 0; // a gateway's request: the registry as given
        int svcStart = base;
        if (mesh)
        {
            int row = VARIANTS * q.remoteClusterOrdinal();
            if (classes > 0)
            {
                final int cls = clients.isEmpty() ? 0 : clients.lookup(q, 0); // 0: the mesh default's proxy
                row += cls < classes ? hosts.intAt(table + 2 + cls) : 0;
            }
            view = hosts.intAt(rows + 2 * row);
            svcStart = hosts.intAt(rows + 2 * row + 1);
        }
        if (view != stage.view)
        {
            stage.forgetAlias(); // resolved in another view
            stage.view = view;
        }
        stage.svcStart = svcStart;
    }
}
