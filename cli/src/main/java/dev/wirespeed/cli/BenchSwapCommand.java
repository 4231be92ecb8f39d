package dev.wirespeed.cli;

import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.packet.FibSwapRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed bench swap}: FIB generation swaps under full load. The pipeline forwards synthetic IPv4 traffic as
 * fast as it can while a thread publishes a new FIB generation every {@code --interval-us} and reclaims retired
 * ones; every decision is checked against the table of the one generation that made it ({@link FibSwapRun}).
 * Prints the forwarding rate, the swaps, the generations reclaimed and still retired, memory samples, and the
 * violations (0 expected; any makes the exit code 1).
 */
@Command(
        name = "swap",
        mixinStandardHelpOptions = true,
        description = {
                "FIB generation swaps under full load: 0 lost or duplicated records, each decision by one generation,",
                "retired generations reclaimed. Example: wirespeed bench swap --swaps 10000 --interval-us 1000"
        })
public final class BenchSwapCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PipelineOptions pipelineOptions = new PipelineOptions();

    @Option(names = "--swaps", defaultValue = "10000", paramLabel = "N",
            description = "Generations to publish (default: ${DEFAULT-VALUE}).")
    int swaps;

    @Option(names = "--interval-us", defaultValue = "1000", paramLabel = "US",
            description = "Microseconds between two swaps (default: ${DEFAULT-VALUE}).")
    long intervalMicros;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Traffic seed.")
    long seed;

    @Override
    public Integer call()
    {
        if (swaps < 1 || swaps > 10_000_000)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--swaps must be 1 to 10000000");
        }
        if (intervalMicros < 1 || intervalMicros > 10_000_000)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval-us must be 1 to 10000000");
        }
        final PipelineConfig config = pipelineOptions.config(spec);
        final FibSwapRun.Result r = FibSwapRun.run(config, swaps, intervalMicros * 1000L, seed);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench swap: workers=%d batch=%d swaps=%d interval=%dus cpus=%d%n", config.workers(),
            config.batchSize(), swaps, intervalMicros, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "records=%d seconds=%.3f mpps=%.3f generations_seen=%d published=%d reclaimed=%d"
            + " retired_at_end=%d max_retired=%d violations=%d balanced=%s%n", r.records(), r.seconds(),
            r.records() / r.seconds() / 1e6, r.generationsSeen(), r.published(), r.reclaimed(), r.retiredAtEnd(),
            r.maxRetired(), r.violations(), r.conservation().balanced());
        out.println("memory (swaps liveHeapMiB directMiB rssMiB): " + String.join(", ", r.memory()));
        for (final String v : r.firstViolations())
        {
            out.println("violation: " + v);
        }
        out.flush();
        return r.violations() == 0 && r.conservation().balanced() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }
}
