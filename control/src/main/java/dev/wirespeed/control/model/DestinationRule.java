package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code networking.istio.io} DestinationRule, resolved.
 *
 * @param namespace        metadata.namespace.
 * @param name             metadata.name.
 * @param host             resolved like {@link Destination#host()}; may be a wildcard.
 * @param trafficPolicy    the top-level policy, or {@code null}.
 * @param subsets          named subsets in order.
 * @param exportTo         like {@link VirtualService#exportTo()} (Istio ignores it for a rule with a
 *                         {@code workloadSelector}: such a rule is private to its namespace).
 * @param workloadSelector {@code workloadSelector.matchLabels}; empty: the rule applies to every client it
 *                         is exported to. Non-empty: only to clients of its namespace whose labels include
 *                         these (docs/routing.md §4).
 * @param source           the document.
 * @param exportToWritten  {@code exportTo} as written ({@code .} kept, empty when absent even where the mesh
 *                         config's default applies): Istio merges rules whose written sets are equal
 *                         ({@link ConsolidatedDestinationRules}).
 * @param created          {@code metadata.creationTimestamp} as written, {@code ""} when absent (the oldest):
 *                         Istio orders rules by it, then by name and namespace.
 * @param backendPolicies  for a rule Istio generates from Gateway API backend policies (a
 *                         {@code BackendTLSPolicy}, an {@code XBackendTrafficPolicy}; its
 *                         {@code internal.istio.io/parents}), their {@code Kind/namespace.name}; empty for a rule
 *                         written as such. A written rule's fields win over a generated one's when they merge
 *                         ({@link ConsolidatedDestinationRules}).
 */
public record DestinationRule(
        String namespace,
        String name,
        String host,
        TrafficPolicy trafficPolicy,
        List<Subset> subsets,
        List<String> exportTo,
        Map<String, String> workloadSelector,
        SourceRef source,
        List<String> exportToWritten,
        String created,
        List<String> backendPolicies)
{
    /**
     * A rule written as such (not generated from backend policies).
     *
     * @param namespace        metadata.namespace.
     * @param name             metadata.name.
     * @param host             the host.
     * @param trafficPolicy    the top-level policy, or {@code null}.
     * @param subsets          named subsets.
     * @param exportTo         exportTo, resolved.
     * @param workloadSelector {@code workloadSelector.matchLabels}.
     * @param source           the document.
     * @param exportToWritten  {@code exportTo} as written.
     * @param created          {@code metadata.creationTimestamp}, {@code ""} when absent.
     */
    public DestinationRule(final String namespace, final String name, final String host,
            final TrafficPolicy trafficPolicy, final List<Subset> subsets, final List<String> exportTo,
            final Map<String, String> workloadSelector, final SourceRef source, final List<String> exportToWritten,
            final String created)
    {
        this(namespace, name, host, trafficPolicy, subsets, exportTo, workloadSelector, source, exportToWritten,
                created, List.of());
    }

    /** @return whether Istio generated this rule from Gateway API backend policies. */
    public boolean fromBackendPolicies()
    {
        return !backendPolicies.isEmpty();
    }

    /**
     * A rule whose {@code exportTo} was written as resolved, without creation time.
     *
     * @param namespace        metadata.namespace.
     * @param name             metadata.name.
     * @param host             the host.
     * @param trafficPolicy    the top-level policy, or {@code null}.
     * @param subsets          named subsets.
     * @param exportTo         exportTo.
     * @param workloadSelector {@code workloadSelector.matchLabels}.
     * @param source           the document.
     */
    public DestinationRule(final String namespace, final String name, final String host,
            final TrafficPolicy trafficPolicy, final List<Subset> subsets, final List<String> exportTo,
            final Map<String, String> workloadSelector, final SourceRef source)
    {
        this(namespace, name, host, trafficPolicy, subsets, exportTo, workloadSelector, source, exportTo, "");
    }

    /**
     * A rule without {@code workloadSelector}.
     *
     * @param namespace     metadata.namespace.
     * @param name          metadata.name.
     * @param host          the host.
     * @param trafficPolicy the top-level policy, or {@code null}.
     * @param subsets       named subsets.
     * @param exportTo      exportTo.
     * @param source        the document.
     */
    public DestinationRule(final String namespace, final String name, final String host,
            final TrafficPolicy trafficPolicy, final List<Subset> subsets, final List<String> exportTo,
            final SourceRef source)
    {
        this(namespace, name, host, trafficPolicy, subsets, exportTo, Map.of(), source);
    }

    /**
     * @param merged the subsets after Istio's merge.
     * @param policy the top-level policy after the merge.
     * @return this rule with them (the other fields kept: the first rule's).
     */
    public DestinationRule withMerged(final List<Subset> merged, final TrafficPolicy policy)
    {
        return new DestinationRule(namespace, name, host, policy, List.copyOf(merged), exportTo, workloadSelector,
                source, exportToWritten, created, backendPolicies);
    }

    /**
     * The consistent hash Istio puts in a VirtualService route's hash policy for one of its destinations
     * ({@code HashForHTTPDestination}): the subset's port-level key, else the subset's key, else the rule's
     * port-level key, else the rule's key. Port-level keys count only when the destination writes its port.
     *
     * @param subset      the destination's subset, or {@code null}.
     * @param writtenPort the destination's {@code port.number}, 0 when it writes none.
     * @return the key, or {@code null} for none (the route then has no hash policy from this destination).
     */
    public ConsistentHash routeConsistentHash(final String subset, final int writtenPort)
    {
        ConsistentHash hash = consistentHashOf(trafficPolicy == null ? null : trafficPolicy.loadBalancer());
        final ConsistentHash portHash = portLevelHash(trafficPolicy, writtenPort);
        ConsistentHash subsetHash = null;
        ConsistentHash subsetPortHash = null;
        for (final Subset s : subsets)
        {
            if (s.name().equals(subset))
            {
                subsetHash = consistentHashOf(s.trafficPolicy() == null ? null : s.trafficPolicy().loadBalancer());
                subsetPortHash = portLevelHash(s.trafficPolicy(), writtenPort);
                break;
            }
        }
        if (subsetPortHash != null)
        {
            hash = subsetPortHash;
        }
        else if (subsetHash != null)
        {
            hash = subsetHash;
        }
        else if (portHash != null)
        {
            hash = portHash;
        }
        return hash;
    }

    /**
     * Istio's {@code tlsModeForDestinationRule}: the TLS mode this rule sets for a cluster. A policy's mode is its
     * {@code portLevelSettings} entry's for the port when that entry writes {@code tls}, else its own {@code tls}'s;
     * a subset's policy, when it gives one, wins over the rule's.
     *
     * @param subset the cluster's subset, or {@code null}.
     * @param port   the cluster's service port.
     * @return {@code DISABLE}, {@code SIMPLE}, {@code MUTUAL} or {@code ISTIO_MUTUAL}; {@code null} when unset.
     */
    public String tlsMode(final String subset, final int port)
    {
        if (subset != null)
        {
            for (final Subset s : subsets)
            {
                if (s.name().equals(subset))
                {
                    final String mode = s.trafficPolicy() == null ? null : s.trafficPolicy().tlsModeFor(port);
                    return mode != null ? mode : trafficPolicy == null ? null : trafficPolicy.tlsModeFor(port);
                }
            }
            return null;
        }
        return trafficPolicy == null ? null : trafficPolicy.tlsModeFor(port);
    }

    private static ConsistentHash consistentHashOf(final LoadBalancer lb)
    {
        return lb == null ? null : lb.consistentHash();
    }

    private static ConsistentHash portLevelHash(final TrafficPolicy policy, final int writtenPort)
    {
        final PortPolicy p = policy == null || writtenPort == 0 ? null : policy.forPort(writtenPort);
        return p == null ? null : consistentHashOf(p.loadBalancer());
    }

    /** @return whether the rule has a {@code workloadSelector}. */
    public boolean hasSelector()
    {
        return !workloadSelector.isEmpty();
    }

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
     * {@code TrafficPolicy}: the load balancer, and whether {@code outlierDetection} is set (it turns on locality
     * failover, docs/routing.md §4), for every port and per port.
     *
     * @param loadBalancer      the load balancer settings, or {@code null}.
     * @param portLevelSettings {@code portLevelSettings}: per destination port, a load balancer that replaces
     *                          this policy's (not merged with it, as Istio).
     * @param outlierDetection  whether {@code outlierDetection} is set.
     * @param tlsMode           {@code tls.mode} ({@code DISABLE} when {@code tls} writes none), {@code null} without
     *                          {@code tls}.
     */
    public record TrafficPolicy(LoadBalancer loadBalancer, List<PortPolicy> portLevelSettings,
            boolean outlierDetection, String tlsMode)
    {
        /**
         * A policy without {@code tls}.
         *
         * @param loadBalancer      the load balancer settings, or {@code null}.
         * @param portLevelSettings the port-level settings.
         * @param outlierDetection  whether {@code outlierDetection} is set.
         */
        public TrafficPolicy(final LoadBalancer loadBalancer, final List<PortPolicy> portLevelSettings,
                final boolean outlierDetection)
        {
            this(loadBalancer, portLevelSettings, outlierDetection, null);
        }

        /**
         * @param port a service port.
         * @return the TLS mode of this policy for it: the port-level entry's when it writes {@code tls}, else this
         *         policy's; {@code null} when neither writes one.
         */
        public String tlsModeFor(final int port)
        {
            for (final PortPolicy p : portLevelSettings)
            {
                if (p.port() == port && p.tlsMode() != null)
                {
                    return p.tlsMode();
                }
            }
            return tlsMode;
        }

        /**
         * A policy without outlier detection.
         *
         * @param loadBalancer      the load balancer settings, or {@code null}.
         * @param portLevelSettings the port-level settings.
         */
        public TrafficPolicy(final LoadBalancer loadBalancer, final List<PortPolicy> portLevelSettings)
        {
            this(loadBalancer, portLevelSettings, false);
        }

        /**
         * A policy without port-level settings.
         *
         * @param loadBalancer the load balancer settings, or {@code null}.
         */
        public TrafficPolicy(final LoadBalancer loadBalancer)
        {
            this(loadBalancer, List.of());
        }

        /**
         * @param port a service port.
         * @return the port-level settings for it, or {@code null}.
         */
        public PortPolicy forPort(final int port)
        {
            for (final PortPolicy p : portLevelSettings)
            {
                if (p.port() == port)
                {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * One {@code portLevelSettings} entry.
     *
     * @param port         {@code port.number}.
     * @param loadBalancer its load balancer, or {@code null} (the default, not the enclosing policy's).
     * @param outlierDetection whether it sets {@code outlierDetection}.
     * @param tlsMode      its {@code tls.mode}, {@code null} without {@code tls}.
     */
    public record PortPolicy(int port, LoadBalancer loadBalancer, boolean outlierDetection, String tlsMode)
    {
        /**
         * An entry without {@code tls}.
         *
         * @param port             {@code port.number}.
         * @param loadBalancer     its load balancer, or {@code null}.
         * @param outlierDetection whether it sets {@code outlierDetection}.
         */
        public PortPolicy(final int port, final LoadBalancer loadBalancer, final boolean outlierDetection)
        {
            this(port, loadBalancer, outlierDetection, null);
        }

        /**
         * An entry without outlier detection.
         *
         * @param port         {@code port.number}.
         * @param loadBalancer its load balancer, or {@code null}.
         */
        public PortPolicy(final int port, final LoadBalancer loadBalancer)
        {
            this(port, loadBalancer, false);
        }
    }

    /**
     * {@code LoadBalancerSettings}.
     *
     * @param simple         the simple policy, or {@code null} when {@code consistentHash} is set.
     * @param consistentHash the consistent hash key, or {@code null}.
     * @param locality       {@code localityLbSetting}, or {@code null}.
     */
    public record LoadBalancer(Simple simple, ConsistentHash consistentHash, LocalitySetting locality)
    {
        /**
         * Settings without {@code localityLbSetting}.
         *
         * @param simple         the simple policy, or {@code null}.
         * @param consistentHash the consistent hash key, or {@code null}.
         */
        public LoadBalancer(final Simple simple, final ConsistentHash consistentHash)
        {
            this(simple, consistentHash, null);
        }
    }

    /**
     * {@code LocalityLoadBalancerSetting} (a DestinationRule's, or the mesh config's).
     *
     * @param enabled          {@code enabled}, {@code null} when not written.
     * @param failover         {@code failover[]}: {@code from} region, {@code to} region.
     * @param distribute       {@code distribute[]}: locality weights for the clients of a locality (routing.md §4).
     * @param failoverPriority {@code failoverPriority}: labels ({@code name} or {@code name=value}) whose matches with
     *                         the client's order the endpoints (docs/routing.md §4).
     */
    public record LocalitySetting(Boolean enabled, List<Failover> failover, List<Distribute> distribute,
            List<String> failoverPriority)
    {
        /** @return whether it turns locality load balancing off ({@code enabled: false}). */
        public boolean disabled()
        {
            return enabled != null && !enabled;
        }
    }

    /**
     * A {@code distribute} entry.
     *
     * @param from the clients' locality: {@code region/zone/subzone}, a trailing {@code *} matching any.
     * @param to   locality patterns (as {@code from}) and their weights (1 to 100, summing to 100), in written order.
     */
    public record Distribute(String from, Map<String, Long> to)
    {
    }

    /**
     * A {@code failover} entry.
     *
     * @param from the client's region.
     * @param to   the region whose endpoints come next when the client's region has none.
     */
    public record Failover(String from, String to)
    {
    }

    /**
     * {@code LoadBalancerSettings.SimpleLB}. {@code PASSTHROUGH} makes the cluster Envoy's {@code ORIGINAL_DST}
     * kind: the request goes to its original destination, not to an endpoint of the service.
     */
    public enum Simple
    {
        UNSPECIFIED, ROUND_ROBIN, RANDOM, LEAST_REQUEST, PASSTHROUGH
    }

    /**
     * {@code ConsistentHashLB}: exactly one key source, and the table Envoy hashes into (Istio's
     * {@code ApplyRingHashLoadBalancer}): {@code maglev} makes the cluster {@code MAGLEV} with its {@code tableSize};
     * otherwise it is {@code RING_HASH} with {@code ringHash.minimumRingSize}, else the deprecated
     * {@code minimumRingSize}, else 1024 (docs/routing.md §4).
     *
     * @param kind   what is hashed.
     * @param name   the header name (lower-case), query parameter name or cookie name; {@code null} for source IP.
     * @param ttl    an {@code httpCookie} that writes a {@code ttl}: without the cookie, Envoy makes one up from the
     *               downstream connection (sent back in {@code Set-Cookie}) and hashes that (docs/routing.md §4).
     * @param maglev whether the cluster is Envoy's Maglev load balancer (else the ring hash).
     * @param size   the Maglev table size (a prime), or the ring's minimum size.
     */
    public record ConsistentHash(HashKey kind, String name, boolean ttl, boolean maglev, long size)
    {
        /** Envoy's {@code DefaultMinRingSize} (and Istio's default). */
        public static final long DEFAULT_MIN_RING_SIZE = 1024;
        /** Envoy's {@code DefaultMaxRingSize}: Istio sets no maximum. */
        public static final long MAX_RING_SIZE = 8L * 1024 * 1024;
        /** Envoy's {@code MaglevTable::DefaultTableSize}. */
        public static final long DEFAULT_MAGLEV_TABLE_SIZE = 65537;

        /**
         * A key hashed onto a default ring (minimum size 1024).
         *
         * @param kind what is hashed.
         * @param name the header, query parameter or cookie name; {@code null} for source IP.
         * @param ttl  whether a cookie key writes a {@code ttl}.
         */
        public ConsistentHash(final HashKey kind, final String name, final boolean ttl)
        {
            this(kind, name, ttl, false, DEFAULT_MIN_RING_SIZE);
        }

        /**
         * A key without a cookie {@code ttl}, hashed onto a default ring.
         *
         * @param kind what is hashed.
         * @param name the header, query parameter or cookie name; {@code null} for source IP.
         */
        public ConsistentHash(final HashKey kind, final String name)
        {
            this(kind, name, false);
        }

        /** @return the same key hashed into another table. */
        public ConsistentHash withTable(final boolean maglev, final long size)
        {
            return new ConsistentHash(kind, name, ttl, maglev, size);
        }
    }

    /** What a consistent hash is computed over. */
    public enum HashKey
    {
        HTTP_HEADER, USE_SOURCE_IP, HTTP_QUERY_PARAMETER, HTTP_COOKIE
    }
}
