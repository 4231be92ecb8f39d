package dev.wirespeed.benchmarks.pipeline;

import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.ForwardingAgent;
import dev.wirespeed.pipeline.counters.PipelineCounters;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.pipeline.ring.SpscDescriptorRing;
import dev.wirespeed.pipeline.synthetic.HashPortForwarder;
import dev.wirespeed.pipeline.synthetic.TemplateSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-descriptor cost of the forwarding machinery on one thread, stepped by hand (invoker mode), to check
 * that it allocates nothing ({@code -prof gc}: gc.alloc.rate.norm ≈ 0 B/op):
 * {@code agentBatch} is one agent duty cycle (ingress ring → HashPortForwarder → egress ring, counters);
 * {@code inlinePipeline} is the whole inline pipeline (source copy, ingress, agent, in-order merge, sink).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ForwardingAgentBenchmark
{
    static final int BATCH = 64;
    static final int PIPELINE_RECORDS = 1024;

    private Path dir;
    private SpscDescriptorRing ingress;
    private SpscDescriptorRing egress;
    private PipelineCounters counters;
    private ForwardingAgent agent;
    private TemplateSource source;
    private final PacketDescriptor packet = new PacketDescriptor();
    private long sequence;

    private ForwardingPipeline pipeline;
    private TemplateSource pipelineSource;
    private CountingSink sink;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("wirespeed-jmh-");
        ingress = new SpscDescriptorRing(1024, PacketDescriptor.LENGTH);
        egress = new SpscDescriptorRing(1024, DecisionDescriptor.LENGTH);
        counters = PipelineCounters.create(dir.resolve("agent"), 1, new ReasonTable(), 16, List.of(), true);
        agent = new ForwardingAgent(0, ingress, egress, new HashPortForwarder(16), null, counters.worker(0), BATCH);
        source = new TemplateSource(1, 4096, 1024, -1);

        pipeline = new ForwardingPipeline(new PipelineConfig().workers(1).mode(ExecutionMode.INLINE)
            .countersDirectory(dir.resolve("pipeline")).batchSize(BATCH), w -> new HashPortForwarder(16));
        pipeline.start();
        pipelineSource = new TemplateSource(1, 4096, 1024, -1);
        sink = new CountingSink();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        pipeline.close();
        counters.close();
        ingress.close();
        egress.close();
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long agentBatch()
    {
        final SpscDescriptorRing ingress = this.ingress;
        for (int i = 0; i < BATCH; i++)
        {
            source.poll(packet.wrap(ingress.buffer(), ingress.claim()));
            packet.recordIndex(sequence++);
        }
        ingress.flush();
        final int work = agent.doWork();
        final SpscDescriptorRing egress = this.egress;
        long sum = 0;
        for (int i = 0; i < work; i++)
        {
            sum += egress.buffer().getInt(egress.poll() + DecisionDescriptor.EGRESS_PORT_OFFSET);
        }
        egress.release();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE_RECORDS)
    public long inlinePipeline()
    {
        final long target = sink.count + PIPELINE_RECORDS;
        while (sink.count < target)
        {
            pipeline.doWork(pipelineSource, sink);
        }
        return sink.portSum;
    }

    static final class CountingSink implements DecisionSink
    {
        long count;
        long portSum;

        @Override
        public void onDecision(final DecisionDescriptor decision)
        {
            portSum += decision.egressPort();
            count++;
        }
    }
}
