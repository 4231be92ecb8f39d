package dev.wirespeed.benchmarks.parse;

import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.pipeline.parse.ReferencePacketParser;
import org.agrona.BufferUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The parser alone, on 1024 in-memory frames of the synthetic mix (no file, no page faults): the fast
 * {@link PacketParser} over native memory against its {@link ReferencePacketParser} baseline over byte
 * arrays. Score: packets per second (one op = one packet).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PacketParserBenchmark
{
    private static final int FRAMES = 1024;

    /** {@code fast} (PacketParser, native) or {@code reference} (ReferencePacketParser, byte[]). */
    @Param({"fast", "reference"})
    public String impl;

    private final long[] addresses = new long[FRAMES];
    private final int[] lengths = new int[FRAMES];
    private final byte[][] arrays = new byte[FRAMES][];
    private final ParsedPacket parsed = new ParsedPacket();
    private final ReferencePacketParser reference = new ReferencePacketParser();
    private ByteBuffer memory;

    /** Lays the frames out back to back in native memory and in arrays. */
    @Setup
    public void setUp()
    {
        final byte[][] templates = SyntheticCapture.templates();
        final SplittableRandom random = new SplittableRandom(7);
        memory = ByteBuffer.allocateDirect(FRAMES * 1600);
        final long base = BufferUtil.address(memory);
        int offset = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            final int t = SyntheticCapture.pickTemplate(random);
            final byte[] frame = templates[t].clone();
            SyntheticCapture.randomise(frame, t, random);
            memory.put(offset, frame);
            addresses[i] = base + offset;
            lengths[i] = frame.length;
            arrays[i] = frame;
            offset += (frame.length + 63) & ~63;
        }
    }

    /** @return a value depending on every parse. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long parse()
    {
        long sum = 0;
        final ParsedPacket p = parsed;
        if ("fast".equals(impl))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                sum += PacketParser.parse(addresses[i], lengths[i], 1, p) + p.dstPort + p.payloadLength;
            }
        }
        else
        {
            for (int i = 0; i < FRAMES; i++)
            {
                sum += reference.parse(arrays[i], lengths[i], lengths[i], 1, p) + p.dstPort + p.payloadLength;
            }
        }
        return sum;
    }
}
