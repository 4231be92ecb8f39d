package dev.wirespeed.control.config;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns Gateway API objects into the model, the way Istio's gateway controller turns them into
 * VirtualServices ({@code docs/routing.md} §7):
 * <ul>
 * <li>each {@code Gateway} becomes a {@link GatewaySpec} named {@code namespace/name} (requests name it in
 *     {@code gateway}), one server per listener;</li>
 * <li>a route attaches to the listeners its {@code parentRefs} select ({@code sectionName}, {@code port})
 *     that allow it ({@code allowedRoutes}) and whose hostname intersects the route's {@code hostnames};</li>
 * <li>for each gateway and each resulting hostname, one VirtualService holds every attached rule, one
 *     HTTP route per match (and per half of a segment-wise PathPrefix: exact {@code /p} or prefix
 *     {@code /p/}), each restricted to its listener's port, sorted by the spec's precedence (exact path,
 *     longer prefix, method, more headers, more query parameters; then the older route, then
 *     {@code namespace/name}, then rule order);</li>
 * <li>a rule whose backends are all invalid (unknown kind, missing Service, cross-namespace reference
 *     without a ReferenceGrant) or that has none answers 500.</li>
 * </ul>
 */
final class GatewayApiTranslator
{
    private static final String SERVICE_ENTRY_GROUP = "networking.istio.io";
    /**
     * The destination host of an invalid backend beside valid ones: no registry service has it, so its
     * share of requests fails with {@code NC}, as the missing cluster Istio generates for it does.
     */
    static final String INVALID_BACKEND_HOST = "invalid-backend-ref.gateway-api.invalid";
    /** Istio's {@code cluster_not_found_response_code} on Gateway API routes: a missing cluster answers 500. */
    static final int NOT_FOUND_STATUS = 500;

    private final Diagnostics diags;
    private final GatewayApiBinder api;
    private final Set<String> registryHosts = new HashSet<>();
    private final Map<String, List<String>> serviceEntryHosts;
    private final GatewayApiListeners listeners;

    /** One match of one rule attached to one listener port. */
    private record Entry(GatewayApi.Route route, GatewayApi.Rule rule, GatewayApi.Match match, int port)
    {
    }

    /**
     * The rules of one VirtualService: for a gateway and hostname, or for a Service's mesh traffic.
     *
     * @param ns       the VirtualService's namespace.
     * @param name     its name.
     * @param host     its one host.
     * @param gateway  the gateway it binds to ({@code mesh} for a Service parent).
     * @param exportTo who sees it.
     * @param src      the document it comes from (the Gateway, or the first route).
     * @param entries  the attached matches.
     */
    private record Bucket(String ns, String name, String host, String gateway, List<String> exportTo,
                          dev.wirespeed.control.model.SourceRef src, List<Entry> entries)
    {
    }

    /** A rule's resolved action. */
    private record Action(List<RouteDestination> destinations, List<HttpRoute.Mirror> mirrors)
    {
    }

    GatewayApiTranslator(final Diagnostics diags, final GatewayApiBinder api, final List<RegistryService> services,
            final Map<String, List<String>> serviceEntryHosts)
    {
        this.diags = diags;
        this.api = api;
        this.serviceEntryHosts = serviceEntryHosts;
        this.listeners = new GatewayApiListeners(diags, api);
        for (final RegistryService s : services)
        {
            registryHosts.add(s.host());
        }
    }

