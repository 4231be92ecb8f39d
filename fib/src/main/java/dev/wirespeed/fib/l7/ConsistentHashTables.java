package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The consistent-hash choice of the cluster stage (reads a cluster's table directory in {@code CLUSTERS}): the
 * 64-bit request hash goes into the table the compiler built for the chosen candidates, as Envoy's thread-aware
 * load balancers do it — Envoy's ring hash ({@code RingHashLoadBalancer::Ring::chooseHost}: the first ring entry
 * whose hash is at least the request's, unsigned, wrapping to the first entry) or Maglev
 * ({@code MaglevTable::chooseHost}: slot {@code hash mod tableSize}, unsigned). Pure, allocation-free.
 */
final class ConsistentHashTables
{
    private ConsistentHashTables()
    {
    }

    /**
     * @param t     the CLUSTERS table.
     * @param dir   the cluster's directory ({@link L7Layout#CL_HASH_TABLES}).
     * @param first the first candidate (relative to the cluster's endpoints).
     * @param n     how many candidates, &gt; 1.
     * @param hash  the request's hash (Envoy's {@code generateHash}, or the random number Envoy draws without one).
     * @param client reads the client's locality (for locality-weighted rings, {@link L7Layout#HT_LOCAL_FIRST}).
     * @return the chosen candidate, relative to {@code first}; -1 when the directory holds no table for that range
     *         (the compiler makes one for every range the locality choice can give).
     */
    static int pick(final IndexedTable t, final int dir, final int first, final int n, final long hash,
            final LocalityChoice client)
    {
        final int count = t.intAt(dir + HT_COUNT);
        for (int k = 0; k < count; k++)
        {
            final int e = dir + HT_ENTRIES + k * HTE_RECORD;
            if (t.intAt(e + HTE_FIRST) == first && t.intAt(e + HTE_COUNT) == n)
            {
                return pickIn(t, e, hash, client);
            }
        }
        return -1;
    }

    /**
     * @param t      the CLUSTERS table.
     * @param e      a table record ({@code HTE_*}).
     * @param hash   the request's hash.
     * @param client reads the client's locality.
     * @return the candidate its entry for the hash names.
     */
    static int pickIn(final IndexedTable t, final int e, final long hash, final LocalityChoice client)
    {
        if (t.intAt(e + HTE_KIND) == HT_LOCAL_FIRST)
        {
            return pickIn(t, localFirst(t, e, client), hash, client);
        }
        final int size = t.intAt(e + HTE_SIZE);
        final int ints = t.intAt(e + HTE_INTS);
        switch (t.intAt(e + HTE_KIND))
        {
            case HT_RING:
                return t.intAt(ints + ringEntry(t, t.intAt(e + HTE_LONGS), size, hash));
            case HT_MAGLEV16:
                final int slot = (int)Long.remainderUnsigned(hash, size);
                return (t.intAt(ints + (slot >>> 1)) >>> ((slot & 1) << 4)) & 0xFFFF;
            default:
                return t.intAt(ints + (int)Long.remainderUnsigned(hash, size));
        }
    }

    /** @return the table record of the ring that walks the client's own locality first (none of them: the last). */
    private static int localFirst(final IndexedTable t, final int e, final LocalityChoice client)
    {
        final int count = t.intAt(e + HTE_SIZE);
        final int list = t.intAt(e + HTE_INTS);
        final int region = client.clientPart(0);
        final int zone = client.clientPart(1);
        final int subzone = client.clientPart(2);
        for (int g = 0; g < count; g++)
        {
            final int v = list + 4 * g;
            if (t.intAt(v) == region && t.intAt(v + 1) == zone && t.intAt(v + 2) == subzone)
            {
                return t.intAt(v + 3);
            }
        }
        return t.intAt(list + 4 * count);
    }

    /**
     * @param t      the table.
     * @param hashes where the ring's sorted entry hashes start (long area).
     * @param size   how many entries, &gt; 0.
     * @param hash   the request's hash.
     * @return the first entry whose hash is at least {@code hash} (unsigned), 0 when none is.
     */
    static int ringEntry(final IndexedTable t, final int hashes, final int size, final long hash)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(t.longAt(hashes + mid), hash) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo == size ? 0 : lo;
    }
}
