package dev.wirespeed.pipeline.ring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpscDescriptorRingTest
{
    @Test
    void shouldReportEmptyWhenNothingWasClaimed()
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(8, 64))
        {
            assertThat(ring.poll()).isEqualTo(-1);
            assertThat(ring.readable(8)).isZero();
            assertThat(ring.claimable(100)).isEqualTo(8);
        }
    }

    @Test
    void shouldRefuseToClaimWhenFullAndPublishWhatItHas()
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(4, 64, 32, 32))
        {
            for (int i = 0; i < 4; i++)
            {
                final int slot = ring.claim();
                assertThat(slot).isEqualTo(i * 64);
                ring.buffer().putLong(slot, i);
            }
            assertThat(ring.readable(4)).as("nothing published yet (batch 32)").isZero();
            assertThat(ring.claim()).isEqualTo(-1);
            assertThat(ring.claimable(1)).isZero();
            assertThat(ring.readable(10)).as("full ring publishes its tail").isEqualTo(4);
        }
    }

    @Test
    void shouldHandOverSlotsInOrderAcrossManyWrapArounds()
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(8, 128, 3, 5))
        {
            long written = 0;
            long read = 0;
            for (int round = 0; round < 1000; round++)
            {
                final int burst = 1 + round % 8;
                for (int i = 0; i < burst; i++)
                {
                    final int slot = ring.claim();
                    if (slot < 0)
                    {
                        break;
                    }
                    ring.buffer().putLong(slot, written);
                    ring.buffer().putLong(slot + 120, ~written);
                    written++;
                }
                ring.flush();
                final int take = 1 + (round * 7) % 8;
                for (int i = 0; i < take; i++)
                {
                    final int slot = ring.poll();
                    if (slot < 0)
                    {
                        break;
                    }
                    assertThat(ring.buffer().getLong(slot)).isEqualTo(read);
                    assertThat(ring.buffer().getLong(slot + 120)).isEqualTo(~read);
                    read++;
                }
                ring.release();
                assertThat(written - read).isBetween(0L, 8L);
            }
            assertThat(read).isGreaterThan(1000);
            assertThat(ring.producerPosition()).isEqualTo(written);
            assertThat(ring.consumerPosition()).isEqualTo(read);
        }
    }

    @Test
    void shouldPublishEveryBatchOfClaimsWithoutAFlush()
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(64, 64, 4, 4))
        {
            for (int i = 0; i < 5; i++)
            {
                ring.claim();
            }
            assertThat(ring.readable(64)).as("the fifth claim publishes the first four").isEqualTo(4);
            ring.flush();
            assertThat(ring.readable(64)).isEqualTo(5);
        }
    }

    @Test
    void shouldHandOverWholeBatchesThroughCommits()
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(8, 64))
        {
            long written = 0;
            long read = 0;
            for (int round = 0; round < 100; round++)
            {
                final int free = ring.claimable(5);
                for (int i = 0; i < free; i++)
                {
                    ring.buffer().putLong(ring.offsetOf(ring.producerPosition() + i), written++);
                }
                ring.commitClaims(free);
                ring.flush();
                final int visible = ring.readable(3);
                for (int i = 0; i < visible; i++)
                {
                    assertThat(ring.buffer().getLong(ring.offsetOf(ring.consumerPosition() + i))).isEqualTo(read++);
                }
                ring.commitPolls(visible);
                ring.release();
            }
            assertThat(read).isEqualTo(300);
            assertThat(ring.claimable(8)).isEqualTo(8 - (int)(written - read));
        }
    }

    @Test
    void shouldGiveBackAnAbandonedClaim()
    {
        try (SpscDescriptorRing ring = new SpscDescriptorRing(4, 64))
        {
            final int first = ring.claim();
            ring.abandonClaim();
            assertThat(ring.claim()).isEqualTo(first);
            ring.flush();
            assertThat(ring.readable(4)).isEqualTo(1);
        }
    }

    @Test
    void shouldRejectCapacitiesAndSlotSizesThatAreNotPowersOfTwo()
    {
        assertThatThrownBy(() -> new SpscDescriptorRing(6, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpscDescriptorRing(8, 96)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpscDescriptorRing(8, 32)).isInstanceOf(IllegalArgumentException.class);
    }
}
