package dev.wirespeed.cli;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.l3.Ipv4Dir17Builder;
import dev.wirespeed.fib.l3.Ipv4Dir17Table;
import dev.wirespeed.fib.l3.Ipv4Dir24Table;
import dev.wirespeed.fib.l3.Ipv4Lookup;
import dev.wirespeed.fib.l3.Ipv4Poptrie;
import net.openhft.chronicle.bytes.BytesStore;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed bench lpm}: IPv4 or IPv6 LPM lookup rate on one core over a routes file and a file
 * of addresses, for one of the tables ({@code --table}). Prints two lines (format kept stable for
 * scripts); the first describes the table:
 *
 * <pre>
 * lpm-table routes=... tbl8Groups=... ipv4Bytes=... compileMs=... hugePagesKiB=...  (dir24)
 * lpm-table table=poptrie family=4 routes=... bytes=... nodes=... compileMs=... buildMs=...
 * lpm-table table=dir17 family=4 routes=... bytes=... words=... level3Nodes=... compileMs=... buildMs=...
 *     hugePagesKiB=...    (one line)
 * lpm-table table=trie family=6 routes=... groups=... ipv6Bytes=... compileMs=...
 * lpm batch=16 addresses=... rounds=5 checksum=... mlps=123.45
 * </pre>
 *
 * <p>compileMs is parsing plus the image build (dir24, trie) or the route set (poptrie, dir17); buildMs is
 * the Poptrie's or the compact table's build from the route set.
 *
 * <p>hugePagesKiB is the process's memory in transparent huge pages once the table is built (AnonHugePages of
 * /proc/self/smaps_rollup; -1 where that cannot be read): the launcher asks glibc for them on the FIB image.
 *
 * <p>mlps is the median of the timed rounds (after a warm-up round) in million lookups per second;
 * the checksum is the sum of all route words of one pass over the addresses (independent of batch).
 */
@Command(
        name = "lpm",
        mixinStandardHelpOptions = true,
        description = {
                "Measure LPM lookups per second on one core.",
                "Example: wirespeed bench lpm --routes table.txt --addresses addrs.bin --batch 16 --seconds 5",
                "Example: wirespeed bench lpm --family 6 --table poptrie --routes table6.txt --addresses addrs6.bin",
        })
public final class BenchLpmCommand implements Callable<Integer>
{
    /** Largest addresses file read, bytes (128 Mi IPv4 or 32 Mi IPv6 addresses). */
    static final int MAX_ADDRESSES_BYTES = 512 << 20;