    /**
     * @param istio the Istio Gateways loaded: one with the same {@code namespace/name} would share the
     *              Gateway API one's routes (requests name both the same way), which is reported.
     * @return a {@link GatewaySpec} per Gateway API Gateway.
     */
    List<GatewaySpec> gateways(final List<GatewaySpec> istio)
    {
        final List<GatewaySpec> out = new ArrayList<>();
        for (final GatewayApi.Gateway g : api.gateways)
        {
            for (final GatewaySpec other : istio)
            {
                if (other.qualifiedName().equals(g.qualifiedName()))
                {
                    diags.warning(g.src(), "an Istio Gateway " + g.qualifiedName() + " is loaded too (at "
                            + other.source().location() + "); requests naming " + g.qualifiedName()
                            + " are routed by the VirtualServices and the Gateway API routes of both");
                }
            }
            final List<GatewaySpec.Server> servers = new ArrayList<>();
            for (final GatewayApiListeners.Placed placed : listeners.listeners(g))
            {
                final GatewayApi.Listener l = placed.listener();
                // a TLS listener passes through (Passthrough) or terminates (a TCP server, docs/routing.md §5.3)
                servers.add(new GatewaySpec.Server(l.port(), l.protocol(),
                        List.of(l.hostname() == null ? "*" : l.hostname()), !l.protocol().equals("TLS") ? null
                        : "Passthrough".equals(l.tlsMode()) ? "PASSTHROUGH" : "SIMPLE"));
            }
            out.add(new GatewaySpec(g.ns(), g.name(), Map.of(), List.copyOf(servers), g.src()));
        }
        return out;
    }

    /** @return the VirtualServices the routes become, one per gateway and hostname. */
    List<VirtualService> virtualServices()
    {
        final List<GatewayApi.Route> routes = new ArrayList<>(api.routes);
        routes.sort(Comparator.comparing(GatewayApi.Route::created).thenComparing(GatewayApi.Route::ns)
                .thenComparing(GatewayApi.Route::name));
        final Map<String, Bucket> buckets = new LinkedHashMap<>();
        final Map<String, Bucket> consumers = new LinkedHashMap<>();
        final Map<String, Bucket> producers = new LinkedHashMap<>();
        final List<VirtualService> connections = new ArrayList<>();
        for (final GatewayApi.Route route : routes)
        {
            if (route.kind().equals("TCPRoute") || route.kind().equals("TLSRoute"))
            {
                new GatewayApiConnections(diags, this).attach(route, listeners, connections);
                continue;
            }
            attach(route, buckets, consumers, producers);
        }
        // Mesh routes: a consumer route (in the client's namespace) before the producer's (the Service's).
        final List<Bucket> all = new ArrayList<>(buckets.values());
        all.addAll(consumers.values());
        all.addAll(producers.values());
        final Map<GatewayApi.Rule, Action> actions = new java.util.IdentityHashMap<>();
        final List<VirtualService> out = new ArrayList<>();
        for (final Bucket b : all)
        {
            final List<Entry> entries = new ArrayList<>(b.entries());
            entries.sort(PRECEDENCE);
            final List<HttpRoute> http = new ArrayList<>();
            for (final Entry e : entries)
            {
                final Action action = actions.computeIfAbsent(e.rule(), r -> resolve(e.route(), r));
                convert(e, action, http);
            }
            out.add(new VirtualService(b.ns(), b.name(), List.of(b.host()), List.of(b.gateway()), b.exportTo(),
                    List.copyOf(http), List.of(), b.src()));
        }
        out.addAll(connections);
        return out;
    }

    // ------------------------------------------------------------------------------------------ attachment

