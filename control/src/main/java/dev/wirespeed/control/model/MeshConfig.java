package dev.wirespeed.control.model;

/**
 * The parts of Istio's mesh config ({@code MeshConfig}, the {@code mesh} key of the {@code istio}
 * ConfigMap in {@code istio-system}) that change a routing decision: what a sidecar does with a request
 * for a host it knows nothing about.
 *
 * @param outboundPolicy {@code outboundTrafficPolicy.mode}.
 * @param egressProxy    {@code outboundTrafficPolicy.egressProxy} (with {@code ALLOW_ANY}: unknown hosts go
 *                       to this destination's cluster instead of {@code PassthroughCluster}), or {@code null}.
 * @param source         where it was written ({@link SourceRef#NONE} for the default).
 */
public record MeshConfig(OutboundPolicy outboundPolicy, Destination egressProxy, SourceRef source)
{
    /** Istio's default: {@code ALLOW_ANY}, no egress proxy. */
    public static final MeshConfig DEFAULT = new MeshConfig(OutboundPolicy.ALLOW_ANY, null, SourceRef.NONE);

    /** {@code OutboundTrafficPolicy.Mode}. */
    public enum OutboundPolicy
    {
        /** Unknown hosts go to {@code PassthroughCluster}, the request's original destination. */
        ALLOW_ANY,
        /** Unknown hosts get Istio's {@code block_all} virtual host: a direct {@code 502}. */
        REGISTRY_ONLY
    }
}
