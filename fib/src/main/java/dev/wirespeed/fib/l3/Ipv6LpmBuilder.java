package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;

/**
 * Builds the {@code IPV6_LPM} section ({@link Ipv6TrieLayout}) from a set of IPv6 routes.
 *
 * <p>Like {@link Ipv4LpmBuilder} it is a route set with {@link #add} and {@link #remove}, and it paints
 * routes shortest first: a route of length L only ever creates groups below stride boundaries shorter
 * than L, so when a route is painted no longer route has touched its range yet, and a new group simply
 * inherits the word it replaces.
 */
public final class Ipv6LpmBuilder implements SectionWriter
{
    private static final int TOMBSTONE = -1;

    private long[] his = new long[256];
    private long[] los = new long[256];
    private int[] lengths = new int[256];
    private int[] groups = new int[256];
    private int size;

    private int compiledSize = -1;
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
    private int[] rootTable;
    private java.util.List<int[]> groupChunks;
    private int groupCount;
    private int routeCount;
    private long nodeBytes;
    private int[] nodeOffsets;

    /**
     * Adds (or replaces) a route.
     *
     * @param hi           high 64 bits of the prefix.
     * @param lo           low 64 bits of the prefix.
     * @param prefixLength 0..128; host bits must be zero.
     * @param groupId      next-hop group, 0..{@link RouteWord#MAX_GROUP_ID}.
     * @return this.
     */
    public Ipv6LpmBuilder add(final long hi, final long lo, final int prefixLength, final int groupId)
    {
        if (groupId < 0 || groupId > RouteWord.MAX_GROUP_ID)
        {
            throw new IllegalArgumentException(
                    "next-hop group id " + groupId + " out of range 0.." + RouteWord.MAX_GROUP_ID);
        }
        append(hi, lo, prefixLength, groupId);
        return this;
    }

    /**
     * Removes a route if present.
     *
     * @param hi           high 64 bits.
     * @param lo           low 64 bits.
     * @param prefixLength 0..128.
     * @return this.
     */
    public Ipv6LpmBuilder remove(final long hi, final long lo, final int prefixLength)
    {
        append(hi, lo, prefixLength, TOMBSTONE);
        return this;
    }

    /**
     * @param prefixLength 0..128.
     * @return the high 64 bits of the mask.
     */
    public static long maskHi(final int prefixLength)
    {
        return prefixLength == 0 ? 0 : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
    }

    /**
     * @param prefixLength 0..128.
     * @return the low 64 bits of the mask.
     */
    public static long maskLo(final int prefixLength)
    {
        return prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
    }

    private void append(final long hi, final long lo, final int prefixLength, final int groupId)
    {
        if (prefixLength < 0 || prefixLength > 128)
        {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0..128");
        }
        if ((hi & ~maskHi(prefixLength)) != 0 || (lo & ~maskLo(prefixLength)) != 0)
        {
            throw new IllegalArgumentException(
                    "prefix " + IpText.formatIpv6(hi, lo) + "/" + prefixLength + " has host bits set");
        }
        if (size == his.length)
        {
            his = Arrays.copyOf(his, size * 2);
            los = Arrays.copyOf(los, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
            groups = Arrays.copyOf(groups, size * 2);
        }
        his[size] = hi;
        los[size] = lo;
        lengths[size] = prefixLength;
        groups[size] = groupId;
        size++;
    }

    /** @return number of routes in the set. */
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
         * @param hi           prefix high 64 bits.
         * @param lo           prefix low 64 bits.
         * @param prefixLength 0..128.
         * @param groupId      next-hop group id.
         */
        void route(long hi, long lo, int prefixLength, int groupId);
    }

    /**
     * Visits every route of the set (after removals and replacements), shortest prefixes first.
     *
     * @param visitor receives each route.
     */
    public void forEachRoute(final RouteVisitor visitor)
    {
        final Integer[] order = sortedOrder();
        for (int i = 0; i < size; i++)
        {
            final int r = order[i];
            if ((i + 1 < size && compare(r, order[i + 1]) == 0) || groups[r] == TOMBSTONE)
            {
                continue;
            }
            visitor.route(his[r], los[r], lengths[r], groups[r]);
        }
    }

    private Integer[] sortedOrder()
    {
        final Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) ->
        {
            final int c = compare(a, b);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return order;
    }

    /** @return number of 256-entry groups the trie needs. */
    public int groupCount()
    {
        compile();
        return groupCount;
    }

    private int compare(final int a, final int b)
    {
        int c = Integer.compare(lengths[a], lengths[b]);
        if (c == 0)
        {
            c = Long.compareUnsigned(his[a], his[b]);
        }
        if (c == 0)
        {
            c = Long.compareUnsigned(los[a], los[b]);
        }
        return c;
    }

