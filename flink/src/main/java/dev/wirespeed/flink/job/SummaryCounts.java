package dev.wirespeed.flink.job;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of one parallel instance — decisions by action, by drop/punt reason and by cluster — as one Flink
 * accumulator (a count per {@code dimension/name}, merged by Flink across the instances), kept in operator state
 * at each checkpoint like {@link Counts}, so a restored instance goes on from the checkpointed counts. Counting
 * where the decision is made, rather than sending a record per decision and dimension to a keyed sum, keeps
 * the summary off the network: the instances' partial counts meet only once, at the end.
 */
final class SummaryCounts implements Serializable
{
    /** The accumulator's name. */
    static final String ACCUMULATOR = "summary";

    private static final long serialVersionUID = 1L;

    private transient CountMap counts;
    private transient ListState<String> state;

    /** Restores the counts of a checkpoint. */
    void initialize(final FunctionInitializationContext context) throws Exception
    {
        counts = new CountMap();
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("summary-counts", Types.STRING));
        if (context.isRestored())
        {
            for (final String entry : state.get())
            {
                final int tab = entry.lastIndexOf('\t');
                counts.add(entry.substring(0, tab), Long.parseLong(entry.substring(tab + 1)));
            }
        }
    }

    void open(final RuntimeContext context)
    {
        context.addAccumulator(ACCUMULATOR, counts);
    }

    void add(final String key)
    {
        counts.add(key, 1L);
    }

    void snapshot() throws Exception
    {
        final List<String> entries = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : counts.counts.entrySet())
        {
            entries.add(e.getKey() + '\t' + e.getValue()[0]);
        }
        state.update(entries);
    }

    /** A count per name; merging adds them up. */
    public static final class CountMap implements Accumulator<String, TreeMap<String, Long>>
    {
        private static final long serialVersionUID = 1L;

        private HashMap<String, long[]> counts = new HashMap<>();

        void add(final String name, final long n)
        {
            final long[] c = counts.get(name);
            if (c == null)
            {
                counts.put(name, new long[] {n});
            }
            else
            {
                c[0] += n;
            }
        }

        @Override
        public void add(final String name)
        {
            add(name, 1L);
        }

        @Override
        public TreeMap<String, Long> getLocalValue()
        {
            final TreeMap<String, Long> value = new TreeMap<>();
            for (final Map.Entry<String, long[]> e : counts.entrySet())
            {
                value.put(e.getKey(), e.getValue()[0]);
            }
            return value;
        }

        @Override
        public void resetLocal()
        {
            counts = new HashMap<>();
        }

        @Override
        public void merge(final Accumulator<String, TreeMap<String, Long>> other)
        {
            for (final Map.Entry<String, Long> e : other.getLocalValue().entrySet())
            {
                add(e.getKey(), e.getValue());
            }
        }

        @Override
        public CountMap clone()
        {
            final CountMap copy = new CountMap();
            for (final Map.Entry<String, long[]> e : counts.entrySet())
            {
                copy.counts.put(e.getKey(), e.getValue().clone());
            }
            return copy;
        }
    }
}
