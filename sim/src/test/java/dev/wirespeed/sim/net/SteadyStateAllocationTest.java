package dev.wirespeed.sim.net;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A long run allocates nothing per event once warmed up (measured with the thread allocation counter). */
class SteadyStateAllocationTest
{
    @Test
    void shouldAllocateNothingPerEventInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads = (
            com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // 16 hosts a leaf, 4 flows each, through 4 spines: about 3.8M events after a 4 ms warm-up.
        final NetScenario s = Scenarios.twoLeaves(4, 16, 4, 2_400, 40_000_000, NetScenario.Ecmp.FLOW_HASH,
            java.util.List.of(), 3);
        try (NetSimulation sim = new NetSimulation(s))
        {
            sim.runUntil(4_000_000);
            final long id = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(id);
            final long events = sim.runUntil(36_000_000);
            final long allocated = threads.getThreadAllocatedBytes(id) - before;
            System.out.printf("steady state: %d events, %d bytes allocated (%.6f B/event)%n", events, allocated,
                (double)allocated / events);
            assertThat(events).isGreaterThan(2_000_000);
            assertThat((double)allocated / events).isLessThan(0.001);
        }
    }
}
