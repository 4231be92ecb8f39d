package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.EndpointOrder;
import dev.wirespeed.control.model.LocalityLb;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.l7.RequestHash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster stage of the reference interpreter (docs/routing.md §4): port, cluster name, the
 * DestinationRule that applies, subset, healthy endpoints sorted by address then port, load balancer.
 */
final class ReferenceClusters
{
    private final ReferenceDestinationRules rules;
    private final ReferenceRouter router;
    private final MeshConfig mesh;
    private final dev.wirespeed.control.model.PeerAuthentications peerAuthn;
    private final ReferenceHashTables hashTables = new ReferenceHashTables();

    ReferenceClusters(final RoutingModel model, final ReferenceRouter router)
    {
        this.rules = new ReferenceDestinationRules(model);
        this.router = router;
        this.mesh = model.mesh();
        this.peerAuthn = model.peerAuthn();
    }

    static int portFor(final Destination dest, final RegistryService service, final RequestFacts r)
    {
        if (dest.port() != 0)
        {
            return dest.port();
        }
        if (service == null)
        {
            return r.port();
        }
        for (final RegistryService.ServicePort p : service.ports())
        {
            if (p.number() == r.port())
            {
                return r.port();
            }
        }
        return service.ports().size() == 1 ? service.ports().get(0).number() : r.port();
    }

    /**
     * @param upstream the request's headers after the route's header operations, or {@code null} when no
     *                 operation applies (the request's own).
     */
    RouteDecision clusterStage(final Destination dest, final RequestFacts r,
            final Map<String, List<String>> upstream, final DecisionBuilder d)
    {
        final RegistryService service = router.serviceByHost(dest.host());
        final int port = portFor(dest, service, r);
        d.action = "route";
        d.host = dest.host();
        d.subset = dest.subset();
        d.port = port;
        d.cluster = ReferenceRouter.clusterName(dest.host(), dest.subset(), port);
        if (d.trace != null)
        {
            d.trace.cluster(d.cluster);
        }
        RegistryService.ServicePort servicePort = null;
        if (service != null)
        {
            for (final RegistryService.ServicePort p : service.ports())
            {
                if (p.number() == port)
                {
                    servicePort = p;
                }
            }
        }
        final int notFound = dest.clusterNotFoundStatus();
        if (servicePort == null)
        {
            RouteSteps.noServicePort(d.trace, service, dest.host(), port);
            return d.drop(notFound, "NC", "no-cluster");
        }
        if (!service.visibleTo(r.sourceNamespace()))
        {
            RouteSteps.step(d.trace, "cluster", "the service is not exported to namespace " + r.sourceNamespace()
                    + ": no cluster");
            return d.drop(notFound, "NC", "no-cluster");
        }
        final DestinationRule rule = applicableRule(service, r.sourceNamespace(), r.sourceLabels());
        RouteSteps.rule(d.trace, d.cluster, rule);
        DestinationRule.Subset subset = null;
        if (dest.subset() != null)
        {
            if (rule != null)
            {
                for (final DestinationRule.Subset s : rule.subsets())
                {
                    if (s.name().equals(dest.subset()))
                    {
                        subset = s;
                        break;
                    }
                }
            }
            if (subset == null)
            {
                RouteSteps.noSubset(d.trace, dest.subset(), rule);
                return d.drop(notFound, "NC", "no-cluster");
            }
        }
        final DestinationRule.LoadBalancer lb = ReferenceDestinationRules.loadBalancer(rule, subset, port);
        if (originalDestination(service, rule, subset, lb, port, r))
        {
            return originalDestinationDecision(service, subset, port, r, d);
        }
        return endpointStage(service, servicePort, rule, subset, lb, r, upstream, d);
    }

    /**
     * Istio's {@code EndpointBuilder.clusterLocal}: a remote cluster's client gets its own cluster's endpoints of a
     * cluster-local host (the service's are the config cluster's).
     */
    private RegistryService ownCluster(final RegistryService service, final RequestFacts r, final DecisionBuilder d)
    {
        final List<RegistryService.Endpoint> own = r.remoteClient() == null ? null
                : mesh.networks().proxies().clusterLocalEndpoints(service.host(), r.remoteClient().cluster());
        if (own == null)
        {
            return service;
        }
        RouteSteps.step(d.trace, "endpoint", "cluster-local host: the endpoints of the client's cluster `"
                + r.remoteClient().cluster() + "`");
        return service.withEndpoints(own);
    }

