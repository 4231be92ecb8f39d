package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential property test of {@link Ipv4Poptrie#apply} (batches of updates with the next slots read
 * ahead) against the binary-trie reference: batches of announcements, regroupings and withdrawals (of
 * present and absent prefixes, the same prefix several times in one batch, short prefixes that cover many
 * slots), each batch followed by scalar and batched lookups; and the same updates applied one call at a
 * time to a twin table give the same answers.
 */
class PoptrieApplyProperties
{
    private static final int TABLES = 12;
    private static final int BATCHES = 60;
    private static final int LOOKUPS_PER_BATCH = 160;

    @Test
    void ipv4PoptrieApplyShouldAgreeWithTheReferenceAfterEveryBatch()
    {
        final long seed = L3TestImages.seed("ipv4PoptrieApplyShouldAgreeWithTheReferenceAfterEveryBatch");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv4();
            final Map<Long, Integer> present = new HashMap<>();
            final int anchor = rnd.nextInt();
            final Ipv4LpmBuilder initial = new Ipv4LpmBuilder();
            for (int i = 0, n = rnd.nextInt(2000); i < n; i++)
            {
                final int[] r = route(rnd, anchor);
                initial.add(r[0], r[1], r[2]);
                ref.addIpv4(r[0], r[1], r[2]);
                present.put(key(r[0], r[1]), r[2]);
            }
            final Ipv4Poptrie table = Ipv4Poptrie.of(initial);
            final Ipv4Poptrie twin = Ipv4Poptrie.of(initial);
            final int[] results = new int[32];
            final int[] batch = new int[32];
            for (int b = 0; b < BATCHES; b++)
            {
                final int size = 1 + rnd.nextInt(t % 3 == 0 ? 4 : 200);
                final int[] addresses = new int[size + 2];
                final int[] lengths = new int[size + 2];
                final int[] groups = new int[size + 2];
                final boolean[] withdraw = new boolean[size + 2];
                int expectedChanges = 0;
                for (int u = 1; u <= size; u++)
                {
                    final int[] r = u > 1 && rnd.nextInt(8) == 0
                            ? new int[] {addresses[u - 1], lengths[u - 1], rnd.nextInt(1000)}
                            : route(rnd, anchor);
                    addresses[u] = r[0];
                    lengths[u] = r[1];
                    groups[u] = r[2];
                    withdraw[u] = rnd.nextInt(5) < 2;
                    if (withdraw[u])
                    {
                        if (present.remove(key(r[0], r[1])) != null)
                        {
                            expectedChanges++;
                        }
                        ref.removeIpv4(r[0], r[1]);
                        twin.remove(r[0], r[1]);
                    }
                    else
                    {
                        present.put(key(r[0], r[1]), r[2]);
                        expectedChanges++;
                        ref.addIpv4(r[0], r[1], r[2]);
                        twin.add(r[0], r[1], r[2]);
                    }
                }
                // Updates 1..size of arrays with one unused entry either side (from/to honoured).
                assertThat(table.apply(addresses, lengths, groups, withdraw, 1, size + 1))
                        .as("seed %d table %d batch %d changes", seed, t, b).isEqualTo(expectedChanges);
                for (int i = 0; i < LOOKUPS_PER_BATCH; i++)
                {
                    final int a = rnd.nextBoolean() ? rnd.nextInt()
                            : addresses[1 + rnd.nextInt(size)] ^ (rnd.nextInt() & rnd.nextInt() & 0x3ffff);
                    final int want = ref.lookupIpv4(a);
                    assertThat(table.lookup(a)).as("seed %d table %d batch %d lookup %s", seed, t, b,
                            IpText.formatIpv4(a)).isEqualTo(want);
                    assertThat(twin.lookup(a)).as("seed %d twin %s", seed, IpText.formatIpv4(a)).isEqualTo(want);
                    batch[i & 31] = a;
                    if ((i & 31) == 31)
                    {
                        table.lookupBatch(batch, 0, 32, results, 0);
                        for (int k = 0; k < 32; k++)
                        {
                            assertThat(results[k]).as("seed %d batch", seed).isEqualTo(ref.lookupIpv4(batch[k]));
                        }
                    }
                    lookups++;
                }
                assertThat(table.routeCount()).as("seed %d route count", seed).isEqualTo(present.size());
            }
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }

    /** A random route near the anchor (so that slots hold several routes), sometimes short (many slots). */
    private static int[] route(final SplittableRandom rnd, final int anchor)
    {
        final int len = rnd.nextInt(10) == 0 ? 8 + rnd.nextInt(11) : 19 + rnd.nextInt(14);
        final int base = rnd.nextInt(4) == 0 ? rnd.nextInt() : anchor ^ (rnd.nextInt() & 0x3fffff);
        return new int[] {base & Ipv4LpmBuilder.mask(len), len, rnd.nextInt(1000)};
    }

    private static long key(final int address, final int length)
    {
        return ((long)length << 32) | (address & 0xffffffffL);
    }
}
