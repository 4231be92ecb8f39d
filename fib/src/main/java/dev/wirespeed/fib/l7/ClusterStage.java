package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Cluster stage (reads {@code CLUSTERS}, {@code ENDPOINTS} and a route's header operations in
 * {@code ACTIONS}): destination → port (destination's, request's, service's only one) → cluster for the
 * client's namespace class (DestinationRule, subset, endpoints and load balancer all decided at compile
 * time) → endpoint by the cluster's load balancer. {@code NC} when there is no such cluster, {@code UH}
 * when it has no healthy endpoint. Last L7 stage: the endpoint goes to the L3 stage.
 */
final class ClusterStage
{
    private final IndexedTable clusters;
    private final IndexedTable actions;
    private final HostStage hostStage;
    private final RequestScratch q;
    private final int nsCount;
    private final int nsStart;
    private final int destStart;
    private final int clusterStart;

    ClusterStage(final IndexedTable clusters, final IndexedTable actions, final HostStage hostStage,
            final RequestScratch q)
    {
        this.clusters = clusters;
        this.actions = actions;
        this.hostStage = hostStage;
        this.q = q;
        this.nsCount = clusters.intAt(K_NS_COUNT);
        this.nsStart = clusters.intAt(K_NS_START);
        this.destStart = clusters.intAt(K_DEST_START);
        this.clusterStart = clusters.intAt(K_CLUSTER_START);
    }

    int nsClass()
    {
        for (int k = 0; k < nsCount; k++)
        {
            if (clusters.intAt(nsStart + k) == q.nsId)
            {
                return k;
            }
        }
        return nsCount;
    }

    private static final int ABSENT = 0;
    private static final int FROM_REQUEST = 1;
    private static final int FROM_STRING = 2;

    private int destOps = -1;
    private boolean weighted;
    private int state;
    private int stateString;

    void route(final int dest, final int actionRec)
    {
        route(dest, actionRec, -1, false);
    }

    /**
     * @param dest      the destination.
     * @param actionRec the route's action record, -1 for none (default route, TCP).
     * @param destOps   the chosen destination's {opCount, opStart, authorityId} record, -1 for none.
     * @param weighted  the route has several destinations (its header operations are two levels).
     */
    void route(final int dest, final int actionRec, final int destOps, final boolean weighted)
    {
        this.destOps = destOps;
        this.weighted = weighted;
        q.res.destination = dest;
        final int d = destStart + dest * DEST_SIZE;
        final int svc = clusters.intAt(d + D_SERVICE);
        int port = clusters.intAt(d + D_PORT);
        if (port == 0)
        {
            port = svc < 0 ? q.res.requestPort : hostStage.servicePort(svc);
        }
        q.res.port = port;
        final int portIndex = svc < 0 ? -1 : hostStage.portIndex(svc, port);
        if (portIndex < 0)
        {
            noCluster();
            return;
        }
        final int portCount = hostStage.portCount(svc);
        final int cl = clusters.intAt(clusters.intAt(d + D_TABLE) + nsClass() * portCount + portIndex);
        if (cl < 0)
        {
            noCluster();
            return;
        }
        q.res.cluster = cl;
        final int c = clusterStart + cl * CLUSTER_SIZE;
        final int n = clusters.intAt(c + CL_EP_COUNT);
        if (n == 0)
        {
            q.res.action = Actions.DROP;
            q.res.status = 503;
            q.res.flags |= L7Result.FLAG_UH;
            q.res.reason = Reasons.NO_HEALTHY_UPSTREAM;
            return;
        }
        q.res.endpoint = clusters.intAt(c + CL_EP_START) + pickEndpoint(c, n, actionRec);
    }

