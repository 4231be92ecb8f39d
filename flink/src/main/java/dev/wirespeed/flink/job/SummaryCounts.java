package dev.wirespeed.flink.job;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import dev.wirespeed.sim.replay.DecisionTally;
import dev.wirespeed.sim.replay.ReplaySummary;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of one parallel instance — decisions by action, reason, VirtualService, route, cluster, response
 * flag and egress port — counted by the single-machine replay's own {@link DecisionTally} (by index, allocation
 * free), so the two summaries are the same by construction. The instance's counts are folded into named counts
 * ({@link SummaryKeys}) at each checkpoint (kept in operator state, so a restored instance goes on from the
 * checkpointed counts) and when the instance closes, and published as one Flink accumulator that Flink merges
 * across the instances. Counting where the decision is made, rather than sending a record per decision and
 * dimension to a keyed sum, keeps the summary off the network: the instances' partial counts meet only once.
 */
final class SummaryCounts implements Serializable
{
    /** The accumulator's name. */
    static final String ACCUMULATOR = "summary";

    private static final long serialVersionUID = 1L;

    private transient TreeMap<String, Long> restored;
    private transient DecisionTally tally;
    private transient CountMap published;
    private transient ReasonTable reasons;
    private transient DecisionEncoder names;
    private transient ListState<String> state;

    /** Restores the counts of a checkpoint (called before {@link #open}). */
    void initialize(final FunctionInitializationContext context) throws Exception
    {
        restored = new TreeMap<>();
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("summary-counts", Types.STRING));
        if (context.isRestored())
        {
            for (final String entry : state.get())
            {
                final int tab = entry.lastIndexOf('\t');
                restored.merge(entry.substring(0, tab), Long.parseLong(entry.substring(tab + 1)), Long::sum);
            }
        }
    }

    /**
     * Registers the accumulator.
     *
     * @param context     the function's runtime context.
     * @param reasonNames the reason names of the instance's engine.
     * @param encoder     the instance's decision encoder (cluster, VirtualService and route names).
     */
    void open(final RuntimeContext context, final ReasonTable reasonNames, final DecisionEncoder encoder)
    {
        tally = new DecisionTally();
        reasons = reasonNames;
        names = encoder;
        published = new CountMap();
        published.publish(new TreeMap<>(restored));
        context.addAccumulator(ACCUMULATOR, published);
    }

    /**
     * Counts one final decision.
     *
     * @param d         the decision.
     * @param wireBytes the record's bytes on the wire (0 for requests).
     */
    void count(final DecisionDescriptor d, final long wireBytes)
    {
        tally.count(d, wireBytes);
    }

    /** @return the restored counts plus this instance's tally, by name. */
    private TreeMap<String, Long> current()
    {
        final ReplaySummary s = new ReplaySummary();
        tally.foldInto(s, reasons, names);
        final TreeMap<String, Long> counts = SummaryKeys.counts(s);
        for (final Map.Entry<String, Long> e : restored.entrySet())
        {
            counts.merge(e.getKey(), e.getValue(), Long::sum);
        }
        return counts;
    }

    /** At a checkpoint: keeps the counts in operator state and publishes them. */
    void snapshot() throws Exception
    {
        final TreeMap<String, Long> counts = current();
        final List<String> entries = new ArrayList<>(counts.size());
        for (final Map.Entry<String, Long> e : counts.entrySet())
        {
            entries.add(e.getKey() + '\t' + e.getValue());
        }
        state.update(entries);
        published.publish(counts);
    }

    /** When the instance closes: publishes the final counts (Flink reads the accumulator after this). */
    void close()
    {
        if (tally != null)
        {
            published.publish(current());
        }
    }

    /**
     * A count per name; merging adds them up. The task thread publishes a new map (never changed afterwards), so
     * Flink may read and serialize it from another thread at any time.
     */
    public static final class CountMap implements Accumulator<String, TreeMap<String, Long>>
    {
        private static final long serialVersionUID = 1L;

        private volatile TreeMap<String, Long> counts = new TreeMap<>();

        void publish(final TreeMap<String, Long> value)
        {
            counts = value;
        }

        @Override
        public void add(final String name)
        {
            final TreeMap<String, Long> next = new TreeMap<>(counts);
            next.merge(name, 1L, Long::sum);
            counts = next;
        }

        @Override
        public TreeMap<String, Long> getLocalValue()
        {
            return new TreeMap<>(counts);
        }

        @Override
        public void resetLocal()
        {
            counts = new TreeMap<>();
        }

        @Override
        public void merge(final Accumulator<String, TreeMap<String, Long>> other)
        {
            final TreeMap<String, Long> next = new TreeMap<>(counts);
            for (final Map.Entry<String, Long> e : other.getLocalValue().entrySet())
            {
                next.merge(e.getKey(), e.getValue(), Long::sum);
            }
            counts = next;
        }

        @Override
        public CountMap clone()
        {
            final CountMap copy = new CountMap();
            copy.counts = new TreeMap<>(counts);
            return copy;
        }
    }
}
