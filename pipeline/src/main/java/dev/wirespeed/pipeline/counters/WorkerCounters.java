package dev.wirespeed.pipeline.counters;

import dev.wirespeed.pipeline.descriptor.Actions;

/**
 * One worker's counters, counted from each decision it writes: records, disposition, drop reason, egress
 * port packets/bytes (forwarded only), cluster requests, and the FIB generation it acknowledged. Owner
 * (agent) thread only; the agent calls {@link #flush()} once per batch, before publishing its egress ring.
 *
 * <pre>
 *   slot 0                      worker-records
 *   1 .. 4                      forwarded, answered, punted, dropped
 *   5 .. 5+R-1                  drop:&lt;reason&gt;           (R reasons)
 *   then 2 per port, P+1 ports  port:&lt;n&gt;:packets, port:&lt;n&gt;:bytes (the last is "other")
 *   then C+1 clusters           cluster:&lt;label&gt;:requests (the last is "other")
 *   last                        fib-generation-acked
 * </pre>
 */
public final class WorkerCounters
{
    private static final int RECORDS = 0;
    private static final int DISPOSITIONS = 1;
    private static final int REASONS = DISPOSITIONS + Actions.DISPOSITION_COUNT;

    private final CounterBlock block;
    private final int reasonCount;
    private final int ports;
    private final int portsBase;
    private final int clusters;
    private final int clustersBase;
    private final int generationSlot;

    WorkerCounters(final CounterBlock block, final int reasonCount, final int ports, final int clusters)
    {
        this.block = block;
        this.reasonCount = reasonCount;
        this.ports = ports;
        this.portsBase = REASONS + reasonCount;
        this.clusters = clusters;
        this.clustersBase = portsBase + 2 * (ports + 1);
        this.generationSlot = clustersBase + clusters + 1;
    }

    static int slotCount(final int reasonCount, final int ports, final int clusters)
    {
        return REASONS + reasonCount + 2 * (ports + 1) + clusters + 1 + 1;
    }

    /**
     * Counts one final decision's disposition, drop reason, port and cluster (allocation-free).
     *
     * @param action     the {@link Actions} code.
     * @param reason     the reason code (counted for drops; out of range counts as reason 0).
     * @param egressPort the port (counted for forwarded records).
     * @param length     bytes (counted for forwarded records, if positive).
     * @param cluster    the cluster id, or -1.
     */
    public void onDecision(
        final int action, final int reason, final int egressPort, final int length, final int cluster)
    {
        final CounterBlock b = block;
        final int disposition = Actions.disposition(action);
        b.increment(DISPOSITIONS + disposition);
        if (disposition == Actions.DISPOSITION_DROPPED)
        {
            b.increment(REASONS + (reason >= 0 && reason < reasonCount ? reason : 0));
        }
        else if (disposition == Actions.DISPOSITION_FORWARDED)
        {
            final int port = egressPort >= 0 && egressPort < ports ? egressPort : ports;
            b.increment(portsBase + 2 * port);
            if (length > 0)
            {
                b.add(portsBase + 2 * port + 1, length);
            }
        }
        if (cluster >= 0)
        {
            b.increment(clustersBase + (cluster < clusters ? cluster : clusters));
        }
    }

    /**
     * Counts records forwarded (once per batch; {@link #onDecision} does not count records).
     *
     * @param n records in the batch.
     */
    public void onRecords(final int n)
    {
        block.add(RECORDS, n);
    }

    /**
     * @param generation the FIB generation the worker now runs.
     */
    public void onGeneration(final long generation)
    {
        block.set(generationSlot, generation);
    }

    /** @return the owner's record count. */
    public long records()
    {
        return block.get(RECORDS);
    }

    /** Publishes changed values. */
    public void flush()
    {
        block.flush();
    }

    /** @return the underlying block (for snapshots). */
    public CounterBlock block()
    {
        return block;
    }
}
