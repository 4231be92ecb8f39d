package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The DestinationRules of {@link RandomRoutingModels}: subsets, load balancers (simple, consistent hash on a
 * header, query parameter, cookie or source IP, {@code PASSTHROUGH}), {@code portLevelSettings} on the rule and
 * on subsets, {@code workloadSelector}s, and the cookie headers requests carry for them, so the differential
 * tests cover docs/routing.md §4 whole.
 */
final class RandomDestinationPolicies
{
    /** Cookie names the rules hash on; the requests' cookie headers use them and others. */
    static final String[] COOKIES = {"session", "user"};
    private static final String[] COOKIE_HEADERS = {"session=abc", "user=jason; session=xyz", "session=\"q1\"",
        " session=", "other=1;session=s2", "session", "user=\"\"", "session=a=b; session=second", ";;session=x"};

    private final SplittableRandom rnd;
    private final List<RegistryService> services;

    /** Outlier detection and locality settings: not from {@link #rnd}, so the rest of a model stays as it was. */
    private final SplittableRandom locality;
    /** Draws the consistent-hash tables apart from {@code rnd}, so they leave the rest of a seed's model as it was. */
    private final SplittableRandom tables;
    /** Whether the rule being drawn may hash into a ring ({@link #ringsFit}). */
    private boolean ringsFit = true;
    /** {@code tls.mode}s (multi-network endpoints need ISTIO_MUTUAL): not from {@link #rnd} either. */
    private final SplittableRandom tls;
    /** Draws the rules generated from Gateway API backend policies: a stream of their own. */
    private final SplittableRandom backend;

    RandomDestinationPolicies(final SplittableRandom rnd, final List<RegistryService> services)
    {
        this.rnd = rnd;
        this.services = services;
        this.locality = new SplittableRandom(services.stream().mapToLong(s -> s.host().hashCode()).sum());
        this.tables = new SplittableRandom(services.stream().mapToLong(s -> s.host().hashCode()).sum() + 1);
        this.tls = new SplittableRandom(services.stream().mapToLong(s -> s.host().hashCode()).sum() * 31 + 7);
        this.backend = new SplittableRandom(services.stream().mapToLong(s -> s.host().hashCode()).sum() * 37 + 11);
    }

    /**
     * A {@code localityLbSetting}: none, {@code enabled: false}, failover entries (from a region the clients have),
     * {@code distribute} entries, or a {@code failoverPriority} (sometimes with failover regions).
     */
    private DestinationRule.LocalitySetting localitySetting()
    {
        switch (locality.nextInt(10))
        {
            case 0:
                return new DestinationRule.LocalitySetting(false, List.of(), List.of(), List.of());
            case 1:
            case 2:
            case 7:
                return new DestinationRule.LocalitySetting(locality.nextBoolean() ? true : null, failovers(),
                        List.of(), List.of());
            case 3:
            case 4:
                return new DestinationRule.LocalitySetting(null, List.of(), distribute(locality), List.of());
            case 5:
            case 6:
                final boolean regions = locality.nextInt(3) == 0;
                return new DestinationRule.LocalitySetting(null, regions ? failovers() : List.of(), List.of(),
                        failoverPriority(locality, regions));
            default:
                return null;
        }
    }

    private List<DestinationRule.Failover> failovers()
    {
        return List.of(new DestinationRule.Failover("us-east", locality.nextBoolean() ? "eu-west" : "ap-south"),
                new DestinationRule.Failover("eu-west", "us-east"),
                new DestinationRule.Failover("ap-south", "eu-west")); // a client whose region has no endpoint
    }

    /** Priority label lists: the network first or not, an endpoint label, a {@code name=value} entry. */
    private static final String[][] PRIORITIES = {
        {"topology.istio.io/network", "topology.kubernetes.io/region", "topology.kubernetes.io/zone"},
        {"topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"},
        {"version", "zone"},
        {"version=v1", "topology.kubernetes.io/region"},
        {"topology.istio.io/network", "version"},
        {"zone=a"},
        {"topology.istio.io/cluster", "kubernetes.io/hostname"}, // labels Istio adds itself (AugmentLabels)
        {"topology.istio.io/network", "kubernetes.io/hostname", "version"},
    };

