package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Decision lines in input order, encoded by a {@link DecisionEncoder} into one of two reusable buffers and written
 * to the stream in blocks of {@link #BLOCK_BYTES} (a write system call per ~1 MiB, not per line). The stream
 * is closed by {@link #close()} (wrap stdout so that it is only flushed).
 *
 * <p>From the second block on, a block is written by a writer thread ({@code decision-writer}, started at the first
 * full block) while the encoding thread fills the other buffer: the write system calls (page-cache copies of
 * ~300 MB for a 1M-line trace) leave the replay's thread for the second core. The hand-off is one monitor per
 * block, nothing is allocated per line, and the blocks reach the stream in order. A write error is thrown by the
 * next {@link #write} that needs the writer, or by {@link #flush()}/{@link #close()}.
 */
public final class DecisionOutput implements Closeable
{
    /** Bytes buffered before a write. */
    public static final int BLOCK_BYTES = 1 << 20;

    private final DecisionEncoder encoder;
    private final OutputStream out;
    private final Object lock = new Object();
    private JsonBytes buffer = new JsonBytes(BLOCK_BYTES + (64 << 10));
    private JsonBytes idle;
    /** Guarded by {@link #lock}: the block handed to the writer and not yet written, or null. */
    private JsonBytes pending;
    /** Guarded by {@link #lock}: the writer's first error. */
    private IOException failure;
    /** Guarded by {@link #lock}: no more blocks; the writer ends. */
    private boolean closing;
    private boolean failureThrown;
    private Thread writer;

    /**
     * @param encoder the encoder (FIB names).
     * @param out     where lines go.
     */
    public DecisionOutput(final DecisionEncoder encoder, final OutputStream out)
    {
        this.encoder = encoder;
        this.out = out;
    }

    /**
     * Appends one decision line.
     *
     * @param d       the decision.
     * @param request its request text, or {@code null} (see {@link DecisionEncoder#encode}).
     * @throws IOException on a write error.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request) throws IOException
    {
        write(d, request, null, -1);
    }

    /**
     * Appends one decision line that carries the packet's context.
     *
     * @param d       the decision.
     * @param request its request text, or {@code null}.
     * @param context the packet's context, or {@code null} for none.
     * @throws IOException on a write error.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request, final PacketContext context)
        throws IOException
    {
        write(d, request, context, -1);
    }

    /**
     * Appends one decision line of a packet that may have come out of a tunnel.
     *
     * @param d         the decision.
     * @param request   its request text, or {@code null}.
     * @param tunnelVni the tunnel's VNI when the decision names a tunnel, else -1.
     * @throws IOException on a write error.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request, final int tunnelVni) throws IOException
    {
        write(d, request, null, tunnelVni);
    }

    /**
     * Appends one decision line with the packet's context (or none) and its tunnel's VNI (or -1).
     *
     * @param d         the decision.
     * @param request   its request text, or {@code null}.
     * @param context   the packet's context, or {@code null} for none.
     * @param tunnelVni the tunnel's VNI when the decision names a tunnel, else -1.
     * @throws IOException on a write error.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request, final PacketContext context,
        final int tunnelVni) throws IOException
    {
        encoder.encode(d, request, context, tunnelVni, buffer);
        if (buffer.length() >= BLOCK_BYTES)
        {
            drain();
        }
    }

    /** Hands the filled buffer to the writer thread (waiting for its last block) and goes on with the other. */
    private void drain() throws IOException
    {
        if (writer == null)
        {
            idle = new JsonBytes(BLOCK_BYTES + (64 << 10));
            writer = new Thread(this::writeBlocks, "decision-writer");
            writer.setDaemon(true);
            writer.start();
        }
        synchronized (lock)
        {
            awaitWritten();
            pending = buffer; // published to the writer by the monitor
            lock.notifyAll();
        }
        final JsonBytes next = idle;
        idle = buffer;
        buffer = next;
    }

    /** Waits (holding {@link #lock}) until the writer has no block; throws its error. */
    private void awaitWritten() throws IOException
    {
        try
        {
            while (pending != null && failure == null)
            {
                lock.wait();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decision lines were written");
        }
        if (failure != null)
        {
            if (failureThrown)
            {
                // a later call (close after a failed write): a new exception, so the first can take it as suppressed
                throw new IOException(failure.getMessage(), failure);
            }
            failureThrown = true;
            throw failure;
        }
    }

    /** The writer thread: each handed block in turn, until {@link #close()}. */
    private void writeBlocks()
    {
        while (true)
        {
            final JsonBytes block;
            synchronized (lock)
            {
                while (pending == null && !closing)
                {
                    try
                    {
                        lock.wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
                if (pending == null)
                {
                    return;
                }
                block = pending;
            }
            try
            {
                out.write(block.array(), 0, block.length());
                block.clear();
            }
            catch (final IOException ex)
            {
                synchronized (lock)
                {
                    failure = ex;
                    lock.notifyAll();
                }
                return;
            }
            synchronized (lock)
            {
                pending = null;
                lock.notifyAll();
            }
        }
    }

    /**
     * Writes what is buffered and flushes the stream.
     *
     * @throws IOException on a write error.
     */
    public void flush() throws IOException
    {
        if (writer != null)
        {
            synchronized (lock)
            {
                awaitWritten(); // the writer's block first: blocks reach the stream in order
            }
        }
        out.write(buffer.array(), 0, buffer.length());
        buffer.clear();
        out.flush();
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            stopWriter();
            out.close();
        }
    }

    private void stopWriter()
    {
        if (writer == null)
        {
            return;
        }
        synchronized (lock)
        {
            closing = true;
            lock.notifyAll();
        }
        try
        {
            writer.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
