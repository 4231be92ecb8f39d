package dev.wirespeed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.ConfigSummary;
import dev.wirespeed.control.config.Diagnostic;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.EngineConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed check -c PATH...}: loads and validates the config, prints every error and warning to
 * stderr ({@code file:line:column: error: path: message}) and what was loaded to stdout (counts per
 * kind, hosts, routes, clusters, endpoints; {@code --json} for machines). Exit 1 on any error, 0
 * otherwise: warnings do not fail.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Validate config (Istio YAML, Services/Pods, RouteTables) and print what was loaded.")
public final class CheckCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A YAML file or a directory (recursively *.yaml, *.yml); repeatable.")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Option(names = "--json", description = "Print the summary (and the diagnostics) as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception
    {
        final LoadedConfig loaded = new ConfigLoader().load(config, clusters.options());
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        loaded.printDiagnostics(err);
        final ConfigSummary summary = ConfigSummary.of(loaded);
        final Map<String, Long> fibBytes = new LinkedHashMap<>();
        List<String> compileErrors = List.of();
        if (!loaded.hasErrors())
        {
            // Compile the FIB too: table capacities, L3 prefixes and route files are checked there.
            try (Engine engine = Engine.fromModel(loaded.model()))
            {
                for (final Map.Entry<FibSection, Long> e : engine.bytesPerTable().entrySet())
                {
                    fibBytes.put(e.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.getValue());
                }
            }
            catch (final EngineConfigException ex)
            {
                compileErrors = ex.problems();
                for (final String problem : compileErrors)
                {
                    err.println(problem);
                }
            }
        }
        final boolean rejected = loaded.hasErrors() || !compileErrors.isEmpty();
        if (json)
        {
            out.println(toJson(loaded, summary, fibBytes, compileErrors));
        }
        else if (!rejected)
        {
            printText(out, summary, fibBytes);
        }
        out.flush();
        if (rejected)
        {
            final String problems = loaded.hasErrors()
                    ? loaded.diagnosticCounts()
                    : compileErrors.size() + " compile errors";
            err.println("check: " + problems + ": config rejected");
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.OK;
    }

    private static void printText(final PrintWriter out, final ConfigSummary s, final Map<String, Long> fibBytes)
    {
        out.println("config: " + s.files().size() + (s.files().size() == 1 ? " file, " : " files, ")
                + s.errors() + " errors, " + s.warnings() + " warnings");
        out.println("kinds:");
        for (final Map.Entry<String, Integer> e : s.kindCounts().entrySet())
        {
            out.printf("  %-16s %d%n", e.getKey(), e.getValue());
        }
        out.println("hosts: " + s.hosts().size()
                + (s.hosts().isEmpty() ? "" : " (" + String.join(", ", s.hosts()) + ")"));
        out.println("registry services: " + s.registryHosts().size());
        out.println("http routes: " + s.httpRoutes());
        out.println("tcp routes: " + s.tcpRoutes());
        out.println("clusters: " + s.clusters().size());
        for (final ConfigSummary.Cluster c : s.clusters())
        {
            out.printf("  %-60s %d endpoints (%d healthy)%n", c.name(), c.endpoints(), c.healthy());
        }
        out.println("endpoints: " + s.endpoints());
        out.println("l3 routes (inline): " + s.l3Routes());
        if (!fibBytes.isEmpty())
        {
            long total = 0;
            out.println("fib bytes:");
            for (final Map.Entry<String, Long> e : fibBytes.entrySet())
            {
                out.printf("  %-16s %d%n", e.getKey(), e.getValue());
                total += e.getValue();
            }
            out.printf("  %-16s %d%n", "total", total);
        }
    }

    private static String toJson(final LoadedConfig loaded, final ConfigSummary s, final Map<String, Long> fibBytes,
            final List<String> compileErrors) throws Exception
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", !loaded.hasErrors() && compileErrors.isEmpty());
        root.put("errors", s.errors());
        root.put("warnings", s.warnings());
        root.put("files", s.files());
        root.put("kinds", s.kindCounts());
        root.put("hosts", s.hosts());
        root.put("registryHosts", s.registryHosts());
        root.put("httpRoutes", s.httpRoutes());
        root.put("tcpRoutes", s.tcpRoutes());
        final List<Map<String, Object>> clusters = new ArrayList<>();
        for (final ConfigSummary.Cluster c : s.clusters())
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("endpoints", c.endpoints());
            m.put("healthy", c.healthy());
            clusters.add(m);
        }
        root.put("clusters", clusters);
        root.put("endpoints", s.endpoints());
        root.put("l3Routes", s.l3Routes());
        if (!fibBytes.isEmpty())
        {
            root.put("fibBytes", fibBytes);
        }
        final List<Map<String, Object>> diags = new ArrayList<>();
        for (final Diagnostic d : loaded.diagnostics())
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", d.severity().label());
            m.put("file", d.where().file());
            m.put("line", d.where().line());
            m.put("column", d.where().column());
            m.put("path", d.where().path());
            m.put("message", d.message());
            diags.add(m);
        }
        root.put("diagnostics", diags);
        if (!compileErrors.isEmpty())
        {
            root.put("compileErrors", compileErrors);
        }
        return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
