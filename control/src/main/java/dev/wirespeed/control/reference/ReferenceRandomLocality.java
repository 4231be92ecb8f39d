package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code RANDOM} under locality-weighted balancing, written as docs/routing.md §4 says it: with a {@code failover}
 * list or a {@code failoverPriority}, Envoy's random load balancer picks a locality of the best priority by its
 * weight (the sum of its endpoints' weights, at most 2^32-1) before it picks one of its endpoints, ignoring their
 * weights. When the candidates span several localities and their weights differ, the locality is the first whose
 * cumulative weight (the weights divided by their gcd) passes the request id modulo the total; the load balancer
 * then picks among its endpoints as usual.
 */
final class ReferenceRandomLocality
{
    private ReferenceRandomLocality()
    {
    }

    /**
     * @param lb        the cluster's load balancer, {@code null} for the default.
     * @param choice    what the client's locality or labels chose, {@code null} for nothing.
     * @param endpoints the candidates (the best priority's), by locality.
     * @param id        the request id.
     * @param trace     the explanation, {@code null} when not explaining.
     * @return the endpoints of the picked locality; all of them when the load balancer is not {@code RANDOM}, no
     *         {@code failover} list or {@code failoverPriority} applies, the weights are equal or one locality has all.
     */
    static List<ReferenceEndpoints.Weighted> pick(final DestinationRule.LoadBalancer lb, final LocalityLb choice,
            final List<ReferenceEndpoints.Weighted> endpoints, final long id, final RouteTrace trace)
    {
        if (lb == null || lb.consistentHash() != null || lb.simple() != DestinationRule.Simple.RANDOM || choice == null
                || choice.kind() == LocalityLb.Kind.DISTRIBUTE
                || choice.kind() == LocalityLb.Kind.FAILOVER && choice.setting().failover().isEmpty())
        {
            return endpoints;
        }
        final List<List<ReferenceEndpoints.Weighted>> groups = new ArrayList<>();
        boolean differ = false;
        for (final ReferenceEndpoints.Weighted w : endpoints)
        {
            differ |= w.candidate().weight() != endpoints.get(0).candidate().weight();
            if (groups.isEmpty() || !Arrays.equals(parts(groups.get(groups.size() - 1).get(0)), parts(w)))
            {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(w);
        }
        if (groups.size() < 2 || !differ)
        {
            return endpoints;
        }
        final long[] weight = new long[groups.size()];
        for (int g = 0; g < weight.length; g++)
        {
            for (final ReferenceEndpoints.Weighted w : groups.get(g))
            {
                weight[g] = Math.min(0xFFFF_FFFFL, weight[g] + w.candidate().weight());
            }
        }
        final long[] point = ReferenceEndpoints.pointLocality(weight, id); // every weight is at least 1
        final int g = (int)point[0];
        final long at = point[1];
        RouteSteps.step(trace, "endpoint", "RANDOM, locality-weighted (Envoy picks a locality by its weight first): "
                + "locality weights " + Arrays.toString(weight) + ", point " + at + " chooses `"
                + String.join("/", parts(groups.get(g).get(0))) + "` (" + groups.get(g).size() + " endpoints)");
        return groups.get(g);
    }

    private static String[] parts(final ReferenceEndpoints.Weighted w)
    {
        return EndpointOrder.localityParts(w.candidate().locality());
    }
}
