package dev.wirespeed.pipeline.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Publication of FIB generations to workers, and epoch-based release of the old ones.
 *
 * <p>The engine {@link #publish}es a new generation with one volatile write. Each worker reads
 * {@link #current()} once per batch and, having switched, {@link #acknowledge}s the generation number it
 * runs (a store-release into its own padded slot). A retired generation can be released (closed, unmapped)
 * once every worker has acknowledged a later one: {@link #reclaim()} hands those back to the engine.
 * A worker that has not acknowledged anything yet (-1) holds every retired generation.
 */
public final class FibGenerationExchange
{
    /** Longs between two workers' acknowledgement slots: 128 bytes, so they never share a cache line. */
    private static final int STRIDE = 16;
    /** Acknowledged value of a worker that has run no generation yet. */
    public static final long NONE = -1;

    private final AtomicLongArray acknowledged;
    private final int workers;
    private final ArrayDeque<FibGeneration> retired = new ArrayDeque<>();
    private volatile FibGeneration current;

    /**
     * @param workers number of workers that acknowledge.
     */
    public FibGenerationExchange(final int workers)
    {
        this.workers = workers;
        this.acknowledged = new AtomicLongArray((workers + 2) * STRIDE);
        for (int w = 0; w < workers; w++)
        {
            acknowledged.set(slot(w), NONE);
        }
    }

    private static int slot(final int worker)
    {
        return (worker + 1) * STRIDE;
    }

    /**
     * Publishes a generation (engine thread): the previous one is retired until every worker has moved past.
     *
     * @param next the new generation; its number must exceed the current one's.
     */
    public synchronized void publish(final FibGeneration next)
    {
        final FibGeneration previous = current;
        if (previous != null && next.generation() <= previous.generation())
        {
            throw new IllegalArgumentException("FIB generation " + next.generation() + " is not newer than the current "
                + previous.generation());
        }
        if (previous != null)
        {
            retired.addLast(previous);
        }
        current = next; // sv: the one volatile write that publishes the generation
    }

    /** @return the latest published generation, or null (read once per batch by each worker). */
    public FibGeneration current()
    {
        return current; // lv
    }

    /**
     * A worker says it now runs {@code generation} (its thread, at a batch boundary).
     *
     * @param worker     the worker index.
     * @param generation the generation number.
     */
    public void acknowledge(final int worker, final long generation)
    {
        acknowledged.lazySet(slot(worker), generation); // so: the worker is done with older generations
    }

    /**
     * @param worker a worker index.
     * @return the generation that worker last acknowledged, or {@link #NONE}.
     */
    public long acknowledged(final int worker)
    {
        return acknowledged.get(slot(worker)); // lv
    }

    /** @return the lowest generation any worker runs ({@link #NONE} if one has not started). */
    public long oldestAcknowledged()
    {
        long min = Long.MAX_VALUE;
        for (int w = 0; w < workers; w++)
        {
            min = Math.min(min, acknowledged(w));
        }
        return workers == 0 ? Long.MAX_VALUE : min;
    }

    /**
     * Takes back the retired generations no worker can still be using (engine thread); the caller closes them.
     *
     * @return those generations, oldest first, possibly none.
     */
    public synchronized List<FibGeneration> reclaim()
    {
        final long oldest = oldestAcknowledged();
        final List<FibGeneration> free = new ArrayList<>();
        while (!retired.isEmpty() && retired.peekFirst().generation() < oldest)
        {
            free.add(retired.pollFirst());
        }
        return free;
    }

    /** @return how many retired generations wait for workers to move past them. */
    public synchronized int retiredCount()
    {
        return retired.size();
    }
}
