package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code networking.istio.io} DestinationRule, resolved.
 *
 * @param namespace     metadata.namespace.
 * @param name          metadata.name.
 * @param host          resolved like {@link Destination#host()}; may be a wildcard.
 * @param trafficPolicy the top-level policy, or {@code null}.
 * @param subsets       named subsets in order.
 * @param exportTo      like {@link VirtualService#exportTo()}.
 * @param source        the document.
 */
public record DestinationRule(
        String namespace,
        String name,
        String host,
        TrafficPolicy trafficPolicy,
        List<Subset> subsets,
        List<String> exportTo,
        SourceRef source)
{
    /**
     * A subset: the endpoints of the host whose labels include all of {@code labels}.
     *
     * @param name          the subset name.
     * @param labels        label selector.
     * @param trafficPolicy overrides the rule's policy, or {@code null}.
     */
    public record Subset(String name, Map<String, String> labels, TrafficPolicy trafficPolicy)
    {
    }

    /**
     * {@code TrafficPolicy}: only the load balancer is modelled.
     *
     * @param loadBalancer the load balancer settings, or {@code null}.
     */
    public record TrafficPolicy(LoadBalancer loadBalancer)
    {
    }

    /**
     * {@code LoadBalancerSettings}.
     *
     * @param simple         the simple policy, or {@code null} when {@code consistentHash} is set.
     * @param consistentHash the consistent hash key, or {@code null}.
     */
    public record LoadBalancer(Simple simple, ConsistentHash consistentHash)
    {
    }

    /** {@code LoadBalancerSettings.SimpleLB}. {@code PASSTHROUGH} is not modelled (rejected). */
    public enum Simple
    {
        UNSPECIFIED, ROUND_ROBIN, RANDOM, LEAST_REQUEST
    }

    /**
     * {@code ConsistentHashLB}: exactly one key source.
     *
     * @param kind what is hashed.
     * @param name the header name (lower-case) or query parameter name; {@code null} for source IP.
     */
    public record ConsistentHash(HashKey kind, String name)
    {
    }

    /** What a consistent hash is computed over. */
    public enum HashKey
    {
        HTTP_HEADER, USE_SOURCE_IP, HTTP_QUERY_PARAMETER
    }
}
