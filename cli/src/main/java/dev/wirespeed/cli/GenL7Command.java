package dev.wirespeed.cli;

import dev.wirespeed.sim.gen.L7ScaleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed gen l7}: an L7 scale config (registry.yaml, routing.yaml) and a request trace that hits
 * every route, the default route and no route (requests.jsonl), the same for the same seed. The route
 * kinds and the trace are described by {@link L7ScaleGenerator}.
 */
@Command(
        name = "l7",
        mixinStandardHelpOptions = true,
        description = {
                "Generate an L7 scale config and a request trace hitting every route, the default route and no route.",
                "Example: wirespeed gen l7 --shape one-host --routes 10000 --seed 1 -o l7-10k",
        })
public final class GenL7Command implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--shape", required = true, paramLabel = "hosts|one-host",
            description = "hosts: " + L7ScaleGenerator.ROUTES_PER_HOST + " routes per VirtualService; "
                    + "one-host: every route on one host.")
    String shape;

    @Option(names = "--routes", required = true, paramLabel = "N", description = "Number of HTTP routes.")
    int routes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Directory to write registry.yaml, routing.yaml and requests.jsonl into (created).")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        final L7ScaleGenerator.Shape s = L7ScaleGenerator.Shape.parse(shape);
        if (s == null)
        {
            throw new InvalidInputException("--shape must be hosts or one-host, not '" + shape + "'");
        }
        if (routes < 1)
        {
            throw new InvalidInputException("--routes must be at least 1, not " + routes);
        }
        if (Files.exists(output) && !Files.isDirectory(output))
        {
            throw new InvalidInputException(output + ": exists and is not a directory");
        }
        Files.createDirectories(output);
        final L7ScaleGenerator gen = new L7ScaleGenerator(s, routes, seed);
        try (BufferedWriter out = Files.newBufferedWriter(output.resolve("registry.yaml"), StandardCharsets.UTF_8))
        {
            gen.writeRegistry(out);
        }
        try (BufferedWriter out = Files.newBufferedWriter(output.resolve("routing.yaml"), StandardCharsets.UTF_8))
        {
            gen.writeRouting(out);
        }
        try (BufferedWriter out = Files.newBufferedWriter(output.resolve("requests.jsonl"), StandardCharsets.UTF_8))
        {
            gen.writeTrace(out);
        }
        final PrintWriter err = spec.commandLine().getErr();
        err.println("gen l7: " + routes + " routes on " + gen.virtualServices() + " virtual hosts -> " + output);
        err.flush();
        return ExitCodes.OK;
    }
}
