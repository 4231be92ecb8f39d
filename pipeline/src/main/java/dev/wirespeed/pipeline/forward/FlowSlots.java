package dev.wirespeed.pipeline.forward;

/**
 * A direct-mapped table of directed TCP flows: each flow has exactly one slot ({@code flowHash & mask}), and a
 * new flow that lands on a slot held by another flow takes it over (the old one is evicted and counted), as a
 * hardware flow cache does. Bounded by construction: memory is fixed, nothing is allocated after it, and a
 * flood of flows costs evictions, never growth. The per-flow state lives in arrays indexed by the slot, kept by
 * the owner ({@link FlowReassembly}, {@link H2cConnections}).
 */
public final class FlowSlots
{
    private final long[] keys;
    private final boolean[] used;
    private final int mask;
    private long evictions;

    /**
     * @param slots a power of two.
     */
    public FlowSlots(final int slots)
    {
        if (Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("flow slots must be a power of two: " + slots);
        }
        this.keys = new long[slots * 5];
        this.used = new boolean[slots];
        this.mask = slots - 1;
    }

    /**
     * @param hash  the flow hash.
     * @param srcHi source high half (0 for IPv4).
     * @param srcLo source low half.
     * @param dstHi destination high half.
     * @param dstLo destination low half.
     * @param tuple {@link FlowTable#tupleWord}.
     * @return the flow's slot, or -1 when the flow holds none.
     */
    public int find(final int hash, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final long tuple)
    {
        final int slot = hash & mask;
        final int k = slot * 5;
        return used[slot] && keys[k] == srcHi && keys[k + 1] == srcLo && keys[k + 2] == dstHi
            && keys[k + 3] == dstLo && keys[k + 4] == tuple ? slot : -1;
    }

    /**
     * Takes the flow's slot, evicting whatever flow held it.
     *
     * @param hash  the flow hash.
     * @param srcHi source high half.
     * @param srcLo source low half.
     * @param dstHi destination high half.
     * @param dstLo destination low half.
     * @param tuple the tuple word.
     * @return the slot.
     */
    public int take(final int hash, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final long tuple)
    {
        final int slot = hash & mask;
        final int k = slot * 5;
        if (used[slot])
        {
            evictions++;
        }
        used[slot] = true;
        keys[k] = srcHi;
        keys[k + 1] = srcLo;
        keys[k + 2] = dstHi;
        keys[k + 3] = dstLo;
        keys[k + 4] = tuple;
        return slot;
    }

    /**
     * @param slot a slot to free.
     */
    public void release(final int slot)
    {
        used[slot] = false;
    }

    /** Frees every slot (a new FIB generation). */
    public void clear()
    {
        java.util.Arrays.fill(used, false);
    }

    /** @return slots. */
    public int capacity()
    {
        return used.length;
    }

    /** @return flows evicted by another flow landing on their slot. */
    public long evictions()
    {
        return evictions;
    }
}
