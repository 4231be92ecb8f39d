package dev.wirespeed.sim.replay;

import dev.wirespeed.control.compile.HttpRequestView;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The request arena of a pipelined request replay: one slot per record in flight, indexed by
 * {@code recordIndex & mask}. The reader encodes a request into its slot's view before publishing the
 * descriptor that names the slot; the worker that owns the record reads it; the writer reads it again (for
 * the path and authority of the decision line) when the decision comes out in order. The
 * rings' release/acquire publication orders these hand-offs, and a slot is reused only after its record's
 * decision is out (the pipeline never has more than {@code maxInFlight} records in flight, and the arena
 * has at least that many slots).
 */
final class RequestSlots
{
    /** Initial bytes of a slot's line copy (grown, by the reader only, for a longer line). */
    private static final int LINE_BYTES = 256;

    HttpRequestView[] views;
    /** The raw line a worker decodes ({@link #pending}), copied by the reader. */
    byte[][] lines;
    int[] lineLengths;
    long[] lineNumbers;
    /** Set by the reader when the slot's line is still to be decoded (by the worker that owns the record). */
    boolean[] pending;
    /** Set by the worker when the line is a bad record: what is wrong with it (the writer reports it). */
    String[] errors;
    int mask;
    /**
     * The one worker's progress (the index of a record it has routed, every {@link #PROGRESS_EVERY}), in the
     * middle of its own cache lines: the worker writes it, the reader reads it to decide who decodes a line.
     */
    private final AtomicLongArray progress = new AtomicLongArray(2 * PROGRESS_SLOT);
    private static final int PROGRESS_SLOT = 8;
    /** Records between two progress writes (a power of two). */
    private static final int PROGRESS_EVERY = 64;

    /**
     * Allocates the slots (before the workers start), unless a previous run left slots of that size.
     *
     * @param maxInFlight the pipeline's in-flight bound, a power of two.
     */
    void allocate(final int maxInFlight)
    {
        final int n = Integer.highestOneBit(Math.max(1, maxInFlight - 1)) << 1;
        if (views != null && views.length == n)
        {
            return; // a later run of the same replay: the slots (and their grown arenas) are reused
        }
        views = new HttpRequestView[n];
        for (int i = 0; i < n; i++)
        {
            views[i] = new HttpRequestView();
        }
        lines = new byte[n][];
        lineLengths = new int[n];
        lineNumbers = new long[n];
        pending = new boolean[n];
        errors = new String[n];
        mask = n - 1;
    }

    /**
     * Copies a line into a slot for its worker to decode (reader thread; allocates only to grow the slot).
     *
     * @param slot       the slot.
     * @param bytes      the line's bytes.
     * @param offset     where it starts.
     * @param length     its length.
     * @param lineNumber its line number in the trace.
     */
    void copyLine(final int slot, final byte[] bytes, final int offset, final int length, final long lineNumber)
    {
        byte[] line = lines[slot];
        if (line == null || line.length < length)
        {
            line = new byte[Math.max(LINE_BYTES, Integer.highestOneBit(Math.max(1, length - 1)) << 1)];
            lines[slot] = line;
        }
        System.arraycopy(bytes, offset, line, 0, length);
        lineLengths[slot] = length;
        lineNumbers[slot] = lineNumber;
        pending[slot] = true;
    }

    /**
     * Notes that a worker routed a record (worker thread; a store every {@link #PROGRESS_EVERY} records).
     *
     * @param recordIndex the record.
     */
    void routed(final long recordIndex)
    {
        if ((recordIndex & (PROGRESS_EVERY - 1)) == 0)
        {
            progress.lazySet(PROGRESS_SLOT, recordIndex); // so: ordered after the record's decision is written
        }
    }

    /** @return a record index the worker has routed (reader thread: how far behind it is). */
    long routed()
    {
        return progress.get(PROGRESS_SLOT);
    }

    int slot(final long recordIndex)
    {
        return (int)(recordIndex & mask);
    }
}
