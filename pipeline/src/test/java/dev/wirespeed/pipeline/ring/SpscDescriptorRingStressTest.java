package dev.wirespeed.pipeline.ring;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two threads, millions of descriptors through a small ring (many wrap-arounds), every sequence number and
 * payload checked on the consumer side. No timing.
 */
class SpscDescriptorRingStressTest
{
    private static final long COUNT = 5_000_000;

    @Test
    void shouldDeliverEveryDescriptorOnceAndInOrderBetweenTwoThreads() throws Exception
    {
        runStress(1024, 32);
    }

    @Test
    void shouldDeliverEveryDescriptorWithUnbatchedPublication() throws Exception
    {
        runStress(64, 1);
    }

    private static void runStress(final int capacity, final int batch) throws Exception
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(capacity, 128, batch, batch))
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread producer = new Thread(() ->
            {
                long i = 0;
                while (i < COUNT)
                {
                    final int slot = ring.claim();
                    if (slot < 0)
                    {
                        Thread.onSpinWait();
                        continue;
                    }
                    ring.buffer().putLong(slot, i);
                    ring.buffer().putLong(slot + 64, i * 31);
                    ring.buffer().putLong(slot + 120, ~i);
                    i++;
                    if ((i & 255) == 0)
                    {
                        ring.flush();
                    }
                }
                ring.flush();
            }, "ring-stress-producer");
            producer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
            producer.start();

            long expected = 0;
            long mismatches = 0;
            while (expected < COUNT)
            {
                final int slot = ring.poll();
                if (slot < 0)
                {
                    Thread.onSpinWait();
                    continue;
                }
                final long seq = ring.buffer().getLong(slot);
                if (seq != expected
                    || ring.buffer().getLong(slot + 64) != seq * 31 || ring.buffer().getLong(slot + 120) != ~seq)
                {
                    mismatches++;
                }
                expected++;
                if ((expected & 63) == 0)
                {
                    ring.release();
                }
            }
            ring.release();
            producer.join();
            assertThat(failure.get()).isNull();
            assertThat(mismatches).isZero();
            assertThat(ring.poll()).isEqualTo(-1);
            assertThat(ring.size()).isZero();
        }
    }
}
