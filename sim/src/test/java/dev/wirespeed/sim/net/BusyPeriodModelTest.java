package dev.wirespeed.sim.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The busy-period model itself, on the leaf-spine incast numbers of docs/simulation.md. */
class BusyPeriodModelTest
{
    @Test
    void shouldPredictTheIncastDropsFromTheBottleneckParameters()
    {
        // 17 flows of 8334 packets (1500-byte IP + 2 PPP bytes at 10 Gb/s = 1201.6 ns, rounded to 1202).
        final BusyPeriodModel m = BusyPeriodModel.of(17, 8334, 12_000, 1500, 2, 10_000_000_000L, 1000);
        assertThat(m.serviceNs()).isEqualTo(1202);
        assertThat(m.arrivals()).isEqualTo(141_678);
        assertThat(m.spanNs()).isEqualTo(99_996_000);
        assertThat(m.servedDuringSpan()).isEqualTo(83_191);
        assertThat(m.drops()).isEqualTo(57_486);
    }

    @Test
    void shouldPredictNoFewerDropsForALongerQueueThanForAShorterOne()
    {
        final BusyPeriodModel shortQueue = BusyPeriodModel.of(3, 10_000, 2_400, 1500, 2, 10_000_000_000L, 10);
        final BusyPeriodModel longQueue = BusyPeriodModel.of(3, 10_000, 2_400, 1500, 2, 10_000_000_000L, 500);
        assertThat(shortQueue.drops() - longQueue.drops()).isEqualTo(490);
    }
}
