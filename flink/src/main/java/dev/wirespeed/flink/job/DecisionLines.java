package dev.wirespeed.flink.job;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.flink.DecisionRecord;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.jsonl.JsonBytes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a decision descriptor into a {@link DecisionRecord}: the line the single-machine replay writes (the
 * same {@link DecisionEncoder}), and counts it in the summary (action; reason of a drop or punt; the cluster,
 * by the single-machine summary's rule: an L7 decision that routes or drops towards a destination, without
 * the no-route flag).
 */
final class DecisionLines
{
    private final DecisionEncoder encoder;
    private final ReasonTable reasons;
    private final JsonBytes line = new JsonBytes(64 << 10);
    private final Map<Long, String> clusters = new HashMap<>();
    private final String[] actionKeys = new String[Actions.COUNT];
    private final String[] reasonKeys = new String[ReasonTable.MAX_REASONS];

    DecisionLines(final DecisionEncoder encoder, final ReasonTable reasons)
    {
        this.encoder = encoder;
        this.reasons = reasons;
        for (int a = 0; a < Actions.COUNT; a++)
        {
            actionKeys[a] = SummaryKeys.ACTION + Actions.name(a);
        }
    }

    DecisionRecord record(final DecisionDescriptor d, final L7RequestView request, final SummaryCounts summary)
    {
        return record(d, request, -1, summary);
    }

    /** A packet's decision: a decapsulated packet's line ends with its tunnel and VNI, as the replay's. */
    DecisionRecord record(final DecisionDescriptor d, final L7RequestView request, final int tunnelVni,
        final SummaryCounts summary)
    {
        line.clear();
        encoder.encode(d, request, tunnelVni, line);
        final DecisionRecord r = new DecisionRecord();
        r.index = d.recordIndex();
        r.line = Arrays.copyOf(line.array(), line.length());
        final int action = d.action();
        summary.add(actionKeys[action >= 0 && action < Actions.COUNT ? action : Actions.DROP]);
        if (action == Actions.DROP || action == Actions.PUNT)
        {
            final int reason = d.reason() & (ReasonTable.MAX_REASONS - 1);
            if (reasonKeys[reason] == null)
            {
                reasonKeys[reason] = SummaryKeys.REASON + reasons.name(reason);
            }
            summary.add(reasonKeys[reason]);
        }
        final int f = d.flags();
        if (f != DecisionDescriptor.NULL && (f & DecisionDescriptor.FLAG_L7) != 0 && (f & L7Result.FLAG_NR) == 0
            && (action == Actions.ROUTE || action == Actions.DROP) && d.destination() >= 0)
        {
            final long key = ((long)d.destination() << 32) | (d.destinationPort() & 0xFFFF_FFFFL);
            summary.add(clusters.computeIfAbsent(key,
                k -> SummaryKeys.CLUSTER + encoder.clusterName((int)(k >>> 32), (int)(long)k)));
        }
        return r;
    }
}
