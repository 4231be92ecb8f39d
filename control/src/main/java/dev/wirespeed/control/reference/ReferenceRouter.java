package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.fib.l7.RequestHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter: evaluates a {@link RoutingModel} for one {@link HttpRequest} exactly as
 * {@code docs/routing.md} says, rule by rule, with plain Java collections and strings. Written to be
 * read, not to be fast: it is the oracle of the differential tests and the baseline of the benchmarks.
 * Thread-safe (it keeps only a regex cache).
 */
public final class ReferenceRouter
{
    /** Envoy's cluster for the original destination. */
    public static final String PASSTHROUGH_CLUSTER = "PassthroughCluster";
    /** The route (and virtual host) name of Istio's ALLOW_ANY catch-all. */
    public static final String ALLOW_ANY = "allow_any";
    /** The route (and virtual host) name of Istio's REGISTRY_ONLY catch-all. */
    public static final String BLOCK_ALL = "block_all";
    /** The route (and virtual host) name of Istio's ALLOW_ANY_DYNAMIC_DNS catch-all. */
    public static final String ALLOW_ANY_DYNAMIC_DNS = "allow_any_dynamic_dns";
    /** Envoy's dynamic forward proxy cluster of ALLOW_ANY_DYNAMIC_DNS: it resolves the authority per request. */
    public static final String DYNAMIC_DNS_CLUSTER = "AllowAnyDynamicDNSCluster";
    /** Envoy's cluster without endpoints that REGISTRY_ONLY sends unknown TCP connections to. */
    public static final String BLACKHOLE_CLUSTER = "BlackHoleCluster";

    /** The explain steps for a sidecar's hosts outside the registry (docs/routing.md §1 item 5). */
    public static final String OUTSIDE_NOT_SERVED = OutsideHosts.NOT_SERVED;
    /** The explain step for a wildcard host that is no domain of a sidecar virtual host on the request's port. */
    public static final String OUTSIDE_NO_DOMAIN = OutsideHosts.NO_DOMAIN;

    /** The explain step for a sidecar request naming a service on a port the service does not declare. */
    public static final String UNDECLARED_PORT = "does not declare port";
    /** The explain step for a sidecar HTTP request on a port where the client has no HTTP listener. */
    public static final String NO_HTTP_LISTENER = "no service this client sees gives it an HTTP listener on port";

    /** The explain step for a request whose original destination is bound to a service's TCP or sniffed listener. */
    public static final String AT_DESTINATION = "is the address of the TCP or sniffed listener of";
    /** The explain step for a service whose own port is TCP on a port a Sidecar egress listener makes HTTP. */
    public static final String NO_VIRTUAL_HOST = "has no virtual host (its own port is neither HTTP nor sniffed)"
            + " on port";

    /** The explain step for a client of a remote cluster whose clients reach some host by its own addresses. */
    public static final String OWN_CLUSTER_ADDRESSES = "reaches each host by its own cluster's addresses of it";

    public static final String AS_WRITTEN = "stays as written"; // explain: an alias names no service (a sidecar's)

    /** The explain step for a VirtualService none of whose HTTP routes Istio builds for the request's proxy. */
    public static final String NOT_BUILT = "no HTTP route is built for this proxy (port, source or gateway"
            + " conditions)";

    private final RoutingModel model;
    private final ReferenceClusters clusters;
    private final MatchBlocks blocks = new MatchBlocks();
    private final ConnectionRoutes connections;
    private final GatewayConnections gatewayConnections;
    private final HostCandidates hosts;
    private final OutsideHosts outside;
    private final ReferenceAuthorization authorization;
    private final Map<String, ReferenceRouter> byCluster; // by view (cluster, family): the registry its clients see
    private final ReferenceJwt jwt; // the RequestAuthentications' jwt_authn filters, null without any

    /** @param model the resolved model. */
    public ReferenceRouter(final RoutingModel model)
    {
        this(model, null);
    }

