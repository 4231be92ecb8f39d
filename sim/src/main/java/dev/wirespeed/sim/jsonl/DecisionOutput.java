package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import org.agrona.BufferUtil;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Decision lines in input order, written to the stream by a thread of its own ({@code decision-writer}) in blocks
 * of about {@link #BLOCK_BYTES} (a write system call per ~1 MiB, not per line). The only thread that writes a
 * replay's decisions file: the stream it is given is written as it is (a file opened with
 * {@link dev.wirespeed.sim.io.TruncatingFileOutput}, stdout, a test's stream).
 *
 * <pre>
 *   caller -- write(d, request) --&gt; DecisionEncoder --&gt; lines of the filling block   (a request trace)
 *   caller -- append(n) --&gt; records of the filling block                               (a capture: {@link Deferred})
 *       -- full --&gt; ring of {@link #BLOCKS} blocks --&gt; writer thread: [Deferred.encode: records to lines]
 *       --&gt; OutputStream.write
 * </pre>
 *
 * <p>The caller fills one block while the writer thread works through the ones handed before; the hand-off is one
 * monitor per block, nothing is allocated per line, and the blocks reach the stream in order. When the writer is
 * behind (two blocks or more handed and not written: it did not get a core, or its code is not compiled yet), the
 * caller encodes the records of the block it hands over itself (as many as fill a block of lines, with a second
 * {@link Deferred} of its own) instead of waiting, so a loaded machine costs no more than encoding on the caller.
 * The writer thread starts with the output and first flushes the stream (a {@code TruncatingFileOutput} truncates an
 * earlier, larger file there, off the caller's thread). {@link #flush()} hands over what is buffered and waits until
 * it is written; a write error is thrown by the next call that hands over a block, or by
 * {@link #flush()}/{@link #close()}.
 *
 * <p>Why a thread: the write system calls (page-cache copies of ~150 MB for a 500 MB capture, ~300 MB for a 1M-line
 * trace) and, for a capture on a machine with cores to spare, the encoding of the lines themselves leave the replay's
 * thread (docs/performance.md, "One writer thread, a capture's lines encoded beside the replay"). Not thread-safe on
 * the caller's side: one calling thread.
 */
public final class DecisionOutput implements Closeable
{
    /** Bytes of lines (or of deferred records) buffered before a block is handed to the writer thread. */
    public static final int BLOCK_BYTES = 1 << 20;

    /** Blocks in the ring: one filling, the others written or waiting. */
    static final int BLOCKS = 4;

    /** Blocks handed and not written at which the caller encodes the next block's records itself. */
    private static final int BEHIND = 2;

    /**
     * Turns a block of records that the caller {@link #append appended} into decision lines. What a record holds is
     * the implementation's: it is written by the caller and read only here. One instance per thread that encodes.
     */
    public interface Deferred
    {
        /**
         * Appends the lines of records in order, from the one at {@code address}, until the records end or the lines
         * reach {@code limit} bytes.
         *
         * @param address native address of the first record.
         * @param end     native address just past the last record of the block.
         * @param lines   where their lines go.
         * @param limit   lines' length at which to stop (after a whole line).
         * @return native address of the first record not encoded ({@code end} when all were).
         */
        long encode(long address, long end, JsonBytes lines, int limit);
    }

    /** One block: lines (encoded by the caller, or by the writer from the records), and records from {@code next}. */
    private static final class Block
    {
        final JsonBytes lines = new JsonBytes(BLOCK_BYTES + (64 << 10));
        ByteBuffer records;
        long address;
        int capacity;
        int length;
        /** The first record not encoded yet. */
        long next;

        void reserve(final int bytes)
        {
            if (bytes > capacity)
            {
                capacity = Math.max(BLOCK_BYTES, bytes);
                records = ByteBuffer.allocateDirect(capacity);
                address = BufferUtil.address(records);
            }
        }
    }

    private final DecisionEncoder encoder;
    private final Deferred deferred;
    private final Deferred onCaller;
    private final OutputStream out;
    private final Object lock = new Object();
    private final Block[] blocks = new Block[BLOCKS];
    private final Thread writer;
    private Block current;
    /** Guarded by {@link #lock}: blocks handed to the writer so far. */
    private long handed;
    /** Guarded by {@link #lock}: blocks the writer has written. */
    private long written;
    /** Guarded by {@link #lock}: the writer's first error. */
    private IOException failure;
    /** Guarded by {@link #lock}: no more blocks; the writer ends. */
    private boolean closing;
    private boolean failureThrown;
    private boolean closed;

    /**
     * Lines encoded on the calling thread ({@link #write}).
     *
     * @param encoder the encoder (FIB names).
     * @param out     where lines go (closed by {@link #close()}: wrap stdout so that it is only flushed).
     */
    public DecisionOutput(final DecisionEncoder encoder, final OutputStream out)
    {
        this(encoder, null, null, out);
    }

    /**
     * Lines encoded from the records the caller {@link #append appends}: on the writer thread, or on the caller's when
     * the writer is behind.
     *
     * @param deferred turns records into lines on the writer thread (used only there).
     * @param onCaller turns records into lines on the caller's thread (used only there; the same lines).
     * @param out      where lines go (closed by {@link #close()}).
     */
    public DecisionOutput(final Deferred deferred, final Deferred onCaller, final OutputStream out)
    {
        this(null, deferred, onCaller, out);
    }

    private DecisionOutput(final DecisionEncoder encoder, final Deferred deferred, final Deferred onCaller,
        final OutputStream out)
    {
        this.encoder = encoder;
        this.deferred = deferred;
        this.onCaller = onCaller;
        this.out = out;
        for (int i = 0; i < BLOCKS; i++)
        {
            blocks[i] = new Block();
            if (deferred != null)
            {
                blocks[i].reserve(BLOCK_BYTES);
                blocks[i].next = blocks[i].address;
            }
        }
        this.current = blocks[0];
        this.writer = new Thread(this::writeBlocks, "decision-writer");
        writer.setDaemon(true);
        writer.start();
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
     * @throws IllegalStateException when this output encodes deferred records instead.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request, final PacketContext context,
        final int tunnelVni) throws IOException
    {
        if (encoder == null)
        {
            throw new IllegalStateException("this output encodes deferred records: append them");
        }
        final JsonBytes lines = current.lines;
        encoder.encode(d, request, context, tunnelVni, lines);
        if (lines.length() >= BLOCK_BYTES)
        {
            handOver();
        }
    }

    /**
     * Reserves room for one deferred record in the filling block (handing the block over first when it has no room),
     * which the caller then writes before any other call.
     *
     * @param bytes the record's size.
     * @return native address of the record's first byte.
     * @throws IOException on a write error of an earlier block.
     * @throws IllegalStateException when this output encodes on the calling thread instead.
     */
    public long append(final int bytes) throws IOException
    {
        if (deferred == null)
        {
            throw new IllegalStateException("this output encodes on the calling thread: write lines");
        }
        Block b = current;
        if (b.length + bytes > b.capacity)
        {
            if (b.length > 0)
            {
                handOver();
                b = current;
            }
            b.reserve(bytes); // a record larger than any block so far (a large packet): a larger block, once
            b.next = b.address;
        }
        final long at = b.address + b.length;
        b.length += bytes;
        return at;
    }

    /**
     * Hands the filling block to the writer thread (first encoding its records here when the writer is behind) and
     * goes on with the next block of the ring, waiting until the writer has written it.
     */
    private void handOver() throws IOException
    {
        final Block b = current;
        final long behind;
        synchronized (lock)
        {
            throwFailure();
            behind = handed - written;
        }
        if (behind >= BEHIND && onCaller != null && b.length > 0)
        {
            // the writer is behind: encode here rather than wait (at most a block of lines; the writer does the rest)
            b.next = onCaller.encode(b.next, b.address + b.length, b.lines, BLOCK_BYTES);
        }
        synchronized (lock)
        {
            handed++; // published to the writer by the monitor
            lock.notifyAll();
            awaitWritten(handed - (BLOCKS - 1)); // so the next block of the ring is free
        }
        current = blocks[(int)(handed % BLOCKS)];
    }

    /** Waits (holding {@link #lock}) until the writer has written {@code count} blocks; throws its error. */
    private void awaitWritten(final long count) throws IOException
    {
        try
        {
            while (written < count && failure == null)
            {
                lock.wait();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decision lines were written");
        }
        throwFailure();
    }

    /** Throws (holding {@link #lock}) the writer's error, if any. */
    private void throwFailure() throws IOException
    {
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

    /** The writer thread: flushes the stream once, then writes each handed block in turn, until {@link #close()}. */
    private void writeBlocks()
    {
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            failed(ex);
            return;
        }
        while (true)
        {
            final Block block;
            synchronized (lock)
            {
                while (written == handed && !closing)
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
                if (written == handed)
                {
                    return;
                }
                block = blocks[(int)(written % BLOCKS)];
            }
            try
            {
                write(block);
            }
            catch (final IOException | RuntimeException ex)
            {
                failed(ex instanceof IOException ? (IOException)ex : new IOException(ex.toString(), ex));
                return;
            }
            synchronized (lock)
            {
                written++;
                lock.notifyAll();
            }
        }
    }

    /** On the writer thread: a block's lines, then the lines of its records not encoded yet, a block at a time. */
    private void write(final Block block) throws IOException
    {
        final JsonBytes lines = block.lines;
        final long end = block.address + block.length;
        long at = block.next;
        do
        {
            if (at < end)
            {
                at = deferred.encode(at, end, lines, BLOCK_BYTES);
            }
            if (lines.length() > 0)
            {
                out.write(lines.array(), 0, lines.length());
                lines.clear();
            }
        }
        while (at < end);
        block.length = 0;
        block.next = block.address;
    }

    private void failed(final IOException ex)
    {
        synchronized (lock)
        {
            failure = ex;
            lock.notifyAll();
        }
    }

    /**
     * Hands over what is buffered, waits until the writer has written it, and flushes the stream.
     *
     * @throws IOException on a write error.
     */
    public void flush() throws IOException
    {
        if (current.length > 0 || current.lines.length() > 0)
        {
            handOver();
        }
        synchronized (lock)
        {
            awaitWritten(handed);
        }
        out.flush(); // the writer is idle: its writes happened before (the monitor)
    }

    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
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
