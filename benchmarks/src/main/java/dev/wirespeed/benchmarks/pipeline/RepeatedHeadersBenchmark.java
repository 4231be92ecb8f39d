package dev.wirespeed.benchmarks.pipeline;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.packet.PacketEngine;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Per-packet cost of the packet path over {@code cookies.pcap} (a real loopback capture: HTTP/1.1 requests with two
 * {@code Cookie} lines and two {@code x-tag} lines, h2c requests with two cookie crumbs; docs/captures.md), every
 * frame in turn, with its config ({@code cookies.yaml} beside it: routes match the {@code cookie} and {@code x-tag}
 * headers, the cart service is hashed by a cookie): the joined values, each value for the hash, the crumbs rendered
 * as one line; or {@code dup-headers.pcap} (two Host lines joined into the authority, two Origin lines hashed as one
 * value). Run with {@code -prof gc}: gc.alloc.rate.norm must be ≈ 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RepeatedHeadersBenchmark
{
    private Engine engine;
    private PacketEngine packets;
    private long base;
    private int[] length;
    private int linkType;
    private final DecisionDescriptor decision = new DecisionDescriptor();
    private int next;

    /** A capture of {@code pipeline/src/test/resources/captures}, with its config (the same name, {@code .yaml}). */
    @Param({"cookies", "dup-headers"})
    public String capture;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path root = Path.of(System.getProperty("wirespeed.root", "."));
        final Path captures = root.resolve("pipeline/src/test/resources/captures");
        final byte[] file = Files.readAllBytes(captures.resolve(capture + ".pcap"));
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        linkType = b.getInt(20);
        int count = 0;
        for (int off = 24; off + 16 <= file.length; off += 16 + b.getInt(off + 8))
        {
            count++;
        }
        length = new int[count];
        final UnsafeBuffer frames = new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * 2048, 64));
        base = frames.addressOffset();
        int i = 0;
        for (int off = 24; off + 16 <= file.length; off += 16 + b.getInt(off + 8))
        {
            length[i] = b.getInt(off + 8);
            frames.putBytes(i * 2048, file, off + 16, length[i]);
            i++;
        }
        engine = Engine.load(java.util.List.of(captures.resolve(capture + ".yaml")));
        packets = engine.packets();
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
        final int k = next;
        next = k + 1 == length.length ? 0 : k + 1;
        packets.forward(base + k * 2048L, length[k], length[k], linkType, decision);
        return decision.action();
    }
}