    /** @param notDomains {@code null}, else a view's listener addresses that are no domain (ClusterAddressViews) */
    ReferenceRouter(final RoutingModel model, final java.util.Set<String> notDomains)
    {
        this.model = model;
        this.byCluster = notDomains == null ? ClusterAddressViews.routers(model) : Map.of(); // a view has none
        this.hosts = new HostCandidates(model, notDomains == null ? java.util.Set.of() : notDomains);
        this.outside = new OutsideHosts(model, hosts);
        this.clusters = new ReferenceClusters(model, this);
        this.connections = new ConnectionRoutes(this, clusters);
        this.gatewayConnections = new GatewayConnections(model, clusters);
        this.authorization = new ReferenceAuthorization(model);
        this.jwt = model.requestAuthn().isEmpty() ? null : new ReferenceJwt(model);
    }

    /**
     * The DestinationRule that applies to a service for a client (docs/routing.md §4).
     *
     * @param service         the destination service.
     * @param sourceNamespace the client's namespace, or {@code null} for one no rule mentions.
     * @param sourceLabels    the client's labels (a rule's {@code workloadSelector}).
     * @return the rule, or {@code null}.
     */
    public DestinationRule applicableRule(final RegistryService service, final String sourceNamespace,
            final Map<String, String> sourceLabels)
    {
        return clusters.applicableRule(service, sourceNamespace, sourceLabels);
    }

    /**
     * @param request a request.
     * @return what happens to it.
     */
    public RouteDecision route(final HttpRequest request)
    {
        return route(request, null);
    }

    /**
     * Routes a request and tells a listener what each stage decided and why ({@code wirespeed explain}).
     *
     * @param request a request.
     * @param trace   the listener, or {@code null} (then this is {@link #route(HttpRequest)}).
     * @return what happens to it.
     */
    public RouteDecision route(final HttpRequest request, final RouteTrace trace)
    {
        return jwt == null ? routeHttp(request, trace) : jwt.route(request, trace, this::routeHttp);
    }

    private RouteDecision routeHttp(final HttpRequest request, final RouteTrace trace)
    {
        final RequestFacts r = RequestFacts.of(request, model.mesh().networks()); // the proxy's labels, once
        final ReferenceRouter seenFrom = byCluster.isEmpty() ? null
                : ClusterAddressViews.seenFrom(byCluster, model, r, trace);
        if (seenFrom != null)
        {
            return seenFrom.routeHttp(request, trace); // hosts at the client's cluster's addresses of its family
        }
        final DecisionBuilder d = DecisionBuilder.of(trace, request);
        final RouteDecision out = decide(r, d);
        return authorization.any() ? authorization.atServer(out, r, d) : out; // the destination's sidecar
    }

