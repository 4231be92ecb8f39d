package dev.wirespeed.flink.job;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.flink.DecisionRecord;
import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.jsonl.RequestLineDecoder;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import dev.wirespeed.sim.jsonl.Utf8;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine of one parallel instance for JSONL requests: the FIB compiled once in {@link #open} from the
 * config documents the job carries, then per record the single-machine replay's steps: the byte decoder (the
 * reference parser for a line it does not take; a bad line is dropped as {@code bad-record}), the L7 stages
 * and the L3 route to the chosen endpoint (as the replay's request forwarder), and the decision line.
 * Requests keep no state between records (every choice is seeded by the record index), so this function runs
 * chained to the source, on whatever instance read the record.
 */
public final class RequestEngineFunction extends ProcessFunction<TraceRecord, DecisionRecord>
    implements CheckpointedFunction
{
    private static final long serialVersionUID = 1L;
    /** Bad records described one by one on stderr per instance (as the single-machine replay). */
    private static final int MAX_REPORTED = 10;

    private final LinkedHashMap<String, String> config;
    private final List<String> inputs;
    private final Counts counts = new Counts("request-engine-counts", EngineCounters.engineNames());
    private final SummaryCounts summary = new SummaryCounts();
    private transient Engine engine;
    private transient Engine.Session session;
    private transient RequestLineDecoder decoder;
    private transient RequestLineParser parser;
    private transient RequestLineParser.Result parsed;
    private transient HttpRequestView view;
    private transient L7Result l7;
    private transient L3Result l3;
    private transient DecisionDescriptor decision;
    private transient DecisionLines lines;
    private transient long badRecords;

    /**
     * @param config the config documents (name to YAML text), in load order.
     * @param inputs the input paths, or a topic's partitions {@code topic-N} (for messages about bad records).
     */
    public RequestEngineFunction(final Map<String, String> config, final List<String> inputs)
    {
        this.config = new LinkedHashMap<>(config);
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public void open(final OpenContext context)
    {
        engine = Engine.fromYaml(config);
        session = engine.newSession();
        decoder = new RequestLineDecoder();
        parser = new RequestLineParser();
        parsed = new RequestLineParser.Result();
        view = new HttpRequestView();
        l7 = new L7Result();
        l3 = new L3Result();
        decision = new DecisionDescriptor();
        decision.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
        lines = new DecisionLines(engine.newEncoder(new ReasonTable()), new ReasonTable());
        counts.open(getRuntimeContext());
        lines.open(getRuntimeContext(), summary);
    }

    @Override
    public void processElement(final TraceRecord r, final Context ctx, final Collector<DecisionRecord> out)
    {
        counts.add(0);
        final DecisionDescriptor d = decision.reset(r.index);
        if (decode(r))
        {
            final boolean hasL3 = session.route(view, l7, l3);
            d.l7(l7, 0).length(0);
            if (hasL3 && l3.action == Actions.FORWARD)
            {
                d.egressPort(l3.egressPort).nextHop(l3.nextHop);
            }
            if (d.action() == Actions.NONE)
            {
                d.drop(Reasons.NO_DECISION);
            }
        }
        else
        {
            d.length(0).drop(Reasons.BAD_RECORD);
        }
        counts.add(1 + d.action());
        out.collect(lines.record(d, view, summary));
    }

    /**
     * The replay's line rules and two parsers: a byte order mark on the first line (on every Kafka message) is
     * skipped, a message with a line break inside is a bad record, a line over
     * {@link LineReader#MAX_LINE_BYTES} or with invalid UTF-8 is a bad record, then bytes first and the
     * reference parser for the rare line; false for a bad record.
     */
    private boolean decode(final TraceRecord r)
    {
        if (r.tooLong())
        {
            return bad(r, "line of " + r.tooLongBytes + " bytes is over the limit of " + LineReader.MAX_LINE_BYTES);
        }
        final byte[] b = r.bytes;
        final boolean message = r.kind == TraceRecord.KIND_MESSAGE;
        final int from = (r.line == 1 || message) && b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB
            && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        if (b.length - from > LineReader.MAX_LINE_BYTES)
        {
            return bad(r, "line of " + (b.length - from) + " bytes is over the limit of " + LineReader.MAX_LINE_BYTES);
        }
        if (message && hasLineBreak(b, from))
        {
            return bad(r, "a message holds a line break (one JSONL line a message)");
        }
        final int outcome = decoder.decode(b, from, b.length - from, r.index, view);
        if (outcome == RequestLineDecoder.OK)
        {
            return true;
        }
        final String invalid = Utf8.problem(b, from, b.length - from);
        if (invalid != null)
        {
            return bad(r, invalid);
        }
        if (parser.parse(new String(b, from, b.length - from, StandardCharsets.UTF_8), r.index, parsed))
        {
            view.reset(parsed.request());
            return true;
        }
        return bad(r, parsed.error().replaceFirst("^column ", ""));
    }

    private static boolean hasLineBreak(final byte[] b, final int from)
    {
        for (int i = from; i < b.length; i++)
        {
            if (b[i] == '\n' || b[i] == '\r')
            {
                return true;
            }
        }
        return false;
    }

    /** Reports a bad record ({@code file:line:} or, for a Kafka message, {@code topic-partition@offset:}). */
    private boolean bad(final TraceRecord r, final String why)
    {
        badRecords++;
        if (badRecords <= MAX_REPORTED)
        {
            System.err.println(inputs.get(r.input) + (r.kind == TraceRecord.KIND_MESSAGE ? "@" : ":") + r.line + ":"
                + why + " (record dropped: bad-record)");
        }
        return false;
    }

    @Override
    public void close()
    {
        summary.close();
        if (engine != null)
        {
            engine.close();
        }
    }

    @Override
    public void snapshotState(final FunctionSnapshotContext context) throws Exception
    {
        counts.snapshot();
        summary.snapshot();
    }

    @Override
    public void initializeState(final FunctionInitializationContext context) throws Exception
    {
        counts.initialize(context);
        summary.initialize(context);
    }
}
