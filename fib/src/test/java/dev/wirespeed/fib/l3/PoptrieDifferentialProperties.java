package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential property tests of the Poptrie tables against the binary-trie reference: random route
 * sets built in one pass, then random announces and withdrawals applied one at a time with lookups
 * interleaved (every update is checked by the lookups after it).
 */
class PoptrieDifferentialProperties
{
    private static final int TABLES = 20;
    private static final int LOOKUPS_PER_TABLE = 6_000;

    @Test
    void ipv4PoptrieShouldAgreeWithTheReferenceThroughUpdates()
    {
        final long seed = L3TestImages.seed("ipv4PoptrieShouldAgreeWithTheReferenceThroughUpdates");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv4();
            final List<int[]> routes = new ArrayList<>();
            final int[] anchors = new int[1 + rnd.nextInt(8)];
            for (int i = 0; i < anchors.length; i++)
            {
                anchors[i] = rnd.nextInt();
            }
            final int count = 1 + rnd.nextInt(t % 2 == 0 ? 50 : 3000);
            final Ipv4LpmBuilder initial = new Ipv4LpmBuilder();
            for (int i = 0; i < count; i++)
            {
                final int[] r = randomIpv4Route(rnd, anchors);
                initial.add(r[0], r[1], r[2]);
                ref.addIpv4(r[0], r[1], r[2]);
                routes.add(r);
            }
            final Ipv4Poptrie table = Ipv4Poptrie.of(initial);
            final int[] batch = new int[16];
            final int[] results = new int[16];
            for (int i = 0; i < LOOKUPS_PER_TABLE; i++)
            {
                if (i % 3 == 0)
                {
                    update(rnd, anchors, routes, table, ref);
                }
                final int a;
                if (rnd.nextBoolean() || routes.isEmpty())
                {
                    a = rnd.nextInt(4) == 0 ? rnd.nextInt()
                            : anchors[rnd.nextInt(anchors.length)] ^ (rnd.nextInt() & 0xffff);
                }
                else
                {
                    final int[] r = routes.get(rnd.nextInt(routes.size()));
                    a = r[0] | (rnd.nextInt() & ~Ipv4LpmBuilder.mask(r[1]));
                }
                assertThat(table.lookup(a)).as("seed %d table %d lookup %d %s", seed, t, i, IpText.formatIpv4(a))
                        .isEqualTo(ref.lookupIpv4(a));
                batch[i & 15] = a;
                if ((i & 15) == 15)
                {
                    table.lookupBatch(batch, 0, 16, results, 0);
                    for (int k = 0; k < 16; k++)
                    {
                        assertThat(results[k]).as("seed %d batch", seed).isEqualTo(ref.lookupIpv4(batch[k]));
                    }
                }
                lookups++;
            }
            assertThat(table.routeCount()).as("seed %d route count", seed).isEqualTo(distinct(routes));
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void ipv4SlotShouldAgreeWithTheReferenceAsItsRoutesOutgrowTheInlineLineAndShrinkBack()
    {
        final long seed = L3TestImages.seed("ipv4SlotShouldAgreeWithTheReferenceAsItsRoutesOutgrowTheInlineLine");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int round = 0; round < 20; round++)
        {
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv4();
            final Ipv4Poptrie table = new Ipv4Poptrie();
            final int slot = rnd.nextInt() & 0xffffc000; // one /18: every route below lands in its slot
            final List<int[]> routes = new ArrayList<>();
            final int most = Ipv4Poptrie.INLINE * 2 + rnd.nextInt(8);
            while (routes.size() < most)
            {
                final int len = 19 + rnd.nextInt(14);
                final int[] r = {(slot | (rnd.nextInt() & 0x3fff)) & Ipv4LpmBuilder.mask(len), len, rnd.nextInt(50)};
                if (routes.stream().noneMatch(x -> x[0] == r[0] && x[1] == r[1]))
                {
                    routes.add(r);
                    table.add(r[0], r[1], r[2]);
                    ref.addIpv4(r[0], r[1], r[2]);
                    lookups += checkSlot(rnd, seed, table, ref, slot, routes);
                }
            }
            while (!routes.isEmpty())
            {
                final int[] r = routes.remove(rnd.nextInt(routes.size()));
                assertThat(table.remove(r[0], r[1])).as("seed %d remove of a present route", seed).isTrue();
                ref.removeIpv4(r[0], r[1]);
                lookups += checkSlot(rnd, seed, table, ref, slot, routes);
            }
            assertThat(table.routeCount()).as("seed %d emptied", seed).isZero();
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }

    /** Looks up 128 addresses of the slot (half inside its routes) in the table and the reference. */
    private static int checkSlot(final SplittableRandom rnd, final long seed, final Ipv4Poptrie table,
            final BinaryTrieLpm ref, final int slot, final List<int[]> routes)
    {
        for (int i = 0; i < 128; i++)
        {
            int a = slot | (rnd.nextInt() & 0x3fff);
            if ((i & 1) == 1 && !routes.isEmpty())
            {
                final int[] r = routes.get(rnd.nextInt(routes.size()));
                a = r[0] | (rnd.nextInt() & ~Ipv4LpmBuilder.mask(r[1]));
            }
            assertThat(table.lookup(a)).as("seed %d routes %d %s", seed, routes.size(), IpText.formatIpv4(a))
                    .isEqualTo(ref.lookupIpv4(a));
        }
        return 128;
    }

    private static int[] randomIpv4Route(final SplittableRandom rnd, final int[] anchors)
    {
        final int len = rnd.nextInt(5) == 0 ? rnd.nextInt(33) : 16 + rnd.nextInt(17);
        final int base = rnd.nextInt(4) == 0 ? rnd.nextInt()
                : anchors[rnd.nextInt(anchors.length)] ^ (rnd.nextInt() & rnd.nextInt() & 0xffff);
        return new int[] {base & Ipv4LpmBuilder.mask(len), len, rnd.nextInt(1000)};
    }

    private static void update(final SplittableRandom rnd, final int[] anchors, final List<int[]> routes,
            final Ipv4Poptrie table,
            final BinaryTrieLpm ref)
    {
        final int kind = rnd.nextInt(3);
        if (kind == 0 && !routes.isEmpty())
        {
            final int[] r = routes.get(rnd.nextInt(routes.size()));
            routes.removeIf(x -> x[0] == r[0] && x[1] == r[1]);
            assertThat(table.remove(r[0], r[1])).as("remove of a present route").isTrue();
            assertThat(table.remove(r[0], r[1])).as("second remove").isFalse();
            ref.removeIpv4(r[0], r[1]);
        }
        else if (kind == 1 && !routes.isEmpty())
        {
            final int[] r = routes.get(rnd.nextInt(routes.size()));
            r[2] = rnd.nextInt(1000);
            table.add(r[0], r[1], r[2]);
            ref.addIpv4(r[0], r[1], r[2]);
        }
        else
        {
            final int[] r = randomIpv4Route(rnd, anchors);
            table.add(r[0], r[1], r[2]);
            ref.addIpv4(r[0], r[1], r[2]);
            routes.add(r);
        }
    }

    private static int distinct(final List<int[]> routes)
    {
        final java.util.Set<Long> keys = new java.util.HashSet<>();
        for (final int[] r : routes)
        {
            keys.add(((long)r[1] << 32) | (r[0] & 0xffffffffL));
        }
        return keys.size();
    }

    @Test
    void ipv6PoptrieShouldAgreeWithTheReferenceThroughUpdates()
    {
        final long seed = L3TestImages.seed("ipv6PoptrieShouldAgreeWithTheReferenceThroughUpdates");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv6();
            final List<long[]> routes = new ArrayList<>();
            final long[][] anchors = new long[1 + rnd.nextInt(6)][];
            for (int i = 0; i < anchors.length; i++)
            {
                anchors[i] = new long[] {rnd.nextLong(), rnd.nextLong()};
            }
            final Ipv6LpmBuilder initial = new Ipv6LpmBuilder();
            final int count = 1 + rnd.nextInt(t % 2 == 0 ? 50 : 1500);
            for (int i = 0; i < count; i++)
            {
                final long[] r = randomIpv6Route(rnd, anchors);
                initial.add(r[0], r[1], (int)r[2], (int)r[3]);
                ref.add(r[0], r[1], (int)r[2], (int)r[3]);
                routes.add(r);
            }
            final Ipv6Poptrie table = Ipv6Poptrie.of(initial);
            final long[] his = new long[8];
            final long[] los = new long[8];
            final int[] results = new int[8];
            for (int i = 0; i < LOOKUPS_PER_TABLE; i++)
            {
                if (i % 3 == 0)
                {
                    update6(rnd, anchors, routes, table, ref);
                }
                final long hi;
                final long lo;
                if (rnd.nextInt(4) == 0 || routes.isEmpty())
                {
                    final long[] a = anchors[rnd.nextInt(anchors.length)];
                    hi = rnd.nextBoolean() ? rnd.nextLong() : a[0] ^ (rnd.nextLong() & 0xffffffL);
                    lo = rnd.nextLong();
                }
                else
                {
                    final long[] r = routes.get(rnd.nextInt(routes.size()));
                    final int len = (int)r[2];
                    hi = r[0] | (rnd.nextLong() & ~Ipv6LpmBuilder.maskHi(len));
                    lo = r[1] | (rnd.nextLong() & ~Ipv6LpmBuilder.maskLo(len));
                }
                assertThat(table.lookup(hi, lo)).as("seed %d table %d lookup %d %s", seed, t, i,
                        IpText.formatIpv6(hi, lo))
                        .isEqualTo(ref.lookup(hi, lo));
                his[i & 7] = hi;
                los[i & 7] = lo;
                if ((i & 7) == 7)
                {
                    table.lookupBatch(his, los, 0, 8, results, 0);
                    for (int k = 0; k < 8; k++)
                    {
                        assertThat(results[k]).as("seed %d batch", seed).isEqualTo(ref.lookup(his[k], los[k]));
                    }
                }
                lookups++;
            }
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }

    private static long[] randomIpv6Route(final SplittableRandom rnd, final long[][] anchors)
    {
        final int len = rnd.nextInt(4) == 0 ? rnd.nextInt(129) : 16 + rnd.nextInt(50);
        final long[] a = anchors[rnd.nextInt(anchors.length)];
        final long hi = (rnd.nextInt(4) == 0 ? rnd.nextLong()
                : a[0] ^ (rnd.nextLong() & rnd.nextLong() & 0xffffffL)) & Ipv6LpmBuilder.maskHi(len);
        final long lo = (a[1] ^ (rnd.nextLong() & rnd.nextLong())) & Ipv6LpmBuilder.maskLo(len);
        return new long[] {hi, lo, len, rnd.nextInt(1000)};
    }

    private static void update6(final SplittableRandom rnd, final long[][] anchors, final List<long[]> routes,
            final Ipv6Poptrie table,
            final BinaryTrieLpm ref)
    {
        final int kind = rnd.nextInt(3);
        if (kind == 0 && !routes.isEmpty())
        {
            final long[] r = routes.get(rnd.nextInt(routes.size()));
            routes.removeIf(x -> x[0] == r[0] && x[1] == r[1] && x[2] == r[2]);
            assertThat(table.remove(r[0], r[1], (int)r[2])).as("remove of a present route").isTrue();
            assertThat(table.remove(r[0], r[1], (int)r[2])).as("second remove").isFalse();
            ref.remove(r[0], r[1], (int)r[2]);
        }
        else if (kind == 1 && !routes.isEmpty())
        {
            final long[] r = routes.get(rnd.nextInt(routes.size()));
            r[3] = rnd.nextInt(1000);
            table.add(r[0], r[1], (int)r[2], (int)r[3]);
            ref.add(r[0], r[1], (int)r[2], (int)r[3]);
        }
        else
        {
            final long[] r = randomIpv6Route(rnd, anchors);
            table.add(r[0], r[1], (int)r[2], (int)r[3]);
            ref.add(r[0], r[1], (int)r[2], (int)r[3]);
            routes.add(r);
        }
    }
}
