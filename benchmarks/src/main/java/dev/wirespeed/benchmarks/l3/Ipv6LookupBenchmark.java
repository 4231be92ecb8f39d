package dev.wirespeed.benchmarks.l3;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.control.l3.RouteSink;
import dev.wirespeed.control.l3.RoutesFileParser;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6TrieTable;
import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * IPv6 LPM lookups per microsecond on one thread: the multibit trie scalar and batched, and the
 * binary-trie reference. "random" addresses are uniform in 2000::/3 (where the generated routes
 * live); "hit" addresses lie inside a random route's prefix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ipv6LookupBenchmark
{
    static final int CHUNK = 4096;
    private static final int ADDRESSES = 1 << 20;

    @Param({"1000", "100000", "1000000"})
    public int routes;

    @Param({"random", "hit"})
    public String addresses;

    private FibImage image;
    private Ipv6TrieTable table;
    private BinaryTrieLpm reference;
    private long[] his;
    private long[] los;
    private final int[] results = new int[CHUNK];
    private int cursor;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException
    {
        final Path file = L3BenchTables.routesFile(routes, 1, 6);
        final L3CompileResult compiled = L3BenchTables.compile(file);
        image = FibImage.build(1, compiled.sections());
        table = new Ipv6TrieTable(image);
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

    @TearDown(Level.Trial)
    public void tearDown()
    {
        image.close();
    }

    private int next()
    {
        final int from = cursor;
        cursor = (from + CHUNK) & (ADDRESSES - 1);
        return from;
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
        long sum = 0;
        for (int i = 0; i < CHUNK; i++)
        {
            sum += r[i];
        }
        return sum;
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
