package dev.wirespeed.flink.cli;

import dev.wirespeed.flink.diff.DiffJob;
import dev.wirespeed.flink.source.TracePlan;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.EngineConfigException;
import dev.wirespeed.sim.diff.DiffReport;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed flink diff}: the single-machine {@code diff} as a Flink job. Checks both configs, plans the
 * splits, runs the job (local MiniCluster, {@code flink run}'s cluster, or {@code --jobmanager}), checks that
 * every record was compared once, and prints the same report as {@code wirespeed diff}.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
                "Replay traces or captures through two configs on Apache Flink and report the records whose "
                        + "decision changes (the report of wirespeed diff).",
                "Example: wirespeed flink diff --old examples/bookinfo/traffic-shifting-80-20 "
                        + "--new examples/bookinfo/traffic-shifting-50-50 trace.jsonl --parallelism 2",
        })
public final class FlinkDiffCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--old", required = true, paramLabel = "PATH",
            description = "The current config: file or directory (YAML; repeatable).")
    List<Path> oldConfig = new ArrayList<>();

    @Option(names = "--new", required = true, paramLabel = "PATH",
            description = "The changed config: file or directory (YAML; repeatable).")
    List<Path> newConfig = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "JSONL traces or pcap/pcapng captures (all of one kind; record indices run on across them).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--fail-on-change", description = "Exit 1 when any record's decision changes.")
    boolean failOnChange;

    @Option(names = "--examples", defaultValue = "3", paramLabel = "N",
            description = "Example records shown per change: the lowest record indices (default ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", description = "Parallel instances (default: Flink's).")
    Integer parallelism;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "Submit to this Flink cluster (its REST address) instead of a local MiniCluster.")
    String jobmanager;

    @Option(names = "--split-bytes", paramLabel = "BYTES", defaultValue = "0",
            description = "JSONL: bytes per split (default: the input over 4 splits per instance, 1 MiB to 128 MiB).")
    long splitBytes;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (examples < 0)
        {
            return fail(err, "--examples must be >= 0");
        }
        final List<String> names = new ArrayList<>();
        for (final Path p : inputs)
        {
            if (!Files.isRegularFile(p))
            {
                return fail(err, p + ": no such file");
            }
            names.add(p.toString());
        }
        if (!check("--old", oldConfig, err) || !check("--new", newConfig, err))
        {
            return 1;
        }
        final StreamExecutionEnvironment env = Environments.create(spec, jobmanager, parallelism);
        final TracePlan plan;
        try
        {
            plan = TracePlan.of(inputs, splitBytes > 0 ? splitBytes
                : FlinkReplayCommand.defaultSplitBytes(inputs, env.getParallelism()));
        }
        catch (final IllegalArgumentException ex)
        {
            return fail(err, ex.getMessage());
        }
        err.println("flink: " + plan.records() + " records in " + plan.splits().size() + " splits, parallelism "
            + env.getParallelism() + ", batch");
        err.flush();
        final DiffJob.Outcome outcome = DiffJob.run(env, new DiffJob.Spec(ConfigDocuments.read(oldConfig),
            ConfigDocuments.read(newConfig), String.join(" ", names), plan, examples));
        final DiffReport report = outcome.report();
        if (outcome.recordsRead() != plan.records() || report.records() != plan.records())
        {
            return fail(err, "conservation check failed: " + plan.records() + " records in the input, "
                + outcome.recordsRead() + " read, " + report.records() + " compared");
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        out.flush();
        return failOnChange && report.changed() > 0 ? 1 : 0;
    }

    /** Loads a config to check it (every error with its file:line:column) and prints its warnings. */
    private static boolean check(final String option, final List<Path> config, final PrintWriter err)
    {
        try (Engine engine = Engine.load(config))
        {
            for (final String w : engine.warnings())
            {
                err.println(option + ": " + w);
            }
            err.flush();
            return true;
        }
        catch (final EngineConfigException ex)
        {
            for (final String e : ex.problems())
            {
                err.println(option + ": " + e);
            }
            err.flush();
            return false;
        }
    }

    private static int fail(final PrintWriter err, final String message)
    {
        err.println("wirespeed flink diff: " + message);
        err.flush();
        return 1;
    }
}
