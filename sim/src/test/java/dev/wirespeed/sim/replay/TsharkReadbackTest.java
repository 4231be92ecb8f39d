package dev.wirespeed.sim.replay;

import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            new CaptureReplay(engine, CaptureReplayTest.inline().withPcapOut(out).withCounters(dir.resolve("c")),
                new PrintWriter(new StringWriter())).run(in, null, new ReplaySummary(), ReplayProgress.NONE);
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
