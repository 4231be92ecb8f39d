package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.l3.IpText;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The filter chains of the wildcard listener of services whose first address is a CIDR (docs/routing.md §1
 * item 8), read from {@code HOST_STAGE}'s {@code CIDR_LISTENERS} lists: Istio binds such a service's TCP and sniffed
 * listeners to the wildcard address and matches their chains on the prefixes of all its addresses, so a request whose
 * original destination is inside one of them belongs to that service whatever its authority. Envoy takes the longest
 * matching prefix; on a tie the first service (load order). Asked by {@link HostStage#atDestination()} when neither a
 * service address nor an endpoint's listener takes the destination. Allocates nothing.
 */
final class CidrListeners
{
    private final IndexedTable hosts;
    private final RequestScratch q;
    private final long[] v6 = new long[2];
    private final int[] groups = new int[8];
    private final int[] words = new int[4];

    CidrListeners(final IndexedTable hosts, final RequestScratch q)
    {
        this.hosts = hosts;
        this.q = q;
    }

    /**
     * @param stage the host stage (the Sidecar's choices and service visibility for this request).
     * @param b     the destination's text.
     * @param from  where its address starts.
     * @param to    where it ends.
     * @return the visible service whose chain has the longest prefix holding the address on the request's port, where
     *         the client's listener for it is not HTTP, or -1.
     */
    int inCidr(final HostStage stage, final byte[] b, final int from, final int to)
    {
        final int port = q.res.requestPort;
        final int list = hosts.find(hostKey(KEY_CIDR_LISTENERS, port, stage.view));
        if (list < 0)
        {
            return -1;
        }
        final int family;
        final long v4 = IpText.parseIpv4(b, from, to);
        if (v4 != IpText.INVALID)
        {
            family = 4;
            words[0] = (int)v4;
            words[1] = 0;
            words[2] = 0;
            words[3] = 0;
        }
        else if (IpText.parseIpv6(b, from, to, v6, groups))
        {
            family = 6;
            words[0] = (int)(v6[0] >>> 32);
            words[1] = (int)v6[0];
            words[2] = (int)(v6[1] >>> 32);
            words[3] = (int)v6[1];
        }
        else
        {
            return -1;
        }
        final boolean named = stage.egressListenerKind() >= 0;
        final int count = hosts.intAt(list);
        int best = -1;
        int bestLength = -1;
        for (int k = 0; k < count; k++)
        {
            final int e = list + 1 + k * CIDR_ENTRY_SIZE;
            final int length = hosts.intAt(e + 7);
            if (length <= bestLength || hosts.intAt(e + 2) != family || !matches(e + 3, length))
            {
                continue;
            }
            final int svc = hosts.intAt(e);
            final int kind = stage.listenerPortKind(svc, port);
            if (kind >= 0 && kind != PORT_HTTP && (named || hosts.intAt(e + 1) == BIND_WILDCARD)
                    && stage.serviceVisible(svc))
            {
                best = svc;
                bestLength = length;
            }
        }
        return best;
    }

    /** Whether the first {@code length} bits of the prefix's words at {@code at} are the destination's. */
    private boolean matches(final int at, final int length)
    {
        for (int w = 0; w < 4; w++)
        {
            final int bits = Math.max(0, Math.min(32, length - 32 * w));
            if (bits == 0)
            {
                return true;
            }
            final int mask = -1 << (32 - bits);
            if (((hosts.intAt(at + w) ^ words[w]) & mask) != 0)
            {
                return false;
            }
        }
        return true;
    }
}
