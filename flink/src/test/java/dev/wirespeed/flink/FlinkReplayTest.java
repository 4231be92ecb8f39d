package dev.wirespeed.flink;

import dev.wirespeed.flink.job.DecisionFiles;
import dev.wirespeed.flink.job.FailOnce;
import dev.wirespeed.sim.Engine;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.wirespeed.flink.Replays.assertSameSummary;
import static dev.wirespeed.flink.Replays.byIndex;
import static dev.wirespeed.flink.Replays.nonZero;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink replay against the single-machine replay on a MiniCluster with parallelism 2: the same decisions
 * by record index for a JSONL trace (with blank, CRLF, bad and over-the-cap lines, cut into many splits) and
 * for a capture (flows with several segments, keyed by flow), byte-identical files with {@code --ordered},
 * the same summary (every dimension), conservation from Flink's counters, and no decision lost or duplicated
 * when a task fails mid-run in streaming mode and the job restores from a checkpoint.
 * Seed: {@code -Dwirespeed.seed=N} (default 13), printed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FlinkReplayTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 13L);
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));

    @TempDir
    static Path dir;

    private static Path trace;
    private static Path capture;
    private static byte[] traceReference;
    private static byte[] captureReference;
    private static final Map<Path, String> SUMMARIES = new java.util.HashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void inputs() throws IOException
    {
        System.out.println("FlinkReplayTest seed " + SEED + " (-Dwirespeed.seed=N to explore)");
        trace = dir.resolve("trace.jsonl");
        try (Engine engine = Engine.load(List.of(ROOT.resolve("examples/reviews")));
             OutputStream out = Files.newOutputStream(trace))
        {
            TraceGenerator.write(engine.model(), 3000, SEED, out);
            // lines the replay treats specially: blank (no record index), CRLF, and bad records (one of them over
            // the line cap: the split reader drops it without holding it)
            out.write("\n   \r\n{\"path\":\"/x\",\"authority\":\"reviews\",\"port\":9080}\r\nnot json\n{\"path\":1}\n"
                .getBytes(StandardCharsets.UTF_8));
            out.write(("{\"path\":\"/" + "x".repeat(LineReader.MAX_LINE_BYTES) + "\"}\r\n")
                .getBytes(StandardCharsets.UTF_8));
            TraceGenerator.write(engine.model(), 500, SEED + 1, out);
        }
        traceReference = singleMachine(ROOT.resolve("examples/reviews"), trace);
        capture = dir.resolve("capture.pcap");
        CaptureGenerator.write(capture, 4000, 300, 0.5, SEED);
        captureReference = singleMachine(ROOT.resolve("examples/capture-replay"), capture);
    }

    /** The single-machine replay of one input: its decision file's bytes (its summary kept in SUMMARIES). */
    private static byte[] singleMachine(final Path config, final Path input) throws IOException
    {
        final Replays.Reference reference = Replays.singleMachine(config, input, dir);
        SUMMARIES.put(input, reference.summary());
        return reference.decisions();
    }

    private static int flink(final String... args)
    {
        return Replays.flink(new StringWriter(), args);
    }

    @Test
    void shouldDecideEveryJsonlRecordAsTheSingleMachineReplayByRecordIndex() throws IOException
    {
        final Path out = dir.resolve("jsonl-unordered");
        assertThat(flink("replay", "-c", ROOT.resolve("examples/reviews").toString(), trace.toString(),
            "--decisions", out.toString(), "--parallelism", "2", "--split-bytes", "4096", "--verify")).isZero();
        assertThat(DecisionFiles.parts(out)).hasSize(2);
        final Map<Long, String> expected = byIndex(traceReference);
        assertThat(expected).hasSize(3504);
        assertThat(byIndex(out)).isEqualTo(expected);
    }

    @Test
    void shouldWriteJsonlDecisionsByteIdenticalToTheSingleMachineReplayWhenOrdered() throws IOException
    {
        final Path out = dir.resolve("jsonl-ordered");
        final StringWriter summary = new StringWriter();
        assertThat(Replays.flink(summary, "replay", "-c", ROOT.resolve("examples/reviews").toString(), trace.toString(),
            "--decisions", out.toString(), "-p", "2", "--split-bytes", "2000", "--ordered", "--json")).isZero();
        assertThat(Files.readAllBytes(out.resolve(DecisionFiles.ORDERED))).isEqualTo(traceReference);
        assertThat(DecisionFiles.parts(out)).isEmpty();
        assertSameSummary(summary.toString(), SUMMARIES.get(trace));
    }

    @Test
    void shouldDecideEveryPacketAsTheSingleMachineCaptureReplayWithFlowsKeyedToOneInstance() throws IOException
    {
        final Path out = dir.resolve("capture-ordered");
        assertThat(flink("replay", "-c", ROOT.resolve("examples/capture-replay").toString(), capture.toString(),
            "--decisions", out.toString(), "-p", "2", "--ordered")).isZero();
        final byte[] merged = Files.readAllBytes(out.resolve(DecisionFiles.ORDERED));
        assertThat(byIndex(merged)).isEqualTo(byIndex(captureReference));
        assertThat(merged).isEqualTo(captureReference);
        assertThat(following(captureReference)).as("segments that follow their flow's decision").isGreaterThan(100);
    }

    @Test
    void shouldSummarizeACaptureAsTheSingleMachineReplay() throws IOException
    {
        final StringWriter summary = new StringWriter();
        assertThat(Replays.flink(summary, "replay", "-c", ROOT.resolve("examples/capture-replay").toString(),
            capture.toString(), "--decisions", dir.resolve("capture-summary").toString(), "-p", "2", "--json"))
            .isZero();
        final JsonNode flinkSummary = JSON.readTree(summary.toString());
        final JsonNode single = JSON.readTree(SUMMARIES.get(capture));
        assertThat(flinkSummary.get("records")).isEqualTo(single.get("records"));
        for (final String dimension : Replays.DIMENSIONS)
        {
            assertThat(nonZero(flinkSummary.get(dimension))).as(dimension).isEqualTo(nonZero(single.get(dimension)));
        }
        assertThat(nonZero(single.get("routes"))).as("the capture's requests were routed by name").isNotEmpty();
    }

    /** @return routed packets without request text: segments that followed their flow's stored decision. */
    private static long following(final byte[] decisions)
    {
        return new String(decisions, StandardCharsets.UTF_8).lines()
            .filter(l -> l.contains("\"action\":\"route\"") && !l.contains("\"path\"")).count();
    }

    @Test
    void shouldKeepEachFlowsDecisionAcrossARestoreThroughKeyedState() throws IOException
    {
        final int before = FailOnce.INJECTED.get();
        final Path out = dir.resolve("capture-recovery");
        assertThat(flink("replay", "-c", ROOT.resolve("examples/capture-replay").toString(), capture.toString(),
            "--decisions", out.toString(), "-p", "2", "--streaming", "--checkpoint-interval", "100",
            "--fail-once-after", "1500", "--ordered")).isZero();
        assertThat(FailOnce.INJECTED.get()).as("a task failed mid-run").isGreaterThan(before);
        // a restored instance's own flow table is empty: later segments follow only through the keyed state
        final byte[] merged = Files.readAllBytes(out.resolve(DecisionFiles.ORDERED));
        assertThat(byIndex(merged)).isEqualTo(byIndex(captureReference));
        assertThat(merged).isEqualTo(captureReference);
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenATaskFailsMidRunAndRestoresFromACheckpoint() throws IOException
    {
        final int before = FailOnce.INJECTED.get();
        final Path out = dir.resolve("recovery");
        final StringWriter summary = new StringWriter();
        assertThat(Replays.flink(summary, "replay", "-c", ROOT.resolve("examples/reviews").toString(), trace.toString(),
            "--decisions", out.toString(), "-p", "2", "--split-bytes", "8192", "--streaming",
            "--checkpoint-interval", "100", "--fail-once-after", "300", "--verify", "--json")).isZero();
        assertThat(FailOnce.INJECTED.get()).as("a task failed mid-run").isGreaterThan(before);
        assertThat(byIndex(out)).isEqualTo(byIndex(traceReference));
        // the conservation counters and the summary are restored with the checkpoint: counted once each
        assertSameSummary(summary.toString(), SUMMARIES.get(trace));
    }

    @Test
    void shouldRefuseInputsOfMixedKinds()
    {
        assertThat(flink("replay", "-c", ROOT.resolve("examples/reviews").toString(), trace.toString(),
            capture.toString(), "--decisions", dir.resolve("mixed").toString())).isEqualTo(1);
    }

    @Test
    void shouldRefuseADirectoryHoldingEarlierDecisions() throws IOException
    {
        final Path out = Files.createDirectories(dir.resolve("earlier"));
        Files.writeString(out.resolve(DecisionFiles.ORDERED), "{\"i\":0}\n");
        final List<String> args = new ArrayList<>(List.of("replay", "-c", ROOT.resolve("examples/reviews").toString(),
            trace.toString(), "--decisions", out.toString()));
        assertThat(flink(args.toArray(new String[0]))).isEqualTo(1);
    }
}
