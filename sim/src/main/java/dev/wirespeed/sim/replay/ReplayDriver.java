package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.report.ReportTally;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The one replay driver: a source (a packet capture or a JSONL request trace, told by the file's first bytes,
 * {@link TraceKind}) feeds the busy-spinning {@link ForwardingPipeline}, and the decisions come back in input order
 * through one chain of sink stages on the driving thread:
 *
 * <pre>
 *   source (CaptureSource | RequestSource) --poll--&gt; ForwardingPipeline (N workers, or inline)
 *       --in input order--&gt; summary tallies (DecisionTally, by index) --&gt; HTML report tallies (--report)
 *       --&gt; decision lines (DecisionOutput: DecisionEncoder, bytes; a capture's encoded on its writer thread)
 *       --&gt; egress captures (--pcap-out, packets)
 *       --&gt; the source frees the record
 * </pre>
 *
 * <p>One conservation path: at the end the pipeline's counters must balance (records in = forwarded + answered +
 * punted + dropped by reason; {@link ConservationReport}), and the sink must have seen one decision per record
 * read and the pipeline counted every record read as in; otherwise {@link ConservationFailure} is thrown (a bug:
 * the CLI exits non-zero). Allocation-free per record in the steady state (the line buffer, the decision block,
 * the arenas and the name caches are allocated once; {@code ReplayAllocationTest}).
 */
public final class ReplayDriver
{
    /** How many bad records are described one by one on stderr (then a count). */
    public static final int MAX_REPORTED = 10;

    private final Engine engine;
    private final PipelineConfig config;
    private final PrintWriter err;
    private final RequestSlots slots = new RequestSlots();
    private Path pcapOut;
    private boolean context;
    private boolean linesBeside = Runtime.getRuntime().availableProcessors() > 2;
    private ReportTally report;
    private long badRecords;

    /** Conservation did not hold at the end of a replay (a bug: the CLI exits non-zero). */
    public static final class ConservationFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final transient ConservationReport report;

        ConservationFailure(final String message, final ConservationReport report)
        {
            super(message);
            this.report = report;
        }

