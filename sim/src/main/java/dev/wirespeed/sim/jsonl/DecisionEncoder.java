package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.compile.DecisionMaterializer;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RequestFacts;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.fib.l7.StringPool;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;

import java.nio.charset.StandardCharsets;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes one decision line of docs/formats.md straight from a {@link DecisionDescriptor} (ints) and the
 * FIB into a {@link JsonBytes}: names come from the FIB's string pool, JSON-escaped once and kept; the
 * request's path, authority and scheme are copied as bytes from its {@link L7RequestView}. No String, no
 * Jackson, no collection per record: after the first sight of each name, encoding allocates nothing.
 *
 * <p>The output is byte for byte what {@link DecisionWriter} writes for the {@link DecisionMaterializer}'s
 * record (the reference, checked by a differential test). Rare cases take that String path instead:
 * a route with a regex rewrite (RE2/J works on Strings), a route with request header operations, and request
 * text that is not ASCII (the reference indexes paths in chars). One encoder per writing thread.
 */
public final class DecisionEncoder
{
    private static final byte[] I = ascii("{\"i\":");
    private static final byte[] ACTION = ascii(",\"action\":\"");
    private static final byte[] VS = ascii(",\"vs\":\"");
    private static final byte[] ROUTE = ascii(",\"route\":\"");
    private static final byte[] CLUSTER = ascii(",\"cluster\":\"outbound|");
    private static final byte[] HOST = ascii(",\"host\":\"");
    private static final byte[] SUBSET = ascii(",\"subset\":\"");
    private static final byte[] PORT = ascii(",\"port\":");
    private static final byte[] ENDPOINT = ascii(",\"endpoint\":\"");
    private static final byte[] PATH = ascii(",\"path\":\"");
    private static final byte[] AUTHORITY = ascii(",\"authority\":\"");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] LOCATION = ascii(",\"location\":\"");
    private static final byte[] FLAGS = ascii(",\"flags\":\"");
    private static final byte[] DELAY = ascii(",\"delayMillis\":");
    private static final byte[] MIRRORS = ascii(",\"mirrors\":[");
    private static final byte[] BODY = ascii(",\"body\":\"");
    private static final byte[] REASON = ascii(",\"reason\":\"");
    private static final byte[] TUNNEL = ascii(",\"tunnel\":\"");
    private static final byte[] VNI = ascii(",\"vni\":");
    private static final byte[] VXLAN = ascii("vxlan");
    private static final byte[] GENEVE = ascii("geneve");
    private static final byte[] OUTBOUND = ascii("\"outbound|");
    private static final byte[] SCHEME_SEPARATOR = ascii("://");
    private static final byte[] HTTP = ascii("http");
    private static final byte[] HTTPS = ascii("https");
    private static final byte[][] FLAG_TEXT = flagTexts();
    private static final byte[] CLUSTER_NAME = ascii(",\"cluster\":\"");
    private static final byte[] ALLOW_ANY = ascii(ReferenceRouter.ALLOW_ANY);
    private static final byte[] BLOCK_ALL = ascii(ReferenceRouter.BLOCK_ALL);
    private static final byte[] PASSTHROUGH_CLUSTER = ascii(ReferenceRouter.PASSTHROUGH_CLUSTER);
    private static final byte[] BLACKHOLE_CLUSTER = ascii(ReferenceRouter.BLACKHOLE_CLUSTER);
    private static final int MAX_REQUEST_TEXT = 1 << 16;
    private static final int MESH_NONE = 0;
    private static final int MESH_PASSTHROUGH = 1;
    private static final int MESH_BLOCK_ALL = 2;
    private static final int MESH_REFERENCE = 3;
    private static final int MESH_BLACKHOLE = 4;

    private final CompiledRouter router;
    private final DecisionMaterializer materializer;
    private final ReasonTable reasons;
    private final StringPool strings;
    private final IndexedTable hosts;
    private final IndexedTable actions;
    private final IndexedTable clusters;
    private final IndexedTable endpoints;
    private final byte[][] pool;
    private final byte[][] reasonNames = new byte[ReasonTable.MAX_REASONS][];
    private final byte[][] actionNames = new byte[Actions.COUNT][];
    private final EgressText egress;
    private final ReferenceDecision reference;
    private PacketContext context;
    private byte[] path = new byte[256];
    private byte[] authority = new byte[128];
    private byte[] scheme = new byte[16];
    private byte[] dst = new byte[64];
    private int pathLength;
    private int authorityLength;
    private int schemeLength;
    private int requestPort;

    /**
     * @param router  the router compiled with the FIB (its tables and, for the rare cases, its materializer).
     * @param reasons the reason names (built-in and registered).
     */
    public DecisionEncoder(final CompiledRouter router, final ReasonTable reasons)
    {
        this.router = router;
        this.materializer = router.materializer();
        this.reasons = reasons;
        final L7Lookup lookup = router.newLookup();
        this.strings = lookup.strings();
        this.hosts = lookup.hostStage();
        this.actions = lookup.actionTable();
        this.clusters = lookup.clusterTable();
        this.endpoints = lookup.endpointTable();
        this.egress = new EgressText(new L3Forwarding(router.image()).nextHopGroups());
        this.reference = new ReferenceDecision(router);
        this.pool = new byte[strings.count()][];
        for (int a = 0; a < Actions.COUNT; a++)
        {
            actionNames[a] = ascii(Actions.name(a));
        }
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] flagTexts()
    {
        final byte[][] texts = new byte[32][];
        final String[] names = {"UH", "NR", "DI", "FI", "NC"};
        for (int bits = 0; bits < 32; bits++)
        {
            final StringBuilder b = new StringBuilder();
            for (int k = 0; k < names.length; k++)
            {
                if ((bits & (1 << k)) != 0)
                {
                    b.append(b.length() == 0 ? "" : ",").append(names[k]);
                }
            }
            texts[bits] = ascii(b.length() == 0 ? "-" : b.toString());
        }
        return texts;
    }

    /**
     * Appends one decision line (with its newline).
     *
     * @param d       the decision.
     * @param request the request it was decided for, or {@code null} when the record has no request text (a
     *                packet that followed its flow, a TCP route, a bad record).
     * @param out     where the line goes.
     */
    public void encode(final DecisionDescriptor d, final L7RequestView request, final JsonBytes out)
    {
        encode(d, request, null, -1, out);
    }

    /**
     * As {@link #encode(DecisionDescriptor, L7RequestView, JsonBytes)}; a packet that came out of a VXLAN or
     * GENEVE tunnel ({@link DecisionDescriptor#TUNNEL_MASK}; {@code tunnelVni} read from the packet by the caller,
     * -1 when none) gets {@code "tunnel"} and {@code "vni"} last.
     */
    public void encode(final DecisionDescriptor d, final L7RequestView request, final int tunnelVni,
        final JsonBytes out)
    {
        encode(d, request, null, tunnelVni, out);
    }

    /**
     * As {@link #encode(DecisionDescriptor, L7RequestView, int, JsonBytes)}, with the packet's context
     * ({@link PacketContext}, or {@code null} for none) right after {@code i}.
     */
    public void encode(final DecisionDescriptor d, final L7RequestView request, final PacketContext context,
        final int tunnelVni, final JsonBytes out)
    {
        this.context = context;
        line(d, request, out);
        final int flags = d.flags();
        if (flags != DecisionDescriptor.NULL && (flags & DecisionDescriptor.TUNNEL_MASK) != 0)
        {
            out.truncate(out.length() - 2); // reopen the object: drop "}\n"
            out.put(TUNNEL).put((flags & DecisionDescriptor.FLAG_VXLAN) != 0 ? VXLAN : GENEVE).put((byte)'"');
            number(out, VNI, tunnelVni);
            out.put((byte)'}').put((byte)'\n');
        }
    }

    private void line(final DecisionDescriptor d, final L7RequestView request, final JsonBytes out)
    {
        final int flags = d.flags();
        final int start = out.length();
        out.put(I).putLong(d.recordIndex());
        if (context != null)
        {
            context.writeTo(out);
        }
        if (flags == DecisionDescriptor.NULL || (flags & DecisionDescriptor.FLAG_L7) == 0)
        {
            final int action = d.action();
            name(out, ACTION, actionName(action));
            egress.write(d, out);
            if (action == Actions.DROP || action == Actions.PUNT)
            {
                name(out, REASON, reasonName(d.reason()));
            }
            out.put((byte)'}').put((byte)'\n');
            return;
        }
        final boolean tcp = (flags & DecisionDescriptor.FLAG_TCP) != 0 || request == null;
        if (!tcp && !copyRequest(request))
        {
            out.truncate(start);
            reference(d, request, out);
            return;
        }
        final int action = d.action();
        final int mesh = request == null ? MESH_NONE : meshRecord(d, flags, tcp);
        if (mesh == MESH_PASSTHROUGH && passthrough(d, flags, tcp, request, out)
            || mesh == MESH_BLOCK_ALL && blockAll(d, flags, out)
            || mesh == MESH_BLACKHOLE && blackHole(d, flags, out))
        {
            return;
        }
        if (mesh != MESH_NONE)
        {
            out.truncate(start);
            reference(d, request, out);
            return;
        }
        if (action == Actions.ROUTE || action == Actions.DROP && (flags & L7Result.FLAG_NR) == 0)
        {
            final int route = d.route();
            if (!tcp && route >= 0 && actions.intAt(routeRecord(route) + R_REGEX_REWRITE) >= 0)
            {
                out.truncate(start);
                reference(d, request, out);
                return;
            }
        }
        l7(d, flags, tcp, request, out);
    }

    /**
     * Which of the mesh's records a decision is: a request sent to its original destination
     * ({@code PassthroughCluster}, cluster {@link L7Result#CLUSTER_PASSTHROUGH}, endpoint from the request's
     * {@code dst}) and the sidecar's {@code block_all} direct response (DIRECT with no route) are written byte
     * by byte here, and so is a request or connection refused to {@code BlackHoleCluster}; a route with request
     * header operations (the {@code headers} and {@code removedHeaders} fields) still takes the String reference
     * path, as regex rewrites do. See docs/pipeline.md.
     */
    private int meshRecord(final DecisionDescriptor d, final int flags, final boolean tcp)
    {
        if ((flags & L7Result.FLAG_NR) != 0)
        {
            return MESH_NONE;
        }
        final int action = d.action();
        if (d.cluster() == L7Result.CLUSTER_BLACKHOLE)
        {
            return action == Actions.REDIRECT || action == Actions.DIRECT || action == Actions.ABORT
                ? MESH_REFERENCE : MESH_BLACKHOLE;
        }
        if (action == Actions.ROUTE && d.cluster() == L7Result.CLUSTER_PASSTHROUGH)
        {
            return MESH_PASSTHROUGH;
        }
        if (d.endpoint() == L7Result.ENDPOINT_ORIGINAL_DST)
        {
            return MESH_REFERENCE; // a PASSTHROUGH rule's cluster: the endpoint is the request's original destination
        }
        if (action == Actions.DIRECT && d.route() < 0)
        {
            return MESH_BLOCK_ALL;
        }
        if (tcp || d.route() < 0 || action != Actions.ROUTE && action != Actions.DROP)
        {
            return MESH_NONE;
        }
        final int a = routeRecord(d.route());
        return actions.intAt(a + R_OP_COUNT) > 0 || actions.intAt(a + R_DEST_OPS) >= 0 ? MESH_REFERENCE : MESH_NONE;
    }

    /**
     * {@code PassthroughCluster}: the reference's record (route {@code allow_any}, the endpoint the original
     * destination's address and port, else the request's port) written from the request's bytes.
     *
     * @return false (nothing written) when the destination is not ASCII or too long: the String path decides.
     */
    private boolean passthrough(final DecisionDescriptor d, final int flags, final boolean tcp,
        final L7RequestView request, final JsonBytes out)
    {
        final int n = request.length(L7RequestView.DST);
        if (n > MAX_REQUEST_TEXT)
        {
            return false;
        }
        if (n > 0)
        {
            if (dst.length < n)
            {
                dst = new byte[Integer.highestOneBit(n) << 1];
            }
            request.copyTo(L7RequestView.DST, dst, 0);
            if (!JsonBytes.isAscii(dst, 0, n))
            {
                return false;
            }
        }
        name(out, ACTION, actionNames[Actions.ROUTE]);
        name(out, ROUTE, tcp ? null : ALLOW_ANY); // a TCP connection passed through has no HTTP route
        name(out, CLUSTER_NAME, PASSTHROUGH_CLUSTER);
        if (n > 0)
        {
            final int port = RequestFacts.authorityPort(dst, 0, n);
            int from = 0;
            int hostLength = RequestFacts.authorityHostLength(dst, 0, n);
            if (hostLength >= 2 && dst[0] == '[' && dst[hostLength - 1] == ']')
            {
                from = 1;
                hostLength -= 2;
            }
            out.put(ENDPOINT).putEscaped(dst, from, hostLength).put((byte)':')
                .putLong(port > 0 ? port : request.port()).put((byte)'"');
        }
        if (!tcp)
        {
            out.put(PATH).putEscaped(path, 0, pathLength).put((byte)'"');
            out.put(AUTHORITY).putEscaped(authority, 0, authorityLength).put((byte)'"');
        }
        number(out, STATUS, d.status());
        name(out, FLAGS, FLAG_TEXT[flags & 0x1F]);
        delay(d, flags, out);
        egress.write(d, out);
        out.put((byte)'}').put((byte)'\n');
        return true;
    }

    /** {@code BlackHoleCluster} (REGISTRY_ONLY): the reference's record, a drop with no route, host or status. */
    private boolean blackHole(final DecisionDescriptor d, final int flags, final JsonBytes out)
    {
        name(out, ACTION, actionNames[Actions.DROP]);
        name(out, CLUSTER_NAME, BLACKHOLE_CLUSTER);
        name(out, FLAGS, FLAG_TEXT[flags & 0x1F]);
        egress.write(d, out);
        if (d.action() == Actions.DROP && d.reason() != Reasons.NONE)
        {
            name(out, REASON, reasonName(d.reason()));
        }
        out.put((byte)'}').put((byte)'\n');
        return true;
    }

    /** The sidecar's {@code block_all} direct response: the reference's record, without a virtual service. */
    private boolean blockAll(final DecisionDescriptor d, final int flags, final JsonBytes out)
    {
        name(out, ACTION, actionNames[Actions.DIRECT]);
        name(out, ROUTE, BLOCK_ALL);
        number(out, STATUS, d.status());
        name(out, FLAGS, FLAG_TEXT[flags & 0x1F]);
        egress.write(d, out);
        out.put((byte)'}').put((byte)'\n');
        return true;
    }

    private void delay(final DecisionDescriptor d, final int flags, final JsonBytes out)
    {
        if ((flags & L7Result.FLAG_DI) != 0 && d.route() >= 0)
        {
            out.put(DELAY).putLong(actions.longAt(actions.intAt(routeRecord(d.route()) + R_DELAY_MILLIS)));
        }
    }

    private void l7(final DecisionDescriptor d, final int flags, final boolean tcp, final L7RequestView request,
        final JsonBytes out)
    {
        final int action = d.action();
        final boolean noRoute = (flags & L7Result.FLAG_NR) != 0;
        final int vh = d.virtualHost();
        final int route = noRoute ? -1 : d.route();
        name(out, ACTION, actionName(noRoute ? Actions.DROP : action));
        if (vh >= 0)
        {
            name(out, VS, pooled(hosts.intAt(hosts.intAt(H_VS_START) + vh * VS_SIZE + VS_NAME)));
        }
        final int a = route >= 0 ? routeRecord(route) : -1;
        if (a >= 0)
        {
            name(out, ROUTE, pooled(actions.intAt(a + R_NAME)));
        }
        final boolean toCluster = !noRoute && (action == Actions.ROUTE || action == Actions.DROP);
        if (toCluster)
        {
            cluster(d, out);
            if (!tcp)
            {
                upstream(d.prefixLength(), a, out);
            }
        }
        else if (action == Actions.REDIRECT && !noRoute && !tcp)
        {
            redirectPath(a, d.prefixLength(), out);
        }
        number(out, STATUS, d.status());
        if (action == Actions.REDIRECT && !noRoute && !tcp)
        {
            location(a, d.prefixLength(), out);
        }
        name(out, FLAGS, FLAG_TEXT[flags & 0x1F]);
        delay(d, flags, out);
        if (toCluster && !tcp && a >= 0)
        {
            mirrors(a, flags >>> DecisionDescriptor.MIRROR_SHIFT, request.port(), out);
        }
        if (action == Actions.DIRECT && !noRoute)
        {
            name(out, BODY, pooled(actions.intAt(a + R_DIRECT_BODY)));
        }
        egress.write(d, out);
        if ((noRoute || action == Actions.DROP) && d.reason() != Reasons.NONE)
        {
            name(out, REASON, reasonName(d.reason()));
        }
        out.put((byte)'}').put((byte)'\n');
    }

    private void cluster(final DecisionDescriptor d, final JsonBytes out)
    {
        final int dest = clusters.intAt(K_DEST_START) + d.destination() * DEST_SIZE;
        final byte[] host = pooled(clusters.intAt(dest + D_HOST));
        final byte[] subset = pooled(clusters.intAt(dest + D_SUBSET));
        final int port = d.destinationPort();
        out.put(CLUSTER).putLong(port).put((byte)'|');
        if (subset != null)
        {
            out.put(subset);
        }
        out.put((byte)'|').put(host).put((byte)'"');
        name(out, HOST, host);
        name(out, SUBSET, subset);
        number(out, PORT, port);
        final int ep = d.endpoint();
        if (ep >= 0)
        {
            name(out, ENDPOINT, pooled(endpoints.intAt(endpoints.intAt(E_START) + ep * EP_SIZE + EP_TEXT)));
        }
    }

    /** The path and authority sent upstream: rewritten when the route says so. */
    private void upstream(final int prefixLength, final int a, final JsonBytes out)
    {
        out.put(PATH);
        final int uriLength = uriLength();
        final int rwUri = a >= 0 ? actions.intAt(a + R_REWRITE_URI) : -1;
        if (rwUri >= 0)
        {
            out.put(pooled(rwUri));
            if (prefixLength >= 0)
            {
                out.putEscaped(path, prefixLength, pathLength - prefixLength);
            }
            else
            {
                out.putEscaped(path, uriLength, pathLength - uriLength);
            }
        }
        else
        {
            out.putEscaped(path, 0, pathLength);
        }
        out.put((byte)'"');
        final int rwAuthority = a >= 0 ? actions.intAt(a + R_REWRITE_AUTHORITY) : -1;
        if (rwAuthority >= 0)
        {
            name(out, AUTHORITY, pooled(rwAuthority));
        }
        else
        {
            out.put(AUTHORITY).putEscaped(authority, 0, authorityLength).put((byte)'"');
        }
    }

    private void mirrors(final int a, final int mask, final int requestPort, final JsonBytes out)
    {
        if ((mask & 0xFFFF) == 0)
        {
            return;
        }
        final int start = actions.intAt(a + R_MIRROR_START);
        final int count = actions.intAt(a + R_MIRROR_COUNT);
        out.put(MIRRORS);
        boolean first = true;
        for (int k = 0; k < count && k < 16; k++)
        {
            if ((mask & (1 << k)) != 0)
            {
                final int destination = actions.intAt(start + 2 * k);
                final int dest = clusters.intAt(K_DEST_START) + destination * DEST_SIZE;
                final byte[] subset = pooled(clusters.intAt(dest + D_SUBSET));
                if (!first)
                {
                    out.put((byte)',');
                }
                first = false;
                out.put(OUTBOUND).putLong(materializer.destinationPort(destination, requestPort)).put((byte)'|');
                if (subset != null)
                {
                    out.put(subset);
                }
                out.put((byte)'|').put(pooled(clusters.intAt(dest + D_HOST))).put((byte)'"');
            }
        }
        out.put((byte)']');
    }

    private void redirectPath(final int a, final int prefixLength, final JsonBytes out)
    {
        out.put(PATH);
        redirectUri(a, prefixLength, out);
        out.put((byte)'"');
    }

    /**
     * The redirect's path (the reference's rule): the redirect uri (the request's query appended unless it has
     * its own), else the route's uri rewrite applied to the request path (query kept), else the request path.
     */
    private void redirectUri(final int a, final int prefixLength, final JsonBytes out)
    {
        final int rdUri = actions.intAt(a + R_REDIRECT_URI);
        final int uriLength = uriLength();
        if (rdUri >= 0)
        {
            out.put(pooled(rdUri));
            if (!poolHas(rdUri, (byte)'?'))
            {
                out.putEscaped(path, uriLength, pathLength - uriLength);
            }
            return;
        }
        final int rwUri = actions.intAt(a + R_REWRITE_URI);
        if (rwUri >= 0)
        {
            out.put(pooled(rwUri));
            final int from = prefixLength >= 0 ? prefixLength : uriLength;
            out.putEscaped(path, from, pathLength - from);
            return;
        }
        out.putEscaped(path, 0, pathLength);
    }

    private void location(final int a, final int prefixLength, final JsonBytes out)
    {
        out.put(LOCATION);
        final int rdScheme = actions.intAt(a + R_REDIRECT_SCHEME);
        final boolean http;
        final boolean https;
        if (rdScheme >= 0)
        {
            out.put(pooled(rdScheme));
            http = poolEquals(rdScheme, HTTP, HTTP.length);
            https = poolEquals(rdScheme, HTTPS, HTTPS.length);
        }
        else
        {
            out.putEscaped(scheme, 0, schemeLength);
            http = equals(scheme, schemeLength, HTTP);
            https = equals(scheme, schemeLength, HTTPS);
        }
        out.put(SCHEME_SEPARATOR);
        final int rdAuthority = actions.intAt(a + R_REDIRECT_AUTHORITY);
        if (rdAuthority >= 0)
        {
            out.put(pooled(rdAuthority));
        }
        else
        {
            out.putEscaped(authority, 0, RequestFacts.authorityHostLength(authority, 0, authorityLength));
        }
        final int port = RequestFacts.redirectPort(actions.intAt(a + R_REDIRECT_PORT), rdAuthority >= 0,
            http ? 80 : https ? 443 : 0, equals(scheme, schemeLength, HTTP) ? 80 : equals(scheme, schemeLength, HTTPS)
            ? 443 : 0, rdScheme >= 0 && !poolEquals(rdScheme, scheme, schemeLength), requestPort,
            RequestFacts.authorityPort(authority, 0, authorityLength)); // docs/routing.md §3: the port Envoy writes
        if (port > 0)
        {
            out.put((byte)':').putLong(port);
        }
        redirectUri(a, prefixLength, out);
        out.put((byte)'"');
    }

    private static boolean equals(final byte[] b, final int n, final byte[] other)
    {
        if (n != other.length)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (b[i] != other[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean poolEquals(final int id, final byte[] other, final int length)
    {
        final int n = strings.length(id);
        if (n != length)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (strings.byteAt(id, i) != other[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean poolHas(final int id, final byte c)
    {
        final int n = strings.length(id);
        for (int i = 0; i < n; i++)
        {
            if (strings.byteAt(id, i) == c)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the length of the path before its query. */
    private int uriLength()
    {
        int q = -1;
        for (int i = 0; i < pathLength && q < 0; i++)
        {
            q = path[i] == '?' ? i : -1;
        }
        return q < 0 ? pathLength : q;
    }

    /** Copies path, authority and scheme; false when one is not ASCII or too long (the String path decides). */
    private boolean copyRequest(final L7RequestView request)
    {
        final int p = request.length(L7RequestView.PATH);
        final int au = request.length(L7RequestView.AUTHORITY);
        final int sc = request.length(L7RequestView.SCHEME);
        if (p < 0 || au < 0 || sc < 0 || p > MAX_REQUEST_TEXT || au > MAX_REQUEST_TEXT || sc > MAX_REQUEST_TEXT)
        {
            return false;
        }
        if (path.length < p)
        {
            path = new byte[Integer.highestOneBit(p) << 1];
        }
        if (authority.length < au)
        {
            authority = new byte[Integer.highestOneBit(au) << 1];
        }
        if (scheme.length < sc)
        {
            scheme = new byte[Integer.highestOneBit(sc) << 1];
        }
        pathLength = request.copyTo(L7RequestView.PATH, path, 0);
        authorityLength = request.copyTo(L7RequestView.AUTHORITY, authority, 0);
        schemeLength = request.copyTo(L7RequestView.SCHEME, scheme, 0);
        requestPort = request.port();
        return JsonBytes.isAscii(path, 0, pathLength) && JsonBytes.isAscii(authority, 0, authorityLength)
            && JsonBytes.isAscii(scheme, 0, schemeLength);
    }

    private static void name(final JsonBytes out, final byte[] key, final byte[] escaped)
    {
        if (escaped != null)
        {
            out.put(key).put(escaped).put((byte)'"');
        }
    }

    private static void number(final JsonBytes out, final byte[] key, final int value)
    {
        if (value >= 0)
        {
            out.put(key).putLong(value);
        }
    }

    private int routeRecord(final int route)
    {
        return actions.intAt(A_ROUTE_START) + route * ROUTE_SIZE;
    }

    /** @return the pool string's JSON-escaped bytes (encoded on first use, then kept), or null for -1. */
    private byte[] pooled(final int id)
    {
        if (id < 0)
        {
            return null;
        }
        byte[] b = pool[id];
        if (b == null)
        {
            b = JsonBytes.escape(strings.string(id));
            pool[id] = b;
        }
        return b;
    }

    private byte[] actionName(final int action)
    {
        return action >= 0 && action < Actions.COUNT ? actionNames[action] : ascii("unknown");
    }

    /**
     * @param reason a reason code.
     * @return its name's bytes (kept after the first use).
     */
    public byte[] reasonName(final int reason)
    {
        if (reason < 0 || reason >= reasonNames.length)
        {
            return JsonBytes.escape(reasons.name(reason));
        }
        byte[] b = reasonNames[reason];
        if (b == null)
        {
            b = JsonBytes.escape(reasons.name(reason));
            reasonNames[reason] = b;
        }
        return b;
    }

    /**
     * The cluster name a decision counts under (off the hot path: the summary resolves names once).
     *
     * @param destination a destination index.
     * @param port        the destination port.
     * @return {@code outbound|PORT|SUBSET|HOST}.
     */
    public String clusterName(final int destination, final int port)
    {
        final int dest = clusters.intAt(K_DEST_START) + destination * DEST_SIZE;
        final String subset = strings.string(clusters.intAt(dest + D_SUBSET));
        return "outbound|" + port + "|" + (subset == null ? "" : subset) + "|"
            + strings.string(clusters.intAt(dest + D_HOST));
    }

    /** @return the router this encoder reads (its FIB tables name the ids: {@code DecisionNames}). */
    public CompiledRouter router()
    {
        return router;
    }

    /** The rare case: the String-based reference materialises the decision, then it is written as bytes. */
    private void reference(final DecisionDescriptor d, final L7RequestView request, final JsonBytes out)
    {
        final L7Result r = reference.result(d, request.port());
        ReferenceLine.write(d.recordIndex(), context, reference.withL3(reference.materialize(r, request), d), out);
    }
}
