package dev.wirespeed.flink.job;

import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.flink.DecisionRecord;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.JsonBytes;
import org.apache.flink.api.common.functions.RuntimeContext;

import java.util.Arrays;

/**
 * Turns a decision descriptor into a {@link DecisionRecord}: the line the single-machine replay writes (the
 * same {@link DecisionEncoder}), and counts it in the instance's summary (the replay's own tally).
 */
final class DecisionLines
{
    private final DecisionEncoder encoder;
    private final ReasonTable reasons;
    private final JsonBytes line = new JsonBytes(64 << 10);

    DecisionLines(final DecisionEncoder encoder, final ReasonTable reasons)
    {
        this.encoder = encoder;
        this.reasons = reasons;
    }

    /** Registers the instance's summary accumulator, naming with this encoder and reason table. */
    void open(final RuntimeContext context, final SummaryCounts summary)
    {
        summary.open(context, reasons, encoder);
    }

    DecisionRecord record(final DecisionDescriptor d, final L7RequestView request, final SummaryCounts summary)
    {
        return record(d, request, -1, 0L, summary);
    }

    /**
     * A packet's decision: a decapsulated packet's line ends with its tunnel and VNI, as the replay's; the
     * summary counts its bytes on the wire.
     */
    DecisionRecord record(final DecisionDescriptor d, final L7RequestView request, final int tunnelVni,
        final long wireBytes, final SummaryCounts summary)
    {
        line.clear();
        encoder.encode(d, request, tunnelVni, line);
        final DecisionRecord r = new DecisionRecord();
        r.index = d.recordIndex();
        r.line = Arrays.copyOf(line.array(), line.length());
        summary.count(d, wireBytes);
        return r;
    }
}