        /** @return the pipeline's counters at the end. */
        public ConservationReport report()
        {
            return report;
        }
    }

    /**
     * What a replay did.
     *
     * @param conservation the pipeline's counters (balanced).
     * @param recordsRead  records the source handed to the pipeline (blank trace lines are not records).
     * @param countersFile the counters file used.
     */
    public record Result(ConservationReport conservation, long recordsRead, Path countersFile)
    {
    }

    /**
     * @param engine the engine (its FIB, registry and packet side).
     * @param config the pipeline settings (workers, inline, idle strategy, batch, back-pressure, counters).
     * @param err    where the counters file and bad records are reported.
     */
    public ReplayDriver(final Engine engine, final PipelineConfig config, final PrintWriter err)
    {
        this.engine = engine;
        this.config = config;
        this.err = err;
    }

    /**
     * @param directory where forwarded packets of a capture go ({@code port-N.pcap}), or {@code null} for none.
     * @return this.
     */
    public ReplayDriver pcapOut(final Path directory)
    {
        this.pcapOut = directory;
        return this;
    }

    /**
     * @param on a capture's decision lines carry the packet's context ({@code ts}, {@code src}, {@code dst},
     *           {@code sport}, {@code dport}, {@code proto}).
     * @return this.
     */
    public ReplayDriver context(final boolean on)
    {
        this.context = on;
        return this;
    }

    /**
     * @param on a capture's decision lines are encoded on the decision output's writer thread (from a copy of what
     *           each line reads) instead of the replay's thread. By default when the machine has more than two
     *           cores: on two, the JIT compiler takes most of the second core during a replay, and encoding there
     *           took more CPU in all than it saved the replay's thread (docs/performance.md, "One writer thread").
     * @return this.
     */
    public ReplayDriver linesBeside(final boolean on)
    {
        this.linesBeside = on;
        return this;
    }

    /**
     * @param tally the HTML report's tallies to count every decision into too (or {@code null}).
     * @return this.
     */
    public ReplayDriver report(final ReportTally tally)
    {
        this.report = tally;
        return this;
    }

    /** @return how many bad records the last run met (request traces; a bad capture record is counted by reason). */
    public long badRecords()
    {
        return badRecords;
    }

    /**
     * Runs the replay.
     *
     * @param trace     a pcap/pcapng capture or a JSONL request trace.
     * @param decisions where decision lines go (closed at the end), or {@code null}.
     * @param summary   tallies (records, actions, reasons, egress ports, clusters, elapsed).
     * @param progress  told how many bytes of the trace were read; asked whether to stop reading.
     * @return the result.
     * @throws IOException on a read or write error; {@code CaptureFormatException} when a capture is not readable.
     * @throws ConservationFailure when the counters do not balance.
     */
    public Result run(final Path trace, final OutputStream decisions, final ReplaySummary summary,
        final ReplayProgress progress) throws IOException
    {
        final ReplaySource source = TraceKind.of(trace) == TraceKind.CAPTURE
            ? new CaptureSource(engine.packets(), trace, context, linesBeside, progress)
            : new RequestSource(engine, trace, slots, err, progress);
        try (source;
             ForwardingPipeline pipeline = source.open(config);
             Stages stages = new Stages(source, decisions))
        {
            err.println("counters: " + pipeline.counters().file() + " (watch with: wirespeed stat)");
            err.flush();
            final long start = System.nanoTime();
            final ConservationReport conservation;
            try
            {
                conservation = source.run(pipeline, stages);
            }
            catch (final UncheckedIOException ex)
            {
                throw ex.getCause();
            }
            summary.elapsedNanos(System.nanoTime() - start);
            stages.flush(); // every line written: no encoder is still at work when the names are resolved below
            source.finish(progress);
            badRecords = source.badRecords();
            stages.tally.foldInto(summary, config.reasons(), stages.encoder);
            check(conservation, source.records, stages.decided);
            return new Result(conservation, source.records, pipeline.counters().file());
        }
    }

    private static void check(final ConservationReport conservation, final long records, final long decided)
    {
        if (!conservation.balanced())
        {
            throw new ConservationFailure("conservation check failed: " + conservation.describe(), conservation);
        }
        if (decided != records || conservation.recordsIn() != records)
        {
            throw new ConservationFailure("conservation check failed: " + records + " records read, "
                + conservation.recordsIn() + " in, " + decided + " decisions written", conservation);
        }
    }

    /** The sink: every decision, in input order, through the stages; then the source frees the record. */
    private final class Stages implements DecisionSink, AutoCloseable
    {
        private final ReplaySource source;
        private final DecisionTally tally = new DecisionTally();
        private final DecisionEncoder encoder;
        private final DecisionOutput decisions;
        private final EgressCaptures egress;
        private long decided;

        Stages(final ReplaySource source, final OutputStream out) throws IOException
        {
            this.source = source;
            this.encoder = source.newEncoder(config);
            this.decisions = out == null ? null : source.newOutput(encoder, out);
            this.egress = pcapOut == null ? null : source.openEgress(pcapOut);
        }

        @Override
        public void onDecision(final DecisionDescriptor d)
        {
            tally.count(d, source.wireBytes(d));
            if (report != null)
            {
                source.report(report, d);
            }
            try
            {
                if (decisions != null)
                {
                    source.write(decisions, d);
                }
                if (egress != null)
                {
                    source.egress(egress, d);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            source.decided(d);
            decided++;
        }

        void flush() throws IOException
        {
            if (decisions != null)
            {
                decisions.flush();
            }
        }

        @Override
        public void close() throws IOException
        {
            IOException first = null;
            if (egress != null)
            {
                try
                {
                    egress.close();
                }
                catch (final IOException ex)
                {
                    first = ex;
                }
            }
            if (decisions != null)
            {
                try
                {
                    decisions.close();
                }
                catch (final IOException ex)
                {
                    first = first == null ? ex : first;
                }
            }
            if (first != null)
            {
                throw first;
            }
        }
    }
}
