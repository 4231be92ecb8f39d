package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.OffHeap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@link Ipv4Poptrie} and {@link Ipv6Poptrie} share: the direct array, the node format, the node
 * builder, publication of a rebuilt slot and reclamation of the old one. The subclasses own their
 * route sets (how a slot's routes are stored and sorted) and the key arithmetic of their lookups.
 *
 * <p>A lookup reads the direct word of the top {@value #DIRECT_BITS} bits. A word with bit 31 clear is
 * the answer (a {@link RouteWord}); otherwise it points at a node, and each node consumes 6 more bits
 * {@code v}. A node is a variable-size block of longs in one array ({@link PoptrieBlocks}), read with
 * {@link OffHeap} (no bounds check; every index is formed by the builder inside a block it
 * allocated):
 * <pre>
 *   long 0        leafvec  bit v set: entry v is not a child and starts a new run of equal leaves
 *   long 1        vector   bit v set: entry v is a child node         (inner nodes only)
 *   int  ...      child pointers, popcount(vector) of them            (inner nodes only)
 *   short ...     leaves: 16-bit ids of route words, popcount(leafvec) of them
 * </pre>
 * Bit 30 of a pointer says whether the node is inner (has a vector). Leaf {@code k = popcount(leafvec &
 * bits 0..v) - 1}, child {@code popcount(vector & bits 0..v) - 1}. A leaf is an id into a small table of
 * the distinct route words ({@link RouteWordIds}, at most {@value #MAX_WORDS}), which stays in the
 * first-level cache.
 *
 * <p>Updates rebuild the touched slots' subtrees into free blocks, publish each with one store-release
 * of its direct word and retire the old blocks through {@link LpmEpochs}; the arrays readers see are
 * replaced as a whole (a new {@code State}) only when the node array or the word table grows.
 */
abstract class PoptrieBase
{
    static final int DIRECT_BITS = 18;
    static final int SLOTS = 1 << DIRECT_BITS;
    /** Most distinct route words (next-hop group and prefix length pairs) a table holds. */
    static final int MAX_WORDS = 1 << 16;
    static final int POINTER = 0x80000000;
    static final int INNER = 0x40000000;
    static final int INDEX = 0x3fffffff;
    static final OffHeap U = OffHeap.MEMORY;
    static final long BASE = OffHeap.ARRAY_LONG_BASE_OFFSET;
    static final long INT_BASE = OffHeap.ARRAY_INT_BASE_OFFSET;
    private static final VarHandle DIRECT = MethodHandles.arrayElementVarHandle(int[].class);

    /** What readers see: replaced as a whole only when the node array or the word table grows. */
    static final class State
    {
        final int[] direct;
        final long[] nodes;
        final int[] words;

        State(final int[] direct, final long[] nodes, final int[] words)
        {
            this.direct = direct;
            this.nodes = nodes;
            this.words = words;
        }
    }

    volatile State state;

    // Writer state.
    final LpmEpochs epochs;
    PoptrieBlocks blocks;
    int[] direct;
    /**
     * The writer's per-slot state, {@value #INFO} ints a slot, so that an update finds all of it in one cache
     * line (one miss where four arrays cost four): at {@code slot * INFO +}
     * {@value #COUNT} the number of routes longer than the direct bits, {@value #BEST} the id of the route word
     * of the longest route up to the direct bits covering the slot (0: none), {@value #ROOT_LONGS} the size in
     * longs of its root node (an update retires a childless root without reading it) and {@value #WORD} the
     * slot's published direct word (the writer never reads the array the readers read).
     */
    private final int[] slotInfo = new int[SLOTS * INFO];
    static final int INFO = 4;
    static final int COUNT = 0;
    static final int BEST = 1;
    static final int ROOT_LONGS = 2;
    static final int WORD = 3;
    private final Map<Long, Integer> shortRoutes = new HashMap<>();
    final RouteWordIds ids = new RouteWordIds(MAX_WORDS);
    private final int[][] entries;
    private final int[][] children;
    private int nodeCount;
    private int lastSize;
    private int updates;

    /**
     * @param epochs the reader registry to reclaim blocks through.
     * @param levels most nodes under a direct slot on one path.
     */
    PoptrieBase(final LpmEpochs epochs, final int levels)
    {
        this.epochs = epochs;
        this.blocks = new PoptrieBlocks(1024);
        this.direct = new int[SLOTS];
        this.entries = new int[levels][64];
        this.children = new int[levels][64];
        this.state = new State(direct, blocks.memory, ids.words());
    }

    // ---------------------------------------------------------------- lookups

    /**
     * One node step.
     *
     * @param nodes   the node array.
     * @param words   the word table.
     * @param pointer the node's pointer.
     * @param v       the node's 6 key bits.
     * @return the route word (bit 31 clear) or the child's pointer (bit 31 set).
     */
    static int step(final long[] nodes, final int[] words, final int pointer, final int v)
    {
        final long at = BASE + ((long)(pointer & INDEX) << 3);
        final long upTo = (2L << v) - 1;
        final long leafvec = U.getLong(nodes, at);
        if ((pointer & INNER) == 0)
        {
            return word(nodes, words, at + 6 + 2 * Long.bitCount(leafvec & upTo)); // leaf k at byte 8 + 2k
        }
        final long vector = U.getLong(nodes, at + 8);
        if ((vector & (upTo ^ (upTo >>> 1))) == 0)
        {
            // leaf k at byte 16 + 4 * children + 2k
            return word(nodes, words, at + 14 + 4 * Long.bitCount(vector) + 2 * Long.bitCount(leafvec & upTo));
        }
        return U.getInt(nodes, at + 12 + 4 * Long.bitCount(vector & upTo)); // child j at byte 16 + 4j
    }

    /** @return the route word of the leaf id at byte address {@code leaf} of the node array. */
    static int word(final long[] nodes, final int[] words, final long leaf)
    {
        return U.getInt(words, INT_BASE + ((long)(U.getShort(nodes, leaf) & 0xffff) << 2));
    }

    /**
     * Reads the first and fourth long of the node a direct word points at (long 0 of the array, which is
     * 1, for a word that is not a pointer), so that a batched lookup brings the nodes of a whole batch
     * into the cache before walking them: Java has no prefetch instruction, and this is one.
     *
     * @return the two longs or-ed (bit 0 is set whenever {@code touched} had it set).
     */
    static long touch(final long[] nodes, final int word, final long touched)
    {
        final long at = BASE + ((long)((word >> 31) & word & INDEX) << 3);
        return touched | U.getLong(nodes, at) | U.getLong(nodes, at + 24);
    }

    // ---------------------------------------------------------------- updates

    /**
     * @param routes a slot's routes.
     * @param r      a route's index.
     * @param offset a key bit offset.
     * @return the route's 6 key bits at {@code offset}.
     */
    abstract int chunk(long[] routes, int r, int offset);

    /** @return longs a route takes in a slot's route array (its last long holds length << 24 | word id). */
    abstract int stride();

    /** @return the array holding the routes of a slot (from {@link #slotRoutesFrom}), or null. */
    abstract long[] slotRoutes(int slot);

    /** @return the index of a slot's first route in {@link #slotRoutes} (0 unless routes share an array). */
    int slotRoutesFrom(final int slot)
    {
        return 0;
    }

    /** @return how many routes longer than the direct bits a slot holds. */
    final int slotCount(final int slot)
    {
        return slotInfo[slot * INFO + COUNT];
    }

    /** @return a value read from the slot's writer state (its count), to bring that line into the cache. */
    final long slotInfoLine(final int slot)
    {
        return slotInfo[slot * INFO + COUNT];
    }

    /** Sets how many routes longer than the direct bits a slot holds. */
    final void slotCount(final int slot, final int count)
    {
        slotInfo[slot * INFO + COUNT] = count;
    }

    /**
     * Adds (or regroups) a route up to the direct bits: the slots it covers whose best short route it
     * becomes are rebuilt and published.
     *
     * @param top    the prefix's top 32 bits (host bits zero).
     * @param length 0..{@value #DIRECT_BITS}.
     * @param group  the next-hop group id.
     * @param tag    the writer's epoch.
     */
    final void addShort(final int top, final int length, final int group, final long tag)
    {
        final int id = ids.id(RouteWord.of(group, length)); // first: it throws when the word table is full
        shortRoutes.put(shortKey(top, length), group);
        final int from = top >>> (32 - DIRECT_BITS);
        final int to = from + (1 << (DIRECT_BITS - length));
        for (int s = from; s < to; s++)
        {
            final int best = slotInfo[s * INFO + BEST];
            if (best == 0 || ids.prefixLength(best) <= length)
            {
                slotInfo[s * INFO + BEST] = id;
                republish(s, tag);
            }
        }
    }

    /**
     * Removes a route up to the direct bits: the slots where it was the best short route get the next
     * shorter one and are rebuilt and published.
     *
     * @return whether the route was present.
     */
    final boolean removeShort(final int top, final int length, final long tag)
    {
        if (shortRoutes.remove(shortKey(top, length)) == null)
        {
            return false;
        }
        int replacement = 0;
        for (int l = length - 1; l >= 0; l--)
        {
            final Integer g = shortRoutes.get(shortKey(top & Ipv4LpmBuilder.mask(l), l));
            if (g != null)
            {
                replacement = ids.id(RouteWord.of(g, l));
                break;
            }
        }
        final int from = top >>> (32 - DIRECT_BITS);
        final int to = from + (1 << (DIRECT_BITS - length));
        for (int s = from; s < to; s++)
        {
            final int best = slotInfo[s * INFO + BEST];
            if (best != 0 && ids.prefixLength(best) == length)
            {
                slotInfo[s * INFO + BEST] = replacement;
                republish(s, tag);
            }
        }
        return true;
    }

    /**
     * Loads the routes up to the direct bits (before {@link #buildAll()}).
     *
     * @param tops    their top 32 bits.
     * @param lengths their lengths.
     * @param groups  their groups.
     * @param count   how many.
     */
    final void loadShort(final int[] tops, final int[] lengths, final int[] groups, final int count)
    {
        final long[] keys = new long[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = shortKey(tops[i], lengths[i]);
            shortRoutes.put(keys[i], groups[i]);
        }
        Arrays.sort(keys); // shorter first, so a longer prefix paints over the shorter ones it is inside
        for (int i = 0; i < count; i++)
        {
            final int len = (int)(keys[i] >>> 32);
            final int from = (int)keys[i] >>> (32 - DIRECT_BITS);
            final int id = ids.id(RouteWord.of(shortRoutes.get(keys[i]), len));
            for (int slot = from, end = from + (1 << (DIRECT_BITS - len)); slot < end; slot++)
            {
                slotInfo[slot * INFO + BEST] = id;
            }
        }
    }

    private static long shortKey(final int top, final int length)
    {
        return ((long)length << 32) | (top & 0xffffffffL);
    }

    /** @return routes up to the direct bits. */
    final int shortRouteCount()
    {
        return shortRoutes.size();
    }

    /** Builds every slot and publishes the whole table (after a load). */
    final void buildAll()
    {
        for (int s = 0; s < SLOTS; s++)
        {
            final int word = buildSlot(s);
            direct[s] = word;
            slotInfo[s * INFO + WORD] = word;
        }
        state = new State(direct, blocks.memory, ids.words()); // volatile store publishes all of it
    }

    /** Rebuilds a slot, publishes it and retires its old subtree. */
    final void republish(final int slot, final long tag)
    {
        final int info = slot * INFO;
        final int old = slotInfo[info + WORD];
        final int oldLongs = slotInfo[info + ROOT_LONGS];
        final int word = buildSlot(slot);
        slotInfo[info + WORD] = word;
        final int[] words = ids.words();
        if (blocks.memory != state.nodes || words != state.words)
        {
            // The node array or the word table grew: readers move to the new arrays with a new direct array
            // as a whole (the old arrays keep the old, consistent view).
            direct = direct.clone();
            direct[slot] = word;
            state = new State(direct, blocks.memory, words); // volatile store publishes all of it
        }
        else
        {
            DIRECT.setRelease(direct, slot, word); // so: the new blocks are written before they are reachable
        }
        if (old < 0)
        {
            if ((old & INNER) == 0)
            {
                blocks.retire(old & INDEX, oldLongs, tag);
                nodeCount--;
            }
            else
            {
                retireTree(old, tag);
            }
        }
    }

    /** Ends an update. */
    final void finish()
    {
        // The epoch is advanced (a volatile store to a line every reader reads) and the readers' epochs read
        // every 16th update, not after each: blocks retired in between carry the same tag and wait a little
        // longer before reuse, which is still safe (the advance comes after every retirement it covers).
        if ((++updates & 15) == 0)
        {
            epochs.advance();
            blocks.reclaim(epochs.oldestSeen());
        }
    }

    private int buildSlot(final int slot)
    {
        final int info = slot * INFO;
        final int n = slotInfo[info + COUNT];
        if (n == 0)
        {
            return ids.words()[slotInfo[info + BEST]];
        }
        final int from = slotRoutesFrom(slot);
        final int root = fill(slotRoutes(slot), from, from + n, DIRECT_BITS, slotInfo[info + BEST]);
        slotInfo[info + ROOT_LONGS] = lastSize; // the root is the last node fill writes
        return root;
    }

    /** @return the size in longs of a node with {@code children} child pointers and {@code leaves} leaves. */
    private static int nodeSize(final int children, final int leaves)
    {
        return children == 0 ? 1 + ((leaves + 3) >> 2) : 2 + ((2 * children + leaves + 3) >> 2);
    }

    /**
     * Writes the node for the 6 bits at {@code offset}, from routes {@code [from, to)} (sorted by key,
     * all inside the node's range) and the word id inherited from shorter prefixes; children are written
     * first (their pointers go into the node).
     *
     * @return the node's pointer.
     */
    private int fill(final long[] routes, final int from, final int to, final int offset, final int inherited)
    {
        final int level = (offset - DIRECT_BITS) / 6;
        final int[] entry = entries[level];
        final int stride = stride();
        Arrays.fill(entry, inherited);
        long vector = 0;
        for (int r = from; r < to; r++)
        {
            final long last = routes[r * stride + stride - 1];
            final int len = (int)(last >>> 24) & 0xff;
            if (len <= offset)
            {
                continue; // already in the inherited word
            }
            final int first = chunk(routes, r, offset);
            if (len <= offset + 6)
            {
                final int id = (int)last & 0xffffff;
                final int end = first + (1 << (offset + 6 - len));
                for (int e = first; e < end; e++)
                {
                    if (ids.prefixLength(entry[e]) <= len)
                    {
                        entry[e] = id;
                    }
                }
            }
            else
            {
                vector |= 1L << first;
            }
        }
        // Children: the routes under child e are contiguous (sorted by key).
        final int[] child = children[level];
        int c = 0;
        int r = from;
        for (long rest = vector; rest != 0; rest &= rest - 1)
        {
            final int e = Long.numberOfTrailingZeros(rest);
            while (chunk(routes, r, offset) < e)
            {
                r++;
            }
            int end = r;
            while (end < to && chunk(routes, end, offset) == e)
            {
                end++;
            }
            child[c++] = fill(routes, r, end, offset + 6, entry[e]);
            r = end;
        }
        return write(entry, vector, child, c);
    }

    private int write(final int[] entry, final long vector, final int[] child, final int c)
    {
        long leafvec = 0;
        int last = -1;
        for (int e = 0; e < 64; e++)
        {
            if ((vector & (1L << e)) == 0 && entry[e] != last)
            {
                leafvec |= 1L << e;
                last = entry[e];
            }
        }
        final int size = nodeSize(c, Long.bitCount(leafvec));
        final int node = blocks.alloc(size);
        nodeCount++;
        lastSize = size;
        final long[] m = blocks.memory;
        final long at = BASE + ((long)node << 3);
        U.putLong(m, at + ((long)(size - 1) << 3), 0L); // the padding after the last leaf
        U.putLong(m, at, leafvec);
        long leafAt = at + 8;
        if (c > 0)
        {
            U.putLong(m, at + 8, vector);
            for (int j = 0; j < c; j++)
            {
                U.putInt(m, at + 16 + 4L * j, child[j]);
            }
            leafAt = at + 16 + 4L * c;
        }
        for (long rest = leafvec; rest != 0; rest &= rest - 1, leafAt += 2)
        {
            U.putShort(m, leafAt, (short)entry[Long.numberOfTrailingZeros(rest)]);
        }
        return POINTER | (c > 0 ? INNER : 0) | node;
    }

    /** Retires the node a pointer names and every node under it. */
    private void retireTree(final int pointer, final long tag)
    {
        final long[] m = blocks.memory;
        final int node = pointer & INDEX;
        final long at = BASE + ((long)node << 3);
        final int leaves = Long.bitCount(U.getLong(m, at));
        int c = 0;
        if ((pointer & INNER) != 0)
        {
            c = Long.bitCount(U.getLong(m, at + 8));
            for (int j = 0; j < c; j++)
            {
                retireTree(U.getInt(m, at + 16 + 4L * j), tag);
            }
        }
        blocks.retire(node, nodeSize(c, leaves), tag);
        nodeCount--;
    }

    // ---------------------------------------------------------------- sizes

    /** @return the reader registry (register each lookup thread that runs while updates happen). */
    public LpmEpochs epochs()
    {
        return epochs;
    }

    /** @return bytes the lookups read from: the direct array, live nodes and the route-word table. */
    public synchronized long sizeInBytes()
    {
        return SLOTS * 4L + (long)blocks.live() * 8 + ids.count() * 4L;
    }

    /** @return live nodes. */
    public synchronized int nodeCount()
    {
        return nodeCount;
    }
}
