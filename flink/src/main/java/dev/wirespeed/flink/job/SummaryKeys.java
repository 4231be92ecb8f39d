package dev.wirespeed.flink.job;

import dev.wirespeed.sim.replay.ReplaySummary;

import java.util.Map;
import java.util.TreeMap;

/**
 * The summary as flat counts, {@code dimension/name} to a count ({@code action/route}, {@code reason/no-route},
 * {@code vs/default/reviews}, {@code route/default/reviews r1}, {@code cluster/outbound|9080||reviews...},
 * {@code flag/NR}, {@code port/3}, and {@code records}, {@code bytes}): the form in which parallel instances'
 * summaries are checkpointed and merged (see {@link SummaryCounts}), and back into the single-machine
 * {@link ReplaySummary} that prints it.
 */
public final class SummaryKeys
{
    /** Decisions counted. */
    public static final String RECORDS = "records";
    /** Bytes on the wire of the packets counted. */
    public static final String BYTES = "bytes";
    /** Dimension of action counts. */
    public static final String ACTION = "action/";
    /** Dimension of drop and punt reason counts. */
    public static final String REASON = "reason/";
    /** Dimension of VirtualService counts. */
    public static final String VIRTUAL_SERVICE = "vs/";
    /** Dimension of route counts ({@code namespace/vs route-name}). */
    public static final String ROUTE = "route/";
    /** Dimension of cluster counts. */
    public static final String CLUSTER = "cluster/";
    /** Dimension of response flag counts. */
    public static final String FLAG = "flag/";
    /** Dimension of egress port counts. */
    public static final String PORT = "port/";

    private SummaryKeys()
    {
    }

    /**
     * @param summary a summary.
     * @return its counts by key (zero counts left out).
     */
    public static TreeMap<String, Long> counts(final ReplaySummary summary)
    {
        final TreeMap<String, Long> out = new TreeMap<>();
        put(out, RECORDS, summary.records());
        put(out, BYTES, summary.bytes());
        dimension(out, ACTION, summary.byAction());
        dimension(out, REASON, summary.byReason());
        dimension(out, VIRTUAL_SERVICE, summary.byVirtualService());
        dimension(out, ROUTE, summary.byRoute());
        dimension(out, CLUSTER, summary.byCluster());
        dimension(out, FLAG, summary.byFlag());
        dimension(out, PORT, summary.byEgressPort());
        return out;
    }

    private static void dimension(final Map<String, Long> out, final String prefix, final Map<?, Long> counts)
    {
        for (final Map.Entry<?, Long> e : counts.entrySet())
        {
            put(out, prefix + e.getKey(), e.getValue());
        }
    }

    private static void put(final Map<String, Long> out, final String key, final long n)
    {
        if (n != 0)
        {
            out.merge(key, n, Long::sum);
        }
    }

    /**
     * @param counts counts by key (as {@link #counts}, summed over instances).
     * @return the summary they make (elapsed time not set).
     */
    public static ReplaySummary summary(final Map<String, Long> counts)
    {
        final ReplaySummary s = new ReplaySummary();
        s.addRecords(counts.getOrDefault(RECORDS, 0L), counts.getOrDefault(BYTES, 0L));
        for (final Map.Entry<String, Long> e : counts.entrySet())
        {
            final String k = e.getKey();
            final long n = e.getValue();
            if (k.startsWith(ACTION))
            {
                s.addAction(k.substring(ACTION.length()), n);
            }
            else if (k.startsWith(REASON))
            {
                s.addReason(k.substring(REASON.length()), n);
            }
            else if (k.startsWith(VIRTUAL_SERVICE))
            {
                s.addVirtualService(k.substring(VIRTUAL_SERVICE.length()), n);
            }
            else if (k.startsWith(ROUTE))
            {
                s.addRoute(k.substring(ROUTE.length()), n);
            }
            else if (k.startsWith(CLUSTER))
            {
                s.addCluster(k.substring(CLUSTER.length()), n);
            }
            else if (k.startsWith(FLAG))
            {
                s.addFlag(k.substring(FLAG.length()), n);
            }
            else if (k.startsWith(PORT))
            {
                s.addEgressPort(Integer.parseInt(k.substring(PORT.length())), n);
            }
        }
        return s;
    }
}
