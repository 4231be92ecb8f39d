package dev.wirespeed.pipeline.ring;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two threads, millions of descriptors through a small ring (many wrap-arounds), every sequence number and
 * payload checked on the consumer side. No timing. The consumer's loop watches the producer: a producer that
 * dies or stops early fails the test at once instead of leaving the consumer spinning forever.
 */
class SpscDescriptorRingStressTest
{
    private static final long COUNT = 5_000_000;

    @Test
    void shouldDeliverEveryDescriptorOnceAndInOrderBetweenTwoThreads() throws Exception
    {
        runStress(1024, 32, COUNT, -1);
    }

    @Test
    void shouldDeliverEveryDescriptorWithUnbatchedPublication() throws Exception
    {
        runStress(64, 1, COUNT, -1);
    }

    @Test
    void shouldFailInsteadOfHangingWhenTheProducerDies()
    {
        assertThatThrownBy(() -> runStress(64, 1, COUNT, 1_000)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("producer failed").hasMessageContaining("injected producer failure");
    }

    private static void runStress(final int capacity, final int batch, final long count, final long failAt)
        throws Exception
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(capacity, 128, batch, batch))
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread producer = new Thread(() -> produce(ring, count, failAt), "ring-stress-producer");
            producer.setUncaughtExceptionHandler((t, e) -> failure.set(e));
            producer.start();
            try
            {
                consume(ring, count, producer, failure);
            }
            finally
            {
                producer.interrupt();
                producer.join(10_000);
            }
            assertThat(failure.get()).isNull();
            assertThat(ring.poll()).isEqualTo(-1);
            assertThat(ring.size()).isZero();
        }
    }

    private static void produce(final SpscDescriptorRing ring, final long count, final long failAt)
    {
        long i = 0;
        while (i < count)
        {
            if (i == failAt)
            {
                throw new IllegalStateException("injected producer failure at " + i);
            }
            if (Thread.currentThread().isInterrupted())
            {
                return; // the consumer gave up
            }
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
    }

    private static void consume(final SpscDescriptorRing ring, final long count, final Thread producer,
        final AtomicReference<Throwable> failure)
    {
        long expected = 0;
        long mismatches = 0;
        while (expected < count)
        {
            int slot = ring.poll();
            if (slot < 0)
            {
                final Throwable failed = failure.get();
                if (failed != null)
                {
                    throw new AssertionError("producer failed after " + expected + " descriptors: " + failed, failed);
                }
                if (producer.isAlive())
                {
                    Thread.onSpinWait();
                    continue;
                }
                // the producer's last flush may have come between the poll above and its end: poll once more, and
                // check what that gives like any other descriptor (it used to be polled and dropped here)
                slot = ring.poll();
                if (slot < 0)
                {
                    throw new AssertionError("producer stopped after " + expected + " of " + count + " descriptors");
                }
            }
            final long seq = ring.buffer().getLong(slot);
            if (seq != expected || ring.buffer().getLong(slot + 64) != seq * 31
                || ring.buffer().getLong(slot + 120) != ~seq)
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
        assertThat(mismatches).isZero();
    }
}
