package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.OffHeap;
import org.agrona.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the next chunk of a {@link FileWindow}'s file on a thread of its own while the reader parses the current
 * one: two buffers, each with {@link #RESERVE} bytes of room in front of its chunk, into which the window copies
 * the tail of its current chunk (a record that straddles the chunk's end) when it moves on, so that the record
 * lies at one address again without reading it twice.
 *
 * <pre>
 *   buffer 0: [ reserve | chunk k   ]   &lt;- the window reads here
 *   buffer 1: [ reserve | chunk k+1 ]   &lt;- this thread reads here (pread)
 *   move on:  tail of chunk k copied in front of chunk k+1; then chunk k+2 is read into buffer 0
 * </pre>
 *
 * <p>Why: the kernel's copy of a 500 MB capture out of the page cache was ~70 ms of a ~1.5 s replay on the one core
 * that runs it ({@code perf}, docs/performance.md); here it runs on a core the replay leaves idle. The bytes are
 * the same a positional read on the window's thread would return at the moment this thread read them (a file
 * truncated later is found by the reader's size checks, as before). Anything out of the ordinary (a record larger
 * than a chunk, a tail larger than the reserve, a jump back) is left to the window's own read.
 */
final class ReadAhead implements AutoCloseable
{
    /** Room in front of each chunk for the tail of the previous one: the largest straddling record moved. */
    static final long RESERVE = 256 << 10;

    private static final OffHeap U = OffHeap.MEMORY;

    private final FileChannel channel;
    private final long chunk;
    private final ByteBuffer[] buffers = new ByteBuffer[2];
    private final long[] addresses = new long[2];
    private final Thread thread;
    /** The buffer the window reads now (-1: its own buffer), so never the one read into. */
    private int current = -1;
    private long base;

    // guarded by this: the one request in flight
    private boolean requested;
    private boolean done;
    private boolean closed;
    private long requestPosition;
    private long requestedEnd;
    private int target;
    private long doneBytes;
    private IOException error;

    ReadAhead(final FileChannel channel, final long chunk)
    {
        this.channel = channel;
        this.chunk = chunk;
        this.thread = new Thread(this::readChunks, "wirespeed-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for the chunk at {@code position} (nothing when it is at or past the end).
     *
     * @param position the file offset where the window's current chunk ends.
     * @param fileSize the file's size as the window knows it.
     */
    synchronized void request(final long position, final long fileSize)
    {
        if (position >= fileSize || requested)
        {
            return;
        }
        requestPosition = position;
        requestedEnd = position + Math.min(chunk, fileSize - position);
        target = current == 0 ? 1 : 0;
        requested = true;
        done = false;
        error = null;
        notifyAll();
    }

    /**
     * Moves the window onto the chunk read ahead, if it is the one wanted.
     *
     * @param chunkStart  where the window's current chunk ends (where the chunk read ahead starts).
     * @param tailAddress address of {@code position} in the window's current chunk.
     * @param position    the file offset wanted (at most {@code chunkStart}).
     * @param wanted      bytes wanted from {@code position} (already cut at the file's end).
     * @return the end of the bytes now readable from {@link #base()} (the file offset), or -1 when the chunk read
     *         ahead does not serve (the window then reads itself, after {@link #cancel()}).
     * @throws IOException if the read ahead failed.
     */
    long take(final long chunkStart, final long tailAddress, final long position, final long wanted)
        throws IOException
    {
        final long tail = chunkStart - position;
        final int into;
        final long got;
        synchronized (this)
        {
            if (!requested || requestPosition != chunkStart || tail > RESERVE || position + wanted > requestedEnd)
            {
                return -1;
            }
            awaitDone();
            requested = false;
            if (error != null)
            {
                throw error;
            }
            into = target;
            got = doneBytes;
        }
        final long dst = addresses[into] + RESERVE - tail;
        U.copyMemory(tailAddress, dst, tail);
        current = into;
        base = dst;
        return chunkStart + got;
    }

    /** @return the address of the window's {@code position} after the last {@link #take}. */
    long base()
    {
        return base;
    }

    /** @return the end of the chunk last asked for. */
    synchronized long requestedEnd()
    {
        return requestedEnd;
    }

    /** Drops the request in flight (waiting until this thread no longer writes its buffer); the window reads itself. */
    synchronized void cancel()
    {
        if (requested)
        {
            awaitDone();
            requested = false;
        }
        current = -1;
    }

    private void awaitDone()
    {
        boolean interrupted = false;
        while (!done)
        {
            try
            {
                wait();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void readChunks()
    {
        while (true)
        {
            final long position;
            final int length;
            final int into;
            synchronized (this)
            {
                while (!closed && (!requested || done))
                {
                    try
                    {
                        wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
                if (closed)
                {
                    return;
                }
                position = requestPosition;
                length = (int)(requestedEnd - requestPosition);
                into = target;
            }
            long n = 0;
            IOException failed = null;
            try
            {
                n = read(into, position, length);
            }
            catch (final IOException ex)
            {
                failed = ex;
            }
            synchronized (this)
            {
                doneBytes = n;
                error = failed;
                done = true; // so: the buffer's bytes are published to the window's thread by this monitor
                notifyAll();
            }
        }
    }

    private long read(final int into, final long position, final int length) throws IOException
    {
        if (buffers[into] == null)
        {
            buffers[into] = ByteBuffer.allocateDirect((int)(RESERVE + chunk));
            addresses[into] = BufferUtil.address(buffers[into]);
        }
        final ByteBuffer buffer = buffers[into];
        int n = 0;
        while (n < length)
        {
            buffer.limit((int)RESERVE + length).position((int)RESERVE + n);
            final int r = channel.read(buffer, position + n);
            if (r < 0)
            {
                break;
            }
            n += r;
        }
        return n;
    }

    @Override
    public void close()
    {
        synchronized (this)
        {
            closed = true;
            notifyAll();
        }
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final ByteBuffer b : buffers)
        {
            if (b != null)
            {
                BufferUtil.free(b);
            }
        }
    }
}
