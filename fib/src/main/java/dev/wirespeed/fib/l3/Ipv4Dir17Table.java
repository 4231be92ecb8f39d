package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.OffHeap;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * Read-only IPv4 longest-prefix match over the compact table ({@link Ipv4Dir17Layout}): one read of a direct
 * table of 2^17 ints (512 KiB, which the L2 cache holds), and for a /17 with more than one answer one line of a
 * level-2 node, where a population count of its bitmap finds the /24 block's leaf, and a read of the route word
 * from the small word table (a few KiB, in the L1 cache). Only /24 blocks holding longer prefixes take a third,
 * level-3 node. The generated 1M-route BGP-like table takes 10 MB instead of DIR-24-8's 101 MB, so where the
 * L3 cache holds it a random lookup's one line comes from there instead of DRAM. Where it does not (a machine
 * shared with other busy processes), the lookup is slower than DIR-24-8's: its line comes from DRAM too, with
 * more instructions waiting on it (docs/performance.md, "A compact IPv4 table against DPDK").
 *
 * <p>Written by hand against raw memory (the project's one off-heap idiom, {@link OffHeap}) rather than over Java
 * arrays or a buffer: no bounds check or array header sits between a lookup and its loads, the table can live in
 * the FIB image (and in huge pages) like DIR-24-8, and the rank is computed without a branch on which bitmap
 * word holds the index (a mask), so the CPU overlaps the misses of consecutive lookups. Indices are checked
 * once, by {@link #verify}, when a table comes from outside.
 *
 * <p>Reads: the table. Writes: nothing. Thread-safe (immutable); allocation-free.
 */
public final class Ipv4Dir17Table implements Ipv4Lookup
{
    private static final OffHeap U = OffHeap.MEMORY;

    private final long one;
    private final long direct;
    private final long words;
    private final long l3;
    private final long nodes;
    private final int wordCount;
    private final int l3Count;
    private final int nodeLongs;
    private final int routes;
    private final long sectionBytes;

    /**
     * @param store  the region.
     * @param offset the section offset.
     * @param length the section length.
     */
    public Ipv4Dir17Table(final BytesStore<?, ?> store, final long offset, final long length)
    {
        final long base = store.addressForRead(offset);
        if (length < Ipv4Dir17Layout.HEADER_SIZE
                || U.getInt(base + Ipv4Dir17Layout.MAGIC_OFFSET) != Ipv4Dir17Layout.MAGIC)
        {
            throw new IllegalArgumentException("IPv4 compact table: bad magic");
        }
        wordCount = U.getInt(base + Ipv4Dir17Layout.WORDS_OFFSET);
        l3Count = U.getInt(base + Ipv4Dir17Layout.L3_NODES_OFFSET);
        nodeLongs = U.getInt(base + Ipv4Dir17Layout.NODE_LONGS_OFFSET);
        routes = U.getInt(base + Ipv4Dir17Layout.ROUTES_OFFSET);
        if (wordCount < 1 || l3Count < 0 || nodeLongs < 0 || (long)wordCount + l3Count > Ipv4Dir17Layout.MAX_LEAVES
                || Ipv4Dir17Layout.sectionSize(wordCount, l3Count, nodeLongs) != length)
        {
            throw new IllegalArgumentException("IPv4 compact table: size " + length + " does not match " + wordCount
                    + " words, " + l3Count + " level-3 nodes and " + nodeLongs + " node longs");
        }
        one = base + Ipv4Dir17Layout.ONE_OFFSET;
        direct = base + Ipv4Dir17Layout.HEADER_SIZE;
        words = direct + Ipv4Dir17Layout.DIRECT_BYTES;
        l3 = words + Ipv4Dir17Layout.paddedInts(wordCount);
        final int pad = U.getInt(base + Ipv4Dir17Layout.NODE_PAD_OFFSET);
        if (pad < 0 || pad > 56 || (pad & 7) != 0)
        {
            throw new IllegalArgumentException("IPv4 compact table: bad node pad " + pad);
        }
        nodes = l3 + Ipv4Dir17Layout.paddedInts(l3Count) + pad;
        sectionBytes = length;
    }

    /**
     * Longest-prefix match.
     *
     * @param address destination address.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    @Override
    public int lookup(final int address)
    {
        final int entry = U.getInt(direct + ((long)(address >>> Ipv4Dir17Layout.DIRECT_SHIFT) << 2));
        return entry >= 0 ? entry : level2(entry, address);
    }

    private int level2(final int entry, final int address)
    {
        final long node = nodes + ((long)(entry & ~Ipv4Dir17Layout.POINTER_FLAG) << 3);
        final int q = (address >>> 8) & (Ipv4Dir17Layout.L2_SPAN - 1);
        final long upTo = (2L << q) - 1;              // bits 0..q of the bitmap word holding q (shift is mod 64)
        final long high = -(long)(q >>> 6);           // all ones when q is in the second word
        final int rank = Long.bitCount(U.getLong(node) & (upTo | high))
                + Long.bitCount(U.getLong(node + 8) & upTo & high);
        final int leaf = U.getShort(node + 14 + 2L * rank) & 0xffff;
        if (leaf < wordCount)
        {
            return U.getInt(words + ((long)leaf << 2));
        }
        return level3(leaf - wordCount, address);
    }

    private int level3(final int index, final int address)
    {
        final long node = nodes + ((long)U.getInt(l3 + ((long)index << 2)) << 3);
        final int q = address & (Ipv4Dir17Layout.L3_SPAN - 1);
        final int word = q >>> 6;
        int rank = Long.bitCount(U.getLong(node + ((long)word << 3)) & ((2L << q) - 1));
        for (int w = 0; w < word; w++)
        {
            rank += Long.bitCount(U.getLong(node + ((long)w << 3)));
        }
        final int leaf = U.getShort(node + 8L * Ipv4Dir17Layout.L3_BITMAP_LONGS - 2 + 2L * rank) & 0xffff;
        return U.getInt(words + ((long)leaf << 2));
    }

    /**
     * Batched longest-prefix match.
     *
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    @Override
    public void lookupBatch(
            final int[] addresses, final int from, final int count, final int[] results, final int resultsFrom)
    {
        final long d = direct;
        final long n = nodes;
        long touched = -1;
        for (int i = 0; i < count; i++)
        {
            final int entry = U.getInt(d + ((long)(addresses[from + i] >>> Ipv4Dir17Layout.DIRECT_SHIFT) << 2));
            results[resultsFrom + i] = entry;
            touched &= U.getLong(entry < 0 ? n + ((long)(entry & ~Ipv4Dir17Layout.POINTER_FLAG) << 3) : one);
        }
        for (int i = 0; i < count; i++)
        {
            final int entry = results[resultsFrom + i];
            if (entry < 0)
            {
                results[resultsFrom + i] = level2(entry, addresses[from + i]);
            }
        }
        if (count > 0)
        {
            // Bit 0 of every long read above is 1 (a bitmap's first bit, or the header's one): adding
            // (touched & 1) - 1 adds 0 and keeps the reads, which the compiler cannot prove unused.
            results[resultsFrom] += (int)(touched & 1) - 1;
        }
    }

    /**
     * Checks the table: every direct pointer and level-3 index names a node inside the node area, whose bitmap
     * starts a run at index 0 and whose leaves (one a run) lie inside the area and name a route word or, in a
     * level-2 node, a level-3 node; every route word names a group below {@code groupCount}. Call it once when
     * opening a table from an untrusted file; lookups then need no bounds checks.
     *
     * @param groupCount number of next-hop groups.
     * @throws IllegalArgumentException naming the first bad entry.
     */
    public void verify(final int groupCount)
    {
        for (int i = 0; i < wordCount; i++)
        {
            final int word = U.getInt(words + ((long)i << 2));
            if (i == 0 ? word != RouteWord.MISS : !validWord(word, groupCount))
            {
                throw bad("route word " + i, word);
            }
        }
        for (int c = 0; c < Ipv4Dir17Layout.DIRECT_ENTRIES; c++)
        {
            final int entry = U.getInt(direct + ((long)c << 2));
            if (entry >= 0 ? !validWord(entry, groupCount)
                    : !validNode(entry & ~Ipv4Dir17Layout.POINTER_FLAG, Ipv4Dir17Layout.L2_BITMAP_LONGS,
                            wordCount + l3Count))
            {
                throw bad("direct entry " + c, entry);
            }
        }
        for (int i = 0; i < l3Count; i++)
        {
            final int at = U.getInt(l3 + ((long)i << 2));
            if (!validNode(at, Ipv4Dir17Layout.L3_BITMAP_LONGS, wordCount))
            {
                throw bad("level-3 node " + i, at);
            }
        }
    }

    private boolean validNode(final int at, final int bitmapLongs, final int leafLimit)
    {
        if (at < 0 || (long)at + bitmapLongs > nodeLongs)
        {
            return false;
        }
        final long node = nodes + ((long)at << 3);
        int runs = 0;
        for (int w = 0; w < bitmapLongs; w++)
        {
            runs += Long.bitCount(U.getLong(node + ((long)w << 3)));
        }
        if ((U.getLong(node) & 1) == 0 || (long)at + bitmapLongs + (runs + 3) / 4 > nodeLongs)
        {
            return false;
        }
        for (int r = 0; r < runs; r++)
        {
            if ((U.getShort(node + 8L * bitmapLongs + 2L * r) & 0xffff) >= leafLimit)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean validWord(final int word, final int groupCount)
    {
        return word == RouteWord.MISS || RouteWord.groupId(word) < groupCount && RouteWord.prefixLength(word) <= 32;
    }

    private static IllegalArgumentException bad(final String what, final int value)
    {
        return new IllegalArgumentException(
                "IPv4 compact table: bad " + what + " (0x" + Integer.toHexString(value) + ")");
    }

    /** @return number of routes the table was built from. */
    public int routeCount()
    {
        return routes;
    }

    /** @return distinct route words. */
    public int wordCount()
    {
        return wordCount;
    }

    /** @return level-3 nodes. */
    public int level3Count()
    {
        return l3Count;
    }

    /** @return bytes of the section. */
    public long sizeInBytes()
    {
        return sectionBytes;
    }
}
