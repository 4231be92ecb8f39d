package dev.wirespeed.flink;

import dev.wirespeed.flink.cli.FlinkCli;
import dev.wirespeed.flink.job.DecisionFiles;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.replay.ReplayDriver;
import dev.wirespeed.sim.replay.ReplayProgress;
import dev.wirespeed.sim.replay.ReplaySummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the replay tests share: the single-machine replay of an input (the reference), running
 * {@code wirespeed flink} in the test's JVM, decision lines by record index, and the summary comparison.
 */
public final class Replays
{
    /** Every dimension the single-machine summary prints. */
    static final List<String> DIMENSIONS = List.of("actions", "reasons", "virtualServices", "routes",
        "clusters", "flags", "egressPorts");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Replays()
    {
    }

    /**
     * The single-machine replay's output for one input.
     *
     * @param decisions the decision file's bytes.
     * @param summary   the summary as JSON ({@code replay --json}).
     */
    public record Reference(byte[] decisions, String summary)
    {
    }

    /**
     * The single-machine replay (inline pipeline) of one input.
     *
     * @param config  the config directory.
     * @param input   the trace or capture.
     * @param scratch a directory for the replay's counters.
     * @return its decisions and summary.
     * @throws IOException when the input cannot be read.
     */
    public static Reference singleMachine(final Path config, final Path input, final Path scratch) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintWriter err = new PrintWriter(new StringWriter());
        final Path counters = Files.createTempDirectory(scratch, "counters");
        final ReplaySummary summary = new ReplaySummary();
        try (Engine engine = Engine.load(List.of(config)))
        {
            new ReplayDriver(engine, new PipelineConfig().workers(1).mode(ExecutionMode.INLINE)
                .countersDirectory(counters), err).run(input, out, summary, ReplayProgress.NONE);
        }
        return new Reference(out.toByteArray(), summary.toJson());
    }

    /**
     * Runs {@code wirespeed flink ARGS} in this JVM and prints its output.
     *
     * @param out  receives its standard output.
     * @param args the command line.
     * @return the exit code.
     */
    public static int flink(final StringWriter out, final String... args)
    {
        return flink(out, new StringWriter(), args);
    }

    /**
     * Runs {@code wirespeed flink ARGS} in this JVM and prints its output.
     *
     * @param out  receives its standard output.
     * @param err  receives its standard error.
     * @param args the command line.
     * @return the exit code.
     */
    public static int flink(final StringWriter out, final StringWriter err, final String... args)
    {
        final CommandLine cl = FlinkCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int code = cl.execute(args);
        System.out.println("wirespeed flink " + String.join(" ", args) + " -> " + code + "\n" + out + err);
        return code;
    }

    /**
     * @param decisions a run's output directory.
     * @return every decision line of its part files by record index (failing on a duplicate).
     * @throws IOException when a file cannot be read.
     */
    public static Map<Long, String> byIndex(final Path decisions) throws IOException
    {
        final Map<Long, String> lines = new TreeMap<>();
        for (final Path p : DecisionFiles.parts(decisions))
        {
            for (final String line : Files.readAllLines(p, StandardCharsets.UTF_8))
            {
                final long index = Long.parseLong(line.substring(5, line.indexOf(',')));
                assertThat(lines.put(index, line)).as("record %d decided twice", index).isNull();
            }
        }
        return lines;
    }

    /**
     * @param reference a decision file's bytes.
     * @return its lines by record index.
     */
    public static Map<Long, String> byIndex(final byte[] reference)
    {
        final Map<Long, String> lines = new TreeMap<>();
        for (final String line : new String(reference, StandardCharsets.UTF_8).split("\n"))
        {
            lines.put(Long.parseLong(line.substring(5, line.indexOf(','))), line);
        }
        return lines;
    }

    /**
     * Asserts that the Flink summary's records and counts by action, reason, VirtualService, route, cluster, flag
     * and egress port are the single-machine summary's.
     *
     * @param flinkJson  {@code flink replay --json}'s output.
     * @param singleJson the single-machine summary.
     * @throws IOException when either is not JSON.
     */
    public static void assertSameSummary(final String flinkJson, final String singleJson) throws IOException
    {
        final JsonNode flinkSummary = JSON.readTree(flinkJson);
        final JsonNode single = JSON.readTree(singleJson);
        assertThat(flinkSummary.get("records")).isEqualTo(single.get("records"));
        for (final String dimension : DIMENSIONS)
        {
            assertThat(nonZero(flinkSummary.get(dimension))).as(dimension).isEqualTo(nonZero(single.get(dimension)))
                .isNotEmpty();
        }
    }

    /**
     * @param counts a summary's counts of one dimension.
     * @return the counts that are not zero.
     */
    public static Map<String, Long> nonZero(final JsonNode counts)
    {
        final Map<String, Long> m = new TreeMap<>();
        counts.properties().forEach(e ->
        {
            if (e.getValue().asLong() != 0)
            {
                m.put(e.getKey(), e.getValue().asLong());
            }
        });
        return m;
    }
}
