package dev.wirespeed.control.model;

/**
 * The parts of Istio's mesh config ({@code MeshConfig}, the {@code mesh} key of the {@code istio}
 * ConfigMap in {@code istio-system}) that change a routing decision: what a sidecar does with a request
 * for a host it knows nothing about, and the root namespace (where mesh-wide Sidecars and DestinationRules
 * live). The {@code default*ExportTo} fields are applied while loading (to every VirtualService and
 * DestinationRule that writes no {@code exportTo}).
 *
 * @param outboundPolicy {@code outboundTrafficPolicy.mode}.
 * @param egressProxy    {@code outboundTrafficPolicy.egressProxy} (with {@code ALLOW_ANY}: unknown hosts go
 *                       to this destination's cluster instead of {@code PassthroughCluster}), or {@code null}.
 * @param source         where it was written ({@link SourceRef#NONE} for the default).
 * @param rootNamespace  {@code rootNamespace} ({@code istio-system} by default).
 * @param localityLbSetting {@code localityLbSetting}: Istio's default is {@code enabled: true}, the locality
 *                       failover of a DestinationRule with {@code outlierDetection} that writes none (docs/routing.md
 *                       §4).
 */
public record MeshConfig(OutboundPolicy outboundPolicy, Destination egressProxy, SourceRef source,
        String rootNamespace, DestinationRule.LocalitySetting localityLbSetting)
{
    /** Istio's default {@code localityLbSetting}: {@code enabled: true}. */
    public static final DestinationRule.LocalitySetting DEFAULT_LOCALITY = new DestinationRule.LocalitySetting(true,
            java.util.List.of(), java.util.List.of(), java.util.List.of());

    /** Istio's default root namespace. */
    public static final String ISTIO_SYSTEM = "istio-system";
    /** Istio's default: {@code ALLOW_ANY}, no egress proxy. */
    public static final MeshConfig DEFAULT = new MeshConfig(OutboundPolicy.ALLOW_ANY, null, SourceRef.NONE);

    /**
     * An outbound traffic policy (a mesh config's or a Sidecar's) with the default root namespace.
     *
     * @param outboundPolicy {@code outboundTrafficPolicy.mode}.
     * @param egressProxy    the egress proxy, or {@code null}.
     * @param source         where it was written.
     */
    public MeshConfig(final OutboundPolicy outboundPolicy, final Destination egressProxy, final SourceRef source)
    {
        this(outboundPolicy, egressProxy, source, ISTIO_SYSTEM, DEFAULT_LOCALITY);
    }

    /**
     * @param namespace a root namespace.
     * @return this mesh config with it.
     */
    public MeshConfig withRootNamespace(final String namespace)
    {
        return new MeshConfig(outboundPolicy, egressProxy, source, namespace, localityLbSetting);
    }

    /**
     * @param setting a {@code localityLbSetting}.
     * @return this mesh config with it.
     */
    public MeshConfig withLocalityLbSetting(final DestinationRule.LocalitySetting setting)
    {
        return new MeshConfig(outboundPolicy, egressProxy, source, rootNamespace, setting);
    }

    /** {@code OutboundTrafficPolicy.Mode}. */
    public enum OutboundPolicy
    {
        /** Unknown hosts go to {@code PassthroughCluster}, the request's original destination. */
        ALLOW_ANY,
        /** Unknown hosts get Istio's {@code block_all} virtual host: a direct {@code 502}. */
        REGISTRY_ONLY
    }
}
