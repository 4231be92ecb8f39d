package dev.wirespeed.cli;

import dev.wirespeed.sim.replay.CaptureReplayTest;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay --report}: a self-contained page (no script, no external reference) with the decisions by action,
 * VirtualService, route and cluster, the drop reasons, traffic over trace time and, for captures, the top talkers;
 * rendered in a real headless Chromium, which must draw every SVG, log nothing, and overflow nowhere.
 */
class ReplayReportTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String BOOKINFO = ROOT.resolve("examples/bookinfo/traffic-shifting-80-20").toString();

    @TempDir
    Path dir;

    private Path traceReport() throws IOException
    {
        final Path trace = dir.resolve("trace.jsonl");
        assertThat(CliRun.run("gen", "trace", "-c", BOOKINFO, "--count", "3000", "--seed", "3", "-o",
            trace.toString()).exitCode).isZero();
        final Path page = dir.resolve("report.html");
        final CliRun r = CliRun.run("replay", "-c", BOOKINFO, trace.toString(), "--report", page.toString(),
            "--counters-dir", dir.resolve("c").toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("virtual services:", "default/reviews", "routes:", "default/reviews shift");
        return page;
    }

    @Test
    void shouldWriteASelfContainedReportOfATraceWithEveryTable() throws IOException
    {
        final String html = Files.readString(traceReport(), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
            .doesNotContain("url(").doesNotContain("http://").doesNotContain("https://");
        assertThat(html).contains("<h2>Decisions by action</h2>", "<h2>Drop and punt reasons</h2>", "no-route",
            "<h2>VirtualServices</h2>", "default/reviews", "<h2>Routes</h2>", "default/reviews shift",
            "outbound|9080|v1|reviews.default.svc.cluster.local", "<h2>Traffic over trace time</h2>",
            "the records' ts field", "<svg class=\"chart\"");
        assertThat(html).doesNotContain("Top talkers");
    }

    @Test
    void shouldRenderTheTraceAndCaptureReportsInHeadlessChromium() throws Exception
    {
        Assumptions.assumeTrue(HeadlessChromium.executable() != null,
            "chromium is not installed (.ci/run installs it); the page's content is still checked without it");
        check(traceReport(), dir.resolve("t"), 1);
        check(captureReport(), dir.resolve("p"), 2);
    }

    private Path captureReport() throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < 300; k++)
        {
            frames.add(TestPackets.tcp("10.1.0.10", "10.96.0.13", 30_000 + k % 7, 9080, 64, 0x18,
                "GET /reviews/" + k + " HTTP/1.1\r\nHost: reviews:9080\r\n\r\n"));
            frames.add(TestPackets.udp("10.1.0.10", "10.1.0.41", 5000, 53, k % 50 == 0 ? 1 : 64, 100));
        }
        final Path capture = Files.write(dir.resolve("c.pcap"), CaptureReplayTest.pcap(frames));
        final Path page = dir.resolve("capture.html");
        final CliRun r = CliRun.run("replay", "-c", BOOKINFO, capture.toString(), "--report", page.toString(),
            "--counters-dir", dir.resolve("c2").toString());
        assertThat(r.exitCode).as(r.err).isZero();
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<h2>Top talkers by 5-tuple</h2>", "udp 10.1.0.10:5000 &gt; 10.1.0.41:53",
            "tcp 10.1.0.10:30000 &gt; 10.96.0.13:9080", "ttl-expired", "capture timestamps",
            "bytes on the wire per interval");
        return page;
    }

    private static void check(final Path page, final Path work, final int charts) throws Exception
    {
        Files.createDirectories(work);
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        final int svgs = html.split("<svg", -1).length - 1;
        assertThat(html.split("<svg class=\"chart\"", -1).length - 1).isEqualTo(charts);
        final HeadlessChromium.Result seen = HeadlessChromium.open(page, work);
        assertThat(seen.consoleMessages()).isEmpty();
        assertThat(seen.number("svgs")).isEqualTo(svgs);
        assertThat(seen.number("drawn")).as(seen.checks()).isEqualTo(svgs);
        assertThat(seen.flag("bodyOverflow")).as(seen.checks()).isFalse();
        assertThat(seen.number("svgTextOutside")).as(seen.checks()).isZero();
        assertThat(seen.number("cellOverflow")).as(seen.checks()).isZero();
        assertThat(seen.number("text")).isGreaterThan(500);
        final BufferedImage image = ImageIO.read(seen.screenshot().toFile());
        assertThat(image).as("screenshot").isNotNull();
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 5)
        {
            for (int x = 0; x < image.getWidth(); x += 5)
            {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(8);
    }
}
