package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes the locality-weighted ranges of {@code RANDOM} clusters into {@code CLUSTERS} (docs/routing.md §4,
 * {@code CL_RANDOM_LOCALITIES}): with a {@code failover} list (locality failover) or a {@code failoverPriority}
 * (each trie node's hidden record), Envoy's random load balancer picks a locality of the best priority by its weight,
 * the sum of its endpoints' weights (Istio's, at most 2^32-1), then an endpoint of it ignoring their weights. Per
 * cluster record, one entry per range of candidates the cluster stage can pick from (those of the consistent-hash
 * tables, {@link HashTableCompiler#ranges}) that spans several localities with weights that differ: its localities'
 * starts and cumulative weights divided by their gcd. Records are noted while clusters are built and written once
 * all are ({@link #write}).
 */
final class RandomLocalityRecords
{
    private static final long UINT32 = 0xFFFF_FFFFL;

    private final IndexedTableWriter clusters;
    /** Per cluster record (by identity): its candidates and whether the client's locality chooses a range. */
    private final Map<int[], Plan> plans = new IdentityHashMap<>();

    private record Plan(List<EndpointOrder.Candidate> candidates, boolean byLocality)
    {
    }

    RandomLocalityRecords(final IndexedTableWriter clusters)
    {
        this.clusters = clusters;
    }

    /**
     * A cluster or network variant record: weighted by locality when it is {@code RANDOM} under a locality failover
     * with a {@code failover} list.
     *
     * @param candidates its endpoints in its order (by locality when {@code choice} is set).
     */
    void cluster(final int[] rec, final List<EndpointOrder.Candidate> candidates, final LocalityLb choice)
    {
        if (rec[CL_LB] == LB_RANDOM && choice != null && choice.kind() == LocalityLb.Kind.FAILOVER
                && !choice.setting().failover().isEmpty())
        {
            plans.put(rec, new Plan(List.copyOf(candidates), true));
        }
    }

    /**
     * A {@code failoverPriority} trie node's hidden record (a {@code failoverPriority} always weighs localities).
     *
     * @param kept   its endpoints, in the cluster's order (by locality).
     * @param choice the cluster's {@code failoverPriority}.
     */
    void node(final int[] rec, final List<EndpointOrder.Candidate> kept, final LocalityLb choice)
    {
        if (rec[CL_LB] == LB_RANDOM)
        {
            plans.put(rec, new Plan(List.copyOf(kept), !choice.setting().failover().isEmpty()));
        }
    }

    /** Sets every record's {@code CL_RANDOM_LOCALITIES}, writing the directories of those noted. */
    void write(final List<List<int[]>> records)
    {
        for (final List<int[]> list : records)
        {
            for (final int[] rec : list)
            {
                final Plan plan = plans.get(rec);
                rec[CL_RANDOM_LOCALITIES] = plan == null ? -1 : directory(plan);
            }
        }
    }

    /** @return the directory's int index, -1 when no range of the plan spans localities of differing weights. */
    private int directory(final Plan plan)
    {
        final List<int[]> entries = new ArrayList<>();
        for (final int[] range : HashTableCompiler.ranges(plan.candidates(), plan.byLocality()))
        {
            final List<EndpointOrder.Candidate> in = plan.candidates().subList(range[0], range[0] + range[1]);
            final List<int[]> groups = LocalityWeightedHosts.groups(in);
            if (groups.size() < 2 || !weightsDiffer(in))
            {
                continue;
            }
            final long[] own = new long[groups.size()];
            long gcd = 0;
            for (int g = 0; g < own.length; g++)
            {
                for (int k = groups.get(g)[0]; k < groups.get(g)[0] + groups.get(g)[1]; k++)
                {
                    own[g] = Math.min(UINT32, own[g] + in.get(k).weight());
                }
                gcd = gcd(gcd, own[g]);
            }
            final int starts = clusters.intCount();
            for (final int[] g : groups)
            {
                clusters.addInt(range[0] + g[0]);
            }
            clusters.addInt(range[0] + range[1]);
            final int weights = clusters.longCount();
            long sum = 0;
            for (final long w : own)
            {
                sum += w / gcd;
                clusters.addLong(sum);
            }
            entries.add(new int[] {range[0], range[1], groups.size(), weights, starts});
        }
        if (entries.isEmpty())
        {
            return -1;
        }
        final int dir = clusters.addInt(entries.size());
        for (final int[] e : entries)
        {
            for (final int v : e)
            {
                clusters.addInt(v);
            }
        }
        return dir;
    }

    private static boolean weightsDiffer(final List<EndpointOrder.Candidate> in)
    {
        for (final EndpointOrder.Candidate c : in)
        {
            if (c.weight() != in.get(0).weight())
            {
                return true;
            }
        }
        return false;
    }

    private static long gcd(final long a, final long b)
    {
        return b == 0 ? a : gcd(b, a % b);
    }
}
