package dev.wirespeed.cli;

import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.io.NamedOutputStream;
import dev.wirespeed.sim.replay.ReplayDriver;
import dev.wirespeed.sim.replay.ReplayProgress;
import dev.wirespeed.sim.replay.ReplaySummary;
import dev.wirespeed.sim.replay.TraceKind;
import dev.wirespeed.sim.report.ReportTally;
import dev.wirespeed.sim.trace.CaptureFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
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
                "Example: wirespeed replay -c examples/capture-replay capture.pcap --pcap-out out/ --decisions d.jsonl",
        })
public final class ReplayCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "Config file or directory (YAML; repeatable).")
    List<Path> config = new ArrayList<>();

    @Mixin
    ClusterOptions clusters;


    /**
     * {@code -Dwirespeed.replay.linesBeside=true|false}: a capture's decision lines encoded on the writer thread or on
     * the replay's (default: beside on more than two cores; {@code ReplayDriver.linesBeside}), for measurements.
     */
    private static final String LINES_BESIDE = System.getProperty("wirespeed.replay.linesBeside");

    @Option(names = "--decisions", paramLabel = "FILE",
            description = "Write one decision per record (JSONL); '-' for stdout.")
    String decisions;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--no-progress",
            description = "Never show a progress bar (none is shown when output is not a terminal anyway).")
    boolean noProgress;

    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @Option(names = "--pcap-out", paramLabel = "DIR",
            description = "Captures: write forwarded packets (TTL decremented, IPv4 checksum updated) "
                    + "to DIR/port-N.pcap.")
    Path pcapOut;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report (charts, tables; no script, no network).")
    Path report;

    @Option(names = "--context",
            description = "Captures: each decision line also carries its packet's ts (as tshark's frame.time_epoch), "
                    + "src, dst, sport, dport and proto, to join decisions back to the packets.")
    boolean context;

    private String conservationFailure;
    private ReportTally reportTally;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A JSONL request trace or a pcap/pcapng capture.")
    Path trace;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final TraceInputs.Checked checked = TraceInputs.start(trace); // a trace's field check runs beside the load
        final TraceKind kind = checked.kind();
        if (context && kind != TraceKind.CAPTURE)
        {
            checked.report(err);
            throw new ParameterException(spec.commandLine(), "--context applies to captures (pcap, pcapng) only");
        }
        try
        {
            ReplayOutputs.refuseOutputsOverInputs(trace, config, decisions, pcapOut);
        }
        catch (final RuntimeException ex)
        {
            checked.report(err);
            throw ex;
        }
        reportTally = report == null ? null : new ReportTally();
        final Engine loaded;
        try
        {
            loaded = Engine.load(config, clusters.options());
        }
        finally
        {
            checked.report(err); // the trace's warnings before the config's, as they were
        }
        try (ReplayInterrupt interrupt = new ReplayInterrupt();
             Engine engine = loaded)
        {
            for (final String w : engine.warnings())
            {
                err.println(w);
            }
            final boolean toStdout = "-".equals(decisions);
            final ReplaySummary summary = new ReplaySummary();
            ConservationReport conservation;
            final PipelineConfig pipelineConfig = pipelineConfig();
            try (OutputStream writer = openDecisions(toStdout);
                 TerminalProgress bar = new TerminalProgress("replay", Files.size(trace), !noProgress && !toStdout))
            {
                final ReplayProgress progress = new ReplayProgress()
                {
                    @Override
                    public void at(final long bytes)
                    {
                        bar.at(bytes);
                    }

                    @Override
                    public boolean stopRequested()
                    {
                        return interrupt.requested();
                    }
                };
                conservation = replay(engine, pipelineConfig, err, writer, summary, progress);
            }
            if (report != null)
            {
                ReplayReportFile.write(report, trace + " replayed with " + config, summary, reportTally);
            }
            final PrintWriter out = toStdout ? err : spec.commandLine().getOut();
            final String stopped = interrupt.signalName();
            if (json)
            {
                final String j = summary.toJson();
                out.print((stopped == null ? j : j.substring(0, j.length() - 1) + ",\"interrupted\":\"" + stopped
                    + "\"}") + System.lineSeparator());
            }
            else
            {
                out.print(summary.toText());
                if (stopped != null)
                {
                    out.println("interrupted: " + stopped + " (reading stopped; every record read was decided and"
                        + " written)");
                }
            }
            out.flush();
            if (conservationFailure != null || !conservation.balanced())
            {
                // Every record in must come out as exactly one decision: a mismatch is a bug, never silent.
                err.println("replay: " + (conservationFailure != null ? conservationFailure
                    : "conservation check failed: " + conservation.describe()));
                err.flush();
                return ExitCodes.INVALID_INPUT;
            }
            if (stopped != null)
            {
                return interrupt.exitCode();
            }
        }
        return ExitCodes.OK;
    }

    private PipelineConfig pipelineConfig()
    {
        return pipeline.replayConfig(spec, Runtime.getRuntime().availableProcessors());
    }

    /** One driver for both kinds of trace: the source is told by the file's first bytes. */
    private ConservationReport replay(final Engine engine, final PipelineConfig config, final PrintWriter err,
            final OutputStream writer, final ReplaySummary summary, final ReplayProgress progress)
            throws IOException
    {
        try
        {
            final ReplayDriver driver = new ReplayDriver(engine, config, err).pcapOut(pcapOut).context(context)
                .report(reportTally);
            if (LINES_BESIDE != null)
            {
                driver.linesBeside(Boolean.parseBoolean(LINES_BESIDE));
            }
            return driver.run(trace, writer, summary, progress).conservation();
        }
        catch (final CaptureFormatException ex)
        {
            throw new InvalidInputException(ex.getMessage());
        }
        catch (final ReplayDriver.ConservationFailure ex)
        {
            conservationFailure = ex.getMessage();
            return ex.report();
        }
    }

    private OutputStream openDecisions(final boolean toStdout) throws IOException
    {
        if (decisions == null)
        {
            return null;
        }
        if (toStdout)
        {
            return new FilterOutputStream(System.out)
            {
                @Override
                public void write(final byte[] b, final int off, final int len) throws IOException
                {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException
                {
                    flush(); // never close stdout
                }
            };
        }
        // written only by the decision output's writer thread, in blocks of about a MiB: no buffer of its own
        return new NamedOutputStream(decisions, OutputFiles.openTruncatedByWriter(Path.of(decisions), "--decisions"));
    }
}
