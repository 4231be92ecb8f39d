package dev.wirespeed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.sim.replay.CaptureReplayTest;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExplainCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldExplainARequestStageByStageInText()
    {
        final CliRun r = CliRun.run("explain", "-c", "../examples/bookinfo/request-routing", "--request",
                "{\"authority\":\"reviews\",\"path\":\"/reviews/1\",\"port\":9080,\"headers\":{\"end-user\":\"bob\"}}");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("route `jason`: header `end-user` exact `jason` ≠ `bob`")
                .contains("route `others`: matched")
                .contains("`10.1.0.41:9080`: LEAST_REQUEST (default) picked 0 of 1 healthy endpoints")
                .contains("longest prefix for the endpoint `10.1.0.41:9080`: 10.1.0.0/16")
                .contains("\"cluster\":\"outbound|9080|v1|reviews.default.svc.cluster.local\"");
        assertThat(r.out).doesNotContain("DISAGREEMENT");
    }

    @Test
    void shouldExplainATraceRecordWithTheDecisionReplayWrites() throws IOException
    {
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun replay = CliRun.run("replay", "-c", "../examples/bookinfo/traffic-shifting-80-20",
                "../examples/bookinfo/traffic-shifting-80-20/requests.jsonl", "--decisions", decisions.toString(),
                "--inline", "--counters-dir", dir.resolve("c").toString());
        assertThat(replay.exitCode).as(replay.err).isZero();
        final List<String> lines = Files.readAllLines(decisions);
        for (final int record : new int[] {0, 1, lines.size() - 1})
        {
            final CliRun r = CliRun.run("explain", "-c", "../examples/bookinfo/traffic-shifting-80-20",
                    "../examples/bookinfo/traffic-shifting-80-20/requests.jsonl", "--record", Integer.toString(record),
                    "--json");
            assertThat(r.exitCode).as(r.err).isZero();
            final JsonNode e = JSON.readTree(r.out);
            assertThat(e.get("decision")).isEqualTo(JSON.readTree(lines.get(record)));
            assertThat(e.get("steps").toString()).contains("weighted pick: hash");
            assertThat(e.get("matched").get("route").asText()).isEqualTo("shift");
            assertThat(e.has("disagreement")).isFalse();
        }
    }

    @Test
    void shouldExplainACaptureFrameParsingAndPath() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("config.yaml"), CaptureReplayTest.CONFIG);
        final Path capture = Files.write(dir.resolve("t.pcap"), CaptureReplayTest.pcap(List.of(
                TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 64, 10),
                TestPackets.tcp("10.2.0.9", "10.96.0.80", 40000, 80, 64, 0x18,
                        "GET /api/x HTTP/1.1\r\nHost: web\r\n\r\n"),
                TestPackets.arp())));
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun replay = CliRun.run("replay", "-c", config.toString(), capture.toString(), "--decisions",
                decisions.toString(), "--inline", "--counters-dir", dir.resolve("c").toString());
        assertThat(replay.exitCode).as(replay.err).isZero();
        final List<String> lines = Files.readAllLines(decisions);
        for (int frame = 0; frame < 3; frame++)
        {
            final CliRun r = CliRun.run("explain", "-c", config.toString(), capture.toString(), "--frame",
                    Integer.toString(frame), "--json", "--workers", "4");
            assertThat(r.exitCode).as(r.err).isZero();
            final JsonNode e = JSON.readTree(r.out);
            assertThat(e.get("decision")).as("frame %d", frame).isEqualTo(JSON.readTree(lines.get(frame)));
            assertThat(e.has("disagreement")).isFalse();
        }
        final CliRun udp = CliRun.run("explain", "-c", config.toString(), capture.toString(), "--frame", "0",
                "--workers", "4");
        assertThat(udp.out).contains("link type 1 (Ethernet)").contains("/ IPv4 10.9.0.1 -> 10.7.1.2 ttl 64 / UDP")
                .contains("-> worker ").contains("of 4").contains("L3 path");
        final CliRun http = CliRun.run("explain", "-c", config.toString(), capture.toString(), "--frame", "1");
        assertThat(http.out).contains("L7 path: HTTP/1 request #1 GET http://web/api/x").contains("route ");
    }

    @Test
    void shouldReportBadUseAndBadInputInOneLine() throws IOException
    {
        final CliRun none = CliRun.run("explain", "-c", "../examples/reviews");
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("give exactly one of --request JSON, TRACE --record N, CAPTURE --frame N");
        final CliRun badJson = CliRun.run("explain", "-c", "../examples/reviews", "--request", "{\"path\":3}");
        assertThat(badJson.exitCode).isEqualTo(1);
        assertThat(badJson.err).startsWith("--request: ");
        final CliRun past = CliRun.run("explain", "-c", "../examples/reviews", "../examples/reviews/requests.jsonl",
                "--record", "999");
        assertThat(past.exitCode).isEqualTo(1);
        assertThat(past.err.strip()).endsWith("there is no record 999").doesNotContain("Exception");
        final Path bad = Files.writeString(dir.resolve("t.jsonl"), "{\"path\":\"/\"}\n\n{\"path\":\n");
        final CliRun badRecord = CliRun.run("explain", "-c", "../examples/reviews", bad.toString(), "--record", "1");
        assertThat(badRecord.exitCode).isEqualTo(1);
        assertThat(badRecord.err).startsWith(bad + ":3:").contains("bad-record");
    }
}