    private RouteDecision decide(final RequestFacts r, final DecisionBuilder d)
    {
        final RouteTrace trace = d.trace;
        // 1. host stage
        final boolean mesh = "mesh".equals(r.gateway());
        final RegistryService bound = mesh ? OutboundListeners.atDestination(model, r,
                SidecarScopes.egressHosts(model, r), SidecarScopes.listener(model, r)) : null;
        RouteSteps.atDestination(trace, bound, r);
        final Resolved resolved = bound != null ? new Resolved(bound.host(), bound) : resolveHost(r, mesh, trace);
        final String host = resolved.host();
        RegistryService service = resolved.service();
        final RouteDecision onServer = mesh ? null : gatewayConnections.route(r, d);
        if (onServer != null)
        {
            return onServer; // a gateway server that proxies connections: AUTO_PASSTHROUGH, PASSTHROUGH or TCP
        }
        final RouteDecision denied = mesh || r.sni() != null ? null : authorization.atGateway(r, d);
        if (denied != null)
        {
            return denied; // the gateway's RBAC filters run before its fault and CORS filters and its router
        }
        final List<String> egress = SidecarScopes.egressHosts(model, r);
        RouteSteps.host(trace, r, host, service);
        if (service != null && !service.visibleTo(r.sourceNamespace()))
        {
            service = null; // not exported to the client's namespace: Istio leaves it out of the client's scope
            RouteSteps.step(trace, "host", "the service is not exported to namespace " + r.sourceNamespace());
        }
        if (service != null && !SidecarScopes.visible(egress, service.namespace(), service.host()))
        {
            service = null; // the Sidecar hides it: the host is unknown to this workload
            RouteSteps.sidecarHides(trace, egress);
        }
        final SidecarSpec.EgressListener listener = mesh ? SidecarScopes.listener(model, r) : null;
        final int kind = OutboundListeners.listenerKind(service, listener, r);
        final boolean tcp = service != null ? kind == OutboundListeners.TCP || kind == OutboundListeners.TLS
                || kind == OutboundListeners.AUTO && r.sni() != null : r.sni() != null;
        d.tcp = tcp;
        if (mesh && !tcp && service == null && OutboundListeners.noHttpListener(model, egress, listener, r, d))
        {
            return defaultRoute(null, r, d);
        }
        if (mesh && !tcp && service != null && kind == OutboundListeners.HTTP
                && !OutboundListeners.httpOrSniffed(service, r.port()))
        {
            // an egress listener makes the port HTTP, but Istio builds virtual hosts only for HTTP or sniffed service
            // ports: the service has none there, so the route table's catch-all answers (§1 item 8)
            RouteSteps.step(trace, "host", service.host() + " " + NO_VIRTUAL_HOST + " " + r.port());
            return defaultRoute(null, r, d);
        }
        final List<List<VirtualService>> groups = hosts.candidateGroups(host, r, egress, trace);
        if (tcp && service == null)
        {
            return defaultRoute(null, r, d); // a connection to an unknown address: the passthrough chain
        }
        if (tcp)
        {
            // Istio builds a service's filter chains from every VirtualService for its host, in its order
            final List<VirtualService> vss = ConnectionRoutes.order(model, groups, r);
            RouteSteps.connectionVirtualServices(trace, vss);
            if (vss.isEmpty())
            {
                return defaultRoute(service, r, d);
            }
            return kind == OutboundListeners.TLS ? connections.tls(vss, service, r, d)
                    : connections.tcp(vss, service, r, d);
        }
        if (mesh && service != null)
        {
            return meshService(groups, service, r, d);
        }
        return hostWithHttp(groups, host, service, egress, r, d);
    }

    /** The host and the registry service of a request, after item 2's aliases and item 3's visibility of them. */
    private record Resolved(String host, RegistryService service)
    {
    }

    /**
     * §1 items 1-3: normalises the authority, resolves its aliases (on mesh only, and only to a service the client
     * sees that declares the port), else a service without address named by the connection's SNI.
     */
    private Resolved resolveHost(final RequestFacts r, final boolean mesh, final RouteTrace trace)
    {
        final String written = HostCandidates.normaliseHost(r.authority());
        String host = written;
        // a gateway's virtual hosts have the VirtualServices' hosts as domains, no alias (buildGatewayVirtualHosts)
        RegistryService service = mesh ? hosts.serviceByAddress(host) : null;
        if (service != null)
        {
            host = service.host();
        }
        else
        {
            host = mesh ? hosts.resolveAlias(host, r.sourceNamespace()) : host;
            service = hosts.serviceByHost(host);
        }
        if (mesh && service != null && !HostCandidates.declares(service, r.port()))
        {
            // Istio's route table for this port leaves the service out: neither its host nor its aliases name it
            // there, and the host as written is outside the registry on this port (docs/routing.md §1 item 2)
            if (trace != null)
            {
                RouteSteps.step(trace, "host", service.host() + " " + UNDECLARED_PORT + " " + r.port() + ": `" + written
                        + "` is outside the registry on this port");
            }
            host = written;
            service = null;
        }
        else if (mesh && service == null && !host.equals(written))
        {
            // an alias of no service: Istio's sidecar domains of a host outside the registry are that host alone
            if (trace != null)
            {
                RouteSteps.step(trace, "host", "`" + host + "` is no service: `" + written + "` " + AS_WRITTEN);
            }
            host = written;
        }
        if (mesh && service != null && !host.equals(written) && SidecarScopes.hidden(model, service, r, trace))
        {
            host = written; // a hidden service has no virtual host, so its aliases are no domains (§1 item 3)
            service = null;
            RouteSteps.step(trace, "host", "`" + written + "` " + AS_WRITTEN);
        }
        if (service == null && r.sni() != null && !r.sni().isEmpty())
        {
            // a connection to no service address: the TLS server name picks a service without address (Istio's
            // wildcard listener chains by SNI)
            final RegistryService named = hosts.serviceByHost(r.sni());
            if (named != null && named.addresses().isEmpty() && (!mesh || HostCandidates.declares(named, r.port())))
            {
                service = named;
                host = named.host();
            }
        }
        return new Resolved(host, service);
    }

