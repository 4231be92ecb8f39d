package dev.wirespeed.fib.l3;

import java.util.Arrays;

/**
 * The node memory of an {@link Ipv4Poptrie}: one {@code long[]} holding variable-size nodes of 1 to
 * {@value #MAX_BLOCK} longs, allocated, freed and reused by size class (a free list per size, like a
 * slab allocator), for the writer.
 *
 * <p>Blocks freed by an update are first <em>retired</em> with the writer's epoch and only reused once
 * every reader has passed it ({@link LpmEpochs}). When the array is full it is copied into a larger one:
 * readers still holding the old array keep a consistent (old) view, since the writer never writes the
 * old array again, and the garbage collector frees it once no reader holds it.
 * Writer-only; not thread-safe.
 */
final class PoptrieBlocks
{
    /** Largest block, longs. */
    static final int MAX_BLOCK = 40;

    /** Longs kept free after the last block: a batched lookup reads the fourth long of any node. */
    private static final int SLACK = 4;

    long[] memory;
    private int top = 1; // long 0 is never a node
    private int live;
    private final int[][] free = new int[MAX_BLOCK + 1][];
    private final int[] freeCount = new int[MAX_BLOCK + 1];

    // Retired blocks, FIFO (tags never decrease): tag, then start << 8 | size.
    private long[] retiredTag = new long[256];
    private long[] retiredBlock = new long[256];
    private int retiredHead;
    private int retiredTail;

    /** @param capacity initial longs. */
    PoptrieBlocks(final int capacity)
    {
        memory = new long[Math.max(1024, capacity)];
        memory[0] = 1; // read by batched lookups in place of a node (Ipv4Poptrie.lookupBatch)
    }

    /**
     * @param size 1..{@value #MAX_BLOCK} longs.
     * @return the first long of a free block of {@code size} longs.
     */
    int alloc(final int size)
    {
        live += size;
        final int n = freeCount[size];
        if (n > 0)
        {
            freeCount[size] = n - 1;
            return free[size][n - 1];
        }
        if ((long)top + size + SLACK > memory.length)
        {
            final long grown = Math.max((long)top + size + SLACK, memory.length + (long)(memory.length >> 1));
            if (grown > (1 << 30))
            {
                throw new IllegalStateException("LPM trie node capacity exceeded (2^30 longs)");
            }
            memory = Arrays.copyOf(memory, (int)grown);
        }
        final int start = top;
        top += size;
        return start;
    }

    private void push(final int size, final int start)
    {
        int[] stack = free[size];
        if (stack == null)
        {
            stack = new int[16];
            free[size] = stack;
        }
        else if (freeCount[size] == stack.length)
        {
            stack = Arrays.copyOf(stack, stack.length * 2);
            free[size] = stack;
        }
        stack[freeCount[size]++] = start;
    }

    /**
     * Retires a block: it becomes free once every reader has announced an epoch above {@code tag}.
     *
     * @param start the block's first long.
     * @param size  its size in longs.
     * @param tag   the writer's current epoch.
     */
    void retire(final int start, final int size, final long tag)
    {
        live -= size;
        if (retiredTail - retiredHead == retiredTag.length)
        {
            final int n = retiredTail - retiredHead;
            final long[] tags = new long[n * 2];
            final long[] blocks = new long[n * 2];
            for (int k = 0; k < n; k++)
            {
                tags[k] = retiredTag[(retiredHead + k) & (retiredTag.length - 1)];
                blocks[k] = retiredBlock[(retiredHead + k) & (retiredTag.length - 1)];
            }
            retiredTag = tags;
            retiredBlock = blocks;
            retiredHead = 0;
            retiredTail = n;
        }
        final int at = retiredTail & (retiredTag.length - 1);
        retiredTag[at] = tag;
        retiredBlock[at] = ((long)start << 8) | size;
        retiredTail++;
    }

    /**
     * Frees every retired block whose tag is below {@code oldestSeen}.
     *
     * @param oldestSeen the smallest epoch every reader has announced.
     */
    void reclaim(final long oldestSeen)
    {
        final int mask = retiredTag.length - 1;
        while (retiredHead != retiredTail && retiredTag[retiredHead & mask] < oldestSeen)
        {
            final long b = retiredBlock[retiredHead & mask];
            push((int)b & 0xff, (int)(b >>> 8));
            retiredHead++;
        }
    }

    /** @return longs in use by the live trie. */
    int live()
    {
        return live;
    }

    /** @return blocks retired but not yet free. */
    int retiredBlocks()
    {
        return retiredTail - retiredHead;
    }
}
