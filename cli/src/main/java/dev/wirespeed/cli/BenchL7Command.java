package dev.wirespeed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.compile.PackedRequests;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.sim.jsonl.RequestTraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed bench l7}: the cost of one L7 route decision over a config and a request trace, the
 * compiled FIB lookup ({@link L7Lookup#route}, no materialisation) against the reference interpreter
 * ({@link ReferenceRouter}), on the same prepared requests (packed back to back, {@link PackedRequests}, as a
 * ring of descriptors holds them), in alternating rounds. Before timing, the
 * two are compared on up to {@value #CHECKED} requests spread over the trace; a mismatch fails the
 * command. Prints (format kept stable for scripts):
 *
 * <pre>
 * l7-fib virtualHosts=... routes=... compileMs=... bad=... checked=... mismatches=0
 * requests=N routes=R compiled_ns=F reference_ns=F ratio=F
 * </pre>
 *
 * <p>Each ns value is the median over the rounds of (thread CPU time / lookups): CPU time rather than wall
 * time, so that other processes on a shared machine do not count (their cache pollution still does). The
 * ratio is reference over compiled. Requests are cycled in trace order.
 */
@Command(
        name = "l7",
        mixinStandardHelpOptions = true,
        description = {
                "Measure the compiled L7 lookup against the reference interpreter on a request trace.",
                "Example: wirespeed bench l7 -c l7-10k l7-10k/requests.jsonl --seconds 10",
        })
public final class BenchL7Command implements Callable<Integer>
{
    private static final int ROUNDS = 5;
    private static final int CHECKED = 2000;
    private static final int CHUNK = 4096;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A YAML file or a directory (recursively *.yaml, *.yml); repeatable.")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Parameters(index = "0", paramLabel = "TRACE", description = "JSONL request trace.")
    Path trace;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
            description = "Total timed CPU seconds, both sides, split in " + ROUNDS
                    + " rounds each (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException
    {
        if (!(seconds > 0))
        {
            throw new InvalidInputException("--seconds must be positive");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final LoadedConfig loaded = new ConfigLoader().load(config, clusters.options());
        if (loaded.hasErrors())
        {
            loaded.printDiagnostics(err);
            throw new InvalidInputException("bench l7: " + loaded.diagnosticCounts() + ": config rejected");
        }
        final RoutingModel model = loaded.model();
        final List<HttpRequest> list = new ArrayList<>();
        final int bad = readTrace(trace, list, err);
        if (list.isEmpty())
        {
            throw new InvalidInputException(trace + ": no requests");
        }
        final HttpRequest[] requests = list.toArray(new HttpRequest[0]);
        final PackedRequests packed = new PackedRequests(requests);
        final long t0 = System.nanoTime();
        final CompiledRouter compiled;
        try
        {
            compiled = CompiledRouter.compile(model);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidInputException("bench l7: config does not compile:\n" + ex.getMessage());
        }
        try (compiled)
        {
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("requests", requests.length);
            o.put("routes", routes(model));
            o.put("virtualHosts", model.virtualServices().size());
            o.put("compileMs", (System.nanoTime() - t0) / 1_000_000);
            o.put("bad", bad);
            final ReferenceRouter reference = new ReferenceRouter(model);
            final L7Lookup lookup = compiled.newLookup();
            final int checked = Math.min(CHECKED, requests.length);
            final int mismatches = check(compiled, lookup, reference, requests, packed, checked, err);
            o.put("checked", checked);
            o.put("mismatches", mismatches);
            measure(lookup, reference, requests, packed, o);
            print(o, out);
            if (mismatches > 0)
            {
                err.println("bench l7: " + mismatches + " of " + checked + " checked requests decided differently");
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
        }
        return ExitCodes.OK;
    }

    private static int routes(final RoutingModel model)
    {
        int routes = 0;
        for (final VirtualService vs : model.virtualServices())
        {
            routes += vs.http().size();
        }
        return routes;
    }

    /** @return how many of {@code checked} requests spread over the trace the two decide differently. */
    private static int check(final CompiledRouter compiled, final L7Lookup lookup, final ReferenceRouter reference,
            final HttpRequest[] requests, final PackedRequests packed, final int checked, final PrintWriter err)
    {
        final PackedRequests.View view = packed.view();
        final L7Result result = new L7Result();
        int mismatches = 0;
        for (int k = 0; k < checked; k++)
        {
            final int i = (int)((long)k * requests.length / checked);
            final RouteDecision expected = reference.route(requests[i]);
            lookup.route(view.at(i), result);
            final RouteDecision actual = compiled.materialize(result, view);
            if (!expected.equals(actual))
            {
                if (mismatches == 0)
                {
                    err.println("bench l7: mismatch on " + requests[i] + "\n  reference: " + expected
                            + "\n  compiled:  " + actual);
                }
                mismatches++;
            }
        }
        return mismatches;
    }

    /** Warm-up, then alternating rounds; puts the medians and their ratio. */
    private void measure(final L7Lookup lookup, final ReferenceRouter reference, final HttpRequest[] requests,
            final PackedRequests packed, final Map<String, Object> o)
    {
        final double[] compiledNs = new double[ROUNDS];
        final double[] referenceNs = new double[ROUNDS];
        final long roundNanos = (long)(seconds * 1e9 / (2 * ROUNDS));
        final Cursor cursor = new Cursor();
        timeCompiled(lookup, packed, Math.max(roundNanos, 200_000_000L)); // warm-up
        timeReference(reference, requests, cursor, Math.max(roundNanos, 200_000_000L));
        for (int r = 0; r < ROUNDS; r++)
        {
            compiledNs[r] = timeCompiled(lookup, packed, roundNanos);
            referenceNs[r] = timeReference(reference, requests, cursor, roundNanos);
        }
        Arrays.sort(compiledNs);
        Arrays.sort(referenceNs);
        final double c = compiledNs[ROUNDS / 2];
        final double ref = referenceNs[ROUNDS / 2];
        o.put("compiled_ns", round2(c));
        o.put("reference_ns", round2(ref));
        o.put("ratio", round2(ref / c));
    }

    private void print(final Map<String, Object> o, final PrintWriter out) throws IOException
    {
        if (json)
        {
            out.println(new ObjectMapper().writeValueAsString(o));
        }
        else
        {
            out.printf(Locale.ROOT, "l7-fib virtualHosts=%d routes=%d compileMs=%d bad=%d checked=%d mismatches=%d%n",
                    o.get("virtualHosts"), o.get("routes"), o.get("compileMs"), o.get("bad"), o.get("checked"),
                    o.get("mismatches"));
            out.printf(Locale.ROOT, "requests=%d routes=%d compiled_ns=%.1f reference_ns=%.1f ratio=%.1f%n",
                    o.get("requests"), o.get("routes"), o.get("compiled_ns"), o.get("reference_ns"), o.get("ratio"));
        }
        out.flush();
    }

    private static double round2(final double v)
    {
        return Math.round(v * 100) / 100.0;
    }

    /** Where the reference rounds continue, so that slow rounds still cover the whole trace. */
    private static final class Cursor
    {
        int next;
    }

    /**
     * Reads the trace; bad lines are counted and the first is reported with its line number.
     *
     * @return the number of bad lines.
     */
    static int readTrace(final Path file, final List<HttpRequest> into, final PrintWriter err)
    {
        int bad = 0;
        try (RequestTraceReader in = new RequestTraceReader(file))
        {
            while (in.next())
            {
                if (in.request() != null)
                {
                    into.add(in.request());
                }
                else
                {
                    if (bad == 0)
                    {
                        err.println(file + ":" + in.error() + " (bad lines are skipped)");
                    }
                    bad++;
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new InvalidInputException(file + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new InvalidInputException(file + ": cannot read: " + ex.getMessage());
        }
        return bad;
    }

    /** @return CPU ns per lookup over one round of {@code nanos} CPU ns. */
    private static double timeCompiled(final L7Lookup lookup, final PackedRequests requests, final long nanos)
    {
        final L7Result result = new L7Result();
        final PackedRequests.View view = requests.view();
        final int n = requests.size();
        long lookups = 0;
        long sink = 0;
        int i = 0;
        final long start = CPU.getCurrentThreadCpuTime();
        long elapsed;
        do
        {
            for (int k = 0; k < CHUNK; k++)
            {
                lookup.route(view.at(i), result);
                sink += result.endpoint;
                i = i + 1 == n ? 0 : i + 1;
            }
            lookups += CHUNK;
            elapsed = CPU.getCurrentThreadCpuTime() - start;
        }
        while (elapsed < nanos);
        if (sink == 42)
        {
            System.err.print(""); // keeps the results alive
        }
        return (double)elapsed / lookups;
    }

    /** @return ns per decision of the reference over one timed round. */
    private static double timeReference(final ReferenceRouter reference, final HttpRequest[] requests,
            final Cursor cursor, final long nanos)
    {
        final int n = requests.length;
        long decisions = 0;
        long sink = 0;
        final long start = CPU.getCurrentThreadCpuTime();
        long elapsed;
        do
        {
            for (int k = 0; k < 16; k++)
            {
                final RouteDecision d = reference.route(requests[cursor.next]);
                sink += d.status();
                cursor.next = cursor.next + 1 == n ? 0 : cursor.next + 1;
            }
            decisions += 16;
            elapsed = CPU.getCurrentThreadCpuTime() - start;
        }
        while (elapsed < nanos);
        if (sink == 42)
        {
            System.err.print("");
        }
        return (double)elapsed / decisions;
    }
}
