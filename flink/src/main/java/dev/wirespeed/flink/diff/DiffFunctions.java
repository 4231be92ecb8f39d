package dev.wirespeed.flink.diff;

import dev.wirespeed.flink.TraceRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** The diff's engine functions: one {@link DiffPart} per parallel instance; they emit nothing but the report. */
final class DiffFunctions
{
    private DiffFunctions()
    {
    }

    /** JSONL requests: chained to the source (a request keeps no state between records). */
    static final class Requests extends ProcessFunction<TraceRecord, Void>
    {
        private static final long serialVersionUID = 1L;

        private final DiffPart part;

        Requests(final DiffPart part)
        {
            this.part = part;
        }

        @Override
        public void open(final OpenContext context)
        {
            part.open(getRuntimeContext());
        }

        @Override
        public void processElement(final TraceRecord r, final Context ctx, final Collector<Void> out)
        {
            part.record(r);
        }

        @Override
        public void close()
        {
            part.close();
        }
    }

    /** Captured packets, keyed by flow hash: a flow's packets meet one instance, in capture order. */
    static final class Packets extends KeyedProcessFunction<Integer, TraceRecord, Void>
    {
        private static final long serialVersionUID = 1L;

        private final DiffPart part;

        Packets(final DiffPart part)
        {
            this.part = part;
        }

        @Override
        public void open(final OpenContext context)
        {
            part.open(getRuntimeContext());
        }

        @Override
        public void processElement(final TraceRecord r, final Context ctx, final Collector<Void> out)
        {
            part.record(r);
        }

        @Override
        public void close()
        {
            part.close();
        }
    }
}
