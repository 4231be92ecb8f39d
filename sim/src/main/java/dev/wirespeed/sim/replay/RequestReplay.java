package dev.wirespeed.sim.replay;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.DecisionOutput;
import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.jsonl.RequestLineDecoder;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import dev.wirespeed.sim.jsonl.Utf8;
import dev.wirespeed.sim.report.ReportTally;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Replays a JSONL request trace through the forwarding pipeline. The reader (this thread) splits the trace
 * into lines, copies each line into its record's {@link RequestSlots} slot and writes a request descriptor
 * into a worker's ring; the worker decodes the line (byte level, straight into the slot's request view) and
 * runs the {@link RequestForwarder} stages; decisions come back in input order and are encoded and written
 * here. So on two cores the work splits in two: this thread reads, encodes and writes, the worker parses and
 * routes. Records are spread over the workers by record index (a request carries no flow state), and the
 * decisions are the same for any number of workers and in inline mode: every per-request choice is seeded by
 * the record index. A line that does not start with {@code '{'} (after spaces and tabs) is decoded here, as
 * before the hand-off: it may be blank (skipped, no record) or bad.
 */
public final class RequestReplay
{
    /** How many bad records are described one by one on stderr (then a count). */
    public static final int MAX_REPORTED = 10;
    /** Source outcome: the line was copied for its worker to decode. */
    private static final int DEFERRED = -1;

    private final Engine engine;
    private final PipelineConfig config;
    private final PrintWriter err;
    private final RequestSlots slots = new RequestSlots();
    private long badRecords;
    private Path trace;
    private ConservationReport conservation;
    private ReportTally report;

    /**
     * @param engine the engine whose FIB the workers read.
     * @param config the pipeline settings (workers, idle strategy, back-pressure, counters directory).
     * @param err    where bad records are reported.
     */
    public RequestReplay(final Engine engine, final PipelineConfig config, final PrintWriter err)
    {
        this.engine = engine;
        this.config = config;
        this.err = err;
    }

    /**
     * @param trace     the JSONL trace.
     * @param decisions where decision lines go (closed at the end), or {@code null}.
     * @param summary   tallies every decision.
     * @param progress  told how many bytes were read so far.
     * @return the pipeline's conservation report (records in = forwarded + answered + punted + dropped).
     * @throws IOException on a read or write error.
     */
    public ConservationReport run(final Path trace, final OutputStream decisions, final ReplaySummary summary,
            final ReplayProgress progress) throws IOException
    {
        final long start = System.nanoTime();
        this.trace = trace;
        try (LineReader in = new LineReader(trace);
             ForwardingPipeline pipeline = new ForwardingPipeline(config,
                     worker -> new RequestForwarder(engine.newSession(), slots)))
        {
            slots.allocate(pipeline.maxInFlight());
            err.println("counters: " + pipeline.counters().file() + " (watch with: wirespeed stat)");
            err.flush();
            final Source source = new Source(in, progress);
            final DecisionEncoder encoder = engine.newEncoder(config.reasons());
            final Sink sink = new Sink(decisions == null ? null : new DecisionOutput(encoder, decisions));
            try
            {
                conservation = pipeline.run(source, sink);
            }
            catch (final UncheckedIOException ex)
            {
                throw ex.getCause();
            }
            finally
            {
                if (sink.decisions != null)
                {
                    sink.decisions.close();
                }
            }
            sink.tally.foldInto(summary, config.reasons(), encoder);
            progress.at(in.bytesRead());
        }
        summary.elapsedNanos(System.nanoTime() - start);
        if (badRecords > MAX_REPORTED)
        {
            err.println(trace + ": " + (badRecords - MAX_REPORTED) + " more bad records not shown ("
                    + badRecords + " in all)");
        }
        err.flush();
        return conservation;
    }

    /**
     * @param tally the HTML report's tallies to count every decision into too (or {@code null}).
     * @return this.
     */
    public RequestReplay report(final ReportTally tally)
    {
        this.report = tally;
        return this;
    }

    /** Counts a bad record and describes it on stderr (the first {@link #MAX_REPORTED}), in input order. */
    private void reportBadRecord(final long lineNumber, final String error)
    {
        badRecords++;
        if (badRecords <= MAX_REPORTED)
        {
            err.println(trace + ":" + lineNumber + ":" + error.replaceFirst("^column ", "")
                    + " (record dropped: bad-record)");
        }
    }

    /** @return how many bad records the last run met. */
    public long badRecords()
    {
        return badRecords;
    }

