package dev.wirespeed.flink.source;

import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the splits assigned to one parallel instance, one after the other, and emits one {@link TraceRecord}
 * per record with its record index as timestamp. JSONL: one record per non-blank line of the byte range (the
 * line's bytes; parsing is the engine's). Captures: one record per capture record, parsed here far enough to
 * give its flow hash (the key that sends every packet of a flow to one engine instance); a record the reader
 * marks bad carries the drop reason the single-machine replay gives it. A checkpoint stores the rest of the
 * current split, so a restored reader emits every record after the last one it emitted, once.
 */
final class TraceReader implements SourceReader<TraceRecord, TraceSplit>
{
    private final SourceReaderContext context;
    private final Deque<TraceSplit> splits = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private boolean requested;
    private TraceSplit current;
    private SplitLines lines;
    private CaptureSplit packets;

    TraceReader(final SourceReaderContext context)
    {
        this.context = context;
    }

    @Override
    public void start()
    {
        request();
    }

    private void request()
    {
        if (!requested && !noMoreSplits)
        {
            requested = true;
            context.sendSplitRequest();
        }
    }

    @Override
    public InputStatus pollNext(final ReaderOutput<TraceRecord> output) throws Exception
    {
        if (current == null && !open())
        {
            if (noMoreSplits)
            {
                return InputStatus.END_OF_INPUT;
            }
            request();
            return InputStatus.NOTHING_AVAILABLE;
        }
        final TraceRecord r = current.capture() ? packets.next() : lines.next();
        if (r == null)
        {
            closeCurrent();
            return open() || !noMoreSplits ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
        }
        output.collect(r, r.index);
        return InputStatus.MORE_AVAILABLE;
    }

    /** Opens the next assigned split, if any. */
    private boolean open() throws IOException
    {
        if (current != null)
        {
            return true;
        }
        final TraceSplit next = splits.poll();
        if (next == null)
        {
            if (!noMoreSplits)
            {
                request();
                if (available.isDone())
                {
                    available = new CompletableFuture<>();
                }
            }
            return false;
        }
        current = next;
        if (next.capture())
        {
            packets = new CaptureSplit(next);
        }
        else
        {
            lines = new SplitLines(next);
        }
        return true;
    }

    private void closeCurrent() throws IOException
    {
        if (lines != null)
        {
            lines.close();
            lines = null;
        }
        if (packets != null)
        {
            packets.close();
            packets = null;
        }
        current = null;
    }

    @Override
    public List<TraceSplit> snapshotState(final long checkpointId)
    {
        final List<TraceSplit> state = new ArrayList<>();
        if (current != null)
        {
            state.add(current.capture() ? packets.rest() : lines.rest());
        }
        state.addAll(splits);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable()
    {
        return current != null || !splits.isEmpty() || noMoreSplits ? CompletableFuture.completedFuture(null)
            : available;
    }

    @Override
    public void addSplits(final List<TraceSplit> assigned)
    {
        splits.addAll(assigned);
        requested = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits()
    {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws IOException
    {
        closeCurrent();
    }

    /** The records of one capture, from the split's {@code skip}-th on. */
    static final class CaptureSplit implements AutoCloseable
    {
        private final TraceSplit split;
        private final CaptureReader reader;
        private final CaptureRecord rec = new CaptureRecord();
        private final ParsedPacket parsed = new ParsedPacket();
        private final PacketDescriptor descriptor = new PacketDescriptor();
        private long emitted;

        CaptureSplit(final TraceSplit split) throws IOException
        {
            this.split = split;
            this.reader = CaptureReader.open(Path.of(split.path()));
            this.descriptor.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(PacketDescriptor.LENGTH, 64)), 0);
            while (emitted < split.skip() && reader.next(rec))
            {
                emitted++;
            }
        }

        TraceRecord next() throws IOException
        {
            if (!reader.next(rec))
            {
                return null;
            }
            final TraceRecord r = new TraceRecord();
            r.kind = TraceRecord.KIND_PACKET;
            r.index = split.index() + emitted - split.skip();
            r.input = split.input();
            r.linkType = rec.linkType();
            r.originalLength = rec.originalLength();
            r.timestampNanos = rec.timestampNanos();
            if (rec.status() == RecordStatus.OK)
            {
                final int length = rec.capturedLength();
                r.bytes = new byte[length];
                final UnsafeBuffer view = new UnsafeBuffer(rec.address(), length);
                view.getBytes(0, r.bytes);
                PacketIngress.fill(rec.address(), length, rec.originalLength(), rec.linkType(), rec.timestampNanos(),
                    parsed, descriptor);
                r.flowHash = descriptor.flowHash();
            }
            else
            {
                r.bytes = new byte[0];
                r.status = rec.status().reason(); // as the single-machine capture replay counts it
            }
            emitted++;
            return r;
        }

        TraceSplit rest()
        {
            return split.resumeAt(0, split.index() + emitted - split.skip(), 0, emitted);
        }

        @Override
        public void close()
        {
            reader.close();
        }
    }
}
