package dev.wirespeed.pipeline.ring;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential property test: random interleavings of claim/flush/poll/release/batch commits on one thread
 * against a plain {@link ArrayDeque} holding what has been published. Prints its seed; replay with
 * {@code -Dwirespeed.seed=N}.
 */
class SpscDescriptorRingProperties
{
    @Test
    void shouldBehaveLikeABoundedFifoOfPublishedSlots()
    {
        final long seed = Long.getLong("wirespeed.seed", 0x5EED_2026L);
        System.out.println(
            "SpscDescriptorRingProperties seed " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 50; trial++)
        {
            final int capacity = 1 << random.nextInt(1, 6);
            final int batch = random.nextInt(1, 10);
            try (SpscDescriptorRing ring = new SpscDescriptorRing(capacity, 64, batch, batch))
            {
                final ArrayDeque<Long> claimed = new ArrayDeque<>(); // written, maybe not yet published
                final ArrayDeque<Long> readable = new ArrayDeque<>(); // published to the consumer
                long next = 0;
                long unreleased = 0;
                for (int step = 0; step < 2000; step++)
                {
                    final int op = random.nextInt(6);
                    final String where = "seed " + seed + " trial " + trial + " step " + step;
                    if (op == 0)
                    {
                        final int slot = ring.claim();
                        final boolean full = claimed.size() + readable.size() + unreleased >= capacity;
                        assertThat(slot < 0).as(where).isEqualTo(full);
                        if (slot >= 0)
                        {
                            if (claimed.size() >= Math.min(batch, capacity))
                            {
                                readable.addAll(claimed); // every batch of claims publishes itself
                                claimed.clear();
                            }
                            ring.buffer().putLong(slot, next);
                            claimed.addLast(next++);
                        }
                        else
                        {
                            readable.addAll(claimed); // a full ring publishes what it has
                            claimed.clear();
                        }
                    }
                    else if (op == 1)
                    {
                        ring.flush();
                        readable.addAll(claimed);
                        claimed.clear();
                    }
                    else if (op == 2)
                    {
                        final int slot = ring.poll();
                        if (slot >= 0)
                        {
                            assertThat(readable).as(where).isNotEmpty();
                            assertThat(ring.buffer().getLong(slot)).as(where).isEqualTo(readable.pollFirst());
                            if (unreleased >= Math.min(batch, capacity))
                            {
                                unreleased = 0; // every batch of polls releases itself
                            }
                            unreleased++;
                        }
                        else
                        {
                            assertThat(readable).as(where).isEmpty();
                            unreleased = 0; // an empty ring releases what was read
                        }
                    }
                    else if (op == 3)
                    {
                        ring.release();
                        unreleased = 0;
                    }
                    else if (op == 4)
                    {
                        final int wanted = random.nextInt(1, 8);
                        final int n = ring.readable(wanted);
                        assertThat(n).as(where).isEqualTo(Math.min(wanted, readable.size()));
                        for (int i = 0; i < n; i++)
                        {
                            assertThat(ring.buffer().getLong(ring.offsetOf(ring.consumerPosition() + i))).as(where)
                                .isEqualTo(readable.pollFirst());
                        }
                        ring.commitPolls(n);
                        unreleased += n;
                    }
                    else
                    {
                        final int wanted = random.nextInt(1, 8);
                        final int n = ring.claimable(wanted);
                        assertThat((long)n).as(where)
                            .isEqualTo(Math.min(wanted, capacity - claimed.size() - readable.size() - unreleased));
                        for (int i = 0; i < n; i++)
                        {
                            ring.buffer().putLong(ring.offsetOf(ring.producerPosition() + i), next);
                            claimed.addLast(next++);
                        }
                        ring.commitClaims(n);
                    }
                }
            }
        }
    }
}