    /**
     * The reader side: one JSONL line a record, blank lines skipped. A line that starts an object is copied
     * into the record's slot for its worker to decode; any other line is decoded here (bytes straight into the
     * slot's view, {@link RequestLineDecoder}; a line the byte parser does not take goes to the reference
     * parser, {@link RequestLineParser}, which finds it blank, accepts it, or says what is wrong with it).
     */
    private final class Source implements DescriptorSource
    {
        private final LineReader in;
        private final ReplayProgress progress;
        private final RequestLineDecoder decoder = new RequestLineDecoder();
        private final RequestLineParser parser = new RequestLineParser();
        private final RequestLineParser.Result parsed = new RequestLineParser.Result();
        private long index;
        private long bytes;

        Source(final LineReader in, final ReplayProgress progress)
        {
            this.in = in;
            this.progress = progress;
        }

        @Override
        public int poll(final PacketDescriptor d)
        {
            if (progress.stopRequested())
            {
                return END;
            }
            final int slot = slots.slot(index);
            final HttpRequestView view = slots.views[slot];
            int outcome;
            try
            {
                do
                {
                    if (!in.next())
                    {
                        return END;
                    }
                    if (in.tooLong())
                    {
                        slots.pending[slot] = false;
                        slots.errors[slot] = " line of " + in.tooLongBytes() + " bytes is over the limit of "
                            + in.maxLineBytes(); // reported by the writer, in input order
                        slots.lineNumbers[slot] = in.lineNumber();
                        outcome = RequestLineDecoder.FALLBACK;
                        break;
                    }
                    final byte[] line = in.array();
                    final int offset = in.offset();
                    final int length = in.length();
                    if (startsAnObject(line, offset, length))
                    {
                        slots.copyLine(slot, line, offset, length, in.lineNumber());
                        outcome = DEFERRED;
                    }
                    else
                    {
                        slots.pending[slot] = false; // the slot may last have held a tail-dropped record's line
                        outcome = decoder.decode(line, offset, length, index, view);
                        if (outcome == RequestLineDecoder.FALLBACK)
                        {
                            outcome = reference(slot, view);
                        }
                    }
                }
                while (outcome == RequestLineDecoder.BLANK);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            d.clear().kind(PacketDescriptor.KIND_HTTP_REQUEST).requestRef(slot);
            if (outcome == RequestLineDecoder.OK || outcome == DEFERRED)
            {
                d.flowHash(spread(index));
            }
            else
            {
                d.status(Reasons.BAD_RECORD);
            }
            index++;
            if ((index & 1023) == 0)
            {
                progress.at(in.bytesRead());
            }
            return RECORD;
        }

        /** The rare line: decoded to a String and parsed by the reference parser. */
        private int reference(final int slot, final HttpRequestView view)
        {
            final String invalid = Utf8.problem(in.array(), in.offset(), in.length());
            if (invalid != null)
            {
                slots.errors[slot] = invalid; // reported by the writer, in input order
                slots.lineNumbers[slot] = in.lineNumber();
                return RequestLineDecoder.FALLBACK;
            }
            final String text = new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8);
            if (text.isBlank())
            {
                return RequestLineDecoder.BLANK;
            }
            if (parser.parse(text, index, parsed))
            {
                view.reset(parsed.request());
                return RequestLineDecoder.OK;
            }
            slots.errors[slot] = parsed.error(); // reported by the writer, in input order
            slots.lineNumbers[slot] = in.lineNumber();
            return RequestLineDecoder.FALLBACK;
        }
    }

    /** @return whether the line's first byte after spaces and tabs is {@code '{'} (its worker decodes it). */
    private static boolean startsAnObject(final byte[] line, final int offset, final int length)
    {
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            final byte c = line[i];
            if (c != ' ' && c != '\t')
            {
                return c == '{';
            }
        }
        return false;
    }

    /** @return a well-mixed 32-bit hash of a record index (the pipeline shards by it). */
    private static int spread(final long index)
    {
        return (int)((index * 0x9E37_79B9_7F4A_7C15L) >>> 32);
    }

    /** The writer side: decisions in input order, encoded from the descriptors and the slots' request text. */
    private final class Sink implements DecisionSink
    {
        private final DecisionOutput decisions;
        private final DecisionTally tally = new DecisionTally();

        Sink(final DecisionOutput decisions)
        {
            this.decisions = decisions;
        }

        @Override
        public void onDecision(final DecisionDescriptor d)
        {
            tally.count(d, 0L);
            final int slot = slots.slot(d.recordIndex());
            if (report != null)
            {
                report.request(d, slots.views[slot].ts());
            }
            final String error = slots.errors[slot];
            if (error != null)
            {
                slots.errors[slot] = null;
                reportBadRecord(slots.lineNumbers[slot], error);
            }
            if (decisions != null)
            {
                try
                {
                    decisions.write(d, slots.views[slot]);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
    }
}
