package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;

/**
 * Builds the compact IPv4 table ({@link Ipv4Dir17Layout}) from a route set ({@link Ipv4LpmBuilder}, the RIB the
 * DIR-24-8 is built from too).
 *
 * <p>The routes are flattened into disjoint ranges ({@link Ipv4Ranges}); then one pass over the 2^17 direct
 * entries: a /17 inside one range stores that range's word, any other gets a level-2 node whose leaves are its
 * /24 blocks' answers (a word, or for a /24 with a range boundary inside it, a level-3 node over its 256
 * addresses), runs of equal leaves kept once. No table of 2^24 entries is painted; the table is computed here
 * and {@link #writeTo} copies it.
 */
public final class Ipv4Dir17Builder implements SectionWriter
{
    private static final OffHeap U = OffHeap.MEMORY;

    private final int routeCount;
    private final int[] direct = new int[Ipv4Dir17Layout.DIRECT_ENTRIES];
    private int[] words;
    private int wordCount;
    private long[] level2 = new long[1 << 16];
    private int level2Longs;
    private long[] level3 = new long[1 << 12];
    private int level3Longs;
    private int[] l3 = new int[1 << 10];
    private final int[] level3Leaves = new int[Ipv4Dir17Layout.L3_SPAN];
    private int l3Count;

    private Ipv4Dir17Builder(final int routeCount)
    {
        this.routeCount = routeCount;
    }

    /**
     * @param routes a route set.
     * @return the builder of its table.
     * @throws IllegalStateException if the table needs more than {@link Ipv4Dir17Layout#MAX_LEAVES} distinct
     *                               route words and level-3 nodes together.
     */
    public static Ipv4Dir17Builder of(final Ipv4LpmBuilder routes)
    {
        final Ipv4Ranges ranges = Ipv4Ranges.of(routes);
        final Ipv4Dir17Builder b = new Ipv4Dir17Builder(routes.routeCount());
        final RouteWordIds ids = new RouteWordIds(Ipv4Dir17Layout.MAX_LEAVES);
        final int[] rangeIds = new int[ranges.count];
        try
        {
            for (int i = 0; i < ranges.count; i++)
            {
                rangeIds[i] = ids.id(ranges.words[i]);
            }
        }
        catch (final IllegalStateException e)
        {
            throw new IllegalStateException("IPv4 compact table capacity exceeded: more than "
                    + Ipv4Dir17Layout.MAX_LEAVES + " distinct (next-hop group, prefix length) pairs", e);
        }
        b.wordCount = ids.count();
        b.words = Arrays.copyOf(ids.words(), ids.count());
        b.fill(ranges, rangeIds);
        if (b.wordCount + b.l3Count > Ipv4Dir17Layout.MAX_LEAVES)
        {
            throw new IllegalStateException("IPv4 compact table capacity exceeded: " + b.wordCount
                    + " distinct route words and " + b.l3Count + " /24 blocks with longer prefixes, more than "
                    + Ipv4Dir17Layout.MAX_LEAVES);
        }
        return b;
    }

    private void fill(final Ipv4Ranges ranges, final int[] rangeIds)
    {
        final long[] starts = ranges.starts;
        final int[] leaves = new int[Ipv4Dir17Layout.L2_SPAN];
        int j = 0;
        for (int c = 0; c < Ipv4Dir17Layout.DIRECT_ENTRIES; c++)
        {
            final long first = (long)c << Ipv4Dir17Layout.DIRECT_SHIFT;
            j = ranges.rangeOf(first, j);
            if (j + 1 >= ranges.count || starts[j + 1] >= first + (1L << Ipv4Dir17Layout.DIRECT_SHIFT))
            {
                direct[c] = ranges.words[j];
                continue;
            }
            int jb = j;
            for (int b = 0; b < Ipv4Dir17Layout.L2_SPAN; b++)
            {
                final long blockStart = first + ((long)b << 8);
                jb = ranges.rangeOf(blockStart, jb);
                if (jb + 1 < ranges.count && starts[jb + 1] < blockStart + Ipv4Dir17Layout.L3_SPAN)
                {
                    leaves[b] = wordCount + level3Node(ranges, rangeIds, blockStart, jb);
                }
                else
                {
                    leaves[b] = rangeIds[jb];
                }
            }
            direct[c] = Ipv4Dir17Layout.POINTER_FLAG | level2Node(leaves);
        }
    }

    /** @return the long offset of a new level-2 node for these /24 leaves. */
    private int level2Node(final int[] leaves)
    {
        final int runs = runs(leaves, leaves.length);
        final int longs = Ipv4Dir17Layout.L2_BITMAP_LONGS + (runs + 3) / 4;
        int at = level2Longs;
        if (longs <= 8 && (at & 7) + longs > 8)
        {
            at = (at + 7) & ~7; // a node that fits a cache line gets one line
        }
        level2 = ensure(level2, at + longs);
        writeNode(level2, at, leaves, leaves.length, Ipv4Dir17Layout.L2_BITMAP_LONGS);
        level2Longs = at + longs;
        return at;
    }