    private void attach(final GatewayApi.Route route, final Map<String, Bucket> buckets,
                        final Map<String, Bucket> consumers,
                        final Map<String, Bucket> producers)
    {
        final Set<String> seen = new HashSet<>();
        for (final GatewayApi.ParentRef parent : route.parents())
        {
            if (parent.kind().equals("Service") || parent.kind().equals("ServiceEntry"))
            {
                for (final String host : meshHosts(route, parent))
                {
                    attachMesh(route, parent, host, consumers, producers);
                }
                continue;
            }
            if (!parent.kind().equals("Gateway") && !parent.kind().equals("ListenerSet")
                    && !parent.kind().equals(GatewayApiBinder.X_LISTENER_SET))
            {
                diags.warning(parent.where(), "parentRef kind " + parent.kind() + " is not supported (only Gateway, "
                        + "ListenerSet, XListenerSet, Service and ServiceEntry); the route is not attached to it");
                continue;
            }
            final GatewayApiListeners.Parent resolved = listeners.parent(route, parent);
            if (resolved == null)
            {
                continue;
            }
            final GatewayApi.Gateway gw = resolved.gateway();
            boolean selected = false;
            boolean allowed = false;
            boolean hostMatch = false;
            for (final GatewayApiListeners.Placed placed : resolved.listeners())
            {
                final GatewayApi.Listener l = placed.listener();
                if (parent.sectionName() != null && !parent.sectionName().equals(l.name())
                        || parent.port() != 0 && parent.port() != l.port())
                {
                    continue;
                }
                selected = true;
                if (!allows(l, placed.ownerNs(), route))
                {
                    continue;
                }
                allowed = true;
                final List<String> hosts = intersect(l.hostname(), route.hostnames());
                if (hosts.isEmpty())
                {
                    continue;
                }
                hostMatch = true;
                if (!seen.add(placed.owner() + "/" + l.name()))
                {
                    continue;
                }
                for (final String h : hosts)
                {
                    final Bucket b = buckets.computeIfAbsent(gw.qualifiedName() + " " + h,
                            k -> new Bucket(gw.ns(), gw.name() + "~" + h, h, gw.qualifiedName(), List.of("*"),
                                    gw.src(), new ArrayList<>()));
                    for (final GatewayApi.Rule rule : route.rules())
                    {
                        for (final GatewayApi.Match m : rule.matches())
                        {
                            b.entries().add(new Entry(route, rule, m, l.port()));
                        }
                    }
                }
            }
            if (!selected)
            {
                diags.warning(parent.where(), resolved.what() + " has no listener"
                        + (parent.sectionName() == null ? "" : " named \"" + parent.sectionName() + "\"")
                        + (parent.port() == 0 ? "" : " on port " + parent.port()) + "; the " + route.kind()
                        + " is not attached (NoMatchingParent)");
            }
            else if (!allowed)
            {
                diags.warning(parent.where(), "no selected listener of " + resolved.what() + " allows a "
                        + route.kind() + " from namespace " + route.ns() + "; not attached (NotAllowedByListeners)");
            }
            else if (!hostMatch)
            {
                diags.warning(parent.where(), "no hostname of the " + route.kind() + " matches a listener of "
                        + resolved.what() + "; not attached (NoMatchingListenerHostname)");
            }
        }
    }

    /**
     * @return the hosts a mesh parent stands for: a Service's FQDN, or every host of a ServiceEntry (as Istio
     *         builds one VirtualService per host); none (reported) when the parent does not exist.
     */
    List<String> meshHosts(final GatewayApi.Route route, final GatewayApi.ParentRef parent)
    {
        if (parent.kind().equals("ServiceEntry"))
        {
            final List<String> hosts = serviceEntryHosts.get(parent.ns() + "/" + parent.name());
            if (hosts == null)
            {
                diags.warning(parent.where(), "parent ServiceEntry " + parent.ns() + "/" + parent.name()
                        + " does not exist; the " + route.kind() + " is not attached to it");
                return List.of();
            }
            return hosts;
        }
        final String host = parent.name().toLowerCase(Locale.ROOT) + "." + parent.ns() + ".svc.cluster.local";
        if (!registryHosts.contains(host))
        {
            diags.warning(parent.where(), "parent Service " + host + " does not exist; the " + route.kind()
                    + " is not attached to it");
            return List.of();
        }
        return List.of(host);
    }

    /**
     * GAMMA: a route whose parent is a Service (or a ServiceEntry) routes the mesh's requests to that host (its
     * {@code hostnames} are not used). A producer route (in the parent's namespace) applies to every client; a
     * consumer route (elsewhere) only to clients in its own namespace, and before the producer's.
     */
    private void attachMesh(final GatewayApi.Route route, final GatewayApi.ParentRef parent, final String host,
                            final Map<String, Bucket> consumers, final Map<String, Bucket> producers)
    {
        final boolean producer = route.ns().equals(parent.ns());
        final Map<String, Bucket> into = producer ? producers : consumers;
        final Bucket b = into.computeIfAbsent(route.ns() + " " + host, k -> new Bucket(route.ns(), "mesh~" + host,
                host, Names.MESH, producer ? List.of("*") : List.of(route.ns()), route.src(), new ArrayList<>()));
        for (final GatewayApi.Rule rule : route.rules())
        {
            for (final GatewayApi.Match m : rule.matches())
            {
                b.entries().add(new Entry(route, rule, m, parent.port()));
            }
        }
    }

