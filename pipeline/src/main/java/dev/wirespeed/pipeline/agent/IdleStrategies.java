package dev.wirespeed.pipeline.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.List;

/**
 * Idle strategies by name: {@code busy-spin} (the default: an ASIC never sleeps), {@code yield},
 * {@code backoff} (spin, then yield, then park up to 1 ms), {@code sleep} (1 ms).
 */
public final class IdleStrategies
{
    public static final String BUSY_SPIN = "busy-spin";
    public static final String YIELD = "yield";
    public static final String BACKOFF = "backoff";
    public static final String SLEEP = "sleep";
    /** Every accepted name. */
    public static final List<String> NAMES = List.of(BUSY_SPIN, YIELD, BACKOFF, SLEEP);

    private IdleStrategies()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return a new strategy (each thread needs its own).
     * @throws IllegalArgumentException naming the accepted values otherwise.
     */
    public static IdleStrategy byName(final String name)
    {
        switch (name)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELD:
                return new YieldingIdleStrategy();
            case BACKOFF:
                return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            case SLEEP:
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "', expected one of " + NAMES);
        }
    }
}
