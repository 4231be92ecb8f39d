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
 * list, or with locality failover each run of endpoints sharing a region, a region and zone, or a whole locality
 * (the ranges {@code LocalityChoice} picks); a {@code failoverPriority} trie node's hidden cluster record gets its own
 * directory over its endpoints, and a {@code distribute}'s choice record one table per entry
 * ({@link #distributeTable}) — each table Envoy's ring (sorted hashes in the long area, their candidates in the int
 * area) or Maglev table (a candidate per slot, two to an int when they fit 16 bits). With Envoy's locality-weighted
 * balancing the hosts weigh their locality's share ({@link LocalityWeightedHosts}), and a ring over several
 * localities is written once per locality the client may be in ({@code HT_LOCAL_FIRST}). Identical tables are
 * written once.
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
     * @param candidates       its endpoints, in the cluster's order.
     * @param byLocality       whether the client's locality chooses a range of them.
     * @param hash             its consistent hash.
     * @param localityWeighted whether Envoy balances it locality-weighted (Istio's {@code LocalityWeightedLbConfig}
     *                         with a {@code failover} list or a {@code failoverPriority}): each range's table then
     *                         weighs its localities by their own weights, the client's own locality first.
     */
    record Plan(List<EndpointOrder.Candidate> candidates, boolean byLocality, DestinationRule.ConsistentHash hash,
            boolean localityWeighted)
    {
    }

    /**
     * @param hashed           whether the cluster's load balancer is a consistent hash.
     * @param candidates       its endpoints, in the cluster's order.
     * @param byLocality       whether the client's locality chooses a range of them.
     * @param localityWeighted whether Envoy weighs their localities.
     * @param lb               its load balancer.
     * @return its plan, {@code null} when it is not hashed.
     */
    static Plan plan(final boolean hashed, final List<EndpointOrder.Candidate> candidates, final boolean byLocality,
            final boolean localityWeighted, final DestinationRule.LoadBalancer lb)
    {
        return hashed ? new Plan(List.copyOf(candidates), byLocality, lb.consistentHash(), localityWeighted) : null;
    }

    /**
     * @param hashed     whether the cluster's load balancer is a consistent hash.
     * @param candidates its endpoints (a network variant's), in the record's order.
     * @param choice     what the client's locality or labels choose first, {@code null} for nothing.
     * @param lb         its load balancer.
     * @return the plan of a cluster or network variant record: its tables over all its endpoints and, with locality
     *         failover, each locality's; {@code null} for a {@code failoverPriority}, whose trie nodes' hidden records
     *         hold their own, and for a {@code distribute}, whose choice record holds its tables
     *         ({@link #distributeTable}).
     */
    static Plan plan(final boolean hashed, final List<EndpointOrder.Candidate> candidates, final LocalityLb choice,
            final DestinationRule.LoadBalancer lb)
    {
        final boolean own = choice != null && choice.kind() != LocalityLb.Kind.FAILOVER;
        return plan(hashed && !own, candidates, choice != null,
                choice != null && !choice.setting().failover().isEmpty(), lb);
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
            final List<EndpointOrder.Candidate> in = plan.candidates().subList(range[0], range[0] + range[1]);
            tables.add(plan.localityWeighted() ? localityWeighted(in, null, plan.hash()) : table(in, plan.hash()));
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

    /**
     * The table of a {@code distribute} entry (docs/routing.md §4): one over every endpoint of the localities the
     * entry weighs, each weighted by its locality's share (Envoy's locality-weighted ring or Maglev table).
     *
     * @param candidates     the cluster's endpoints, in its order (by locality).
     * @param localityWeight per locality ({@link LocalityWeightedHosts#groups}), the entry's weight.
     * @param hash           the cluster's consistent hash.
     * @return the int index of its table record ({@code HTE_*}, the candidates relative to the cluster's first),
     *         -1 when every locality weighs 0.
     */
    int distributeTable(final List<EndpointOrder.Candidate> candidates, final long[] localityWeight,
            final DestinationRule.ConsistentHash hash)
    {
        final int[] t = localityWeighted(candidates, localityWeight, hash);
        return t == null ? -1 : record(t);
    }

    /** @return the int index of a table record {-1, -1, kind, size, longStart, intStart} written here. */
    private int record(final int[] table)
    {
        final int rec = clusters.addInt(-1);
        clusters.addInt(-1);
        for (final int v : table)
        {
            clusters.addInt(v);
        }
        return rec;
    }

    /**
     * The table of locality-weighted candidates: with two localities or more on a ring (whose running sums depend on
     * the hosts' order), one ring per locality that may be the client's own (walked first) and one for a client of
     * none of them, chosen by the client's locality ({@code HT_LOCAL_FIRST}); else one table.
     *
     * @param localityWeight per locality, its weight; {@code null}: each weighs its own endpoints.
     * @return {kind, size, longStart, intStart}, {@code null} when every locality weighs 0.
     */
    private int[] localityWeighted(final List<EndpointOrder.Candidate> candidates, final long[] localityWeight,
            final DestinationRule.ConsistentHash hash)
    {
        final List<int[]> groups = LocalityWeightedHosts.groups(candidates);
        final long[] weights = localityWeight != null ? localityWeight
                : LocalityWeightedHosts.ownWeights(candidates, groups);
        final LocalityWeightedHosts.Table none = LocalityWeightedHosts.of(candidates, groups, weights, -1);
        if (none == null)
        {
            return null;
        }
        final int[] fallback = table(candidates, none, hash);
        if (hash.maglev() || groups.size() < 2)
        {
            return fallback; // Maglev sorts its hosts by address: their order does not matter
        }
        final int[] variants = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++)
        {
            variants[g] = record(table(candidates, LocalityWeightedHosts.of(candidates, groups, weights, g), hash));
        }
        final int fallbackRecord = record(fallback);
        final int list = clusters.intCount();
        for (int g = 0; g < groups.size(); g++)
        {
            final String[] parts = EndpointOrder.localityParts(candidates.get(groups.get(g)[0]).locality());
            for (final String p : parts)
            {
                clusters.addInt(ctx.s(p));
            }
            clusters.addInt(variants[g]);
        }
        clusters.addInt(fallbackRecord);
        return new int[] {HT_LOCAL_FIRST, groups.size(), -1, list};
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
        final long[] weights = new long[candidates.size()];
        final int[] order = new int[candidates.size()];
        for (int k = 0; k < weights.length; k++)
        {
            weights[k] = candidates.get(k).weight();
            order[k] = k;
        }
        return table(candidates, new LocalityWeightedHosts.Table(order, HashTableBuilder.normalised(weights)), hash);
    }

    /**
     * @param candidates the candidates.
     * @param hosts      the table's hosts (indices among the candidates, in Envoy's order) and normalised weights.
     * @return {kind, size, longStart, intStart} of the table, each entry naming a candidate; written (or found) here.
     */
    private int[] table(final List<EndpointOrder.Candidate> candidates, final LocalityWeightedHosts.Table hosts,
            final DestinationRule.ConsistentHash hash)
    {
        final int n = hosts.order().length;
        final String[] keys = new String[n];
        final List<Object> id = new ArrayList<>(List.of(hash.maglev(), hash.size()));
        for (int k = 0; k < n; k++)
        {
            final EndpointOrder.Candidate c = candidates.get(hosts.order()[k]);
            keys[k] = HashTableBuilder.hostKey(c.address(), c.port());
            id.add(keys[k]);
            id.add(hosts.weights()[k]);
            id.add(hosts.order()[k]);
        }
        final int[] known = written.get(id);
        if (known != null)
        {
            return known;
        }
        final int[] out;
        if (hash.maglev())
        {
            final int[] slots = HashTableBuilder.maglev(keys, hosts.weights(), (int)hash.size());
            for (int s = 0; s < slots.length; s++)
            {
                slots[s] = hosts.order()[slots[s]];
            }
            final boolean narrow = candidates.size() <= 1 << 16;
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
            final HashTableBuilder.Ring ring = HashTableBuilder.ring(keys, hosts.weights(), hash.size(),
                    DestinationRule.ConsistentHash.MAX_RING_SIZE);
            final int longs = clusters.longCount();
            for (final long h : ring.hashes())
            {
                clusters.addLong(h);
            }
            final int ints = clusters.intCount();
            for (final int host : ring.hosts())
            {
                clusters.addInt(hosts.order()[host]);
            }
            out = new int[] {HT_RING, ring.hashes().length, longs, ints};
            entries += ring.hashes().length;
        }
        written.put(id, out);
        return out;
    }
}
