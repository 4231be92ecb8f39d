package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.l3.IpText;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The network filter of the cluster stage (Istio's {@code EndpointsByNetworkFilter}, docs/routing.md §4, "Networks"):
 * a client reaches the endpoints of its own network directly and those of another network through that network's
 * gateways, which the compiler has already put in place for each network a cluster's endpoints are on and for each
 * view a client's proxy can have (the networks it requested, its IP families). This step only chooses, before the
 * load balancer, which of a cluster's endpoint sets the client sees: the one of its network (its source label
 * {@code topology.istio.io/network}, else the {@code istio-system} Namespace's) and class (a sidecar whose source
 * address is in the client table, else class 0), else the one of any other network and its class, else the cluster's
 * own. Reads a cluster's network record and the client table in {@code CLUSTERS}; allocates nothing.
 */
final class NetworkChoice
{
    private final IndexedTable clusters;
    private final RequestScratch q;
    private final int networkLabel;
    private final int systemNetwork;
    private final int clientTable;
    private final int clientCount;
    private final long[] v6 = new long[2];
    private final int[] groups = new int[8];
    /** The last source address looked up and its class (a client's requests usually come one after another). */
    private final RequestScratch.Memo last = new RequestScratch.Memo();

    NetworkChoice(final IndexedTable clusters, final RequestScratch q)
    {
        this.clusters = clusters;
        this.q = q;
        this.networkLabel = clusters.intAt(K_NETWORK_LABEL);
        this.systemNetwork = clusters.intAt(K_SYSTEM_NETWORK);
        this.clientTable = clusters.intAt(K_CLIENTS);
        this.clientCount = clusters.intAt(clientTable + CT_COUNT);
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
        final int network = handle < 0 ? systemNetwork : q.findValue(handle); // -1: a network no endpoint is on
        final int cls = sidecar && clientCount > 0 ? clientClass() : 0;
        final int count = clusters.intAt(rec + NW_COUNT);
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

    /** @return the class of the request's source address in the client table, 0 when it is not there. */
    private int clientClass()
    {
        if (last.length >= 0 && q.req.contentEquals(L7RequestView.SOURCE_IP, last.bytes, last.length))
        {
            return last.id; // compared in place: nothing copied, parsed or searched
        }
        if (!q.loadHandle(L7RequestView.SOURCE_IP))
        {
            return 0;
        }
        final int cls = search();
        last.bytes = RequestScratch.ensure(last.bytes, q.valLen);
        System.arraycopy(q.val, 0, last.bytes, 0, q.valLen);
        last.length = q.valLen;
        last.id = cls;
        return cls;
    }

    /** @return the class of the address in {@code q.val} in the client table, 0 when it is not there. */
    private int search()
    {
        final int family;
        final long hi;
        final long lo;
        final long v4 = IpText.parseIpv4(q.val, 0, q.valLen);
        if (v4 != IpText.INVALID)
        {
            family = 4;
            hi = 0;
            lo = v4;
        }
        else if (IpText.parseIpv6(q.val, 0, q.valLen, v6, groups))
        {
            family = 6;
            hi = v6[0];
            lo = v6[1];
        }
        else
        {
            return 0;
        }
        int low = 0;
        int high = clientCount - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int e = clientTable + CT_ENTRIES + CT_ENTRY_SIZE * mid;
            int c = Integer.compare(clusters.intAt(e), family);
            if (c == 0)
            {
                c = Long.compareUnsigned(word(e + 1), hi);
            }
            if (c == 0)
            {
                c = Long.compareUnsigned(word(e + 3), lo);
            }
            if (c == 0)
            {
                return clusters.intAt(e + 5);
            }
            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return 0;
    }

    private long word(final int i)
    {
        return (long)clusters.intAt(i) << 32 | clusters.intAt(i + 1) & 0xFFFF_FFFFL;
    }
}
