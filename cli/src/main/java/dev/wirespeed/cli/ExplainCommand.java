package dev.wirespeed.cli;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.explain.ExplainOutput;
import dev.wirespeed.sim.explain.Explained;
import dev.wirespeed.sim.explain.PacketExplainer;
import dev.wirespeed.sim.explain.RequestExplainer;
import dev.wirespeed.sim.explain.TraceRecords;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import dev.wirespeed.sim.replay.TraceKind;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wirespeed explain -c CONFIG (--request JSON | TRACE --record N | CAPTURE --frame N) [--json]}: walks
 * one request (or packet) through every stage and says what each decided and why; the decision it ends with
 * is the one {@code replay} writes for the same record.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = "Say why a request (or a captured packet) gets its decision: host, VirtualServices, each "
                + "route tried, action, cluster, endpoint, L3.")
public final class ExplainCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A YAML file or a directory (recursively *.yaml, *.yml); repeatable.")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;

    @Option(names = "--request", paramLabel = "JSON",
            description = "One request as a JSONL trace line, e.g. '{\"authority\":\"reviews\",\"path\":\"/\"}'.")
    String request;

    @Option(names = "--id", paramLabel = "N", defaultValue = "0",
            description = "The id of the --request (seeds weights, fault draws, load balancing; default 0).")
    long id;

    @Parameters(arity = "0..1", paramLabel = "TRACE|CAPTURE",
            description = "A JSONL request trace (with --record) or a pcap/pcapng capture (with --frame).")
    Path input;

    @Option(names = "--record", paramLabel = "N", description = "The trace record to explain (0-based, replay's i).")
    Long record;

    @Option(names = "--frame", paramLabel = "N", description = "The capture frame to explain (0-based, replay's i).")
    Long frame;

    @Option(names = "--workers", paramLabel = "N",
            description = "The worker count whose flow-hash sharding a packet's explanation shows (default: as "
                    + "replay's default).")
    Integer workers;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException
    {
        final int sources = (request != null ? 1 : 0) + (record != null ? 1 : 0) + (frame != null ? 1 : 0);
        if (sources != 1 || (request != null) == (input != null))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --request JSON, TRACE --record N, CAPTURE --frame N");
        }
        if (input != null && !Files.isRegularFile(input))
        {
            throw new InvalidInputException(input + ": no such file");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (Engine engine = Engine.load(config, clusters.options()))
        {
            for (final String w : engine.warnings())
            {
                err.println(w);
            }
            final Explained e = explain(engine);
            out.print(json ? ExplainOutput.json(e) + System.lineSeparator() : ExplainOutput.text(e));
            out.flush();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidInputException(ex.getMessage());
        }
        return ExitCodes.OK;
    }

    private Explained explain(final Engine engine) throws IOException
    {
        if (request != null)
        {
            final RequestLineParser.Result parsed = new RequestLineParser.Result();
            if (!new RequestLineParser().parse(request, id, parsed))
            {
                throw new InvalidInputException("--request: " + parsed.error());
            }
            return new RequestExplainer(engine).explain(parsed.request());
        }
        final TraceKind kind = TraceKind.of(input);
        if (record != null)
        {
            if (kind != TraceKind.REQUESTS)
            {
                throw new InvalidInputException(input + ": --record needs a JSONL request trace (for a capture, "
                        + "--frame)");
            }
            final HttpRequest r = TraceRecords.read(input, record);
            return new RequestExplainer(engine).explain(r);
        }
        if (kind == TraceKind.REQUESTS)
        {
            throw new InvalidInputException(input + ": --frame needs a pcap or pcapng capture (for a trace, --record)");
        }
        return PacketExplainer.explain(engine, input, frame,
                workers == null ? PipelineConfig.defaultWorkers() : Math.max(1, workers));
    }
}
