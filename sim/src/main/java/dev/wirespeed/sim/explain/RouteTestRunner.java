package dev.wirespeed.sim.explain;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.Explanation;
import dev.wirespeed.sim.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs route tests against an engine: each request is explained ({@link RequestExplainer}); the decision
 * checked is the FIB path's (what {@code replay} decides), and coverage counts the blocks the walk matched.
 */
public final class RouteTestRunner
{
    /**
     * A test's result.
     *
     * @param test       the test.
     * @param explained  the request's explanation (decision included).
     * @param mismatches one line per expected field that differs ({@code cluster: expected `a`, got `b`}).
     * @param stages     the stages that decided the fields that differ.
     */
    public record Outcome(RouteTest test, Explained explained, List<String> mismatches, Set<String> stages)
    {
        /** @return whether every expected field holds. */
        public boolean passed()
        {
            return mismatches.isEmpty();
        }
    }

    private final RequestExplainer explainer;
    private final RouteCoverage coverage;

    /** @param engine the engine. */
    public RouteTestRunner(final Engine engine)
    {
        this.explainer = new RequestExplainer(engine);
        this.coverage = new RouteCoverage(engine.model());
    }

    /**
     * @param test a test.
     * @return its outcome (its walk counted in the coverage).
     */
    public Outcome run(final RouteTest test)
    {
        final Explained e = explainer.explain(test.request());
        coverage.add(e.walk());
        final RouteDecision d = e.decision();
        final List<String> mismatches = new ArrayList<>();
        final Set<String> stages = new java.util.LinkedHashSet<>();
        for (final Map.Entry<String, String> x : test.expect().entrySet())
        {
            final String actual = field(d, x.getKey());
            if (!Objects.equals(x.getValue(), actual))
            {
                mismatches.add(x.getKey() + ": expected " + show(x.getValue()) + ", got " + show(actual));
                stages.addAll(stagesOf(x.getKey()));
            }
        }
        for (final Map.Entry<String, String> h : test.headers().entrySet())
        {
            final String actual = d.headers() == null ? null : d.headers().get(h.getKey());
            if (!Objects.equals(h.getValue(), actual))
            {
                mismatches.add("headers." + h.getKey() + ": expected " + show(h.getValue()) + ", got " + show(actual));
                stages.add("action");
            }
        }
        for (final String h : test.removedHeaders())
        {
            if (d.removedHeaders() == null || !d.removedHeaders().contains(h))
            {
                mismatches.add("removedHeaders: expected `" + h + "` removed, got " + (d.removedHeaders() == null
                        ? "none removed" : d.removedHeaders()));
                stages.add("action");
            }
        }
        if (!mismatches.isEmpty())
        {
            stages.add("route");
        }
        return new Outcome(test, e, mismatches, stages);
    }

    /** @return the coverage of every test run so far. */
    public RouteCoverage coverage()
    {
        return coverage;
    }

    /**
     * @param o an outcome.
     * @return the steps of the stages that decided the failing fields (all steps when none is known).
     */
    public static List<Explanation.Step> failingSteps(final Outcome o)
    {
        final List<Explanation.Step> out = new ArrayList<>();
        for (final Explanation.Step s : o.explained().walk().steps())
        {
            if (o.stages().contains(s.stage()))
            {
                out.add(s);
            }
        }
        return out.isEmpty() ? o.explained().walk().steps() : out;
    }

    private static Set<String> stagesOf(final String field)
    {
        return switch (field)
        {
            case "vs" -> Set.of("host", "virtual-service");
            case "route" -> Set.of("virtual-service", "route");
            case "cluster", "host", "subset", "port" -> Set.of("route", "action", "cluster");
            case "endpoint" -> Set.of("cluster", "endpoint");
            case "egressPort", "nextHop" -> Set.of("l3");
            case "authz" -> Set.of("authz");
            case "path", "authority", "location", "body", "mirrors", "delayMillis", "grpcStatus" -> Set.of("action");
            default -> Set.of("virtual-service", "route", "action", "cluster", "endpoint");
        };
    }

    private static String show(final String v)
    {
        return v == null ? "(none)" : "`" + v + "`";
    }

    /**
     * @param d     a decision.
     * @param field a field name of {@link RouteTest#FIELDS}.
     * @return its value as a test writes it, {@code null} when absent.
     */
    static String field(final RouteDecision d, final String field)
    {
        return switch (field)
        {
            case "action" -> d.action();
            case "vs" -> d.vs();
            case "route" -> d.route();
            case "cluster" -> d.cluster();
            case "host" -> d.host();
            case "subset" -> d.subset();
            case "port" -> d.port() < 0 ? null : Integer.toString(d.port());
            case "endpoint" -> d.endpoint();
            case "path" -> d.path();
            case "authority" -> d.authority();
            case "status" -> d.status() < 0 ? null : Integer.toString(d.status());
            case "grpcStatus" -> d.grpcStatus() < 0 ? null : Integer.toString(d.grpcStatus());
            case "location" -> d.location();
            case "flags" -> d.flags();
            case "reason" -> d.reason();
            case "delayMillis" -> d.delayMillis() < 0 ? null : Long.toString(d.delayMillis());
            case "mirrors" -> d.mirrors() == null || d.mirrors().isEmpty() ? null : String.join(",", d.mirrors());
            case "body" -> d.body();
            case "egressPort" -> d.egressPort() < 0 ? null : Integer.toString(d.egressPort());
            case "nextHop" -> d.nextHop();
            case "authz" -> d.authz();
            default -> throw new IllegalArgumentException("no decision field " + field);
        };
    }
}
