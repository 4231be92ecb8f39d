package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RequestFacts;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.fib.l7.StringPool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        return f.isEmpty() ? "-" : String.join(",", f);
    }

    private static String reason(final int reason)
    {
        switch (reason)
        {
            case L7Result.REASON_NO_ROUTE:
                return "no-route";
            case L7Result.REASON_NO_CLUSTER:
                return "no-cluster";
            case L7Result.REASON_NO_HEALTHY_UPSTREAM:
                return "no-healthy-upstream";
            default:
                return null;
        }
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
        final String vs = r.virtualHost < 0 ? null
                : strings.string(hosts.intAt(hosts.intAt(H_VS_START) + r.virtualHost * VS_SIZE + VS_NAME));
        final boolean noRoute = (r.flags & L7Result.FLAG_NR) != 0;
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
            case L7Result.ACTION_REDIRECT:
                return redirect(r, req, vs, route, flags);
            case L7Result.ACTION_DIRECT:
                if (r.route < 0)
                {
                    // the only direct response without a route of ours: the sidecar's block_all virtual host
                    return new RouteDecision("direct", null, ReferenceRouter.BLOCK_ALL, null, null, null, -1, null, null,
                            null, r.status, null, flags, r.delayMillis, null, null, -1, null, null);
                }
                return new RouteDecision("direct", vs, route, null, null, null, -1, null, null, null, r.status, null,
                        flags, r.delayMillis, null, routeString(r.route, R_DIRECT_BODY), -1, null, null);
            case L7Result.ACTION_ABORT:
                return new RouteDecision("abort", vs, route, null, null, null, -1, null, null, null, r.status, null,
                        flags, r.delayMillis, null, null, -1, null, null);
            default:
                break;
        }
        if (r.cluster == L7Result.CLUSTER_PASSTHROUGH)
        {
            final String dst = text(req, L7RequestView.DST);
            return new RouteDecision("route", null, ReferenceRouter.ALLOW_ANY, ReferenceRouter.PASSTHROUGH_CLUSTER,
                    null, null, -1, RequestFacts.passthroughEndpoint(dst, r.requestPort),
                    r.tcp ? null : text(req, L7RequestView.PATH), r.tcp ? null : text(req, L7RequestView.AUTHORITY),
                    r.status, null, flags, r.delayMillis, null, null, -1, null, reason);
        }
        final int d = clusters.intAt(K_DEST_START) + r.destination * DEST_SIZE;
        final String host = strings.string(clusters.intAt(d + D_HOST));
        final String subset = strings.string(clusters.intAt(d + D_SUBSET));
        final String cluster = ReferenceRouter.clusterName(host, subset, r.port);
        final String endpoint = r.endpoint < 0 ? null
                : strings.string(endpoints.intAt(endpoints.intAt(E_START) + r.endpoint * EP_SIZE + EP_TEXT));
        String path = null;
        String authority = null;
        List<String> mirrors = null;
        if (!r.tcp)
        {
            path = text(req, L7RequestView.PATH);
            authority = text(req, L7RequestView.AUTHORITY);
            if (r.route >= 0)
            {
                final String[] rewritten = rewrite(r, path, authority);
                path = rewritten[0];
                authority = rewritten[1];
                mirrors = mirrors(r);
            }
        }
        final String action = r.action == L7Result.ACTION_DROP ? "drop" : "route";
        return new RouteDecision(action, vs, route, cluster, host, subset, r.port, endpoint, path, authority, r.status,
                null, flags, r.delayMillis, mirrors, null, -1, null, reason);
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
            uri = lookup.regexes().pattern(regex).matcher(uri)
                    .replaceAll(ReferenceRouter.re2jReplacement(strings.string(actions.intAt(a + R_REGEX_REPLACEMENT))));
        }
        final String rwAuthority = strings.string(actions.intAt(a + R_REWRITE_AUTHORITY));
        return new String[] {uri + query, rwAuthority != null ? rwAuthority : authority};
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
        final String host = rdAuthority != null ? rdAuthority
                : dev.wirespeed.control.reference.RequestFacts.authorityHost(requestAuthority);
        final int port = rdPort != 0 ? rdPort : dev.wirespeed.control.reference.RequestFacts.authorityPort(requestAuthority);
        final boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        final int q = requestPath.indexOf('?');
        final String query = q < 0 ? "" : requestPath.substring(q);
        final String path = rdUri == null ? requestPath : rdUri.indexOf('?') >= 0 ? rdUri : rdUri + query;
        final String location = scheme + "://" + host + (port > 0 && !defaultPort ? ":" + port : "") + path;
        return new RouteDecision("redirect", vs, route, null, null, null, -1, null, path, null, r.status, location,
                flags, r.delayMillis, null, null, -1, null, null);
    }
}
