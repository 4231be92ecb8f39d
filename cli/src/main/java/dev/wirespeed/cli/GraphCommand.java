package dev.wirespeed.cli;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.graph.GraphLayout;
import dev.wirespeed.sim.graph.GraphWriters;
import dev.wirespeed.sim.graph.MeshGraph;
import dev.wirespeed.sim.graph.MeshGraphBuilder;
import dev.wirespeed.sim.graph.TrafficOverlay;
import dev.wirespeed.sim.jsonl.RequestTraceReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wirespeed graph -c CONFIG [--trace FILE] -o OUT.(html|svg|dot)}: draws the mesh — gateways →
 * hosts → VirtualServices → routes → clusters → endpoints — and, with a JSONL request trace, the traffic
 * each part carried (decided by the same engine {@code replay} uses).
 */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        description = "Draw the mesh (gateways, hosts, VirtualServices, routes, clusters, endpoints) as HTML, "
                + "SVG or DOT; with --trace, the traffic on every edge.")
public final class GraphCommand implements Callable<Integer>
{
    /** Output formats. */
    enum Format
    {
        html, svg, dot
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A YAML file or a directory (recursively *.yaml, *.yml); repeatable.")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Option(names = "--trace", paramLabel = "FILE", description = "A JSONL request trace to lay over the graph.")
    Path trace;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Where to write: OUT.html (self-contained page), OUT.svg or OUT.dot; - for stdout.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "html, svg or dot (default: from the output's extension; html for -).")
    Format format;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final Format f = format != null ? format : formatOf(output);
        if (trace != null && !Files.isRegularFile(trace))
        {
            throw new InvalidInputException(trace + ": no such file");
        }
        final MeshGraph graph;
        try (Engine engine = Engine.load(config, clusters.options()))
        {
            for (final String w : engine.warnings())
            {
                err.println(w);
            }
            graph = trace == null ? MeshGraphBuilder.build(engine.model()) : withTraffic(engine, err);
        }
        final String text = switch (f)
        {
            case dot -> GraphWriters.dot(graph);
            case svg -> GraphWriters.svg(GraphLayout.of(graph));
            case html -> GraphWriters.html(GraphLayout.of(graph), "wirespeed graph -c " + join(config)
                    + (trace == null ? "" : " --trace " + trace));
        };
        write(text);
        return ExitCodes.OK;
    }

    private MeshGraph withTraffic(final Engine engine, final PrintWriter err) throws IOException
    {
        final TrafficOverlay overlay = new TrafficOverlay(engine.model());
        long bad = 0;
        long good = 0;
        try (RequestTraceReader in = new RequestTraceReader(trace))
        {
            while (in.next())
            {
                if (in.request() == null)
                {
                    if (bad++ < 10)
                    {
                        err.println(trace + ":" + in.error() + " (bad record)");
                    }
                    continue;
                }
                final HttpRequest request = in.request();
                overlay.add(request, engine.route(request));
                good++;
            }
        }
        if (good == 0 && bad > 0)
        {
            throw new InvalidInputException(trace + ": no line is a request (" + bad + " bad): is it a JSONL trace?");
        }
        if (bad > 0)
        {
            err.println(trace + ": " + bad + " bad records left out of the graph");
        }
        return overlay.graph();
    }

    private void write(final String text) throws IOException
    {
        if (output.toString().equals("-"))
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            if (out.checkError())
            {
                throw new InvalidInputException("graph: cannot write to standard output");
            }
            return;
        }
        if (Files.isDirectory(output))
        {
            throw new InvalidInputException(output + ": is a directory");
        }
        try
        {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new InvalidInputException(output + ": cannot write: " + e.getMessage());
        }
    }

    private Format formatOf(final Path out)
    {
        final String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("-") || name.endsWith(".html") || name.endsWith(".htm"))
        {
            return Format.html;
        }
        if (name.endsWith(".svg"))
        {
            return Format.svg;
        }
        if (name.endsWith(".dot") || name.endsWith(".gv"))
        {
            return Format.dot;
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "cannot tell the format of " + out + ": name it .html, .svg or .dot, or give --format");
    }

    private static String join(final List<Path> paths)
    {
        final StringBuilder b = new StringBuilder();
        for (final Path p : paths)
        {
            b.append(b.length() == 0 ? "" : " -c ").append(p);
        }
        return b.toString();
    }
}
