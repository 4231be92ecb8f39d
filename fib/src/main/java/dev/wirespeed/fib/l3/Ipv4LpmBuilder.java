package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;

/**
 * Builds the {@code IPV4_LPM} section ({@link Ipv4Dir24Layout}) from a set of IPv4 routes, each a
 * prefix pointing at a next-hop group id.
 *
 * <p>The builder is also the control plane's route set (the RIB beside the DIR-24-8): routes may be
 * {@link #add added} and {@link #remove removed} between builds, and every {@link #writeTo} builds a
 * complete new table from the current set, so a reader never sees a half-built table (the image it
 * reads is immutable; a changed set goes into a new image).
 *
 * <p>Compilation sorts the routes by (prefix length, address) and paints them shortest first (the
 * "painter's algorithm", as DPDK's {@code rte_fib} does from its RIB): a longer prefix simply
 * overwrites the range of a shorter one it lies under. Because every route up to /24 is painted before
 * any route longer than /24, a tbl8 group is created once, inheriting its tbl24 word, and is never
 * revisited by a shorter route. Cost: one sort plus one write per covered entry.
 */
public final class Ipv4LpmBuilder implements SectionWriter
{
    private static final int SEQ_BITS = 25;
    private static final int MAX_ADDS = 1 << SEQ_BITS;
    private static final int TOMBSTONE = -1;

    private long[] keys = new long[1024];
    private int[] groups = new int[1024];
    private int size;

    // Compiled state (valid while compiledSize == size).
    private int compiledSize = -1;
    private long[] order;
    private int orderLength;
    private int tbl8Groups;
    private int routeCount;

    /**
     * Adds (or replaces) a route.
     *
     * @param address      the prefix address (host bits must be zero).
     * @param prefixLength 0..32.
     * @param groupId      the next-hop group, 0..{@link RouteWord#MAX_GROUP_ID}.
     * @return this.
     */
    public Ipv4LpmBuilder add(final int address, final int prefixLength, final int groupId)
    {
        if (groupId < 0 || groupId > RouteWord.MAX_GROUP_ID)
        {
            throw new IllegalArgumentException(
                    "next-hop group id " + groupId + " out of range 0.." + RouteWord.MAX_GROUP_ID);
        }
        append(address, prefixLength, groupId);
        return this;
    }

    /**
     * Removes a route, if present (a later {@link #add} of the same prefix brings it back).
     *
     * @param address      the prefix address.
     * @param prefixLength 0..32.
     * @return this.
     */
    public Ipv4LpmBuilder remove(final int address, final int prefixLength)
    {
        append(address, prefixLength, TOMBSTONE);
        return this;
    }

