package dev.wirespeed.benchmarks.l3;

import dev.wirespeed.control.l3.L3CompileResult;
import dev.wirespeed.control.l3.L3Diagnostic;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.l3.Ipv4Dir17Builder;
import dev.wirespeed.fib.l3.Ipv4Dir17Table;
import dev.wirespeed.fib.l3.Ipv4Dir24Table;
import dev.wirespeed.fib.l3.Ipv4Lookup;
import dev.wirespeed.fib.l3.Ipv4Poptrie;
import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import dev.wirespeed.sim.gen.AddressGenerator;
import net.openhft.chronicle.bytes.BytesStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 LPM lookups per microsecond (= million lookups per second) on one thread: the DIR-24-8 table, the
 * compact table ({@code dir17}) and the Poptrie, scalar and batched, and the binary-trie reference as baseline.
 * Each invocation looks up the next {@value #CHUNK} of 1M pre-generated addresses and returns the sum of the
 * route words (no data-dependent branch in the timed loop).
 */
@State(Scope.Thread)
public class Ipv4LookupBenchmark extends LookupBenchmarkBase
{
    private Ipv4Dir24Table table;
    private Ipv4Poptrie poptrie;
    private BytesStore<?, ?> dir17Store;
    private Ipv4Dir17Table dir17;
    private BinaryTrieLpm reference;
    private int[] destinations;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException
    {
        final Path file = L3BenchTables.routesFile(routes, 1, 4);
        final L3CompileResult compiled = L3BenchTables.compile(file);
        image = FibImage.build(1, compiled.sections());
        table = new Ipv4Dir24Table(image);
        poptrie = params.getBenchmark().contains("poptrie") ? Ipv4Poptrie.of(compiled.ipv4()) : null;
        if (params.getBenchmark().contains("dir17"))
        {
            final Ipv4Dir17Builder builder = Ipv4Dir17Builder.of(compiled.ipv4());
            dir17Store = BytesStore.nativeStoreWithFixedCapacity(builder.sizeInBytes());
            builder.writeTo(dir17Store, 0);
            dir17 = new Ipv4Dir17Table(dir17Store, 0, builder.sizeInBytes());
        }
        final List<L3Diagnostic> diagnostics = new ArrayList<>();
        final AddressGenerator.Ipv4Prefixes prefixes = AddressGenerator.Ipv4Prefixes.read(file, diagnostics);
        reference = BinaryTrieLpm.ipv4();
        final boolean needReference = params.getBenchmark().endsWith("referenceTrie");
        for (int i = 0; needReference && i < prefixes.count; i++)
        {
            // Same prefix set; the reference's group ids are not compared here, only its speed.
            reference.addIpv4(prefixes.addresses[i], prefixes.lengths[i], i & 0xffff);
        }
        destinations = "hit".equals(addresses)
                ? AddressGenerator.hit(ADDRESSES, 2, prefixes.addresses, prefixes.lengths, prefixes.count)
                : AddressGenerator.random(ADDRESSES, 2);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long dir24Scalar()
    {
        return scalar(table);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long dir24Batch16()
    {
        return batch16(table);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long dir24BatchChunk()
    {
        final int from = next();
        final int[] r = results;
        table.lookupBatch(destinations, from, CHUNK, r, 0);
        return sumResults();
    }

    /** Releases the compact table's memory (the image is closed by the base class). */
    @TearDown(Level.Trial)
    public void releaseDir17()
    {
        if (dir17Store != null)
        {
            dir17Store.releaseLast();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long dir17Scalar()
    {
        return scalar(dir17);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long dir17Batch16()
    {
        return batch16(dir17);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long poptrieScalar()
    {
        return scalar(poptrie);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long poptrieBatch16()
    {
        return batch16(poptrie);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long referenceTrie()
    {
        final int from = next();
        final int[] d = destinations;
        final BinaryTrieLpm t = reference;
        long sum = 0;
        for (int i = from; i < from + CHUNK; i++)
        {
            sum += t.lookupIpv4(d[i]);
        }
        return sum;
    }

    /**
     * Scalar lookups of the next chunk. JMH runs each benchmark in its own fork, so the call is monomorphic there
     * and the JIT inlines the table's lookup as it would in a loop written for that table.
     */
    private long scalar(final Ipv4Lookup t)
    {
        final int from = next();
        final int[] d = destinations;
        long sum = 0;
        for (int i = from; i < from + CHUNK; i++)
        {
            sum += t.lookup(d[i]);
        }
        return sum;
    }

    /** Batches of 16 over the next chunk, into the results block; see {@link #scalar}. */
    private long batch16(final Ipv4Lookup t)
    {
        final int from = next();
        final int[] d = destinations;
        final int[] r = results;
        for (int i = 0; i < CHUNK; i += 16)
        {
            t.lookupBatch(d, from + i, 16, r, i);
        }
        return sumResults();
    }
}