    /** The healthy endpoints of the cluster, those of the client's locality priority, the load balancer's pick. */
    private RouteDecision endpointStage(final RegistryService service, final RegistryService.ServicePort servicePort,
            final DestinationRule rule, final DestinationRule.Subset subset, final DestinationRule.LoadBalancer lb,
            final RequestFacts r, final Map<String, List<String>> upstream, final DecisionBuilder d)
    {
        final List<RegistryService.Endpoint> members = members(ownCluster(service, r, d), subset, servicePort);
        final List<String> notes = d.trace == null ? null : new ArrayList<>();
        final List<EndpointOrder.Candidate> healthy = ReferenceNetworks.filter(members, servicePort, rule,
                subset == null ? null : subset.name(), mesh.networks(), r.clientNetwork(mesh.networks()), notes,
                new ReferenceNetworks.Mtls(peerAuthn, service.namespace(), d.dnsSrv),
                mesh.networks().proxies().viewOf(r.src(), "mesh".equals(r.gateway())));
        if (notes != null && !notes.isEmpty())
        {
            RouteSteps.step(d.trace, "endpoint", (mesh.networks().enabled() ? "networks: the client is on network `"
                    + r.clientNetwork(mesh.networks()) + "`; " : "") + String.join("; ", notes));
        }
        // the network filter comes first (Istio filters endpoints before Envoy's load balancer), then the locality
        final LocalityLb choice = ReferenceEndpoints.choice(rule, subset, servicePort.number(), service,
                mesh.localityLbSetting());
        healthy.sort(choice != null ? EndpointOrder.LOCALITY : EndpointOrder.ADDRESS);
        if (healthy.isEmpty())
        {
            return noEndpoint(service, subset, members, d);
        }
        // Envoy's RANDOM load balancer ignores the weights
        List<ReferenceEndpoints.Weighted> endpoints = ReferenceEndpoints.weighted(healthy,
                lb != null && lb.consistentHash() == null && lb.simple() == DestinationRule.Simple.RANDOM);
        final List<String> policies = d.trace == null ? null : new ArrayList<>();
        final List<String> routeKeys = lb != null && lb.consistentHash() != null && d.routeDestinations != null
                ? routeHashKeys(d.routeDestinations, r, upstream, policies) : null;
        long scheduleId = r.id();
        final boolean hashed = lb != null && lb.consistentHash() != null;
        final String[] clientLocality = ReferenceEndpoints.clientLocality(r.sourceLabels());
        // Envoy's locality-weighted balancing (Istio's LocalityWeightedLbConfig): the hash table's hosts and weights
        ReferenceLocalityHosts.Hosts hashHosts = null;
        if (choice != null && choice.kind() == LocalityLb.Kind.DISTRIBUTE && hashed)
        {
            hashHosts = distributeHosts(endpoints, clientLocality, choice, lb.consistentHash(), d);
            if (hashHosts == null)
            {
                return d.drop(503, "UH", "no-healthy-upstream");
            }
            endpoints = hashHosts.hosts();
        }
        else if (choice != null && choice.kind() == LocalityLb.Kind.DISTRIBUTE)
        {
            final ReferenceEndpoints.Distributed chosen = ReferenceEndpoints.distribute(endpoints, clientLocality,
                    choice.setting(), r.id());
            if (chosen == null)
            {
                RouteSteps.step(d.trace, "endpoint", "distribute: no locality of the cluster keeps a weight for the "
                        + "client's locality `" + String.join("/", clientLocality) + "`");
                return d.drop(503, "UH", "no-healthy-upstream");
            }
            RouteSteps.step(d.trace, "endpoint", "distribute: " + chosen.why());
            endpoints = chosen.endpoints();
            scheduleId = chosen.scheduleId();
        }
        else if (choice != null && choice.kind() == LocalityLb.Kind.PRIORITY)
        {
            final int before = endpoints.size();
            endpoints = ReferenceEndpoints.ofBestLabelPriority(endpoints,
                    r.sourceLabels(), choice.setting());
            RouteSteps.step(d.trace, "endpoint", "failoverPriority " + choice.setting().failoverPriority()
                    + (choice.setting().failover().isEmpty() ? "" : " then the locality")
                    + ": the client's labels keep " + endpoints.size() + " of " + before + " endpoints");
        }
        else if (choice != null)
        {
            final DestinationRule.LocalitySetting failover = choice.setting();
            final int best = ReferenceEndpoints.bestPriority(endpoints, clientLocality, failover.failover());
            endpoints = ReferenceEndpoints.ofPriority(endpoints, clientLocality, failover.failover(), best);
            RouteSteps.step(d.trace, "endpoint", "locality failover (outlierDetection is set): the client's locality `"
                    + String.join("/", clientLocality) + "` keeps " + endpoints.size() + " of " + healthy.size()
                    + " endpoints, those of its best priority " + best);
        }
        if (hashed && hashHosts == null && choice != null && (choice.kind() == LocalityLb.Kind.PRIORITY
                || !choice.setting().failover().isEmpty()))
        {
            hashHosts = ownWeightedHosts(endpoints, clientLocality, lb.consistentHash(), d);
            endpoints = hashHosts.hosts();
        }
        endpoints = ReferenceRandomLocality.pick(lb, choice, endpoints, r.id(), d.trace);
        final boolean weighted = endpoints.size() > 1 && ReferenceEndpoints.weightsDiffer(endpoints);
        final int pick = hashed ? hashPick(lb.consistentHash(), endpoints,
                hashHosts == null ? null : hashHosts.weights(), r, upstream, d.tcp, routeKeys)
                : weighted ? ReferenceEndpoints.weightedPick(endpoints, scheduleId)
                : pickEndpoint(lb, endpoints.size(), r, scheduleId);
        final EndpointOrder.Candidate chosen = endpoints.get(pick).candidate();
        d.endpoint = chosen.address() + ":" + chosen.port();
        if (d.trace != null)
        {
            d.trace.endpoint((routeKeys != null ? "consistentHash (ring hash) by the route's hash policy " + policies
                    + (routeKeys.isEmpty() ? " (no key: random pick)" : ", keys " + routeKeys + " (xxHash64)")
                    + " into " + tableName(lb.consistentHash())
                    : policyName(lb, r, upstream, d.tcp)) + (weighted ? ", weighted " + weightsText(endpoints) : "")
                    + (hashHosts != null ? ", locality-weighted shares " + hashHosts.weights() + " (the table's "
                    + "order: the client's locality first, then by locality, address, port)"
                    : choice != null ? " (sorted by locality, address, port)" : ""),
                    endpoints.size(), pick, d.endpoint);
        }
        return d.build();
    }