    private void append(final int address, final int prefixLength, final int groupId)
    {
        if (prefixLength < 0 || prefixLength > 32)
        {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0..32");
        }
        if ((address & ~mask(prefixLength)) != 0)
        {
            throw new IllegalArgumentException(
                    "prefix " + IpText.formatIpv4(address) + "/" + prefixLength + " has host bits set");
        }
        if (size == MAX_ADDS)
        {
            throw new IllegalStateException("IPv4 LPM builder holds at most " + MAX_ADDS + " route changes");
        }
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            groups = Arrays.copyOf(groups, size * 2);
        }
        keys[size] = ((long)prefixLength << (32 + SEQ_BITS)) | ((address & 0xffffffffL) << SEQ_BITS) | size;
        groups[size] = groupId;
        size++;
    }

    /**
     * @param prefixLength 0..32.
     * @return the network mask.
     */
    public static int mask(final int prefixLength)
    {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** @return the number of routes in the set (after removals and replacements). */
    public int routeCount()
    {
        compile();
        return routeCount;
    }

    /** Receives the routes of a set, one call a route. */
    @FunctionalInterface
    public interface RouteVisitor
    {
        /**
         * @param address      prefix address.
         * @param prefixLength 0..32.
         * @param groupId      next-hop group id.
         */
        void route(int address, int prefixLength, int groupId);
    }

    /**
     * Visits every route of the set (after removals and replacements), shortest prefixes first.
     *
     * @param visitor receives each route.
     */
    public void forEachRoute(final RouteVisitor visitor)
    {
        compile();
        for (int i = 0; i < orderLength; i++)
        {
            final long k = order[i];
            visitor.route((int)(k >>> SEQ_BITS), (int)(k >>> (32 + SEQ_BITS)), groups[(int)(k & (MAX_ADDS - 1))]);
        }
    }

    /** @return the number of tbl8 groups the table needs. */
    public int tbl8Groups()
    {
        compile();
        return tbl8Groups;
    }

    private void compile()
    {
        if (compiledSize == size)
        {
            return;
        }
        final long[] sorted = Arrays.copyOf(keys, size);
        Arrays.sort(sorted);
        // Keep the last change of each prefix (highest sequence), drop tombstones.
        int n = 0;
        int groups8 = 0;
        int last24 = -1;
        for (int i = 0; i < sorted.length; i++)
        {
            final long k = sorted[i];
            if (i + 1 < sorted.length && (sorted[i + 1] >>> SEQ_BITS) == (k >>> SEQ_BITS))
            {
                continue;
            }
            final int seq = (int)(k & (MAX_ADDS - 1));
            if (groups[seq] == TOMBSTONE)
            {
                continue;
            }
            sorted[n++] = k;
            final int len = (int)(k >>> (32 + SEQ_BITS));
            final int block = (int)((k >>> SEQ_BITS) >>> 8) & 0xffffff;
            // Routes are sorted by length then address, so the longer-than-/24 ones come in block order.
            if (len > 24 && block != last24)
            {
                groups8++;
                last24 = block;
            }
        }
        if (groups8 > Ipv4Dir24Layout.MAX_TBL8_GROUPS)
        {
            throw new IllegalStateException(
                    "IPv4 LPM needs " + groups8 + " tbl8 groups, capacity is " + Ipv4Dir24Layout.MAX_TBL8_GROUPS);
        }
        order = sorted;
        orderLength = n;
        routeCount = n;
        tbl8Groups = groups8;
        compiledSize = size;
    }

    @Override
    public long sizeInBytes()
    {
        compile();
        return Ipv4Dir24Layout.sectionSize(tbl8Groups);
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        compile();
        final long size = sizeInBytes();
        OffHeap.MEMORY.setMemory(store.addressForWrite(offset), size, (byte)0); // memset, not a Java loop
        store.writeInt(offset + Ipv4Dir24Layout.MAGIC_OFFSET, Ipv4Dir24Layout.MAGIC);
        store.writeInt(offset + Ipv4Dir24Layout.TBL8_GROUPS_OFFSET, tbl8Groups);
        store.writeInt(offset + Ipv4Dir24Layout.ROUTES_OFFSET, routeCount);
        final long tbl = store.addressForWrite(offset + Ipv4Dir24Layout.HEADER_SIZE);
        final long tbl8Base = tbl + Ipv4Dir24Layout.TBL24_BYTES;
        final OffHeap u = OffHeap.MEMORY;
        int nextGroup = 0;
        for (int i = 0; i < orderLength; i++)
        {
            final long k = order[i];
            final int len = (int)(k >>> (32 + SEQ_BITS));
            final int address = (int)(k >>> SEQ_BITS);
            final int word = RouteWord.of(groups[(int)(k & (MAX_ADDS - 1))], len);
            if (len <= 24)
            {
                final long from = tbl + ((long)(address >>> 8) << 2);
                final long count = 1L << (24 - len);
                fill(u, from, count, word);
            }
            else
            {
                final long slot = tbl + ((long)(address >>> 8) << 2);
                final int current = u.getInt(slot);
                final long group;
                if (current < 0)
                {
                    group = current & 0x7fffffff;
                }
                else
                {
                    group = nextGroup++;
                    fill(u, tbl8Base + group * Ipv4Dir24Layout.TBL8_GROUP_BYTES, Ipv4Dir24Layout.TBL8_GROUP_ENTRIES,
                            current);
                    u.putInt(slot, Ipv4Dir24Layout.POINTER_FLAG | (int)group);
                }
                final long from = tbl8Base + group * Ipv4Dir24Layout.TBL8_GROUP_BYTES + ((address & 0xff) << 2);
                fill(u, from, 1L << (32 - len), word);
            }
        }
    }

    private static void fill(final OffHeap u, final long from, final long count, final int word)
    {
        if (word == 0)
        {
            u.setMemory(from, count << 2, (byte)0);
            return;
        }
        final long end = from + (count << 2);
        for (long a = from; a < end; a += 4)
        {
            u.putInt(a, word);
        }
    }
}
