package dev.wirespeed.fib.l3;

import java.util.Arrays;

/**
 * IPv6 longest-prefix match in a Poptrie updated in place: the structure of {@link Ipv4Poptrie}
 * (direct array over the top {@value #DIRECT_BITS} bits, then 6-bit nodes with popcount-indexed
 * children and run-compressed leaves of 16-bit route-word ids, see {@link PoptrieBase}) over 128-bit
 * keys. A /48 is reached
 * after five nodes (bit offsets 18, 24, 30, 36, 42), a /128 after nineteen.
 *
 * <p>Updates, publication and reclamation work as in {@link Ipv4Poptrie}: a change rebuilds the
 * subtrees of the direct slots it touches into free blocks, publishes each with one store-release and
 * retires the old blocks through {@link LpmEpochs}.
 *
 * <p>Lookups are allocation-free and thread-safe for registered readers; updates are for one writer at
 * a time (synchronized).
 */
public final class Ipv6Poptrie extends PoptrieBase implements Ipv6Lpm
{
    public static final int DIRECT_BITS = PoptrieBase.DIRECT_BITS;
    private static final int SLOT_SHIFT = 64 - DIRECT_BITS;
    private static final int LEVELS = 19;
    /** Longs a route takes in a slot's route array: hi, lo, length << 24 | route word id. */
    private static final int R = 3;

    private final long[][] slotRoutes = new long[SLOTS][];
    private int longRoutes;

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
        super(epochs, LEVELS);
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
        final int[] shortTops = new int[n];
        final int[] shortLengths = new int[n];
        final int[] shortGroups = new int[n];
        final int[] shorts = new int[1];
        routes.forEachRoute((hi, lo, length, group) ->
        {
            if (length <= DIRECT_BITS)
            {
                shortTops[shorts[0]] = (int)(hi >>> 32);
                shortLengths[shorts[0]] = length;
                shortGroups[shorts[0]++] = group;
            }
            else
            {
                final int at = longs[0]++ * R;
                longKeys[at] = hi;
                longKeys[at + 1] = lo;
                longKeys[at + 2] = ((long)length << 24) | ids.id(RouteWord.of(group, length));
            }
        });
        loadShort(shortTops, shortLengths, shortGroups, shorts[0]);
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
            final int at = slotCount(s) * R;
            slotCount(s, slotCount(s) + 1);
            System.arraycopy(longKeys, i * R, slotRoutes[s], at, R);
        }
        longRoutes = count;
        blocks = new PoptrieBlocks(count * 4 + 1024);
        for (int s = 0; s < SLOTS; s++)
        {
            if (slotCount(s) > 1)
            {
                sortRoutes(slotRoutes[s], slotCount(s));
            }
        }
        buildAll();
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
    @Override
    public int lookup(final long hi, final long lo)
    {
        final State s = state;
        // A plain read: what follows depends on its value, and was written before its store-release.
        final int word = s.direct[(int)(hi >>> SLOT_SHIFT)];
        return word >= 0 ? word : descend(s.nodes, s.words, word, hi, lo);
    }

    private static int descend(final long[] nodes, final int[] words, final int pointer, final long hi, final long lo)
    {
        int p = pointer;
        // The key shifted so that its next 6 bits are the top of h.
        long h = (hi << DIRECT_BITS) | (lo >>> (64 - DIRECT_BITS));
        long l = lo << DIRECT_BITS;
        do
        {
            p = step(nodes, words, p, (int)(h >>> 58));
            h = (h << 6) | (l >>> 58);
            l <<= 6;
        }
        while (p < 0);
        return p;
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
    @Override
    public void lookupBatch(final long[] his, final long[] los, final int from, final int count,
            final int[] results, final int resultsFrom)
    {
        final State s = state;
        final int[] d = s.direct;
        final long[] nodes = s.nodes;
        final int[] words = s.words;
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
                    final int next = step(nodes, words, word, chunk(his[from + i], los[from + i], offset));
                    results[resultsFrom + i] = next;
                    pending |= next;
                }
            }
        }
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
            addShort((int)(hi >>> 32), length, group, tag);
        }
        else
        {
            final int slot = (int)(hi >>> SLOT_SHIFT);
            long[] routes = slotRoutes[slot];
            final int n = slotCount(slot);
            final int at = find(routes, n, hi, lo, length);
            final long last = ((long)length << 24) | ids.id(RouteWord.of(group, length));
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
                slotCount(slot, n + 1);
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
            if (!removeShort((int)(hi >>> 32), length, tag))
            {
                return false;
            }
        }
        else
        {
            final int slot = (int)(hi >>> SLOT_SHIFT);
            final long[] routes = slotRoutes[slot];
            final int n = slotCount(slot);
            final int at = find(routes, n, hi, lo, length);
            if (at < 0)
            {
                return false;
            }
            System.arraycopy(routes, (at + 1) * R, routes, at * R, (n - at - 1) * R);
            slotCount(slot, n - 1);
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

    @Override
    int chunk(final long[] routes, final int r, final int offset)
    {
        return chunk(routes[r * R], routes[r * R + 1], offset);
    }

    @Override
    int stride()
    {
        return R;
    }

    @Override
    long[] slotRoutes(final int slot)
    {
        return slotRoutes[slot];
    }


    // ---------------------------------------------------------------- sizes

    /** @return number of routes in the table. */
    public synchronized int routeCount()
    {
        return shortRouteCount() + longRoutes;
    }
}
