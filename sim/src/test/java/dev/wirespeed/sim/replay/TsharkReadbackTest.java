package dev.wirespeed.sim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the replay's {@code --pcap-out} files with tshark (checksum validation on): every frame decodes and
 * every IPv4 header checksum is good. Skips when tshark is not installed; {@link CaptureReplayTest} reads the
 * same files back with the project's own reader.
 */
class TsharkReadbackTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteCapturesTsharkReadsWithGoodChecksums() throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(tsharkPresent(), "tshark not installed");
        final Path in = Files.write(dir.resolve("in.pcap"),
            CaptureReplayTest.pcap(CaptureReplayTest.randomFrames(new SplittableRandom(7), 500)));
        final Path out = dir.resolve("out");
        try (Engine engine = Engine.fromYaml(CaptureReplayTest.CONFIG))
        {
            new ReplayDriver(engine, CaptureReplayTest.inline().countersDirectory(dir.resolve("c")),
                new PrintWriter(new StringWriter())).pcapOut(out)
                .run(in, null, new ReplaySummary(), ReplayProgress.NONE);
        }
        try (var files = Files.list(out))
        {
            for (final Path pcap : files.toList())
            {
                final Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE",
                    "-T", "fields", "-e", "ip.checksum.status").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as("tshark exit for " + pcap).isZero();
                final List<String> lines = text.lines().toList();
                assertThat(lines).isNotEmpty().allMatch("1"::equals); // 1 = good
            }
        }
    }

    @Test
    void shouldJoinEachContextDecisionToItsPacketInTshark() throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(tsharkPresent(), "tshark not installed");
        final Path in = Files.write(dir.resolve("ctx.pcap"),
            CaptureReplayTest.pcap(CaptureReplayTest.randomFrames(new SplittableRandom(11), 400)));
        final ByteArrayOutputStream decisions = new ByteArrayOutputStream();
        try (Engine engine = Engine.fromYaml(CaptureReplayTest.CONFIG))
        {
            new ReplayDriver(engine, CaptureReplayTest.inline().countersDirectory(dir.resolve("c")),
                new PrintWriter(new StringWriter())).context(true)
                .run(in, decisions, new ReplaySummary(), ReplayProgress.NONE);
        }
        final Process p = new ProcessBuilder("tshark", "-r", in.toString(), "-T", "fields", "-E", "separator=;",
            "-e", "frame.time_epoch", "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst",
            "-e", "tcp.srcport", "-e", "udp.srcport", "-e", "tcp.dstport", "-e", "udp.dstport", "-e", "ip.proto")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final List<String> frames = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
            .toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final List<String> lines = decisions.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(400);
        assertThat(frames).hasSize(400);
        final ObjectMapper json = new ObjectMapper();
        int withAddresses = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final JsonNode d = json.readTree(lines.get(i));
            final String[] f = frames.get(i).split(";", -1);
            final String where = "record " + i + ": " + lines.get(i) + " vs tshark " + frames.get(i);
            assertThat(d.get("ts").asText()).as(where).isEqualTo(f[0]);
            if (d.has("src"))
            {
                withAddresses++;
                final boolean v4 = d.get("src").asText().indexOf(':') < 0;
                assertThat(List.of((v4 ? f[1] : f[2]).split(","))).as(where).contains(d.get("src").asText());
                assertThat(List.of((v4 ? f[3] : f[4]).split(","))).as(where).contains(d.get("dst").asText());
                if (d.has("sport"))
                {
                    assertThat(List.of((f[5] + "," + f[6]).split(","))).as(where).contains(d.get("sport").asText());
                    assertThat(List.of((f[7] + "," + f[8]).split(","))).as(where).contains(d.get("dport").asText());
                }
                if (v4)
                {
                    assertThat(List.of(f[9].split(","))).as(where).contains(d.get("proto").asText());
                }
            }
        }
        assertThat(withAddresses).isGreaterThan(100);
    }

    private static boolean tsharkPresent()
    {
        try
        {
            final Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        catch (final IOException | InterruptedException ex)
        {
            return false;
        }
    }
}
