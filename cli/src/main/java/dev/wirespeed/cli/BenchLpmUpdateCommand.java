package dev.wirespeed.cli;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Compiler;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.Ipv4Poptrie;
import dev.wirespeed.fib.l3.LpmEpochs;
import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code wirespeed bench lpm-update}: in-place updates of the IPv4 Poptrie with a lookup thread
 * running. Loads a full table, prepares {@code N} BGP-like updates (half withdrawals of a present
 * prefix, half announcements: a withdrawn prefix coming back or a new prefix, with the table's length
 * mix and a random next-hop group), then applies them in batches while another thread looks up random
 * addresses through a registered reader. After each batch, sampled addresses (random and inside the
 * batch's prefixes) are compared with the binary-trie reference, kept in step outside the timing.
 * Prints:
 *
 * <pre>
 * lpm-update-table routes=... bytes=... buildMs=...
 * lpm-update updates=N warmup=W batches=B updates_per_s=F updates_per_cpu_s=F lookups_mlps=F mismatches=M
 * </pre>
 *
 * <p>Each batch goes through {@code Ipv4Poptrie.apply} (which reads the next updates' slot state while it
 * applies one), or with {@code --single} through one {@code add}/{@code remove} call an update; either way
 * each update is published on its own.
 * <p>The first W updates (a tenth, at most 100,000) warm the JIT up: they are applied and checked but
 * not timed.
 * <p>updates_per_s counts only the wall time spent in {@code add}/{@code remove}; updates_per_cpu_s
 * the CPU time of the updating thread in them (the two differ when the machine is shared);
 * lookups_mlps is the lookup thread's rate over the whole update phase.
 */
@Command(
        name = "lpm-update",
        mixinStandardHelpOptions = true,
        description = {
                "Measure in-place IPv4 route updates per second with a lookup thread running,"
                        + " checked against the reference.",
                "Example: wirespeed bench lpm-update --routes table.txt --updates 1000000",
        })
public final class BenchLpmUpdateCommand implements Callable<Integer>
{
    private static final int SAMPLES = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--routes", required = true, paramLabel = "FILE",
            description = "Routes file (PREFIX NEXTHOP PORT a line).")
    Path routes;

    @Option(names = "--updates", required = true, paramLabel = "N",
            description = "Number of announce/withdraw updates.")
    int updates;

    @Option(names = "--batch", defaultValue = "1000", paramLabel = "N",
            description = "Updates between checks (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--single",
            description = "Apply each update with its own add/remove call instead of Ipv4Poptrie.apply over the"
                    + " batch (each update is published on its own either way).")
    boolean single;

    @Override
    public Integer call() throws InterruptedException
    {
        if (updates < 1 || batch < 1)
        {
            throw new InvalidInputException("--updates and --batch must be at least 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final L3CompileResult compiled = L3FibLoader.compile(List.of(L3Compiler.routesFileSpec(routes,
                routes.toString(), List.of())));
        final Ipv4LpmBuilder set = compiled.ipv4();
        final int n = set.routeCount();
        if (n == 0)
        {
            throw new InvalidInputException(routes + ": no IPv4 routes");
        }
        final int[] addresses = new int[n];
        final int[] lengths = new int[n];
        final int[] groups = new int[n];
        final BinaryTrieLpm reference = BinaryTrieLpm.ipv4();
        final int[] at = new int[1];
        set.forEachRoute((address, length, group) ->
        {
            addresses[at[0]] = address;
            lengths[at[0]] = length;
            groups[at[0]] = group;
            reference.addIpv4(address, length, group);
            at[0]++;
        });
        final long t0 = System.nanoTime();
        final Ipv4Poptrie table = Ipv4Poptrie.build(addresses, lengths, groups, n);
        out.printf(Locale.ROOT, "lpm-update-table routes=%d bytes=%d buildMs=%d%n", table.routeCount(),
                table.sizeInBytes(),
                (System.nanoTime() - t0) / 1_000_000);
        out.flush();
        final Updates plan = Updates.plan(addresses, lengths, groups, n, updates, seed);

        final AtomicBoolean stop = new AtomicBoolean();
        final long[] lookedUp = new long[1];
        final Thread reader = new Thread(() -> lookups(table, stop, lookedUp), "lpm-lookups");
        reader.start();
        final SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
        final java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        // The first tenth (at most 100,000) warms the JIT up: applied and checked, not timed.
        final int warmup = Math.min(100_000, updates / 10) / batch * batch;
        long updateNanos = 0;
        long updateCpuNanos = 0;
        long mismatches = 0;
        int batches = 0;
        final long wall0 = System.nanoTime();
        for (int from = 0; from < updates; from += batch)
        {
            final int to = Math.min(updates, from + batch);
            final long c0 = cpu.getCurrentThreadCpuTime();
            final long b0 = System.nanoTime();
            if (single)
            {
                for (int u = from; u < to; u++)
                {
                    if (plan.withdraw[u])
                    {
                        table.remove(plan.address[u], plan.length[u]);
                    }
                    else
                    {
                        table.add(plan.address[u], plan.length[u], plan.group[u]);
                    }
                }
            }
            else
            {
                table.apply(plan.address, plan.length, plan.group, plan.withdraw, from, to);
            }
            if (from >= warmup)
            {
                updateNanos += System.nanoTime() - b0;
                updateCpuNanos += cpu.getCurrentThreadCpuTime() - c0;
            }
            mismatches += check(plan, from, to, table, reference, rnd);
            batches++;
        }
        final long wallNanos = System.nanoTime() - wall0;
        stop.set(true);
        reader.join();
        out.printf(Locale.ROOT,
                "lpm-update updates=%d warmup=%d batches=%d updates_per_s=%.0f updates_per_cpu_s=%.0f"
                        + " lookups_mlps=%.2f mismatches=%d%n",
                updates, warmup, batches, (updates - warmup) * 1e9 / updateNanos,
                        (updates - warmup) * 1e9 / updateCpuNanos, lookedUp[0] * 1e3 / wallNanos, mismatches);
        out.flush();
        return mismatches == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    /**
     * Brings the reference up to the batch {@code [from, to)} and compares sampled lookups (half random,
     * half inside the batch's prefixes).
     *
     * @return the number of sampled addresses whose answers differ.
     */
    private static int check(final Updates plan, final int from, final int to, final Ipv4Poptrie table,
            final BinaryTrieLpm reference, final SplittableRandom rnd)
    {
        for (int u = from; u < to; u++)
        {
            if (plan.withdraw[u])
            {
                reference.removeIpv4(plan.address[u], plan.length[u]);
            }
            else
            {
                reference.addIpv4(plan.address[u], plan.length[u], plan.group[u]);
            }
        }
        int mismatches = 0;
        for (int s = 0; s < SAMPLES; s++)
        {
            final int u = from + rnd.nextInt(to - from);
            final int a = (s & 1) == 0 ? rnd.nextInt()
                    : plan.address[u] | (rnd.nextInt() & ~Ipv4LpmBuilder.mask(plan.length[u]));
            if (table.lookup(a) != reference.lookupIpv4(a))
            {
                mismatches++;
            }
        }
        return mismatches;
    }

    /** The lookup thread: random addresses in batches of 64, a quiescent point between batches. */
    private static void lookups(final Ipv4Poptrie table, final AtomicBoolean stop, final long[] count)
    {
        final int[] addresses = new int[1 << 16];
        final SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < addresses.length; i++)
        {
            addresses[i] = rnd.nextInt();
        }
        final int[] results = new int[64];
        long n = 0;
        long sink = 0;
        try (LpmEpochs.Reader reader = table.epochs().register())
        {
            while (!stop.get())
            {
                for (int i = 0; i < addresses.length; i += 64)
                {
                    reader.quiescent();
                    table.lookupBatch(addresses, i, 64, results, 0);
                    sink += results[63];
                }
                n += addresses.length;
            }
        }
        count[0] = n + (sink == 42 ? 1 : 0);
    }

    /** A prepared sequence of updates. */
    private static final class Updates
    {
        final int[] address;
        final int[] length;
        final int[] group;
        final boolean[] withdraw;

        private Updates(final int count)
        {
            address = new int[count];
            length = new int[count];
            group = new int[count];
            withdraw = new boolean[count];
        }

        /**
         * Half withdrawals of a present prefix, half announcements (a withdrawn prefix back, or a new
         * prefix with the length of a random existing route), so the table stays about its size.
         */
        static Updates plan(final int[] addresses, final int[] lengths, final int[] groups, final int n,
                final int count, final long seed)
        {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final Updates p = new Updates(count);
            // present[0..live) are the indexes of present prefixes; the rest are withdrawn ones.
            final int[] pool = new int[n + count];
            final int[] poolAddress = new int[n + count];
            final int[] poolLength = new int[n + count];
            for (int i = 0; i < n; i++)
            {
                pool[i] = i;
                poolAddress[i] = addresses[i];
                poolLength[i] = lengths[i];
            }
            int live = n;
            int total = n;
            final java.util.HashSet<Long> known = new java.util.HashSet<>(n * 2);
            for (int i = 0; i < n; i++)
            {
                known.add(((long)lengths[i] << 32) | (addresses[i] & 0xffffffffL));
            }
            for (int u = 0; u < count; u++)
            {
                final boolean withdraw = live > 0 && rnd.nextBoolean();
                final int k;
                if (withdraw)
                {
                    final int slot = rnd.nextInt(live);
                    k = pool[slot];
                    pool[slot] = pool[live - 1];
                    pool[live - 1] = k;
                    live--;
                }
                else if (total > live && rnd.nextBoolean())
                {
                    final int slot = live + rnd.nextInt(total - live);
                    k = pool[slot];
                    pool[slot] = pool[live];
                    pool[live] = k;
                    live++;
                }
                else
                {
                    final int len = lengths[rnd.nextInt(n)];
                    final int a = (int)(0x01000000L
                            + rnd.nextLong(0xDF000000L - 0x01000000L)) & Ipv4LpmBuilder.mask(len);
                    if (!known.add(((long)len << 32) | (a & 0xffffffffL)))
                    {
                        u--;
                        continue;
                    }
                    k = total;
                    poolAddress[k] = a;
                    poolLength[k] = len;
                    pool[total] = pool[live];
                    pool[live] = k;
                    total++;
                    live++;
                }
                p.address[u] = poolAddress[k];
                p.length[u] = poolLength[k];
                p.group[u] = groups[rnd.nextInt(n)];
                p.withdraw[u] = withdraw;
            }
            return p;
        }
    }
}
