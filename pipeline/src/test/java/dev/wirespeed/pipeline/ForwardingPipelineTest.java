package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.agent.AgentCommand;
import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.IdleStrategies;
import dev.wirespeed.pipeline.counters.CounterSnapshot;
import dev.wirespeed.pipeline.descriptor.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.pipeline.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingPipelineTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261126L);
    private static final int RECORDS = 200_000;

    @TempDir
    Path dir;

    static
    {
        System.out.println("ForwardingPipelineTest seed " + SEED + " (replay with -Dwirespeed.seed=" + SEED + ")");
    }

    private PipelineConfig config(final int workers, final ExecutionMode mode, final String name)
    {
        return new PipelineConfig().workers(workers).mode(mode).idleStrategy(IdleStrategies.YIELD)
            .countersDirectory(dir.resolve(name)).ingressCapacity(256).egressCapacity(256).batchSize(32)
            .publishBatch(16);
    }

    private static RunResult runPipeline(final PipelineConfig config, final long records)
    {
        final RecordingSink sink = new RecordingSink();
        try (ForwardingPipeline pipeline = new ForwardingPipeline(config, w -> new MixedTestForwarder()))
        {
            final ConservationReport report = pipeline.run(new SyntheticSource(SEED, records, 5000, true), sink);
            return new RunResult(sink, report, pipeline.counters().snapshot());
        }
    }

    private record RunResult(RecordingSink sink, ConservationReport report, CounterSnapshot counters)
    {
    }

    @Test
    void shouldGiveTheReferenceDecisionsWithOneOrThreeWorkersAndInline()
    {
        final RunResult one = runPipeline(config(1, ExecutionMode.THREADED, "one"), RECORDS);
        final RunResult three = runPipeline(config(3, ExecutionMode.THREADED, "three"), RECORDS);
        final RunResult inline = runPipeline(config(1, ExecutionMode.INLINE, "inline"), RECORDS);
        final RunResult inlineThree = runPipeline(config(3, ExecutionMode.INLINE, "inline3"), RECORDS);

        final RecordingSink reference = new RecordingSink();
        ReferencePipeline.run(
            new SyntheticSource(SEED, RECORDS, 5000, true), new MixedTestForwarder(), null, reference);

        assertThat(one.sink.count).isEqualTo(RECORDS);
        assertThat(one.sink.toArray()).as("same as the plain reference loop").isEqualTo(reference.toArray());
        for (long i = 0; i < RECORDS; i++)
        {
            assertThat(one.sink.at(i).recordIndex()).isEqualTo(i);
        }
        assertThat(three.sink.toArray()).isEqualTo(one.sink.toArray());
        assertThat(inline.sink.toArray()).isEqualTo(one.sink.toArray());
        assertThat(inlineThree.sink.toArray()).isEqualTo(one.sink.toArray());
        for (final RunResult r : List.of(one, three, inline, inlineThree))
        {
            assertThat(r.report.balanced()).as(r.report.describe()).isTrue();
            assertThat(r.report.recordsIn()).isEqualTo(RECORDS);
            assertThat(r.report.dropsByReason()).isEqualTo(one.report.dropsByReason());
        }
        // three workers really shared the work
        for (int w = 0; w < 3; w++)
        {
            assertThat(three.counters.blocks().get(w).get("worker-records")).isPositive();
        }
    }

    @Test
    void shouldBalanceConservationAgainstTheDecisionsSeen()
    {
        final RunResult r = runPipeline(config(2, ExecutionMode.THREADED, "conservation"), RECORDS);
        long forwarded = 0;
        long answered = 0;
        long punted = 0;
        long dropped = 0;
        long noDecision = 0;
        long malformed = 0;
        long port3Bytes = 0;
        for (long i = 0; i < r.sink.count; i++)
        {
            final DecisionDescriptor d = r.sink.at(i);
            switch (Actions.disposition(d.action()))
            {
                case Actions.DISPOSITION_FORWARDED -> forwarded++;
                case Actions.DISPOSITION_ANSWERED -> answered++;
                case Actions.DISPOSITION_PUNTED -> punted++;
                default -> dropped++;
            }
            noDecision += d.reason() == ReasonTable.NO_DECISION ? 1 : 0;
            malformed += d.action() == Actions.DROP && d.reason() == ReasonTable.MALFORMED ? 1 : 0;
            if (Actions.disposition(d.action()) == Actions.DISPOSITION_FORWARDED && d.egressPort() == 3)
            {
                port3Bytes += d.length();
            }
        }
        final ConservationReport report = r.report.verify();
        assertThat(report.forwarded()).isEqualTo(forwarded);
        assertThat(report.answered()).isEqualTo(answered);
        assertThat(report.punted()).isEqualTo(punted);
        assertThat(report.dropped()).isEqualTo(dropped);
        assertThat(report.dropsByReason().get("no-decision")).isEqualTo(noDecision);
        assertThat(report.dropsByReason().get("malformed")).as("ingress status becomes the drop reason")
            .isEqualTo(malformed);
        assertThat(malformed).isPositive();
        assertThat(r.counters.total("port:3:bytes")).isEqualTo(port3Bytes);
        assertThat(r.counters.total("decisions-out")).isEqualTo(RECORDS);
    }

    @Test
    void shouldReportAnUnbalancedRunAsAnError()
    {
        final ConservationReport bad = new ConservationReport(10, 10, 5, 0, 0, 4, java.util.Map.of("no-route", 4L), 0);
        assertThat(bad.balanced()).isFalse();
        assertThatThrownBy(bad::verify).isInstanceOf(ConservationException.class).hasMessageContaining("records-in=10");
    }

    @Test
    void shouldTailDropWithAnInOrderRingFullDecisionForEveryDroppedRecord()
    {
        final PipelineConfig config = config(1, ExecutionMode.INLINE, "taildrop").backPressure(BackPressure.TAIL_DROP)
            .ingressCapacity(16).batchSize(64);
        final RunResult dropped = runPipeline(config, 20_000);
        final RunResult lossless = runPipeline(config(1, ExecutionMode.INLINE, "lossless"), 20_000);

        assertThat(dropped.sink.count).isEqualTo(20_000);
        long ringFull = 0;
        for (long i = 0; i < dropped.sink.count; i++)
        {
            final DecisionDescriptor d = dropped.sink.at(i);
            assertThat(d.recordIndex()).isEqualTo(i);
            if (d.action() == Actions.DROP && d.reason() == ReasonTable.RING_FULL)
            {
                ringFull++;
            }
            else
            {
                final DecisionDescriptor same = lossless.sink.at(i);
                assertThat(d.action()).isEqualTo(same.action());
                assertThat(d.reason()).isEqualTo(same.reason());
                assertThat(d.egressPort()).isEqualTo(same.egressPort());
            }
        }
        assertThat(ringFull).as("a 16-slot ring fed 64 at a time must overflow").isPositive();
        final ConservationReport report = dropped.report.verify();
        assertThat(report.dropsByReason().get("ring-full")).isEqualTo(ringFull);
        assertThat(report.ringFull()).isEqualTo(ringFull);
        assertThat(lossless.report.dropsByReason()).doesNotContainKey("ring-full");
        // deterministic: the same run drops the same records
        final RunResult again = runPipeline(config.countersDirectory(dir.resolve("taildrop2")), 20_000);
        assertThat(again.sink.toArray()).isEqualTo(dropped.sink.toArray());
    }

    @Test
    void shouldAccountTailDropsWithThreadedWorkers()
    {
        final PipelineConfig config = config(2, ExecutionMode.THREADED, "taildrop-threads")
            .backPressure(BackPressure.TAIL_DROP).ingressCapacity(4).egressCapacity(4).batchSize(64);
        final RunResult r = runPipeline(config, RECORDS);
        long ringFull = 0;
        for (long i = 0; i < r.sink.count; i++)
        {
            final DecisionDescriptor d = r.sink.at(i);
            assertThat(d.recordIndex()).isEqualTo(i);
            ringFull += d.action() == Actions.DROP && d.reason() == ReasonTable.RING_FULL ? 1 : 0;
        }
        assertThat(r.sink.count).isEqualTo(RECORDS);
        final ConservationReport report = r.report.verify();
        assertThat(report.dropsByReason().getOrDefault("ring-full", 0L)).isEqualTo(ringFull);
        assertThat(report.ringFull()).isEqualTo(ringFull);
    }

    @Test
    void shouldSwitchGenerationsAtBatchBoundariesAndReclaimTheOldOnes()
    {
        final List<MixedTestForwarder> forwarders = new ArrayList<>();
        final PipelineConfig config = config(2, ExecutionMode.INLINE, "generations");
        try (ForwardingPipeline pipeline = new ForwardingPipeline(config, w ->
        {
            final MixedTestForwarder f = new MixedTestForwarder();
            forwarders.add(f);
            return f;
        }))
        {
            final TestGeneration g1 = new TestGeneration(1);
            final TestGeneration g2 = new TestGeneration(2);
            pipeline.publishGeneration(g1);
            pipeline.start();
            final SyntheticSource source = new SyntheticSource(SEED, 1000, 100, false);
            final RecordingSink sink = new RecordingSink();
            pipeline.doWork(source, sink);
            assertThat(forwarders).allSatisfy(f -> assertThat(f.generation).isEqualTo(1));
            assertThat(pipeline.generations().oldestAcknowledged()).isEqualTo(1);

            pipeline.publishGeneration(g2);
            assertThat(pipeline.reclaimGenerations()).as("workers still run generation 1").isEmpty();
            pipeline.doWork(source, sink);
            assertThat(forwarders).allSatisfy(f -> assertThat(f.generation).isEqualTo(2));
            assertThat(pipeline.reclaimGenerations()).containsExactly(g1);
            assertThatThrownBy(() -> pipeline.publishGeneration(new TestGeneration(2)))
                .hasMessageContaining("not newer");
            while (!pipeline.isDrained())
            {
                pipeline.doWork(source, sink);
            }
            assertThat(sink.count).isEqualTo(1000);
            assertThat(pipeline.counters().snapshot().total("fib-generation")).isEqualTo(2);
            assertThat(pipeline.counters().snapshot().total("fib-generation-acked")).isEqualTo(2);
        }
    }

    @Test
    void shouldRunCommandsOnTheAgentAtTheNextBatch()
    {
        try (ForwardingPipeline pipeline = new ForwardingPipeline(config(1, ExecutionMode.INLINE, "commands"),
            w -> new MixedTestForwarder()))
        {
            pipeline.start();
            final SyntheticSource source = new SyntheticSource(SEED, 100, 10, false);
            final RecordingSink sink = new RecordingSink();
            while (!pipeline.isDrained())
            {
                pipeline.doWork(source, sink);
            }
            final AgentCommand.CounterSnapshotRequest request = AgentCommand.snapshotCounters();
            assertThat(pipeline.offer(0, request)).isTrue();
            assertThat(request.isDone()).isFalse();
            pipeline.doWork(source, sink);
            assertThat(request.isDone()).isTrue();
            assertThat(request.values()[0]).as("worker-records").isEqualTo(100);

            pipeline.offer(0, AgentCommand.swapGeneration(new TestGeneration(7)));
            pipeline.doWork(source, sink);
            assertThat(pipeline.generations().acknowledged(0)).isEqualTo(7);
        }
    }

    @Test
    void shouldStopWithAClearErrorWhenAForwarderFails()
    {
        final PipelineConfig config = config(1, ExecutionMode.INLINE, "failure");
        try (ForwardingPipeline pipeline = new ForwardingPipeline(config, w -> (p, d) ->
        {
            throw new IllegalStateException("boom");
        }))
        {
            assertThatThrownBy(() -> pipeline.run(new SyntheticSource(SEED, 10, 1, false), new RecordingSink()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
        }
    }

    private record TestGeneration(long generation) implements FibGeneration
    {
    }
}
