package dev.wirespeed.benchmarks.l3;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.control.l3.RouteSink;
import dev.wirespeed.control.l3.RoutesFileParser;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6Poptrie;
import dev.wirespeed.fib.l3.Ipv6TrieTable;
import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * IPv6 LPM lookups per microsecond on one thread: the multibit trie and the Poptrie, scalar and
 * batched, and the binary-trie reference. "random" addresses are uniform in 2000::/3 (where the generated routes
 * live); "hit" addresses lie inside a random route's prefix.
 */
@State(Scope.Thread)
public class Ipv6LookupBenchmark extends LookupBenchmarkBase
{
    private Ipv6TrieTable table;
    private Ipv6Poptrie poptrie;
    private BinaryTrieLpm reference;
    private long[] his;
    private long[] los;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException
    {
        final Path file = L3BenchTables.routesFile(routes, 1, 6);
        final L3CompileResult compiled = L3BenchTables.compile(file);
        image = FibImage.build(1, compiled.sections());
        table = new Ipv6TrieTable(image);
        poptrie = params.getBenchmark().contains("poptrie") ? Ipv6Poptrie.of(compiled.ipv6()) : null;
        final Prefixes p = new Prefixes();
        final List<L3Diagnostic> diagnostics = new ArrayList<>();
        RoutesFileParser.parse(file, file.toString(), p, diagnostics);
        reference = BinaryTrieLpm.ipv6();
        final boolean needReference = params.getBenchmark().endsWith("referenceTrie");
        for (int i = 0; needReference && i < p.count; i++)
        {
            reference.add(p.hi[i], p.lo[i], p.len[i], i & 0xffff);
        }
        final SplittableRandom rnd = new SplittableRandom(2);
        his = new long[ADDRESSES];
        los = new long[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++)
        {
            if ("hit".equals(addresses))
            {
                final int r = rnd.nextInt(p.count);
                his[i] = p.hi[r] | (rnd.nextLong() & ~Ipv6LpmBuilder.maskHi(p.len[r]));
                los[i] = p.lo[r] | (rnd.nextLong() & ~Ipv6LpmBuilder.maskLo(p.len[r]));
            }
            else
            {
                his[i] = (0x2000L << 48) | (rnd.nextLong() & 0x1fffffffffffffffL);
                los[i] = rnd.nextLong();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long trieScalar()
    {
        final int from = next();
        final long[] h = his;
        final long[] l = los;
        final Ipv6TrieTable t = table;
        long sum = 0;
        for (int i = from; i < from + CHUNK; i++)
        {
            sum += t.lookup(h[i], l[i]);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long trieBatch16()
    {
        final int from = next();
        final int[] r = results;
        final Ipv6TrieTable t = table;
        for (int i = 0; i < CHUNK; i += 16)
        {
            t.lookupBatch(his, los, from + i, 16, r, i);
        }
        return sumResults();
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long poptrieScalar()
    {
        final int from = next();
        final long[] h = his;
        final long[] l = los;
        final Ipv6Poptrie t = poptrie;
        long sum = 0;
        for (int i = from; i < from + CHUNK; i++)
        {
            sum += t.lookup(h[i], l[i]);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long poptrieBatch16()
    {
        final int from = next();
        final int[] r = results;
        final Ipv6Poptrie t = poptrie;
        for (int i = 0; i < CHUNK; i += 16)
        {
            t.lookupBatch(his, los, from + i, 16, r, i);
        }
        return sumResults();
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long referenceTrie()
    {
        final int from = next();
        final long[] h = his;
        final long[] l = los;
        final BinaryTrieLpm t = reference;
        long sum = 0;
        for (int i = from; i < from + CHUNK; i++)
        {
            sum += t.lookup(h[i], l[i]);
        }
        return sum;
    }

    /** The IPv6 prefixes of a routes file. */
    static final class Prefixes implements RouteSink
    {
        long[] hi = new long[1024];
        long[] lo = new long[1024];
        int[] len = new int[1024];
        int count;

        @Override
        public void ipv4Route(final int address, final int length,
                final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
        {
            // IPv6 only.
        }

        @Override
        public void ipv6Route(final long h, final long l, final int length,
                final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
        {
            if (count == hi.length)
            {
                hi = Arrays.copyOf(hi, count * 2);
                lo = Arrays.copyOf(lo, count * 2);
                len = Arrays.copyOf(len, count * 2);
            }
            hi[count] = h;
            lo[count] = l;
            len[count] = length;
            count++;
        }
    }
}
