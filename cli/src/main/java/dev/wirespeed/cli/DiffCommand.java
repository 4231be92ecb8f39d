package dev.wirespeed.cli;

import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.diff.DecisionDiff;
import dev.wirespeed.sim.diff.DiffReport;
import dev.wirespeed.sim.replay.TraceKind;
import dev.wirespeed.sim.trace.CaptureFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed diff}: replays one trace or capture through the current and the changed config and reports the
 * records whose decision changes, grouped by (old to new) action, cluster and status — the canary check before a
 * config change is applied.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
                "Replay a trace or capture through two configs and report the records whose decision changes.",
                "Example: wirespeed diff --old examples/bookinfo/traffic-shifting-80-20 "
                        + "--new examples/bookinfo/traffic-shifting-50-50 trace.jsonl",
        })
public final class DiffCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--old", required = true, paramLabel = "PATH",
            description = "The current config: file or directory (YAML; repeatable).")
    List<Path> oldConfig = new ArrayList<>();

    @Option(names = "--new", required = true, paramLabel = "PATH",
            description = "The changed config: file or directory (YAML; repeatable).")
    List<Path> newConfig = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--fail-on-change", description = "Exit 1 when any record's decision changes.")
    boolean failOnChange;

    @Option(names = "--examples", defaultValue = "3", paramLabel = "N",
            description = "Example records shown per change (default ${DEFAULT-VALUE}).")
    int examples;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A JSONL request trace or a pcap/pcapng capture.")
    Path trace;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (examples < 0)
        {
            throw new InvalidInputException("--examples must be >= 0");
        }
        final TraceKind kind = TraceInputs.check(trace, err);
        final DiffReport report;
        try (Engine before = load("--old", oldConfig, err); Engine after = load("--new", newConfig, err))
        {
            final DecisionDiff diff = new DecisionDiff(before, after, examples);
            report = kind == TraceKind.CAPTURE ? capture(diff) : diff.requests(trace);
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        out.flush();
        return failOnChange && report.changed() > 0 ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
    }

    private DiffReport capture(final DecisionDiff diff) throws IOException
    {
        try
        {
            return diff.capture(trace);
        }
        catch (final CaptureFormatException ex)
        {
            throw new InvalidInputException(ex.getMessage());
        }
    }

    private Engine load(final String option, final List<Path> config, final PrintWriter err)
    {
        final Engine engine = Engine.load(config, clusters.options()); // the same remote clusters on both sides
        for (final String w : engine.warnings())
        {
            err.println(option + ": " + w);
        }
        err.flush();
        return engine;
    }
}
