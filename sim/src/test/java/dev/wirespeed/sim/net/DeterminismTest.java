package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.event.BinaryHeapEvents;
import dev.wirespeed.sim.net.event.EventQueue;
import dev.wirespeed.sim.net.event.TimingWheel;
import dev.wirespeed.sim.net.output.SimulationReport;
import dev.wirespeed.sim.net.timeline.TimelineAction;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same scenario and seed, byte-identical result files; the timing wheel and the reference heap give the
 * same results; another seed gives other results (the seed is really used).
 */
class DeterminismTest
{
    private static final List<String> FILES = List.of("summary.json", "ports.csv", "flows.csv");

    private static NetScenario randomised(final long seed)
    {
        // Per-packet ECMP spraying (random) and a link failure (the timeline, FIB rebuilds).
        return Scenarios.twoLeaves(4, 8, 3, 2_000, 4_000_000, NetScenario.Ecmp.SPRAY,
            List.of(new TimelineAction(1_500_000, TimelineAction.Kind.LINK_DOWN, "leaf0", "spine1")), seed);
    }

    private static NetScenario poissonIncast(final long seed)
    {
        return Scenarios.incast(6, 10 * Scenarios.GBPS, 10 * Scenarios.GBPS, 30, FlowSpec.Pattern.POISSON, 6_000,
            4_000_000, seed);
    }

    private static void runInto(final NetScenario s, final Supplier<EventQueue> queue,
        final Path dir) throws IOException
    {
        try (NetSimulation sim = new NetSimulation(s, queue.get()))
        {
            sim.run();
            new SimulationReport(sim).writeTo(dir, null);
        }
    }

    private static void assertSameFiles(final Path a, final Path b) throws IOException
    {
        for (final String f : FILES)
        {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
    }

    @Test
    void shouldWriteByteIdenticalResultsForTheSameScenarioAndSeed(@TempDir final Path tmp) throws IOException
    {
        for (final NetScenario s : List.of(randomised(5), poissonIncast(5)))
        {
            runInto(s, TimingWheel::new, tmp.resolve(s.name() + "-1"));
            runInto(s, TimingWheel::new, tmp.resolve(s.name() + "-2"));
            assertSameFiles(tmp.resolve(s.name() + "-1"), tmp.resolve(s.name() + "-2"));
        }
    }

    @Test
    void shouldGiveTheSameResultsWithTheTimingWheelAsWithTheReferenceHeap(@TempDir final Path tmp) throws IOException
    {
        for (final NetScenario s : List.of(randomised(9), poissonIncast(9)))
        {
            runInto(s, TimingWheel::new, tmp.resolve(s.name() + "-wheel"));
            runInto(s, () -> new BinaryHeapEvents(16), tmp.resolve(s.name() + "-heap"));
            assertSameFiles(tmp.resolve(s.name() + "-wheel"), tmp.resolve(s.name() + "-heap"));
        }
    }

    @Test
    void shouldGiveOtherResultsForAnotherSeed(@TempDir final Path tmp) throws IOException
    {
        runInto(poissonIncast(1), TimingWheel::new, tmp.resolve("a"));
        runInto(poissonIncast(2), TimingWheel::new, tmp.resolve("b"));
        assertThat(Files.readString(tmp.resolve("b/flows.csv"))).isNotEqualTo(Files.readString(tmp.resolve(
            "a/flows.csv")));
    }
}