    private void compile()
    {
        if (compiledSize == size)
        {
            return;
        }
        final Integer[] order = sortedOrder();
        // The trie grows in chunks of groups (no copying of a large array as it grows); the root is
        // chunk-less. A "slot" is a flat index: root entries first, then group g's entries at
        // ROOT_ENTRIES + g * 256.
        final int[] root = new int[Ipv6TrieLayout.ROOT_ENTRIES];
        final java.util.ArrayList<int[]> chunks = new java.util.ArrayList<>();
        int used = 0;
        int routes = 0;
        for (int i = 0; i < size; i++)
        {
            final int r = order[i];
            if ((i + 1 < size && compare(r, order[i + 1]) == 0) || groups[r] == TOMBSTONE)
            {
                continue;
            }
            routes++;
            final long hi = his[r];
            final long lo = los[r];
            final int len = lengths[r];
            final int word = RouteWord.of(groups[r], len);
            int[] array = root;
            int slot = (int)(hi >>> 48);
            int depth = 16;
            while (len > depth)
            {
                final int e = array[slot];
                final int g;
                if (e < 0)
                {
                    g = e & 0x7fffffff;
                }
                else
                {
                    if (used == Ipv6TrieLayout.MAX_GROUPS)
                    {
                        throw new IllegalStateException(
                                "IPv6 LPM needs more than " + Ipv6TrieLayout.MAX_GROUPS + " groups");
                    }
                    g = used++;
                    if ((g >>> CHUNK_SHIFT) == chunks.size())
                    {
                        chunks.add(new int[(1 << CHUNK_SHIFT) * Ipv6TrieLayout.GROUP_ENTRIES]);
                    }
                    final int base = (g & CHUNK_MASK) * Ipv6TrieLayout.GROUP_ENTRIES;
                    Arrays.fill(chunks.get(g >>> CHUNK_SHIFT), base, base + Ipv6TrieLayout.GROUP_ENTRIES, e);
                    array[slot] = Ipv6TrieLayout.POINTER_FLAG | g;
                }
                array = chunks.get(g >>> CHUNK_SHIFT);
                slot = (g & CHUNK_MASK) * Ipv6TrieLayout.GROUP_ENTRIES + byteAt(hi, lo, depth >>> 3);
                depth += 8;
            }
            Arrays.fill(array, slot, slot + (1 << (depth - len)), word);
        }
        rootTable = root;
        groupChunks = chunks;
        groupCount = used;
        routeCount = routes;
        nodeBytes = placeNodes(chunks, used);
        compiledSize = size;
    }

    /** Counts each group's runs and places the nodes: nodeOffset[g] in 8-byte units. */
    private long placeNodes(final java.util.List<int[]> chunks, final int groupCount)
    {
        nodeOffsets = new int[groupCount];
        long bytes = 0;
        for (int g = 0; g < groupCount; g++)
        {
            final int[] chunk = chunks.get(g >>> CHUNK_SHIFT);
            final int base = (g & CHUNK_MASK) * Ipv6TrieLayout.GROUP_ENTRIES;
            int runs = 1;
            for (int j = 1; j < Ipv6TrieLayout.GROUP_ENTRIES; j++)
            {
                if (chunk[base + j] != chunk[base + j - 1])
                {
                    runs++;
                }
            }
            if (bytes >= Ipv6TrieLayout.MAX_NODE_BYTES)
            {
                throw new IllegalStateException(
                        "IPv6 LPM node area exceeds " + Ipv6TrieLayout.MAX_NODE_BYTES + " bytes");
            }
            nodeOffsets[g] = (int)(bytes >>> 3);
            bytes += Ipv6TrieLayout.nodeSize(runs);
        }
        return bytes;
    }

    private int translate(final int word)
    {
        return word < 0 ? Ipv6TrieLayout.POINTER_FLAG | nodeOffsets[word & 0x7fffffff] : word;
    }

    static int byteAt(final long hi, final long lo, final int index)
    {
        return index < 8 ? (int)(hi >>> (56 - 8 * index)) & 0xff : (int)(lo >>> (56 - 8 * (index - 8))) & 0xff;
    }

    @Override
    public long sizeInBytes()
    {
        compile();
        return Ipv6TrieLayout.sectionSize(nodeBytes);
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        compile();
        store.zeroOut(offset, offset + sizeInBytes());
        store.writeInt(offset + Ipv6TrieLayout.MAGIC_OFFSET, Ipv6TrieLayout.MAGIC);
        store.writeInt(offset + Ipv6TrieLayout.GROUPS_OFFSET, groupCount);
        store.writeInt(offset + Ipv6TrieLayout.ROUTES_OFFSET, routeCount);
        store.writeLong(offset + Ipv6TrieLayout.NODE_BYTES_OFFSET, nodeBytes);
        final OffHeap u = OffHeap.MEMORY;
        final long rootAddress = store.addressForWrite(offset + Ipv6TrieLayout.HEADER_SIZE);
        for (int i = 0; i < Ipv6TrieLayout.ROOT_ENTRIES; i++)
        {
            u.putInt(rootAddress + ((long)i << 2), translate(rootTable[i]));
        }
        final long nodes = rootAddress + Ipv6TrieLayout.ROOT_ENTRIES * 4L;
        for (int g = 0; g < groupCount; g++)
        {
            final int[] chunk = groupChunks.get(g >>> CHUNK_SHIFT);
            final int base = (g & CHUNK_MASK) * Ipv6TrieLayout.GROUP_ENTRIES;
            final long node = nodes + ((long)nodeOffsets[g] << 3);
            long counts = 0;
            int before = 0;
            for (int k = 0; k < 4; k++)
            {
                long bits = 0;
                for (int j = 0; j < 64; j++)
                {
                    final int e = base + k * 64 + j;
                    if (e == base || chunk[e] != chunk[e - 1])
                    {
                        bits |= 1L << j;
                        final int entry = before + Long.bitCount(bits) - 1;
                        u.putInt(node + Ipv6TrieLayout.NODE_WORDS + (long)entry * 4, translate(chunk[e]));
                    }
                }
                u.putLong(node + k * 8L, bits);
                counts |= (long)before << (9 * k);
                before += Long.bitCount(bits);
            }
            u.putLong(node + Ipv6TrieLayout.NODE_COUNTS, counts);
        }
    }
}