    /**
     * @param dest a destination.
     * @return the cluster it has for the client (its port on the service, its subset in the client's
     *         DestinationRule), or -1 ({@code NC}); nothing is written.
     */
    int clusterOf(final int dest)
    {
        final int d = destStart + dest * DEST_SIZE;
        final int svc = clusters.intAt(d + D_SERVICE);
        final int port = clusters.intAt(d + D_PORT);
        final int portIndex = svc < 0 || port == 0 ? -1 : hostStage.portIndex(svc, port);
        return portIndex < 0 ? -1
                : clusters.intAt(clusters.intAt(d + D_TABLE) + nsClass() * hostStage.portCount(svc) + portIndex);
    }

    void noCluster()
    {
        q.res.action = Actions.DROP;
        q.res.status = 503;
        q.res.flags |= L7Result.FLAG_NC;
        q.res.reason = Reasons.NO_CLUSTER;
    }

    int pickEndpoint(final int c, final int n, final int actionRec)
    {
        final long id = q.res.requestId;
        switch (clusters.intAt(c + CL_LB))
        {
            case LB_ROUND_ROBIN:
                return (int)Math.floorMod(id, (long)n);
            case LB_RANDOM:
                return RequestHash.hash(id, RequestHash.LB) % n;
            case LB_CONSISTENT_HASH:
                final long key = hashKey(clusters.intAt(c + CL_HASH_KIND), clusters.intAt(c + CL_HASH_NAME),
                        actionRec);
                return key == 0 ? RequestHash.hash(id, RequestHash.LB) % n : RequestHash.jump(key, n);
            default:
                return RequestHash.hash(id, RequestHash.LB2) % n;
        }
    }

    /** @return the consistent-hash key's hash, 0 when the key is absent. */
    long hashKey(final int kind, final int name, final int actionRec)
    {
        if (kind == HASH_SOURCE_IP)
        {
            return q.loadHandle(L7RequestView.SOURCE_IP) ? q.hashBytes(q.val, 0, q.valLen) : 0;
        }
        if (q.res.tcp)
        {
            return 0;
        }
        if (kind == HASH_QUERY)
        {
            return q.findQuery(name) ? q.hashBytes(q.path, q.queryOff, q.queryLen) : 0;
        }
        // docs/routing.md §3.5: the first upstream value after the header operations, level by level
        state = q.loadHandle(q.header(name)) ? FROM_REQUEST : ABSENT;
        final int routeCount = actionRec < 0 ? 0 : actions.intAt(actionRec + R_OP_COUNT);
        final int routeStart = actionRec < 0 ? 0 : actions.intAt(actionRec + R_OP_START);
        final int destCount = destOps < 0 ? 0 : actions.intAt(destOps + DO_OP_COUNT);
        final int destStart = destOps < 0 ? 0 : actions.intAt(destOps + DO_OP_START);
        if (weighted)
        {
            removes(destCount, destStart, name);
            writes(destCount, destStart, name);
            removes(routeCount, routeStart, name);
            writes(routeCount, routeStart, name);
        }
        else
        {
            removes(routeCount, routeStart, name);
            removes(destCount, destStart, name);
            writes(routeCount, routeStart, name);
            writes(destCount, destStart, name);
        }
        if (state == FROM_STRING)
        {
            return q.hashString(stateString);
        }
        if (state == FROM_REQUEST && q.loadHandle(q.header(name)))
        {
            return q.hashBytes(q.val, 0, q.valLen);
        }
        return 0;
    }

    private void removes(final int count, final int start, final int name)
    {
        for (int k = 0; k < count; k++)
        {
            final int o = start + 3 * k;
            if (actions.intAt(o) == OP_REMOVE && actions.intAt(o + 1) == name)
            {
                state = ABSENT;
            }
        }
    }

    private void writes(final int count, final int start, final int name)
    {
        for (int k = 0; k < count; k++)
        {
            final int o = start + 3 * k;
            if (actions.intAt(o + 1) != name)
            {
                continue;
            }
            final int op = actions.intAt(o);
            if (op == OP_SET || op == OP_ADD && state == ABSENT)
            {
                state = FROM_STRING;
                stateString = actions.intAt(o + 2);
            }
        }
    }
}