    /**
     * Whether a listener takes a route: its kind ({@code allowedRoutes.kinds}, or the protocol's) and its namespace
     * ({@code allowedRoutes.namespaces}; {@code Same} is {@code ownerNs}, the namespace of the Gateway or ListenerSet
     * that has the listener).
     */
    boolean allows(final GatewayApi.Listener l, final String ownerNs, final GatewayApi.Route route)
    {
        if (l.kinds().isEmpty())
        {
            final boolean http = l.protocol().equals("HTTP") || l.protocol().equals("HTTPS");
            final boolean ok = switch (route.kind())
            {
                case "TCPRoute" -> l.protocol().equals("TCP")
                        || l.protocol().equals("TLS") && !"Passthrough".equals(l.tlsMode());
                case "TLSRoute" -> l.protocol().equals("TLS"); // Istio's GenerateGatewaySupportedKinds: any mode
                default -> http;
            };
            if (!ok)
            {
                return false;
            }
        }
        else if (!l.kinds().contains(route.kind()))
        {
            return false;
        }
        switch (l.from())
        {
            case "All":
                return true;
            case "Same":
                return route.ns().equals(ownerNs);
            case "Selector":
                return selects(api.namespaceLabels.get(route.ns()), l.selector(), l.expressions());
            default:
                return false;
        }
    }

