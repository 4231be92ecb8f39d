package dev.wirespeed.flink.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Passes records through and counts them in a restore-proof accumulator ({@link Counts}): the records the
 * sources emitted, the decisions handed to the sink.
 *
 * @param <T> the record type.
 */
public final class CountingMap<T> extends RichMapFunction<T, T> implements CheckpointedFunction
{
    private static final long serialVersionUID = 1L;

    private final Counts counts;

    /** @param accumulator the accumulator's name (also names the operator state). */
    public CountingMap(final String accumulator)
    {
        this.counts = new Counts(accumulator + "-counts", accumulator);
    }

    @Override
    public void open(final OpenContext context)
    {
        counts.open(getRuntimeContext());
    }

    @Override
    public T map(final T value)
    {
        counts.add(0);
        return value;
    }

    @Override
    public void snapshotState(final FunctionSnapshotContext context) throws Exception
    {
        counts.snapshot();
    }

    @Override
    public void initializeState(final FunctionInitializationContext context) throws Exception
    {
        counts.initialize(context);
    }
}
