package dev.wirespeed.cli;

import dev.wirespeed.control.reference.Explanation;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.explain.ExplainOutput;
import dev.wirespeed.sim.explain.JunitReport;
import dev.wirespeed.sim.explain.RouteCoverage;
import dev.wirespeed.sim.explain.RouteTest;
import dev.wirespeed.sim.explain.RouteTestFile;
import dev.wirespeed.sim.explain.RouteTestRunner;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wirespeed test -c CONFIG TESTS... [--coverage] [--covall] [--fail-under PCT] [--junit FILE]
 * [--details]}: route tests in the spirit of Envoy's {@code router_check_tool}. Exit 0 when every test passes
 * (and coverage reaches {@code --fail-under}), 1 when a test fails or coverage is below it, 2 for a bad test
 * file or usage.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Run route tests (YAML: a request and the decision fields it must get) against a config; "
                + "report failures with the explanation of the failing stage, and route coverage.")
public final class RouteTestCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A YAML file or a directory (recursively *.yaml, *.yml); repeatable.")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Parameters(arity = "1..*", paramLabel = "TESTS", description = "Route test files (YAML).")
    List<Path> tests = new ArrayList<>();

    @Option(names = "--coverage", description = "Print the share of routes and of match blocks some test hit.")
    boolean coverage;

    @Option(names = "--covall", description = "With the coverage, list every route no test hit.")
    boolean covall;

    @Option(names = "--fail-under", paramLabel = "PCT",
            description = "Exit 1 when the route coverage is below PCT percent (implies --coverage).")
    Double failUnder;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junit;

    @Option(names = "--details", description = "Print every test's request, decision and explanation.")
    boolean details;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (failUnder != null && (failUnder < 0 || failUnder > 100 || failUnder.isNaN()))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--fail-under must be 0 to 100");
        }
        final Map<String, List<RouteTest>> files = load(err);
        if (files == null)
        {
            return ExitCodes.USAGE;
        }
        final Map<String, List<RouteTestRunner.Outcome>> results = new LinkedHashMap<>();
        final RouteCoverage cov;
        int failed = 0;
        int total = 0;
        try (Engine engine = Engine.load(config, clusters.options()))
        {
            for (final String w : engine.warnings())
            {
                err.println(w);
            }
            final RouteTestRunner runner = new RouteTestRunner(engine);
            for (final Map.Entry<String, List<RouteTest>> f : files.entrySet())
            {
                final List<RouteTestRunner.Outcome> outcomes = new ArrayList<>();
                for (final RouteTest t : f.getValue())
                {
                    final RouteTestRunner.Outcome o = runner.run(t);
                    outcomes.add(o);
                    print(out, o);
                    failed += o.passed() ? 0 : 1;
                    total++;
                }
                results.put(f.getKey(), outcomes);
            }
            cov = runner.coverage();
        }
        out.println(total + (total == 1 ? " test, " : " tests, ") + (total - failed) + " passed, " + failed
                + " failed");
        boolean below = false;
        if (coverage || covall || failUnder != null)
        {
            out.println(String.format(Locale.ROOT, "coverage: routes %d/%d (%.1f%%), match blocks %d/%d (%.1f%%)",
                    cov.routesHit(), cov.routes(), cov.routePercent(), cov.blocksHit(), cov.blocks(),
                    cov.blockPercent()));
            if (covall)
            {
                for (final RouteCoverage.Uncovered u : cov.uncovered())
                {
                    out.println("  not hit: " + u.vs() + " http[" + u.index() + "]"
                            + (u.name() == null ? "" : " `" + u.name() + "`")
                            + (u.location().isEmpty() ? "" : " at " + u.location()));
                }
            }
            if (failUnder != null && cov.routePercent() < failUnder)
            {
                below = true;
                out.println(String.format(Locale.ROOT, "route coverage %.1f%% is below --fail-under %s%%",
                        cov.routePercent(), failUnder));
            }
        }
        out.flush();
        if (junit != null)
        {
            try (OutputStream o = Files.newOutputStream(junit))
            {
                JunitReport.write(results, o);
            }
            catch (final IOException e)
            {
                throw new InvalidInputException(junit + ": cannot write: " + OutputFiles.reason(e));
            }
        }
        return failed > 0 || below ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
    }

    /** Every test file, or {@code null} after printing every problem of the bad ones. */
    private Map<String, List<RouteTest>> load(final PrintWriter err) throws IOException
    {
        final Map<String, List<RouteTest>> files = new LinkedHashMap<>();
        boolean bad = false;
        for (final Path p : tests)
        {
            if (!Files.isRegularFile(p))
            {
                err.println(p + ": no such file");
                bad = true;
                continue;
            }
            try
            {
                files.put(p.toString(), RouteTestFile.load(p));
            }
            catch (final RouteTestFile.BadTestFileException e)
            {
                err.println(e.getMessage());
                bad = true;
            }
        }
        err.flush();
        return bad ? null : files;
    }

    private void print(final PrintWriter out, final RouteTestRunner.Outcome o)
    {
        out.println((o.passed() ? "PASS  " : "FAIL  ") + o.test().name() + " (" + o.test().location() + ")");
        if (o.passed() && !details)
        {
            return;
        }
        out.println("      request   " + ExplainOutput.request(o.test().request()));
        for (final String m : o.mismatches())
        {
            out.println("      " + m);
        }
        out.println("      decision  " + ExplainOutput.decisionLine(o.test().request().id(), o.explained().decision()));
        final List<Explanation.Step> steps = details ? o.explained().walk().steps() : RouteTestRunner.failingSteps(o);
        out.println(details ? "      explain:" : "      explain (failing stages):");
        for (final Explanation.Step s : steps)
        {
            out.println(String.format("        %-16s %s", s.stage(), s.text()));
        }
    }
}
