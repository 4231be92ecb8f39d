package dev.wirespeed.flink.job;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection: throws in the first attempt of the first parallel instance that has passed on {@code after}
 * records, once a checkpoint has completed (so the recovery restores from a checkpoint, not from the start;
 * until one completes, records past {@code after} are passed on slowly). The job then restarts its tasks in a
 * later attempt, which passes everything. This is the recovery test's "task killed mid-run"
 * ({@code --fail-once-after N} on the command line).
 *
 * @param <T> the record type.
 */
public final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener
{
    private static final long serialVersionUID = 1L;
    /** Failures injected in this JVM (a MiniCluster's tasks run in the caller's JVM: tests read it). */
    public static final AtomicInteger INJECTED = new AtomicInteger();

    private final long after;
    private transient long seen;
    private transient volatile boolean checkpointed;

    /** @param after records passed on before the failure. */
    public FailOnce(final long after)
    {
        this.after = after;
    }

    @Override
    public T map(final T value) throws InterruptedException
    {
        if (++seen > after && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0)
        {
            if (checkpointed)
            {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure after " + seen + " records (--fail-once-after)");
            }
            Thread.sleep(1);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
        checkpointed = true;
    }
}
