package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.OffHeap;
import org.agrona.BufferUtil;

import java.nio.ByteBuffer;

/**
 * Bounded TCP reassembly of request heads: per directed flow, the in-order bytes of a request head that did
 * not fit one segment, in a native buffer of a fixed capacity, so the sniffers can read the head in place once
 * it is whole. Slots are direct-mapped ({@link FlowSlots}); memory is {@code slots × capacity} bytes, allocated
 * once. A head that would outgrow its buffer is released and counted ({@link #overflows()}); a segment that is
 * not the next in sequence releases the buffer (a gap: {@link #gaps()}), except an exact retransmission of bytes
 * already held, which is ignored. Never unbounded, never allocating after construction.
 */
public final class FlowReassembly
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** {@link #append}: the bytes were added. */
    public static final int APPENDED = 0;
    /** {@link #append}: the head would exceed the capacity; the buffer was released. */
    public static final int OVERFLOW = 1;
    /** {@link #append}: a sequence gap; the buffer was released. */
    public static final int GAP = 2;
    /** {@link #append}: bytes already held (a retransmission); nothing changed. */
    public static final int DUPLICATE = 3;
    /** Per-flow capacity by default (bytes of request head). */
    public static final int DEFAULT_CAPACITY = 8 * 1024;
    /** Flows reassembled at once by default. */
    public static final int DEFAULT_SLOTS = 256;

    private final FlowSlots slots;
    private final int capacity;
    private final ByteBuffer memory;
    private final long base;
    private final int[] fill;
    private final int[] nextSeq;
    private long overflows;
    private long gaps;

    /**
     * @param slots    flows held at once (a power of two).
     * @param capacity bytes per flow.
     */
    public FlowReassembly(final int slots, final int capacity)
    {
        this.slots = new FlowSlots(slots);
        this.capacity = capacity;
        this.memory = ByteBuffer.allocateDirect(slots * capacity);
        this.base = BufferUtil.address(memory);
        this.fill = new int[slots];
        this.nextSeq = new int[slots];
    }

    /** @return the flow slots (find, release, evictions). */
    public FlowSlots slots()
    {
        return slots;
    }

    /**
     * Starts a head with a flow's segment (evicting whatever flow held the slot).
     *
     * @param hash    flow hash.
     * @param srcHi   source high half.
     * @param srcLo   source low half.
     * @param dstHi   destination high half.
     * @param dstLo   destination low half.
     * @param tuple   the tuple word.
     * @param seq     the segment's TCP sequence number.
     * @param address native address of its payload.
     * @param length  payload bytes.
     * @return the slot, or -1 when the segment alone exceeds the capacity (counted as an overflow).
     */
    public int start(final int hash, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final long tuple, final int seq, final long address, final int length)
    {
        if (length > capacity)
        {
            overflows++;
            return -1;
        }
        final int slot = slots.take(hash, srcHi, srcLo, dstHi, dstLo, tuple);
        U.copyMemory(address, base + (long)slot * capacity, length);
        fill[slot] = length;
        nextSeq[slot] = seq + length;
        return slot;
    }

    /**
     * @param slot    the flow's slot.
     * @param seq     the segment's sequence number.
     * @param address native address of its payload.
     * @param length  payload bytes.
     * @return {@link #APPENDED}, {@link #OVERFLOW}, {@link #GAP} or {@link #DUPLICATE}.
     */
    public int append(final int slot, final int seq, final long address, final int length)
    {
        final int expected = nextSeq[slot];
        if (seq != expected)
        {
            final int behind = expected - seq; // sequence arithmetic, modulo 2^32
            if (behind > 0 && behind >= length && behind <= fill[slot])
            {
                return DUPLICATE;
            }
            slots.release(slot);
            gaps++;
            return GAP;
        }
        if (fill[slot] + length > capacity)
        {
            slots.release(slot);
            overflows++;
            return OVERFLOW;
        }
        U.copyMemory(address, base + (long)slot * capacity + fill[slot], length);
        fill[slot] += length;
        nextSeq[slot] = seq + length;
        return APPENDED;
    }

    /**
     * @param slot a held slot.
     * @return native address of its bytes.
     */
    public long address(final int slot)
    {
        return base + (long)slot * capacity;
    }

    /**
     * @param slot a held slot.
     * @return bytes held.
     */
    public int length(final int slot)
    {
        return fill[slot];
    }

    /** @return heads that outgrew the capacity. */
    public long overflows()
    {
        return overflows;
    }

    /** @return heads abandoned at a sequence gap. */
    public long gaps()
    {
        return gaps;
    }

    /** @return bytes per flow. */
    public int capacity()
    {
        return capacity;
    }
}
