package dev.wirespeed.fib.l3;

import java.util.Arrays;

/**
 * IPv4 longest-prefix match in a compact trie that stays in cache, updated in place: Poptrie (Asai and
 * Ohara, "Poptrie: A Compressed Trie with Population Count for Fast and Scalable Software IP Routing
 * Table Lookup", SIGCOMM 2015), with its leaves inside the node.
 *
 * <p>Lookup: the top {@value #DIRECT_BITS} bits index a direct array of 2^18 words (1 MiB); a pointer
 * there leads to at most three nodes (6 bits each, at bit offsets 18, 24, 30) in the format of
 * {@link PoptrieBase}: variable-size nodes whose leaves are 16-bit ids of route words inside the node.
 * Most nodes of a BGP-like table have no children (a /18 with a few /19–/24 routes under it), so a
 * lookup typically reads the direct word and then one node of 16–40 bytes, whose leaf sits in the same
 * block. A 1M-route table takes about 1 MiB + 7 MiB; the first form of this table (64-byte nodes with
 * 32-bit leaves, three dependent reads when a node had more than ten leaves) took 20 MiB and ran at a
 * quarter of DIR-24-8's rate on random addresses.
 *
 * <p>Route set and updates: the table keeps its own route set (the RIB): routes up to /18 in a map and
 * painted into a per-slot "best short route" array, longer routes sorted per /18 slot, up to
 * {@value #INLINE} of them in the slot's own 64 bytes of one shared array (one line to find, no reference to
 * follow; most slots of a BGP-like table hold fewer) and more in an array of their own. {@link #add} and
 * {@link #remove} rebuild only the touched slots' subtrees into free blocks, publish each with one
 * store-release of its direct word, and retire the old blocks through {@link LpmEpochs}. A lookup therefore
 * sees, for its slot, either the whole old subtree or the whole new one, never a mix. An update of a prefix
 * up to /18 touches every slot it covers (a /8 touches 1,024 slots); lookups of different addresses during
 * it may see it at different points.
 *
 * <p>Lookups are allocation-free and may run on any number of threads that are registered readers
 * of {@link #epochs()} (or on the writer's thread); {@link #add}/{@link #remove}/{@link #build} are
 * for one writer thread at a time (they are synchronized).
 */
public final class Ipv4Poptrie extends PoptrieBase implements Ipv4Lookup
{
    public static final int DIRECT_BITS = PoptrieBase.DIRECT_BITS;
    private static final int SLOT_SHIFT = 32 - DIRECT_BITS;
    private static final int LEVELS = 3;

