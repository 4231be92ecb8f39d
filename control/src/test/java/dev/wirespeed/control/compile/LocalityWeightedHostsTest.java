package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.EndpointOrder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locality-weighted rings against Envoy's own unit tests ({@code ring_hash_lb_test.cc}
 * {@code LocalityWeightedTinyRing}, {@code LocalityWeightedLargeRing}, {@code HostAndLocalityWeightedTinyRing},
 * {@code HostAndLocalityWeightedLargeRing}: hosts {@code 127.0.0.1:90} and up, one locality each or two of two),
 * and the order Envoy walks the localities in.
 */
class LocalityWeightedHostsTest
{
    private static EndpointOrder.Candidate host(final int port, final long weight, final String locality)
    {
        return new EndpointOrder.Candidate("127.0.0.1", port, weight, locality);
    }

    private static final List<EndpointOrder.Candidate> ONE_EACH = List.of(host(90, 1, "a/z/1"), host(91, 1, "a/z/2"),
            host(92, 1, "a/z/3"), host(93, 1, "a/z/4"));
    private static final List<EndpointOrder.Candidate> TWO_EACH = List.of(host(90, 1, "a/z/1"), host(91, 2, "a/z/1"),
            host(92, 1, "a/z/2"), host(93, 2, "a/z/2"));

    /** A locality-weighted ring over candidates (no locality of the client's own among them). */
    private static final class TestRing
    {
        private final LocalityWeightedHosts.Table table;
        private final HashTableBuilder.Ring ring;

        TestRing(final List<EndpointOrder.Candidate> candidates, final long[] localityWeights, final long minRing,
                final long maxRing)
        {
            table = LocalityWeightedHosts.of(candidates, LocalityWeightedHosts.groups(candidates), localityWeights,
                    -1);
            final String[] keys = new String[table.order().length];
            for (int k = 0; k < keys.length; k++)
            {
                final EndpointOrder.Candidate c = candidates.get(table.order()[k]);
                keys[k] = HashTableBuilder.hostKey(c.address(), c.port());
            }
            ring = HashTableBuilder.ring(keys, table.weights(), minRing, maxRing);
        }

        /** @return the host (among the candidates) for a hash: the first entry at or past it, else the first. */
        int pick(final long hash)
        {
            for (int k = 0; k < ring.hashes().length; k++)
            {
                if (Long.compareUnsigned(ring.hashes()[k], hash) >= 0)
                {
                    return table.order()[ring.hosts()[k]];
                }
            }
            return table.order()[ring.hosts()[0]];
        }
    }

    private static int pick(final List<EndpointOrder.Candidate> candidates, final long[] localityWeights,
            final long minRing, final long maxRing, final long hash)
    {
        return new TestRing(candidates, localityWeights, minRing, maxRing).pick(hash);
    }

    @Test
    void shouldGiveLocalitiesOfWeightOneTwoThreeAndZeroEnvoysTinyRing()
    {
        final long[][] expected = {{Long.parseUnsignedLong("928266305478181108"), 2}, {4443673547860492590L, 2},
            {5583722120771150861L, 1}, {6311230543546372928L, 1}, {Long.parseUnsignedLong("13444792449719432967"), 2},
            {Long.parseUnsignedLong("16117243373044804889"), 0}};
        for (final long[] e : expected)
        {
            assertThat(pick(ONE_EACH, new long[] {1, 2, 3, 0}, 6, 6, e[0])).as("hash %s", Long.toUnsignedString(e[0]))
                    .isEqualTo((int)e[1]);
        }
    }

    @Test
    void shouldSpreadEnvoysLargeLocalityWeightedRingAsEnvoyCounts()
    {
        final int[] counts = new int[4];
        final TestRing ring = new TestRing(ONE_EACH, new long[] {1, 2, 3, 0}, 6144, 8 << 20);
        for (long i = 0; i < 6000; i++)
        {
            counts[ring.pick(i * Long.divideUnsigned(-1L, 6000))]++;
        }
        assertThat(counts).containsExactly(987, 1932, 3081, 0);
    }

    @Test
    void shouldWeighHostsInsideLocalitiesAndLocalitiesAsEnvoysTinyRing()
    {
        final long[][] expected = {{Long.parseUnsignedLong("928266305478181108"), 2}, {3851675632748031481L, 3},
            {5583722120771150861L, 1}, {6311230543546372928L, 1}, {7700377290971790572L, 3},
            {Long.parseUnsignedLong("12559126875973811811"), 3}, {Long.parseUnsignedLong("13444792449719432967"), 2},
            {Long.parseUnsignedLong("13784988426630141778"), 3}, {Long.parseUnsignedLong("16117243373044804889"), 0}};
        for (final long[] e : expected)
        {
            assertThat(pick(TWO_EACH, new long[] {1, 2}, 9, 9, e[0])).as("hash %s", Long.toUnsignedString(e[0]))
                    .isEqualTo((int)e[1]);
        }
    }

    @Test
    void shouldSpreadEnvoysLargeHostAndLocalityWeightedRingAsEnvoyCounts()
    {
        final int[] counts = new int[4];
        final TestRing ring = new TestRing(TWO_EACH, new long[] {1, 2}, 9216, 8 << 20);
        for (long i = 0; i < 9000; i++)
        {
            counts[ring.pick(i * Long.divideUnsigned(-1L, 9000))]++;
        }
        assertThat(counts).containsExactly(924, 2009, 2053, 4014);
    }

    @Test
    void shouldWalkTheClientsOwnLocalityFirstAndLeaveOutLocalitiesOfWeightZero()
    {
        final LocalityWeightedHosts.Table t = LocalityWeightedHosts.of(ONE_EACH,
                LocalityWeightedHosts.groups(ONE_EACH), new long[] {1, 2, 0, 3}, 3);
        assertThat(t.order()).containsExactly(3, 0, 1);
        // w × (locality weight ÷ 6) ÷ own, in doubles as Envoy computes it
        assertThat(t.weights()).containsExactly(1 * (3.0 / 6) / 1, 1 * (1.0 / 6) / 1, 1 * (2.0 / 6) / 1);
        assertThat(LocalityWeightedHosts.of(ONE_EACH, LocalityWeightedHosts.groups(ONE_EACH), new long[4], -1))
                .isNull();
    }

    @Test
    void shouldRoundTheLocalityShareBeforeDividingByTheLocalitysOwnWeight()
    {
        // 3 of 5 endpoints in one locality: fl(fl(3/5) / 3) is not fl(1/5), Envoy's order of operations decides
        final List<EndpointOrder.Candidate> hosts = List.of(host(90, 1, "a"), host(91, 1, "a"), host(92, 1, "a"),
                host(93, 1, "b"), host(94, 1, "b"));
        final LocalityWeightedHosts.Table t = LocalityWeightedHosts.of(hosts, LocalityWeightedHosts.groups(hosts),
                new long[] {3, 2}, -1);
        assertThat(t.weights()[0]).isEqualTo(1.0 * (3.0 / 5.0) / 3.0).isNotEqualTo(1.0 / 5.0);
    }
}
