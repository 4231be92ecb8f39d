package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.l3.IpText;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A table of the {@code CLUSTERS} section keyed by a client's source address ({@link L7Layout#K_CLIENTS}: the class of
 * a proxy's view; {@link L7Layout#K_CLIENT_NETWORKS}: the {@code fromCidr} network of a Pod's address), {count,
 * {family, high word high half, high low, low high, low low, value}[count]} sorted by the address, and the lookup of a
 * request's source address in it: parsed as an IPv4 or IPv6 literal, then a binary search. The last source address
 * and its value are kept (a client's requests usually come one after another): a repeated one is compared in place,
 * not parsed again. Allocates nothing once its buffer has grown to the longest address seen.
 */
final class SourceAddressTable
{
    private final IndexedTable clusters;
    private final int table;
    private final int count;
    private final long[] v6 = new long[2];
    private final int[] groups = new int[8];
    private final RequestScratch.Memo last = new RequestScratch.Memo();

    /**
     * @param clusters the {@code CLUSTERS} table.
     * @param table    the table's int index.
     */
    SourceAddressTable(final IndexedTable clusters, final int table)
    {
        this.clusters = clusters;
        this.table = table;
        this.count = clusters.intAt(table + CT_COUNT);
    }

    /** @return whether the table holds no address (a lookup then always misses). */
    boolean isEmpty()
    {
        return count == 0;
    }

    /**
     * @param q       the scratch (the request; its value buffer is overwritten when the address is a new one).
     * @param missing the value of an address not in the table (or of a request without a source address).
     * @return the value of the request's source address.
     */
    int lookup(final RequestScratch q, final int missing)
    {
        if (last.length >= 0 && q.req.contentEquals(L7RequestView.SOURCE_IP, last.bytes, last.length))
        {
            return last.id; // compared in place: nothing copied, parsed or searched
        }
        if (!q.loadHandle(L7RequestView.SOURCE_IP))
        {
            return missing;
        }
        final int value = search(q.val, q.valLen, missing);
        last.bytes = RequestScratch.ensure(last.bytes, q.valLen);
        System.arraycopy(q.val, 0, last.bytes, 0, q.valLen);
        last.length = q.valLen;
        last.id = value;
        return value;
    }

    /** @return the value of the address in {@code text[0, length)}, {@code missing} when it is not there. */
    private int search(final byte[] text, final int length, final int missing)
    {
        final int family;
        final long hi;
        final long lo;
        final long v4 = IpText.parseIpv4(text, 0, length);
        if (v4 != IpText.INVALID)
        {
            family = 4;
            hi = 0;
            lo = v4;
        }
        else if (IpText.parseIpv6(text, 0, length, v6, groups))
        {
            family = 6;
            hi = v6[0];
            lo = v6[1];
        }
        else
        {
            return missing;
        }
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int e = table + CT_ENTRIES + CT_ENTRY_SIZE * mid;
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
        return missing;
    }

    private long word(final int i)
    {
        return (long)clusters.intAt(i) << 32 | clusters.intAt(i + 1) & 0xFFFF_FFFFL;
    }
}
