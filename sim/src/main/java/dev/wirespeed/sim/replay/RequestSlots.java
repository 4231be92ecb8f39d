package dev.wirespeed.sim.replay;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;

/**
 * The request arena of a pipelined request replay: one slot per record in flight, indexed by
 * {@code recordIndex & mask}. The reader encodes a request into its slot's view before publishing the
 * descriptor that names the slot; the worker that owns the record writes its results into the same slot
 * before publishing its decision; the writer reads both when the decision comes out in order. The
 * rings' release/acquire publication orders these hand-offs, and a slot is reused only after its record's
 * decision is out (the pipeline never has more than {@code maxInFlight} records in flight, and the arena
 * has at least that many slots).
 */
final class RequestSlots
{
    HttpRequestView[] views;
    L7Result[] results;
    L3Result[] l3;
    boolean[] hasL3;
    int mask;

    /**
     * Allocates the slots (before the workers start).
     *
     * @param maxInFlight the pipeline's in-flight bound, a power of two.
     */
    void allocate(final int maxInFlight)
    {
        final int n = Integer.highestOneBit(Math.max(1, maxInFlight - 1)) << 1;
        views = new HttpRequestView[n];
        results = new L7Result[n];
        l3 = new L3Result[n];
        hasL3 = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            views[i] = new HttpRequestView();
            results[i] = new L7Result();
            l3[i] = new L3Result();
        }
        mask = n - 1;
    }

    int slot(final long recordIndex)
    {
        return (int)(recordIndex & mask);
    }
}