    /**
     * No service (or a gateway): a VirtualService without HTTP routes built for this proxy makes no virtual host,
     * so the first group that has one answers; a gateway merges the whole group. On mesh a host outside the
     * registry counts only where the sidecar has a virtual host for it on this port (§1 item 5).
     */
    private RouteDecision hostWithHttp(final List<List<VirtualService>> groups, final String host,
            final RegistryService service, final List<String> egress, final RequestFacts r, final DecisionBuilder d)
    {
        final RouteTrace trace = d.trace;
        final boolean mesh = "mesh".equals(r.gateway());
        final List<List<VirtualService>> httpGroups = !mesh ? groups
                : hosts.candidateGroups(host, r, egress, null, h -> outside.domain(h, r, egress));
        if (mesh && trace != null)
        {
            outside.explainDomains(groups, host, r, egress, trace);
        }
        for (final List<VirtualService> group : httpGroups)
        {
            final List<VirtualService> withHttp = new ArrayList<>();
            for (final VirtualService vs : group)
            {
                if (hasHttp(vs, r) && mesh && !outside.served(vs, r, egress))
                {
                    RouteSteps.step(trace, "host", vs.qualifiedName() + ": " + OutsideHosts.NOT_SERVED + " on port "
                            + r.port() + " (Istio builds one on port 80 and on the HTTP ports of the services it"
                            + " claims)");
                }
                else if (hasHttp(vs, r))
                {
                    withHttp.add(vs);
                }
                else if (trace != null && !candidates(vs).isEmpty())
                {
                    RouteSteps.step(trace, "host", vs.qualifiedName() + ": " + NOT_BUILT);
                }
            }
            if (!withHttp.isEmpty())
            {
                RouteSteps.selected(trace, withHttp, mesh);
                return firstMatch(mesh ? withHttp.subList(0, 1) : withHttp, r, d, !mesh);
            }
        }
        return defaultRoute(service, r, d);
    }

    /**
     * An HTTP request on {@code mesh} for a registry service: the most specific group's first VirtualService
     * with an HTTP route built for this proxy (one with only tcp routes, or whose every HTTP route is left out for
     * this proxy, makes no virtual host); none, the service's default route.
     */
    private RouteDecision meshService(final List<List<VirtualService>> groups, final RegistryService service,
            final RequestFacts r, final DecisionBuilder d)
    {
        final RouteTrace trace = d.trace;
        final VirtualService vs = groups.isEmpty() ? null : groups.get(0).get(0);
        RouteSteps.mostSpecific(trace, vs, false);
        if (vs == null)
        {
            return defaultRoute(service, r, d);
        }
        // Every VirtualService naming the service claims it (the first with routes wins); of a wildcard's, Istio gives
        // it to the first alone (its most specific VirtualService, mostSpecificWildcardVsIndex)
        final List<VirtualService> group = groups.get(0);
        final boolean exact = vs.hosts().contains(service.host());
        for (final VirtualService c : exact ? group : group.subList(0, 1))
        {
            if (hasHttp(c, r))
            {
                d.vs = c.qualifiedName();
                return firstMatch(List.of(c), r, d, false);
            }
            if (trace != null)
            {
                RouteSteps.step(trace, "host", c.qualifiedName() + ": " + NOT_BUILT);
            }
        }
        RouteSteps.step(trace, "host", "the service's default route answers");
        return defaultRoute(service, r, d);
    }

