package dev.wirespeed.flink.source;

import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.sim.jsonl.LineReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The lines of one JSONL split's byte range, read in blocks: a line ends at LF, CR or CRLF (the replay's
 * line reader's rule; the planner never cuts a CRLF), blank lines are skipped without a record index, as the
 * single-machine replay skips them ({@link TracePlan.LineState}). A line over the replay's cap
 * ({@link LineReader#MAX_LINE_BYTES}, after a first-line byte order mark) is not held: the reader drops what it
 * has of it and reads on to its end keeping nothing, and emits it as a {@link TraceRecord#tooLong} record (a bad
 * record downstream), so the buffer stays within twice the cap whatever the line.
 */
final class SplitLines implements AutoCloseable
{
    private static final int BLOCK = 1 << 20;

    private final TraceSplit split;
    private final FileChannel channel;
    private byte[] buffer = new byte[BLOCK];
    private int start;
    private int limit;
    /** File offset of {@code buffer[0]}. */
    private long base;
    private long index;
    private long line;
    private boolean skipLf;
    private int lineEnd;
    /** The length of the line {@link #nextLine} skipped (over the cap; its bytes not kept), else -1. */
    private long skipped = -1;
    /** Whether the skipped line is the file's first and starts with a byte order mark. */
    private boolean skippedMark;

    SplitLines(final TraceSplit split) throws IOException
    {
        this.split = split;
        this.channel = FileChannel.open(Path.of(split.path()), StandardOpenOption.READ);
        this.base = split.start();
        this.index = split.index();
        this.line = split.line();
    }

    /** @return the next record of the range, or {@code null} at its end. */
    TraceRecord next() throws IOException
    {
        while (true)
        {
            final long lineNumber = line;
            final int at = nextLine();
            if (at < 0)
            {
                return null;
            }
            final long length = skipped >= 0 ? skipped : lineEnd - at;
            final boolean mark = skipped >= 0 ? skippedMark : base + at == 0 && startsWithByteOrderMark(at, length);
            final long over = length - (mark ? 3 : 0);
            if (over <= LineReader.MAX_LINE_BYTES && isBlank(at, (int)length))
            {
                continue;
            }
            final TraceRecord r = new TraceRecord();
            r.kind = TraceRecord.KIND_REQUEST;
            r.index = index++;
            r.input = split.input();
            r.line = lineNumber;
            if (over > LineReader.MAX_LINE_BYTES)
            {
                r.tooLongBytes = over;
                r.bytes = new byte[0];
            }
            else
            {
                r.bytes = Arrays.copyOfRange(buffer, at, lineEnd);
            }
            return r;
        }
    }

    /** Moves to the next line: returns where it starts in the buffer ({@link #lineEnd} where it ends), or -1. */
    private int nextLine() throws IOException
    {
        skipped = -1;
        int scan = start;
        while (true)
        {
            if (skipLf && scan < limit)
            {
                skipLf = false;
                if (buffer[scan] == '\n')
                {
                    scan++;
                    start = scan;
                }
            }
            for (int i = scan; i < limit; i++)
            {
                final byte c = buffer[i];
                if (c == '\n' || c == '\r')
                {
                    final int from = start;
                    lineEnd = i;
                    start = i + 1;
                    skipLf = c == '\r';
                    line++;
                    return from;
                }
            }
            final int scanned = limit - start;
            if (scanned > LineReader.MAX_LINE_BYTES + 3)
            {
                return skipLine();
            }
            if (!fill())
            {
                if (start < limit)
                {
                    final int from = start;
                    lineEnd = limit;
                    start = limit;
                    line++;
                    return from;
                }
                return -1;
            }
            scan = start + scanned;
        }
    }

    /**
     * The current line is over the cap (even after a byte order mark): notes whether it starts with the file's
     * byte order mark, drops what is buffered of it and reads on to its end keeping nothing; {@link #skipped} is
     * its length.
     */
    private int skipLine() throws IOException
    {
        final int from = start;
        skippedMark = base + from == 0 && startsWithByteOrderMark(from, limit - from);
        long length = limit - start;
        start = limit;
        while (true)
        {
            if (!fill())
            {
                break;
            }
            int i = start;
            while (i < limit && buffer[i] != '\n' && buffer[i] != '\r')
            {
                i++;
            }
            length += i - start;
            if (i < limit)
            {
                start = i + 1;
                skipLf = buffer[i] == '\r';
                break;
            }
            start = limit;
        }
        line++;
        skipped = length;
        lineEnd = from;
        return from;
    }

    private boolean startsWithByteOrderMark(final int at, final long length)
    {
        return length >= 3 && (buffer[at] & 0xFF) == 0xEF && (buffer[at + 1] & 0xFF) == 0xBB
            && (buffer[at + 2] & 0xFF) == 0xBF;
    }

    /** Reads more of the range; false when the range is all in the buffer already. */
    private boolean fill() throws IOException
    {
        final long end = split.end();
        if (base + limit >= end)
        {
            return false;
        }
        final int kept = limit - start;
        if (start > 0)
        {
            System.arraycopy(buffer, start, buffer, 0, kept);
            base += start;
        }
        else if (kept == buffer.length)
        {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        start = 0;
        limit = kept;
        final int want = (int)Math.min(buffer.length - limit, end - (base + limit));
        final ByteBuffer b = ByteBuffer.wrap(buffer, limit, want);
        int n = 0;
        while (n < want)
        {
            final int r = channel.read(b, base + limit + n);
            if (r < 0)
            {
                throw new IOException(split.path() + ": file shorter than when it was planned (" + (base + limit + n)
                    + " bytes)");
            }
            n += r;
        }
        limit += n;
        return true;
    }

    private boolean isBlank(final int at, final int length)
    {
        int state = TracePlan.LineState.EMPTY;
        for (int i = at; i < at + length && state != TracePlan.LineState.TEXT; i++)
        {
            state = TracePlan.LineState.next(state, buffer[i]);
        }
        return state == TracePlan.LineState.EMPTY
            || state == TracePlan.LineState.UNSURE && TracePlan.LineState.isBlank(buffer, at, length);
    }

    /** @return the bytes this reader holds (its buffer). */
    int bufferBytes()
    {
        return buffer.length;
    }

    /** @return the rest of the range (from the next line on), for a checkpoint. */
    TraceSplit rest()
    {
        long offset = base + start;
        if (skipLf && offset < split.end())
        {
            // the last line ended with CR: a LF right after it belongs to that line's terminator
            final byte next;
            if (start < limit)
            {
                next = buffer[start];
            }
            else
            {
                final ByteBuffer one = ByteBuffer.allocate(1);
                try
                {
                    channel.read(one, offset);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                next = one.get(0);
            }
            offset += next == '\n' ? 1 : 0;
        }
        return split.resumeAt(offset, index, line, 0);
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
