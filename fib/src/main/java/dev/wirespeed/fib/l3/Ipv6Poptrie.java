package dev.wirespeed.fib.l3;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * IPv6 longest-prefix match in a Poptrie updated in place: the structure of {@link Ipv4Poptrie}
 * (direct array over the top {@value #DIRECT_BITS} bits, then 6-bit nodes with popcount-indexed
 * children and run-compressed leaves, see {@link PoptrieArena}) over 128-bit keys. A /48 is reached
 * after five nodes (bit offsets 18, 24, 30, 36, 42), a /128 after nineteen.
 *
 * <p>Updates, publication and reclamation work as in {@link Ipv4Poptrie}: a change rebuilds the
 * subtrees of the direct slots it touches into free blocks, publishes each with one store-release and
 * retires the old blocks through {@link LpmEpochs}.
 *
 * <p>Lookups are allocation-free and thread-safe for registered readers; updates are for one writer at
 * a time (synchronized).
 */
public final class Ipv6Poptrie
{
    public static final int DIRECT_BITS = 18;
    static final int SLOTS = 1 << DIRECT_BITS;
    private static final int SLOT_SHIFT = 64 - DIRECT_BITS;
    private static final int POINTER = 0x80000000;
    private static final int LEVELS = 19;
    /** Longs a route takes in a slot's route array: hi, lo, length << 24 | group. */
    private static final int R = 3;
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
    public Ipv6Poptrie()
    {
        this(new LpmEpochs());
    }

    /**
     * An empty table.
     *
     * @param epochs the reader registry (may be shared with other tables).
     */
    public Ipv6Poptrie(final LpmEpochs epochs)
    {
        this.epochs = epochs;
        this.arena = new PoptrieArena(1024, 1024);
        this.direct = new int[SLOTS];
        this.state = new State(direct, arena.nodes, arena.leaves);
    }

    /**
     * Builds a table holding the routes of a builder.
     *
     * @param routes a route set.
     * @return the table.
     */
    public static Ipv6Poptrie of(final Ipv6LpmBuilder routes)
    {
        final Ipv6Poptrie t = new Ipv6Poptrie();
        t.load(routes);
        return t;
    }

    private synchronized void load(final Ipv6LpmBuilder routes)
    {
        final int n = routes.routeCount();
        final long[] longKeys = new long[n * R];
        final int[] longs = new int[1];
        final long[] shortKeys = new long[n];
        final int[] shorts = new int[1];
        routes.forEachRoute((hi, lo, length, group) ->
        {
            if (length <= DIRECT_BITS)
            {
                final long k = shortKey(hi, length);
                shortRoutes.put(k, group);
                shortKeys[shorts[0]++] = k;
            }
            else
            {
                final int at = longs[0]++ * R;
                longKeys[at] = hi;
                longKeys[at + 1] = lo;
                longKeys[at + 2] = ((long)length << 24) | group;
            }
        });
        Arrays.sort(shortKeys, 0, shorts[0]);
        for (int i = 0; i < shorts[0]; i++)
        {
            final int len = (int)(shortKeys[i] >>> 32);
            final int from = (int)(shortKeys[i] & 0xffffffffL) >>> (32 - DIRECT_BITS);
            Arrays.fill(shortBest, from, from + (1 << (DIRECT_BITS - len)),
                    RouteWord.of(shortRoutes.get(shortKeys[i]), len));
        }
        // Group the longer routes by slot, each slot's routes sorted by (hi, lo, length).
        final int count = longs[0];
        final int[] perSlot = new int[SLOTS];
        for (int i = 0; i < count; i++)
        {
            perSlot[(int)(longKeys[i * R] >>> SLOT_SHIFT)]++;
        }
        for (int s = 0; s < SLOTS; s++)
        {
            if (perSlot[s] > 0)
            {
                slotRoutes[s] = new long[perSlot[s] * R];
            }
        }
        for (int i = 0; i < count; i++)
        {
            final int s = (int)(longKeys[i * R] >>> SLOT_SHIFT);
            final int at = slotCount[s]++ * R;
            System.arraycopy(longKeys, i * R, slotRoutes[s], at, R);
        }
        longRoutes = count;
        arena = new PoptrieArena(count * 2 + 1024, count * 2 + 1024);
        for (int s = 0; s < SLOTS; s++)
        {
            if (slotCount[s] > 1)
            {
                sortRoutes(slotRoutes[s], slotCount[s]);
            }
            direct[s] = buildSlot(s);
        }
        state = new State(direct, arena.nodes, arena.leaves);
    }

    private static long shortKey(final long hi, final int length)
    {
        return ((long)length << 32) | (hi >>> 32);
    }

    /** Sorts a slot's routes by (hi, lo, length); slots hold few routes, so an index sort is enough. */
    private static void sortRoutes(final long[] routes, final int n)
    {
        final long[][] rows = new long[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = Arrays.copyOfRange(routes, i * R, i * R + R);
        }
        Arrays.sort(rows, Ipv6Poptrie::compareRows);
        for (int i = 0; i < n; i++)
        {
            System.arraycopy(rows[i], 0, routes, i * R, R);
        }
    }

    private static int compareRows(final long[] a, final long[] b)
    {
        int c = Long.compareUnsigned(a[0], b[0]);
        if (c == 0)
        {
            c = Long.compareUnsigned(a[1], b[1]);
        }
        return c != 0 ? c : Long.compare(a[2] >>> 24, b[2] >>> 24);
    }

    private static void check(final long hi, final long lo, final int length)
    {
        if (length < 0 || length > 128)
        {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0..128");
        }
        if ((hi & ~Ipv6LpmBuilder.maskHi(length)) != 0 || (lo & ~Ipv6LpmBuilder.maskLo(length)) != 0)
        {
            throw new IllegalArgumentException("prefix " + IpText.formatIpv6(hi, lo) + "/" + length
                    + " has host bits set");
        }
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Longest-prefix match.
     *
     * @param hi high 64 bits of the destination.
     * @param lo low 64 bits.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    public int lookup(final long hi, final long lo)
    {
        final State s = state;
        // A plain read: what follows depends on its value, and was written before its store-release.
        final int word = s.direct[(int)(hi >>> SLOT_SHIFT)];
        return word >= 0 ? word : descend(s.nodes, s.leaves, word & ~POINTER, hi, lo);
    }

    private static int descend(final long[] nodes, final int[] leaves, final int root, final long hi, final long lo)
    {
        int node = root;
        // The key shifted so that its next 6 bits are the top of h.
        long h = (hi << DIRECT_BITS) | (lo >>> (64 - DIRECT_BITS));
        long l = lo << DIRECT_BITS;
        while (true)
        {
            final int i = node << 3;
            final long vector = nodes[i];
            final int v = (int)(h >>> 58);
            final long upTo = (2L << v) - 1;
            final long bases = nodes[i + 2];
            if ((vector & (1L << v)) == 0)
            {
                return PoptrieArena.leaf(nodes, leaves, i, (int)bases, Long.bitCount(nodes[i + 1] & upTo) - 1);
            }
            node = (int)(bases >>> 32) + Long.bitCount(vector & upTo) - 1;
            h = (h << 6) | (l >>> 58);
            l <<= 6;
        }
    }

    /**
     * Batched longest-prefix match, walked level by level over the whole batch so that the reads of
     * different addresses at one level are independent and their cache misses overlap; {@code results}
     * holds each address's current node (negative) until it resolves to a route word.
     *
     * @param his         high 64 bits of each address.
     * @param los         low 64 bits of each address.
     * @param from        first index in the address arrays.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    public void lookupBatch(final long[] his, final long[] los, final int from, final int count,
            final int[] results, final int resultsFrom)
    {
        final State s = state;
        final int[] d = s.direct;
        final long[] nodes = s.nodes;
        final int[] leaves = s.leaves;
        int pending = 0;
        for (int i = 0; i < count; i++)
        {
            final int word = d[(int)(his[from + i] >>> SLOT_SHIFT)];
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
                    final int next = step(nodes, leaves, word & ~POINTER, chunk(his[from + i], los[from + i], offset));
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

    /** The 6 key bits at {@code offset} (bits past 127 read as zero). */
    static int chunk(final long hi, final long lo, final int offset)
    {
        if (offset <= 58)
        {
            return (int)((hi << offset) >>> 58);
        }
        if (offset >= 64)
        {
            return (int)((lo << (offset - 64)) >>> 58);
        }
        return (int)(((hi << offset) >>> 58) | (lo >>> (122 - offset)));
    }

    // ---------------------------------------------------------------- updates

    /**
     * Adds a route, or changes the group of an existing one, and publishes it.
     *
     * @param hi     prefix high 64 bits.
     * @param lo     prefix low 64 bits.
     * @param length 0..128; host bits zero.
     * @param group  next-hop group id.
     */
    public synchronized void add(final long hi, final long lo, final int length, final int group)
    {
        check(hi, lo, length);
        if (group < 0 || group > RouteWord.MAX_GROUP_ID)
        {
            throw new IllegalArgumentException("next-hop group id " + group + " out of range 0.."
                    + RouteWord.MAX_GROUP_ID);
        }
        final long tag = epochs.current();
        if (length <= DIRECT_BITS)
        {
            shortRoutes.put(shortKey(hi, length), group);
            final int word = RouteWord.of(group, length);
            final int from = (int)(hi >>> SLOT_SHIFT);
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
            final int slot = (int)(hi >>> SLOT_SHIFT);
            long[] routes = slotRoutes[slot];
            final int n = slotCount[slot];
            final int at = find(routes, n, hi, lo, length);
            final long last = ((long)length << 24) | group;
            if (at >= 0)
            {
                routes[at * R + 2] = last;
            }
            else
            {
                final int ins = -at - 1;
                if (routes == null || (n + 1) * R > routes.length)
                {
                    routes = routes == null ? new long[4 * R] : Arrays.copyOf(routes, n * 2 * R);
                    slotRoutes[slot] = routes;
                }
                System.arraycopy(routes, ins * R, routes, (ins + 1) * R, (n - ins) * R);
                routes[ins * R] = hi;
                routes[ins * R + 1] = lo;
                routes[ins * R + 2] = last;
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
     * @param hi     prefix high 64 bits.
     * @param lo     prefix low 64 bits.
     * @param length 0..128.
     * @return whether the route was present.
     */
    public synchronized boolean remove(final long hi, final long lo, final int length)
    {
        check(hi, lo, length);
        final long tag = epochs.current();
        if (length <= DIRECT_BITS)
        {
            if (shortRoutes.remove(shortKey(hi, length)) == null)
            {
                return false;
            }
            int replacement = RouteWord.MISS;
            for (int l = length - 1; l >= 0; l--)
            {
                final Integer g = shortRoutes.get(shortKey(hi & Ipv6LpmBuilder.maskHi(l), l));
                if (g != null)
                {
                    replacement = RouteWord.of(g, l);
                    break;
                }
            }
            final int from = (int)(hi >>> SLOT_SHIFT);
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
            final int slot = (int)(hi >>> SLOT_SHIFT);
            final long[] routes = slotRoutes[slot];
            final int n = slotCount[slot];
            final int at = find(routes, n, hi, lo, length);
            if (at < 0)
            {
                return false;
            }
            System.arraycopy(routes, (at + 1) * R, routes, at * R, (n - at - 1) * R);
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

    private static int find(final long[] routes, final int n, final long hi, final long lo, final int length)
    {
        int low = 0;
        int high = n - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            int c = Long.compareUnsigned(routes[mid * R], hi);
            if (c == 0)
            {
                c = Long.compareUnsigned(routes[mid * R + 1], lo);
            }
            if (c == 0)
            {
                c = Integer.compare((int)(routes[mid * R + 2] >>> 24), length);
            }
            if (c < 0)
            {
                low = mid + 1;
            }
            else if (c > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    private void republish(final int slot, final long tag)
    {
        final int old = direct[slot];
        final int word = buildSlot(slot);
        if (arena.nodes != state.nodes || arena.leaves != state.leaves)
        {
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

    /** As {@code Ipv4Poptrie.fill}, over 128-bit keys. */
    private void fill(final int node, final long[] routes, final int from, final int to, final int offset,
            final int inherited)
    {
        final int[] entry = scratch[(offset - DIRECT_BITS) / 6];
        Arrays.fill(entry, inherited);
        long vector = 0;
        for (int r = from; r < to; r++)
        {
            final long last = routes[r * R + 2];
            final int len = (int)(last >>> 24);
            if (len <= offset)
            {
                continue;
            }
            final int first = chunk(routes[r * R], routes[r * R + 1], offset);
            if (len <= offset + 6)
            {
                final int word = RouteWord.of((int)last & 0xffffff, len);
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
        int lastLeaf = 0;
        boolean any = false;
        for (int e = 0; e < 64; e++)
        {
            if ((vector & (1L << e)) == 0 && (!any || entry[e] != lastLeaf))
            {
                leafvec |= 1L << e;
                lastLeaf = entry[e];
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
        int r = from;
        int child = childBase;
        for (long rest = vector; rest != 0; rest &= rest - 1)
        {
            final int c = Long.numberOfTrailingZeros(rest);
            while (chunk(routes[r * R], routes[r * R + 1], offset) < c)
            {
                r++;
            }
            int end = r;
            while (end < to && chunk(routes[end * R], routes[end * R + 1], offset) == c)
            {
                end++;
            }
            fill(child++, routes, r, end, offset + 6, entry[c]);
            r = end;
        }
    }

    // ---------------------------------------------------------------- sizes

    /** @return the reader registry. */
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
