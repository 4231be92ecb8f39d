package dev.wirespeed.sim.replay;

import dev.wirespeed.control.compile.HttpRequestView;

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
    HttpRequestView[] views;
    int mask;

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
        mask = n - 1;
    }

    int slot(final long recordIndex)
    {
        return (int)(recordIndex & mask);
    }
}
