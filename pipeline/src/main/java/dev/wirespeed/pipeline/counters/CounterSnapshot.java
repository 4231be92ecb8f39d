package dev.wirespeed.pipeline.counters;

import org.agrona.concurrent.status.CountersReader;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published counter values at one moment, aggregated by name over all blocks (sum, min or max as the
 * counter's type says) and also kept per block (worker index, -1 for ingress). Allocates: for monitoring
 * and end-of-run checks, not the hot path.
 */
public final class CounterSnapshot
{
    private final long pid;
    private final long startTimeMs;
    private final Map<String, Long> totals;
    private final Map<Integer, Map<String, Long>> blocks;

    private CounterSnapshot(final long pid, final long startTimeMs, final Map<String, Long> totals,
        final Map<Integer, Map<String, Long>> blocks)
    {
        this.pid = pid;
        this.startTimeMs = startTimeMs;
        this.totals = totals;
        this.blocks = blocks;
    }

    static CounterSnapshot read(final CountersReader reader, final long pid, final long startTimeMs)
    {
        final Map<String, Long> totals = new LinkedHashMap<>();
        final Map<Integer, Map<String, Long>> blocks = new TreeMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final long value = reader.getCounterValue(counterId);
            final int block = keyBuffer.getInt(0);
            blocks.computeIfAbsent(block, b -> new LinkedHashMap<>()).put(label, value);
            final Long previous = totals.get(label);
            final long merged;
            if (previous == null)
            {
                merged = value;
            }
            else if (typeId == PipelineCounters.TYPE_MIN)
            {
                merged = Math.min(previous, value);
            }
            else if (typeId == PipelineCounters.TYPE_MAX)
            {
                merged = Math.max(previous, value);
            }
            else
            {
                merged = previous + value;
            }
            totals.put(label, merged);
        });
        return new CounterSnapshot(
            pid, startTimeMs, Collections.unmodifiableMap(totals), Collections.unmodifiableMap(blocks));
    }

    /** @return pid of the process that owns the counters. */
    public long pid()
    {
        return pid;
    }

    /** @return when the counters file was created, epoch ms. */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * @param name a counter name, e.g. {@code "forwarded"} or {@code "drop:no-route"}.
     * @return its aggregate, 0 if there is no such counter.
     */
    public long total(final String name)
    {
        final Long v = totals.get(name);
        return v == null ? 0 : v;
    }

    /** @return aggregates by name, in allocation order. */
    public Map<String, Long> totals()
    {
        return totals;
    }

    /** @return values by block (worker index; -1 = ingress) then by name. */
    public Map<Integer, Map<String, Long>> blocks()
    {
        return blocks;
    }
}
