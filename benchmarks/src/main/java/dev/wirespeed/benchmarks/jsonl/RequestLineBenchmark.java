package dev.wirespeed.benchmarks.jsonl;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.sim.jsonl.RequestLineDecoder;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of reading one JSONL request line into the request view: {@code bytes} is the byte-level
 * {@link RequestLineDecoder}; {@code jackson} the reference path it replaced (String line, Jackson parser,
 * {@code HttpRequest} record, view encoding). Lines of {@code examples/reviews/requests.jsonl}. Run with
 * {@code -prof gc}: {@code bytes} must be ≈ 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RequestLineBenchmark
{
    @Param({"bytes", "jackson"})
    public String impl;

    private final List<byte[]> lines = new ArrayList<>();
    private final RequestLineDecoder decoder = new RequestLineDecoder();
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result parsed = new RequestLineParser.Result();
    private final HttpRequestView view = new HttpRequestView();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path root = Path.of(System.getProperty("wirespeed.root", "."));
        for (final String line : Files.readAllLines(root.resolve("examples/reviews/requests.jsonl")))
        {
            if (!line.isBlank())
            {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** @return the request's port (so the work is not dead code). */
    @Benchmark
    public int line()
    {
        final int i = next;
        next = i + 1 == lines.size() ? 0 : i + 1;
        final byte[] b = lines.get(i);
        if ("bytes".equals(impl))
        {
            decoder.decode(b, 0, b.length, i, view);
            return view.port();
        }
        parser.parse(new String(b, StandardCharsets.UTF_8), i, parsed);
        view.reset(parsed.request());
        return view.port();
    }
}
