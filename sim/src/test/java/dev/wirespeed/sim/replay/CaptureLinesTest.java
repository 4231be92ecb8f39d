package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.jsonl.DecisionWriter;
import dev.wirespeed.sim.jsonl.PacketContext;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture's decision lines as the replay writes them (encoded beside the replay, on the decision output's writer
 * thread from the records the replay's thread copies, {@link CaptureLines}, or on the replay's thread) equal, line by
 * line, the String-based reference's ({@code PacketEngine.describe} and {@link DecisionWriter}) for the same packets
 * forwarded one by one by another engine: for random flows long enough for many record blocks (seed printed,
 * {@code -Dwirespeed.seed=N}), with and without the packet's context, inline, with a worker and to a slow stream (the
 * writer thread behind: the replay's thread encodes blocks too), and for every corpus capture.
 */
class CaptureLinesTest
{
    @TempDir
    Path dir;

    private int runs;
    private boolean beside = true;

    @Test
    void shouldWriteTheReferenceLineForEveryPacketOverManyBlocks() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("CaptureLinesTest seed " + seed + " (-Dwirespeed.seed=N to explore)");
        final List<byte[]> frames = CaptureReplayTest.randomFrames(new SplittableRandom(seed), 60_000);
        final Path capture = Files.write(dir.resolve("random.pcap"), CaptureReplayTest.pcap(frames));
        for (final boolean context : new boolean[] {false, true})
        {
            final List<String> want = reference(CaptureReplayTest.CONFIG, capture, context);
            final String lines = replay(CaptureReplayTest.CONFIG, capture, context, CaptureReplayTest.inline());
            assertThat(lines.length()).as("several blocks").isGreaterThan(3 * DecisionOutput.BLOCK_BYTES);
            assertLines(capture + (context ? " with context" : ""), lines, want);
            beside = false; // encoded on the replay's thread, the default on two cores
            assertLines(capture + " on the replay's thread", replay(CaptureReplayTest.CONFIG, capture, context,
                CaptureReplayTest.inline()), want);
            beside = true;
            assertLines(capture + " with a worker", replay(CaptureReplayTest.CONFIG, capture, context,
                new PipelineConfig().workers(1)), want);
            // a slow stream: the writer thread falls behind and the replay's thread encodes blocks itself
            final ByteArrayOutputStream slow = new ByteArrayOutputStream()
            {
                @Override
                public synchronized void write(final byte[] b, final int off, final int len)
                {
                    try
                    {
                        Thread.sleep(25);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    super.write(b, off, len);
                }
            };
            replay(CaptureReplayTest.CONFIG, capture, context, CaptureReplayTest.inline(), slow);
            assertLines(capture + " to a slow stream", slow.toString(StandardCharsets.UTF_8), want);
            assertThat(want).anyMatch(s -> s.contains("\"action\":\"route\"") && s.contains("\"path\""));
        }
    }

    // A replay and a reference pass per corpus capture: minutes on a loaded 2-core machine, past the 2-minute default
    // (a guard against hangs, not a timing check).
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldWriteTheReferenceLineForEveryCorpusPacket() throws IOException
    {
        final List<Path> captures = CorpusReplayTest.corpusCaptures();
        long compared = 0;
        for (final Path capture : captures)
        {
            final List<String> want = reference(CorpusReplayTest.CONFIG, capture, true);
            assertLines(capture.toString(), replay(CorpusReplayTest.CONFIG, capture, true, CaptureReplayTest.inline()),
                want);
            compared += want.size();
        }
        System.out.println("CaptureLinesTest: " + compared + " corpus packets compared");
        assertThat(compared).isPositive();
    }

