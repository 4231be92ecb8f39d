package dev.wirespeed.cli;

import dev.wirespeed.sim.gen.RouteGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
    /** Most prefixes generated: 16 Mi, sixteen times today's Internet table (the generator keeps them in memory). */
    static final int MAX_COUNT = 1 << 24;

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
        if (count < 0 || count > MAX_COUNT)
        {
            throw new ParameterException(spec.commandLine(), "--count must be 0 to " + MAX_COUNT + ", not " + count);
        }
        if (family != 4 && family != 6)
        {
            throw new ParameterException(spec.commandLine(), "--family must be 4 or 6, not " + family);
        }
        if (output == null)
        {
            final PrintWriter out = spec.commandLine().getOut();
            RouteGenerator.write(count, seed, family, out);
            out.flush();
        }
        else
        {
            try (Writer out = new OutputStreamWriter(OutputFiles.open(output, "-o"), StandardCharsets.US_ASCII))
            {
                RouteGenerator.write(count, seed, family, out);
            }
            catch (final IOException ex)
            {
                throw OutputFiles.writeFailed(output, ex);
            }
        }
        return ExitCodes.OK;
    }
}
