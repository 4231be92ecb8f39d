package dev.wirespeed.fib.l3;

import java.util.Arrays;

/**
 * The node and leaf arrays of a {@link Ipv4Poptrie} or {@link Ipv6Poptrie}, with block allocation for
 * the writer: the children of a node are one contiguous block of nodes, its leaves one contiguous
 * block of leaves (Poptrie indexes both by popcount from a base), so blocks of 1–64 entries are
 * allocated, freed and reused by size class (a free list per size, like a slab allocator).
 *
 * <p>Blocks freed by an update are first <em>retired</em> with the writer's epoch and only reused once
 * every reader has passed it ({@link LpmEpochs}). When the arrays are full they are copied into larger
 * ones: readers still holding the old arrays keep a consistent (old) view, since the writer never
 * writes the old arrays again, and the garbage collector frees them once no reader holds them.
 *
 * <p>Node format, {@value #NODE_LONGS} longs (64 bytes):
 * <pre>
 *   long 0     vector  bit v set: child v is an inner node
 *   long 1     leafvec bit v set: child v is a leaf that starts a new run of equal leaves
 *   long 2     leaf reference (low 32 bits) | child node base (high 32 bits)
 *   long 3..7  up to {@value #INLINE_LEAVES} leaves inline (int k in the low or high half of long 3 + k/2)
 * </pre>
 * A node with at most {@value #INLINE_LEAVES} leaves keeps them inline (leaf reference 0): the lookup
 * reads the leaf from the node it has just read, so most lookups of a large IPv4 table take two
 * dependent reads (direct array, node) instead of three. A node with more leaves keeps them in a
 * block of the leaf array (leaf reference = block start + 1).
 * Writer-only; not thread-safe.
 */
final class PoptrieArena
{
    static final int NODE_LONGS = 8;
    static final int INLINE_LEAVES = 10;
    private static final int MAX_BLOCK = 64;
    private static final int NODES = 0;
    private static final int LEAVES = 1;

    long[] nodes;
    int[] leaves;
    private int nodeTop;
    private int leafTop;
    private int liveNodes;
    private int liveLeaves;
    private final int[][] free = new int[2 * (MAX_BLOCK + 1)][];
    private final int[] freeCount = new int[2 * (MAX_BLOCK + 1)];

    // Retired blocks, FIFO (tags never decrease): tag, then start << 8 | kind << 7 | size.
    private long[] retiredTag = new long[256];
    private long[] retiredBlock = new long[256];
    private int retiredHead;
    private int retiredTail;

    /**
     * @param nodeCapacity initial nodes.
     * @param leafCapacity initial leaves.
     */
    PoptrieArena(final int nodeCapacity, final int leafCapacity)
    {
        nodes = new long[Math.max(64, nodeCapacity) * NODE_LONGS];
        leaves = new int[Math.max(64, leafCapacity)];
    }

    /**
     * @param count 1..64.
     * @return the first node of a free block of {@code count} nodes.
     */
    int allocNodes(final int count)
    {
        liveNodes += count;
        final int reused = pop(NODES, count);
        if (reused >= 0)
        {
            return reused;
        }
        if ((long)(nodeTop + count) * NODE_LONGS > nodes.length)
        {
            final long grown = Math.max((long)(nodeTop + count) * NODE_LONGS, nodes.length + (nodes.length >> 1));
            if (grown > Integer.MAX_VALUE - 64)
            {
                throw new IllegalStateException("LPM trie node capacity exceeded");
            }
            nodes = Arrays.copyOf(nodes, (int)grown);
        }
        final int start = nodeTop;
        nodeTop += count;
        return start;
    }

    /**
     * @param count 1..64.
     * @return the first leaf of a free block of {@code count} leaves.
     */
    int allocLeaves(final int count)
    {
        liveLeaves += count;
        final int reused = pop(LEAVES, count);
        if (reused >= 0)
        {
            return reused;
        }
        if ((long)leafTop + count > leaves.length)
        {
            final long grown = Math.max((long)leafTop + count, leaves.length + (leaves.length >> 1));
            if (grown > Integer.MAX_VALUE - 64)
            {
                throw new IllegalStateException("LPM trie leaf capacity exceeded");
            }
            leaves = Arrays.copyOf(leaves, (int)grown);
        }
        final int start = leafTop;
        leafTop += count;
        return start;
    }