    /**
     * Heads with a header on several lines: a decision of a head with several Host lines makes the writer read the
     * head whole ({@code FLAG_HOST_LINES}), so its authority is the joined one the reference writes.
     */
    @Test
    void shouldWriteTheReferenceLineForHeadsWithRepeatedHeaders() throws IOException
    {
        final Path captures = Path.of("../pipeline/src/test/resources/captures");
        for (final String name : new String[] {"dup-headers", "cookies"})
        {
            final String config = Files.readString(captures.resolve(name + ".yaml"));
            final Path capture = captures.resolve(name + ".pcap");
            final List<String> want = reference(config, capture, true);
            final String lines = replay(config, capture, true, CaptureReplayTest.inline());
            assertLines(name, lines, want);
            beside = false;
            assertLines(name + " on the replay's thread", replay(config, capture, true, CaptureReplayTest.inline()),
                want);
            beside = true;
            if (name.equals("dup-headers"))
            {
                assertThat(lines).contains("\"authority\":\"cart:8080,cart:8080\"")
                    .contains("\"authority\":\"other.example,a.shop.example:8080\"");
            }
        }
    }

    private static void assertLines(final String what, final String lines, final List<String> want)
    {
        final String[] got = lines.split("\n", -1);
        assertThat(got).as(what + ": lines").hasSize(want.size() + 1);
        assertThat(got[want.size()]).as(what + ": the last line ends").isEmpty();
        for (int i = 0; i < want.size(); i++)
        {
            if (want.get(i) == null)
            {
                assertThat(got[i]).as(what + " bad record " + i).startsWith("{\"i\":" + i + ",").contains("\"drop\"");
            }
            else
            {
                assertThat(got[i]).as(what + " record " + i).isEqualTo(want.get(i));
            }
        }
    }

    private String replay(final String config, final Path capture, final boolean context,
        final PipelineConfig pipeline) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        replay(config, capture, context, pipeline, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void replay(final String config, final Path capture, final boolean context,
        final PipelineConfig pipeline, final OutputStream out) throws IOException
    {
        try (Engine engine = Engine.fromYaml(config))
        {
            new ReplayDriver(engine, pipeline.countersDirectory(dir.resolve("counters-" + ++runs))
                .deleteCountersOnClose(true), new PrintWriter(new StringWriter())).context(context).linesBeside(beside)
                .run(capture, out, new ReplaySummary(), ReplayProgress.NONE);
        }
    }

    /** The reference's line of every record, forwarded one by one by a fresh engine. */
    private static List<String> reference(final String config, final Path capture, final boolean withContext)
        throws IOException
    {
        final List<String> lines = new ArrayList<>();
        final DecisionDescriptor d = new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
        final UnsafeBuffer direct = new UnsafeBuffer(BufferUtil.allocateDirectAligned(PacketEngine.MAX_FRAME, 64));
        final PacketDescriptor packet = new PacketDescriptor().wrap(new UnsafeBuffer(
            new byte[PacketDescriptor.LENGTH]), 0);
        final ParsedPacket parsed = new ParsedPacket();
        final PacketContext context = new PacketContext();
        final CaptureRecord rec = new CaptureRecord();
        try (Engine engine = Engine.fromYaml(config);
             CaptureReader reader = CaptureReader.open(capture))
        {
            final PacketEngine packets = engine.packets();
            while (reader.next(rec))
            {
                final StringWriter want = new StringWriter();
                if (rec.status() != RecordStatus.OK)
                {
                    lines.add(null); // a bad record: its line is not the reference's to write
                    continue;
                }
                final int length = Math.min(rec.capturedLength(), PacketEngine.MAX_FRAME);
                direct.putBytes(0, new UnsafeBuffer(rec.address(), length), 0, length);
                final long address = direct.addressOffset();
                engine.forward(address, length, rec.originalLength(), rec.linkType(), d);
                try (DecisionWriter w = new DecisionWriter(want))
                {
                    if (withContext)
                    {
                        PacketIngress.fill(address, length, rec.originalLength(), rec.linkType(), rec.timestampNanos(),
                            parsed, packet);
                        context.from(packet);
                        w.write(rec.index(), context, packets.describe(d, address, length, rec.linkType()));
                    }
                    else
                    {
                        w.write(rec.index(), packets.describe(d, address, length, rec.linkType()));
                    }
                }
                lines.add(want.toString().stripTrailing());
            }
        }
        return lines;
    }
}