    /** @return the healthy endpoints of the service on the port that the subset's labels select. */
    private static List<RegistryService.Endpoint> members(final RegistryService service,
            final DestinationRule.Subset subset, final RegistryService.ServicePort port)
    {
        final List<RegistryService.Endpoint> members = new ArrayList<>();
        for (final RegistryService.Endpoint e : service.endpoints())
        {
            if (e.healthy() && e.serves(port)
                    && (subset == null || e.labels().entrySet().containsAll(subset.labels().entrySet())))
            {
                members.add(e);
            }
        }
        return members;
    }

    /** No endpoint left (none healthy, or none reachable from the client's network): 503 UH. */
    private static RouteDecision noEndpoint(final RegistryService service, final DestinationRule.Subset subset,
            final List<RegistryService.Endpoint> members, final DecisionBuilder d)
    {
        if (members.isEmpty())
        {
            RouteSteps.noHealthyEndpoint(d.trace, service, subset);
        }
        else
        {
            RouteSteps.step(d.trace, "endpoint", "no endpoint is reachable from the client's network"
                    + (d.dnsSrv ? " by mTLS" : "") + ": 503 UH");
        }
        return d.drop(503, "UH", "no-healthy-upstream");
    }

    /**
     * A {@code distribute} with a consistent hash: Envoy picks no locality first but hashes into one table over the
     * endpoints of the localities the client's entry weighs, each weighted by its locality's share.
     *
     * @return the table's hosts, {@code null} when no locality keeps a weight (503 UH).
     */
    private static ReferenceLocalityHosts.Hosts distributeHosts(final List<ReferenceEndpoints.Weighted> endpoints,
            final String[] clientLocality, final LocalityLb choice, final DestinationRule.ConsistentHash ch,
            final DecisionBuilder d)
    {
        final ReferenceEndpoints.DistributeWeights dw = ReferenceEndpoints.distributeWeights(endpoints,
                clientLocality, choice.setting());
        final ReferenceLocalityHosts.Hosts hosts = ReferenceLocalityHosts.of(dw.groups(), dw.weights(),
                clientLocality);
        final String why = "the client's locality `" + String.join("/", clientLocality) + "` "
                + (dw.entry() == null ? "matches no entry: each locality weighs its endpoints"
                : "matches from `" + dw.entry().from() + "`") + ", locality weights "
                + java.util.Arrays.toString(dw.weights());
        RouteSteps.step(d.trace, "endpoint", "distribute: " + why + (hosts == null ? ": no locality keeps a weight"
                : ": one " + tableName(ch) + " over the " + hosts.hosts().size()
                + " endpoints of the weighted localities"
                + (localFirst(hosts, dw.groups().size(), clientLocality) ? ", the client's locality first" : "")));
        return hosts;
    }

