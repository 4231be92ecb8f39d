package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.EndpointOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hosts Envoy's ring hash or Maglev hashes into with locality-weighted balancing (docs/routing.md §4), written
 * plainly: Envoy's {@code normalizeLocalityWeights} walks the priority's localities — the proxy's own first when it
 * has hosts there, then the others in locality order — leaves out those of weight 0, and weighs each host
 * {@code w × (locality weight ÷ total locality weight) ÷ (its locality's host weight sum)} in doubles.
 */
final class ReferenceLocalityHosts
{
    private ReferenceLocalityHosts()
    {
    }

    /**
     * @param hosts   the table's hosts, in the order Envoy walks them.
     * @param weights their normalised weights.
     */
    record Hosts(List<ReferenceEndpoints.Weighted> hosts, List<Double> weights)
    {
    }

    /**
     * @param groups   the priority's localities' hosts, in locality order.
     * @param weights  each locality's weight.
     * @param client   the client's (the proxy's) locality.
     * @return the hosts, {@code null} when every locality weighs 0.
     */
    static Hosts of(final List<List<ReferenceEndpoints.Weighted>> groups, final long[] weights, final String[] client)
    {
        long total = 0;
        for (final long w : weights)
        {
            total += w;
        }
        if (total == 0)
        {
            return null;
        }
        final List<Integer> walk = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++)
        {
            if (Arrays.equals(locality(groups.get(g)), client))
            {
                walk.add(0, g); // Envoy's PriorityStateManager: the local locality's hosts first
            }
            else
            {
                walk.add(g);
            }
        }
        final List<ReferenceEndpoints.Weighted> hosts = new ArrayList<>();
        final List<Double> normalised = new ArrayList<>();
        for (final int g : walk)
        {
            if (weights[g] == 0)
            {
                continue;
            }
            long hostSum = 0;
            for (final ReferenceEndpoints.Weighted w : groups.get(g))
            {
                hostSum += w.candidate().weight();
            }
            final double share = (double)weights[g] / (double)total;
            for (final ReferenceEndpoints.Weighted w : groups.get(g))
            {
                hosts.add(w);
                normalised.add((double)w.candidate().weight() * share / (double)hostSum);
            }
        }
        return new Hosts(hosts, normalised);
    }

    /**
     * The hosts of one priority whose localities each weigh their own hosts (Istio's locality
     * {@code load_balancing_weight}, the sum of its endpoints' weights, at most 2^32-1).
     *
     * @param candidates the priority's hosts, in the cluster's order (by locality).
     * @param client     the client's locality.
     * @return the hosts.
     */
    static Hosts ownWeighted(final List<ReferenceEndpoints.Weighted> candidates, final String[] client)
    {
        final List<List<ReferenceEndpoints.Weighted>> groups = new ArrayList<>();
        for (final ReferenceEndpoints.Weighted w : candidates)
        {
            if (groups.isEmpty() || !Arrays.equals(locality(groups.get(groups.size() - 1)),
                    EndpointOrder.localityParts(w.candidate().locality())))
            {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(w);
        }
        final long[] own = new long[groups.size()];
        for (int g = 0; g < own.length; g++)
        {
            for (final ReferenceEndpoints.Weighted w : groups.get(g))
            {
                own[g] = Math.min(0xFFFF_FFFFL, own[g] + w.candidate().weight());
            }
        }
        return of(groups, own, client);
    }

    private static String[] locality(final List<ReferenceEndpoints.Weighted> group)
    {
        return EndpointOrder.localityParts(group.get(0).candidate().locality());
    }
}
