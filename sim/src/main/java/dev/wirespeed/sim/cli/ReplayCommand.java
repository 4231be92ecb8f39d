package dev.wirespeed.sim.cli;

import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.IdleStrategies;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionWriter;
import dev.wirespeed.sim.replay.CaptureReplay;
import dev.wirespeed.sim.replay.ReplaySummary;
import dev.wirespeed.sim.replay.RequestReplay;
import dev.wirespeed.sim.replay.TerminalProgress;
import dev.wirespeed.sim.replay.TraceKind;
import dev.wirespeed.sim.trace.CaptureFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed replay}: replays a request trace (JSONL) or a packet capture (pcap/pcapng, told by
 * its magic number) through an engine compiled from the config, writes one decision per record in input
 * order, and prints a summary.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
                "Replay a request trace (JSONL) or a packet capture (pcap, pcapng) through the engine.",
                "Example: wirespeed replay -c examples/reviews examples/reviews/requests.jsonl --decisions out.jsonl",
                "Example: wirespeed replay -c routes.yaml capture.pcap --workers 2 --pcap-out out/ --decisions d.jsonl",
        })
public final class ReplayCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "Config file or directory (YAML; repeatable).")
    List<Path> config = new ArrayList<>();

    @Option(names = "--decisions", paramLabel = "FILE", description = "Write one decision per record (JSONL); '-' for stdout.")
    String decisions;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--no-progress", description = "Never show a progress bar (none is shown when output is not a terminal anyway).")
    boolean noProgress;

    @Option(names = "--workers", paramLabel = "N",
            description = "Captures: forwarding workers, each on its own thread (default: cores - 1, at least 1).")
    Integer workers;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "busy-spin",
            description = "Captures: idle strategy of workers and the driving loop: busy-spin (default), yield, backoff, sleep.")
    String idle;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Captures: most descriptors a worker forwards per duty cycle (default 64).")
    int batch;

    @Option(names = "--drop-when-full", description = "Captures: tail-drop records that find their ring full (counted ring-full) instead of waiting (lossless, the default).")
    boolean dropWhenFull;

    @Option(names = "--inline", description = "Captures: step the workers on the driving thread (deterministic, no worker threads).")
    boolean inline;

    @Option(names = "--pcap-out", paramLabel = "DIR", description = "Captures: write forwarded packets (TTL decremented, checksum updated) to DIR/port-N.pcap.")
    Path pcapOut;

    @Option(names = "--counters-dir", paramLabel = "DIR", description = "Captures: counters directory (default /dev/shm/wirespeed-<pid>); watch with 'wirespeed stat'.")
    Path countersDir;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A JSONL request trace or a pcap/pcapng capture.")
    Path trace;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(trace))
        {
            throw new InvalidInputException(trace + ": no such file");
        }
        final TraceKind kind = TraceKind.of(trace);
        try (Engine engine = Engine.load(config))
        {
            for (final String w : engine.warnings())
            {
                err.println(w);
            }
            final boolean toStdout = "-".equals(decisions);
            final ReplaySummary summary = new ReplaySummary();
            try (DecisionWriter writer = openDecisions(toStdout);
                 TerminalProgress progress = new TerminalProgress("replay", Files.size(trace), !noProgress && !toStdout))
            {
                if (kind == TraceKind.CAPTURE)
                {
                    if (!replayCapture(engine, err, writer, summary, progress))
                    {
                        return ExitCodes.INVALID_INPUT;
                    }
                }
                else
                {
                    final RequestReplay replay = new RequestReplay(engine, err);
                    replay.run(trace, writer, summary, progress);
                }
            }
            final PrintWriter out = toStdout ? err : spec.commandLine().getOut();
            out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private boolean replayCapture(final Engine engine, final PrintWriter err, final DecisionWriter writer,
            final ReplaySummary summary, final TerminalProgress progress) throws IOException
    {
        if (batch < 1)
        {
            throw new InvalidInputException("--batch must be at least 1: " + batch);
        }
        final int n = workers == null ? PipelineConfig.defaultWorkers() : workers;
        if (n < 1 || n > 127)
        {
            throw new InvalidInputException("--workers must be 1 to 127: " + n);
        }
        try
        {
            IdleStrategies.byName(idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidInputException("--idle: " + ex.getMessage());
        }
        final CaptureReplay.Options options = new CaptureReplay.Options(n, idle, batch, dropWhenFull, inline, pcapOut,
                countersDir);
        try
        {
            new CaptureReplay(engine, options, err).run(trace, writer, summary, progress);
            return true;
        }
        catch (final CaptureFormatException ex)
        {
            throw new InvalidInputException(ex.getMessage());
        }
        catch (final CaptureReplay.ConservationFailure ex)
        {
            err.println("error: " + ex.getMessage());
            err.flush();
            return false;
        }
    }

    private DecisionWriter openDecisions(final boolean toStdout) throws IOException
    {
        if (decisions == null)
        {
            return null;
        }
        final Writer w;
        if (toStdout)
        {
            w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
            {
                @Override
                public void close() throws IOException
                {
                    flush(); // never close stdout
                }
            };
        }
        else
        {
            try
            {
                w = Files.newBufferedWriter(Path.of(decisions), StandardCharsets.UTF_8);
            }
            catch (final NoSuchFileException ex)
            {
                throw new InvalidInputException(decisions + ": cannot create decisions file (no such directory)");
            }
        }
        return new DecisionWriter(w);
    }
}
