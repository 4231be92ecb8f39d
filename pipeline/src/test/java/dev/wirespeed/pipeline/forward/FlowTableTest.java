package dev.wirespeed.pipeline.forward;

import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTableTest
{
    @Test
    void shouldAgreeWithAHashMapOnRandomFlowsAndDecisions()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("FlowTableTest seed: " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final FlowTable table = new FlowTable(1 << 12);
        final Map<List<Long>, Integer> reference = new HashMap<>();
        final DecisionDescriptor d = new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
        for (int i = 0; i < 20_000; i++)
        {
            final long srcLo = random.nextInt(32); // 2048 keys: below the 3072 insert limit
            final long dstLo = random.nextInt(4);
            final int sport = random.nextInt(16);
            final long tuple = FlowTable.tupleWord(4, 6, sport, 80);
            final int hash = (int)(srcLo * 31 + dstLo * 7 + sport); // collisions on purpose
            final List<Long> key = List.of(srcLo, dstLo, tuple);
            if (random.nextBoolean())
            {
                final int value = random.nextInt(1000);
                d.reset(i).length(99).forward(value, value + 1);
                final int slot = table.put(hash, 0, srcLo, 0, dstLo, tuple);
                assertThat(slot).isNotNegative();
                table.store(slot, d);
                reference.put(key, value);
            }
            else
            {
                final int slot = table.find(hash, 0, srcLo, 0, dstLo, tuple);
                final Integer expected = reference.get(key);
                if (expected == null)
                {
                    assertThat(slot).isEqualTo(-1);
                }
                else
                {
                    d.reset(i).length(42);
                    table.load(slot, d);
                    assertThat(d.egressPort()).isEqualTo(expected);
                    assertThat(d.nextHop()).isEqualTo(expected + 1);
                    assertThat(d.length()).isEqualTo(42);
                    assertThat(d.recordIndex()).isEqualTo(i);
                }
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
    }

    @Test
    void shouldRefuseInsertsBeyondThreeQuartersOfItsCapacity()
    {
        final FlowTable table = new FlowTable(8);
        int stored = 0;
        for (int i = 0; i < 10; i++)
        {
            stored += table.put(i, 0, i, 0, 1, FlowTable.tupleWord(4, 6, 1, 80)) >= 0 ? 1 : 0;
        }
        assertThat(stored).isEqualTo(6);
        assertThat(table.refused()).isEqualTo(4);
    }
}
