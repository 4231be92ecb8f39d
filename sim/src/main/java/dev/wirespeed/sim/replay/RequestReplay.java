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
import dev.wirespeed.sim.report.ReportTally;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Replays a JSONL request trace through the forwarding pipeline: the reader (this thread) parses each
 * line, encodes the request into its {@link RequestSlots} slot and writes a request descriptor into a
 * worker's ring (sharded by a hash of source address, authority and port, so one client's requests to a
 * host stay in order on one worker); the workers run the {@link RequestForwarder} stages; decisions
 * come back in input order and are written here. The decisions are the same for any number of workers
 * and in inline mode: every per-request choice is seeded by the record index.
 */
public final class RequestReplay
{
    /** How many bad records are described one by one on stderr (then a count). */
    public static final int MAX_REPORTED = 10;

    private final Engine engine;
    private final PipelineConfig config;
    private final PrintWriter err;
    private final RequestSlots slots = new RequestSlots();
    private long badRecords;
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
        try (LineReader in = new LineReader(trace);
             ForwardingPipeline pipeline = new ForwardingPipeline(config,
                     worker -> new RequestForwarder(engine.newSession(), slots)))
        {
            slots.allocate(pipeline.maxInFlight());
            err.println("counters: " + pipeline.counters().file() + " (watch with: wirespeed stat)");
            err.flush();
            final Source source = new Source(trace, in, progress);
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

    /** @return how many bad records the last run met. */
    public long badRecords()
    {
        return badRecords;
    }

    /**
     * The reader side: one JSONL line a record, blank lines skipped. Lines are parsed as bytes straight into
     * the record's slot ({@link RequestLineDecoder}); a line the byte parser does not take goes to the
     * reference parser ({@link RequestLineParser}), which accepts it or says what is wrong with it.
     */
    private final class Source implements DescriptorSource
    {
        private final Path trace;
        private final LineReader in;
        private final ReplayProgress progress;
        private final RequestLineDecoder decoder = new RequestLineDecoder();
        private final RequestLineParser parser = new RequestLineParser();
        private final RequestLineParser.Result parsed = new RequestLineParser.Result();
        private long index;
        private long bytes;

        Source(final Path trace, final LineReader in, final ReplayProgress progress)
        {
            this.trace = trace;
            this.in = in;
            this.progress = progress;
        }

        @Override
        public int poll(final PacketDescriptor d)
        {
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
                    outcome = decoder.decode(in.array(), in.offset(), in.length(), index, view);
                    if (outcome == RequestLineDecoder.FALLBACK)
                    {
                        outcome = reference(view, d);
                    }
                }
                while (outcome == RequestLineDecoder.BLANK);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            d.clear().kind(PacketDescriptor.KIND_HTTP_REQUEST).requestRef(slot);
            if (outcome == RequestLineDecoder.OK)
            {
                d.flowHash(RequestLineDecoder.hash(view));
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
        private int reference(final HttpRequestView view, final PacketDescriptor d)
        {
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
            badRecords++;
            if (badRecords <= MAX_REPORTED)
            {
                err.println(trace + ":" + in.lineNumber() + ":" + parsed.error().replaceFirst("^column ", "")
                        + " (record dropped: bad-record)");
            }
            return RequestLineDecoder.FALLBACK;
        }
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
            if (report != null)
            {
                report.request(d, slots.views[slots.slot(d.recordIndex())].ts());
            }
            if (decisions != null)
            {
                try
                {
                    decisions.write(d, slots.views[slots.slot(d.recordIndex())]);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
    }
}
