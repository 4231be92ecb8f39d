package dev.wirespeed.flink.source;

import dev.wirespeed.flink.TraceRecord;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The trace source: a bounded FLIP-27 source over a {@link TracePlan}'s splits. The enumerator hands splits
 * out on request (a reader asks for the next when it finishes one, so faster readers take more); each
 * {@link TraceReader} emits {@link TraceRecord}s with the record index as their timestamp (which orders
 * each key's records when Flink sorts a keyed input in batch mode).
 */
public final class TraceSource implements Source<TraceRecord, TraceSplit, List<TraceSplit>>
{
    private static final long serialVersionUID = 1L;

    private final List<TraceSplit> splits;

    /** @param plan the planned splits. */
    public TraceSource(final TracePlan plan)
    {
        this.splits = new ArrayList<>(plan.splits());
    }

    @Override
    public Boundedness getBoundedness()
    {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<TraceRecord, TraceSplit> createReader(final SourceReaderContext context)
    {
        return new TraceReader(context);
    }

    @Override
    public SplitEnumerator<TraceSplit, List<TraceSplit>> createEnumerator(
        final SplitEnumeratorContext<TraceSplit> context)
    {
        return new Enumerator(context, splits);
    }

    @Override
    public SplitEnumerator<TraceSplit, List<TraceSplit>> restoreEnumerator(
        final SplitEnumeratorContext<TraceSplit> context, final List<TraceSplit> pending)
    {
        return new Enumerator(context, pending);
    }

    @Override
    public SimpleVersionedSerializer<TraceSplit> getSplitSerializer()
    {
        return new TraceSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<List<TraceSplit>> getEnumeratorCheckpointSerializer()
    {
        return TraceSplitSerializer.PENDING;
    }

    /** Hands out splits in input order, one per request; splits of a failed reader come back and go out again. */
    static final class Enumerator implements SplitEnumerator<TraceSplit, List<TraceSplit>>
    {
        private final SplitEnumeratorContext<TraceSplit> context;
        private final Deque<TraceSplit> pending;

        Enumerator(final SplitEnumeratorContext<TraceSplit> context, final List<TraceSplit> pending)
        {
            this.context = context;
            this.pending = new ArrayDeque<>(pending);
        }

        @Override
        public void start()
        {
            // splits go out on request
        }

        @Override
        public void handleSplitRequest(final int subtask, final String hostname)
        {
            final TraceSplit next = pending.poll();
            if (next == null)
            {
                context.signalNoMoreSplits(subtask);
            }
            else
            {
                context.assignSplit(next, subtask);
            }
        }

        @Override
        public void addSplitsBack(final List<TraceSplit> returned, final int subtask)
        {
            for (int i = returned.size() - 1; i >= 0; i--)
            {
                pending.addFirst(returned.get(i));
            }
        }

        @Override
        public void addReader(final int subtask)
        {
            // the reader asks for its first split itself
        }

        @Override
        public List<TraceSplit> snapshotState(final long checkpointId)
        {
            return new ArrayList<>(pending);
        }

        @Override
        public void close()
        {
            // nothing held
        }
    }
}
