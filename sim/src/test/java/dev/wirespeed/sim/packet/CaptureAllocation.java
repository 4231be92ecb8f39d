package dev.wirespeed.sim.packet;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.sim.Engine;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture tests' allocation check: a capture's frames in direct memory, forwarded round-robin 100,000 times, twice
 * (the first round warms up); the second round must allocate less than a byte per eight packets.
 */
final class CaptureAllocation
{
    /** What the measured round saw. */
    record Result(long allocated, long routed, long l7)
    {
    }

    private CaptureAllocation()
    {
    }

    /**
     * The check over every frame of one capture of {@code pipeline/src/test/resources/captures}, with its config.
     *
     * @param capture the capture's file name.
     * @param config  the config files.
     * @return the measured round's bytes allocated, routed decisions and L7 decisions.
     */
    static Result checkCapture(final String capture, final List<Path> config) throws IOException
    {
        final byte[] file = Files.readAllBytes(
            Path.of("../pipeline/src/test/resources/captures", capture));
        final List<byte[]> frames = TlsRouteCaptureTest.frames(file);
        try (Engine engine = Engine.load(config))
        {
            return check(engine.packets(), capture, frames,
                Collections.nCopies(frames.size(), TlsRouteCaptureTest.linkType(file)));
        }
    }

    /**
     * @param packets   the engine's packet side.
     * @param name      what the frames are (printed with the bytes allocated).
     * @param frames    the frames.
     * @param linkTypes each frame's pcap link type.
     * @return the measured round's bytes allocated, routed decisions and L7 decisions.
     */
    static Result check(final PacketEngine packets, final String name, final List<byte[]> frames,
        final List<Integer> linkTypes)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final ByteBuffer memory = ByteBuffer.allocateDirect(frames.size() * 2048);
        final long base = BufferUtil.address(memory);
        final int[] length = new int[frames.size()];
        final int[] linkType = new int[frames.size()];
        for (int i = 0; i < frames.size(); i++)
        {
            memory.position(i * 2048);
            memory.put(frames.get(i));
            length[i] = frames.get(i).length;
            linkType[i] = linkTypes.get(i);
        }
        final DecisionDescriptor out = new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
        long allocated = 0;
        long routed = 0;
        long l7 = 0;
        for (int round = 0; round < 2; round++)
        {
            routed = 0;
            l7 = 0;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                final int k = i % length.length;
                packets.forward(base + k * 2048L, length[k], length[k], linkType[k], out);
                routed += out.action() == Actions.ROUTE ? 1 : 0;
                l7 += (out.flags() & DecisionDescriptor.FLAG_L7) != 0 ? 1 : 0;
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        System.out.println(name + ": " + allocated + " B allocated over 100000 packets");
        assertThat(allocated).as(name + ": bytes allocated over 100,000 packets").isLessThan(100_000L / 8);
        return new Result(allocated, routed, l7);
    }
}
