package dev.wirespeed.pipeline.forward;

import dev.wirespeed.pipeline.parse.Http2RequestReader;

/**
 * The h2c connections a worker follows: per directed flow (client to server) an {@link Http2RequestReader} with
 * its HPACK dynamic table, direct-mapped ({@link FlowSlots}), all allocated at construction
 * ({@code slots × (block capacity + table limit)} bytes and change). A connection evicted by another flow loses
 * its HPACK state; its later segments then follow the flow's last decision.
 */
public final class H2cConnections
{
    /** Connections followed at once by default. */
    public static final int DEFAULT_SLOTS = 128;

    private final FlowSlots slots;
    private final Http2RequestReader[] readers;
    private final int[] nextSeq;

    /**
     * @param slots         connections held at once (a power of two).
     * @param blockCapacity header block bytes per connection.
     * @param tableLimit    largest HPACK dynamic table followed.
     */
    public H2cConnections(final int slots, final int blockCapacity, final int tableLimit)
    {
        this.slots = new FlowSlots(slots);
        this.readers = new Http2RequestReader[slots];
        for (int i = 0; i < slots; i++)
        {
            readers[i] = new Http2RequestReader(blockCapacity, tableLimit);
        }
        this.nextSeq = new int[slots];
    }

    /** @return the flow slots. */
    public FlowSlots slots()
    {
        return slots;
    }

    /**
     * Opens a connection on the flow's slot.
     *
     * @param hash  flow hash.
     * @param srcHi source high half.
     * @param srcLo source low half.
     * @param dstHi destination high half.
     * @param dstLo destination low half.
     * @param tuple tuple word.
     * @return the slot, its reader reset.
     */
    public int open(final int hash, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final long tuple)
    {
        final int slot = slots.take(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        readers[slot].reset();
        return slot;
    }

    /**
     * @param slot a connection's slot.
     * @return its reader.
     */
    public Http2RequestReader reader(final int slot)
    {
        return readers[slot];
    }

    /**
     * @param slot a connection's slot.
     * @return the sequence number its next in-order segment carries.
     */
    public int nextSeq(final int slot)
    {
        return nextSeq[slot];
    }

    /**
     * @param slot a connection's slot.
     * @param seq  the sequence number after the segment just read.
     */
    public void nextSeq(final int slot, final int seq)
    {
        nextSeq[slot] = seq;
    }
}
