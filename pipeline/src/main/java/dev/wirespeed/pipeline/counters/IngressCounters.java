package dev.wirespeed.pipeline.counters;

/**
 * Counters of the ingress/merger thread (the caller's thread): records in, decisions out, ring-full
 * events, tail drops. Owner thread only; {@link #flush()} publishes.
 */
public final class IngressCounters
{
    public static final int RECORDS_IN = 0;
    public static final int DECISIONS_OUT = 1;
    public static final int RING_FULL = 2;
    public static final int DROPPED = 3;
    public static final int DROP_RING_FULL = 4;
    static final int SLOTS = 5;

    private final CounterBlock block;

    IngressCounters(final CounterBlock block)
    {
        this.block = block;
    }

    /**
     * Records taken from the source.
     *
     * @param count how many (once per ingress pass).
     */
    public void onRecordsIn(final int count)
    {
        block.add(RECORDS_IN, count);
    }

    /**
     * Decisions handed to the sink.
     *
     * @param count how many (once per merge pass).
     */
    public void onDecisionsOut(final int count)
    {
        block.add(DECISIONS_OUT, count);
    }

    /** A record found its worker's ring full (counted once per record). */
    public void onRingFull()
    {
        block.increment(RING_FULL);
    }

    /** A record tail-dropped because its worker's ring was full. */
    public void onTailDrop()
    {
        block.increment(DROPPED);
        block.increment(DROP_RING_FULL);
    }

    /**
     * @param slot one of the slot constants.
     * @return the owner's current value.
     */
    public long get(final int slot)
    {
        return block.get(slot);
    }

    /** Publishes changed values. */
    public void flush()
    {
        block.flush();
    }
}
