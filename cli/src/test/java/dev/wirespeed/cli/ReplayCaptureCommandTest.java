package dev.wirespeed.cli;

import dev.wirespeed.sim.replay.CaptureReplayTest;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCaptureCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReplayACaptureWithDecisionsPcapOutAndASummary() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("config.yaml"), CaptureReplayTest.CONFIG);
        final Path capture = Files.write(dir.resolve("trace.bin"), CaptureReplayTest.pcap(List.of(
            TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 64, 10),
            TestPackets.tcp("10.2.0.9", "10.96.0.80", 40000, 80, 64, 0x18, "GET /api/x HTTP/1.1\r\nHost: web\r\n\r\n"),
            TestPackets.arp())));
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun r = CliRun.run("replay", "-c", config.toString(), capture.toString(), "--workers", "2",
            "--decisions", decisions.toString(), "--pcap-out", dir.resolve("out").toString(), "--counters-dir",
            dir.resolve("counters").toString(), "--json");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.err).contains("counters: " + dir.resolve("counters"));
        assertThat(r.out).contains("\"records\":3").contains("\"route\":1").contains("\"forward\":1")
            .contains("\"punt\":1").contains("\"arp\":1").contains("recordsPerSecond");
        assertThat(Files.readAllLines(decisions)).hasSize(3);
        assertThat(dir.resolve("out").resolve("port-1.pcap")).exists();
        assertThat(dir.resolve("out").resolve("port-3.pcap")).exists();
    }

    @Test
    void shouldBalanceWithTailDropsAndEveryOption() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("config.yaml"), CaptureReplayTest.CONFIG);
        final Path capture = Files.write(dir.resolve("t.pcap"),
            CaptureReplayTest.pcap(CaptureReplayTest.randomFrames(new SplittableRandom(11), 5000)));
        final CliRun r = CliRun.run("replay", "-c", config.toString(), capture.toString(), "--workers", "3",
            "--drop-when-full", "--idle", "yield", "--batch", "8", "--counters-dir", dir.resolve("c").toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("records: 5000");
    }

    @Test
    void shouldRejectBadOptionsAndFilesThatAreNotCaptures() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("config.yaml"), CaptureReplayTest.CONFIG);
        final Path capture = Files.write(dir.resolve("t.pcap"), CaptureReplayTest.pcap(List.of(TestPackets.arp())));
        final CliRun badIdle = CliRun.run("replay", "-c", config.toString(), capture.toString(), "--idle", "nap");
        assertThat(badIdle.exitCode).isEqualTo(2);
        assertThat(badIdle.err).contains("--idle").contains("nap");
        final CliRun badWorkers = CliRun.run("replay", "-c", config.toString(), capture.toString(), "--workers", "0");
        assertThat(badWorkers.exitCode).isEqualTo(2);
        assertThat(badWorkers.err).contains("--workers must be at least 1");
        final Path ng = Files.write(dir.resolve("x.pcapng"), new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 1, 2});
        final CliRun notCapture = CliRun.run("replay", "-c", config.toString(), ng.toString());
        assertThat(notCapture.exitCode).isEqualTo(1);
        assertThat(notCapture.err).contains(ng.getFileName().toString()).doesNotContain("Exception");
    }
}
