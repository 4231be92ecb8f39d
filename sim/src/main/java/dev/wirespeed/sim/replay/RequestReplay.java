package dev.wirespeed.sim.replay;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionWriter;
import dev.wirespeed.sim.jsonl.RequestLineParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
     * @param decisions where decisions go, or {@code null}.
     * @param summary   tallies every decision.
     * @param progress  told how many bytes were read so far.
     * @return the pipeline's conservation report (records in = forwarded + answered + punted + dropped).
     * @throws IOException on a read or write error.
     */
    public ConservationReport run(final Path trace, final DecisionWriter decisions, final ReplaySummary summary,
            final ReplayProgress progress) throws IOException
    {
        final long start = System.nanoTime();
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8);
             ForwardingPipeline pipeline = new ForwardingPipeline(config,
                     worker -> new RequestForwarder(engine.newSession(), slots)))
        {
            slots.allocate(pipeline.maxInFlight());
            err.println("counters: " + pipeline.counters().file() + " (watch with: wirespeed stat)");
            err.flush();
            final Source source = new Source(trace, in, progress);
            final Sink sink = new Sink(decisions, summary);
            try
            {
                conservation = pipeline.run(source, sink);
            }
            catch (final UncheckedIOException ex)
            {
                throw ex.getCause();
            }
            progress.at(source.bytes);
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

    /** @return how many bad records the last run met. */
    public long badRecords()
    {
        return badRecords;
    }

    /** The reader side: one JSONL line a record, blank lines skipped. */
    private final class Source implements DescriptorSource
    {
        private final Path trace;
        private final BufferedReader in;
        private final ReplayProgress progress;
        private final RequestLineParser parser = new RequestLineParser();
        private final RequestLineParser.Result parsed = new RequestLineParser.Result();
        private long index;
        private long line;
        private long bytes;

        Source(final Path trace, final BufferedReader in, final ReplayProgress progress)
        {
            this.trace = trace;
            this.in = in;
            this.progress = progress;
        }

        @Override
        public int poll(final PacketDescriptor d)
        {
            String text;
            try
            {
                do
                {
                    text = in.readLine();
                    if (text == null)
                    {
                        return END;
                    }
                    line++;
                    bytes += text.length() + 1;
                }
                while (text.isBlank());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            final int slot = slots.slot(index);
            d.clear().kind(PacketDescriptor.KIND_HTTP_REQUEST).requestRef(slot);
            if (parser.parse(text, index, parsed))
            {
                final HttpRequest r = parsed.request();
                slots.views[slot].reset(r);
                d.flowHash(flowHash(r));
            }
            else
            {
                d.status(ReasonTable.BAD_RECORD);
                badRecords++;
                if (badRecords <= MAX_REPORTED)
                {
                    err.println(trace + ":" + line + ":" + parsed.error().replaceFirst("^column ", "")
                            + " (record dropped: bad-record)");
                }
            }
            index++;
            if ((index & 1023) == 0)
            {
                progress.at(bytes);
            }
            return RECORD;
        }

        private int flowHash(final HttpRequest r)
        {
            final long src = r.src() == null ? IpText.INVALID : IpText.parseIpv4(r.src());
            final int srcWord = src == IpText.INVALID ? (r.src() == null ? 0 : r.src().hashCode()) : (int)src;
            return FlowHash.ipv4(srcWord, r.authority().hashCode(), 0, r.port(), 6);
        }
    }

    /** The writer side: decisions in input order, materialised from the slots. */
    private final class Sink implements DecisionSink
    {
        private final DecisionWriter decisions;
        private final ReplaySummary summary;

        Sink(final DecisionWriter decisions, final ReplaySummary summary)
        {
            this.decisions = decisions;
            this.summary = summary;
        }

        @Override
        public void onDecision(final DecisionDescriptor d)
        {
            final long index = d.recordIndex();
            final int slot = slots.slot(index);
            final RouteDecision decision;
            final int reason = d.reason();
            if (reason == ReasonTable.BAD_RECORD || reason == ReasonTable.RING_FULL
                    || reason == ReasonTable.NO_DECISION)
            {
                // The stages never ran (or gave nothing): the slot's results are not this record's.
                decision = RouteDecision.drop(config.reasons().name(reason));
            }
            else
            {
                decision = engine.decision(slots.views[slot], slots.results[slot], slots.l3[slot], slots.hasL3[slot]);
            }
            try
            {
                if (decisions != null)
                {
                    decisions.write(index, decision);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            summary.count(decision);
        }
    }
}