    /** @return a {@code failoverPriority}; with failover regions, none naming a region, zone or subzone label. */
    static List<String> failoverPriority(final SplittableRandom r, final boolean regions)
    {
        final String[] p = regions ? PRIORITIES[2 + r.nextInt(PRIORITIES.length - 2)]
                : PRIORITIES[r.nextInt(PRIORITIES.length)];
        return List.of(p);
    }

    /** Distribute patterns that match no locality the others match (Istio rejects overlapping ones). */
    private static final String[][] TO = {
        {"us-east/a/1", "us-east/b", "eu-west"},
        {"us-east", "ap-south"},
        {"us-east/a/*", "eu-west/c", "ap-south/*"},
        {"*"},
        {"eu-west/c/1", "nowhere"},
    };

    /** @return one or two {@code distribute} entries, weights in [1, 100] summing to 100. */
    static List<DestinationRule.Distribute> distribute(final SplittableRandom r)
    {
        final List<DestinationRule.Distribute> out = new java.util.ArrayList<>();
        final String[] froms = {"us-east/a", "us-east", "eu-west/*", "*", "ap-south/x"};
        final int n = 1 + r.nextInt(2);
        for (int k = 0; k < n; k++)
        {
            final String[] to = TO[r.nextInt(TO.length)];
            final java.util.Map<String, Long> weights = new java.util.LinkedHashMap<>();
            long left = 100;
            for (int j = 0; j < to.length; j++)
            {
                final long w = j == to.length - 1 ? left : 1 + r.nextInt((int)left - (to.length - 1 - j));
                weights.put(to[j], w);
                left -= w;
            }
            out.add(new DestinationRule.Distribute(froms[r.nextInt(froms.length)], weights));
        }
        return out;
    }

    /** @return the load balancer with a locality setting sometimes (a new record: the given one is shared). */
    private DestinationRule.LoadBalancer withLocality(final DestinationRule.LoadBalancer lb)
    {
        final DestinationRule.LocalitySetting setting = localitySetting();
        return setting == null ? lb : lb == null ? new DestinationRule.LoadBalancer(null, null, setting)
                : new DestinationRule.LoadBalancer(lb.simple(), lb.consistentHash(), setting);
    }

    private <T> T pick(final T[] a)
    {
        return a[rnd.nextInt(a.length)];
    }

    private boolean chance(final int percent)
    {
        return rnd.nextInt(100) < percent;
    }

    /**
     * @param rnd the random source.
     * @return a {@code cookie} header value: well-formed, quoted, empty, repeated or malformed pairs.
     */
    static String cookieHeader(final SplittableRandom rnd)
    {
        return COOKIE_HEADERS[rnd.nextInt(COOKIE_HEADERS.length)];
    }

