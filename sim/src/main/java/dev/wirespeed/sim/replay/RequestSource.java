package dev.wirespeed.sim.replay;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.ExecutionMode;
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
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A JSONL request trace as a {@link ReplaySource}. The reader (the driving thread) splits the trace into lines,
 * copies each line into its record's {@link RequestSlots} slot and writes a request descriptor into a worker's
 * ring; the worker decodes the line (byte level, straight into the slot's request view) and runs the
 * {@link RequestForwarder} stages; the driver's stages read the slot's view when the decision comes out in input
 * order. So on two cores the work splits in two: the driving thread reads, encodes and writes, the worker parses
 * and routes. With one worker (two cores) the split follows the load: while the worker is behind (more than
 * {@link #DECODE_AHEAD} records handed to it and not yet routed: its ingress ring fills) the reader decodes the
 * next lines itself, straight from its read buffer into the slot's view, and the worker only routes them; inline,
 * the reader decodes every line so (no copy). Which thread decoded a line changes nothing in its decision.
 * Records are spread over the workers by record index (a request carries no flow state), and the decisions are
 * the same for any number of workers and in inline mode: every per-request choice is seeded by the record index.
 * A line that does not start with {@code '{'} (after spaces and tabs) is decoded here, as before the hand-off: it
 * may be blank (skipped, no record) or bad. A bad record is dropped ({@code bad-record}) and described on stderr
 * (file, line, column; the first {@link ReplayDriver#MAX_REPORTED}, then a count), in input order.
 */
final class RequestSource extends ReplaySource
{
    /** Source outcome: the line was copied for its worker to decode. */
    private static final int DEFERRED = -1;
    /**
     * Records handed to the one worker and not yet routed above which the reader decodes lines itself: several
     * batches, so a worker that keeps up gets every line to decode, and one whose ingress ring fills gets help.
     */
    static final int DECODE_AHEAD = 512;

    private final Engine engine;
    private final Path trace;
    private final RequestSlots slots;
    private final PrintWriter err;
    private final ReplayProgress progress;
    private final RequestLineDecoder decoder = new RequestLineDecoder();
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result parsed = new RequestLineParser.Result();
    private LineReader in;
    private long badRecords;
    private boolean inline;
    private boolean helpWorker;

    /**
     * @param engine   the engine whose FIB the workers read.
     * @param trace    the JSONL trace.
     * @param slots    the request arena (kept by the driver across runs, so a later run reuses it).
     * @param err      where bad records are described.
     * @param progress told how many bytes were read, asked whether to stop.
     */
    RequestSource(final Engine engine, final Path trace, final RequestSlots slots, final PrintWriter err,
        final ReplayProgress progress)
    {
        this.engine = engine;
        this.trace = trace;
        this.slots = slots;
        this.err = err;
        this.progress = progress;
    }

    @Override
    ForwardingPipeline open(final PipelineConfig config) throws IOException
    {
        in = new LineReader(trace);
        inline = config.mode() == ExecutionMode.INLINE;
        helpWorker = config.workers() == 1; // with more workers the reader is the slower side
        final ForwardingPipeline pipeline = new ForwardingPipeline(config,
            worker -> new RequestForwarder(engine.newSession(), slots));
        slots.allocate(pipeline.maxInFlight());
        return pipeline;
    }

    @Override
    DecisionEncoder newEncoder(final PipelineConfig config)
    {
        return engine.newEncoder(config.reasons());
    }

    @Override
    public int poll(final PacketDescriptor d)
    {
        if (progress.stopRequested())
        {
            return END;
        }
        final long index = records;
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
                outcome = take(slot, index, view);
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
        records++;
        if ((records & 1023) == 0)
        {
            progress.at(in.bytesRead());
        }
        return RECORD;
    }

    /** One line into its slot: copied for the worker, decoded here, blank, or bad. */
    private int take(final int slot, final long index, final HttpRequestView view)
    {
        if (in.tooLong())
        {
            slots.pending[slot] = false;
            slots.errors[slot] = " line of " + in.tooLongBytes() + " bytes is over the limit of "
                + in.maxLineBytes(); // reported by the writer, in input order
            slots.lineNumbers[slot] = in.lineNumber();
            return RequestLineDecoder.FALLBACK;
        }
        final byte[] line = in.array();
        final int offset = in.offset();
        final int length = in.length();
        if (!inline && (!helpWorker || index - slots.routed() <= DECODE_AHEAD)
            && startsAnObject(line, offset, length))
        {
            slots.copyLine(slot, line, offset, length, in.lineNumber());
            return DEFERRED;
        }
        slots.pending[slot] = false; // the slot may last have held a tail-dropped record's line
        final int outcome = decoder.decode(line, offset, length, index, view);
        return outcome == RequestLineDecoder.FALLBACK ? reference(slot, index, view) : outcome;
    }

    /** The rare line: decoded to a String and parsed by the reference parser. */
    private int reference(final int slot, final long index, final HttpRequestView view)
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

    @Override
    long wireBytes(final DecisionDescriptor d)
    {
        return 0L;
    }

    /** Counts a bad record and describes it on stderr (the first {@link ReplayDriver#MAX_REPORTED}). */
    private void reportBadRecord(final long lineNumber, final String error)
    {
        badRecords++;
        if (badRecords <= ReplayDriver.MAX_REPORTED)
        {
            err.println(trace + ":" + lineNumber + ":" + error.replaceFirst("^column ", "")
                + " (record dropped: bad-record)");
        }
    }

    @Override
    void report(final ReportTally tally, final DecisionDescriptor d)
    {
        tally.request(d, slots.views[slots.slot(d.recordIndex())].ts());
    }

    @Override
    void write(final DecisionOutput out, final DecisionDescriptor d) throws IOException
    {
        out.write(d, slots.views[slots.slot(d.recordIndex())]);
    }

    @Override
    void decided(final DecisionDescriptor d)
    {
        // a bad record is described here, in input order; the slot is reused once the pipeline admits the record
        // maxInFlight later
        final int slot = slots.slot(d.recordIndex());
        final String error = slots.errors[slot];
        if (error != null)
        {
            slots.errors[slot] = null;
            reportBadRecord(slots.lineNumbers[slot], error);
        }
    }

    @Override
    void finish(final ReplayProgress progress)
    {
        progress.at(in.bytesRead());
        if (badRecords > ReplayDriver.MAX_REPORTED)
        {
            err.println(trace + ": " + (badRecords - ReplayDriver.MAX_REPORTED) + " more bad records not shown ("
                + badRecords + " in all)");
        }
        err.flush();
    }

    @Override
    long badRecords()
    {
        return badRecords;
    }

    @Override
    public void close() throws IOException
    {
        if (in != null)
        {
            in.close();
        }
    }
}
