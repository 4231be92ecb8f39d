package dev.wirespeed.cli;

import dev.wirespeed.pipeline.BackPressure;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.IdleStrategies;
import dev.wirespeed.pipeline.synthetic.PipelineBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed bench pipeline}: synthetic descriptors through the full pipeline (ingress sharding,
 * workers running a hash-based port choice, in-order egress merge, counters, conservation check) and, in
 * the same run, the raw ring hand-off alone; prints both rates and their ratio.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "Pipeline throughput vs the raw ring hand-off (target: pipeline >= 50%% of the raw ring).")
public final class BenchPipelineCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workers", description = "Forwarding workers (default: cores - 1, at least 1).")
    Integer workers;

    @Option(names = "--seconds", defaultValue = "5",
            description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--batch", defaultValue = "64",
            description = "Descriptors per worker batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--records", description = "Move exactly this many records per measurement instead of --seconds.")
    Long records;

    @Option(names = "--warmup", defaultValue = "1",
            description = "Warm-up seconds before each measurement (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--idle", defaultValue = IdleStrategies.BUSY_SPIN,
            description = "Idle strategy: busy-spin, yield, backoff, sleep (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--ring", defaultValue = "4096",
            description = "Slots per ring, a power of two (default: ${DEFAULT-VALUE}).")
    int ring;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Alternate the two measurements this many times and report medians "
                    + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call()
    {
        final int n = workers == null ? PipelineConfig.defaultWorkers() : workers;
        if (n < 1 || n > 127)
        {
            throw new InvalidInputException("bench pipeline: --workers must be 1 to 127, got " + n);
        }
        if (seconds <= 0 || batch < 1 || warmup < 0 || rounds < 1 || (records != null && records < 1))
        {
            throw new InvalidInputException(
                "bench pipeline: --seconds and --records must be > 0, --batch and --rounds >= 1, --warmup >= 0");
        }
        if (ring < 2 || Integer.bitCount(ring) != 1)
        {
            throw new InvalidInputException("bench pipeline: --ring must be a power of two >= 2, got " + ring);
        }
        if (!IdleStrategies.NAMES.contains(idle))
        {
            throw new InvalidInputException(
                "bench pipeline: --idle must be one of " + IdleStrategies.NAMES + ", got '" + idle + "'");
        }
        final long count = records == null ? -1 : records;
        final PipelineConfig config = new PipelineConfig().workers(n).batchSize(batch).idleStrategy(idle)
            .ingressCapacity(ring).egressCapacity(ring).backPressure(BackPressure.LOSSLESS)
            .egressPorts(PipelineBenchmark.PORTS);

        if (warmup > 0 && records == null)
        {
            PipelineBenchmark.runRawRing(ring, config.publishBatch(), idle, warmup, -1);
            PipelineBenchmark.runPipeline(config, warmup, -1);
        }
        // alternate the two so that noise from other processes hits both alike; report the median round
        final PipelineBenchmark.Result[] raws = new PipelineBenchmark.Result[rounds];
        final PipelineBenchmark.Result[] pipelines = new PipelineBenchmark.Result[rounds];
        final double[] ratios = new double[rounds];
        ConservationReport unbalanced = null;
        for (int r = 0; r < rounds; r++)
        {
            raws[r] = PipelineBenchmark.runRawRing(ring, config.publishBatch(), idle, seconds, count);
            pipelines[r] = PipelineBenchmark.runPipeline(config, seconds, count);
            ratios[r] = raws[r].mpps() == 0 ? 0 : pipelines[r].mpps() / raws[r].mpps();
            if (!pipelines[r].report().balanced())
            {
                unbalanced = pipelines[r].report();
            }
        }
        final PipelineBenchmark.Result raw = median(raws);
        final PipelineBenchmark.Result pipeline = median(pipelines);
        final double[] sortedRatios = ratios.clone();
        java.util.Arrays.sort(sortedRatios);
        final double ratio = sortedRatios[rounds / 2];
        final ConservationReport report = unbalanced != null ? unbalanced : pipeline.report();

        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.printf(Locale.ROOT, "{\"workers\":%d,\"batch\":%d,\"rounds\":%d,\"cpus\":%d,"
                    + "\"rawRing\":{\"records\":%d,\"seconds\":%.3f,\"mpps\":%.2f},"
                    + "\"pipeline\":{\"records\":%d,\"seconds\":%.3f,\"mpps\":%.2f,\"balanced\":%s},\"ratio\":%.3f}%n",
                n, batch, rounds, Runtime.getRuntime().availableProcessors(),
                raw.records(), raw.nanos() / 1e9, raw.mpps(),
                pipeline.records(), pipeline.nanos() / 1e9, pipeline.mpps(), report.balanced(), ratio);
        }
        else
        {
            out.printf(Locale.ROOT,
                "bench pipeline: workers=%d batch=%d ring=%d idle=%s cpus=%d (median of %d rounds)%n",
                n, batch, ring, idle, Runtime.getRuntime().availableProcessors(), rounds);
            out.printf(Locale.ROOT, "  raw ring hand-off  %8.2f Mpps  (%d descriptors in %.2f s)%n",
                raw.mpps(), raw.records(), raw.nanos() / 1e9);
            out.printf(Locale.ROOT, "  pipeline           %8.2f Mpps  (%d records in %.2f s)%n",
                pipeline.mpps(), pipeline.records(), pipeline.nanos() / 1e9);
            out.printf(Locale.ROOT,
                "  ratio              %8.1f %%    (median of per-round pipeline / raw ring; target >= 50 %%)%n",
                ratio * 100);
            for (int r = 0; r < rounds; r++)
            {
                out.printf(Locale.ROOT, "  round %-3d          raw %8.2f Mpps, pipeline %8.2f Mpps, ratio %6.1f %%%n",
                    r + 1, raws[r].mpps(), pipelines[r].mpps(), ratios[r] * 100);
            }
            out.printf("  conservation       %s%n", report.describe());
        }
        out.flush();
        if (unbalanced != null)
        {
            spec.commandLine().getErr().println("wirespeed bench pipeline: " + report.describe());
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.OK;
    }

    private static PipelineBenchmark.Result median(final PipelineBenchmark.Result[] results)
    {
        final PipelineBenchmark.Result[] sorted = results.clone();
        java.util.Arrays.sort(sorted, java.util.Comparator.comparingDouble(PipelineBenchmark.Result::mpps));
        return sorted[sorted.length / 2];
    }
}
