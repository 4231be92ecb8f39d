package dev.wirespeed.pipeline.forward;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;

/**
 * A worker's flow table: the decision of each directed TCP flow (5-tuple in one direction) that was routed
 * by the L7 or TCP path, so that later segments of the flow follow it. Open addressing with linear probing
 * over primitive arrays: five key longs and {@link #VALUE_INTS} decision ints per slot; nothing is allocated
 * after construction. Owned by one worker: the symmetric flow hash shards flows, so one worker sees every
 * packet of a flow, in order.
 *
 * <pre>
 *   keys[5 * slot]   : source address high 64 bits (0 for IPv4)
 *   keys[5 * slot+1] : source address low 64 bits (IPv4 in the low 32)
 *   keys[5 * slot+2] : destination high
 *   keys[5 * slot+3] : destination low
 *   keys[5 * slot+4] : 1 &lt;&lt; 48 (used) | ipVersion &lt;&lt; 40 | protocol &lt;&lt; 32
 *                      | srcPort &lt;&lt; 16 | dstPort
 *   values[14 * slot ...] : decision bytes 8..63 as ints (action ... rewrite), length excepted
 * </pre>
 *
 * <p>No deletion: a new request on a flow overwrites its entry. The table refuses inserts beyond 3/4 of its
 * capacity ({@link #put} returns -1 and {@link #refused()} counts them); while no worker's table is that
 * full, decisions do not depend on the number of workers.
 */
public final class FlowTable
{
    /** Decision ints stored per flow: bytes 8 to 63 of a {@link DecisionDescriptor}. */
    public static final int VALUE_INTS = (DecisionDescriptor.LENGTH - DecisionDescriptor.ACTION_OFFSET) / 4;

    private static final long USED = 1L << 48;

    private final long[] keys;
    private final int[] values;
    private final int mask;
    private final int limit;
    private int size;
    private long refused;

    /**
     * @param capacity slots, a power of two.
     */
    public FlowTable(final int capacity)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("flow table capacity must be a power of two >= 2: " + capacity);
        }
        this.keys = new long[capacity * 5];
        this.values = new int[capacity * VALUE_INTS];
        this.mask = capacity - 1;
        this.limit = capacity - (capacity >>> 2);
    }

    /**
     * The last word of a key.
     *
     * @param ipVersion 4 or 6.
     * @param protocol  IP protocol.
     * @param srcPort   source port.
     * @param dstPort   destination port.
     * @return the word.
     */
    public static long tupleWord(final int ipVersion, final int protocol, final int srcPort, final int dstPort)
    {
        return USED | ((long)ipVersion << 40) | ((long)protocol << 32) | ((long)srcPort << 16) | dstPort;
    }

    /**
     * @param hash  the flow hash.
     * @param srcHi source high.
     * @param srcLo source low.
     * @param dstHi destination high.
     * @param dstLo destination low.
     * @param tuple {@link #tupleWord}.
     * @return the slot holding this flow, or -1.
     */
    public int find(
        final int hash, final long srcHi, final long srcLo, final long dstHi, final long dstLo, final long tuple)
    {
        final long[] k = keys;
        int slot = index(hash);
        while (true)
        {
            final int b = slot * 5;
            final long t = k[b + 4];
            if (t == 0)
            {
                return -1;
            }
            if (t == tuple && k[b] == srcHi && k[b + 1] == srcLo && k[b + 2] == dstHi && k[b + 3] == dstLo)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Finds or adds a flow.
     *
     * @param hash  the flow hash.
     * @param srcHi source high.
     * @param srcLo source low.
     * @param dstHi destination high.
     * @param dstLo destination low.
     * @param tuple {@link #tupleWord}.
     * @return its slot, or -1 when the table is full.
     */
    public int put(
        final int hash, final long srcHi, final long srcLo, final long dstHi, final long dstLo, final long tuple)
    {
        final long[] k = keys;
        int slot = index(hash);
        while (true)
        {
            final int b = slot * 5;
            final long t = k[b + 4];
            if (t == 0)
            {
                if (size >= limit)
                {
                    refused++;
                    return -1;
                }
                k[b] = srcHi;
                k[b + 1] = srcLo;
                k[b + 2] = dstHi;
                k[b + 3] = dstLo;
                k[b + 4] = tuple;
                size++;
                return slot;
            }
            if (t == tuple && k[b] == srcHi && k[b + 1] == srcLo && k[b + 2] == dstHi && k[b + 3] == dstLo)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Stores a decision (all but its record index and length) in a slot.
     *
     * @param slot     from {@link #put}.
     * @param decision the decision.
     */
    public void store(final int slot, final DecisionDescriptor decision)
    {
        final int base = slot * VALUE_INTS;
        for (int i = 0; i < VALUE_INTS; i++)
        {
            values[base + i] = decision.buffer().getInt(decision.offset() + DecisionDescriptor.ACTION_OFFSET + 4 * i);
        }
    }

    /**
     * Writes a slot's decision into {@code decision}, keeping its record index and length.
     *
     * @param slot     from {@link #find}.
     * @param decision the decision to fill.
     */
    public void load(final int slot, final DecisionDescriptor decision)
    {
        final int length = decision.length();
        final int base = slot * VALUE_INTS;
        for (int i = 0; i < VALUE_INTS; i++)
        {
            decision.buffer().putInt(decision.offset() + DecisionDescriptor.ACTION_OFFSET + 4 * i, values[base + i]);
        }
        decision.length(length);
    }

    /**
     * @param slot from {@link #find}.
     * @return the flags word of the slot's decision ({@link DecisionDescriptor#FLAG_PENDING}...).
     */
    public int storedFlags(final int slot)
    {
        return values[slot * VALUE_INTS + (DecisionDescriptor.FLAGS_OFFSET - DecisionDescriptor.ACTION_OFFSET) / 4];
    }

    /** Empties the table (a new FIB generation: stored ids would mean other things). */
    public void clear()
    {
        java.util.Arrays.fill(keys, 0L);
        size = 0;
    }

    /** @return flows stored. */
    public int size()
    {
        return size;
    }

    /** @return inserts refused because the table was full. */
    public long refused()
    {
        return refused;
    }

    private int index(final int hash)
    {
        final int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
