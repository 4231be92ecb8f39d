package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;
import dev.wirespeed.control.model.RegistryService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The endpoint choice of the reference cluster stage (docs/routing.md §4), written as the document says it: Istio's
 * locality priority of every endpoint for the client ({@code LbPriority}, then the {@code failover} entry of the
 * client's region), the endpoints of the best priority kept; then, when their weights differ, a weighted pick over
 * the cumulative weights by a linear scan.
 */
final class ReferenceEndpoints
{
    private ReferenceEndpoints()
    {
    }

    /**
     * A candidate and its weight after the cluster's weights were divided by their gcd.
     *
     * @param candidate the endpoint.
     * @param weight    its normalised weight.
     */
    record Weighted(EndpointOrder.Candidate candidate, long weight)
    {
    }

    /**
     * @param sorted   the cluster's healthy endpoints, in the cluster's order.
     * @param ignoreWeights whether the load balancer ignores weights (Envoy's {@code RANDOM}).
     * @return them with their weights divided by the gcd of all of them (1 when ignored).
     */
    static List<Weighted> weighted(final List<EndpointOrder.Candidate> sorted, final boolean ignoreWeights)
    {
        long gcd = 0;
        for (final EndpointOrder.Candidate c : sorted)
        {
            gcd = java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf(c.weight())).longValue();
        }
        final List<Weighted> out = new ArrayList<>();
        for (final EndpointOrder.Candidate c : sorted)
        {
            out.add(new Weighted(c, ignoreWeights ? 1 : c.weight() / gcd));
        }
        return out;
    }

    /** @return the client's locality: its source labels {@code topology.*} (absent: empty). */
    static String[] clientLocality(final Map<String, String> sourceLabels)
    {
        return new String[] {sourceLabels.getOrDefault(EndpointOrder.REGION_LABEL, ""),
            sourceLabels.getOrDefault(EndpointOrder.ZONE_LABEL, ""),
            sourceLabels.getOrDefault(EndpointOrder.SUBZONE_LABEL, "")};
    }

    /**
     * Istio's {@code applyLocalityFailover} priority of an endpoint for a client.
     *
     * @return 0 (same region, zone and subzone) to 4 (another region than the client's failover region).
     */
    static int priority(final String[] client, final String endpointLocality,
            final List<DestinationRule.Failover> failover)
    {
        final String[] e = EndpointOrder.localityParts(endpointLocality);
        if (client[0].equals(e[0]))
        {
            return !client[1].equals(e[1]) ? 2 : !client[2].equals(e[2]) ? 1 : 0;
        }
        for (final DestinationRule.Failover f : failover)
        {
            if (f.from().equals(client[0]))
            {
                return e[0].equals(f.to()) ? 3 : 4;
            }
        }
        return 3;
    }

    /**
     * @return the client's best locality priority among the endpoints: Envoy sends every request to the highest
     *         priority with healthy endpoints, and every endpoint is healthy.
     */
    static int bestPriority(final List<Weighted> all, final String[] client,
            final List<DestinationRule.Failover> failover)
    {
        int best = Integer.MAX_VALUE;
        for (final Weighted w : all)
        {
            best = Math.min(best, priority(client, w.candidate().locality(), failover));
        }
        return best;
    }

    /** @return the endpoints of that priority for the client. */
    static List<Weighted> ofPriority(final List<Weighted> all, final String[] client,
            final List<DestinationRule.Failover> failover, final int best)
    {
        final List<Weighted> out = new ArrayList<>();
        for (final Weighted w : all)
        {
            if (priority(client, w.candidate().locality(), failover) == best)
            {
                out.add(w);
            }
        }
        return out;
    }

    /** @return whether the candidates' weights differ (Envoy then schedules by weight). */
    static boolean weightsDiffer(final List<Weighted> candidates)
    {
        for (final Weighted w : candidates)
        {
            if (w.weight() != candidates.get(0).weight())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A weighted pick of round robin and least request: the point is the request id modulo the total weight; the
     * endpoint is the first whose cumulative weight passes the point. (A consistent hash's weights are in its ring or
     * Maglev table: {@link ReferenceHashTables}.)
     */
    static int weightedPick(final List<Weighted> candidates, final long id)
    {
        long total = 0;
        for (final Weighted w : candidates)
        {
            total += w.weight();
        }
        final long at = Math.floorMod(id, total);
        long cumulative = 0;
        for (int k = 0; k < candidates.size(); k++)
        {
            cumulative += candidates.get(k).weight();
            if (cumulative > at)
            {
                return k;
            }
        }
        throw new IllegalStateException("point " + at + " past the total weight " + total);
    }

    /**
     * What the client's locality and labels do for a cluster ({@link LocalityLb#of}), with its merged
     * {@code outlierDetection} and load balancer.
     *
     * @return the choice, {@code null} for none.
     */
    static LocalityLb choice(final DestinationRule rule, final DestinationRule.Subset subset, final int port,
            final RegistryService service, final DestinationRule.LocalitySetting mesh)
    {
        boolean od = false;
        if (rule != null && rule.trafficPolicy() != null)
        {
            final DestinationRule.PortPolicy p = rule.trafficPolicy().forPort(port);
            od = p != null ? p.outlierDetection() : rule.trafficPolicy().outlierDetection();
        }
        if (subset != null && subset.trafficPolicy() != null)
        {
            final DestinationRule.PortPolicy p = subset.trafficPolicy().forPort(port);
            od = p != null ? p.outlierDetection() : od || subset.trafficPolicy().outlierDetection();
        }
        return LocalityLb.of(ReferenceDestinationRules.loadBalancer(rule, subset, port), service, mesh, od);
    }

    /**
     * Istio's {@code applyFailoverPriorityPerLocality} priority of an endpoint for a client: {@code n - j} for the
     * first listed label {@code j} whose value differs from the client's (or from the entry's {@code =value}), 0 when
     * all agree; when the first label is the network and it differs, the others are compared all the same and
     * {@code n} added.
     */
    static int labelPriority(final List<String> entries, final Map<String, String> client,
            final Map<String, String> endpoint)
    {
        final int n = entries.size();
        final boolean network = entries.get(0).equals(LocalityLb.NETWORK_LABEL);
        int priority = 0;
        int adjust = 0;
        for (int j = 0; j < n; j++)
        {
            final String[] label = LocalityLb.priorityLabel(entries.get(j));
            final String mine = label[1] != null ? label[1] : client.getOrDefault(label[0], "");
            if (!mine.equals(endpoint.getOrDefault(label[0], "")))
            {
                if (j == 0 && network)
                {
                    adjust = n;
                    continue;
                }
                priority = n - j;
                break;
            }
        }
        return priority + adjust;
    }

    /**
     * The endpoints of the client's best {@code failoverPriority}; with {@code failover} regions too, Istio's
     * {@code applyLocalityFailover} then ranks them (priority × 5 + locality priority), so the best locality among
     * them.
     */
    static List<Weighted> ofBestLabelPriority(final List<Weighted> all, final Map<String, String> client,
            final DestinationRule.LocalitySetting setting)
    {
        final String[] locality = clientLocality(client);
        final long[] rank = new long[all.size()];
        long best = Long.MAX_VALUE;
        for (int k = 0; k < all.size(); k++)
        {
            final EndpointOrder.Candidate c = all.get(k).candidate();
            rank[k] = labelPriority(setting.failoverPriority(), client, c.labels());
            if (!setting.failover().isEmpty())
            {
                rank[k] = rank[k] * 5 + priority(locality, c.locality(), setting.failover());
            }
            best = Math.min(best, rank[k]);
        }
        final List<Weighted> out = new ArrayList<>();
        for (int k = 0; k < all.size(); k++)
        {
            if (rank[k] == best)
            {
                out.add(all.get(k));
            }
        }
        return out;
    }

    /**
     * A locality chosen by a {@code distribute}.
     *
     * @param endpoints  its endpoints.
     * @param scheduleId the request's place among the requests it got.
     * @param why        what {@code explain} says.
     */
    record Distributed(List<Weighted> endpoints, long scheduleId, String why)
    {
    }

    private static final long UINT32 = 0xFFFF_FFFFL;

    /**
     * The locality weights Istio's {@code applyLocalityWeights} gives a client (docs/routing.md §4).
     *
     * @param groups     the localities' endpoints, in the cluster's order.
     * @param localities their {region, zone, subzone}.
     * @param weights    each locality's weight (0: its endpoints are left out).
     * @param entry      the entry whose {@code from} matched the client, {@code null} for none (each weighs its own).
     */
    record DistributeWeights(List<List<Weighted>> groups, List<String[]> localities, long[] weights,
            DestinationRule.Distribute entry)
    {
    }

    /**
     * @param all     the cluster's endpoints, in its order.
     * @param client  the client's locality.
     * @param setting the {@code distribute} setting.
     * @return the locality weights for the client.
     */
    static DistributeWeights distributeWeights(final List<Weighted> all, final String[] client,
            final DestinationRule.LocalitySetting setting)
    {
        final List<List<Weighted>> groups = new ArrayList<>();
        final List<String[]> localities = new ArrayList<>();
        final List<Long> own = new ArrayList<>();
        for (final Weighted w : all)
        {
            final String[] parts = EndpointOrder.localityParts(w.candidate().locality());
            int g = 0;
            while (g < localities.size() && !java.util.Arrays.equals(localities.get(g), parts))
            {
                g++;
            }
            if (g == localities.size())
            {
                localities.add(parts);
                groups.add(new ArrayList<>());
                own.add(0L);
            }
            groups.get(g).add(w);
            own.set(g, Math.min(UINT32, own.get(g) + w.candidate().weight()));
        }
        DestinationRule.Distribute entry = null;
        for (final DestinationRule.Distribute d : setting.distribute())
        {
            if (LocalityLb.localityMatch(client, d.from()))
            {
                entry = d;
                break;
            }
        }
        final long[] weight = new long[groups.size()];
        for (int g = 0; g < weight.length; g++)
        {
            weight[g] = entry == null ? own.get(g) : 0;
        }
        if (entry != null)
        {
            for (final Map.Entry<String, Long> to : entry.to().entrySet())
            {
                long total = 0;
                final List<Integer> mine = new ArrayList<>();
                for (int g = 0; g < weight.length; g++)
                {
                    boolean takenBefore = false;
                    for (final String earlier : entry.to().keySet())
                    {
                        if (earlier.equals(to.getKey()))
                        {
                            break;
                        }
                        takenBefore |= LocalityLb.localityMatch(localities.get(g), earlier);
                    }
                    if (!takenBefore && LocalityLb.localityMatch(localities.get(g), to.getKey()))
                    {
                        mine.add(g);
                        total = (total + own.get(g)) & UINT32;
                    }
                }
                for (final int g : mine)
                {
                    final double w = (double)((own.get(g) * to.getValue()) & UINT32) / (double)total;
                    weight[g] = w > 0 ? Math.min(UINT32, (long)Math.ceil(w)) : own.get(g);
                }
            }
        }
        return new DistributeWeights(groups, localities, weight, entry);
    }

    /**
     * Istio's {@code applyLocalityWeights} for the client, then Envoy's locality pick (docs/routing.md §4): the first
     * entry whose {@code from} matches the client's locality; each {@code to} pattern takes the localities it matches
     * (none taken before), each getting {@code ceil(own × weight ÷ the pattern's total own)} in uint32 arithmetic
     * ({@code own}: the sum of its endpoints' weights, at most 2^32-1; a result of 0 keeps {@code own}); the others get
     * nothing. No entry matching, each locality weighs {@code own}. The locality is the first whose cumulative weight
     * passes the point, the id modulo the total. (A consistent hash picks no locality: {@link ReferenceLocalityHosts}.)
     *
     * @return the locality, {@code null} when none has weight.
     */
    static Distributed distribute(final List<Weighted> all, final String[] client,
            final DestinationRule.LocalitySetting setting, final long id)
    {
        final DistributeWeights dw = distributeWeights(all, client, setting);
        final List<List<Weighted>> groups = dw.groups();
        final List<String[]> localities = dw.localities();
        final DestinationRule.Distribute entry = dw.entry();
        final long[] weight = dw.weights().clone();
        final long[] point = pointLocality(weight, id);
        if (point == null)
        {
            return null; // every locality weighs 0
        }
        final int g = (int)point[0];
        final long at = point[1];
        final long scheduleId = Math.floorDiv(id, point[3]) * weight[g] + (at - point[2]);
        return new Distributed(groups.get(g), scheduleId, "the client's locality `" + String.join("/", client) + "` "
                + (entry == null ? "matches no entry: each locality weighs its endpoints" : "matches from `"
                + entry.from() + "`") + ", locality weights " + java.util.Arrays.toString(weight) + ", point " + at
                + " chooses `" + String.join("/", localities.get(g)) + "` (" + groups.get(g).size() + " endpoints)");
    }

    /**
     * The model's pick of a locality by weight (docs/routing.md §4; a {@code distribute}, and {@code RANDOM} under a
     * {@code failover} list or {@code failoverPriority}): the weights are divided by their gcd, in place (Envoy's
     * shares do not change; the model's blocks get shorter), {@code W} is their sum, and the locality is the first
     * whose cumulative weight passes {@code id mod W}.
     *
     * @param weight per locality, its weight; divided by their gcd on return.
     * @param id     the request id.
     * @return {the locality, {@code id mod W}, the cumulative weight of the localities before it, {@code W}};
     *         {@code null} when every weight is 0.
     */
    static long[] pointLocality(final long[] weight, final long id)
    {
        long gcd = 0;
        for (final long w : weight)
        {
            gcd = java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf(w)).longValue();
        }
        if (gcd == 0)
        {
            return null;
        }
        long sum = 0;
        for (int g = 0; g < weight.length; g++)
        {
            weight[g] /= gcd;
            sum += weight[g];
        }
        final long at = Math.floorMod(id, sum);
        long before = 0;
        int g = 0;
        while (before + weight[g] <= at)
        {
            before += weight[g];
            g++;
        }
        return new long[] {g, at, before, sum};
    }
}
