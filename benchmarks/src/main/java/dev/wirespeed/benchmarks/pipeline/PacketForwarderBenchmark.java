package dev.wirespeed.benchmarks.pipeline;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.gen.CaptureGenerator;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
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
 * Per-packet cost of the packet path on one thread, no rings: ingress (parse, flow hash, descriptor fill) and
 * the {@code PacketForwarder} (L3 LPM + ECMP, L7 routing of HTTP request segments, flow follow), over 4,096
 * frames of {@code wirespeed gen capture} (10% HTTP flows) and {@code examples/capture-replay}. Run with
 * {@code -prof gc}: gc.alloc.rate.norm must be ≈ 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class PacketForwarderBenchmark
{
    static final int FRAMES = 4096;

    private Engine engine;
    private PacketEngine packets;
    private UnsafeBuffer frames;
    private final long[] address = new long[FRAMES];
    private final int[] length = new int[FRAMES];
    private final DecisionDescriptor decision = new DecisionDescriptor();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path root = Path.of(System.getProperty("wirespeed.root", "."));
        engine = Engine.load(List.of(root.resolve("examples/capture-replay")));
        packets = engine.packets();
        final Path pcap = Files.createTempFile("wirespeed-jmh-", ".pcap");
        CaptureGenerator.write(pcap, FRAMES, 512, 0.1, 1);
        frames = new UnsafeBuffer(BufferUtil.allocateDirectAligned(FRAMES * 2048, 64));
        try (CaptureReader reader = CaptureReader.open(pcap))
        {
            final CaptureRecord rec = new CaptureRecord();
            for (int i = 0; i < FRAMES && reader.next(rec); i++)
            {
                final int at = i * 2048;
                frames.putBytes(at, new UnsafeBuffer(rec.address(), rec.capturedLength()), 0, rec.capturedLength());
                address[i] = frames.addressOffset() + at;
                length[i] = rec.capturedLength();
            }
        }
        Files.delete(pcap);
        decision.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
    }

    /** @return the action (so the work is not dead code). */
    @Benchmark
    public int forwardOnePacket()
    {
        final int i = next++ & (FRAMES - 1);
        packets.forward(address[i], length[i], length[i], 1, decision);
        return decision.action();
    }
}
