package dev.wirespeed.cli;

import dev.wirespeed.pipeline.BackPressure;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.agent.IdleStrategies;
import org.agrona.BitUtil;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

/**
 * The forwarding pipeline's options, one picocli {@code @Mixin} shared by every command that runs a
 * pipeline ({@code replay}, {@code bench pipeline}): workers, inline mode, idle strategy, batch size,
 * back-pressure and the counters directory, validated once into a {@link PipelineConfig}.
 */
public final class PipelineOptions
{
    @Option(names = "--workers", paramLabel = "N",
            description = "Forwarding workers, each a busy-spinning thread (default: cores - 1, at least 1; "
                    + "a replay on 2 cores or fewer runs --inline unless --workers is given).")
    Integer workers;

    @Option(names = "--inline",
            description = "Run the same stages on the calling thread: one worker, stepped by hand, deterministic.")
    boolean inline;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = IdleStrategies.BUSY_SPIN,
            description = "Idle strategy of the workers: busy-spin, yield, backoff, sleep (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Descriptors a worker drains per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--drop-when-full",
            description = "Tail-drop records when a worker's ring is full (counted ring-full), "
                    + "as an ASIC does, instead of waiting (lossless, the default).")
    boolean dropWhenFull;

    @Option(names = "--counters-dir", paramLabel = "DIR",
            description = "Where the live counters file goes (default: /dev/shm/wirespeed-PID, else the temp dir).")
    Path countersDir;

    /**
     * The most cores on which a replay runs inline unless {@code --workers} is given. With two cores, one worker
     * thread and the driving thread (which reads, parses and writes decision lines) each need a whole core, while
     * the JIT and GC threads, and anything else the machine runs, take theirs from the same two: the hand-off
     * then costs more than it saves. Measured on 2 vCPUs (docs/performance.md, "Real traffic"): inline was
     * faster than one worker in every round, idle machine (1.28–1.79× against 0.79–1.32× tcpdump) or loaded
     * (13.4–14.5 s against 16.7–20.6 s wall, with 25–39% less CPU).
     */
    static final int INLINE_REPLAY_MAX_CORES = 2;

    /**
     * The settings of a replay: as {@link #config}, but inline by default on a machine of at most
     * {@link #INLINE_REPLAY_MAX_CORES} cores (an explicit {@code --workers N} still runs N worker threads).
     *
     * @param spec  the command (for usage errors).
     * @param cores the cores the JVM may use ({@code Runtime.availableProcessors()}).
     * @return the pipeline settings.
     * @throws ParameterException (exit 2) on a bad value.
     */
    PipelineConfig replayConfig(final CommandSpec spec, final int cores)
    {
        final boolean runInline = inline || (workers == null && cores <= INLINE_REPLAY_MAX_CORES);
        final PipelineConfig config = config(spec, runInline);
        if (runInline)
        {
            // Inline, one batch is in flight at a time: rings of four batches (at least 256 slots, 16 KiB of
            // descriptors) instead of 4096 slots keep the slots the thread cycles through in L1/L2 (measured with
            // the arena's restart, CaptureArena: ~10% less CPU for an inline capture replay).
            final int slots = Math.min(config.ingressCapacity(),
                Math.max(INLINE_RING_MIN_SLOTS, BitUtil.findNextPositivePowerOfTwo(4 * batch)));
            config.ingressCapacity(slots).egressCapacity(slots);
        }
        return config;
    }

    /** The smallest rings of an inline replay (slots). */
    static final int INLINE_RING_MIN_SLOTS = 256;

    /**
     * @param spec the command (for usage errors).
     * @return the pipeline settings.
     * @throws ParameterException (exit 2) on a bad value.
     */
    PipelineConfig config(final CommandSpec spec)
    {
        return config(spec, inline);
    }

    private PipelineConfig config(final CommandSpec spec, final boolean runInline)
    {
        if (workers != null && (workers < 1 || workers > 127))
        {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1 (and at most 127)");
        }
        if (batch < 1 || batch > PipelineConfig.MAX_BATCH_SIZE)
        {
            throw new ParameterException(spec.commandLine(), "--batch must be 1 to " + PipelineConfig.MAX_BATCH_SIZE);
        }
        try
        {
            IdleStrategies.byName(idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--idle: " + ex.getMessage());
        }
        final PipelineConfig config;
        try
        {
            config = new PipelineConfig()
                    .workers(runInline ? 1 : workers == null ? PipelineConfig.defaultWorkers() : workers)
                    .mode(runInline ? ExecutionMode.INLINE : ExecutionMode.THREADED)
                    .backPressure(dropWhenFull ? BackPressure.TAIL_DROP : BackPressure.LOSSLESS)
                    .batchSize(batch)
                    .idleStrategy(idle)
                    .deleteCountersOnClose(true);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--workers/--batch: " + ex.getMessage());
        }
        if (countersDir != null)
        {
            config.countersDirectory(countersDir);
        }
        return config;
    }
}
