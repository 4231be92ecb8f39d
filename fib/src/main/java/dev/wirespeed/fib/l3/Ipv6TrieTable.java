package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;
import dev.wirespeed.fib.OffHeap;

/**
 * Read-only IPv6 longest-prefix match over the {@code IPV6_LPM} section ({@link Ipv6TrieLayout}):
 * one root read indexed by the top 16 bits, then per further byte one compressed-node step (bitmap
 * word, prefix count, run word) until a route word.
 *
 * <p>Reads: the image. Writes: nothing. Thread-safe (immutable); allocation-free.
 */
public final class Ipv6TrieTable implements Ipv6Lpm
{
    private static final OffHeap U = OffHeap.MEMORY;

    private final long root;
    private final long nodes;
    private final long nodeBytes;
    private final int groups;
    private final int routes;
    private final long sectionBytes;

    /**
     * @param image an image with an {@code IPV6_LPM} section.
     */
    public Ipv6TrieTable(final FibImage image)
    {
        this(image.store(), image.sectionOffset(FibSection.IPV6_LPM), image.sectionLength(FibSection.IPV6_LPM));
    }

    /**
     * @param store  the region.
     * @param offset section offset.
     * @param length section length.
     */
    public Ipv6TrieTable(final BytesStore<?, ?> store, final long offset, final long length)
    {
        if (U.getInt(store.addressForRead(offset + Ipv6TrieLayout.MAGIC_OFFSET)) != Ipv6TrieLayout.MAGIC)
        {
            throw new IllegalArgumentException("IPV6_LPM section: bad magic");
        }
        groups = U.getInt(store.addressForRead(offset + Ipv6TrieLayout.GROUPS_OFFSET));
        routes = U.getInt(store.addressForRead(offset + Ipv6TrieLayout.ROUTES_OFFSET));
        nodeBytes = U.getLong(store.addressForRead(offset + Ipv6TrieLayout.NODE_BYTES_OFFSET));
        if (groups < 0 || nodeBytes < 0 || Ipv6TrieLayout.sectionSize(nodeBytes) != length)
        {
            throw new IllegalArgumentException(
                    "IPV6_LPM section: size " + length + " does not match " + groups + " groups");
        }
        root = store.addressForRead(offset + Ipv6TrieLayout.HEADER_SIZE);
        nodes = root + Ipv6TrieLayout.ROOT_ENTRIES * 4L;
        sectionBytes = length;
    }

    /**
     * Longest-prefix match.
     *
     * @param hi high 64 bits of the destination.
     * @param lo low 64 bits of the destination.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    @Override
    public int lookup(final long hi, final long lo)
    {
        int word = U.getInt(root + ((hi >>> 48) << 2));
        if (word >= 0)
        {
            return word;
        }
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            word = entry(word & 0x7fffffff, (int)(hi >>> shift) & 0xff);
            if (word >= 0)
            {
                return word;
            }
        }
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            word = entry(word & 0x7fffffff, (int)(lo >>> shift) & 0xff);
            if (word >= 0)
            {
                return word;
            }
        }
        return word; // not reached: a /128 leaf is always a route word or a miss
    }

    /** Entry {@code b} of the compressed node {@code pointer}: a popcount rank into its run words. */
    private int entry(final int pointer, final int b)
    {
        final long node = nodes + ((long)pointer << 3);
        final int k = b >>> 6;
        final long bits = U.getLong(node + (k << 3)) & (-1L >>> (63 - (b & 63)));
        final int before = (int)(U.getLong(node + Ipv6TrieLayout.NODE_COUNTS) >>> (k * 9)) & 0x1ff;
        return U.getInt(node + Ipv6TrieLayout.NODE_WORDS + ((long)(before + Long.bitCount(bits) - 1) << 2));
    }

