package dev.wirespeed.fib.l3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Poptrie leaves hold 16-bit ids of route words: a table takes up to 65,535 distinct (next-hop
 * group, prefix length) pairs besides "no route", refuses the next one with a clear error, and is left
 * as it was by the refused update.
 */
class PoptrieWordLimitTest
{
    @Test
    void shouldRefuseTheRouteWordBeyondTheLimitAndKeepTheTable()
    {
        final Ipv4Poptrie table = new Ipv4Poptrie();
        final int distinct = PoptrieBase.MAX_WORDS - 1;
        // One /32 in each of 65,535 different /18 slots (an update rebuilds its whole slot).
        for (int g = 0; g < distinct; g++)
        {
            table.add(g << 14, 32, g);
        }
        assertThatThrownBy(() -> table.add(0xFFFFFFFF, 32, distinct))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than 65536 distinct (next-hop group, prefix length) pairs");
        assertThatThrownBy(() -> table.add(0x0C000000, 8, distinct))
                .isInstanceOf(IllegalStateException.class);
        assertThat(table.routeCount()).isEqualTo(distinct);
        assertThat(table.lookup(0x0C000001)).isEqualTo(RouteWord.MISS);
        assertThat(table.lookup(0xFFFFFFFF)).isEqualTo(RouteWord.MISS);
        for (int g = 0; g < distinct; g += 997)
        {
            assertThat(table.lookup(g << 14)).isEqualTo(RouteWord.of(g, 32));
            assertThat(table.lookup((g << 14) | 1)).isEqualTo(RouteWord.MISS);
        }
        // A word already in the table is still accepted.
        table.add(0xFFFFFFFF, 32, 5);
        assertThat(table.lookup(0xFFFFFFFF)).isEqualTo(RouteWord.of(5, 32));
    }
}
