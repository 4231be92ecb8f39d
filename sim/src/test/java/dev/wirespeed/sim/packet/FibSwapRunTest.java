package dev.wirespeed.sim.packet;

import dev.wirespeed.pipeline.PipelineConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FIB generations swapped every millisecond while two workers forward at full rate: no record lost or duplicated,
 * each decision made by exactly one published generation (its port is that generation's table's), flows never go
 * back to an older generation, and every retired generation is reclaimed or still accounted for.
 */
class FibSwapRunTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261203L);

    @Test
    void shouldDecideEveryRecordOnceByOneGenerationWhileSwappingEveryMillisecond()
    {
        System.out.println("FibSwapRunTest seed " + SEED);
        final int swaps = 500;
        final FibSwapRun.Result r = FibSwapRun.run(new PipelineConfig().workers(2).idleStrategy("yield"), swaps,
            1_000_000L, SEED);
        assertThat(r.firstViolations()).isEmpty();
        assertThat(r.violations()).isZero();
        assertThat(r.conservation().balanced()).isTrue();
        assertThat(r.conservation().recordsIn()).isEqualTo(r.records());
        assertThat(r.records()).isPositive();
        assertThat(r.published()).isEqualTo(swaps);
        assertThat(r.generationsSeen()).as("decisions by many generations").isGreaterThan(swaps / 10);
        assertThat(r.reclaimed() + r.retiredAtEnd()).as("every retired generation reclaimed or still retired")
            .isEqualTo(r.published());
        assertThat(r.reclaimed()).isGreaterThan(swaps - 10L);
        assertThat(r.memory()).hasSize(10);
    }
}