    /**
     * Leaf {@code k} of the node at long index {@code i}.
     *
     * @param nodes  the node array.
     * @param leaves the leaf array.
     * @param i      the node's first long.
     * @param ref    the node's leaf reference (0: inline).
     * @param k      the leaf's rank.
     * @return the leaf's route word.
     */
    static int leaf(final long[] nodes, final int[] leaves, final int i, final int ref, final int k)
    {
        return ref == 0 ? (int)(nodes[i + 3 + (k >> 1)] >>> ((k & 1) << 5)) : leaves[ref - 1 + k];
    }

    /**
     * Stores a node's leaves (the entries at the set bits of {@code leafvec}) inline or in a new block.
     *
     * @param node      the node.
     * @param entry     its 64 entries.
     * @param leafvec   which entries are stored.
     * @param leafCount bit count of {@code leafvec}.
     * @return the node's leaf reference.
     */
    int writeLeaves(final int node, final int[] entry, final long leafvec, final int leafCount)
    {
        if (leafCount <= INLINE_LEAVES)
        {
            final long[] n = nodes;
            final int i = node * NODE_LONGS;
            for (int w = 3; w < NODE_LONGS; w++)
            {
                n[i + w] = 0;
            }
            int k = 0;
            for (long rest = leafvec; rest != 0; rest &= rest - 1, k++)
            {
                final long word = entry[Long.numberOfTrailingZeros(rest)] & 0xffffffffL;
                n[i + 3 + (k >> 1)] |= word << ((k & 1) << 5);
            }
            return 0;
        }
        final int base = allocLeaves(leafCount);
        final int[] l = leaves;
        int at = base;
        for (long rest = leafvec; rest != 0; rest &= rest - 1)
        {
            l[at++] = entry[Long.numberOfTrailingZeros(rest)];
        }
        return base + 1;
    }

    private int pop(final int kind, final int size)
    {
        final int list = kind * (MAX_BLOCK + 1) + size;
        final int n = freeCount[list];
        if (n == 0)
        {
            return -1;
        }
        freeCount[list] = n - 1;
        return free[list][n - 1];
    }

    private void push(final int kind, final int size, final int start)
    {
        final int list = kind * (MAX_BLOCK + 1) + size;
        int[] stack = free[list];
        if (stack == null)
        {
            stack = new int[16];
            free[list] = stack;
        }
        else if (freeCount[list] == stack.length)
        {
            stack = Arrays.copyOf(stack, stack.length * 2);
            free[list] = stack;
        }
        stack[freeCount[list]++] = start;
    }

    /**
     * Retires the subtree under {@code node} (the node itself is a block of one): its blocks become
     * free once every reader has announced an epoch above {@code tag}.
     *
     * @param node the subtree's root node.
     * @param tag  the writer's current epoch.
     */
    void retireSubtree(final int node, final long tag)
    {
        retire(NODES, node, 1, tag);
        retireBelow(node, tag);
    }

    private void retireBelow(final int node, final long tag)
    {
        final int i = node * NODE_LONGS;
        final long vector = nodes[i];
        final int leafCount = Long.bitCount(nodes[i + 1]);
        final long bases = nodes[i + 2];
        if ((int)bases != 0)
        {
            retire(LEAVES, (int)bases - 1, leafCount, tag);
        }
        final int children = Long.bitCount(vector);
        if (children > 0)
        {
            final int base = (int)(bases >>> 32);
            retire(NODES, base, children, tag);
            for (int c = 0; c < children; c++)
            {
                retireBelow(base + c, tag);
            }
        }
    }

    private void retire(final int kind, final int start, final int size, final long tag)
    {
        if (kind == NODES)
        {
            liveNodes -= size;
        }
        else
        {
            liveLeaves -= size;
        }
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
        retiredBlock[at] = ((long)start << 8) | ((long)kind << 7) | size;
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
            push((int)(b >>> 7) & 1, (int)b & 0x7f, (int)(b >>> 8));
            retiredHead++;
        }
    }

    /** @return nodes in use by the live trie. */
    int liveNodes()
    {
        return liveNodes;
    }

    /** @return leaves in use by the live trie. */
    int liveLeaves()
    {
        return liveLeaves;
    }

    /** @return blocks retired but not yet free. */
    int retiredBlocks()
    {
        return retiredTail - retiredHead;
    }
}
