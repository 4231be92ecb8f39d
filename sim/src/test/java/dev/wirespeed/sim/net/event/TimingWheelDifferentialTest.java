package dev.wirespeed.sim.net.event;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The timing wheel pops exactly what the reference binary heap pops, in the same order (time, then FIFO). */
class TimingWheelDifferentialTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261126L);

    @Test
    void shouldPopTheSameEventsInTheSameOrderAsTheBinaryHeap()
    {
        System.out.println("TimingWheelDifferentialTest seed: " + SEED + " (replay with -Dwirespeed.seed=" + SEED
            + ")");
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int round = 0; round < 40; round++)
        {
            final int widthBits = random.nextInt(0, 12);
            final int bucketBits = random.nextInt(6, 12);
            compare(new TimingWheel(widthBits, bucketBits), new BinaryHeapEvents(16), random, 20_000, round);
        }
    }

    private static void compare(final TimingWheel wheel, final BinaryHeapEvents heap, final SplittableRandom random,
        final int operations, final int round)
    {
        long now = 0;
        long payload = 0;
        for (int i = 0; i < operations; i++)
        {
            final int op = random.nextInt(10);
            if (op < 6 || heap.isEmpty())
            {
                final long time = now + delay(random);
                wheel.schedule(time, payload);
                heap.schedule(time, payload);
                payload++;
            }
            else
            {
                assertThat(wheel.nextTime()).as("round %d op %d next time", round, i).isEqualTo(heap.nextTime());
                final long expected = heap.poll();
                final long actual = wheel.poll();
                assertThat(actual).as("round %d op %d payload", round, i).isEqualTo(expected);
                assertThat(wheel.polledTime()).isEqualTo(heap.polledTime());
                now = heap.polledTime();
            }
            assertThat(wheel.size()).isEqualTo(heap.size());
        }
        while (!heap.isEmpty())
        {
            assertThat(wheel.poll()).isEqualTo(heap.poll());
            assertThat(wheel.polledTime()).isEqualTo(heap.polledTime());
        }
        assertThat(wheel.isEmpty()).isTrue();
    }

    /** Ties, near events, events a few buckets away, and far beyond any horizon. */
    private static long delay(final SplittableRandom random)
    {
        switch (random.nextInt(5))
        {
            case 0:
                return 0;
            case 1:
                return random.nextInt(8);
            case 2:
                return random.nextInt(5_000);
            case 3:
                return random.nextLong(10_000_000L);
            default:
                return random.nextInt(3) * 1202L;
        }
    }

    @Test
    void shouldKeepEqualTimesInSchedulingOrderAcrossTheOverflowHeap()
    {
        final TimingWheel wheel = new TimingWheel(0, 6); // a horizon of 64 ns
        wheel.schedule(1_000, 1); // beyond the horizon: overflow
        wheel.schedule(10, 2);
        assertThat(wheel.poll()).isEqualTo(2);
        wheel.schedule(1_000, 3); // still beyond: overflow, after payload 1
        wheel.schedule(990, 4);
        assertThat(wheel.poll()).isEqualTo(4);
        wheel.schedule(1_000, 5); // now inside the horizon: must come after 1 and 3
        assertThat(wheel.poll()).isEqualTo(1);
        assertThat(wheel.poll()).isEqualTo(3);
        assertThat(wheel.poll()).isEqualTo(5);
        assertThat(wheel.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectAnEventBeforeTheCurrentBucket()
    {
        final TimingWheel wheel = new TimingWheel(4, 6);
        wheel.schedule(1_000, 1);
        wheel.poll();
        assertThatThrownBy(() -> wheel.schedule(100, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(wheel::poll).isInstanceOf(IllegalStateException.class);
    }
}
