package dev.wirespeed.cli;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.l3.Ipv6Lpm;
import dev.wirespeed.fib.l3.Ipv6Poptrie;
import dev.wirespeed.fib.l3.Ipv6TrieTable;
import dev.wirespeed.sim.gen.AddressGenerator;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The IPv6 half of {@code bench lpm}: the compressed trie of the image ({@code trie}) or the Poptrie
 * ({@code poptrie}) over a file of 16-byte network-order addresses. Same rounds and output as IPv4.
 */
final class BenchLpm6
{
    private static final int ROUNDS = 5;

    private BenchLpm6()
    {
    }

    static int run(final BenchLpmCommand c, final String table)
    {
        final byte[] bytes = BenchLpmCommand.readFile(c.addressesFile);
        if (bytes.length % 16 != 0 || bytes.length == 0)
        {
            throw new InvalidInputException(c.addressesFile + ": size " + bytes.length
                    + " bytes is not a positive multiple of 16 (expected 16-byte IPv6 addresses in network order)");
        }
        final long[][] addresses = AddressGenerator.fromNetworkOrder(bytes);
        final PrintWriter out = c.spec.commandLine().getOut();
        final long t0 = System.nanoTime();
        final L3CompileResult compiled = L3FibLoader.compile(List.of(L3Compiler.routesFileSpec(c.routes,
                c.routes.toString(), List.of())));
        if ("poptrie".equals(table))
        {
            final long t1 = System.nanoTime();
            final Ipv6Poptrie poptrie = Ipv6Poptrie.of(compiled.ipv6());
            final long t2 = System.nanoTime();
            if (poptrie.routeCount() == 0)
            {
                throw new InvalidInputException(c.routes + ": no IPv6 routes");
            }
            out.printf(Locale.ROOT,
                    "lpm-table table=poptrie family=6 routes=%d bytes=%d nodes=%d compileMs=%d buildMs=%d%n",
                    poptrie.routeCount(), poptrie.sizeInBytes(), poptrie.nodeCount(), (t1 - t0) / 1_000_000,
                            (t2 - t1) / 1_000_000);
            out.flush();
            measure(out, c, addresses, poptrie);
            return ExitCodes.OK;
        }
        try (FibImage image = FibImage.build(1, compiled.sections()))
        {
            final long t1 = System.nanoTime();
            if (!image.hasSection(FibSection.IPV6_LPM))
            {
                throw new InvalidInputException(c.routes + ": no IPv6 routes");
            }
            final Ipv6TrieTable trie = new Ipv6TrieTable(image);
            out.printf(Locale.ROOT, "lpm-table table=trie family=6 routes=%d groups=%d ipv6Bytes=%d compileMs=%d%n",
                    trie.routeCount(), trie.groupCount(), trie.sizeInBytes(), (t1 - t0) / 1_000_000);
            out.flush();
            measure(out, c, addresses, trie);
        }
        return ExitCodes.OK;
    }

    private static void measure(final PrintWriter out, final BenchLpmCommand c, final long[][] addresses,
            final Ipv6Lpm table)
    {
        final int batch = c.batch;
        final int[] results = BenchLpmCommand.resultsBlock(batch);
        final long checksum = pass(table, addresses, results, batch);
        final long roundNanos = (long)(c.seconds * 1e9 / ROUNDS);
        final double[] rates = new double[ROUNDS];
        for (int r = -1; r < ROUNDS; r++)
        {
            final long nanos = r < 0 ? Math.max(roundNanos, 200_000_000L) : roundNanos;
            long lookups = 0;
            long sink = 0;
            final long start = System.nanoTime();
            long elapsed;
            do
            {
                sink += pass(table, addresses, results, batch);
                lookups += addresses[0].length;
                elapsed = System.nanoTime() - start;
            }
            while (elapsed < nanos);
            if (sink == 42)
            {
                System.err.print(""); // keeps the sum alive
            }
            if (r >= 0)
            {
                rates[r] = lookups * 1e3 / elapsed;
            }
        }
        Arrays.sort(rates);
        out.printf(Locale.ROOT, "lpm batch=%d addresses=%d rounds=%d checksum=%d mlps=%.2f%n",
                batch, addresses[0].length, ROUNDS, checksum, rates[ROUNDS / 2]);
        out.flush();
    }

    // one run measures one table, so the interface call stays monomorphic and is inlined
    private static long pass(final Ipv6Lpm table, final long[][] addresses, final int[] results, final int batch)
    {
        final long[] his = addresses[0];
        final long[] los = addresses[1];
        final int n = his.length;
        long sum = 0;
        if (batch == 1)
        {
            for (int i = 0; i < n; i++)
            {
                sum += table.lookup(his[i], los[i]);
            }
            return sum;
        }
        final int block = results.length;
        int i = 0;
        for (; i + block <= n; i += block)
        {
            for (int j = 0; j < block; j += batch)
            {
                table.lookupBatch(his, los, i + j, batch, results, j);
            }
            for (int k = 0; k < block; k++)
            {
                sum += results[k];
            }
        }
        for (; i < n; i++)
        {
            sum += table.lookup(his[i], los[i]);
        }
        return sum;
    }
}
