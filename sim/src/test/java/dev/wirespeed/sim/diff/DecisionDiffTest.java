package dev.wirespeed.sim.diff;

import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.replay.CaptureReplayTest;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diff of Bookinfo's traffic shifting 80/20 (v1/v2) to 50/50 (v1/v3) over a capture: each reviews request is
 * weighted by its own hash, so 30 % of the reviews traffic moves from v1 to v3 and all of v2's 20 % to v3; the
 * shares must lie within binomial bounds, and bytes and flows must be those of the moved packets. A trace's lines
 * follow the replay's rules (a line over the cap or not UTF-8 is a bad record with its index).
 */
class DecisionDiffTest
{
    private static final Path BOOKINFO = Path.of(System.getProperty("wirespeed.root", "..")).resolve(
        "examples/bookinfo");
    private static final String V1 = "outbound|9080|v1|reviews.default.svc.cluster.local";
    private static final String V2 = "outbound|9080|v2|reviews.default.svc.cluster.local";
    private static final String V3 = "outbound|9080|v3|reviews.default.svc.cluster.local";

    @TempDir
    Path dir;

    @Test
    void shouldMoveThirtyPercentOfReviewsPacketsFromV1AndAllOfV2ToV3WithTheirBytesAndFlows() throws IOException
    {
        final int n = 4000;
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < n; k++)
        {
            frames.add(TestPackets.tcp("10.1.0.10", "10.96.0.13", 20_000 + k, 9080, 64, 0x18,
                "GET /reviews/" + String.format("%05d", k) + " HTTP/1.1\r\nHost: reviews:9080\r\n\r\n"));
        }
        frames.add(TestPackets.udp("10.1.0.10", "10.1.0.41", 5000, 53, 64, 20)); // L3, same on both sides
        final Path capture = Files.write(dir.resolve("reviews.pcap"), CaptureReplayTest.pcap(frames));
        final DiffReport report;
        try (Engine before = Engine.load(List.of(BOOKINFO.resolve("traffic-shifting-80-20")));
             Engine after = Engine.load(List.of(BOOKINFO.resolve("traffic-shifting-50-50"))))
        {
            report = new DecisionDiff(before, after, 2).capture(capture);
        }
        assertThat(report.records()).isEqualTo(n + 1);
        final Map<String, long[]> clusters = report.clusters();
        final long reviews = clusters.get(V1)[0] + clusters.get(V2)[0];
        assertThat(reviews).isEqualTo(n);
        long v1ToV3 = 0;
        long v2ToV3 = 0;
        long bytes = 0;
        for (final DiffReport.Change c : report.changes())
        {
            assertThat(c.to().cluster()).isEqualTo(V3);
            assertThat(c.examples()).hasSizeLessThanOrEqualTo(2).isNotEmpty();
            assertThat(c.examples().get(0).request()).startsWith("tcp 10.1.0.10:").contains("> 10.96.0.13:9080");
            assertThat(c.flows()).isEqualTo((int)c.count()); // one packet per flow
            if (V1.equals(c.from().cluster()))
            {
                v1ToV3 += c.count();
            }
            else
            {
                assertThat(c.from().cluster()).isEqualTo(V2);
                v2ToV3 += c.count();
            }
            bytes += c.bytes();
        }
        assertThat(v2ToV3).isEqualTo(clusters.get(V2)[0]);
        assertWithinBinomialBounds(v1ToV3, reviews, 0.30);
        assertWithinBinomialBounds(v2ToV3, reviews, 0.20);
        assertThat(report.changed()).isEqualTo(v1ToV3 + v2ToV3);
        assertThat(report.bytesChanged()).isEqualTo(bytes).isEqualTo(report.changed() * frames.get(0).length);
        assertThat(report.flowsChanged()).isEqualTo((int)report.changed());
        assertThat(report.flows()).isEqualTo(n + 1);
        assertThat(report.toJson()).contains("\"flowsChanged\":" + report.changed());
    }

    @Test
    void shouldReportNoChangeForTheSameConfig() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"),
            "{\"authority\":\"reviews\",\"path\":\"/a\"}\nnot json\n{\"authority\":\"ratings\",\"path\":\"/b\"}\n");
        try (Engine before = Engine.load(List.of(BOOKINFO.resolve("traffic-shifting-80-20")));
             Engine after = Engine.load(List.of(BOOKINFO.resolve("traffic-shifting-80-20"))))
        {
            final DiffReport report = new DecisionDiff(before, after, 3).requests(trace);
            assertThat(report.records()).isEqualTo(3);
            assertThat(report.changed()).isZero();
            assertThat(report.changes()).isEmpty();
        }
    }

    @Test
    void shouldCountLinesOverTheCapAndNotUtf8AsBadRecordsWithTheirIndicesAsTheReplayDoes() throws IOException
    {
        final Path trace = dir.resolve("lines.jsonl");
        try (var out = Files.newOutputStream(trace))
        {
            out.write("{\"authority\":\"reviews\",\"path\":\"/a\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write(("{\"authority\":\"reviews\",\"path\":\"/" + "x".repeat(LineReader.MAX_LINE_BYTES) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
            // one byte that is not UTF-8: decoded leniently it would be a request for /\uFFFD
            out.write(new byte[] {'{', '"', 'a', 'u', 't', 'h', 'o', 'r', 'i', 't', 'y', '"', ':', '"', 'r', 'e', 'v',
                'i', 'e', 'w', 's', '"', ',', '"', 'p', 'a', 't', 'h', '"', ':', '"', '/', (byte)0xC3, '"', '}', '\n'});
            out.write("{\"authority\":\"reviews\",\"path\":\"/b\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        try (Engine before = Engine.load(List.of(BOOKINFO.resolve("traffic-shifting-80-20")));
             Engine after = Engine.load(List.of(BOOKINFO.resolve("traffic-shifting-50-50"))))
        {
            final DiffReport report = new DecisionDiff(before, after, 3).requests(trace);
            assertThat(report.records()).as("every line has a record index, as in replay").isEqualTo(4);
            long routedBefore = 0;
            for (final long[] c : report.clusters().values())
            {
                routedBefore += c[0];
            }
            assertThat(routedBefore).as("only the two good lines are routed").isEqualTo(2);
            for (final DiffReport.Change c : report.changes())
            {
                assertThat(c.examples()).extracting(DiffReport.Example::index).isSubsetOf(0L, 3L);
            }
        }
    }

    /** Within 4.5 standard deviations of the binomial mean: fails about once in 150,000 seeds when right. */
    static void assertWithinBinomialBounds(final long k, final long n, final double p)
    {
        final double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double)k).as("%d of %d, expected share %.2f", k, n, p).isBetween(n * p - 4.5 * sigma,
            n * p + 4.5 * sigma);
    }
}
