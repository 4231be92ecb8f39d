package dev.wirespeed.pipeline.counters;

import dev.wirespeed.pipeline.descriptor.Actions;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every counter of one pipeline, allocated at start in a {@link CountersFile}: one {@link IngressCounters}
 * block for the ingress/merger thread and one {@link WorkerCounters} block per worker.
 *
 * <p>Counter names (the label; the worker index is in the key, -1 for ingress):
 * {@code records-in}, {@code decisions-out}, {@code ring-full} (ingress), {@code fib-generation} (published);
 * {@code worker-records}, {@code forwarded}, {@code answered}, {@code punted}, {@code dropped},
 * {@code drop:<reason>}, {@code port:<n>:packets}, {@code port:<n>:bytes}, {@code port:other:...},
 * {@code cluster:<label>:requests}, {@code cluster:other:requests}, {@code fib-generation-acked} (workers).
 * The ingress block also counts its own tail drops under {@code dropped} and {@code drop:ring-full}, so
 * summing a name over all blocks gives the pipeline total. The counter's type id says how to aggregate:
 * {@link #TYPE_SUM}, {@link #TYPE_MIN} or {@link #TYPE_MAX}.
 */
public final class PipelineCounters implements AutoCloseable
{
    /** Aggregate over blocks by summing. */
    public static final int TYPE_SUM = 1;
    /** Aggregate over blocks by the minimum (e.g. the generation every worker has reached). */
    public static final int TYPE_MIN = 2;
    /** Aggregate over blocks by the maximum. */
    public static final int TYPE_MAX = 3;
    /** Key value of the worker field for the ingress block. */
    public static final int INGRESS_BLOCK = -1;

    private final CountersFile.Mapping mapping;
    private final CountersManager manager;
    private final IngressCounters ingress;
    private final WorkerCounters[] workers;
    private final AtomicCounter fibGeneration;
    private final boolean deleteOnClose;
    private boolean closed;

    private PipelineCounters(final CountersFile.Mapping mapping, final CountersManager manager,
        final IngressCounters ingress, final WorkerCounters[] workers, final AtomicCounter fibGeneration,
        final boolean deleteOnClose)
    {
        this.fibGeneration = fibGeneration;
        this.mapping = mapping;
        this.manager = manager;
        this.ingress = ingress;
        this.workers = workers;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Creates the counters file in {@code directory} and allocates every counter.
     *
     * @param directory     where the file goes ({@link CountersFile#defaultDirectory()} if null).
     * @param workers       number of workers.
     * @param reasons       the reason table (one drop counter per reason known now).
     * @param egressPorts   ports 0 to egressPorts - 1 get their own packets/bytes counters; others count as "other".
     * @param clusterLabels cluster ids 0 to size - 1 get a requests counter labelled with these; others "other".
     * @param deleteOnClose delete the file (and the directory, if empty) on {@link #close()}.
     * @return the counters.
     */
    public static PipelineCounters create(final Path directory, final int workers, final ReasonTable reasons,
        final int egressPorts, final List<String> clusterLabels, final boolean deleteOnClose)
    {
        final Path dir = directory == null ? CountersFile.defaultDirectory() : directory;
        final String[] reasonNames = reasons.names();
        final int perWorker = WorkerCounters.slotCount(reasonNames.length, egressPorts, clusterLabels.size());
        final int total = IngressCounters.SLOTS + 1 + workers * perWorker;
        final CountersFile.Mapping mapping = CountersFile.create(dir, total);
        final CountersManager manager = new CountersManager(mapping.metadata, mapping.values, StandardCharsets.UTF_8);

        final List<Integer> ids = new ArrayList<>();
        final int[] ingressIds = new int[IngressCounters.SLOTS];
        ingressIds[IngressCounters.RECORDS_IN] = allocate(manager, "records-in", TYPE_SUM, INGRESS_BLOCK, 0);
        ingressIds[IngressCounters.DECISIONS_OUT] = allocate(manager, "decisions-out", TYPE_SUM, INGRESS_BLOCK, 0);
        ingressIds[IngressCounters.RING_FULL] = allocate(manager, "ring-full", TYPE_SUM, INGRESS_BLOCK, 0);
        ingressIds[IngressCounters.DROPPED] = allocate(manager, "dropped", TYPE_SUM, INGRESS_BLOCK, 0);
        ingressIds[IngressCounters.DROP_RING_FULL] = allocate(
            manager, "drop:" + reasonNames[ReasonTable.RING_FULL], TYPE_SUM, INGRESS_BLOCK, ReasonTable.RING_FULL);
        final IngressCounters ingress = new IngressCounters(new CounterBlock(mapping.values, ingressIds));
        final AtomicCounter fibGeneration = new AtomicCounter(mapping.values,
            allocate(manager, "fib-generation", TYPE_MAX, INGRESS_BLOCK, 0));

        final WorkerCounters[] blocks = new WorkerCounters[workers];
        for (int w = 0; w < workers; w++)
        {
            ids.clear();
            ids.add(allocate(manager, "worker-records", TYPE_SUM, w, 0));
            for (int d = 0; d < Actions.DISPOSITION_COUNT; d++)
            {
                ids.add(allocate(manager, Actions.dispositionName(d), TYPE_SUM, w, d));
            }
            for (int r = 0; r < reasonNames.length; r++)
            {
                ids.add(allocate(manager, "drop:" + reasonNames[r], TYPE_SUM, w, r));
            }
            for (int p = 0; p <= egressPorts; p++)
            {
                final String port = p < egressPorts ? Integer.toString(p) : "other";
                ids.add(allocate(manager, "port:" + port + ":packets", TYPE_SUM, w, p));
                ids.add(allocate(manager, "port:" + port + ":bytes", TYPE_SUM, w, p));
            }
            for (int c = 0; c <= clusterLabels.size(); c++)
            {
                final String label = c < clusterLabels.size() ? clusterLabels.get(c) : "other";
                ids.add(allocate(manager, "cluster:" + label + ":requests", TYPE_SUM, w, c));
            }
            ids.add(allocate(manager, "fib-generation-acked", TYPE_MIN, w, 0));
            final int[] array = new int[ids.size()];
            for (int i = 0; i < array.length; i++)
            {
                array[i] = ids.get(i);
            }
            blocks[w] = new WorkerCounters(new CounterBlock(mapping.values, array), reasonNames.length, egressPorts,
                clusterLabels.size());
        }
        return new PipelineCounters(mapping, manager, ingress, blocks, fibGeneration, deleteOnClose);
    }

    private static int allocate(final CountersManager manager, final String name, final int type, final int worker,
        final int index)
    {
        return manager.allocate(name.length() > 300 ? name.substring(0, 300) : name, type, key ->
        {
            key.putInt(0, worker);
            key.putInt(4, index);
        });
    }

    /** @return the ingress/merger thread's block. */
    public IngressCounters ingress()
    {
        return ingress;
    }

    /**
     * @param worker a worker index.
     * @return that worker's block.
     */
    public WorkerCounters worker(final int worker)
    {
        return workers[worker];
    }

    /** @return the published FIB generation gauge (any thread may set it, with {@code setRelease}). */
    public AtomicCounter fibGeneration()
    {
        return fibGeneration;
    }

    /** @return number of worker blocks. */
    public int workers()
    {
        return workers.length;
    }

    /** @return the counters file. */
    public Path file()
    {
        return mapping.file;
    }

    /**
     * Reads the published values aggregated by name, as {@code wirespeed stat} does.
     *
     * @return the snapshot.
     */
    public CounterSnapshot snapshot()
    {
        return CounterSnapshot.read(manager, mapping.pid(), mapping.startTimeMs());
    }

    /** Unmaps the file and deletes it if so configured. Call after every counting thread has stopped. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        mapping.close();
        if (deleteOnClose)
        {
            try
            {
                Files.deleteIfExists(mapping.file);
                final Path dir = mapping.file.getParent();
                try (var entries = Files.list(dir))
                {
                    if (entries.findAny().isEmpty())
                    {
                        Files.deleteIfExists(dir);
                    }
                }
            }
            catch (final IOException ignored)
            {
                // best effort: a stale file is reported as such by the reader (dead pid)
            }
        }
    }
}
