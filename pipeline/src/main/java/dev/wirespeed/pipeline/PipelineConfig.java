package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.agent.IdleStrategies;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import org.agrona.BitUtil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link ForwardingPipeline}, with defaults; fluent setters. Control-path object.
 */
public final class PipelineConfig
{
    /**
     * The largest batch a worker drains per duty cycle: 65536 (16 rings of the default size). The pipeline sizes its
     * in-flight window as a multiple of the batch, so a larger one would overflow an int and stall the replay.
     */
    public static final int MAX_BATCH_SIZE = 1 << 16;

    private int workers = defaultWorkers();
    private ExecutionMode mode = ExecutionMode.THREADED;
    private BackPressure backPressure = BackPressure.LOSSLESS;
    private int batchSize = 64;
    private int ingressCapacity = 4096;
    private int egressCapacity = 4096;
    private int publishBatch = 32;
    private String idleStrategy = IdleStrategies.BUSY_SPIN;
    private Path countersDirectory;
    private boolean deleteCountersOnClose = true;
    private int egressPorts = 16;
    private List<String> clusterLabels = new ArrayList<>();
    private ReasonTable reasons = new ReasonTable();

    /** @return available processors - 1, at least 1 (one core stays for the ingress/egress thread). */
    public static int defaultWorkers()
    {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** @param workers number of workers (1 to 127). @return this. */
    public PipelineConfig workers(final int workers)
    {
        if (workers < 1 || workers > 127)
        {
            throw new IllegalArgumentException("workers must be 1 to 127: " + workers);
        }
        this.workers = workers;
        return this;
    }

    /** @param mode threaded or inline (deterministic). @return this. */
    public PipelineConfig mode(final ExecutionMode mode)
    {
        this.mode = mode;
        return this;
    }

    /** @param backPressure lossless (default) or tail-drop. @return this. */
    public PipelineConfig backPressure(final BackPressure backPressure)
    {
        this.backPressure = backPressure;
        return this;
    }

    /** @param batchSize most descriptors a worker forwards per duty cycle (default 64). @return this. */
    public PipelineConfig batchSize(final int batchSize)
    {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE)
        {
            throw new IllegalArgumentException("batch size must be 1 to " + MAX_BATCH_SIZE + ": " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** @param capacity slots per worker ingress ring, a power of two (default 4096). @return this. */
    public PipelineConfig ingressCapacity(final int capacity)
    {
        this.ingressCapacity = powerOfTwo(capacity, "ingress capacity");
        return this;
    }

    /** @param capacity slots per worker egress ring, a power of two (default 4096). @return this. */
    public PipelineConfig egressCapacity(final int capacity)
    {
        this.egressCapacity = powerOfTwo(capacity, "egress capacity");
        return this;
    }

    /** @param publishBatch rings publish/release indices every this many slots (default 32). @return this. */
    public PipelineConfig publishBatch(final int publishBatch)
    {
        if (publishBatch < 1)
        {
            throw new IllegalArgumentException("publish batch must be >= 1: " + publishBatch);
        }
        this.publishBatch = publishBatch;
        return this;
    }

    /** @param name an {@link IdleStrategies} name for workers and the driving loop. @return this. */
    public PipelineConfig idleStrategy(final String name)
    {
        IdleStrategies.byName(name); // validates
        this.idleStrategy = name;
        return this;
    }

    /**
     * @param directory counters directory (null: a fresh private {@code wirespeed-<pid>-<random>} under /dev/shm or
     *                  the temp dir; a given one is created if absent, and must not already hold a counters file).
     * @return this.
     */
    public PipelineConfig countersDirectory(final Path directory)
    {
        this.countersDirectory = directory;
        return this;
    }

    /** @param delete delete the counters file on close (default true). @return this. */
    public PipelineConfig deleteCountersOnClose(final boolean delete)
    {
        this.deleteCountersOnClose = delete;
        return this;
    }

    /** @param ports egress ports 0 to ports - 1 get their own counters (default 16). @return this. */
    public PipelineConfig egressPorts(final int ports)
    {
        if (ports < 0)
        {
            throw new IllegalArgumentException("egress ports must be >= 0: " + ports);
        }
        this.egressPorts = ports;
        return this;
    }

    /** @param labels cluster i's requests counter is labelled labels[i] (default none). @return this. */
    public PipelineConfig clusterLabels(final List<String> labels)
    {
        this.clusterLabels = new ArrayList<>(labels);
        return this;
    }

    /** @param reasons the reason table, with the embedding code's reasons registered. @return this. */
    public PipelineConfig reasons(final ReasonTable reasons)
    {
        this.reasons = reasons;
        return this;
    }

    public int workers()
    {
        return workers;
    }

    public ExecutionMode mode()
    {
        return mode;
    }

    public BackPressure backPressure()
    {
        return backPressure;
    }

    public int batchSize()
    {
        return batchSize;
    }

    public int ingressCapacity()
    {
        return ingressCapacity;
    }

    public int egressCapacity()
    {
        return egressCapacity;
    }

    public int publishBatch()
    {
        return publishBatch;
    }

    public String idleStrategy()
    {
        return idleStrategy;
    }

    public Path countersDirectory()
    {
        return countersDirectory;
    }

    public boolean deleteCountersOnClose()
    {
        return deleteCountersOnClose;
    }

    public int egressPorts()
    {
        return egressPorts;
    }

    public List<String> clusterLabels()
    {
        return List.copyOf(clusterLabels);
    }

    public ReasonTable reasons()
    {
        return reasons;
    }

    private static int powerOfTwo(final int value, final String what)
    {
        if (value < 2 || !BitUtil.isPowerOfTwo(value))
        {
            throw new IllegalArgumentException(what + " must be a power of two >= 2: " + value);
        }
        return value;
    }
}
