package dev.wirespeed.cli;

import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.gen.TraceGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed gen trace}: a deterministic JSONL request trace for a config, with requests that take
 * its routes, its default routes and no route.
 */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = {
                "Generate a JSONL request trace for a config (its routes, default routes and unknown hosts).",
                "Example: wirespeed gen trace -c examples/reviews --count 1000000 --seed 1 -o trace.jsonl",
        })
public final class GenTraceCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "Config file or directory (YAML; repeatable).")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of requests.")
    long count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The trace to write (default: stdout).")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        if (count < 0)
        {
            throw new InvalidInputException("--count must be >= 0");
        }
        try (Engine engine = Engine.load(config, clusters.options()))
        {
            if (output == null)
            {
                TraceGenerator.write(engine.model(), count, seed, System.out);
                System.out.flush();
                return ExitCodes.OK;
            }
            final long bytes;
            try (OutputStream out = Files.newOutputStream(output))
            {
                bytes = TraceGenerator.write(engine.model(), count, seed, out);
            }
            spec.commandLine().getErr().printf("%s: %d requests, %d bytes%n", output, count, bytes);
        }
        return ExitCodes.OK;
    }
}
