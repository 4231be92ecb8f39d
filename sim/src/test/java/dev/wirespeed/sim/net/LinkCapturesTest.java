package dev.wirespeed.sim.net;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.output.LinkCaptures;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-link pcaps: every packet put on a captured link, both directions, as IPv4/UDP with the real lengths. */
class LinkCapturesTest
{
    private static NetSimulation capturedIncast(final Path dir) throws IOException
    {
        final NetScenario s = Scenarios.incast(3, 10 * Scenarios.GBPS, 10 * Scenarios.GBPS, 50, FlowSpec.Pattern.CBR,
            2_400, 2_000 * 2_400, 1);
        final NetSimulation sim = new NetSimulation(s);
        sim.capture(new LinkCaptures(sim.topology(), dir, List.<String[]>of(new String[] {"sw", "r"}), 64));
        return sim;
    }

    @Test
    void shouldWriteEveryPacketPutOnTheCapturedLink(@TempDir final Path dir) throws Exception
    {
        final long onWire;
        try (NetSimulation sim = capturedIncast(dir))
        {
            sim.run();
            final Topology t = sim.topology();
            onWire = sim.ports().txPackets(t.portTowards(t.node("sw"), t.node("r")))
                + sim.ports().txPackets(t.portTowards(t.node("r"), t.node("sw")));
            assertThat(onWire).isEqualTo(sim.received());
        }
        final OffHeap u = OffHeap.MEMORY;
        long count = 0;
        long last = -1;
        try (CaptureReader reader = CaptureReader.open(dir.resolve("sw--r.pcap")))
        {
            assertThat(reader.pcapLinkType()).isEqualTo(LinkCaptures.LINKTYPE_RAW);
            assertThat(reader.pcapNanosecond()).isTrue();
            final CaptureRecord rec = new CaptureRecord();
            while (reader.next(rec))
            {
                assertThat(rec.originalLength()).isEqualTo(1500);
                assertThat(rec.capturedLength()).isEqualTo(64);
                assertThat(rec.timestampNanos()).isGreaterThanOrEqualTo(last);
                last = rec.timestampNanos();
                final long a = rec.address();
                assertThat(u.getByte(a) & 0xFF).isEqualTo(0x45);
                assertThat(u.getByte(a + 9) & 0xFF).isEqualTo(17);
                final int dst = ((u.getByte(a + 16) & 0xFF) << 24) | ((u.getByte(a + 17) & 0xFF) << 16)
                    | ((u.getByte(a + 18) & 0xFF) << 8) | (u.getByte(a + 19) & 0xFF);
                assertThat(IpText.formatIpv4(dst)).isEqualTo("10.0.1.1");
                count++;
            }
        }
        assertThat(count).isEqualTo(onWire);
    }

    @Test
    void shouldWriteCapturesTsharkDecodesWithGoodChecksums(@TempDir final Path dir) throws Exception
    {
        Assumptions.assumeTrue(tsharkPresent(), "tshark not installed");
        try (NetSimulation sim = capturedIncast(dir))
        {
            sim.run();
        }
        final Process p = new ProcessBuilder("tshark", "-r", dir.resolve("sw--r.pcap").toString(), "-o",
            "ip.check_checksum:TRUE", "-T", "fields", "-e", "ip.checksum.status", "-e", "udp.dstport")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(text.lines().toList()).isNotEmpty().allMatch("1\t9"::equals); // checksum good, port 9
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