    /**
     * Batched longest-prefix match, walked level by level over the whole batch: at each trie level
     * the reads of all addresses still inside the trie are independent, so their cache misses overlap,
     * and the per-address "is this a route word yet?" choice is a conditional move rather than a
     * branch (an address already resolved re-reads root entry 0, which stays in L1). The only branch
     * per level is "does any address still need another level".
     *
     * @param his         high 64 bits of each address.
     * @param los         low 64 bits of each address.
     * @param from        first index in the address arrays.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    @Override
    public void lookupBatch(final long[] his, final long[] los, final int from, final int count,
            final int[] results, final int resultsFrom)
    {
        final long r = root;
        int pending = 0;
        for (int i = 0; i < count; i++)
        {
            final int word = U.getInt(r + ((his[from + i] >>> 48) << 2));
            results[resultsFrom + i] = word;
            pending |= word;
        }
        for (int level = 2; pending < 0 && level < 16; level++)
        {
            pending = 0;
            final long[] half = level < 8 ? his : los;
            final int shift = 56 - 8 * (level & 7);
            for (int i = 0; i < count; i++)
            {
                final int word = results[resultsFrom + i];
                if (word < 0)
                {
                    final int resolved = entry(word & 0x7fffffff, (int)(half[from + i] >>> shift) & 0xff);
                    results[resultsFrom + i] = resolved;
                    pending |= resolved;
                }
            }
        }
    }

    /**
     * Checks every word of the trie: each pointer names an existing group and each route a group
     * below {@code groupCount}; words at the last level (bits 120..127) are never pointers.
     *
     * @param groupCount number of next-hop groups in the image.
     * @throws IllegalArgumentException naming the first bad entry.
     */
    public void verify(final int groupCount)
    {
        // Pass 1: walk the nodes in order, checking each one's counts and noting where nodes start.
        final java.util.BitSet starts = new java.util.BitSet();
        long at = 0;
        for (int g = 0; g < groups; g++)
        {
            if (at + Ipv6TrieLayout.NODE_WORDS > nodeBytes)
            {
                throw new IllegalArgumentException("IPV6_LPM section: node " + g + " runs past the node area");
            }
            final long node = nodes + at;
            int before = 0;
            boolean ok = (U.getLong(node) & 1) != 0;
            for (int k = 0; k < 4; k++)
            {
                ok &= ((int)(U.getLong(node + Ipv6TrieLayout.NODE_COUNTS) >>> (k * 9)) & 0x1ff) == before;
                before += Long.bitCount(U.getLong(node + k * 8L));
            }
            if (!ok)
            {
                throw new IllegalArgumentException("IPV6_LPM section: bad node " + g);
            }
            starts.set((int)(at >>> 3));
            at += Ipv6TrieLayout.nodeSize(before);
        }
        if (at != nodeBytes)
        {
            throw new IllegalArgumentException("IPV6_LPM section: node area size does not match its nodes");
        }
        // Pass 2: every word in the root and in the nodes.
        for (int i = 0; i < Ipv6TrieLayout.ROOT_ENTRIES; i++)
        {
            verifyWord(U.getInt(root + ((long)i << 2)), starts, groupCount);
        }
        at = 0;
        for (int g = 0; g < groups; g++)
        {
            final long node = nodes + at;
            int runs = 0;
            for (int k = 0; k < 4; k++)
            {
                runs += Long.bitCount(U.getLong(node + k * 8L));
            }
            for (int r = 0; r < runs; r++)
            {
                verifyWord(U.getInt(node + Ipv6TrieLayout.NODE_WORDS + r * 4L), starts, groupCount);
            }
            at += Ipv6TrieLayout.nodeSize(runs);
        }
    }

    private static void verifyWord(final int word, final java.util.BitSet starts, final int groupCount)
    {
        final boolean bad = word < 0
                ? !starts.get(word & 0x7fffffff)
                : word != RouteWord.MISS
                        && (RouteWord.groupId(word) >= groupCount || RouteWord.prefixLength(word) > 128);
        if (bad)
        {
            throw new IllegalArgumentException("IPV6_LPM section: bad word 0x" + Integer.toHexString(word));
        }
    }

    /** @return number of routes compiled into the trie. */
    public int routeCount()
    {
        return routes;
    }

    /** @return number of 256-entry groups. */
    public int groupCount()
    {
        return groups;
    }

    /** @return bytes of the section. */
    public long sizeInBytes()
    {
        return sectionBytes;
    }
}
