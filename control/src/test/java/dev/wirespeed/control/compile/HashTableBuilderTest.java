package dev.wirespeed.control.compile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled ring and Maglev tables against the ones Envoy's own unit tests list ({@code ring_hash_lb_test.cc}
 * {@code Basic}, {@code maglev_lb_test.cc} {@code Basic} and {@code Weighted}: hosts {@code 127.0.0.1:90} and up).
 */
class HashTableBuilderTest
{
    /** Envoy's six test hosts, in their order. */
    static final String[] HOSTS = {"127.0.0.1:90", "127.0.0.1:91", "127.0.0.1:92", "127.0.0.1:93", "127.0.0.1:94",
        "127.0.0.1:95"};
    /** Envoy's {@code Basic} ring with minimum size 12: each entry's hash (unsigned) and host, sorted. */
    static final String[][] ENVOY_RING = {
        {"833437586790550860", "4"}, {"928266305478181108", "2"}, {"1033482794131418490", "0"},
        {"3551244743356806947", "5"}, {"3851675632748031481", "3"}, {"5583722120771150861", "1"},
        {"6311230543546372928", "1"}, {"7700377290971790572", "3"}, {"13144177310400110813", "5"},
        {"13444792449719432967", "2"}, {"15516499411664133160", "4"}, {"16117243373044804889", "0"}};
    /** Envoy's {@code Basic} Maglev table of size 7 over the six hosts. */
    static final int[] ENVOY_MAGLEV_7 = {2, 4, 0, 1, 5, 0, 3};
    /** Envoy's {@code Weighted} Maglev table of size 17 over {@code :90} weight 1 and {@code :91} weight 2. */
    static final int[] ENVOY_MAGLEV_WEIGHTED_17 = {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1};

    @Test
    void shouldBuildEnvoysBasicRingKeepingTheLastEntryOfEachRunOfOneHost()
    {
        final HashTableBuilder.Ring ring = HashTableBuilder.ring(HOSTS, new long[] {1, 1, 1, 1, 1, 1}, 12, 8 << 20);
        final java.util.List<String[]> kept = new java.util.ArrayList<>();
        for (int k = 0; k < ENVOY_RING.length; k++)
        {
            if (k == ENVOY_RING.length - 1 || !ENVOY_RING[k][1].equals(ENVOY_RING[k + 1][1]))
            {
                kept.add(ENVOY_RING[k]);
            }
        }
        assertThat(kept).hasSize(11); // :91's two entries are neighbours
        assertThat(ring.hashes()).hasSize(kept.size());
        for (int k = 0; k < kept.size(); k++)
        {
            assertThat(ring.hashes()[k]).as("entry %d", k).isEqualTo(Long.parseUnsignedLong(kept.get(k)[0]));
            assertThat(ring.hosts()[k]).as("entry %d", k).isEqualTo(Integer.parseInt(kept.get(k)[1]));
        }
    }

    @Test
    void shouldGiveEveryHostTheSameShareOfAnEvenRing()
    {
        // 3 hosts, minimum 1024: each gets ceil(1024 / 3) = 342 entries, as Envoy's scale makes it
        assertThat(HashTableBuilder.entryCounts(new long[] {1, 1, 1}, 1024, 8 << 20)).containsExactly(342, 342, 342);
        final HashTableBuilder.Ring ring = HashTableBuilder.ring(new String[] {"10.0.0.1:80", "10.0.0.2:80",
            "10.0.0.3:80"}, new long[] {1, 1, 1}, 1024, 8 << 20);
        for (int k = 1; k < ring.hashes().length; k++)
        {
            assertThat(Long.compareUnsigned(ring.hashes()[k - 1], ring.hashes()[k])).isLessThan(0);
            assertThat(ring.hosts()[k - 1]).isNotEqualTo(ring.hosts()[k]);
        }
    }

    @Test
    void shouldGiveAHeavierHostEntriesInProportionToItsWeight()
    {
        // the lighter host's share of the minimum size, ceil(0.25 * 16) = 4, sets the scale: 16 entries in all
        assertThat(HashTableBuilder.entryCounts(new long[] {1, 3}, 16, 8 << 20)).containsExactly(4, 12);
        // a uint32 weight beside 1: the scale hits Envoy's maximum (the ring holds 8 << 20 entries), the light host
        // keeps one entry
        assertThat(HashTableBuilder.entryCounts(new long[] {1, 4_000_000_000L}, 1024, 8 << 20))
                .containsExactly(1, (8 << 20) - 1);
    }

    @Test
    void shouldCapTheRingAtTheMaximumSize()
    {
        assertThat(HashTableBuilder.entryCounts(new long[] {1, 1, 1, 1, 1, 1}, 12, 6))
                .containsExactly(1, 1, 1, 1, 1, 1);
    }

    @Test
    void shouldBuildEnvoysBasicMaglevTable()
    {
        assertThat(HashTableBuilder.maglev(HOSTS, new long[] {1, 1, 1, 1, 1, 1}, 7)).containsExactly(ENVOY_MAGLEV_7);
    }

    @Test
    void shouldBuildEnvoysWeightedMaglevTable()
    {
        assertThat(HashTableBuilder.maglev(new String[] {HOSTS[0], HOSTS[1]}, new long[] {1, 2}, 17))
                .containsExactly(ENVOY_MAGLEV_WEIGHTED_17);
    }

    @Test
    void shouldNameHostsAsEnvoyPrintsTheirAddresses()
    {
        assertThat(HashTableBuilder.hostKey("10.0.0.1", 8080)).isEqualTo("10.0.0.1:8080");
        assertThat(HashTableBuilder.hostKey("2001:DB8:0:0::1", 8080)).isEqualTo("[2001:db8::1]:8080");
        assertThat(HashTableBuilder.hostKey("db.example.com", 5432)).isEqualTo("db.example.com:5432");
    }
}
