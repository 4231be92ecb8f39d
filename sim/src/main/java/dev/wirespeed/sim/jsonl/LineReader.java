package dev.wirespeed.sim.jsonl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a text file as lines of bytes, in large blocks, without decoding: a line ends at {@code \n},
 * {@code \r} or {@code \r\n} (as {@code BufferedReader.readLine} splits them, so line numbers agree). The
 * current line is valid until the next call. Allocates only to grow its buffer for a longer line.
 *
 * <p>Hostile input is bounded before it is buffered: a line longer than the cap ({@link #MAX_LINE_BYTES} by
 * default) is never held whole. The reader keeps at most the cap plus one block, skips the rest of the line up
 * to its terminator and returns it as a line that is {@link #tooLong()} (its bytes are not available), so a
 * multi-gigabyte line without a newline costs one pass over the file, not the memory for it. A UTF-8
 * byte-order mark at the start of the file is skipped (it is not part of the first line).
 */
public final class LineReader implements Closeable
{
    /** Bytes read per block. */
    public static final int BLOCK_BYTES = 1 << 20;
    /** The longest line kept by default, in bytes (terminator excluded): 1 MiB. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final FileChannel channel;
    private final int maxLineBytes;
    private byte[] buffer;
    private ByteBuffer wrapped;
    private int start;
    private int limit;
    private int lineStart;
    private int lineLength;
    private long tooLongBytes = -1;
    private long lineNumber;
    private long bytesRead;
    private boolean eof;
    private boolean skipLf;
    private boolean atStart = true;

    /**
     * Lines of at most {@link #MAX_LINE_BYTES}.
     *
     * @param file the file.
     * @throws IOException if it cannot be opened.
     */
    public LineReader(final Path file) throws IOException
    {
        this(file, MAX_LINE_BYTES);
    }

    /**
     * @param file         the file.
     * @param maxLineBytes the longest line kept (longer ones are {@link #tooLong()}); at least 1.
     * @throws IOException if it cannot be opened.
     */
    public LineReader(final Path file, final int maxLineBytes) throws IOException
    {
        if (maxLineBytes < 1 || maxLineBytes > Integer.MAX_VALUE - 16)
        {
            throw new IllegalArgumentException("maxLineBytes out of range: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[Math.min(BLOCK_BYTES, maxLineBytes + 1)];
        this.wrapped = ByteBuffer.wrap(buffer);
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the file.
     * @throws IOException on a read error.
     */
    public boolean next() throws IOException
    {
        tooLongBytes = -1;
        if (atStart)
        {
            skipByteOrderMark();
        }
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
            final byte[] b = buffer;
            int i = scan;
            // eight bytes a step while none of them is a CR or an LF (a line is ~100-200 bytes; the byte loop
            // below finds the exact position in the word that has one)
            while (i + 8 <= limit && !lineEnd(JsonLineScanner.U.getLong(b, JsonLineScanner.BYTES + i)))
            {
                i += 8;
            }
            for (; i < limit; i++)
            {
                final byte c = b[i];
                if (c == '\n' || c == '\r')
                {
                    if (i - start > maxLineBytes)
                    {
                        return skipLine(i - start);
                    }
                    lineStart = start;
                    lineLength = i - start;
                    start = i + 1;
                    skipLf = c == '\r';
                    lineNumber++;
                    return true;
                }
            }
            scan = limit;
            if (limit - start > maxLineBytes)
            {
                return skipLine(limit - start);
            }
            if (eof)
            {
                if (start < limit)
                {
                    lineStart = start;
                    lineLength = limit - start;
                    start = limit;
                    lineNumber++;
                    return true;
                }
                return false;
            }
            scan -= start;
            fill();
        }
    }

    /** @return whether one of eight bytes is a CR or an LF (no false negatives; exact per word). */
    static boolean lineEnd(final long w)
    {
        final long lf = w ^ 0x0A0A_0A0A_0A0A_0A0AL;
        final long cr = w ^ 0x0D0D_0D0D_0D0D_0D0DL;
        final long zeroLf = (lf - 0x0101_0101_0101_0101L) & ~lf;
        final long zeroCr = (cr - 0x0101_0101_0101_0101L) & ~cr;
        return ((zeroLf | zeroCr) & 0x8080_8080_8080_8080L) != 0;
    }

    /** The first line starts after a UTF-8 byte-order mark, if the file has one. */
    private void skipByteOrderMark() throws IOException
    {
        atStart = false;
        while (limit - start < 3 && !eof)
        {
            fill();
        }
        if (limit - start >= 3 && buffer[start] == (byte)0xEF && buffer[start + 1] == (byte)0xBB
            && buffer[start + 2] == (byte)0xBF)
        {
            start += 3;
        }
    }

    /**
     * The current line is over the cap: drops what is buffered of it, reads on to its terminator (or the end of
     * the file) without keeping anything, and returns it as a too-long line.
     *
     * @param seen the line's bytes buffered so far (all dropped).
     */
    private boolean skipLine(final int seen) throws IOException
    {
        long skipped = seen;
        start += seen;
        while (true)
        {
            final byte[] b = buffer;
            for (int i = start; i < limit; i++)
            {
                final byte c = b[i];
                if (c == '\n' || c == '\r')
                {
                    skipped += i - start;
                    start = i + 1;
                    skipLf = c == '\r';
                    return tooLongLine(skipped);
                }
            }
            skipped += limit - start;
            start = limit;
            if (eof)
            {
                return tooLongLine(skipped);
            }
            fill();
        }
    }

    private boolean tooLongLine(final long bytes)
    {
        tooLongBytes = bytes;
        lineStart = start;
        lineLength = 0;
        lineNumber++;
        return true;
    }

    private void fill() throws IOException
    {
        final int kept = limit - start;
        if (start > 0)
        {
            System.arraycopy(buffer, start, buffer, 0, kept);
        }
        else if (kept == buffer.length)
        {
            // grows for a long line, never past the cap plus its terminator
            buffer = Arrays.copyOf(buffer, (int)Math.min(buffer.length * 2L, maxLineBytes + 1L));
            wrapped = ByteBuffer.wrap(buffer);
        }
        start = 0;
        limit = kept;
        wrapped.clear().position(limit);
        final int n = channel.read(wrapped);
        if (n < 0)
        {
            eof = true;
            return;
        }
        limit += n;
        bytesRead += n;
    }

    /** @return the buffer holding the current line. */
    public byte[] array()
    {
        return buffer;
    }

    /** @return where the current line starts in {@link #array()}. */
    public int offset()
    {
        return lineStart;
    }

    /** @return the current line's length in bytes (terminator excluded); 0 for a line that is {@link #tooLong()}. */
    public int length()
    {
        return lineLength;
    }

    /** @return whether the current line is longer than the cap (then only its length is known). */
    public boolean tooLong()
    {
        return tooLongBytes >= 0;
    }

    /** @return the current line's length in bytes when it is {@link #tooLong()}, else -1. */
    public long tooLongBytes()
    {
        return tooLongBytes;
    }

    /** @return the longest line kept, in bytes. */
    public int maxLineBytes()
    {
        return maxLineBytes;
    }

    /** @return the current line's number (1 for the first). */
    public long lineNumber()
    {
        return lineNumber;
    }

    /** @return bytes read from the file so far. */
    public long bytesRead()
    {
        return bytesRead;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