    /** Whether a namespace's labels ({@code null}: not loaded) satisfy a label selector. */
    static boolean selects(final Map<String, String> labels, final Map<String, String> matchLabels,
            final List<GatewayApi.LabelExpression> expressions)
    {
        if (labels == null || !labels.entrySet().containsAll(matchLabels.entrySet()))
        {
            return false;
        }
        for (final GatewayApi.LabelExpression e : expressions)
        {
            if (!e.matches(labels))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The hostnames a route serves on a listener: the listener's hostname and the route's, intersected,
     * the more specific of each matching pair kept.
     *
     * @param listener  the listener's hostname, {@code null} = any.
     * @param hostnames the route's hostnames, empty = any.
     * @return the hostnames; {@code *} when neither restricts; empty when they do not intersect.
     */
    static List<String> intersect(final String listener, final List<String> hostnames)
    {
        if (listener == null)
        {
            return hostnames.isEmpty() ? List.of("*") : hostnames;
        }
        if (hostnames.isEmpty())
        {
            return List.of(listener);
        }
        final List<String> out = new ArrayList<>();
        for (final String h : hostnames)
        {
            final String keep;
            if (h.equals(listener) || covers(listener, h))
            {
                keep = h;
            }
            else if (covers(h, listener))
            {
                keep = listener;
            }
            else
            {
                continue;
            }
            if (!out.contains(keep))
            {
                out.add(keep);
            }
        }
        return out;
    }

    /** Whether wildcard {@code *.suffix} covers {@code host} (a name or a narrower wildcard). */
    private static boolean covers(final String wildcard, final String host)
    {
        return wildcard.startsWith("*.") && host.endsWith(wildcard.substring(1))
                && host.length() > wildcard.length() - 1;
    }

    /** Istio's {@code host.Name.Matches}: equal, {@code *}, or a {@code *.suffix} on either side covering the other. */
    static boolean overlaps(final String a, final String b)
    {
        return a.equals(b) || a.equals("*") || b.equals("*") || covers(a, b) || covers(b, a);
    }

    // ------------------------------------------------------------------------------------------ precedence

    private static int rank(final GatewayApi.Match m)
    {
        if (m.pathKind() == null)
        {
            return -1;
        }
        switch (m.pathKind())
        {
            case EXACT:
                return 3;
            case REGEX:
                return 1;
            default:
                return 2;
        }
    }

    /** The spec's precedence; ties keep the order entries were added in (route age, name, rule, match). */
    private static final Comparator<Entry> PRECEDENCE = Comparator
            .comparingInt((Entry e) -> -rank(e.match()))
            .thenComparingInt(e -> e.match().path() == null ? 0 : -e.match().path().length())
            .thenComparingInt(e -> e.match().method() == null ? 1 : 0)
            .thenComparingInt(e -> -e.match().headers().size())
            .thenComparingInt(e -> -e.match().queryParams().size());

    // ------------------------------------------------------------------------------------------ backends

    /** @return a rule's valid weighted backends (weight 0 and invalid ones left out). */
    List<RouteDestination> destinations(final GatewayApi.Route route, final GatewayApi.Rule rule)
    {
        return resolve(route, rule).destinations();
    }

    private Action resolve(final GatewayApi.Route route, final GatewayApi.Rule rule)
    {
        final List<RouteDestination> dests = new ArrayList<>();
        boolean valid = false;
        for (final GatewayApi.BackendRef b : rule.backends())
        {
            if (b.weight() == 0)
            {
                continue;
            }
            final Destination d = destination(route, b);
            valid |= d != null;
            final Destination invalid = new Destination(INVALID_BACKEND_HOST, null, b.port(), NOT_FOUND_STATUS);
            dests.add(new RouteDestination(d != null ? d : invalid, b.weight(), b.headers()));
        }
        if (!valid)
        {
            // Every backend invalid (or none): the whole rule answers 500.
            dests.clear();
        }
        final List<HttpRoute.Mirror> mirrors = new ArrayList<>();
        for (final GatewayApi.Mirror m : rule.mirrors())
        {
            final Destination d = destination(route, m.backend());
            if (d != null)
            {
                mirrors.add(new HttpRoute.Mirror(d, m.percentage()));
            }
        }
        return new Action(List.copyOf(dests), List.copyOf(mirrors));
    }

    /** @return the destination, or {@code null} (reported) for an invalid backend. */
    private Destination destination(final GatewayApi.Route route, final GatewayApi.BackendRef b)
    {
        final String host;
        if (b.group().isEmpty() && b.kind().equals("Service"))
        {
            if (b.name().contains("."))
            {
                diags.warning(b.where(), "a Service backend is named by its name, not a hostname (\"" + b.name()
                        + "\"); requests to it get 500");
                return null;
            }
            host = b.name().toLowerCase(Locale.ROOT) + "." + b.ns() + ".svc.cluster.local";
        }
        else if (b.group().equals(SERVICE_ENTRY_GROUP) && b.kind().equals("Hostname"))
        {
            host = b.name().toLowerCase(Locale.ROOT);
        }
        else
        {
            diags.warning(b.where(), "backendRef kind " + (b.group().isEmpty() ? "" : b.group() + "/") + b.kind()
                    + " is not supported (InvalidKind); requests to it get 500");
            return null;
        }
        if (!b.ns().equals(route.ns()) && !granted(route, b))
        {
            diags.warning(b.where(), "no ReferenceGrant in namespace " + b.ns() + " lets a " + route.kind()
                    + " in namespace " + route.ns() + " refer to " + b.kind() + " " + b.name()
                    + " (RefNotPermitted); requests to it get 500");
            return null;
        }
        if (!registryHosts.contains(host))
        {
            diags.warning(b.where(), "backend " + host + " does not exist (no Service or ServiceEntry defines it; "
                    + "BackendNotFound); requests to it get 500");
            return null;
        }
        return new Destination(host, null, b.port(), NOT_FOUND_STATUS);
    }

    private boolean granted(final GatewayApi.Route route, final GatewayApi.BackendRef b)
    {
        for (final GatewayApi.Grant g : api.grants)
        {
            if (!g.ns().equals(b.ns()))
            {
                continue;
            }
            boolean from = false;
            for (final GatewayApi.GrantPeer f : g.from())
            {
                from |= f.group().equals(GatewayApi.GROUP) && f.kind().equals(route.kind())
                        && f.namespace().equals(route.ns());
            }
            boolean to = false;
            for (final GatewayApi.GrantPeer t : g.to())
            {
                to |= t.group().equals(b.group()) && t.kind().equals(b.kind())
                        && (t.name() == null || t.name().equals(b.name()));
            }
            if (from && to)
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ conversion

    private static String trimSlash(final String p)
    {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Appends the model routes of one entry: one per uri condition. */
    private void convert(final Entry e, final Action action, final List<HttpRoute> into)
    {
        final GatewayApi.Match m = e.match();
        final GatewayApi.Rule rule = e.rule();
        final List<StringMatch> uris = new ArrayList<>();
        if (m.pathKind() == null)
        {
            uris.add(null);
        }
        else if (m.pathKind() == GatewayApi.PathKind.EXACT)
        {
            uris.add(StringMatch.exact(m.path()));
        }
        else if (m.pathKind() == GatewayApi.PathKind.REGEX)
        {
            uris.add(StringMatch.regex(m.path()));
        }
        else if (m.pathKind() == GatewayApi.PathKind.PLAIN_PREFIX || m.path().equals("/"))
        {
            uris.add(StringMatch.prefix(m.path()));
        }
        else
        {
            // Segment-wise PathPrefix: "/p" matches "/p" and "/p/..." but not "/px".
            uris.add(StringMatch.exact(m.path()));
            uris.add(StringMatch.prefix(m.path() + "/"));
        }
        final String name = rule.name() != null ? rule.name()
                : e.route().ns() + "." + e.route().name() + "." + rule.index();
        for (final StringMatch uri : uris)
        {
            final HttpMatch match = new HttpMatch(null, uri, null,
                    m.method() == null ? null : StringMatch.exact(m.method()), null, m.headers(), Map.of(),
                    m.queryParams(), false, e.port(), Map.of(), null, List.of());
            HttpRoute.Redirect redirect = null;
            HttpRoute.DirectResponse direct = null;
            HttpRoute.Rewrite rewrite = null;
            List<RouteDestination> route = List.of();
            List<HttpRoute.Mirror> mirrors = List.of();
            if (rule.redirect() != null)
            {
                redirect = redirect(rule.redirect());
                if (rule.redirect().prefixPath() != null && uri != null)
                {
                    rewrite = new HttpRoute.Rewrite(prefixReplacement(rule.redirect().prefixPath(), uri), null, null);
                }
            }
            else if (action.destinations().isEmpty())
            {
                direct = new HttpRoute.DirectResponse(500, null);
            }
            else
            {
                route = action.destinations();
                mirrors = action.mirrors();
                rewrite = rewrite(rule.rewrite(), uri);
            }
            into.add(new HttpRoute(name, List.of(match), route, redirect, direct, rewrite, null, mirrors,
                    redirect == null && direct == null ? rule.headers() : HttpRoute.HeaderOperations.NONE,
                    Diagnostics.ref(rule.where()), null, rule.cors()));
        }
    }

    /**
     * The path a {@code ReplacePrefixMatch} gives for one uri condition: an exact {@code /p} becomes the
     * replacement; a prefix {@code /p/} (or {@code /}) is replaced by the replacement and a slash, so
     * {@code /p/rest} becomes {@code /r/rest} and a replacement {@code /} gives {@code /rest}.
     */
    private static String prefixReplacement(final String replacement, final StringMatch uri)
    {
        final String r = trimSlash(replacement);
        if (uri.kind() == StringMatch.Kind.EXACT)
        {
            return r.isEmpty() ? "/" : r;
        }
        return r + "/";
    }

    private static HttpRoute.Rewrite rewrite(final GatewayApi.Rewrite rw, final StringMatch uri)
    {
        if (rw == null)
        {
            return null;
        }
        String path = null;
        HttpRoute.RegexRewrite regex = null;
        if (rw.fullPath() != null)
        {
            // Istio's conversion: the whole path, whatever the match.
            regex = new HttpRoute.RegexRewrite("/.*", rw.fullPath().replace("\\", "\\\\"));
        }
        else if (rw.prefixPath() != null && uri != null)
        {
            path = prefixReplacement(rw.prefixPath(), uri);
        }
        if (path == null && regex == null && rw.hostname() == null)
        {
            return null;
        }
        return new HttpRoute.Rewrite(path, rw.hostname(), regex);
    }

    private static HttpRoute.Redirect redirect(final GatewayApi.Redirect rd)
    {
        final String path = rd.fullPath();
        // No port: with a scheme, Istio's derivePort FROM_PROTOCOL_DEFAULT (no port on Envoy's redirect: the
        // scheme's well-known one, or the Host's port Envoy keeps); without, FROM_REQUEST_PORT (the listener's).
        final int port = rd.port() != 0 || rd.scheme() != null ? rd.port() : HttpRoute.Redirect.FROM_REQUEST_PORT;
        return new HttpRoute.Redirect(path, rd.hostname(), port, rd.scheme(), rd.statusCode());
    }
}
