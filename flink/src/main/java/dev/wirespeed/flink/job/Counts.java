package dev.wirespeed.flink.job;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;

import java.io.Serializable;
import java.util.List;

/**
 * Conservation counters that survive a restore: a fixed set of named counts per parallel instance, kept in
 * operator state at each checkpoint and published as Flink accumulators. A restored instance starts from the
 * checkpointed counts, and the records replayed after the checkpoint are counted again from there, so at the
 * end each accumulator holds every record exactly once even after a failure (a plain accumulator of a
 * restarted task would only count what that attempt saw).
 */
final class Counts implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final String stateName;
    private final String[] names;
    private final long[] counts;
    private transient LongCounter[] published;
    private transient ListState<long[]> state;

    /**
     * @param stateName the operator state's name (one per operator).
     * @param names     the accumulator names.
     */
    Counts(final String stateName, final String... names)
    {
        this.stateName = stateName;
        this.names = names.clone();
        this.counts = new long[names.length];
    }

    /** Restores the counts of a checkpoint (from every instance that had some: sums stay right when rescaled). */
    void initialize(final FunctionInitializationContext context) throws Exception
    {
        state = context.getOperatorStateStore().getListState(
            new ListStateDescriptor<>(stateName, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        if (context.isRestored())
        {
            for (final long[] restored : state.get())
            {
                for (int i = 0; i < counts.length && i < restored.length; i++)
                {
                    counts[i] += restored[i];
                }
            }
        }
    }

    /** Registers the accumulators, starting from the restored counts. */
    void open(final RuntimeContext context)
    {
        published = new LongCounter[names.length];
        for (int i = 0; i < names.length; i++)
        {
            published[i] = new LongCounter(counts[i]);
            context.addAccumulator(names[i], published[i]);
        }
    }

    void add(final int counter)
    {
        counts[counter]++;
        published[counter].add(1L);
    }

    void snapshot() throws Exception
    {
        state.update(List.of(counts.clone()));
    }
}
