package dev.wirespeed.concurrency;

import dev.wirespeed.pipeline.ring.SpscDescriptorRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A full one-slot-per-turn ring: the consumer reads slot 0 and releases it while the producer tries to claim it
 * again. The producer may only overwrite the slot after the consumer's release, so the consumer always reads the
 * first descriptor whole, never the second one's bytes.
 */
@JCStressTest
@Outcome(id = "1, 11", expect = ACCEPTABLE, desc = "consumer read the first descriptor, whole")
@Outcome(expect = FORBIDDEN, desc = "the producer overwrote a slot the consumer had not released")
@State
public class RingSlotReuse
{
    private final SpscDescriptorRing ring = new SpscDescriptorRing(2, 64, 1, 1);

    /** Fills the ring with descriptors 1 and 2 before the actors start. */
    public RingSlotReuse()
    {
        for (long v = 1; v <= 2; v++)
        {
            final int slot = ring.claim();
            ring.buffer().putLong(slot, v);
            ring.buffer().putLong(slot + 8, v + 10);
        }
        ring.flush();
    }

    /** Claims the next slot (slot 0 again) if released, and overwrites it. */
    @Actor
    public void producer()
    {
        final int slot = ring.claim();
        if (slot >= 0)
        {
            ring.buffer().putLong(slot, 3);
            ring.buffer().putLong(slot + 8, 13);
            ring.flush();
        }
    }

    /**
     * Reads the first descriptor, then releases its slot.
     *
     * @param r what the consumer read.
     */
    @Actor
    public void consumer(final LL_Result r)
    {
        final int slot = ring.poll();
        r.r1 = ring.buffer().getLong(slot);
        r.r2 = ring.buffer().getLong(slot + 8);
        ring.release();
    }
}
