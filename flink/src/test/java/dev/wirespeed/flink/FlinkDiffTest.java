package dev.wirespeed.flink;

import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.diff.DecisionDiff;
import dev.wirespeed.sim.diff.DiffReport;
import dev.wirespeed.sim.gen.CaptureGenerator;
import dev.wirespeed.sim.gen.TraceGenerator;
import dev.wirespeed.sim.jsonl.LineReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wirespeed flink diff} against the single-machine {@link DecisionDiff} on a MiniCluster with parallelism
 * 2: the same report — groups, counts, shares, fields, clusters, bytes, flows and the same example records (the
 * lowest record indices) — for a JSONL trace cut into many splits (with a byte order mark, blank, bad and
 * over-the-cap lines) and for a capture keyed by flow (flows with several segments, L3 and L7 changes).
 * Seed: {@code -Dwirespeed.seed=N} (default 13), printed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlinkDiffTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 13L);
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final Path OLD_SHIFT = ROOT.resolve("examples/bookinfo/traffic-shifting-80-20");
    private static final Path NEW_SHIFT = ROOT.resolve("examples/bookinfo/traffic-shifting-50-50");
    private static final Path OLD_CAPTURE = ROOT.resolve("examples/capture-replay");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path trace;
    private static Path capture;
    private static Path newCapture;

    @BeforeAll
    static void inputs() throws IOException
    {
        System.out.println("FlinkDiffTest seed " + SEED + " (-Dwirespeed.seed=N to explore)");
        trace = dir.resolve("trace.jsonl");
        try (Engine engine = Engine.load(List.of(OLD_SHIFT));
             OutputStream out = Files.newOutputStream(trace))
        {
            out.write(new byte[] {(byte)0xEF, (byte)0xBB, (byte)0xBF});
            // Bookinfo declares no port 80: a sidecar proxies the trace's port-80 requests as connections, so the
            // trace needs more records for enough of them to reach reviews
            TraceGenerator.write(engine.model(), 4800, SEED, out);
            out.write(("\n  \r\nnot json\n{\"path\":1}\n{\"authority\":\"reviews\",\"path\":\"/"
                + "x".repeat(LineReader.MAX_LINE_BYTES) + "\"}\n{\"authority\":\"reviews\",\"path\":\"/\u00e9\"}\n")
                .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', '"', (byte)0xC3, '"', '}', '\n'});
            TraceGenerator.write(engine.model(), 1200, SEED + 1, out);
        }
        capture = dir.resolve("capture.pcap");
        CaptureGenerator.write(capture, 3000, 200, 0.5, SEED);
        // the change: one of the two ECMP next hops of 10.0.0.0/8 moves, and /api is rewritten to /v3
        newCapture = Files.createDirectories(dir.resolve("capture-new"));
        final String config = Files.readString(OLD_CAPTURE.resolve("config.yaml"));
        final String changed = config.replace("{address: 192.168.0.2, port: 2}", "{address: 192.168.0.9, port: 9}")
            .replace("uri: /v2", "uri: /v3");
        assertThat(changed).isNotEqualTo(config);
        Files.writeString(newCapture.resolve("config.yaml"), changed);
    }

    private static String flink(final String... args)
    {
        final StringWriter out = new StringWriter();
        assertThat(Replays.flink(out, args)).as("exit code").isZero();
        return out.toString();
    }

    private static DiffReport singleMachine(final Path before, final Path after, final Path input,
        final boolean isCapture) throws IOException
    {
        try (Engine a = Engine.load(List.of(before)); Engine b = Engine.load(List.of(after)))
        {
            final DecisionDiff diff = new DecisionDiff(a, b, 3);
            return isCapture ? diff.capture(input) : diff.requests(input);
        }
    }

    @Test
    void shouldReportATracesChangesAsTheSingleMachineDiff() throws IOException
    {
        final DiffReport expected = singleMachine(OLD_SHIFT, NEW_SHIFT, trace, false);
        assertThat(expected.changed()).as("records that change").isGreaterThan(100);
        assertThat(expected.changes()).as("change groups").hasSizeGreaterThan(1);
        final String json = flink("diff", "--old", OLD_SHIFT.toString(), "--new", NEW_SHIFT.toString(),
            trace.toString(), "-p", "2", "--split-bytes", "4096", "--json");
        assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(expected.toJson()));
        assertThat(json.strip()).isEqualTo(expected.toJson());
        final String text = flink("diff", "--old", OLD_SHIFT.toString(), "--new", NEW_SHIFT.toString(),
            trace.toString(), "-p", "2", "--split-bytes", "8192");
        assertThat(text).isEqualTo(expected.toText());
    }

    @Test
    void shouldReportACapturesChangesWithBytesAndFlowsAsTheSingleMachineDiff() throws IOException
    {
        final DiffReport expected = singleMachine(OLD_CAPTURE, newCapture, capture, true);
        final JsonNode single = JSON.readTree(expected.toJson());
        assertThat(expected.changed()).as("records that change").isGreaterThan(100);
        assertThat(expected.flowsChanged()).as("flows that change").isGreaterThan(10).isLessThan(expected.flows());
        assertThat(single.get("changes").toString()).as("an L7 change").contains("\"path\"")
            .as("an L3 change").contains("\"egressPort\"");
        final String json = flink("diff", "--old", OLD_CAPTURE.toString(), "--new", newCapture.toString(),
            capture.toString(), "-p", "2", "--json");
        assertThat(JSON.readTree(json)).isEqualTo(single);
        assertThat(json.strip()).isEqualTo(expected.toJson());
    }
}
