package dev.wirespeed.fib.l3;

import sun.misc.Unsafe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * IPv4 longest-prefix match in a compact trie that stays in cache, updated in place: Poptrie (Asai and
 * Ohara, "Poptrie: A Compressed Trie with Population Count for Fast and Scalable Software IP Routing
 * Table Lookup", SIGCOMM 2015), with its leaves inside the node.
 *
 * <p>Lookup: the top {@value #DIRECT_BITS} bits index a direct array of 2^18 words (1 MiB). A word with
 * bit 31 clear is the answer (a {@link RouteWord}); otherwise it points at a node, and each node
 * consumes 6 more bits {@code v} (at bit offsets 18, 24, 30; at most three nodes). A node is a
 * variable-size block of longs in one array ({@link PoptrieBlocks}), read with {@link NativeMemory}
 * (no bounds check; every index is formed by the builder inside a block it allocated):
 * <pre>
 *   long 0        leafvec  bit v set: entry v is not a child and starts a new run of equal leaves
 *   long 1        vector   bit v set: entry v is a child node         (inner nodes only)
 *   int  ...      child pointers, popcount(vector) of them            (inner nodes only)
 *   short ...     leaves: 16-bit ids of route words, popcount(leafvec) of them
 * </pre>
 * Bit 30 of a pointer says whether the node is inner (has a vector); most nodes are not (a /18 with a
 * few /19–/24 routes under it), so a lookup typically reads the direct word and then one node of
 * 16–40 bytes, whose leaf sits in the same block: leaf {@code popcount(leafvec & bits 0..v) - 1},
 * child {@code popcount(vector & bits 0..v) - 1}. The leaf is an id into a small table of the distinct
 * route words (a few hundred to a few thousand: next-hop groups times prefix lengths, at most
 * {@value #MAX_WORDS}), which stays in the first-level cache. With leaves as 16-bit ids inside the node a
 * 1M-route table takes about 1 MiB + 7 MiB; the first form of this table (64-byte nodes with 32-bit
 * leaves, three dependent reads when a node had more than ten leaves) took 20 MiB and ran at a quarter
 * of DIR-24-8's rate on random addresses.
 *
 * <p>Route set and updates: the table keeps its own route set (the RIB): routes up to /18 in a map and
 * painted into a per-slot "best short route" array, longer routes in a small sorted array per /18
 * slot. {@link #add} and {@link #remove} rebuild only the touched slots' subtrees into free blocks,
 * publish each with one store-release of its direct word, and retire the old blocks through
 * {@link LpmEpochs}. A lookup therefore sees, for its slot, either the whole old subtree or the whole
 * new one, never a mix. An update of a prefix up to /18 touches every slot it covers (a /8 touches
 * 1,024 slots); lookups of different addresses during it may see it at different points.
 *
 * <p>Lookups are allocation-free and may run on any number of threads that are registered readers
 * of {@link #epochs()} (or on the writer's thread); {@link #add}/{@link #remove}/{@link #build} are
 * for one writer thread at a time (they are synchronized).
 */
public final class Ipv4Poptrie
{
    public static final int DIRECT_BITS = 18;
    static final int SLOTS = 1 << DIRECT_BITS;
    /** Most distinct route words (next-hop group and prefix length pairs) a table holds. */
    static final int MAX_WORDS = 1 << 16;
    private static final int SLOT_SHIFT = 32 - DIRECT_BITS;
    private static final int POINTER = 0x80000000;
    private static final int INNER = 0x40000000;
    private static final int INDEX = 0x3fffffff;
    private static final int LEVELS = 3;
    private static final Unsafe U = NativeMemory.UNSAFE;
    private static final long BASE = Unsafe.ARRAY_LONG_BASE_OFFSET;
    private static final long INT_BASE = Unsafe.ARRAY_INT_BASE_OFFSET;
    private static final VarHandle DIRECT = MethodHandles.arrayElementVarHandle(int[].class);

    /** What readers see: replaced as a whole only when the node array or the word table grows. */
    private static final class State
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

    private volatile State state;

    // Writer state.
    private final LpmEpochs epochs;
    private PoptrieBlocks blocks;
    private int[] direct;
    /** Per slot, the id of the route word of the longest route up to /18 covering it (0: none). */
    private final int[] shortBest = new int[SLOTS];
    /** Per slot, the size in longs of its root node (so an update retires a childless root without reading it). */
    private final byte[] rootLongs = new byte[SLOTS];
    private int lastSize;
    private final Map<Long, Integer> shortRoutes = new HashMap<>();
    private final long[][] slotRoutes = new long[SLOTS][];
    private final int[] slotCount = new int[SLOTS];
    private final RouteWordIds ids = new RouteWordIds(MAX_WORDS);
    private int longRoutes;
    private int nodeCount;
    private int updates;
    private final int[][] entries = new int[LEVELS][64];
    private final int[][] children = new int[LEVELS][64];

    /** An empty table with its own reader epochs. */
    public Ipv4Poptrie()
    {
        this(new LpmEpochs());
    }

    /**
     * An empty table.
     *
     * @param epochs the reader registry to reclaim blocks through (may be shared with other tables).
     */
    public Ipv4Poptrie(final LpmEpochs epochs)
    {
        this.epochs = epochs;
        this.blocks = new PoptrieBlocks(1024);
        this.direct = new int[SLOTS];
        this.state = new State(direct, blocks.memory, ids.words());
    }

    /**
     * Builds a table from a route set in one pass (no per-route publication).
     *
     * @param addresses prefix addresses (host bits zero).
     * @param lengths   prefix lengths 0..32.
     * @param groups    next-hop group ids.
     * @param count     number of routes (give each prefix once).
     * @return the table.
     */
    public static Ipv4Poptrie build(final int[] addresses, final int[] lengths, final int[] groups, final int count)
    {
        final Ipv4Poptrie t = new Ipv4Poptrie();
        t.load(addresses, lengths, groups, count);
        return t;
    }

    /**
     * Builds a table holding the routes of a builder.
     *
     * @param routes a route set.
     * @return the table.
     */
    public static Ipv4Poptrie of(final Ipv4LpmBuilder routes)
    {
        final int n = routes.routeCount();
        final int[] a = new int[n];
        final int[] l = new int[n];
        final int[] g = new int[n];
        final int[] i = new int[1];
        routes.forEachRoute((address, length, group) ->
        {
            a[i[0]] = address;
            l[i[0]] = length;
            g[i[0]] = group;
            i[0]++;
        });
        return build(a, l, g, n);
    }

    private synchronized void load(final int[] addresses, final int[] lengths, final int[] groups, final int count)
    {
        final long[] shortKeys = new long[count];
        final long[] longKeys = new long[count];
        int shorts = 0;
        int longs = 0;
        for (int i = 0; i < count; i++)
        {
            check(addresses[i], lengths[i]);
            checkGroup(groups[i]);
            if (lengths[i] <= DIRECT_BITS)
            {
                shortKeys[shorts++] = ((long)lengths[i] << 32) | (addresses[i] & 0xffffffffL);
                shortRoutes.put(((long)lengths[i] << 32) | (addresses[i] & 0xffffffffL), groups[i]);
            }
            else
            {
                longKeys[longs++] = key(addresses[i], lengths[i], ids.id(RouteWord.of(groups[i], lengths[i])));
            }
        }
        Arrays.sort(shortKeys, 0, shorts);
        for (int i = 0; i < shorts; i++)
        {
            final int len = (int)(shortKeys[i] >>> 32);
            final int address = (int)shortKeys[i];
            final int id = ids.id(RouteWord.of(shortRoutes.get(shortKeys[i]), len));
            final int from = address >>> SLOT_SHIFT;
            Arrays.fill(shortBest, from, from + (1 << (DIRECT_BITS - len)), id);
        }
        Arrays.sort(longKeys, 0, longs);
        int at = 0;
        while (at < longs)
        {
            final int slot = (int)(longKeys[at] >>> (32 + SLOT_SHIFT));
            int end = at + 1;
            while (end < longs && (int)(longKeys[end] >>> (32 + SLOT_SHIFT)) == slot)
            {
                end++;
            }
            // A repeated prefix keeps its last group: drop earlier keys of the same (address, length).
            int n = 0;
            final long[] routes = new long[end - at + 2];
            for (int k = at; k < end; k++)
            {
                if (n > 0 && (routes[n - 1] >> 24) == (longKeys[k] >> 24))
                {
                    n--;
                }
                routes[n++] = longKeys[k];
            }
            slotRoutes[slot] = routes;
            slotCount[slot] = n;
            longRoutes += n;
            at = end;
        }
        blocks = new PoptrieBlocks(longs * 2 + 1024);
        for (int s = 0; s < SLOTS; s++)
        {
            direct[s] = buildSlot(s);
        }
        state = new State(direct, blocks.memory, ids.words());
    }

    /** A long route's key: sorted by address, then length; the low 24 bits hold its route word's id. */
    private static long key(final int address, final int length, final int wordId)
    {
        return ((long)address << 32) | ((long)length << 24) | wordId;
    }

    private static void check(final int address, final int length)
    {
        if (length < 0 || length > 32)
        {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0..32");
        }
        if ((address & ~Ipv4LpmBuilder.mask(length)) != 0)
        {
            throw new IllegalArgumentException("prefix " + IpText.formatIpv4(address) + "/" + length
                    + " has host bits set");
        }
    }

    private static void checkGroup(final int group)
    {
        if (group < 0 || group > RouteWord.MAX_GROUP_ID)
        {
            throw new IllegalArgumentException("next-hop group id " + group + " out of range 0.."
                    + RouteWord.MAX_GROUP_ID);
        }
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Longest-prefix match.
     *
     * @param address destination address.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    public int lookup(final int address)
    {
        final State s = state;
        // A plain read: the node reads below depend on its value (address dependency), and the block it
        // names was fully written before the store-release that published it.
        final int word = s.direct[address >>> SLOT_SHIFT];
        return word >= 0 ? word : descend(s.nodes, s.words, word, address);
    }

    /** The walk from a node pointer down to the leaf; see the class comment for the node format. */
    private static int descend(final long[] nodes, final int[] words, final int pointer, final int address)
    {
        int p = pointer;
        int offset = DIRECT_BITS;
        while (true)
        {
            final long at = BASE + ((long)(p & INDEX) << 3);
            final long upTo = (2L << ((address << offset) >>> 26)) - 1;
            final long leafvec = U.getLong(nodes, at);
            if ((p & INNER) == 0)
            {
                // leaf k = popcount - 1 at byte 8 + 2k
                return words[U.getShort(nodes, at + 6 + 2 * Long.bitCount(leafvec & upTo)) & 0xffff];
            }
            final long vector = U.getLong(nodes, at + 8);
            if ((vector & (upTo ^ (upTo >>> 1))) == 0)
            {
                // leaf k at byte 16 + 4 * children + 2k
                return words[U.getShort(nodes, at + 14 + 4 * Long.bitCount(vector)
                        + 2 * Long.bitCount(leafvec & upTo)) & 0xffff];
            }
            // child j = popcount - 1 at byte 16 + 4j
            p = U.getInt(nodes, at + 12 + 4 * Long.bitCount(vector & upTo));
            offset += 6;
        }
    }

    /**
     * Batched longest-prefix match in three passes over the batch: the direct words (independent
     * reads), then one read of the first long of each address's node (independent again, and a few
     * instructions each, so the core keeps the whole batch's cache misses in flight, where a full walk of
     * about thirty instructions an address lets the reorder window hold only a handful), then the walks,
     * which now find their nodes in the first-level cache. Java has no prefetch instruction; the second
     * pass is one.
     *
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    public void lookupBatch(final int[] addresses, final int from, final int count, final int[] results,
            final int resultsFrom)
    {
        final State s = state;
        final int[] d = s.direct;
        for (int i = 0; i < count; i++)
        {
            results[resultsFrom + i] = d[addresses[from + i] >>> SLOT_SHIFT];
        }
        final long[] nodes = s.nodes;
        // Long 0 of the node array is 1 and is read for the words that are not pointers (no branch), so
        // bit 0 of touched is 1, which the compiler cannot know: the reads are kept, and zero is 0.
        long touched = 0;
        for (int i = 0; i < count; i++)
        {
            final int word = results[resultsFrom + i];
            final long at = BASE + ((long)((word >> 31) & word & INDEX) << 3);
            touched |= U.getLong(nodes, at) | U.getLong(nodes, at + 24);
        }
        final int zero = (int)(touched & 1) - 1;
        final int[] words = s.words;
        for (int i = 0; i < count; i++)
        {
            final int word = results[resultsFrom + i];
            if (word < 0)
            {
                final int address = addresses[from + i];
                if ((word & INNER) == 0)
                {
                    // The common case inline: a node without children, leaf k = popcount - 1 at byte 8 + 2k.
                    final long at = BASE + ((long)(word & INDEX) << 3);
                    final long upTo = (2L << ((address << DIRECT_BITS) >>> 26)) - 1;
                    final int k = Long.bitCount(U.getLong(nodes, at) & upTo);
                    results[resultsFrom + i] = U.getInt(words, INT_BASE + ((long)(U.getShort(nodes, at + 6 + 2 * k)
                            & 0xffff) << 2));
                }
                else
                {
                    results[resultsFrom + i] = descend(nodes, words, word, address);
                }
            }
        }
        if (count > 0)
        {
            results[resultsFrom] += zero;
        }
    }

    // ---------------------------------------------------------------- updates

    /**
     * Adds a route, or changes the next-hop group of an existing one, and publishes it.
     *
     * @param address prefix address (host bits zero).
     * @param length  0..32.
     * @param group   next-hop group id.
     */
    public synchronized void add(final int address, final int length, final int group)
    {
        check(address, length);
        checkGroup(group);
        final long tag = epochs.current();
        if (length <= DIRECT_BITS)
        {
            shortRoutes.put(((long)length << 32) | (address & 0xffffffffL), group);
            final int id = ids.id(RouteWord.of(group, length));
            final int from = address >>> SLOT_SHIFT;
            final int to = from + (1 << (DIRECT_BITS - length));
            for (int s = from; s < to; s++)
            {
                final int best = shortBest[s];
                if (best == 0 || ids.prefixLength(best) <= length)
                {
                    shortBest[s] = id;
                    republish(s, tag);
                }
            }
        }
        else
        {
            final int slot = address >>> SLOT_SHIFT;
            final long k = key(address, length, ids.id(RouteWord.of(group, length)));
            long[] routes = slotRoutes[slot];
            final int n = slotCount[slot];
            final int at = find(routes, n, k);
            if (at >= 0)
            {
                routes[at] = k;
            }
            else
            {
                final int ins = -at - 1;
                if (routes == null || n == routes.length)
                {
                    routes = routes == null ? new long[4] : Arrays.copyOf(routes, n * 2);
                    slotRoutes[slot] = routes;
                }
                System.arraycopy(routes, ins, routes, ins + 1, n - ins);
                routes[ins] = k;
                slotCount[slot] = n + 1;
                longRoutes++;
            }
            republish(slot, tag);
        }
        finish();
    }

    /**
     * Removes a route if present, and publishes the change.
     *
     * @param address prefix address.
     * @param length  0..32.
     * @return whether the route was present.
     */
    public synchronized boolean remove(final int address, final int length)
    {
        check(address, length);
        final long tag = epochs.current();
        if (length <= DIRECT_BITS)
        {
            if (shortRoutes.remove(((long)length << 32) | (address & 0xffffffffL)) == null)
            {
                return false;
            }
            int replacement = 0;
            for (int l = length - 1; l >= 0; l--)
            {
                final Integer g = shortRoutes.get(((long)l << 32) | (address & Ipv4LpmBuilder.mask(l) & 0xffffffffL));
                if (g != null)
                {
                    replacement = ids.id(RouteWord.of(g, l));
                    break;
                }
            }
            final int from = address >>> SLOT_SHIFT;
            final int to = from + (1 << (DIRECT_BITS - length));
            for (int s = from; s < to; s++)
            {
                final int best = shortBest[s];
                if (best != 0 && ids.prefixLength(best) == length)
                {
                    shortBest[s] = replacement;
                    republish(s, tag);
                }
            }
        }
        else
        {
            final int slot = address >>> SLOT_SHIFT;
            final long[] routes = slotRoutes[slot];
            final int n = slotCount[slot];
            final int at = find(routes, n, key(address, length, 0));
            if (at < 0)
            {
                return false;
            }
            System.arraycopy(routes, at + 1, routes, at, n - at - 1);
            slotCount[slot] = n - 1;
            longRoutes--;
            if (n == 1)
            {
                slotRoutes[slot] = null;
            }
            republish(slot, tag);
        }
        finish();
        return true;
    }

    /** Binary search by (address, length), ignoring the group bits. */
    private static int find(final long[] routes, final int n, final long k)
    {
        final long want = k >> 24;
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long v = routes[mid] >> 24;
            if (v < want)
            {
                lo = mid + 1;
            }
            else if (v > want)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private void republish(final int slot, final long tag)
    {
        final int old = direct[slot];
        final int oldLongs = rootLongs[slot];
        final int word = buildSlot(slot);
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

    private void finish()
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
        final int n = slotCount[slot];
        if (n == 0)
        {
            return ids.words()[shortBest[slot]];
        }
        final int root = fill(slotRoutes[slot], 0, n, DIRECT_BITS, shortBest[slot]);
        rootLongs[slot] = (byte)lastSize; // the root is the last node fill writes
        return root;
    }

    /** @return the size in longs of a node with {@code children} child pointers and {@code leaves} leaves. */
    private static int nodeSize(final int children, final int leaves)
    {
        return children == 0 ? 1 + ((leaves + 3) >> 2) : 2 + ((2 * children + leaves + 3) >> 2);
    }

    /**
     * Writes the node for the 6 bits at {@code offset}, from routes {@code [from, to)} (sorted by
     * address, all inside the node's range) and the word id inherited from shorter prefixes; children
     * are written first (their pointers go into the node).
     *
     * @return the node's pointer.
     */
    private int fill(final long[] routes, final int from, final int to, final int offset, final int inherited)
    {
        final int level = (offset - DIRECT_BITS) / 6;
        final int[] entry = entries[level];
        Arrays.fill(entry, inherited);
        long vector = 0;
        for (int r = from; r < to; r++)
        {
            final long k = routes[r];
            final int len = (int)(k >>> 24) & 0x3f;
            if (len <= offset)
            {
                continue; // already in the inherited word
            }
            final int first = ((int)(k >>> 32) << offset) >>> 26;
            if (len <= offset + 6)
            {
                final int id = (int)k & 0xffffff;
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
        // Children: the routes under child c are contiguous (sorted by address).
        final int[] child = children[level];
        int c = 0;
        int r = from;
        for (long rest = vector; rest != 0; rest &= rest - 1)
        {
            final int e = Long.numberOfTrailingZeros(rest);
            while (((int)(routes[r] >>> 32) << offset) >>> 26 < e)
            {
                r++;
            }
            int end = r;
            while (end < to && ((int)(routes[end] >>> 32) << offset) >>> 26 == e)
            {
                end++;
            }
            child[c++] = fill(routes, r, end, offset + 6, entry[e]);
            r = end;
        }
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
        final int leaves = Long.bitCount(leafvec);
        final int size = nodeSize(c, leaves);
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

    /** @return number of routes in the table. */
    public synchronized int routeCount()
    {
        return shortRoutes.size() + longRoutes;
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
