package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference's ring and Maglev picks against the ones Envoy's own unit tests expect ({@code ring_hash_lb_test.cc}
 * {@code Basic}: hosts {@code 127.0.0.1:90..95}, minimum ring size 12; {@code maglev_lb_test.cc} {@code Basic} and
 * {@code Weighted}, the hash being the request's hash key).
 */
class ReferenceHashTablesTest
{
    private static List<ReferenceEndpoints.Weighted> hosts(final long... weights)
    {
        final List<ReferenceEndpoints.Weighted> out = new ArrayList<>();
        for (int k = 0; k < weights.length; k++)
        {
            out.add(new ReferenceEndpoints.Weighted(new EndpointOrder.Candidate("127.0.0.1", 90 + k, weights[k], ""),
                    weights[k]));
        }
        return out;
    }

    private static DestinationRule.ConsistentHash table(final boolean maglev, final long size)
    {
        return new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_HEADER, "x").withTable(maglev, size);
    }

    @Test
    void shouldPickAsEnvoysBasicRingTest()
    {
        final ReferenceHashTables t = new ReferenceHashTables();
        final List<ReferenceEndpoints.Weighted> six = hosts(1, 1, 1, 1, 1, 1);
        final DestinationRule.ConsistentHash ring = table(false, 12);
        assertThat(t.pick(ring, six, 0)).isEqualTo(4);
        assertThat(t.pick(ring, six, -1L)).isEqualTo(4); // past the last entry: around to the first
        assertThat(t.pick(ring, six, 3551244743356806947L)).isEqualTo(5);
        assertThat(t.pick(ring, six, 3551244743356806948L)).isEqualTo(3);
        assertThat(t.pick(ring, six, Long.parseUnsignedLong("16117243373044804880"))).isEqualTo(0);
    }

    @Test
    void shouldPickAsEnvoysBasicMaglevTest()
    {
        final ReferenceHashTables t = new ReferenceHashTables();
        final int[] expected = {2, 4, 0, 1, 5, 0, 3};
        for (int i = 0; i < 3 * expected.length; i++)
        {
            assertThat(t.pick(table(true, 7), hosts(1, 1, 1, 1, 1, 1), i)).as("hash %d", i)
                    .isEqualTo(expected[i % expected.length]);
        }
    }

    @Test
    void shouldPickAsEnvoysWeightedMaglevTest()
    {
        final ReferenceHashTables t = new ReferenceHashTables();
        final int[] expected = {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1};
        for (int i = 0; i < expected.length; i++)
        {
            assertThat(t.pick(table(true, 17), hosts(1, 2), i)).as("hash %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void shouldNameAnIpv6HostInBrackets()
    {
        assertThat(ReferenceHashTables.hostKey("2001:db8::1", 80)).isEqualTo("[2001:db8::1]:80");
    }
}