    /**
     * Istio turns on locality-weighted balancing for a {@code failover} list or a {@code failoverPriority}: the
     * priority's localities each weigh their own endpoints in Envoy's table.
     */
    private static ReferenceLocalityHosts.Hosts ownWeightedHosts(final List<ReferenceEndpoints.Weighted> endpoints,
            final String[] clientLocality, final DestinationRule.ConsistentHash ch, final DecisionBuilder d)
    {
        final ReferenceLocalityHosts.Hosts hosts = ReferenceLocalityHosts.ownWeighted(endpoints, clientLocality);
        final int localities = (int)hosts.hosts().stream().map(w -> w.candidate().locality()).distinct().count();
        if (localities > 1)
        {
            RouteSteps.step(d.trace, "endpoint", "locality-weighted " + tableName(ch) + " over " + localities
                    + " localities" + (localFirst(hosts, localities, clientLocality) ? ", the client's locality first"
                    : ""));
        }
        return hosts;
    }

    private static String weightsText(final List<ReferenceEndpoints.Weighted> endpoints)
    {
        final StringBuilder b = new StringBuilder("(weights");
        for (final ReferenceEndpoints.Weighted w : endpoints)
        {
            b.append(' ').append(w.weight());
        }
        return b.append(')').toString();
    }

    /**
     * A consistent hash: the request's hash (the route's keys combined, else the cluster's key; none, the random
     * number Envoy draws) into Envoy's ring or Maglev table over the candidates.
     */
    private int hashPick(final DestinationRule.ConsistentHash ch, final List<ReferenceEndpoints.Weighted> eps,
            final List<Double> weights, final RequestFacts r, final Map<String, List<String>> upstream,
            final boolean tcp, final List<String> routeKeys)
    {
        if (eps.size() == 1)
        {
            return 0;
        }
        final String key = routeKeys != null ? null : hashKey(ch, r, upstream, tcp);
        final long h = routeKeys != null ? combinedHash(routeKeys) : key == null ? 0 : keyHash(key);
        final long point = h != 0 ? h : RequestHash.hashBits(r.id(), RequestHash.LB);
        return weights == null ? hashTables.pick(ch, eps, point) : hashTables.pick(ch, eps, weights, point);
    }

    /** @return whether the table walks the client's own locality first, among several. */
    private static boolean localFirst(final ReferenceLocalityHosts.Hosts hosts, final int localities,
            final String[] client)
    {
        return localities > 1 && java.util.Arrays.equals(client,
                EndpointOrder.localityParts(hosts.hosts().get(0).candidate().locality()));
    }

