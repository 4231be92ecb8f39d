package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.DecisionNames;
import dev.wirespeed.sim.jsonl.DecisionEncoder;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The summary's tallies counted on the writer thread straight from decision descriptors, by index: actions,
 * reasons (drop and punt), response flags, egress ports in arrays, clusters by (destination, port) in a
 * primitive map. Names are resolved once, in {@link #foldInto}. Allocates nothing per record once every port
 * and cluster has been seen.
 */
public final class DecisionTally
{
    private static final String[] FLAG_NAMES = {"UH", "NR", "DI", "FI", "NC", "DPE"};

    private final long[] actions = new long[Actions.COUNT];
    private final long[] reasons = new long[ReasonTable.MAX_REASONS];
    private final long[] flags = new long[FLAG_NAMES.length + 1];
    private final Long2LongHashMap clusters = new Long2LongHashMap(64, 0.65f, 0L);
    /** (virtual host id, route id or -1 for no route) to decisions. */
    private final Long2LongHashMap routes = new Long2LongHashMap(64, 0.65f, 0L);
    private long[] ports = new long[64];
    private long records;
    private long wireBytes;

    /**
     * Counts one final decision.
     *
     * @param d         the decision.
     * @param wireBytes the record's bytes on the wire (0 for requests).
     */
    public void count(final DecisionDescriptor d, final long wireBytes)
    {
        records++;
        this.wireBytes += wireBytes;
        final int action = d.action();
        actions[action >= 0 && action < Actions.COUNT ? action : Actions.DROP]++;
        if (action == Actions.DROP || action == Actions.PUNT)
        {
            reasons[d.reason() & (ReasonTable.MAX_REASONS - 1)]++;
        }
        final int port = d.egressPort();
        if (port >= 0)
        {
            if (port >= ports.length)
            {
                ports = Arrays.copyOf(ports, Integer.highestOneBit(port) * 2);
            }
            ports[port]++;
        }
        final int f = d.flags();
        if (f != DecisionDescriptor.NULL && (f & DecisionDescriptor.FLAG_L7) != 0)
        {
            l7(d, action, f);
        }
    }

    private void l7(final DecisionDescriptor d, final int action, final int f)
    {
        final int bits = f & 0x3F;
        if (bits == 0)
        {
            flags[FLAG_NAMES.length]++;
        }
        for (int k = 0; k < FLAG_NAMES.length; k++)
        {
            flags[k] += (bits >>> k) & 1;
        }
        final int vh = d.virtualHost();
        if (vh >= 0)
        {
            final int route = (bits & L7Result.FLAG_NR) != 0 ? -1 : d.route();
            final long key = ((long)vh << 32) | (route & 0xFFFF_FFFFL);
            routes.put(key, routes.get(key) + 1);
        }
        if ((bits & L7Result.FLAG_NR) == 0 && (action == Actions.ROUTE || action == Actions.DROP)
            && d.destination() >= 0)
        {
            final long key = ((long)d.destination() << 32) | (d.destinationPort() & 0xFFFF_FFFFL);
            clusters.put(key, clusters.get(key) + 1);
        }
    }

    /** @return decisions counted. */
    public long records()
    {
        return records;
    }

    /**
     * Adds the tallies to a summary, resolving names (once per name).
     *
     * @param summary     the summary.
     * @param reasonNames the reason names.
     * @param names       cluster names.
     */
    public void foldInto(final ReplaySummary summary, final ReasonTable reasonNames, final DecisionEncoder names)
    {
        summary.addRecords(records, wireBytes);
        for (int a = 0; a < Actions.COUNT; a++)
        {
            summary.addAction(Actions.name(a), actions[a]);
        }
        for (int r = 0; r < ReasonTable.MAX_REASONS; r++)
        {
            summary.addReason(reasonNames.name(r), reasons[r]);
        }
        for (int p = 0; p < ports.length; p++)
        {
            summary.addEgressPort(p, ports[p]);
        }
        for (int k = 0; k < FLAG_NAMES.length; k++)
        {
            summary.addFlag(FLAG_NAMES[k], flags[k]);
        }
        summary.addFlag("-", flags[FLAG_NAMES.length]);
        final Long2LongHashMap.EntryIterator it = clusters.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            final long key = it.getLongKey();
            summary.addCluster(names.clusterName((int)(key >>> 32), (int)key), it.getLongValue());
        }
        foldRoutes(summary, names);
    }

    private void foldRoutes(final ReplaySummary summary, final DecisionEncoder encoder)
    {
        if (routes.isEmpty())
        {
            return;
        }
        final DecisionNames names = DecisionNames.of(encoder.router(), new ReasonTable());
        final Long2LongHashMap.EntryIterator it = routes.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            final long key = it.getLongKey();
            final String vs = names.virtualService((int)(key >>> 32));
            final int route = (int)key;
            final String name = route < 0 ? "(no route)" : names.route(route);
            summary.addVirtualService(vs, it.getLongValue());
            summary.addRoute(vs + " " + (name == null ? "(unnamed route " + route + ")" : name), it.getLongValue());
        }
    }
}
