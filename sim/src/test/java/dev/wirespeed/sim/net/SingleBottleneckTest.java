package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.traffic.FlowSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One overloaded port against the busy-period model, and conservation at every point of a run. */
class SingleBottleneckTest
{
    @Test
    void shouldDropWhatTheBusyPeriodModelPredictsAtOneOverloadedPort()
    {
        // 3 flows at 5 Gb/s (a 1500-byte packet every 2400 ns) into one 10 Gb/s port with 50 packets of queue.
        final long packets = 20_000;
        final NetScenario s = Scenarios.incast(3, 10 * Scenarios.GBPS, 10 * Scenarios.GBPS, 50, FlowSpec.Pattern.CBR,
            2_400, packets * 2_400, 1);
        try (NetSimulation sim = new NetSimulation(s))
        {
            sim.run();
            final long model = BusyPeriodModel.of(3, packets, 2_400, 1500, 2, 10 * Scenarios.GBPS, 50).drops();
            assertThat(sim.sent()).isEqualTo(3 * packets);
            assertThat((double)Math.abs(sim.dropped() - model)).isLessThanOrEqualTo(model * 0.001);
            assertThat(sim.received() + sim.dropped()).isEqualTo(sim.sent());
        }
    }

    @Test
    void shouldConserveEveryPacketAtEveryPointOfARun()
    {
        final NetScenario s = Scenarios.incast(4, 10 * Scenarios.GBPS, 10 * Scenarios.GBPS, 20,
            FlowSpec.Pattern.POISSON,
            3_000, 5_000_000, 7);
        try (NetSimulation sim = new NetSimulation(s))
        {
            boolean sawInFlight = false;
            for (long t = 0; t <= s.untilNs(); t += 37_000)
            {
                sim.runUntil(t);
                sim.checkConservation();
                sawInFlight |= sim.inFlight() > 0;
            }
            assertThat(sawInFlight).isTrue();
            assertThat(sim.dropped()).isPositive();
            assertThat(sim.sent()).isEqualTo(sim.received() + sim.dropped() + sim.inFlight());
        }
    }
}
