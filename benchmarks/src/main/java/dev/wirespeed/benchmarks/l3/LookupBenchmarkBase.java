package dev.wirespeed.benchmarks.l3;

import dev.wirespeed.fib.FibImage;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the IPv4 and IPv6 lookup benchmarks share: the route count and address kind parameters, the
 * compiled image, the results block and the cursor over {@value #ADDRESSES} pre-generated addresses
 * that each invocation advances by {@value #CHUNK}; throughput in operations per microsecond (= million
 * lookups per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class LookupBenchmarkBase
{
    static final int CHUNK = 4096;
    static final int ADDRESSES = 1 << 20;

    @Param({"1000", "100000", "1000000"})
    public int routes;

    @Param({"random", "hit"})
    public String addresses;

    FibImage image;
    final int[] results = new int[CHUNK];
    private int cursor;

    @TearDown(Level.Trial)
    public void tearDown()
    {
        image.close();
    }

    /** @return the first address index of this invocation's chunk. */
    final int next()
    {
        final int from = cursor;
        cursor = (from + CHUNK) & (ADDRESSES - 1);
        return from;
    }

    /** @return the sum of the results block (after a batched chunk). */
    final long sumResults()
    {
        final int[] r = results;
        long sum = 0;
        for (int i = 0; i < CHUNK; i++)
        {
            sum += r[i];
        }
        return sum;
    }
}
