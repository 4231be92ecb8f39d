package dev.wirespeed.sim.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An output file written by a thread of its own: the caller's writes are copied into one of a few blocks, and a
 * full block is handed to the writer thread, which makes the {@code write} system calls (and first truncates the
 * file, so freeing a large earlier file's pages is not on the caller's path either).
 *
 * <pre>
 *   caller -- write(bytes) --&gt; current block (copy) -- full --&gt; queue of full blocks --&gt; writer thread
 *       --&gt; FileChannel.write                          &lt;-- queue of free blocks &lt;--
 * </pre>
 *
 * <p>Why: a replay's decisions file is ~150 MB for a 500 MB capture. Written on the replay's own thread, the
 * kernel's copy into the page cache and its page allocation were ~60 ms of a ~1.5 s replay on the one core that
 * runs it (docs/performance.md, "Capture replay: the class-data archive, zero-free arena, writes and reads off
 * the replay thread"); the copy into a block costs a tenth of that, and the writer thread runs on a core the
 * replay leaves idle. Bytes reach the file in the order written; {@link #flush()} waits until every byte written
 * so far is in the file, {@link #close()} too, then closes the file. A write error is thrown by the next
 * {@code write}, {@code flush} or {@code close} on the caller's side (wrap this in a {@link NamedOutputStream}
 * to name the file). Not thread-safe on the caller's side: one writing thread.
 */
public final class BackgroundFileOutput extends OutputStream
{
    /** Bytes per block handed to the writer thread. */
    public static final int BLOCK_BYTES = 1 << 20;

    /** Blocks: one filling, the others written or waiting. */
    private static final int BLOCKS = 4;

    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final ByteBuffer endOfStream = ByteBuffer.allocate(0);
    private final ByteBuffer[] gathered = new ByteBuffer[BLOCKS];
    private final Thread writer;
    private volatile IOException failure;
    private ByteBuffer current;
    private boolean closed;

    /**
     * Starts the writer thread, which truncates the file before anything else.
     *
     * @param channel the file, open for writing (not yet truncated); closed by {@link #close()}.
     */
    public BackgroundFileOutput(final FileChannel channel)
    {
        this.channel = channel;
        for (int i = 0; i < BLOCKS; i++)
        {
            free.add(ByteBuffer.allocateDirect(BLOCK_BYTES));
        }
        this.writer = new Thread(this::writeBlocks, "wirespeed-file-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void writeBlocks()
    {
        boolean failed = false;
        try
        {
            if (channel.size() > 0)
            {
                channel.truncate(0); // only a regular file has a size: a device or a pipe is written as it is
            }
        }
        catch (final IOException ex)
        {
            failure = ex;
            failed = true;
        }
        while (true)
        {
            final ByteBuffer block;
            try
            {
                block = full.take();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (block == endOfStream)
            {
                return;
            }
            if (!failed)
            {
                try
                {
                    while (block.hasRemaining())
                    {
                        channel.write(block);
                    }
                }
                catch (final IOException ex)
                {
                    failure = ex;
                    failed = true;
                }
            }
            block.clear();
            free.add(block); // so: the caller takes it back, and knows every byte it held is written
        }
    }

    @Override
    public void write(final int b) throws IOException
    {
        final ByteBuffer block = block();
        block.put((byte)b);
        if (!block.hasRemaining())
        {
            handOver();
        }
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException
    {
        int at = off;
        int left = len;
        while (left > 0)
        {
            final ByteBuffer block = block();
            final int n = Math.min(left, block.remaining());
            block.put(b, at, n);
            at += n;
            left -= n;
            if (!block.hasRemaining())
            {
                handOver();
            }
        }
    }

    private ByteBuffer block() throws IOException
    {
        checkOpen();
        if (current == null)
        {
            current = take(free);
        }
        return current;
    }

    private void handOver() throws IOException
    {
        current.flip();
        full.add(current);
        current = null;
        rethrow();
    }

    @Override
    public void flush() throws IOException
    {
        checkOpen();
        drain();
    }

    /** Hands over the partial block and waits until every block is back: then every byte handed over is written. */
    private void drain() throws IOException
    {
        if (current != null && current.position() > 0)
        {
            handOver();
        }
        final int wanted = current == null ? BLOCKS : BLOCKS - 1;
        for (int i = 0; i < wanted; i++)
        {
            gathered[i] = take(free);
        }
        for (int i = 0; i < wanted; i++)
        {
            if (current == null)
            {
                current = gathered[i];
            }
            else
            {
                free.add(gathered[i]);
            }
            gathered[i] = null;
        }
        rethrow();
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
            drain();
        }
        finally
        {
            closed = true;
            full.add(endOfStream);
            try
            {
                writer.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            channel.close();
        }
    }

    private void checkOpen() throws IOException
    {
        if (closed)
        {
            throw new IOException("stream closed");
        }
    }

    private void rethrow() throws IOException
    {
        final IOException ex = failure;
        if (ex != null)
        {
            throw ex;
        }
    }

    private ByteBuffer take(final BlockingQueue<ByteBuffer> queue) throws IOException
    {
        try
        {
            return queue.take();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }
}
