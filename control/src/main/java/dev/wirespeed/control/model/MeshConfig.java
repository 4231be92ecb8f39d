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
 * @param networks       the {@code meshNetworks} key of the same ConfigMap and the network gateways
 *                       ({@link MeshNetworks#NONE} for none: a single network).
 */
public record MeshConfig(OutboundPolicy outboundPolicy, Destination egressProxy, SourceRef source,
        String rootNamespace, DestinationRule.LocalitySetting localityLbSetting, MeshNetworks networks)
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
        this(outboundPolicy, egressProxy, source, ISTIO_SYSTEM, DEFAULT_LOCALITY, MeshNetworks.NONE);
    }

    /**
     * @param namespace a root namespace.
     * @return this mesh config with it.
     */
    public MeshConfig withRootNamespace(final String namespace)
    {
        return new MeshConfig(outboundPolicy, egressProxy, source, namespace, localityLbSetting, networks);
    }

    /**
     * @param setting a {@code localityLbSetting}.
     * @return this mesh config with it.
     */
    public MeshConfig withLocalityLbSetting(final DestinationRule.LocalitySetting setting)
    {
        return new MeshConfig(outboundPolicy, egressProxy, source, rootNamespace, setting, networks);
    }

    /**
     * @param n the networks and their gateways.
     * @return this mesh config with them.
     */
    public MeshConfig withNetworks(final MeshNetworks n)
    {
        return new MeshConfig(outboundPolicy, egressProxy, source, rootNamespace, localityLbSetting, n);
    }

    /** {@code OutboundTrafficPolicy.Mode}. */
    public enum OutboundPolicy
    {
        /** Unknown hosts go to {@code PassthroughCluster}, the request's original destination. */
        ALLOW_ANY,
        /** Unknown hosts get Istio's {@code block_all} virtual host: a direct {@code 502}. */
        REGISTRY_ONLY,
        /**
         * The mesh config only (Istio refuses it in a Sidecar): a plain-text HTTP request to an unknown host goes to
         * Envoy's dynamic forward proxy, cluster {@code AllowAnyDynamicDNSCluster}, which resolves its authority at
         * request time (route {@code allow_any_dynamic_dns}); other traffic to unknown hosts is {@code ALLOW_ANY}'s.
         */
        ALLOW_ANY_DYNAMIC_DNS
    }
}
