package dev.wirespeed.cli;

import dev.wirespeed.sim.gen.RouteGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed gen routes}: a routes file with a realistic Internet prefix-length distribution,
 * the same for the same seed.
 */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = {
                "Generate a routes file (PREFIX NEXTHOP PORT a line): about half /24, most of the rest /16-/23, "
                        + "5%% ECMP.",
                "Example: wirespeed gen routes --count 1000000 --seed 1 -o table.txt",
        })
public final class GenRoutesCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of distinct prefixes.")
    int count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--family", defaultValue = "4", paramLabel = "4|6",
            description = "Address family (default ${DEFAULT-VALUE}).")
    int family;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        if (count < 0)
        {
            throw new InvalidInputException("--count must be at least 0, not " + count);
        }
        if (family != 4 && family != 6)
        {
            throw new InvalidInputException("--family must be 4 or 6, not " + family);
        }
        if (output == null)
        {
            final Writer out = spec.commandLine().getOut();
            RouteGenerator.write(count, seed, family, out);
            out.flush();
        }
        else
        {
            try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.US_ASCII))
            {
                RouteGenerator.write(count, seed, family, out);
            }
        }
        return ExitCodes.OK;
    }
}
