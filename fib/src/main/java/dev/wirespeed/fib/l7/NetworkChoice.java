package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The network filter of the cluster stage (Istio's {@code EndpointsByNetworkFilter}, docs/routing.md §4, "Networks"):
 * a client reaches the endpoints of its own network directly and those of another network through that network's
 * gateways, which the compiler has already put in place for each network a cluster's endpoints are on and for each
 * view a client's proxy can have (the networks it requested, its IP families). This step only chooses, before the
 * load balancer, which of a cluster's endpoint sets the client sees: the one of its network (its source label
 * {@code topology.istio.io/network}, else, for a remote cluster's Pod, its cluster's {@code istio-system} Namespace's,
 * else the config cluster's) and class (a sidecar whose source
 * address is in the client table, else class 0; a gateway's request: the router class, {@code K_ROUTER_CLASS}), else
 * the one of any other network and its class, else the cluster's
 * own. For a cluster-local host with clients in remote clusters the client's cluster is part of its class (the
 * endpoints of its own cluster, docs/routing.md §4 "Clusters"). Reads a cluster's network record and the client
 * table in {@code CLUSTERS}; allocates nothing.
 */
final class NetworkChoice
{
    private final IndexedTable clusters;
    private final RequestScratch q;
    private final int networkLabel;
    private final int systemNetwork;
    private final SourceAddressTable clients;
    private final int routerClass;

    NetworkChoice(final IndexedTable clusters, final RequestScratch q)
    {
        this.clusters = clusters;
        this.q = q;
        this.networkLabel = clusters.intAt(K_NETWORK_LABEL);
        this.systemNetwork = clusters.intAt(K_SYSTEM_NETWORK);
        this.clients = new SourceAddressTable(clusters, clusters.intAt(K_CLIENTS));
        this.routerClass = clusters.intAt(K_ROUTER_CLASS);
    }

    /**
     * @param cl      a cluster.
     * @param rec     its network record.
     * @param sidecar whether the request is a sidecar's (its source address names its proxy).
     * @return the cluster record whose endpoints the client sees ({@code cl}'s own when its network is not listed and
     *         its class is 0).
     */
    int variant(final int cl, final int rec, final boolean sidecar)
    {
        final int handle = q.writtenSourceLabel(networkLabel); // the proxy's NETWORK metadata, not its labels
        final int remote = handle < 0 ? q.remoteMetadataNetwork() : -2; // a remote cluster's Pod: its cluster's
        final int network = handle >= 0 ? q.findValue(handle) : remote != -2 ? remote : systemNetwork; // -1: none
        int cls = !sidecar ? routerClass : !clients.isEmpty() ? clients.lookup(q, 0) : 0;
        int count = clusters.intAt(rec + NW_COUNT);
        if (count < 0) // a cluster-local host: the client's cluster keys its endpoints too
        {
            count = -count;
            cls += q.remoteClusterOrdinal() << NW_CLUSTER_SHIFT;
        }
        int other = cl;
        for (int k = 0; k < count; k++)
        {
            final int e = rec + NW_ENTRIES + NW_ENTRY_SIZE * k;
            if (clusters.intAt(e + 1) == cls)
            {
                final int n = clusters.intAt(e);
                if (n == network)
                {
                    return clusters.intAt(e + 2);
                }
                if (n == NW_ANY_NETWORK)
                {
                    other = clusters.intAt(e + 2);
                }
            }
        }
        return other;
    }
}
