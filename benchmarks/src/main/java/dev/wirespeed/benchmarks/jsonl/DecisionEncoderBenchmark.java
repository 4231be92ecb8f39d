package dev.wirespeed.benchmarks.jsonl;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionWriter;
import dev.wirespeed.sim.jsonl.JsonBytes;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one decision line: {@code bytes} is the {@link DecisionEncoder} (descriptor + FIB string pool into a
 * reusable buffer); {@code reference} the String path it replaced (materializer record, then Jackson). The
 * decisions are those of {@code examples/reviews/requests.jsonl} (routes with rewrites, redirects, faults,
 * no-route drops), of {@code examples/header-operations} (request header operations, a regex rewrite) or of
 * {@code examples/dynamic-dns} (ALLOW_ANY_DYNAMIC_DNS's dynamic forward proxy, per-endpoint listeners). Run with
 * {@code -prof gc}: {@code bytes} must be ≈ 0 B/op (the regex rewrite's lines: RE2/J's own match state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class DecisionEncoderBenchmark
{
    @Param({"bytes", "reference"})
    public String impl;

    /** The example whose requests are decided: {@code reviews}, {@code header-operations} (header operations,
     * a regex rewrite, weighted destinations with their own operations) or {@code dynamic-dns}. */
    @Param({"reviews", "header-operations", "dynamic-dns"})
    public String example;

    /** {@code false} leaves out the requests whose route has a regex rewrite (RE2/J allocates its match state). */
    @Param({"true"})
    public boolean regex;

    private Engine engine;
    private DecisionEncoder encoder;
    private final List<HttpRequestView> views = new ArrayList<>();
    private final List<DecisionDescriptor> decisions = new ArrayList<>();
    private final List<L7Result> results = new ArrayList<>();
    private final List<L3Result> l3 = new ArrayList<>();
    private final List<Boolean> hasL3 = new ArrayList<>();
    private final JsonBytes out = new JsonBytes(1 << 20);
    private DecisionWriter reference;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path root = Path.of(System.getProperty("wirespeed.root", "."));
        final Path dir = root.resolve("examples").resolve(example);
        engine = Engine.load(List.of(dir));
        encoder = engine.newEncoder(new ReasonTable());
        final Engine.Session session = engine.newSession();
        final RequestLineParser parser = new RequestLineParser();
        final RequestLineParser.Result parsed = new RequestLineParser.Result();
        long i = 0;
        for (final String line : Files.readAllLines(dir.resolve("requests.jsonl")))
        {
            if (line.isBlank() || !parser.parse(line, i++, parsed))
            {
                continue;
            }
            final HttpRequestView view = HttpRequestView.of(parsed.request());
            final L7Result r = new L7Result();
            final L3Result l = new L3Result();
            final boolean has = session.route(view, r, l);
            if (!regex && parsed.request().path().startsWith("/api/v1/"))
            {
                continue; // examples/header-operations rewrites these with a regex (route api-v1)
            }
            final DecisionDescriptor d = new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
            d.reset(view.id()).l7(r, 0);
            if (has && l.action == Actions.FORWARD)
            {
                d.egressPort(l.egressPort).nextHop(l.nextHop);
            }
            views.add(view);
            decisions.add(d);
            results.add(r);
            l3.add(l);
            hasL3.add(has);
        }
        reference = new DecisionWriter(Writer.nullWriter());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        reference.close();
        engine.close();
    }

    /** @return bytes written so far (so the work is not dead code). */
    @Benchmark
    public int decision() throws IOException
    {
        final int i = next;
        next = i + 1 == decisions.size() ? 0 : i + 1;
        if ("bytes".equals(impl))
        {
            if (out.length() > (1 << 19))
            {
                out.clear();
            }
            encoder.encode(decisions.get(i), views.get(i), out);
            return out.length();
        }
        reference.write(i, engine.decision(views.get(i), results.get(i), l3.get(i), hasL3.get(i)));
        return i;
    }
}
