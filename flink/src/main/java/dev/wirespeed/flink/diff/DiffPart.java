package dev.wirespeed.flink.diff;

import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.diff.DecisionDiff;
import dev.wirespeed.sim.diff.DiffReport;
import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.jsonl.Utf8;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.RuntimeContext;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The diff of one parallel instance: the two engines (compiled once per task from the documents the job
 * carries), the single-machine {@link DecisionDiff}'s per-record steps, and the instance's partial
 * {@link DiffReport}, published as the {@link ReportAccumulator} when the instance closes. A JSONL line goes
 * through the replay's line rules first (a first-line byte order mark is skipped; a line over the cap or with
 * invalid UTF-8 is a bad record), as {@link DecisionDiff#requests} applies them.
 */
final class DiffPart implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> oldConfig;
    private final LinkedHashMap<String, String> newConfig;
    private final String input;
    private final boolean capture;
    private final int examples;
    private transient Engine before;
    private transient Engine after;
    private transient DecisionDiff diff;
    private transient DiffReport report;
    private transient ReportAccumulator published;
    private transient UnsafeBuffer frame;

    DiffPart(final Map<String, String> oldConfig, final Map<String, String> newConfig, final String input,
        final boolean capture, final int examples)
    {
        this.oldConfig = new LinkedHashMap<>(oldConfig);
        this.newConfig = new LinkedHashMap<>(newConfig);
        this.input = input;
        this.capture = capture;
        this.examples = examples;
    }

    void open(final RuntimeContext context)
    {
        before = Engine.fromYaml(oldConfig);
        after = Engine.fromYaml(newConfig);
        diff = new DecisionDiff(before, after, examples);
        report = new DiffReport(input, capture, examples);
        published = new ReportAccumulator(input, capture, examples);
        context.addAccumulator(ReportAccumulator.NAME, published);
        frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1 << 16, 64));
    }

    void record(final TraceRecord r)
    {
        if (r.kind == TraceRecord.KIND_PACKET)
        {
            packet(r);
            return;
        }
        final byte[] b = r.bytes;
        final int from = r.line == 1 && b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB
            && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        final int length = b.length - from;
        if (r.tooLong() || length > LineReader.MAX_LINE_BYTES || Utf8.problem(b, from, length) != null)
        {
            diff.badRecord(report, 0);
            return;
        }
        diff.request(report, r.index, new String(b, from, length, StandardCharsets.UTF_8));
    }

    private void packet(final TraceRecord r)
    {
        if (r.status != 0)
        {
            diff.badRecord(report, r.originalLength);
            return;
        }
        final int length = r.bytes.length;
        if (frame.capacity() < length)
        {
            frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Integer.highestOneBit(length) * 2, 64));
        }
        frame.putBytes(0, r.bytes);
        diff.packet(report, r.index, frame.addressOffset(), length, r.originalLength, r.linkType);
    }

    /**
     * Publishes the instance's report. A capture's records are partitioned by flow hash, so no flow is seen by
     * two instances: the flows are counted here ({@link DiffReport#sealFlows}) and only counts travel.
     */
    void close()
    {
        if (report != null)
        {
            if (capture)
            {
                report.sealFlows();
            }
            published.add(report);
            report = null;
        }
        if (before != null)
        {
            before.close();
            after.close();
        }
    }
}