    /** Routes a slot keeps in its own line of {@link #inline}; a slot with more keeps them in {@link #overflow}. */
    static final int INLINE = 8;
    /**
     * Updates whose slot lines {@link #apply} reads in one burst, a batch ahead: the reads are independent, so
     * their misses overlap each other (reading one update ahead, as before, cost about one miss latency an
     * update: a read whose value is kept, Java's only prefetch, holds up the reorder window until it arrives).
     */
    private static final int AHEAD = 16;
    // Writer state: the routes longer than the direct bits, per slot, sorted (address << 32 | length << 24 | id):
    // up to INLINE of them in the slot's 64 bytes of one array (an update finds them at an address it computes,
    // with no reference to load first), more in an array of the slot's own. Which one holds them follows from
    // the slot's count alone (at most INLINE: inline), so an update reads no reference for an inline slot.
    private final long[] inline = new long[SLOTS * INLINE];
    private final long[][] overflow = new long[SLOTS][];
    private int longRoutes;
    /** Keeps the reads of {@link #apply} ahead of each update (they would be dropped otherwise). */
    private long touchSink;

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
        super(epochs, LEVELS);
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
        final int[] shortTops = new int[count];
        final int[] shortLengths = new int[count];
        final int[] shortGroups = new int[count];
        final long[] longKeys = new long[count];
        int shorts = 0;
        int longs = 0;
        for (int i = 0; i < count; i++)
        {
            check(addresses[i], lengths[i]);
            checkGroup(groups[i]);
            if (lengths[i] <= DIRECT_BITS)
            {
                shortTops[shorts] = addresses[i];
                shortLengths[shorts] = lengths[i];
                shortGroups[shorts++] = groups[i];
            }
            else
            {
                longKeys[longs++] = key(addresses[i], lengths[i], ids.id(RouteWord.of(groups[i], lengths[i])));
            }
        }
        loadShort(shortTops, shortLengths, shortGroups, shorts);
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
            if (n <= INLINE)
            {
                System.arraycopy(routes, 0, inline, slot * INLINE, n);
            }
            else
            {
                overflow[slot] = routes;
            }
            slotCount(slot, n);
            longRoutes += n;
            at = end;
        }
        blocks = new PoptrieBlocks(longs * 2 + 1024);
        buildAll();
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

    static void checkGroup(final int group)
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
    @Override
    public int lookup(final int address)
    {
        final State s = state;
        // A plain read: the node reads below depend on its value (address dependency), and the block it
        // names was fully written before the store-release that published it.
        final int word = s.direct[address >>> SLOT_SHIFT];
        return word >= 0 ? word : descend(s.nodes, s.words, word, address);
    }

    private static int descend(final long[] nodes, final int[] words, final int pointer, final int address)
    {
        int p = pointer;
        int offset = DIRECT_BITS;
        do
        {
            p = step(nodes, words, p, (address << offset) >>> 26);
            offset += 6;
        }
        while (p < 0);
        return p;
    }

    /**
     * Batched longest-prefix match in three passes over the batch: the direct words (independent
     * reads), then a read of each address's node ({@link PoptrieBase#touch}: independent again, and a
     * few instructions each, so the core keeps the whole batch's cache misses in flight, where a full
     * walk of about thirty instructions an address lets the reorder window hold only a handful), then the
     * walks, which now find their nodes in the first-level cache.
     *
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    @Override
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
        long touched = 0;
        for (int i = 0; i < count; i++)
        {
            touched = touch(nodes, results[resultsFrom + i], touched);
        }
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
                    results[resultsFrom + i] = word(nodes, words, at + 6 + 2 * k);
                }
                else
                {
                    results[resultsFrom + i] = descend(nodes, words, word, address);
                }
            }
        }
        if (count > 0)
        {
            // Bit 0 of touched is 1 (long 0 of the node array is 1 and every batch reads it or a node whose
            // bit 0 the compiler cannot know): adding (touched & 1) - 1 keeps the reads of the second pass.
            results[resultsFrom] += (int)(touched & 1) - 1;
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
        addRoute(address, length, group);
        finish();
    }

    /**
     * Applies a batch of updates in order, as {@link #add} and {@link #remove} would one by one, with the
     * same publication per update (a lookup sees each update whole or not at all). Faster than single calls:
     * every {@value #AHEAD} updates it reads the writer state of the next {@value #AHEAD} updates' slots in one
     * burst (Java has no prefetch instruction; a read whose value is kept is one), so their cache misses overlap
     * instead of adding up.
     *
     * @param addresses prefix addresses (host bits zero).
     * @param lengths   prefix lengths 0..32.
     * @param groups    next-hop group ids (ignored for withdrawals).
     * @param withdraw  true: remove the prefix; false: add it (or change its group).
     * @param from      first update.
     * @param to        one past the last update.
     * @return how many updates changed the table (a withdrawal of an absent prefix does not).
     */
    public synchronized int apply(final int[] addresses, final int[] lengths, final int[] groups,
            final boolean[] withdraw, final int from, final int to)
    {
        int changed = 0;
        long touched = 0;
        for (int u = from; u < to; u++)
        {
            if (((u - from) & (AHEAD - 1)) == 0)
            {
                // Every AHEAD updates, read the writer state of the next AHEAD updates' slots in one burst.
                final int end = Math.min(to, u + 2 * AHEAD);
                for (int k = u == from ? u : u + AHEAD; k < end; k++)
                {
                    touched += touchSlot(addresses[k] >>> SLOT_SHIFT);
                }
            }
            if (withdraw[u])
            {
                if (!removeRoute(addresses[u], lengths[u]))
                {
                    continue;
                }
            }
            else
            {
                addRoute(addresses[u], lengths[u], groups[u]);
            }
            changed++;
            finish();
        }
        touchSink = touched;
        return changed;
    }

    /** Reads the writer state of a slot ahead of its update: its per-slot line and the line of its inline routes. */
    private long touchSlot(final int slot)
    {
        return slotInfoLine(slot) + inline[slot * INLINE];
    }

    private void addRoute(final int address, final int length, final int group)
    {
        check(address, length);
        checkGroup(group);
        final long tag = epochs.current();
        if (length <= DIRECT_BITS)
        {
            addShort(address, length, group, tag);
        }
        else
        {
            final int slot = address >>> SLOT_SHIFT;
            final long k = key(address, length, ids.id(RouteWord.of(group, length)));
            final int n = slotCount(slot);
            final long[] routes = n <= INLINE ? inline : overflow[slot];
            final int base = n <= INLINE ? slot * INLINE : 0;
            final int at = find(routes, base, n, k);
            if (at >= 0)
            {
                routes[base + at] = k;
            }
            else
            {
                insert(slot, routes, base, n, -at - 1, k);
                slotCount(slot, n + 1);
                longRoutes++;
            }
            republish(slot, tag);
        }
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
        if (!removeRoute(address, length))
        {
            return false;
        }
        finish();
        return true;
    }

    private boolean removeRoute(final int address, final int length)
    {
        check(address, length);
        final long tag = epochs.current();
        if (length <= DIRECT_BITS)
        {
            if (!removeShort(address, length, tag))
            {
                return false;
            }
        }
        else
        {
            final int slot = address >>> SLOT_SHIFT;
            final int n = slotCount(slot);
            final long[] routes = n <= INLINE ? inline : overflow[slot];
            final int base = n <= INLINE ? slot * INLINE : 0;
            final int at = find(routes, base, n, key(address, length, 0));
            if (at < 0)
            {
                return false;
            }
            if (n == INLINE + 1)
            {
                // Back inline: the slot's routes but the removed one.
                final int to = slot * INLINE;
                System.arraycopy(routes, 0, inline, to, at);
                System.arraycopy(routes, at + 1, inline, to + at, n - at - 1);
                overflow[slot] = null;
            }
            else
            {
                System.arraycopy(routes, base + at + 1, routes, base + at, n - at - 1);
            }
            slotCount(slot, n - 1);
            longRoutes--;
            republish(slot, tag);
        }
        return true;
    }

    /**
     * Inserts a route into a slot's routes at {@code ins} (they move to the slot's own array when the inline
     * line is full).
     */
    private void insert(final int slot, final long[] routes, final int base, final int n, final int ins,
            final long k)
    {
        if (n < INLINE)
        {
            System.arraycopy(routes, base + ins, routes, base + ins + 1, n - ins);
            routes[base + ins] = k;
            return;
        }
        long[] own = routes;
        if (n == INLINE)
        {
            own = new long[INLINE * 2];
            System.arraycopy(inline, base, own, 0, n);
            overflow[slot] = own;
        }
        else if (n == own.length)
        {
            own = Arrays.copyOf(own, n * 2);
            overflow[slot] = own;
        }
        System.arraycopy(own, ins, own, ins + 1, n - ins);
        own[ins] = k;
    }

    /**
     * Binary search by (address, length), ignoring the id bits.
     *
     * @return the index from {@code base} of the route, or {@code -(insertion index) - 1}.
     */
    private static int find(final long[] routes, final int base, final int n, final long k)
    {
        final long want = k >> 24;
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long v = routes[base + mid] >> 24;
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

    @Override
    int chunk(final long[] routes, final int r, final int offset)
    {
        return ((int)(routes[r] >>> 32) << offset) >>> 26;
    }

    @Override
    int stride()
    {
        return 1;
    }

    @Override
    long[] slotRoutes(final int slot)
    {
        return slotCount(slot) <= INLINE ? inline : overflow[slot];
    }

    @Override
    int slotRoutesFrom(final int slot)
    {
        return slotCount(slot) <= INLINE ? slot * INLINE : 0;
    }


    /** @return number of routes in the table. */
    public synchronized int routeCount()
    {
        return shortRouteCount() + longRoutes;
    }
}
