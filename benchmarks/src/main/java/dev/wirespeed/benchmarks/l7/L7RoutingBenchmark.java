package dev.wirespeed.benchmarks.l7;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.compile.PackedRequests;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.sample.SampleModels;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.sim.gen.L7ScaleGenerator;
import dev.wirespeed.sim.jsonl.RequestLineParser;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Route decisions per second: {@code compiledLookup} is the allocation-free fast path (the int result,
 * no materialize), {@code compiledRoute} adds the materialize step (strings, decision record),
 * {@code reference} is the reference interpreter — the baseline. Models: {@code bookinfo} (4 services,
 * 8 routes) and {@code large} (Bookinfo plus 60 generated VirtualServices: 64 virtual hosts, ~490 routes).
 * Requests: 1024 prepared requests cycled (hosts, prefixes, exact paths, headers, misses). The
 * {@code hosts-N} and {@code one-host-N} models are {@code wirespeed gen l7 --shape ... --routes N --seed 1}
 * with their trace cycled. The lookup reads requests packed back to back ({@link PackedRequests}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class L7RoutingBenchmark
{
    private static final int REQUESTS = 1024;

    @Param({"bookinfo", "large", "hosts-10", "hosts-10000", "one-host-10", "one-host-10000", "locality-distribute",
        "network-view", "proxy-labels", "multi-cluster", "random-locality", "backend-policies", "client-network"})
    public String model;

    private CompiledRouter compiled;
    private ReferenceRouter reference;
    private L7Lookup lookup;
    private final L7Result result = new L7Result();
    private HttpRequest[] requests;
    private HttpRequestView[] views;
    private PackedRequests.View packed;
    private int count;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        if (model.startsWith("hosts-") || model.startsWith("one-host-"))
        {
            setUpGenerated();
            return;
        }
        if (model.equals("locality-distribute") || model.equals("network-view") || model.equals("proxy-labels")
                || model.equals("random-locality") || model.equals("backend-policies")
                || model.equals("client-network"))
        {
            // an example's config and requests (run from the repository's root): distribute, failoverPriority,
            // and a distribute's locality-weighted ring; a proxy's requested network view and IP family; matches and
            // selectors on the labels Istio writes on a proxy; RANDOM's locality pick under a failover list or
            // failoverPriority; rules generated from Gateway API backend policies; a client's fromCidr network
            final java.nio.file.Path dir = java.nio.file.Path.of("examples", model);
            useModel(new ConfigLoader().load(java.util.List.of(dir)),
                    java.nio.file.Files.readAllLines(dir.resolve("requests.jsonl")).toArray(new String[0]));
            return;
        }
        if (model.equals("multi-cluster"))
        {
            // the config cluster's files and a remote cluster's registry: endpoints of two clusters and networks
            final java.nio.file.Path dir = java.nio.file.Path.of("examples", model);
            useModel(new ConfigLoader().load(java.util.List.of(dir.resolve("primary")), java.util.Map.of("cluster2",
                    java.util.List.of(dir.resolve("cluster2")))), java.nio.file.Files.readAllLines(
                    dir.resolve("primary/requests.jsonl")).toArray(new String[0]));
            return;
        }
        final int extra = model.equals("large") ? 60 : 0;
        final RoutingModel m = SampleModels.bookinfo(extra);
        compiled = CompiledRouter.compile(m);
        reference = new ReferenceRouter(m);
        lookup = compiled.newLookup();
        requests = new HttpRequest[REQUESTS];
        views = new HttpRequestView[REQUESTS];
        final SplittableRandom rnd = new SplittableRandom(42);
        final String[] users = {"jason", "alice", "bob"};
        for (int i = 0; i < REQUESTS; i++)
        {
            final int k = rnd.nextInt(10);
            final HttpRequest r;
            if (k < 3)
            {
                r = SampleModels.request(i, "reviews:9080", "/reviews/" + rnd.nextInt(100),
                        rnd.nextBoolean() ? Map.of("end-user", users[rnd.nextInt(3)]) : Map.of());
            }
            else if (k < 5)
            {
                r = SampleModels.request(i, "productpage",
                        rnd.nextBoolean() ? "/api/v1/products/7?x=1" : "/static/a.js", Map.of());
            }
            else if (k < 6)
            {
                r = SampleModels.request(i, "ratings", "/ratings/1", Map.of("end-user", users[rnd.nextInt(3)]));
            }
            else if (extra > 0 && k < 9)
            {
                final int s = rnd.nextInt(extra);
                final int v = rnd.nextInt(8);
                r = SampleModels.request(i, "svc" + s, v < 6 ? "/api/v" + v + "/items/" + i : "/other",
                        v == 6 ? Map.of("x-canary", "yes") : Map.of());
            }
            else
            {
                r = SampleModels.request(i, k == 9 ? "nowhere" : "details", "/details/" + i, Map.of());
            }
            requests[i] = r;
            views[i] = HttpRequestView.of(r);
        }
        packed = new PackedRequests(requests).view();
        count = REQUESTS;
    }

    /** A config and trace of {@code wirespeed gen l7} (seed 1): the model name is SHAPE-ROUTES. */
    private void setUpGenerated() throws IOException
    {
        final int dash = model.lastIndexOf('-');
        final L7ScaleGenerator gen = new L7ScaleGenerator(L7ScaleGenerator.Shape.parse(model.substring(0, dash)),
                Integer.parseInt(model.substring(dash + 1)), 1);
        final StringWriter registry = new StringWriter();
        final StringWriter routing = new StringWriter();
        final StringWriter trace = new StringWriter();
        gen.writeRegistry(registry);
        gen.writeRouting(routing);
        gen.writeTrace(trace);
        useModel(new ConfigLoader().loadStrings(
                Map.of("registry.yaml", registry.toString(), "routing.yaml", routing.toString())),
                trace.toString().split("\n"));
    }

    /** Compiles a loaded config and parses its trace lines into the requests. */
    private void useModel(final LoadedConfig loaded, final String[] lines)
    {
        if (loaded.hasErrors())
        {
            throw new IllegalStateException(loaded.formattedDiagnostics().toString());
        }
        final RoutingModel m = loaded.model();
        compiled = CompiledRouter.compile(m);
        reference = new ReferenceRouter(m);
        lookup = compiled.newLookup();
        final RequestLineParser parser = new RequestLineParser();
        final RequestLineParser.Result parsed = new RequestLineParser.Result();
        requests = new HttpRequest[lines.length];
        views = new HttpRequestView[lines.length];
        for (int i = 0; i < lines.length; i++)
        {
            if (!parser.parse(lines[i], i, parsed))
            {
                throw new IllegalStateException(parsed.error());
            }
            requests[i] = parsed.request();
            views[i] = HttpRequestView.of(requests[i]);
        }
        packed = new PackedRequests(requests).view();
        count = lines.length;
    }

    private int nextIndex()
    {
        final int i = next;
        next = i + 1 == count ? 0 : i + 1;
        return i;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        compiled.close();
    }

    /** @return the endpoint index, so the lookup is not dead code. */
    @Benchmark
    public int compiledLookup()
    {
        lookup.route(packed.at(nextIndex()), result);
        return result.endpoint;
    }

    /** @return the decision (lookup + materialize). */
    @Benchmark
    public RouteDecision compiledRoute()
    {
        final int i = nextIndex();
        lookup.route(views[i], result);
        return compiled.materialize(result, views[i]);
    }

    /** @return the decision of the reference interpreter. */
    @Benchmark
    public RouteDecision reference()
    {
        final int i = nextIndex();
        return reference.route(requests[i]);
    }
}
