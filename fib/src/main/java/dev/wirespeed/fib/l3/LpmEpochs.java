package dev.wirespeed.fib.l3;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Quiescent-state based reclamation for the LPM tables that are updated in place ({@link Ipv4Poptrie},
 * {@link Ipv6Poptrie}): one writer, any number of registered reader threads.
 *
 * <p>An update never writes a node or leaf a lookup may be reading: it writes a new copy of the
 * touched subtree into free blocks, publishes it with one store-release of the slot that points at it,
 * and <em>retires</em> the old blocks tagged with the current epoch, then advances the epoch. A reader
 * calls {@link Reader#quiescent()} between batches, at a point where it holds nothing it read from the
 * table; that store-release of the epoch it observed says "all my reads before this are done, and my
 * next reads start after epoch N was published". A block retired at epoch E is free again once every
 * registered reader has announced an epoch above E (the pipeline's FIB generation exchange works the
 * same way, per image instead of per block).
 *
 * <p>Readers that never register must not look up while another thread updates (a single-threaded
 * simulator, where the writer is also the reader, needs no registration). A reader that stops calling
 * {@code quiescent()} only holds memory back; it never blocks the writer.
 */
public final class LpmEpochs
{
    /** Longs between two readers' slots: 128 bytes, so they never share a cache line. */
    private static final int STRIDE = 16;
    /** Most readers at once. */
    public static final int MAX_READERS = 64;
    private static final long IDLE = Long.MAX_VALUE;

    private final AtomicLongArray seen = new AtomicLongArray((MAX_READERS + 2) * STRIDE);
    private final boolean[] used = new boolean[MAX_READERS];
    /** One past the highest reader index ever registered (slots above it are idle). */
    private volatile int slots;
    private volatile long epoch = 1;

    /** A new epoch set with no readers. */
    public LpmEpochs()
    {
        for (int r = 0; r < MAX_READERS; r++)
        {
            seen.set(slot(r), IDLE);
        }
    }

    private static int slot(final int reader)
    {
        return (reader + 1) * STRIDE;
    }

    /**
     * Registers the calling thread as a reader (its first announcement is made here).
     *
     * @return the reader handle; {@link Reader#close() close} it when the thread stops looking up.
     * @throws IllegalStateException if {@value #MAX_READERS} readers are registered.
     */
    public synchronized Reader register()
    {
        for (int r = 0; r < MAX_READERS; r++)
        {
            if (!used[r])
            {
                used[r] = true;
                slots = Math.max(slots, r + 1);
                final Reader reader = new Reader(r);
                reader.quiescent();
                return reader;
            }
        }
        throw new IllegalStateException("more than " + MAX_READERS + " LPM readers");
    }

    private synchronized void release(final int reader)
    {
        seen.setRelease(slot(reader), IDLE);
        used[reader] = false;
    }

    /** @return the current epoch (writer). */
    long current()
    {
        return epoch;
    }

    /**
     * Moves to the next epoch (writer, after it has published an update and retired the old blocks
     * with the tag {@link #current()} returned before this call).
     */
    void advance()
    {
        epoch = epoch + 1; // volatile store: ordered after the publishing slot store that precedes it
    }

    /** @return the smallest epoch any registered reader has announced ({@code Long.MAX_VALUE} with none). */
    long oldestSeen()
    {
        long min = IDLE;
        final int n = slots;
        for (int r = 0; r < n; r++)
        {
            min = Math.min(min, seen.getAcquire(slot(r)));
        }
        return min;
    }

    /** A registered reader thread. Not thread-safe: one thread owns it. */
    public final class Reader implements AutoCloseable
    {
        private final int index;

        private Reader(final int index)
        {
            this.index = index;
        }

        /**
         * Announces a quiescent point: the caller holds no value read from a table before this call
         * (call it between batches of lookups; it costs one volatile read and one store-release).
         */
        public void quiescent()
        {
            seen.setRelease(slot(index), epoch); // so: every earlier table read happens-before this store
        }

        /** Deregisters the reader; it must not look up afterwards. */
        @Override
        public void close()
        {
            release(index);
        }
    }
}
