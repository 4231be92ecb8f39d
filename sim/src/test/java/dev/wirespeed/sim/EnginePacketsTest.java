package dev.wirespeed.sim;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.replay.CaptureReplayTest;
import dev.wirespeed.sim.replay.TestPackets;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EnginePacketsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldForwardOnePacketIntoADecisionRecord()
    {
        try (Engine engine = Engine.fromYaml(CaptureReplayTest.CONFIG))
        {
            final RouteDecision l3 = engine.forward(TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 64, 10), 1);
            assertThat(l3.action()).isEqualTo("forward");
            assertThat(l3.egressPort()).isEqualTo(1);
            assertThat(l3.nextHop()).isEqualTo("192.168.0.1");
            final RouteDecision http = engine.forward(TestPackets.tcp("10.2.0.9", "10.96.0.80", 40000, 80, 64, 0x18,
                "GET /api/x HTTP/1.1\r\nHost: web\r\n\r\n"), 1);
            assertThat(http.action()).isEqualTo("route");
            assertThat(http.path()).isEqualTo("/v2/x");
            assertThat(http.endpoint()).isEqualTo("10.1.0.5:8080");
            assertThat(http.egressPort()).isEqualTo(3);
            assertThat(engine.forward(new byte[] {1, 2, 3}, 1).reason()).isEqualTo("malformed");
        }
    }

    @Test
    void shouldForwardWithoutAllocatingOverACallerOwnedBuffer()
    {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Engine engine = Engine.fromYaml(CaptureReplayTest.CONFIG))
        {
            final List<byte[]> frames = CaptureReplayTest.randomFrames(new java.util.SplittableRandom(3), 256);
            final UnsafeBuffer[] buffers = new UnsafeBuffer[frames.size()];
            for (int i = 0; i < buffers.length; i++)
            {
                buffers[i] = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
                buffers[i].putBytes(0, frames.get(i));
            }
            final int[] lengths = frames.stream().mapToInt(f -> f.length).toArray();
            final DecisionDescriptor out = new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
            final PacketEngine packets = engine.packets();
            long routes = 0;
            for (int round = 0; round < 2; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 200_000; i++)
                {
                    final int k = i & 255;
                    packets.forward(buffers[k].addressOffset(), lengths[k], lengths[k], 1, out);
                    routes += out.action() == Actions.ROUTE ? 1 : 0;
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 1)
                {
                    System.out.println("packet forwarding allocated " + allocated + " B over 200000 packets");
                    assertThat(allocated).as("bytes allocated over 200,000 packets").isLessThan(200_000L / 8);
                }
            }
            assertThat(routes).isPositive();
        }
    }

    @Test
    void shouldRunAPipelineOverTheEngineWithTheCallersSourceAndSink()
    {
        try (Engine engine = Engine.fromYaml(CaptureReplayTest.CONFIG))
        {
            final List<byte[]> frames = CaptureReplayTest.randomFrames(new java.util.SplittableRandom(5), 1000);
            final UnsafeBuffer bytes = new UnsafeBuffer(BufferUtil.allocateDirectAligned(frames.size() * 2048, 64));
            final PacketEngine packets = engine.packets();
            final ParsedPacket parsed = new ParsedPacket();
            final int[] next = {0};
            final DescriptorSource source = d ->
            {
                if (next[0] == frames.size())
                {
                    return DescriptorSource.END;
                }
                final byte[] f = frames.get(next[0]);
                final int at = next[0]++ * 2048;
                bytes.putBytes(at, f);
                PacketIngress.fill(
                        bytes.addressOffset() + at, f.length, f.length, 1, 0L, packets.packetReasons(), parsed, d);
                return DescriptorSource.RECORD;
            };
            final List<Integer> actions = new ArrayList<>();
            final ConservationReport report;
            try (ForwardingPipeline pipeline = engine.newPipeline(new PipelineConfig().workers(2)
                .mode(ExecutionMode.INLINE).countersDirectory(dir)))
            {
                report = pipeline.run(source, d -> actions.add(d.action()));
            }
            assertThat(report.balanced()).isTrue();
            assertThat(actions).hasSize(1000).contains(Actions.ROUTE, Actions.FORWARD, Actions.DROP);
        }
    }
}
