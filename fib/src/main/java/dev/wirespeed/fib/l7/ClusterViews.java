package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.H_CLUSTER_VIEWS;

/**
 * The services' addresses as the request's client sees them (docs/routing.md §4 "Clusters"; {@code HOST_STAGE}'s
 * {@code H_CLUSTER_VIEWS}): a sidecar of a remote cluster whose clients reach some host by that cluster's own
 * addresses (Istio's {@code ClusterVIPs} of the proxy's {@code CLUSTER_ID}) reads its cluster's service records and
 * address keys; any other client the config cluster's. Asked once per request before the host stage, only when the
 * FIB has such a view (then the remote-client lookup by {@code src} runs here); a FIB without one costs a field test.
 */
final class ClusterViews
{
    private final IndexedTable hosts;
    /** The views' table ({ count, {view, svcStart}[count] }), -1 for none. */
    private final int table;
    /** The config cluster's service records. */
    private final int base;

    ClusterViews(final IndexedTable hosts, final HostStage stage)
    {
        this.hosts = hosts;
        this.table = hosts.intAt(H_CLUSTER_VIEWS);
        this.base = stage.svcStart;
    }

    /** @return whether some remote client cluster has a view of its own. */
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
        final int ordinal = mesh ? q.remoteClusterOrdinal() : 0;
        final int view = ordinal == 0 ? 0 : hosts.intAt(table + 2 * ordinal - 1);
        if (view != stage.view)
        {
            stage.forgetAlias(); // resolved in another view
            stage.view = view;
        }
        stage.svcStart = ordinal == 0 ? base : hosts.intAt(table + 2 * ordinal);
    }
}
