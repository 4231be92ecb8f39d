package dev.wirespeed.sim.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An output file opened without truncation and truncated by its first write, flush or close, whichever thread
 * makes it: a replay's decisions file is opened on the replay's thread (so a bad name fails at once, with one
 * message) and truncated by the {@code decision-writer} thread that writes it (freeing an earlier ~150 MB file's
 * pages takes ~10 ms, which then leave the replay's thread). Writes go straight to the file (no buffer of its own:
 * its one writer hands it blocks of about a MiB). Bytes reach the file in the order written. Not thread-safe: one
 * thread at a time, each handing over to the next through a happens-before edge (the writer's monitor). Wrap it in
 * a {@link NamedOutputStream} to name the file in errors.
 */
public final class TruncatingFileOutput extends OutputStream
{
    private final FileChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private boolean truncated;
    private boolean closed;

    /** @param channel the file, open for writing (not yet truncated); closed by {@link #close()}. */
    public TruncatingFileOutput(final FileChannel channel)
    {
        this.channel = channel;
    }

    private void open() throws IOException
    {
        if (closed)
        {
            throw new IOException("stream closed");
        }
        if (!truncated)
        {
            truncated = true;
            if (channel.size() > 0)
            {
                channel.truncate(0); // only a regular file has a size: a device or a pipe is written as it is
            }
        }
    }

    @Override
    public void write(final int b) throws IOException
    {
        open();
        one.clear();
        one.put((byte)b).flip();
        drain(one);
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException
    {
        open();
        drain(ByteBuffer.wrap(b, off, len));
    }

    private void drain(final ByteBuffer bytes) throws IOException
    {
        while (bytes.hasRemaining())
        {
            channel.write(bytes);
        }
    }

    @Override
    public void flush() throws IOException
    {
        open();
    }

    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        try
        {
            open();
        }
        finally
        {
            closed = true;
            channel.close();
        }
    }
}