    /**
     * First match wins over the routes of one virtual host. A gateway's virtual host holds the routes of
     * every VirtualService in {@code vss} in order, built as Istio builds them for this request's proxy
     * (a block whose port, source or gateway condition fails is not built; a VirtualService's routes stop at
     * its first catch-all), with the catch-all routes moved behind the others.
     */
    private RouteDecision firstMatch(final List<VirtualService> vss, final RequestFacts r, final DecisionBuilder d,
            final boolean sortCatchAll)
    {
        final List<Candidate> ordered = new ArrayList<>();
        final List<Candidate> catchAlls = new ArrayList<>();
        for (final VirtualService vs : vss)
        {
            routes:
            for (final Candidate c : candidates(vs))
            {
                if (!sortCatchAll)
                {
                    ordered.add(c);
                    continue;
                }
                if (!GatewayRoutes.proxyConditionsHold(c.root, r)
                        || c.leaf != null && !GatewayRoutes.proxyConditionsHold(c.leaf, r))
                {
                    RouteSteps.notBuilt(d.trace, c.vs, c.route, "its port, source or gateway condition does not"
                            + " hold for this proxy");
                    continue;
                }
                if (GatewayRoutes.isCatchAll(c.root, c.leaf))
                {
                    RouteSteps.notBuilt(d.trace, c.vs, c.route, "a catch-all: moved behind the other routes;"
                            + " later routes of its VirtualService are not built");
                    catchAlls.add(c);
                    break routes;
                }
                ordered.add(c);
            }
        }
        ordered.addAll(catchAlls);
        for (final Candidate c : ordered)
        {
            final String failure = c.failure(r, d.trace != null);
            if (d.trace != null)
            {
                d.trace.block(c.vs, c.route, c.root, c.leaf, failure);
            }
            if (failure == null)
            {
                d.vs = c.vs.qualifiedName();
                d.route = c.route.name();
                return act(c.route, c.effectiveUri(), r, d);
            }
        }
        d.vs = vss.get(0).qualifiedName();
        RouteSteps.step(d.trace, "route", "no route matched: 404 NR");
        return d.noRoute();
    }