    /** @return the index of a new level-3 node for the 256 addresses from {@code blockStart}. */
    private int level3Node(final Ipv4Ranges ranges, final int[] rangeIds, final long blockStart, final int from)
    {
        final int[] leaves = level3Leaves;
        final long[] starts = ranges.starts;
        int j = from;
        int i = 0;
        while (i < Ipv4Dir17Layout.L3_SPAN)
        {
            // range j holds address blockStart + i; it lasts up to the next range's start or the block's end
            final int end = j + 1 < ranges.count
                    ? (int)Math.min(Ipv4Dir17Layout.L3_SPAN, starts[j + 1] - blockStart) : Ipv4Dir17Layout.L3_SPAN;
            Arrays.fill(leaves, i, end, rangeIds[j]);
            i = end;
            j++;
        }
        final int runs = runs(leaves, leaves.length);
        final int longs = Ipv4Dir17Layout.L3_BITMAP_LONGS + (runs + 3) / 4;
        int at = level3Longs;
        if (longs <= 8 && (at & 7) + longs > 8)
        {
            at = (at + 7) & ~7;
        }
        level3 = ensure(level3, at + longs);
        writeNode(level3, at, leaves, leaves.length, Ipv4Dir17Layout.L3_BITMAP_LONGS);
        level3Longs = at + longs;
        if (l3Count == l3.length)
        {
            l3 = Arrays.copyOf(l3, l3Count * 2);
        }
        l3[l3Count] = at; // relative to the level-3 area until writeTo
        return l3Count++;
    }

    private static int runs(final int[] leaves, final int n)
    {
        int runs = 1;
        for (int i = 1; i < n; i++)
        {
            if (leaves[i] != leaves[i - 1])
            {
                runs++;
            }
        }
        return runs;
    }

    /** Writes the bitmap (bit i: a run starts at index i) and one 16-bit leaf per run, from long {@code at}. */
    private static void writeNode(final long[] area, final int at, final int[] leaves, final int n,
            final int bitmapLongs)
    {
        int run = 0;
        final long leafBase = OffHeap.ARRAY_LONG_BASE_OFFSET + 8L * (at + bitmapLongs);
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || leaves[i] != leaves[i - 1])
            {
                area[at + (i >>> 6)] |= 1L << i;
                U.putShort(area, leafBase + 2L * run, (short)leaves[i]);
                run++;
            }
        }
    }

    private static long[] ensure(final long[] area, final int longs)
    {
        return longs <= area.length ? area : Arrays.copyOf(area, Math.max(longs, area.length * 2));
    }

    /** @return distinct route words (MISS included). */
    public int wordCount()
    {
        return wordCount;
    }

    /** @return level-3 nodes (/24 blocks with a range boundary inside). */
    public int level3Count()
    {
        return l3Count;
    }

    @Override
    public long sizeInBytes()
    {
        return Ipv4Dir17Layout.sectionSize(wordCount, l3Count, nodeLongs());
    }

    /** Level-3 nodes follow the level-2 nodes from the next cache line. */
    private int level3Base()
    {
        return (level2Longs + 7) & ~7;
    }

    private int nodeLongs()
    {
        return level3Base() + level3Longs;
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        final long base = store.addressForWrite(offset);
        U.setMemory(base, sizeInBytes(), (byte)0);
        U.putInt(base + Ipv4Dir17Layout.MAGIC_OFFSET, Ipv4Dir17Layout.MAGIC);
        U.putInt(base + Ipv4Dir17Layout.WORDS_OFFSET, wordCount);
        U.putInt(base + Ipv4Dir17Layout.L3_NODES_OFFSET, l3Count);
        U.putInt(base + Ipv4Dir17Layout.NODE_LONGS_OFFSET, nodeLongs());
        U.putInt(base + Ipv4Dir17Layout.ROUTES_OFFSET, routeCount);
        U.putLong(base + Ipv4Dir17Layout.ONE_OFFSET, 1L);
        long at = base + Ipv4Dir17Layout.HEADER_SIZE;
        U.copyMemory(direct, OffHeap.ARRAY_INT_BASE_OFFSET, null, at, Ipv4Dir17Layout.DIRECT_BYTES);
        at += Ipv4Dir17Layout.DIRECT_BYTES;
        U.copyMemory(words, OffHeap.ARRAY_INT_BASE_OFFSET, null, at, 4L * wordCount);
        at += Ipv4Dir17Layout.paddedInts(wordCount);
        final int l3Base = level3Base();
        for (int i = 0; i < l3Count; i++)
        {
            U.putInt(at + 4L * i, l3Base + l3[i]);
        }
        at += Ipv4Dir17Layout.paddedInts(l3Count);
        final int pad = (int)(-at & 63) & ~7;
        U.putInt(base + Ipv4Dir17Layout.NODE_PAD_OFFSET, pad);
        at += pad;
        U.copyMemory(level2, OffHeap.ARRAY_LONG_BASE_OFFSET, null, at, 8L * level2Longs);
        U.copyMemory(level3, OffHeap.ARRAY_LONG_BASE_OFFSET, null, at + 8L * l3Base, 8L * level3Longs);
    }
}
