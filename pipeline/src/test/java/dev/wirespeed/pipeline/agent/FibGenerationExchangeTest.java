package dev.wirespeed.pipeline.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FibGenerationExchangeTest
{
    private record Generation(long generation) implements FibGeneration
    {
    }

    @Test
    void shouldReleaseARetiredGenerationOnlyWhenEveryWorkerMovedPastIt()
    {
        final FibGenerationExchange exchange = new FibGenerationExchange(2);
        final Generation g1 = new Generation(1);
        final Generation g2 = new Generation(2);
        final Generation g3 = new Generation(3);
        exchange.publish(g1);
        exchange.publish(g2);
        assertThat(exchange.current()).isSameAs(g2);
        assertThat(exchange.reclaim()).as("worker 1 has not started: it may still read g1").isEmpty();

        exchange.acknowledge(0, 2);
        exchange.acknowledge(1, 1);
        assertThat(exchange.oldestAcknowledged()).isEqualTo(1);
        assertThat(exchange.reclaim()).isEmpty();

        exchange.acknowledge(1, 2);
        assertThat(exchange.reclaim()).containsExactly(g1);
        exchange.publish(g3);
        assertThat(exchange.retiredCount()).isEqualTo(1);
        exchange.acknowledge(0, 3);
        exchange.acknowledge(1, 3);
        assertThat(exchange.reclaim()).containsExactly(g2);
        assertThat(exchange.retiredCount()).isZero();
        assertThatThrownBy(() -> exchange.publish(new Generation(3))).hasMessageContaining("not newer");
    }

    @Test
    void shouldMakeIdleStrategiesByName()
    {
        assertThat(IdleStrategies.byName("busy-spin")).isInstanceOf(BusySpinIdleStrategy.class);
        assertThat(IdleStrategies.byName("yield")).isInstanceOf(YieldingIdleStrategy.class);
        assertThat(IdleStrategies.byName("backoff")).isInstanceOf(BackoffIdleStrategy.class);
        assertThat(IdleStrategies.byName("sleep")).isInstanceOf(SleepingMillisIdleStrategy.class);
        assertThatThrownBy(() -> IdleStrategies.byName("spin"))
            .hasMessageContaining("busy-spin, yield, backoff, sleep");
    }
}