    /**
     * Whether Istio builds an HTTP route of a VirtualService (delegates merged in) for the request's proxy: a
     * match block whose port, source and gateway conditions hold for it (docs/routing.md §1 item 4). Without
     * one Istio builds no virtual host from the VirtualService on that listener port.
     */
    private boolean hasHttp(final VirtualService vs, final RequestFacts r)
    {
        for (final Candidate c : candidates(vs))
        {
            if (GatewayRoutes.proxyConditionsHold(c.root, r)
                    && (c.leaf == null || GatewayRoutes.proxyConditionsHold(c.leaf, r)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * One match block of a VirtualService's routes in order: a route's own block, or for a route that
     * delegates, a surviving (delegate block, root block) pair of each delegate route (docs/routing.md §2).
     */
    private List<Candidate> candidates(final VirtualService vs)
    {
        final List<Candidate> out = new ArrayList<>();
        for (final HttpRoute route : vs.http())
        {
            if (route.delegate() == null)
            {
                for (final HttpMatch block : route.matches().isEmpty() ? List.of(HttpMatch.ANY) : route.matches())
                {
                    out.add(new Candidate(vs, route, block, null));
                }
                continue;
            }
            final VirtualService delegate = Delegates.find(model, vs, route);
            if (delegate == null)
            {
                continue;
            }
            for (final HttpRoute leafRoute : delegate.http())
            {
                if (leafRoute.delegate() != null || !Delegates.routeSurvives(route.matches(), leafRoute.matches()))
                {
                    continue;
                }
                final HttpRoute merged = Delegates.inherit(route, leafRoute, leafRoute.matches());
                final List<HttpMatch> leaves = leafRoute.matches().isEmpty() ? List.of(HttpMatch.ANY)
                        : leafRoute.matches();
                final List<HttpMatch> roots = route.matches().isEmpty() ? List.of(HttpMatch.ANY) : route.matches();
                for (final HttpMatch leaf : leaves)
                {
                    for (final HttpMatch root : roots)
                    {
                        if (route.matches().isEmpty() || leafRoute.matches().isEmpty()
                                || !Delegates.conflict(root, leaf))
                        {
                            out.add(new Candidate(vs, merged, root, leaf));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A match block to try: {@code root} alone, or a root block and a delegate block that must both hold. */
    private final class Candidate
    {
        final VirtualService vs;
        final HttpRoute route;
        final HttpMatch root;
        final HttpMatch leaf;

        Candidate(final VirtualService vs, final HttpRoute route, final HttpMatch root, final HttpMatch leaf)
        {
            this.vs = vs;
            this.route = route;
            this.root = root;
            this.leaf = leaf;
        }

        /** {@code null} when the block matches; else why not ({@code describe}) or {@code MatchBlocks.FAILED}. */
        String failure(final RequestFacts r, final boolean describe)
        {
            if (leaf == null)
            {
                return blocks.matches(root, r) ? null : describe ? MatchBlocks.why(blocks.whyNot(root, r))
                        : MatchBlocks.FAILED;
            }
            // A withoutHeaders condition the delegate also writes replaces the root's (Istio merges by key).
            final Map<String, StringMatch> without = new java.util.LinkedHashMap<>(root.withoutHeaders());
            without.keySet().removeAll(leaf.withoutHeaders().keySet());
            final HttpMatch rootPart = new HttpMatch(root.name(), root.uri(), root.scheme(), root.method(),
                    root.authority(), root.headers(), without, root.queryParams(), root.ignoreUriCase(), root.port(),
                    root.sourceLabels(), root.sourceNamespace(), root.gateways());
            if (blocks.matches(rootPart, r) && blocks.matches(leaf, r))
            {
                return null;
            }
            if (!describe)
            {
                return MatchBlocks.FAILED;
            }
            final String rootFailure = blocks.whyNot(rootPart, r);
            return MatchBlocks.why(rootFailure != null ? rootFailure : blocks.whyNot(leaf, r));
        }

        /** The uri condition a rewrite replaces: the delegate's when it writes one, else the root's. */
        StringMatch effectiveUri()
        {
            return leaf != null && leaf.uri() != null ? leaf.uri() : root.uri();
        }
    }

    RegistryService serviceByHost(final String host)
    {
        return hosts.serviceByHost(host);
    }

    RouteDecision defaultRoute(final RegistryService service, final RequestFacts r, final DecisionBuilder d)
    {
        d.vs = null;
        if (!"mesh".equals(r.gateway()))
        {
            RouteSteps.noVirtualService(d.trace, r.gateway());
            return d.noRoute();
        }
        if (service == null)
        {
            return outbound(r, d);
        }
        RouteSteps.defaultRoute(d.trace, service.host());
        d.setUpstream(r.path(), r.authority());
        return clusters.clusterStage(new Destination(service.host(), null, 0), r, null, d);
    }

    /**
     * A sidecar's catch-all virtual host (docs/routing.md §1.5): {@code allow_any} to
     * {@code PassthroughCluster} (or the egress proxy), or {@code block_all}'s direct 502.
     */
    private RouteDecision outbound(final RequestFacts r, final DecisionBuilder d)
    {
        final MeshConfig policy = outboundPolicy(r);
        RouteSteps.outbound(d.trace, policy);
        if (policy.outboundPolicy() == MeshConfig.OutboundPolicy.REGISTRY_ONLY && d.tcp)
        {
            d.cluster = BLACKHOLE_CLUSTER;
            RouteSteps.blackhole(d.trace);
            return d.drop(-1, "UH", "no-healthy-upstream");
        }
        if (policy.outboundPolicy() == MeshConfig.OutboundPolicy.REGISTRY_ONLY)
        {
            d.action = "direct";
            d.route = BLOCK_ALL;
            d.status = 502;
            return d.build();
        }
        d.setUpstream(r.path(), r.authority());
        if (policy.outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS && !d.tcp)
        {
            d.action = "route";
            d.route = ALLOW_ANY_DYNAMIC_DNS;
            d.cluster = DYNAMIC_DNS_CLUSTER; // Envoy resolves the authority when the request comes: no endpoint here
            RouteSteps.dynamicDns(d.trace);
            return d.build();
        }
        if (policy.egressProxy() != null)
        {
            return clusters.clusterStage(policy.egressProxy(), r, null, d);
        }
        d.action = "route";
        d.route = d.tcp ? null : ALLOW_ANY;
        d.cluster = PASSTHROUGH_CLUSTER;
        d.endpoint = RequestFacts.passthroughEndpoint(r.dst(), r.port());
        d.originalDst = true;
        RouteSteps.passthrough(d.trace, d.endpoint);
        return d.build();
    }

    /** The outbound traffic policy of the request's sidecar: its Sidecar's, else the mesh config's. */
    MeshConfig outboundPolicy(final RequestFacts r)
    {
        final SidecarSpec sidecar = SidecarScopes.select(model, r.sourceNamespace(), r.sourceLabels());
        return sidecar != null && sidecar.outbound() != null ? sidecar.outbound() : model.mesh();
    }

    // ------------------------------------------------------------------------------------------ actions

    private RouteDecision act(final HttpRoute route, final StringMatch matchedUri, final RequestFacts r,
            final DecisionBuilder d)
    {
        // Envoy's HTTP filters in Istio's order: fault, then CORS, then the router. The fault filter reads the
        // route's per-filter config whatever its action (redirect and direct response included).
        final HttpRoute.Fault fault = route.fault();
        RouteSteps.fault(d.trace, fault, r.id());
        if (fault != null && fault.delay() != null
                && RequestHash.pct(r.id(), RequestHash.DELAY) < fault.delay().percentage())
        {
            d.delayInjected = true;
            d.delayMillis = fault.delay().fixedDelayMillis();
        }
        if (fault != null && fault.abort() != null
                && RequestHash.pct(r.id(), RequestHash.ABORT) < fault.abort().percentage())
        {
            d.action = "abort";
            d.status = fault.abort().httpStatus();
            d.grpcStatus = fault.abort().grpcStatus(); // Envoy's abort.grpc_status: HTTP 200 and this grpc-status
            d.faultInjected = true;
            return d.build();
        }
        if (route.redirect() != null)
        {
            return ReferenceRedirects.redirect(route.redirect(),
                    ReferenceRedirects.prefixRewrite(route.rewrite(), matchedUri, r.uri()), r, d);
        }
        if (route.directResponse() != null)
        {
            RouteSteps.direct(d.trace, route.directResponse().status());
            d.action = "direct";
            d.status = route.directResponse().status();
            d.body = route.directResponse().body();
            return d.build();
        }
        // the CORS filter skips a redirect or direct response route (Envoy gives it no route entry)
        RouteSteps.cors(d.trace, route.cors(), r, blocks);
        if (CorsPreflight.answers(route.cors(), r, blocks))
        {
            d.action = "direct";
            d.status = CorsPreflight.STATUS;
            return d.build();
        }
        final RouteDestination chosen = pickDestination(route.route(), r.id(), d.trace);
        final Destination destination = chosen.destination();
        final boolean weighted = route.route().size() > 1;
        final HttpRoute.HeaderOperations routeOps = route.headers() == null ? HttpRoute.HeaderOperations.NONE
                : route.headers();

        // rewrite
        String uri = r.uri();
        String authority = r.authority();
        final HttpRoute.Rewrite rw = route.rewrite();
        if (rw != null)
        {
            if (rw.uri() != null)
            {
                if (matchedUri != null && matchedUri.kind() == StringMatch.Kind.PREFIX)
                {
                    uri = rw.uri() + uri.substring(matchedUri.value().length());
                }
                else
                {
                    uri = rw.uri();
                }
            }
            if (rw.uriRegexRewrite() != null)
            {
                uri = blocks.pattern(rw.uriRegexRewrite().match()).matcher(uri)
                        .replaceAll(re2jReplacement(rw.uriRegexRewrite().rewrite()));
            }
        }
        final String routeAuthority = rw != null && rw.authority() != null ? rw.authority() : routeOps.authority();
        final String newAuthority = UpstreamHeaders.authority(routeAuthority, chosen.headers().authority(), weighted);
        if (newAuthority != null)
        {
            authority = newAuthority;
        }
        d.setUpstream(uri + r.queryPart(), authority);
        final Map<String, List<String>> upstream = UpstreamHeaders.apply(r.headers(), routeOps, chosen.headers(),
                weighted);
        d.headers = UpstreamHeaders.changed(r.headers(), upstream);
        d.removedHeaders = UpstreamHeaders.removed(r.headers(), upstream);
        RouteSteps.upstream(d.trace, r, uri, authority, d.headers, d.removedHeaders);

        // mirrors
        final List<String> mirrors = new ArrayList<>();
        for (int k = 0; k < route.mirrors().size(); k++)
        {
            final HttpRoute.Mirror m = route.mirrors().get(k);
            if (RequestHash.pct(r.id(), RequestHash.MIRROR + k) < m.percentage())
            {
                final Destination md = m.destination();
                final int port = ReferenceClusters.portFor(md, serviceByHost(md.host()), r);
                mirrors.add(clusterName(md.host(), md.subset(), port));
            }
        }
        d.mirrors = mirrors.isEmpty() ? null : mirrors;
        RouteSteps.mirrors(d.trace, route.mirrors(), r.id(), mirrors);
        d.routeDestinations = route.route(); // their DestinationRules' hash keys are the route's hash policy
        return clusters.clusterStage(destination, r, upstream, d);
    }

    /**
     * Istio writes {@code \1} for a capture group; RE2/J's replacement syntax is {@code $1}.
     *
     * @param istio an Istio {@code uriRegexRewrite.rewrite}.
     * @return the RE2/J replacement.
     */
    public static String re2jReplacement(final String istio)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < istio.length(); i++)
        {
            final char c = istio.charAt(i);
            if (c == '\\' && i + 1 < istio.length() && Character.isDigit(istio.charAt(i + 1)))
            {
                b.append('$').append(istio.charAt(++i));
            }
            else if (c == '$' || c == '\\')
            {
                b.append('\\').append(c);
            }
            else
            {
                b.append(c);
            }
        }
        return b.toString();
    }

    static RouteDestination pickDestination(final List<RouteDestination> list, final long id)
    {
        return pickDestination(list, id, null);
    }

    private static RouteDestination pickDestination(final List<RouteDestination> list, final long id,
            final RouteTrace trace)
    {
        if (list.size() == 1)
        {
            RouteSteps.oneDestination(trace, list.get(0));
            return list.get(0);
        }
        long sum = 0;
        for (final RouteDestination rd : list)
        {
            sum += rd.weight();
        }
        if (sum == 0)
        {
            final int pick = RequestHash.hash(id, RequestHash.WEIGHT) % list.size();
            RouteSteps.weighted(trace, list, RequestHash.hash(id, RequestHash.WEIGHT), 0, pick, pick);
            return list.get(pick);
        }
        // Weights are ints, their sum need not be: past Integer.MAX_VALUE the draw takes 63 bits.
        final long hash = sum > Integer.MAX_VALUE ? RequestHash.hash63(id, RequestHash.WEIGHT)
            : RequestHash.hash(id, RequestHash.WEIGHT);
        final long pick = hash % sum;
        long cumulative = 0;
        for (int k = 0; k < list.size(); k++)
        {
            cumulative += list.get(k).weight();
            if (pick < cumulative)
            {
                RouteSteps.weighted(trace, list, hash, sum, pick, k);
                return list.get(k);
            }
        }
        return list.get(list.size() - 1);
    }

    // ------------------------------------------------------------------------------------------ clusters

    /**
     * @param host   FQDN.
     * @param subset subset or {@code null}.
     * @param port   port.
     * @return {@code outbound|PORT|SUBSET|HOST}.
     */
    public static String clusterName(final String host, final String subset, final int port)
    {
        return "outbound|" + port + "|" + (subset == null ? "" : subset) + "|" + host;
    }

}
