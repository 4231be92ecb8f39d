package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;

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
     * Istio's locality failover for a cluster: the load balancer's {@code localityLbSetting}, else the mesh's; with
     * {@code outlierDetection}; none for {@code enabled: false}, {@code distribute} or {@code failoverPriority}.
     */
    static DestinationRule.LocalitySetting failover(final DestinationRule rule, final DestinationRule.Subset subset,
            final int port, final DestinationRule.LocalitySetting mesh)
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
        if (!od)
        {
            return null;
        }
        final DestinationRule.LoadBalancer lb = ReferenceDestinationRules.loadBalancer(rule, subset, port);
        final DestinationRule.LocalitySetting s = lb != null && lb.locality() != null ? lb.locality() : mesh;
        return s.disabled() || s.distribute() || !s.failoverPriority().isEmpty() ? null : s;
    }
}