    /** A cookie hash: {@code user}'s with a {@code ttl} (Envoy generates it when absent), {@code session}'s without. */
    private static DestinationRule.ConsistentHash cookieHash(final String name)
    {
        return new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_COOKIE, name, name.equals("user"));
    }

    private DestinationRule.LoadBalancer loadBalancer()
    {
        switch (rnd.nextInt(8))
        {
            case 0:
                return new DestinationRule.LoadBalancer(DestinationRule.Simple.ROUND_ROBIN, null);
            case 1:
                return new DestinationRule.LoadBalancer(DestinationRule.Simple.RANDOM, null);
            case 2:
                return new DestinationRule.LoadBalancer(DestinationRule.Simple.LEAST_REQUEST, null);
            case 3:
                return new DestinationRule.LoadBalancer(null,
                        hashTable(new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_HEADER,
                                pick(RandomRoutingModels.HEADERS))));
            case 4:
                return new DestinationRule.LoadBalancer(null,
                        hashTable(new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_QUERY_PARAMETER,
                                "a")));
            case 5:
                return new DestinationRule.LoadBalancer(null,
                        hashTable(cookieHash(pick(COOKIES))));
            case 6:
                return new DestinationRule.LoadBalancer(chance(50) ? DestinationRule.Simple.PASSTHROUGH
                        : DestinationRule.Simple.UNSPECIFIED, null);
            default:
                return new DestinationRule.LoadBalancer(null,
                        hashTable(new DestinationRule.ConsistentHash(DestinationRule.HashKey.USE_SOURCE_IP, null)));
        }
    }

    /** Maglev table sizes (primes) the policies use, Envoy's default last. */
    private static final long[] MAGLEV_SIZES = {7, 17, 101, 1009, 65537};
    /** Minimum ring sizes the policies write: tiny (fewer entries than endpoints), small, Envoy's default, larger. */
    private static final long[] RING_SIZES = {1, 3, 12, 64, 1024, 4096};

    /** A consistent hash's table: the default ring (1024), a ring of another minimum size, or Maglev. */
    private DestinationRule.ConsistentHash hashTable(final DestinationRule.ConsistentHash hash)
    {
        final int kind = tables.nextInt(10);
        final long ringSize = kind < 4 ? DestinationRule.ConsistentHash.DEFAULT_MIN_RING_SIZE
                : RING_SIZES[tables.nextInt(RING_SIZES.length)];
        return kind < 7 && ringsFit ? hash.withTable(false, ringSize)
                : hash.withTable(true, MAGLEV_SIZES[tables.nextInt(MAGLEV_SIZES.length)]);
    }

    /**
     * @return whether the endpoints of the services a rule host names weigh within a factor of 64 of each other:
     *         Envoy's ring then stays small. A uint32 weight beside 1 makes an 8M-entry ring (Envoy's maximum) for
     *         each range of candidates, too slow to build for every random model; such hosts get Maglev tables.
     */
    private boolean ringsFit(final String host)
    {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (final RegistryService svc : services)
        {
            final boolean named = host.equals("*") || host.equals(svc.host())
                    || host.startsWith("*.") && svc.host().endsWith(host.substring(1));
            for (final RegistryService.Endpoint e : named ? svc.endpoints() : List.<RegistryService.Endpoint>of())
            {
                min = Math.min(min, e.weight());
                max = Math.max(max, e.weight());
            }
        }
        return max <= 64 * Math.min(min, max == 0 ? 1 : min);
    }

    /** A traffic policy: none, a load balancer, port-level settings (some without a load balancer), or both. */
    DestinationRule.TrafficPolicy policy()
    {
        if (chance(35))
        {
            return null;
        }
        final DestinationRule.LoadBalancer lb = chance(80) ? loadBalancer() : null;
        final List<DestinationRule.PortPolicy> ports = new ArrayList<>();
        if (chance(35))
        {
            final int n = 1 + rnd.nextInt(2);
            for (int k = 0; k < n; k++)
            {
                final int port = pick(new Integer[] {80, 9080, 3306, 443, 7070});
                final DestinationRule.LoadBalancer portLb = chance(85) ? loadBalancer() : null;
                ports.add(new DestinationRule.PortPolicy(port, withLocality(portLb), locality.nextInt(3) == 0,
                        tlsMode()));
            }
        }
        // outlierDetection turns on locality failover (docs/routing.md §4)
        return new DestinationRule.TrafficPolicy(withLocality(lb), List.copyOf(ports), locality.nextInt(5) < 3,
                tlsMode());
    }

    /**
     * The rules Istio generates from Gateway API backend policies (docs/routing.md §4 "Backend policies"), drawn
     * from a stream of their own: for some services, a {@code BackendTLSPolicy}'s ({@code SIMPLE} for every port or
     * for one port), an {@code XBackendTrafficPolicy}'s (an empty load balancer) or both, in the service's namespace
     * (where written rules for the host often are, so the two merge).
     *
     * @return the rules.
     */
    List<DestinationRule> backendPolicyRules()
    {
        final List<DestinationRule> out = new ArrayList<>();
        for (final RegistryService s : services)
        {
            final int k = backend.nextInt(8);
            if (k >= 3)
            {
                continue;
            }
            final boolean tlsPolicy = k != 2;
            final boolean whole = tlsPolicy && backend.nextBoolean();
            final List<DestinationRule.PortPolicy> ports = tlsPolicy && !whole && !s.ports().isEmpty()
                    ? List.of(new DestinationRule.PortPolicy(s.ports().get(backend.nextInt(s.ports().size()))
                    .number(), null, false, "SIMPLE")) : List.of();
            final List<String> parents = new ArrayList<>();
            if (tlsPolicy)
            {
                parents.add("BackendTLSPolicy/" + s.namespace() + ".tls");
            }
            if (k >= 1)
            {
                parents.add("XBackendTrafficPolicy/" + s.namespace() + ".traffic");
            }
            out.add(new DestinationRule(s.namespace(), s.host().replace('.', '-') + "~istio-autogenerated-k8s-gateway",
                    s.host(), new DestinationRule.TrafficPolicy(k >= 1 ? new DestinationRule.LoadBalancer(null, null)
                    : null, ports, false, whole ? "SIMPLE" : null), List.of(), List.of("*"), Map.of(), SourceRef.NONE,
                    List.of(), "", List.copyOf(parents)));
        }
        return out;
    }

    /** A {@code tls.mode}: mostly none (the endpoint's TLS mode decides), else one of the four. */
    private String tlsMode()
    {
        final int k = tls.nextInt(10);
        return k < 5 ? null : new String[] {"ISTIO_MUTUAL", "ISTIO_MUTUAL", "DISABLE", "SIMPLE", "MUTUAL"}[k - 5];
    }

    /**
     * @param i      the rule's number.
     * @param target the service it is for, or {@code null} for any host (a service's, a wildcard, {@code *}).
     * @return a rule, sometimes with a {@code workloadSelector} (then {@code exportTo} is its namespace or
     *         absent, as Istio's validation requires).
     */
    DestinationRule rule(final int i, final RegistryService target)
    {
        final String ns = target != null && chance(70) ? target.namespace() : pick(RandomRoutingModels.NAMESPACES);
        final String host = target != null ? target.host()
                : chance(60) ? services.get(rnd.nextInt(services.size())).host()
                : chance(50) ? "*.example.com" : "*";
        final Map<String, String> selector = !chance(25) ? Map.of() : selector();
        return rule(i, ns, host, selector);
    }

    /**
     * Another rule for the same host in the same namespace (Istio merges it into the first when their selectors
     * and written {@code exportTo} agree): sometimes the same selector, sometimes a subset name the first has.
     *
     * @param i     the rule's number.
     * @param first the rule it sits beside.
     * @return the rule.
     */
    DestinationRule sibling(final int i, final DestinationRule first)
    {
        final Map<String, String> selector = chance(50) ? first.workloadSelector()
                : chance(50) ? Map.of() : selector();
        return rule(i, first.namespace(), first.host(), selector);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> selector()
    {
        return pick(new Map[] {Map.of("app", "productpage"), Map.of("app", "web"),
            Map.of("app", "productpage", "version", "v2"),
            // labels Istio writes on the client's proxy (docs/routing.md "The client's labels")
            Map.of(TopologyLabels.CLUSTER_LABEL, MeshNetworks.CLUSTER_ID), Map.of(MeshNetworks.NETWORK_LABEL, "net2"),
            Map.of(EndpointOrder.REGION_LABEL, "eu-west"), Map.of("app", "web", TopologyLabels.CLUSTER_LABEL,
                MeshNetworks.CLUSTER_ID)});
    }

    private DestinationRule rule(final int i, final String ns, final String host, final Map<String, String> selector)
    {
        ringsFit = ringsFit(host);
        final List<DestinationRule.Subset> subsets = new ArrayList<>();
        for (final String v : RandomRoutingModels.VERSIONS)
        {
            if (chance(85))
            {
                // sometimes the cluster label Istio writes on endpoints, drawn from the host (the stream stays)
                final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(host.hashCode() * 31L + v.hashCode());
                final boolean byCluster = (mix & 3) == 0;
                final Map<String, String> labels = chance(85)
                        ? Map.of("version", v)
                        : byCluster
                        ? Map.of("version", v, TopologyLabels.CLUSTER_LABEL, RandomServices.REMOTE_CLUSTER)
                        : Map.of("version", v, "zone", "a");
                subsets.add(new DestinationRule.Subset(v, labels, chance(25) ? policy() : null));
            }
        }
        final List<String> written = !selector.isEmpty() ? (chance(50) ? List.of() : chance(50) ? List.of(".")
                : List.of(ns))
                : chance(60) ? List.of("*") : pick(new List[] {List.of(), List.of("."), List.of(ns), List.of("ns1"),
                    List.of(".", "ns1")});
        final List<String> exportTo = new ArrayList<>();
        for (final String e : written.isEmpty() ? List.of("*") : written)
        {
            exportTo.add(e.equals(".") ? ns : e);
        }
        final String created = pick(new String[] {"", "", "2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z"});
        return new DestinationRule(ns, "dr" + i, host, policy(), subsets, List.copyOf(exportTo), selector,
                SourceRef.NONE, written, created);
    }
}
