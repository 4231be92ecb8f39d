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
 * The producer writes a descriptor into a claimed slot and publishes it; the consumer polls. A consumer that sees
 * the slot must see the whole descriptor: the tail's store-release orders the payload before it.
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "nothing published yet")
@Outcome(id = "42, 43", expect = ACCEPTABLE, desc = "the whole descriptor")
@Outcome(expect = FORBIDDEN, desc = "a published slot whose payload is not visible")
@State
public class RingPublication
{
    private final SpscDescriptorRing ring = new SpscDescriptorRing(2, 64, 1, 1);

    /** Claims, writes, publishes. */
    @Actor
    public void producer()
    {
        final int slot = ring.claim();
        ring.buffer().putLong(slot, 42);
        ring.buffer().putLong(slot + 8, 43);
        ring.flush();
    }

    /**
     * Polls once.
     *
     * @param r the payload seen, or -1, -1.
     */
    @Actor
    public void consumer(final LL_Result r)
    {
        final int slot = ring.poll();
        if (slot < 0)
        {
            r.r1 = -1;
            r.r2 = -1;
        }
        else
        {
            r.r1 = ring.buffer().getLong(slot);
            r.r2 = ring.buffer().getLong(slot + 8);
        }
    }
}
