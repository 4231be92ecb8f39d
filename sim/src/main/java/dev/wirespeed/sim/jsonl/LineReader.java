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
 */
public final class LineReader implements Closeable
{
    /** Bytes read per block. */
    public static final int BLOCK_BYTES = 1 << 20;

    private final FileChannel channel;
    private byte[] buffer = new byte[BLOCK_BYTES];
    private ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    private int start;
    private int limit;
    private int lineStart;
    private int lineLength;
    private long lineNumber;
    private long bytesRead;
    private boolean eof;
    private boolean skipLf;

    /**
     * @param file the file.
     * @throws IOException if it cannot be opened.
     */
    public LineReader(final Path file) throws IOException
    {
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
            for (int i = scan; i < limit; i++)
            {
                final byte c = b[i];
                if (c == '\n' || c == '\r')
                {
                    lineStart = start;
                    lineLength = i - start;
                    start = i + 1;
                    skipLf = c == '\r';
                    lineNumber++;
                    return true;
                }
            }
            scan = limit;
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

    private void fill() throws IOException
    {
        final int kept = limit - start;
        if (start > 0)
        {
            System.arraycopy(buffer, start, buffer, 0, kept);
        }
        else if (kept == buffer.length)
        {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
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

    /** @return the current line's length in bytes (terminator excluded). */
    public int length()
    {
        return lineLength;
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
