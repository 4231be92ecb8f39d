package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.EndpointOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hosts of one priority as Envoy's consistent-hash load balancers see them with locality-weighted balancing
 * (docs/routing.md §4; {@code ThreadAwareLoadBalancerBase}'s {@code normalizeLocalityWeights}): grouped by locality,
 * the proxy's own locality first when it has hosts, then the others in locality order (Envoy's
 * {@code PriorityStateManager}); a locality of weight 0 left out; each host weighted
 * {@code w × (locality weight ÷ sum of the locality weights) ÷ (sum of its locality's host weights)} in doubles,
 * exactly as Envoy rounds it.
 */
final class LocalityWeightedHosts
{
    private LocalityWeightedHosts()
    {
    }

    /**
     * @param order   per host of the table, in Envoy's order, its index among the candidates.
     * @param weights their normalised weights.
     */
    record Table(int[] order, double[] weights)
    {
    }

    /**
     * @param candidates the priority's hosts, contiguous by locality.
     * @return the {start, count} runs of candidates sharing a locality, in order.
     */
    static List<int[]> groups(final List<EndpointOrder.Candidate> candidates)
    {
        final List<int[]> out = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++)
        {
            if (k == 0 || !Arrays.equals(EndpointOrder.localityParts(candidates.get(k).locality()),
                    EndpointOrder.localityParts(candidates.get(k - 1).locality())))
            {
                out.add(new int[] {k, 0});
            }
            out.get(out.size() - 1)[1]++;
        }
        return out;
    }

    /**
     * @param candidates     the priority's hosts, contiguous by locality.
     * @param groups         their localities ({@link #groups}).
     * @param localityWeight per locality, its {@code load_balancing_weight}.
     * @param local          the proxy's own locality among them, -1 when it has no hosts here.
     * @return the table's hosts and weights, {@code null} when every locality weighs 0 (Envoy builds no table).
     */
    static Table of(final List<EndpointOrder.Candidate> candidates, final List<int[]> groups,
            final long[] localityWeight, final int local)
    {
        long sum = 0;
        for (final long w : localityWeight)
        {
            sum += w;
        }
        if (sum == 0)
        {
            return null;
        }
        final int[] walk = new int[groups.size()];
        int n = 0;
        if (local >= 0)
        {
            walk[n++] = local;
        }
        for (int g = 0; g < groups.size(); g++)
        {
            if (g != local)
            {
                walk[n++] = g;
            }
        }
        final List<Integer> order = new ArrayList<>();
        final List<Double> weights = new ArrayList<>();
        for (final int g : walk)
        {
            if (localityWeight[g] == 0)
            {
                continue;
            }
            final int[] r = groups.get(g);
            long hostSum = 0;
            for (int k = r[0]; k < r[0] + r[1]; k++)
            {
                hostSum += candidates.get(k).weight();
            }
            final double share = (double)localityWeight[g] / (double)sum;
            for (int k = r[0]; k < r[0] + r[1]; k++)
            {
                order.add(k);
                weights.add((double)candidates.get(k).weight() * share / (double)hostSum);
            }
        }
        return new Table(order.stream().mapToInt(Integer::intValue).toArray(),
                weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** @return each locality's own weight: the sum of its hosts' weights (Istio's, at most 2^32-1). */
    static long[] ownWeights(final List<EndpointOrder.Candidate> candidates, final List<int[]> groups)
    {
        final long[] own = new long[groups.size()];
        for (int g = 0; g < own.length; g++)
        {
            final int[] r = groups.get(g);
            for (int k = r[0]; k < r[0] + r[1]; k++)
            {
                own[g] = Math.min(UINT32, own[g] + candidates.get(k).weight());
            }
        }
        return own;
    }

    private static final long UINT32 = 0xFFFF_FFFFL;
}
