package dev.wirespeed.fib.l3;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * IPv4 longest-prefix match in a compact trie that stays in cache, updated in place: Poptrie (Asai and
 * Ohara, "Poptrie: A Compressed Trie with Population Count for Fast and Scalable Software IP Routing
 * Table Lookup", SIGCOMM 2015).
 *
 * <p>Lookup: the top {@value #DIRECT_BITS} bits index a direct array of 2^18 words (1 MiB). A word with
 * bit 31 clear is the answer (a {@link RouteWord}); otherwise it names a node, and each node consumes 6
 * more bits {@code v} (at bit offsets 18, 24, 30; at most three nodes). Node layout in
 * {@link PoptrieArena}: if bit {@code v} of the node's vector is set, the next node is
 * {@code childBase + popcount(vector & bits 0..v) - 1}; otherwise the answer is leaf
 * {@code leafBase + popcount(leafvec & bits 0..v) - 1}, where the leaf vector marks only where a run of
 * equal leaves starts (leaf compression). A 1M-route table takes about 1 MiB + 6 MiB of nodes + 4 MiB
 * of leaves, against 97 MiB for DIR-24-8, so random lookups hit the last-level cache instead of DRAM.
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
    private static final int SLOT_SHIFT = 32 - DIRECT_BITS;
    private static final int POINTER = 0x80000000;
    private static final int LEVELS = 3;
    private static final VarHandle DIRECT = MethodHandles.arrayElementVarHandle(int[].class);

    /** What readers see: replaced as a whole only when the arena grows. */
    private static final class State
    {
        final int[] direct;
        final long[] nodes;
        final int[] leaves;

        State(final int[] direct, final long[] nodes, final int[] leaves)
        {
            this.direct = direct;
            this.nodes = nodes;
            this.leaves = leaves;
        }
    }

    private volatile State state;

    // Writer state.
    private final LpmEpochs epochs;
    private PoptrieArena arena;
    private int[] direct;
    private final int[] shortBest = new int[SLOTS];
    private final Map<Long, Integer> shortRoutes = new HashMap<>();
    private final long[][] slotRoutes = new long[SLOTS][];
    private final int[] slotCount = new int[SLOTS];
    private int longRoutes;
    private int updates;
    private final int[][] scratch = new int[LEVELS][64];

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
        this.arena = new PoptrieArena(1024, 1024);
        this.direct = new int[SLOTS];
        this.state = new State(direct, arena.nodes, arena.leaves);
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
                longKeys[longs++] = key(addresses[i], lengths[i], groups[i]);
            }
        }
        Arrays.sort(shortKeys, 0, shorts);
        for (int i = 0; i < shorts; i++)
        {
            final int len = (int)(shortKeys[i] >>> 32);
            final int address = (int)shortKeys[i];
            final int word = RouteWord.of(shortRoutes.get(shortKeys[i]), len);
            final int from = address >>> SLOT_SHIFT;
            Arrays.fill(shortBest, from, from + (1 << (DIRECT_BITS - len)), word);
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
        arena = new PoptrieArena(longs / 2 + 1024, longs / 2 + 1024);
        for (int s = 0; s < SLOTS; s++)
        {
            direct[s] = buildSlot(s);
        }
        state = new State(direct, arena.nodes, arena.leaves);
    }

    private static long key(final int address, final int length, final int group)
    {
        return ((long)address << 32) | ((long)length << 24) | group;
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
        // A plain read: the node and leaf reads below depend on its value (address dependency), and the
        // blocks it names were fully written before the store-release that published it.
        final int word = s.direct[address >>> SLOT_SHIFT];
        return word >= 0 ? word : descend(s.nodes, s.leaves, word & ~POINTER, address);
    }

    private static int descend(final long[] nodes, final int[] leaves, final int root, final int address)
    {
        int node = root;
        int offset = DIRECT_BITS;
        while (true)
        {
            final int i = node << 3;
            final long vector = nodes[i];
            final int v = (address << offset) >>> 26;
            final long upTo = (2L << v) - 1;
            final long bases = nodes[i + 2];
            if ((vector & (1L << v)) == 0)
            {
                return PoptrieArena.leaf(nodes, leaves, i, (int)bases, Long.bitCount(nodes[i + 1] & upTo) - 1);
            }
            node = (int)(bases >>> 32) + Long.bitCount(vector & upTo) - 1;
            offset += 6;
        }
    }

    /**
     * Batched longest-prefix match, walked level by level over the batch: at each level the reads of
     * all addresses still inside the trie are independent, so their cache misses overlap (a scalar
     * loop keeps only the few lookups that fit the CPU's reorder window in flight). {@code results}
     * holds each address's current node (negative) until it resolves to a route word.
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
        final long[] nodes = s.nodes;
        final int[] leaves = s.leaves;
        int pending = 0;
        for (int i = 0; i < count; i++)
        {
            final int word = d[addresses[from + i] >>> SLOT_SHIFT];
            results[resultsFrom + i] = word;
            pending |= word;
        }
        for (int offset = DIRECT_BITS; pending < 0; offset += 6)
        {
            pending = 0;
            for (int i = 0; i < count; i++)
            {
                final int word = results[resultsFrom + i];
                if (word < 0)
                {
                    final int next = step(nodes, leaves, word & ~POINTER, (addresses[from + i] << offset) >>> 26);
                    results[resultsFrom + i] = next;
                    pending |= next;
                }
            }
        }
    }

    /** One node step: the next node (with bit 31 set) or the leaf's route word. */
    private static int step(final long[] nodes, final int[] leaves, final int node, final int v)
    {
        final int i = node << 3;
        final long vector = nodes[i];
        final long upTo = (2L << v) - 1;
        final long bases = nodes[i + 2];
        if ((vector & (1L << v)) == 0)
        {
            return PoptrieArena.leaf(nodes, leaves, i, (int)bases, Long.bitCount(nodes[i + 1] & upTo) - 1);
        }
        return POINTER | ((int)(bases >>> 32) + Long.bitCount(vector & upTo) - 1);
    }

    /**
     * Batched lookup as a plain loop of scalar lookups (kept to compare with {@link #lookupBatch}).
     *
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    public void lookupEach(final int[] addresses, final int from, final int count, final int[] results,
            final int resultsFrom)
    {
        final State s = state;
        final int[] d = s.direct;
        final long[] nodes = s.nodes;
        final int[] leaves = s.leaves;
        for (int i = 0; i < count; i++)
        {
            final int address = addresses[from + i];
            final int word = d[address >>> SLOT_SHIFT];
            results[resultsFrom + i] = word >= 0 ? word : descend(nodes, leaves, word & ~POINTER, address);
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
            final int word = RouteWord.of(group, length);
            final int from = address >>> SLOT_SHIFT;
            final int to = from + (1 << (DIRECT_BITS - length));
            for (int s = from; s < to; s++)
            {
                final int best = shortBest[s];
                if (best == RouteWord.MISS || RouteWord.prefixLength(best) <= length)
                {
                    shortBest[s] = word;
                    republish(s, tag);
                }
            }
        }
        else
        {
            final int slot = address >>> SLOT_SHIFT;
            final long k = key(address, length, group);
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
            int replacement = RouteWord.MISS;
            for (int l = length - 1; l >= 0; l--)
            {
                final Integer g = shortRoutes.get(((long)l << 32) | (address & Ipv4LpmBuilder.mask(l) & 0xffffffffL));
                if (g != null)
                {
                    replacement = RouteWord.of(g, l);
                    break;
                }
            }
            final int from = address >>> SLOT_SHIFT;
            final int to = from + (1 << (DIRECT_BITS - length));
            for (int s = from; s < to; s++)
            {
                final int best = shortBest[s];
                if (best != RouteWord.MISS && RouteWord.prefixLength(best) == length)
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
        final int word = buildSlot(slot);
        if (arena.nodes != state.nodes || arena.leaves != state.leaves)
        {
            // The arena grew: readers move to the new arrays with a new direct array as a whole.
            direct = direct.clone();
            direct[slot] = word;
            state = new State(direct, arena.nodes, arena.leaves); // volatile store publishes all of it
        }
        else
        {
            DIRECT.setRelease(direct, slot, word); // so: the new blocks are written before they are reachable
        }
        if (old < 0)
        {
            arena.retireSubtree(old & ~POINTER, tag);
        }
    }

    private void finish()
    {
        epochs.advance();
        // Reading every reader's epoch costs more than an update of a long prefix: do it every 16th
        // update (blocks then wait a little longer before reuse).
        if ((++updates & 15) == 0)
        {
            arena.reclaim(epochs.oldestSeen());
        }
    }

    private int buildSlot(final int slot)
    {
        final int n = slotCount[slot];
        if (n == 0)
        {
            return shortBest[slot];
        }
        final int node = arena.allocNodes(1);
        fill(node, slotRoutes[slot], 0, n, DIRECT_BITS, shortBest[slot]);
        return POINTER | node;
    }

    /**
     * Writes node {@code node} for the 6 bits at {@code offset}, from routes {@code [from, to)} (sorted by
     * address, all inside the node's range) and the word inherited from shorter prefixes.
     */
    private void fill(final int node, final long[] routes, final int from, final int to, final int offset,
            final int inherited)
    {
        final int[] entry = scratch[(offset - DIRECT_BITS) / 6];
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
                final int word = RouteWord.of((int)k & 0xffffff, len);
                final int end = first + (1 << (offset + 6 - len));
                for (int e = first; e < end; e++)
                {
                    if (RouteWord.prefixLength(entry[e]) <= len)
                    {
                        entry[e] = word;
                    }
                }
            }
            else
            {
                vector |= 1L << first;
            }
        }
        long leafvec = 0;
        int last = 0;
        boolean any = false;
        for (int e = 0; e < 64; e++)
        {
            if ((vector & (1L << e)) == 0 && (!any || entry[e] != last))
            {
                leafvec |= 1L << e;
                last = entry[e];
                any = true;
            }
        }
        final int leafCount = Long.bitCount(leafvec);
        final int children = Long.bitCount(vector);
        final int childBase = children == 0 ? 0 : arena.allocNodes(children);
        final int leafRef = arena.writeLeaves(node, entry, leafvec, leafCount);
        final long[] nodes = arena.nodes;
        final int i = node * PoptrieArena.NODE_LONGS;
        nodes[i] = vector;
        nodes[i + 1] = leafvec;
        nodes[i + 2] = (leafRef & 0xffffffffL) | ((long)childBase << 32);
        // Children: the routes under child c are contiguous (sorted by address).
        int r = from;
        int child = childBase;
        for (long rest = vector; rest != 0; rest &= rest - 1)
        {
            final int c = Long.numberOfTrailingZeros(rest);
            while (((int)(routes[r] >>> 32) << offset) >>> 26 < c)
            {
                r++;
            }
            int end = r;
            while (end < to && ((int)(routes[end] >>> 32) << offset) >>> 26 == c)
            {
                end++;
            }
            final int inherited2 = entry[c];
            fill(child++, routes, r, end, offset + 6, inherited2);
            r = end;
        }
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

    /** @return bytes the lookups read from: the direct array plus live nodes and leaves. */
    public synchronized long sizeInBytes()
    {
        return SLOTS * 4L + (long)arena.liveNodes() * PoptrieArena.NODE_LONGS * 8 + arena.liveLeaves() * 4L;
    }

    /** @return live inner nodes. */
    public synchronized int nodeCount()
    {
        return arena.liveNodes();
    }
}
