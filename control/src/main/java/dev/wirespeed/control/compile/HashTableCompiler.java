package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes the consistent-hash tables of the clusters into {@code CLUSTERS} (docs/fib.md): per consistent-hash
 * cluster a directory with one table per range of candidates the cluster stage can hash into — the whole endpoint
 * list, or with locality failover or a {@code distribute} each run of endpoints sharing a region, a region and zone,
 * or a whole locality (the ranges {@code LocalityChoice} and {@code LocalityWeights} pick); a {@code failoverPriority}
 * trie node's hidden cluster record gets its own directory over its endpoints — each table Envoy's ring (sorted
 * hashes in the long area, their candidates in the int area) or Maglev table (a candidate per slot, two to an int
 * when they fit 16 bits).
 * Identical tables are written once.
 */
final class HashTableCompiler
{
    /** The most ring entries and Maglev slots the FIB holds, all clusters together. */
    static final long MAX_ENTRIES = 1L << 26;

    private final IndexedTableWriter clusters;
    private final CompileContext ctx;
    private final Map<List<Object>, int[]> written = new HashMap<>();
    private long entries;

    /**
     * What to write for one cluster.
     *
     * @param candidates its endpoints, in the cluster's order.
     * @param byLocality whether the client's locality chooses a range of them.
     * @param hash       its consistent hash.
     */
    record Plan(List<EndpointOrder.Candidate> candidates, boolean byLocality, DestinationRule.ConsistentHash hash)
    {
    }

    /**
     * @param hashed     whether the cluster's load balancer is a consistent hash.
     * @param candidates its endpoints, in the cluster's order.
     * @param byLocality whether the client's locality chooses a range of them.
     * @param lb         its load balancer.
     * @return its plan, {@code null} when it is not hashed.
     */
    static Plan plan(final boolean hashed, final List<EndpointOrder.Candidate> candidates, final boolean byLocality,
            final DestinationRule.LoadBalancer lb)
    {
        return hashed ? new Plan(List.copyOf(candidates), byLocality, lb.consistentHash()) : null;
    }

    /**
     * @param hashed     whether the cluster's load balancer is a consistent hash.
     * @param candidates its endpoints (a network variant's), in the record's order.
     * @param choice     what the client's locality or labels choose first, {@code null} for nothing.
     * @param lb         its load balancer.
     * @return the plan of a cluster or network variant record: its tables over all its endpoints and, when the
     *         client's locality chooses a range first (failover, distribute), each locality's; {@code null} for a
     *         {@code failoverPriority}, whose trie nodes' hidden records hold their own.
     */
    static Plan plan(final boolean hashed, final List<EndpointOrder.Candidate> candidates, final LocalityLb choice,
            final DestinationRule.LoadBalancer lb)
    {
        final boolean priority = choice != null && choice.kind() == LocalityLb.Kind.PRIORITY;
        return plan(hashed && !priority, candidates, choice != null, lb);
    }

    HashTableCompiler(final IndexedTableWriter clusters, final CompileContext ctx)
    {
        this.clusters = clusters;
        this.ctx = ctx;
    }

    /**
     * Writes a cluster's directory and the tables it names.
     *
     * @param plan the cluster's plan, {@code null} for a cluster without consistent hash.
     * @return the directory's int index, -1 for none.
     */
    int write(final Plan plan)
    {
        if (plan == null)
        {
            return -1;
        }
        final List<int[]> ranges = ranges(plan.candidates(), plan.byLocality());
        final List<int[]> tables = new ArrayList<>();
        for (final int[] range : ranges)
        {
            tables.add(table(plan.candidates().subList(range[0], range[0] + range[1]), plan.hash()));
        }
        final int dir = clusters.addInt(ranges.size());
        for (int k = 0; k < ranges.size(); k++)
        {
            final int[] t = tables.get(k);
            clusters.addInt(ranges.get(k)[0]);
            clusters.addInt(ranges.get(k)[1]);
            for (final int v : t)
            {
                clusters.addInt(v);
            }
        }
        return dir;
    }

    /** Checks the capacity once every cluster is written. */
    void finish()
    {
        ctx.capacity("CLUSTERS", "consistent-hash table entries", entries, MAX_ENTRIES);
    }

    /**
     * @return the {first, count} ranges of two or more candidates the cluster stage can hash into: all of them, and
     *         with locality failover every run sharing a region, a region and zone, or a region, zone and subzone.
     */
    static List<int[]> ranges(final List<EndpointOrder.Candidate> candidates, final boolean byLocality)
    {
        final Set<List<Integer>> out = new LinkedHashSet<>();
        out.add(List.of(0, candidates.size()));
        if (byLocality)
        {
            for (int depth = 1; depth <= 3; depth++)
            {
                int start = 0;
                for (int k = 1; k <= candidates.size(); k++)
                {
                    if (k == candidates.size() || !samePrefix(candidates.get(start), candidates.get(k), depth))
                    {
                        out.add(List.of(start, k - start));
                        start = k;
                    }
                }
            }
        }
        final List<int[]> ranges = new ArrayList<>();
        for (final List<Integer> r : out)
        {
            if (r.get(1) > 1)
            {
                ranges.add(new int[] {r.get(0), r.get(1)});
            }
        }
        return ranges;
    }

    private static boolean samePrefix(final EndpointOrder.Candidate a, final EndpointOrder.Candidate b,
            final int depth)
    {
        final String[] x = EndpointOrder.localityParts(a.locality());
        final String[] y = EndpointOrder.localityParts(b.locality());
        return Arrays.equals(x, 0, depth, y, 0, depth);
    }

    /** @return {kind, size, longStart, intStart} of the table over those candidates, written (or found) here. */
    private int[] table(final List<EndpointOrder.Candidate> candidates, final DestinationRule.ConsistentHash hash)
    {
        final String[] keys = new String[candidates.size()];
        final long[] weights = new long[candidates.size()];
        final List<Object> id = new ArrayList<>(List.of(hash.maglev(), hash.size()));
        for (int k = 0; k < keys.length; k++)
        {
            keys[k] = HashTableBuilder.hostKey(candidates.get(k).address(), candidates.get(k).port());
            weights[k] = candidates.get(k).weight();
            id.add(keys[k]);
            id.add(weights[k]);
        }
        final int[] known = written.get(id);
        if (known != null)
        {
            return known;
        }
        final int[] out;
        if (hash.maglev())
        {
            final int[] slots = HashTableBuilder.maglev(keys, weights, (int)hash.size());
            final boolean narrow = keys.length <= 1 << 16;
            final int ints = clusters.intCount();
            for (int s = 0; s < slots.length; s += narrow ? 2 : 1)
            {
                clusters.addInt(!narrow ? slots[s] : slots[s] | (s + 1 < slots.length ? slots[s + 1] << 16 : 0));
            }
            out = new int[] {narrow ? HT_MAGLEV16 : HT_MAGLEV32, slots.length, -1, ints};
            entries += slots.length;
        }
        else
        {
            final HashTableBuilder.Ring ring = HashTableBuilder.ring(keys, weights, hash.size(),
                    DestinationRule.ConsistentHash.MAX_RING_SIZE);
            final int longs = clusters.longCount();
            for (final long h : ring.hashes())
            {
                clusters.addLong(h);
            }
            final int ints = clusters.intCount();
            for (final int host : ring.hosts())
            {
                clusters.addInt(host);
            }
            out = new int[] {HT_RING, ring.hashes().length, longs, ints};
            entries += ring.hashes().length;
        }
        written.put(id, out);
        return out;
    }
}