    /** @return how {@code explain} names the table a consistent hash goes into. */
    private static String tableName(final DestinationRule.ConsistentHash ch)
    {
        return ch.maglev() ? "Maglev table of " + ch.size() : "ring hash (minimum ring size " + ch.size() + ")";
    }

    /**
     * Whether the cluster is Envoy's {@code ORIGINAL_DST} kind: a {@code PASSTHROUGH} load balancer (the subset's,
     * or, for a subset's cluster, the rule's for the port: Istio's {@code buildSubsetCluster} gives it the default
     * cluster's discovery type), or a Passthrough-resolution service on a sidecar (Istio's {@code convertResolution}).
     */
    private static boolean originalDestination(final RegistryService service, final DestinationRule rule,
            final DestinationRule.Subset subset, final DestinationRule.LoadBalancer lb, final int port,
            final RequestFacts r)
    {
        final DestinationRule.LoadBalancer ruleLb = subset == null ? lb
                : ReferenceDestinationRules.loadBalancer(rule, null, port);
        return lb != null && lb.simple() == DestinationRule.Simple.PASSTHROUGH
                || ruleLb != null && ruleLb.simple() == DestinationRule.Simple.PASSTHROUGH
                || service.passthrough() && "mesh".equals(r.gateway());
    }

    /**
     * Envoy's ORIGINAL_DST cluster: the connection's original destination, not an endpoint of the service; on the
     * port a resolution NONE ServiceEntry port's targetPort gives when Istio builds the cluster as ORIGINAL_DST (a
     * sidecar's, a subset's), not when a PASSTHROUGH rule turns a default cluster into one.
     */
    private static RouteDecision originalDestinationDecision(final RegistryService service,
            final DestinationRule.Subset subset, final int port, final RequestFacts r, final DecisionBuilder d)
    {
        final boolean sidecarOriginalDst = service.passthrough() && "mesh".equals(r.gateway());
        final int override = sidecarOriginalDst || subset != null ? service.passthroughTargetPort(port) : 0;
        d.endpoint = RequestFacts.passthroughEndpoint(r.dst(), r.port(), override);
        d.originalDst = true;
        final String why = (sidecarOriginalDst
                ? "resolution NONE / headless service on a sidecar (ORIGINAL_DST)" : "PASSTHROUGH (ORIGINAL_DST)")
                + (override > 0 ? ", upstream port override " + override + " (the ServiceEntry's targetPort)" : "");
        RouteSteps.step(d.trace, "endpoint", d.endpoint == null
                ? why + ": the request has no original destination: no upstream host"
                : why + ": the original destination `" + d.endpoint + "`");
        return d.endpoint == null ? d.drop(503, "UH", "no-healthy-upstream") : d.build();
    }

