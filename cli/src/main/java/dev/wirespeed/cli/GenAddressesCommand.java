package dev.wirespeed.cli;

import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.sim.gen.AddressGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed gen addresses}: IPv4 destination addresses, random or hitting a table's prefixes,
 * as little-endian uint32s (for {@code bench lpm}) or text (for {@code lookup --file}).
 */
@Command(
        name = "addresses",
        mixinStandardHelpOptions = true,
        description = {
                "Generate IPv4 destination addresses: little-endian uint32s (-o FILE) or text lines (--format text).",
                "Example: wirespeed gen addresses --count 1000000 --seed 2 --table table.txt --mode hit -o addrs.bin",
        })
public final class GenAddressesCommand implements Callable<Integer>
{
    /** Address selection. */
    public enum Mode
    {
        random,
        hit
    }

    /** Output format. */
    public enum Format
    {
        bin,
        text
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of addresses.")
    int count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--table", paramLabel = "FILE", description = "Routes file to hit (needed by --mode hit).")
    Path table;

    @Option(names = "--mode", defaultValue = "random", paramLabel = "random|hit",
            description = "random: uniform over all 2^32; hit: inside a prefix of --table (default ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--format", defaultValue = "bin", paramLabel = "bin|text",
            description = "Output format (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (required for bin).")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        if (count < 0)
        {
            throw new InvalidInputException("--count must be at least 0, not " + count);
        }
        if (format == Format.bin && output == null)
        {
            throw new ParameterException(spec.commandLine(), "Binary output needs -o FILE (or use --format text)");
        }
        final int[] addresses;
        if (mode == Mode.hit)
        {
            if (table == null)
            {
                throw new ParameterException(spec.commandLine(), "--mode hit needs --table FILE");
            }
            final List<L3Diagnostic> diagnostics = new ArrayList<>();
            final AddressGenerator.Ipv4Prefixes prefixes = AddressGenerator.Ipv4Prefixes.read(table, diagnostics);
            if (!diagnostics.isEmpty())
            {
                final StringBuilder sb = new StringBuilder();
                for (final L3Diagnostic d : diagnostics)
                {
                    sb.append(sb.length() > 0 ? "\n" : "").append(d);
                }
                throw new InvalidInputException(sb.toString());
            }
            if (prefixes.count == 0)
            {
                throw new InvalidInputException(table + ": no IPv4 routes to hit");
            }
            addresses = AddressGenerator.hit(count, seed, prefixes.addresses, prefixes.lengths, prefixes.count);
        }
        else
        {
            addresses = AddressGenerator.random(count, seed);
        }
        if (format == Format.bin)
        {
            Files.write(output, AddressGenerator.toLittleEndian(addresses));
        }
        else
        {
            final StringBuilder sb = new StringBuilder(addresses.length * 16);
            for (final int a : addresses)
            {
                sb.append(IpText.formatIpv4(a)).append('\n');
            }
            if (output == null)
            {
                final PrintWriter out = spec.commandLine().getOut();
                out.print(sb);
                out.flush();
            }
            else
            {
                Files.writeString(output, sb);
            }
        }
        return ExitCodes.OK;
    }
}
