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
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed gen addresses}: IPv4 or IPv6 destination addresses, random or hitting a table's
 * prefixes, as binary (IPv4: little-endian uint32s; IPv6: 16 bytes in network order; for
 * {@code bench lpm}) or text (for {@code lookup --file}).
 */
@Command(
        name = "addresses",
        mixinStandardHelpOptions = true,
        description = {
                "Generate destination addresses: binary (-o FILE; IPv4 little-endian uint32s,"
                        + " IPv6 16 bytes network order)"
                        + " or text lines (--format text).",
                "Example: wirespeed gen addresses --count 1000000 --seed 2 --table table.txt --mode hit -o addrs.bin",
                "Example: wirespeed gen addresses --family 6 --count 1000000 --seed 2 --table table6.txt --mode hit"
                        + " -o addrs6.bin",
        })
public final class GenAddressesCommand implements Callable<Integer>
{
    /** Most addresses generated: 64 Mi (they are held in memory). */
    static final int MAX_COUNT = 1 << 26;

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
            description = "random: uniform over all 2^32 (IPv6: over 2000::/3); hit: inside a prefix of --table"
                    + " (default ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--family", defaultValue = "4", paramLabel = "4|6",
            description = "Address family (default ${DEFAULT-VALUE}).")
    int family;

    @Option(names = "--format", defaultValue = "bin", paramLabel = "bin|text",
            description = "Output format (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (required for bin).")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        if (count < 0 || count > MAX_COUNT)
        {
            throw new ParameterException(spec.commandLine(), "--count must be 0 to " + MAX_COUNT + ", not " + count);
        }
        if (format == Format.bin && output == null)
        {
            throw new ParameterException(spec.commandLine(), "Binary output needs -o FILE (or use --format text)");
        }
        if (family != 4 && family != 6)
        {
            throw new InvalidInputException("--family must be 4 or 6, not " + family);
        }
        if (family == 6)
        {
            return ipv6();
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
            failOn(diagnostics);
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
            write(AddressGenerator.toLittleEndian(addresses));
            return ExitCodes.OK;
        }
        final StringBuilder sb = new StringBuilder(addresses.length * 16);
        for (final int a : addresses)
        {
            sb.append(IpText.formatIpv4(a)).append('\n');
        }
        writeText(sb);
        return ExitCodes.OK;
    }

    private Integer ipv6() throws IOException
    {
        final long[][] addresses;
        if (mode == Mode.hit)
        {
            if (table == null)
            {
                throw new ParameterException(spec.commandLine(), "--mode hit needs --table FILE");
            }
            final List<L3Diagnostic> diagnostics = new ArrayList<>();
            final AddressGenerator.Ipv6Prefixes prefixes = AddressGenerator.Ipv6Prefixes.read(table, diagnostics);
            failOn(diagnostics);
            if (prefixes.count == 0)
            {
                throw new InvalidInputException(table + ": no IPv6 routes to hit");
            }
            addresses = AddressGenerator.hit6(count, seed, prefixes);
        }
        else
        {
            addresses = AddressGenerator.random6(count, seed);
        }
        if (format == Format.bin)
        {
            write(AddressGenerator.toNetworkOrder(addresses[0], addresses[1]));
            return ExitCodes.OK;
        }
        final StringBuilder sb = new StringBuilder(count * 40);
        for (int i = 0; i < count; i++)
        {
            sb.append(IpText.formatIpv6(addresses[0][i], addresses[1][i])).append('\n');
        }
        writeText(sb);
        return ExitCodes.OK;
    }

    private void writeText(final StringBuilder sb) throws IOException
    {
        if (output == null)
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.print(sb);
            out.flush();
        }
        else
        {
            write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void failOn(final List<L3Diagnostic> diagnostics)
    {
        if (!diagnostics.isEmpty())
        {
            final StringBuilder sb = new StringBuilder();
            for (final L3Diagnostic d : diagnostics)
            {
                sb.append(sb.length() > 0 ? "\n" : "").append(d);
            }
            throw new InvalidInputException(sb.toString());
        }
    }

    private void write(final byte[] bytes)
    {
        try (OutputStream out = OutputFiles.open(output, "-o"))
        {
            out.write(bytes);
        }
        catch (final IOException ex)
        {
            throw OutputFiles.writeFailed(output, ex);
        }
    }
}
