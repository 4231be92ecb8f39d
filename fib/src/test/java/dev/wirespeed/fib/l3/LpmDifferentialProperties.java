package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential property tests: random route sets (overlapping prefixes of every length, with and
 * without a default route, with removals) answered by the fast tables and the binary-trie reference.
 */
class LpmDifferentialProperties
{
    private static final int TABLES = 20;
    private static final int LOOKUPS_PER_TABLE = 10_000;

    @Test
    void ipv4TableShouldAgreeWithTheReferenceOnRandomTables()
    {
        final long seed = L3TestImages.seed("ipv4TableShouldAgreeWithTheReferenceOnRandomTables");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final Ipv4LpmBuilder fast = new Ipv4LpmBuilder();
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv4();
            final List<int[]> routes = new ArrayList<>();
            // A few "anchor" addresses around which prefixes cluster, so they overlap a lot.
            final int[] anchors = new int[1 + rnd.nextInt(8)];
            for (int i = 0; i < anchors.length; i++)
            {
                anchors[i] = rnd.nextInt();
            }
            final int count = 1 + rnd.nextInt(t % 2 == 0 ? 50 : 2000);
            if (rnd.nextBoolean())
            {
                fast.add(0, 0, 0);
                ref.addIpv4(0, 0, 0);
            }
            for (int i = 0; i < count; i++)
            {
                final int len = rnd.nextInt(33);
                final int base = rnd.nextInt(4) == 0
                        ? rnd.nextInt()
                        : anchors[rnd.nextInt(anchors.length)] ^ (rnd.nextInt() & rnd.nextInt() & 0xff);
                final int address = base & Ipv4LpmBuilder.mask(len);
                final int group = rnd.nextInt(1000);
                fast.add(address, len, group);
                ref.addIpv4(address, len, group);
                routes.add(new int[] {address, len});
            }
            for (int i = 0; i < count / 10; i++)
            {
                final int[] r = routes.get(rnd.nextInt(routes.size()));
                fast.remove(r[0], r[1]);
                ref.removeIpv4(r[0], r[1]);
            }
            try (FibImage image = L3TestImages.image(fast, null, null, null))
            {
                final Ipv4Dir24Table table = new Ipv4Dir24Table(image);
                final int[] batch = new int[16];
                final int[] results = new int[16];
                for (int i = 0; i < LOOKUPS_PER_TABLE; i++)
                {
                    final int a;
                    if (rnd.nextBoolean())
                    {
                        a = rnd.nextInt();
                    }
                    else
                    {
                        final int[] r = routes.get(rnd.nextInt(routes.size()));
                        a = r[0] | (rnd.nextInt() & ~Ipv4LpmBuilder.mask(r[1]));
                    }
                    final int expected = ref.lookupIpv4(a);
                    assertThat(table.lookup(a)).as("seed %d lookup %s", seed, IpText.formatIpv4(a)).isEqualTo(expected);
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
            }
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void ipv6TableShouldAgreeWithTheReferenceOnRandomTables()
    {
        final long seed = L3TestImages.seed("ipv6TableShouldAgreeWithTheReferenceOnRandomTables");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final Ipv6LpmBuilder fast = new Ipv6LpmBuilder();
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv6();
            final List<long[]> routes = new ArrayList<>();
            final long[][] anchors = new long[1 + rnd.nextInt(6)][];
            for (int i = 0; i < anchors.length; i++)
            {
                anchors[i] = new long[] {rnd.nextLong(), rnd.nextLong()};
            }
            if (rnd.nextBoolean())
            {
                fast.add(0, 0, 0, 0);
                ref.add(0, 0, 0, 0);
            }
            final int count = 1 + rnd.nextInt(t % 2 == 0 ? 50 : 1000);
            for (int i = 0; i < count; i++)
            {
                final int len = rnd.nextInt(4) == 0 ? rnd.nextInt(129) : 16 + rnd.nextInt(50);
                final long[] a = anchors[rnd.nextInt(anchors.length)];
                final long hi = (rnd.nextInt(4) == 0
                        ? rnd.nextLong()
                        : a[0] ^ (rnd.nextLong() & rnd.nextLong() & 0xffffL)) & Ipv6LpmBuilder.maskHi(len);
                final long lo = (a[1] ^ (rnd.nextLong() & rnd.nextLong())) & Ipv6LpmBuilder.maskLo(len);
                final int group = rnd.nextInt(1000);
                fast.add(hi, lo, len, group);
                ref.add(hi, lo, len, group);
                routes.add(new long[] {hi, lo, len});
            }
            for (int i = 0; i < count / 10; i++)
            {
                final long[] r = routes.get(rnd.nextInt(routes.size()));
                fast.remove(r[0], r[1], (int)r[2]);
                ref.remove(r[0], r[1], (int)r[2]);
            }
            try (FibImage image = L3TestImages.image(null, fast, null, null))
            {
                final Ipv6TrieTable table = new Ipv6TrieTable(image);
                final long[] his = new long[8];
                final long[] los = new long[8];
                final int[] results = new int[8];
                for (int i = 0; i < LOOKUPS_PER_TABLE / 2; i++)
                {
                    final long hi;
                    final long lo;
                    if (rnd.nextInt(4) == 0)
                    {
                        hi = rnd.nextLong();
                        lo = rnd.nextLong();
                    }
                    else
                    {
                        final long[] r = routes.get(rnd.nextInt(routes.size()));
                        final int len = (int)r[2];
                        hi = r[0] | (rnd.nextLong() & ~Ipv6LpmBuilder.maskHi(len));
                        lo = r[1] | (rnd.nextLong() & ~Ipv6LpmBuilder.maskLo(len));
                    }
                    assertThat(table.lookup(hi, lo)).as("seed %d lookup %s", seed, IpText.formatIpv6(hi, lo))
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
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }
}
