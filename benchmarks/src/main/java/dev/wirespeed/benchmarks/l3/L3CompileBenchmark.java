package dev.wirespeed.benchmarks.l3;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.fib.FibImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Time to load and compile a routes file into a FIB image: parse, group into ECMP groups, build the
 * LPM table and write the image (what {@code bench lpm} reports as compileMs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class L3CompileBenchmark
{
    @Param({"1000000"})
    public int routes;

    @Param({"4"})
    public int family;

    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        file = L3BenchTables.routesFile(routes, 1, family);
    }

    @Benchmark
    public long compile()
    {
        final L3CompileResult compiled = L3BenchTables.compile(file);
        try (FibImage image = FibImage.build(1, compiled.sections()))
        {
            return image.sizeInBytes();
        }
    }
}