    /**
     * The keys of a VirtualService route's hash policy (Istio's {@code HashForHTTPDestination} of each of its
     * destinations — a weight-0 one of several left out — with the DestinationRule the client sees for that
     * destination's service), those present in the request, in order.
     */
    private List<String> routeHashKeys(final List<RouteDestination> route, final RequestFacts r,
            final Map<String, List<String>> upstream, final List<String> policies)
    {
        final List<String> keys = new ArrayList<>();
        for (final RouteDestination rd : route)
        {
            if (route.size() > 1 && rd.weight() == 0)
            {
                continue;
            }
            final RegistryService service = router.serviceByHost(rd.destination().host());
            if (service == null || !service.visibleTo(r.sourceNamespace()))
            {
                continue; // outside the client's scope: no DestinationRule for it
            }
            final DestinationRule rule = applicableRule(service, r.sourceNamespace(), r.sourceLabels());
            final DestinationRule.ConsistentHash ch = rule == null ? null
                    : rule.routeConsistentHash(rd.destination().subset(), rd.destination().port());
            final String key = ch == null ? null : hashKey(ch, r, upstream, false);
            if (policies != null && ch != null)
            {
                policies.add(ch.kind() + (ch.name() == null ? "" : " `" + ch.name() + "`") + severalValues(ch, r,
                        upstream) + cookieValueIndex(ch, r, upstream));
            }
            if (key != null)
            {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Envoy's {@code HashPolicyImpl::generateHash} over the keys' hashes: each new one XOR the old rotated by 1. */
    private static long combinedHash(final List<String> keys)
    {
        long h = 0;
        for (int k = 0; k < keys.size(); k++)
        {
            final long next = keyHash(keys.get(k));
            h = k == 0 ? next : Long.rotateLeft(h, 1) ^ next;
        }
        return h == 0 && !keys.isEmpty() ? 1 : h;
    }

    private static long keyHash(final String key)
    {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        final long h = RequestHash.xxHash64(b, 0, b.length); // Envoy's HashUtil::xxHash64 of the key
        return h == 0 ? 1 : h;
    }

    private static int pickEndpoint(final DestinationRule.LoadBalancer lb, final int n, final RequestFacts r,
            final long scheduleId)
    {
        final DestinationRule.Simple simple = lb == null || lb.simple() == null
                ? DestinationRule.Simple.LEAST_REQUEST : lb.simple();
        switch (simple)
        {
            case ROUND_ROBIN:
                return (int)Math.floorMod(scheduleId, (long)n);
            case RANDOM:
                return RequestHash.hash(r.id(), RequestHash.LB) % n;
            default:
                return RequestHash.hash(r.id(), RequestHash.LB2) % n;
        }
    }

    /** How {@code explain} names a load-balancer policy (with its hash key, for a consistent hash). */
    private static String policyName(final DestinationRule.LoadBalancer lb, final RequestFacts r,
            final Map<String, List<String>> upstream, final boolean tcp)
    {
        if (lb != null && lb.consistentHash() != null)
        {
            final DestinationRule.ConsistentHash ch = lb.consistentHash();
            final String key = hashKey(ch, r, upstream, tcp);
            final boolean generated = key != null && ch.kind() == DestinationRule.HashKey.HTTP_COOKIE
                    && cookie(upstreamValues("cookie", r, upstream), ch.name()) == null;
            return "consistentHash " + ch.kind() + (ch.name() == null ? "" : " `" + ch.name() + "`")
                    + severalValues(ch, r, upstream) + cookieValueIndex(ch, r, upstream)
                    + (key == null ? " (no key: random pick)" : " key `" + key + "` (xxHash64"
                    + (generated ? "; no such cookie: Envoy generates this one, the xxHash64 of the connection `"
                    + ReferenceCookies.connectionText(r) + "`, and sends it back in Set-Cookie" : "") + ")")
                    + " into " + tableName(ch);
        }
        final boolean unset = lb == null || lb.simple() == null || lb.simple() == DestinationRule.Simple.UNSPECIFIED;
        return unset ? "LEAST_REQUEST (default)" : lb.simple().name();
    }

    private static String hashKey(final DestinationRule.ConsistentHash ch, final RequestFacts r,
            final Map<String, List<String>> upstream, final boolean tcp)
    {
        switch (ch.kind())
        {
            case USE_SOURCE_IP:
                return sourceAddress(r.src());
            case HTTP_QUERY_PARAMETER:
                return tcp ? null : r.query(ch.name());
            case HTTP_COOKIE:
                if (tcp)
                {
                    return null;
                }
                final String value = cookie(upstreamValues("cookie", r, upstream), ch.name());
                // without the cookie, a ttl makes Envoy generate one from the connection and hash it
                return value != null || !ch.ttl() ? value : ReferenceCookies.generated(r);
            default:
                return tcp ? null : headerKey(upstreamValues(ch.name(), r, upstream));
        }
    }

    /**
     * Envoy's {@code HeaderHashMethod} key: the header's upstream values sorted (by their UTF-8 bytes, unsigned) and
     * joined, since Envoy's xxHash64 over several values hashes them one after another.
     *
     * @return the key, {@code null} when the header does not go upstream.
     */
    static String headerKey(final List<String> values)
    {
        if (values.isEmpty())
        {
            return null;
        }
        final List<String> sorted = new ArrayList<>(values);
        sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        return String.join("", sorted);
    }

    /** @return what {@code explain} adds for a header hashed by several upstream values. */
    private static String severalValues(final DestinationRule.ConsistentHash ch, final RequestFacts r,
            final Map<String, List<String>> upstream)
    {
        if (ch.kind() != DestinationRule.HashKey.HTTP_HEADER)
        {
            return "";
        }
        final List<String> values = upstreamValues(ch.name(), r, upstream);
        return values.size() < 2 ? "" : " (" + values.size() + " upstream values " + values + ", sorted and joined)";
    }

    /** The upstream values of a header (after the route's header operations), in order. */
    private static List<String> upstreamValues(final String name, final RequestFacts r,
            final Map<String, List<String>> upstream)
    {
        if (upstream == null)
        {
            final String own = r.headers().get(name);
            return own == null ? List.of() : List.of(own);
        }
        final List<String> values = upstream.get(name);
        return values == null ? List.of() : values;
    }

    /**
     * @return the source address as Envoy's {@code addressAsString} prints it (IPv6 as {@code inet_ntop}, no
     *         brackets), or as written when it is not an IP literal.
     */
    private static String sourceAddress(final String src)
    {
        final String printed = src == null ? null : ReferenceCookies.address(src);
        return printed == null ? src : printed.startsWith("[") ? printed.substring(1, printed.length() - 1) : printed;
    }

    /**
     * A cookie's value in the {@code cookie} header's upstream values, as Envoy's {@code parseCookieValue} reads
     * them ({@code forEachCookie}): every value in turn, each split on {@code ;}, leading spaces skipped, the name up
     * to the first {@code =}, one pair of surrounding double quotes removed; the first pair with the name wins,
     * whichever value it is in. An empty value counts as absent (Envoy then hashes nothing).
     *
     * @param headers the header's values, in order.
     * @param name    the cookie name.
     * @return the value, or {@code null} when absent or empty.
     */
    static String cookie(final List<String> headers, final String name)
    {
        for (final String header : headers)
        {
            for (final String part : header.split(";", -1))
            {
                final int start = pairStart(part, name);
                if (start < 0)
                {
                    continue;
                }
                String value = part.substring(start);
                if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"')
                {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /**
     * @return where the value of a {@code name=value} pair starts (leading spaces skipped, the name up to the first
     *         {@code =}), or -1 when the pair has another name or no {@code =}.
     */
    private static int pairStart(final String part, final String name)
    {
        int start = 0;
        while (start < part.length() && part.charAt(start) == ' ')
        {
            start++;
        }
        final int eq = part.indexOf('=', start);
        return eq < 0 || !part.substring(start, eq).equals(name) ? -1 : eq + 1;
    }

    /** @return what {@code explain} adds for a cookie found in a {@code cookie} value after the first. */
    private static String cookieValueIndex(final DestinationRule.ConsistentHash ch, final RequestFacts r,
            final Map<String, List<String>> upstream)
    {
        if (ch.kind() != DestinationRule.HashKey.HTTP_COOKIE)
        {
            return "";
        }
        final List<String> values = upstreamValues("cookie", r, upstream);
        for (int k = 0; k < values.size(); k++)
        {
            for (final String part : values.get(k).split(";", -1))
            {
                if (pairStart(part, ch.name()) >= 0)
                {
                    return k == 0 ? "" : " (cookie `" + ch.name() + "` in upstream `cookie` value " + (k + 1) + " of "
                            + values.size() + ")";
                }
            }
        }
        return "";
    }

    /**
     * The DestinationRule that applies to a service for a client (docs/routing.md §4).
     *
     * @param service         the destination service.
     * @param sourceNamespace the client's namespace, or {@code null} for one no rule mentions.
     * @param sourceLabels    the client's labels.
     * @return the rule, or {@code null}.
     */
    DestinationRule applicableRule(final RegistryService service, final String sourceNamespace,
            final Map<String, String> sourceLabels)
    {
        return rules.applicableRule(service, sourceNamespace, sourceLabels);
    }

    /**
     * @param pattern a rule host: exact, {@code *.suffix} or {@code *}.
     * @param host    a FQDN.
     * @return -1 when it does not match; otherwise a score: exact highest, then longer wildcards.
     */
    static int hostMatchLength(final String pattern, final String host)
    {
        return ReferenceDestinationRules.hostMatchLength(pattern, host);
    }
}