    private static final int ROUNDS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--routes", required = true, paramLabel = "FILE",
            description = "Routes file (PREFIX NEXTHOP PORT a line).")
    Path routes;

    @Option(names = "--addresses", required = true, paramLabel = "FILE",
            description = "IPv4: little-endian uint32 addresses; IPv6: 16 bytes an address, network order.")
    Path addressesFile;

    @Option(names = "--family", defaultValue = "4", paramLabel = "4|6",
            description = "Address family (default ${DEFAULT-VALUE}).")
    int family;

    @Option(names = "--table", paramLabel = "dir24|dir17|trie|poptrie",
            description = "Table: dir24 (IPv4, default), dir17 (IPv4, compact), trie (IPv6, default) "
                    + "or poptrie (both).")
    String tableName;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N",
            description = "Lookups per batch call; 1 = scalar lookups (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Total timed seconds, split in " + ROUNDS + " rounds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call()
    {
        if (batch < 1 || batch > 4096)
        {
            throw new ParameterException(spec.commandLine(), "--batch must be 1..4096, not " + batch);
        }
        if (!(seconds > 0))
        {
            throw new ParameterException(spec.commandLine(), "--seconds must be positive");
        }
        if (family != 4 && family != 6)
        {
            throw new ParameterException(spec.commandLine(), "--family must be 4 or 6, not " + family);
        }
        final String name = tableName != null ? tableName : family == 4 ? "dir24" : "trie";
        if (!(family == 4 && ("dir24".equals(name) || "dir17".equals(name))) && !(family == 6 && "trie".equals(name))
                && !"poptrie".equals(name))
        {
            throw new InvalidInputException("--table " + name + " is not an IPv" + family
                    + " table (dir24|dir17|poptrie for 4, trie|poptrie for 6)");
        }
        if (family == 6)
        {
            return BenchLpm6.run(this, name);
        }
        final int[] addresses = readAddresses(addressesFile);
        if ("poptrie".equals(name))
        {
            return poptrie(addresses);
        }
        if ("dir17".equals(name))
        {
            return dir17(addresses);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final long t0 = System.nanoTime();
        final L3CompileResult compiled = compileRoutes();
        try (FibImage image = FibImage.build(1, compiled.sections()))
        {
            final long compileNanos = System.nanoTime() - t0;
            if (!image.hasSection(FibSection.IPV4_LPM))
            {
                throw new InvalidInputException(routes + ": no IPv4 routes");
            }
            final Ipv4Dir24Table table = new Ipv4Dir24Table(image);
            out.printf(Locale.ROOT, "lpm-table routes=%d tbl8Groups=%d ipv4Bytes=%d compileMs=%d hugePagesKiB=%d%n",
                    table.routeCount(), table.tbl8Groups(), table.sizeInBytes(), compileNanos / 1_000_000,
                    hugePagesKiB());
            measure(table, addresses, out);
        }
        return ExitCodes.OK;
    }

    private L3CompileResult compileRoutes()
    {
        return L3FibLoader.compile(List.of(L3Compiler.routesFileSpec(routes, routes.toString(), List.of())));
    }

    private Integer poptrie(final int[] addresses)
    {
        final PrintWriter out = spec.commandLine().getOut();
        final long t0 = System.nanoTime();
        final L3CompileResult compiled = compileRoutes();
        final long t1 = System.nanoTime();
        final Ipv4Poptrie table = Ipv4Poptrie.of(compiled.ipv4());
        final long t2 = System.nanoTime();
        if (table.routeCount() == 0)
        {
            throw new InvalidInputException(routes + ": no IPv4 routes");
        }
        out.printf(Locale.ROOT,
                "lpm-table table=poptrie family=4 routes=%d bytes=%d nodes=%d compileMs=%d buildMs=%d%n",
                table.routeCount(), table.sizeInBytes(), table.nodeCount(), (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000);
        measure(table, addresses, out);
        return ExitCodes.OK;
    }

    private Integer dir17(final int[] addresses)
    {
        final PrintWriter out = spec.commandLine().getOut();
        final long t0 = System.nanoTime();
        final L3CompileResult compiled = compileRoutes();
        if (compiled.ipv4().routeCount() == 0)
        {
            throw new InvalidInputException(routes + ": no IPv4 routes");
        }
        final long t1 = System.nanoTime();
        final Ipv4Dir17Builder builder = Ipv4Dir17Builder.of(compiled.ipv4());
        final BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(builder.sizeInBytes());
        try
        {
            builder.writeTo(store, 0);
            final Ipv4Dir17Table table = new Ipv4Dir17Table(store, 0, builder.sizeInBytes());
            final long t2 = System.nanoTime();
            out.printf(Locale.ROOT, "lpm-table table=dir17 family=4 routes=%d bytes=%d words=%d level3Nodes=%d "
                    + "compileMs=%d buildMs=%d hugePagesKiB=%d%n", table.routeCount(), table.sizeInBytes(),
                    table.wordCount(), table.level3Count(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    hugePagesKiB());
            measure(table, addresses, out);
        }
        finally
        {
            store.releaseLast();
        }
        return ExitCodes.OK;
    }

    /** Prints the checksum and the median rate of {@link #ROUNDS} timed rounds after a warm-up round. */
    private void measure(final Ipv4Lookup table, final int[] addresses, final PrintWriter out)
    {
        out.flush();
        final long checksum = pass(table, addresses, resultsBlock(batch), batch);
        final long roundNanos = (long)(seconds * 1e9 / ROUNDS);
        round(table, addresses, batch, Math.max(roundNanos, 200_000_000L)); // warm-up
        final double[] rates = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++)
        {
            rates[r] = round(table, addresses, batch, roundNanos);
        }
        Arrays.sort(rates);
        out.printf(Locale.ROOT, "lpm batch=%d addresses=%d rounds=%d checksum=%d mlps=%.2f%n",
                batch, addresses.length, ROUNDS, checksum, rates[ROUNDS / 2]);
        out.flush();
    }

    static byte[] readFile(final Path file)
    {
        return OutputFiles.readBounded(file, MAX_ADDRESSES_BYTES, "addresses");
    }

    static int[] readAddresses(final Path file)
    {
        final byte[] bytes = readFile(file);
        if (bytes.length % 4 != 0)
        {
            throw new InvalidInputException(file + ": size " + bytes.length
                    + " bytes is not a multiple of 4 (expected little-endian uint32 IPv4 addresses)");
        }
        if (bytes.length == 0)
        {
            throw new InvalidInputException(file + ": no addresses (empty file)");
        }
        return AddressGenerator.fromLittleEndian(bytes);
    }

    /** @return million lookups per second over one timed round. */
    private static double round(final Ipv4Lookup table, final int[] addresses, final int batch, final long nanos)
    {
        final int[] results = resultsBlock(batch);
        long lookups = 0;
        long sink = 0;
        final long start = System.nanoTime();
        long elapsed;
        do
        {
            sink += pass(table, addresses, results, batch);
            lookups += addresses.length;
            elapsed = System.nanoTime() - start;
        }
        while (elapsed < nanos);
        if (sink == 42)
        {
            System.err.print(""); // keeps the sum alive
        }
        return lookups * 1e3 / elapsed;
    }

    /**
     * One pass over all addresses; returns the sum of route words (no data-dependent branch). Batched
     * lookups fill a results block of about 4096 words, {@code batch} at a time, before it is summed,
     * so that the summing does not sit between consecutive batches (as in the JMH benchmark).
     */
    static long pass(final Ipv4Lookup table, final int[] addresses, final int[] results, final int batch)
    {
        long sum = 0;
        final int n = addresses.length;
        if (batch == 1)
        {
            for (int i = 0; i < n; i++)
            {
                sum += table.lookup(addresses[i]);
            }
            return sum;
        }
        final int block = results.length;
        int i = 0;
        for (; i + block <= n; i += block)
        {
            if (batch == 16)
            {
                for (int j = 0; j < block; j += 16)
                {
                    table.lookup16(addresses, i + j, results, j);
                }
            }
            else
            {
                for (int j = 0; j < block; j += batch)
                {
                    table.lookupBatch(addresses, i + j, batch, results, j);
                }
            }
            for (int k = 0; k < block; k++)
            {
                sum += results[k];
            }
        }
        for (; i < n; i++)
        {
            sum += table.lookup(addresses[i]);
        }
        return sum;
    }

    /** @return AnonHugePages of this process in KiB, -1 if /proc/self/smaps_rollup cannot be read. */
    static long hugePagesKiB()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup")))
            {
                if (line.startsWith("AnonHugePages:"))
                {
                    return Long.parseLong(line.substring("AnonHugePages:".length()).replace("kB", "").trim());
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return -1; // not Linux, or no smaps_rollup: the line says unknown
        }
        return -1;
    }

    /**
     * @param batch lookups per batch call.
     * @return a results block: the multiple of {@code batch} nearest above 4096.
     */
    static int[] resultsBlock(final int batch)
    {
        return new int[((4096 + batch - 1) / batch) * batch];
    }
}
