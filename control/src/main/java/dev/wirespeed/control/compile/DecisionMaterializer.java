package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RequestFacts;
import dev.wirespeed.control.reference.UpstreamHeaders;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.fib.l7.StringPool;
import net.openhft.chronicle.bytes.BytesStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Turns an {@link L7Result} (ints) into a {@link RouteDecision} (strings): names from the string pool,
 * the rewritten path and authority, the redirect location, mirror cluster names. Off the hot path: it
 * allocates freely. Reads the same FIB the lookup read.
 */
public final class DecisionMaterializer
{
    private final L7Lookup lookup;
    private final StringPool strings;
    private final IndexedTable hosts;
    private final IndexedTable actions;
    private final IndexedTable clusters;
    private final IndexedTable endpoints;

    /** @param lookup a lookup over the FIB whose results this materializes. */
    public DecisionMaterializer(final L7Lookup lookup)
    {
        this.lookup = lookup;
        this.strings = lookup.strings();
        this.hosts = lookup.hostStage();
        this.actions = lookup.actionTable();
        this.clusters = lookup.clusterTable();
        this.endpoints = lookup.endpointTable();
    }

    private static String text(final L7RequestView req, final int handle)
    {
        final int n = req.length(handle);
        if (n < 0)
        {
            return null;
        }
        final byte[] b = new byte[n];
        req.copyTo(handle, b, 0);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String flags(final int bits)
    {
        final List<String> f = new ArrayList<>();
        if ((bits & L7Result.FLAG_UH) != 0)
        {
            f.add("UH");
        }
        if ((bits & L7Result.FLAG_NR) != 0)
        {
            f.add("NR");
        }
        if ((bits & L7Result.FLAG_DI) != 0)
        {
            f.add("DI");
        }
        if ((bits & L7Result.FLAG_FI) != 0)
        {
            f.add("FI");
        }
        if ((bits & L7Result.FLAG_NC) != 0)
        {
            f.add("NC");
        }
        if ((bits & L7Result.FLAG_DPE) != 0)
        {
            f.add("DPE");
        }
        return f.isEmpty() ? "-" : String.join(",", f);
    }

    private static String reason(final int reason)
    {
        return reason == Reasons.NONE ? null : Reasons.name(reason);
    }

    private int routeRecord(final int route)
    {
        return actions.intAt(A_ROUTE_START) + route * ROUTE_SIZE;
    }

    private String routeString(final int route, final int field)
    {
        return strings.string(actions.intAt(routeRecord(route) + field));
    }

    /**
     * @param r   a result written by {@link L7Lookup#route} for {@code req}.
     * @param req the same request.
     * @return the decision record.
     */
    public RouteDecision materialize(final L7Result r, final L7RequestView req)
    {
        if (r.jwt != 0)
        {
            return jwtReply(r, req);
        }
        if (r.reason == Reasons.RBAC_ACCESS_DENIED)
        {
            return RouteDecision.rbacDenied(strings.string(r.authz)); // a gateway's RBAC filter: its local reply
        }
        final RouteDecision d = routed(r, req);
        return r.authz < 0 ? d : d.withUpstreamDenial(strings.string(r.authz)); // the server's sidecar denied it
    }

    /**
     * A {@code jwt_authn} local reply: a gateway's (no route) or the chosen endpoint's sidecar's (the routing fields
     * kept), action {@code direct} with Envoy's status and body.
     */
    private RouteDecision jwtReply(final L7Result r, final L7RequestView req)
    {
        final String body = dev.wirespeed.fib.jwt.JwtStatus.text(r.jwt);
        if (r.destination < 0)
        {
            return new RouteDecision("direct", null, null, null, null, null, -1, null, null, null, r.status, null,
                    flags(r.flags), r.delayMillis, null, body, -1, null, null);
        }
        final int action = r.action;
        final int status = r.status;
        r.action = Actions.ROUTE;
        r.status = -1;
        final RouteDecision d = routed(r, req);
        r.action = action;
        r.status = status;
        return JwtReplies.localReply(d, status, body);
    }

    private RouteDecision routed(final L7Result r, final L7RequestView req)
    {
        final String vs = r.virtualHost < 0 ? null
                : strings.string(hosts.intAt(hosts.intAt(H_VS_START) + r.virtualHost * VS_SIZE + VS_NAME));
        final boolean noRoute = (r.flags & L7Result.FLAGS_NO_DESTINATION) != 0;
        final String route = r.route < 0 || noRoute ? null : routeString(r.route, R_NAME);
        final String flags = flags(r.flags);
        final String reason = reason(r.reason);
        if (noRoute)
        {
            return new RouteDecision("drop", vs, null, null, null, null, -1, null, null, null, r.status, null, flags,
                    r.delayMillis, null, null, -1, null, reason);
        }
        switch (r.action)
        {
            case Actions.REDIRECT:
                return redirect(r, req, vs, route, flags);
            case Actions.DIRECT:
                if (r.route < 0)
                {
                    // the only direct response without a route of ours: the sidecar's block_all virtual host
                    return new RouteDecision("direct", null, ReferenceRouter.BLOCK_ALL, null, null, null, -1, null,
                            null, null, r.status, null, flags, r.delayMillis, null, null, -1, null, null);
                }
                return new RouteDecision("direct", vs, route, null, null, null, -1, null, null, null, r.status, null,
                        flags, r.delayMillis, null, routeString(r.route, R_DIRECT_BODY), -1, null, null);
            case Actions.ABORT:
                return new RouteDecision("abort", vs, route, null, null, null, -1, null, null, null, r.status, null,
                        flags, r.delayMillis, null, null, -1, null, null)
                        .withGrpcStatus(actions.intAt(routeRecord(r.route) + R_ABORT_GRPC));
            default:
                break;
        }
        final RouteDecision catchAll = catchAll(r, req, flags, reason);
        if (catchAll != null)
        {
            return catchAll;
        }
        final int d = clusters.intAt(K_DEST_START) + r.destination * DEST_SIZE;
        final String host = strings.string(clusters.intAt(d + D_HOST));
        final String subset = strings.string(clusters.intAt(d + D_SUBSET));
        final String cluster = ReferenceRouter.clusterName(host, subset, r.port);
        final String endpoint = L7Result.isOriginalDestination(r.endpoint)
                ? RequestFacts.passthroughEndpoint(text(req, L7RequestView.DST), r.requestPort,
                        L7Result.originalDestinationPort(r.endpoint))
                : r.endpoint < 0 ? null
                : strings.string(endpoints.intAt(endpoints.intAt(E_START) + r.endpoint * EP_SIZE + EP_TEXT));
        String path = null;
        String authority = null;
        List<String> mirrors = null;
        Map<String, String> changed = null;
        List<String> removed = null;
        if (!r.tcp)
        {
            path = text(req, L7RequestView.PATH);
            authority = text(req, L7RequestView.AUTHORITY);
            if (r.route >= 0)
            {
                final String[] rewritten = rewrite(r, path, authority);
                path = rewritten[0];
                final int a = routeRecord(r.route);
                final int count = actions.intAt(a + R_DEST_COUNT);
                final int pick = L7Lookup.pickIndex(r.requestId, actions, count, actions.intAt(a + R_DEST_START),
                        actions.intAt(a + R_WEIGHT_SUM));
                final int destOps = actions.intAt(a + R_DEST_OPS) < 0 ? -1
                        : actions.intAt(a + R_DEST_OPS) + pick * DEST_OPS_SIZE;
                final HttpRoute.HeaderOperations routeOps = ops(actions.intAt(a + R_OP_COUNT),
                        actions.intAt(a + R_OP_START));
                final HttpRoute.HeaderOperations dstOps = destOps < 0 ? HttpRoute.HeaderOperations.NONE
                        : ops(actions.intAt(destOps + DO_OP_COUNT), actions.intAt(destOps + DO_OP_START));
                final String newAuthority = UpstreamHeaders.authority(
                        strings.string(actions.intAt(a + R_REWRITE_AUTHORITY)),
                        destOps < 0 ? null : strings.string(actions.intAt(destOps + DO_AUTHORITY)), count > 1);
                authority = newAuthority != null ? newAuthority : authority;
                if (!routeOps.isEmpty() || !dstOps.isEmpty())
                {
                    final Map<String, String> request = touchedHeaders(req, routeOps, dstOps);
                    final Map<String, List<String>> upstream = UpstreamHeaders.apply(request, routeOps, dstOps,
                            count > 1);
                    changed = UpstreamHeaders.changed(request, upstream);
                    removed = UpstreamHeaders.removed(request, upstream);
                }
                mirrors = mirrors(r);
            }
        }
        final String action = r.action == Actions.DROP ? "drop" : "route";
        return new RouteDecision(action, vs, route, cluster, host, subset, r.port, endpoint, path, authority, r.status,
                null, flags, r.delayMillis, mirrors, null, -1, null, reason, changed, removed);
    }

    /**
     * The sidecar's catch-alls (docs/routing.md §1 item 7): {@code BlackHoleCluster}, the dynamic forward proxy of
     * {@code ALLOW_ANY_DYNAMIC_DNS}, {@code PassthroughCluster}.
     *
     * @return the decision, or {@code null} when the result names a cluster of the FIB.
     */
    private RouteDecision catchAll(final L7Result r, final L7RequestView req, final String flags, final String reason)
    {
        if (r.cluster == L7Result.CLUSTER_BLACKHOLE)
        {
            return new RouteDecision("drop", null, null, ReferenceRouter.BLACKHOLE_CLUSTER, null, null, -1, null, null,
                    null, -1, null, flags, -1, null, null, -1, null, reason);
        }
        if (r.cluster == L7Result.CLUSTER_DYNAMIC_DNS)
        {
            // a packet that followed its flow (tcp) carries no request text
            return new RouteDecision("route", null, ReferenceRouter.ALLOW_ANY_DYNAMIC_DNS,
                    ReferenceRouter.DYNAMIC_DNS_CLUSTER, null, null, -1, null,
                    r.tcp ? null : text(req, L7RequestView.PATH), r.tcp ? null : text(req, L7RequestView.AUTHORITY),
                    r.status, null, flags, r.delayMillis, null, null, -1, null, reason);
        }
        if (r.cluster == L7Result.CLUSTER_PASSTHROUGH)
        {
            final String dst = text(req, L7RequestView.DST);
            return new RouteDecision("route", null, r.tcp ? null : ReferenceRouter.ALLOW_ANY,
                    ReferenceRouter.PASSTHROUGH_CLUSTER,
                    null, null, -1, RequestFacts.passthroughEndpoint(dst, r.requestPort),
                    r.tcp ? null : text(req, L7RequestView.PATH), r.tcp ? null : text(req, L7RequestView.AUTHORITY),
                    r.status, null, flags, r.delayMillis, null, null, -1, null, reason);
        }
        return null;
    }

    /** Header operations from an {op, nameId, valueId} list of the FIB. */
    private HttpRoute.HeaderOperations ops(final int count, final int start)
    {
        if (count == 0)
        {
            return HttpRoute.HeaderOperations.NONE;
        }
        final Map<String, String> set = new LinkedHashMap<>();
        final Map<String, String> add = new LinkedHashMap<>();
        final List<String> remove = new ArrayList<>();
        for (int k = 0; k < count; k++)
        {
            final int o = start + 3 * k;
            final String name = strings.string(actions.intAt(o + 1));
            switch (actions.intAt(o))
            {
                case OP_SET:
                    set.put(name, strings.string(actions.intAt(o + 2)));
                    break;
                case OP_ADD:
                    add.put(name, strings.string(actions.intAt(o + 2)));
                    break;
                default:
                    remove.add(name);
                    break;
            }
        }
        return new HttpRoute.HeaderOperations(set, add, remove);
    }

    /** The request's values of the headers the operations name (the only ones that can change). */
    private static Map<String, String> touchedHeaders(final L7RequestView req, final HttpRoute.HeaderOperations a,
            final HttpRoute.HeaderOperations b)
    {
        final java.util.Set<String> names = new java.util.TreeSet<>();
        for (final HttpRoute.HeaderOperations ops : List.of(a, b))
        {
            names.addAll(ops.set().keySet());
            names.addAll(ops.add().keySet());
            names.addAll(ops.remove());
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String name : names)
        {
            final byte[] n = name.getBytes(StandardCharsets.UTF_8);
            final int handle = req.header(BytesStore.wrap(n), 0, n.length);
            final String v = handle < 0 ? null : text(req, handle);
            if (v != null)
            {
                out.put(name, v);
            }
        }
        return out;
    }

    private String[] rewrite(final L7Result r, final String path, final String authority)
    {
        final int a = routeRecord(r.route);
        final int q = path.indexOf('?');
        String uri = q < 0 ? path : path.substring(0, q);
        final String query = q < 0 ? "" : path.substring(q);
        final String rwUri = strings.string(actions.intAt(a + R_REWRITE_URI));
        if (rwUri != null)
        {
            uri = r.prefixLength >= 0 ? rwUri + uri.substring(r.prefixLength) : rwUri;
        }
        final int regex = actions.intAt(a + R_REGEX_REWRITE);
        if (regex >= 0)
        {
            final String replacement = strings.string(actions.intAt(a + R_REGEX_REPLACEMENT));
            uri = lookup.regexes().pattern(regex).matcher(uri).replaceAll(ReferenceRouter.re2jReplacement(replacement));
        }
        return new String[] {uri + query, authority};
    }

    private List<String> mirrors(final L7Result r)
    {
        if (r.mirrorMask == 0)
        {
            return null;
        }
        final int a = routeRecord(r.route);
        final int start = actions.intAt(a + R_MIRROR_START);
        final int count = actions.intAt(a + R_MIRROR_COUNT);
        final List<String> out = new ArrayList<>();
        for (int k = 0; k < count; k++)
        {
            if ((r.mirrorMask & (1L << k)) != 0)
            {
                final int d = clusters.intAt(K_DEST_START) + actions.intAt(start + 2 * k) * DEST_SIZE;
                out.add(ReferenceRouter.clusterName(strings.string(clusters.intAt(d + D_HOST)),
                        strings.string(clusters.intAt(d + D_SUBSET)), port(d, r.requestPort)));
            }
        }
        return out;
    }

    /**
     * The port rule of docs/routing.md §4 for a mirror destination.
     *
     * @param destination a destination index.
     * @param requestPort the request's port.
     * @return the mirror cluster's port.
     */
    public int destinationPort(final int destination, final int requestPort)
    {
        return port(clusters.intAt(K_DEST_START) + destination * DEST_SIZE, requestPort);
    }

    /** The port rule of docs/routing.md §4 for a destination record. */
    private int port(final int d, final int requestPort)
    {
        final int port = clusters.intAt(d + D_PORT);
        if (port != 0)
        {
            return port;
        }
        final int svc = clusters.intAt(d + D_SERVICE);
        if (svc < 0)
        {
            return requestPort;
        }
        final int s = hosts.intAt(H_SVC_START) + svc * SVC_SIZE;
        final int count = hosts.intAt(s + SVC_PORT_COUNT);
        final int start = hosts.intAt(s + SVC_PORT_START);
        for (int k = 0; k < count; k++)
        {
            if (hosts.intAt(start + 2 * k) == requestPort)
            {
                return requestPort;
            }
        }
        return count == 1 ? hosts.intAt(start) : requestPort;
    }

    private RouteDecision redirect(final L7Result r, final L7RequestView req, final String vs, final String route,
            final String flags)
    {
        final int a = routeRecord(r.route);
        final String requestScheme = text(req, L7RequestView.SCHEME);
        final String requestAuthority = text(req, L7RequestView.AUTHORITY);
        final String requestPath = text(req, L7RequestView.PATH);
        final String rdScheme = strings.string(actions.intAt(a + R_REDIRECT_SCHEME));
        final String rdAuthority = strings.string(actions.intAt(a + R_REDIRECT_AUTHORITY));
        final String rdUri = strings.string(actions.intAt(a + R_REDIRECT_URI));
        final int rdPort = actions.intAt(a + R_REDIRECT_PORT);
        final String scheme = rdScheme != null ? rdScheme : requestScheme;
        final String host = rdAuthority != null ? rdAuthority : RequestFacts.authorityHost(requestAuthority);
        final int port = RequestFacts.redirectPort(rdPort, rdAuthority != null, scheme, requestScheme, r.requestPort,
                RequestFacts.authorityPort(requestAuthority));
        final int q = requestPath.indexOf('?');
        final String query = q < 0 ? "" : requestPath.substring(q);
        final String rwUri = strings.string(actions.intAt(a + R_REWRITE_URI));
        final String requestUri = q < 0 ? requestPath : requestPath.substring(0, q);
        final String rewritten = rwUri == null ? null
                : r.prefixLength >= 0 ? rwUri + requestUri.substring(r.prefixLength) + query : rwUri + query;
        final String path = rdUri != null ? rdUri.indexOf('?') >= 0 ? rdUri : rdUri + query
                : rewritten != null ? rewritten : requestPath;
        final String location = scheme + "://" + host + (port > 0 ? ":" + port : "") + path;
        return new RouteDecision("redirect", vs, route, null, null, null, -1, null, path, null, r.status, location,
                flags, r.delayMillis, null, null, -1, null, null);
    }
}
