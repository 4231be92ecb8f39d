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
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes one decision line of docs/formats.md straight from a {@link DecisionDescriptor} (ints) and the
 * FIB into a {@link JsonBytes}: names come from the FIB's string pool, JSON-escaped once and kept; the
 * request's path, authority and scheme are copied as bytes from its {@link L7RequestView}. No String, no
 * Jackson, no collection per record: after the first sight of each name, encoding allocates nothing.
 *
 * <p>The output is byte for byte what {@link DecisionWriter} writes for the {@link DecisionMaterializer}'s
 * record (the reference, checked by a differential test). Request header operations
 * ({@link HeaderOperationText}) and regex rewrites ({@link UriRegexRewrite}) are written as bytes too. Rare
 * cases take the String path instead: request text (or a touched header's value or name) that is not ASCII
 * (the reference indexes paths in chars and sorts names as Strings), a passed-through original destination
 * of a PASSTHROUGH rule's cluster, a mesh record the bytes do not cover. Parts: {@link RequestText} (the
 * request's text as bytes), {@link RedirectText}, {@link PooledText} (the pool's names, escaped once).
 * One encoder per writing thread.
 */
public final class DecisionEncoder
{
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
    private static final byte[] FLAGS = ascii(",\"flags\":\"");
    private static final byte[] DELAY = ascii(",\"delayMillis\":");
    private static final byte[] GRPC_STATUS = ascii(",\"grpcStatus\":");
    private static final byte[] MIRRORS = ascii(",\"mirrors\":[");
    private static final byte[] BODY = ascii(",\"body\":\"");
    private static final byte[] AUTHZ = ascii(",\"authz\":\"");
    private static final byte[] RBAC_BODY = JsonBytes.escape(dev.wirespeed.control.model.RouteDecision.RBAC_BODY);
    private static final byte[] REASON = ascii(",\"reason\":\"");
    private static final byte[] TUNNEL = ascii(",\"tunnel\":\"");
    private static final byte[] VNI = ascii(",\"vni\":");
    private static final byte[] VXLAN = ascii("vxlan");
    private static final byte[] GENEVE = ascii("geneve");
    private static final byte[] OUTBOUND = ascii("\"outbound|");
    private static final byte[][] FLAG_TEXT = flagTexts();
    private static final byte[] CLUSTER_NAME = ascii(",\"cluster\":\"");
    private static final byte[] ALLOW_ANY = ascii(ReferenceRouter.ALLOW_ANY);
    private static final byte[] BLOCK_ALL = ascii(ReferenceRouter.BLOCK_ALL);
    private static final byte[] PASSTHROUGH_CLUSTER = ascii(ReferenceRouter.PASSTHROUGH_CLUSTER);
    private static final byte[] BLACKHOLE_CLUSTER = ascii(ReferenceRouter.BLACKHOLE_CLUSTER);
    private static final byte[] ALLOW_ANY_DYNAMIC_DNS = ascii(ReferenceRouter.ALLOW_ANY_DYNAMIC_DNS);
    private static final byte[] DYNAMIC_DNS_CLUSTER = ascii(ReferenceRouter.DYNAMIC_DNS_CLUSTER);
    private static final int MESH_NONE = 0;
    private static final int MESH_PASSTHROUGH = 1;
    private static final int MESH_BLOCK_ALL = 2;
    private static final int MESH_REFERENCE = 3;
    private static final int MESH_BLACKHOLE = 4;
    private static final int MESH_DYNAMIC_DNS = 5;

    private final CompiledRouter router;
    private final DecisionMaterializer materializer;
    private final ReasonTable reasons;
    private final PooledText pool;
    private final IndexedTable hosts;
    private final IndexedTable actions;
    private final IndexedTable clusters;
    private final IndexedTable endpoints;
    private final byte[][] reasonNames = new byte[ReasonTable.MAX_REASONS][];
    private final byte[][] actionNames = new byte[Actions.COUNT][];
    private final EgressText egress;
    private final ReferenceDecision reference;
    private final RequestText text = new RequestText();
    private final RecurringText recurring = new RecurringText();
    private final JsonBytes scratch = new JsonBytes(256);
    private final RedirectText redirect;
    private final HeaderOperationText headerOps;
    private final UriRegexRewrite regexRewrite;
    private PacketContext context;
    private byte[] dst = new byte[64];
    private boolean regexRewritten;
    private int originalDestination;
    private boolean headerOpsPrepared;
    private long referenceLines;

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
        this.pool = new PooledText(lookup.strings());
        this.hosts = lookup.hostStage();
        this.actions = lookup.actionTable();
        this.clusters = lookup.clusterTable();
        this.endpoints = lookup.endpointTable();
        this.egress = new EgressText(new L3Forwarding(router.image()).nextHopGroups());
        this.reference = new ReferenceDecision(router);
        this.redirect = new RedirectText(actions, pool, text);
        this.headerOps = new HeaderOperationText(actions, pool);
        this.regexRewrite = new UriRegexRewrite(actions, lookup.strings(), lookup.regexes());
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
        final byte[][] texts = new byte[64][];
        final String[] names = {"UH", "NR", "DI", "FI", "NC", "DPE"};
        for (int bits = 0; bits < 64; bits++)
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
        recurring.index(d.recordIndex(), out);
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
        // a follower carries no request text: as the reference materialises it (a passed-through follower's view is
        // only its original destination), no route name, path or authority
        final boolean tcp = (flags & (DecisionDescriptor.FLAG_TCP | DecisionDescriptor.FLAG_FOLLOW)) != 0
            || request == null;
        if (!tcp && !text.copy(request) || (flags & DecisionDescriptor.FLAG_JWT) != 0)
        {
            out.truncate(start);
            reference(d, request, out);
            return;
        }
        final int action = d.action();
        originalDestination = -1;
        final int mesh = request != null ? meshRecord(d, flags, tcp, request)
            : d.cluster() == L7Result.CLUSTER_DYNAMIC_DNS && (flags & L7Result.FLAGS_NO_DESTINATION) == 0
            ? MESH_DYNAMIC_DNS : MESH_NONE; // a packet that followed its flow to the dynamic forward proxy
        if (mesh == MESH_PASSTHROUGH && passthrough(d, flags, tcp, request, out)
            || mesh == MESH_BLOCK_ALL && blockAll(d, flags, out)
            || mesh == MESH_BLACKHOLE && blackHole(d, flags, out)
            || mesh == MESH_DYNAMIC_DNS && dynamicDns(d, flags, tcp, out))
        {
            return;
        }
        if (mesh != MESH_NONE)
        {
            out.truncate(start);
            reference(d, request, out);
            return;
        }
        regexRewritten = false;
        headerOpsPrepared = false;
        if ((action == Actions.ROUTE || action == Actions.DROP && (flags & L7Result.FLAGS_NO_DESTINATION) == 0) && !tcp
            && d.route() >= 0 && !upstreamText(d, request))
        {
            out.truncate(start);
            reference(d, request, out);
            return;
        }
        l7(d, flags, tcp, request, out);
    }

    /**
     * Which of the mesh's records a decision is: a request sent to its original destination
     * ({@code PassthroughCluster}, cluster {@link L7Result#CLUSTER_PASSTHROUGH}, endpoint from the request's
     * {@code dst}) and the sidecar's {@code block_all} direct response (DIRECT with no route) are written byte
     * by byte here, and so are a request or connection refused to {@code BlackHoleCluster} and a request sent to
     * {@code ALLOW_ANY_DYNAMIC_DNS}'s dynamic forward proxy. See docs/pipeline.md.
     */
    private int meshRecord(final DecisionDescriptor d, final int flags, final boolean tcp,
        final L7RequestView request)
    {
        if ((flags & L7Result.FLAGS_NO_DESTINATION) != 0)
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
        if (d.cluster() == L7Result.CLUSTER_DYNAMIC_DNS)
        {
            return MESH_DYNAMIC_DNS;
        }
        if (L7Result.isOriginalDestination(d.endpoint()))
        {
            // a PASSTHROUGH rule's cluster: the endpoint is the request's original destination
            originalDestination = copyDestination(request);
            return originalDestination < -1 ? MESH_REFERENCE : MESH_NONE;
        }
        if (action == Actions.DIRECT && d.route() < 0)
        {
            return MESH_BLOCK_ALL;
        }
        return MESH_NONE;
    }

    /**
     * Before anything is written for a request sent to a route's cluster: its regex rewrite and its header
     * operations (the route's and the chosen destination's), computed as bytes for {@link #upstream} and the
     * {@code headers} fields.
     *
     * @return false when the String reference must write the line (text these bytes cannot give exactly).
     */
    private boolean upstreamText(final DecisionDescriptor d, final L7RequestView request)
    {
        final int a = routeRecord(d.route());
        if (actions.intAt(a + R_REGEX_REWRITE) >= 0)
        {
            if (!regexRewrite.rewrite(d.route(), a, text, d.prefixLength()))
            {
                return false;
            }
            regexRewritten = true;
        }
        final int routeOps = actions.intAt(a + R_OP_COUNT);
        final int destOps = destinationOps(d, a);
        final int destCount = destOps < 0 ? 0 : actions.intAt(destOps + DO_OP_COUNT);
        if (routeOps > 0 || destCount > 0)
        {
            if (!headerOps.prepare(routeOps, actions.intAt(a + R_OP_START), destCount,
                destOps < 0 ? 0 : actions.intAt(destOps + DO_OP_START), actions.intAt(a + R_DEST_COUNT) > 1, request))
            {
                return false;
            }
            headerOpsPrepared = true;
        }
        return true;
    }

    /** @return the chosen destination's {@code {opCount, opStart, authorityId}} record, or -1 when none. */
    private int destinationOps(final DecisionDescriptor d, final int a)
    {
        final int ops = actions.intAt(a + R_DEST_OPS);
        if (ops < 0)
        {
            return -1;
        }
        final int pick = L7Lookup.pickIndex(d.recordIndex(), actions, actions.intAt(a + R_DEST_COUNT),
            actions.intAt(a + R_DEST_START), actions.intAt(a + R_WEIGHT_SUM));
        return ops + pick * DEST_OPS_SIZE;
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
        final int n = copyDestination(request);
        if (n < -1)
        {
            return false;
        }
        name(out, ACTION, actionNames[Actions.ROUTE]);
        name(out, ROUTE, tcp ? null : ALLOW_ANY); // a TCP connection passed through has no HTTP route
        name(out, CLUSTER_NAME, PASSTHROUGH_CLUSTER);
        endpointOfDestination(n, request.port(), 0, out);
        catchAllTail(d, flags, tcp, out);
        out.put((byte)'}').put((byte)'\n');
        return true;
    }

    /** A catch-all record's path and authority as sent (a request's), status, flags, delay and L3 result. */
    private void catchAllTail(final DecisionDescriptor d, final int flags, final boolean tcp, final JsonBytes out)
    {
        if (!tcp)
        {
            out.put(PATH).putEscaped(text.path, 0, text.pathLength).put((byte)'"');
            out.put(AUTHORITY).putEscaped(text.authority, 0, text.authorityLength).put((byte)'"');
        }
        recurring.status(d.status(), out);
        name(out, FLAGS, FLAG_TEXT[flags & 0x3F]);
        delay(d, flags, out);
        egress.write(d, out);
    }

    /**
     * Copies the request's original destination ({@code dst}) into {@link #dst}.
     *
     * @return its length, -1 when the request has none, -2 when it is not ASCII or too long (the String path).
     */
    private int copyDestination(final L7RequestView request)
    {
        final int n = request.length(L7RequestView.DST);
        if (n > RequestText.MAX_REQUEST_TEXT)
        {
            return -2;
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
                return -2;
            }
        }
        return n;
    }

    /**
     * {@code "endpoint"}: the original destination's address on the cluster's port override, else its own port, else
     * the request's port (none if empty).
     */
    private void endpointOfDestination(final int n, final int requestPort, final int portOverride, final JsonBytes out)
    {
        if (n > 0)
        {
            final int port = portOverride > 0 ? portOverride : RequestFacts.authorityPort(dst, 0, n);
            int from = 0;
            int hostLength = RequestFacts.authorityHostLength(dst, 0, n);
            if (hostLength >= 2 && dst[0] == '[' && dst[hostLength - 1] == ']')
            {
                from = 1;
                hostLength -= 2;
            }
            out.put(ENDPOINT).putEscaped(dst, from, hostLength).put((byte)':')
                .putLong(port > 0 ? port : requestPort).put((byte)'"');
        }
    }

    /**
     * {@code AllowAnyDynamicDNSCluster} (the mesh's ALLOW_ANY_DYNAMIC_DNS): the reference's record, route
     * {@code allow_any_dynamic_dns}, the request's path and authority (none for a packet that followed its flow), no
     * endpoint (Envoy resolves the authority).
     */
    private boolean dynamicDns(final DecisionDescriptor d, final int flags, final boolean tcp, final JsonBytes out)
    {
        name(out, ACTION, actionNames[Actions.ROUTE]);
        name(out, ROUTE, ALLOW_ANY_DYNAMIC_DNS);
        name(out, CLUSTER_NAME, DYNAMIC_DNS_CLUSTER);
        catchAllTail(d, flags, tcp, out);
        if (d.action() == Actions.DROP && d.reason() != Reasons.NONE)
        {
            name(out, REASON, reasonName(d.reason()));
        }
        out.put((byte)'}').put((byte)'\n');
        return true;
    }

    /** {@code BlackHoleCluster} (REGISTRY_ONLY): the reference's record, a drop with no route, host or status. */
    private boolean blackHole(final DecisionDescriptor d, final int flags, final JsonBytes out)
    {
        name(out, ACTION, actionNames[Actions.DROP]);
        name(out, CLUSTER_NAME, BLACKHOLE_CLUSTER);
        name(out, FLAGS, FLAG_TEXT[flags & 0x3F]);
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
        recurring.status(d.status(), out);
        name(out, FLAGS, FLAG_TEXT[flags & 0x3F]);
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
        // an AuthorizationPolicy's denial rides in the status slot (DecisionDescriptor#l7): a gateway's local reply
        // (reason rbac-access-denied, nothing routed) or the 403 of the endpoint's sidecar on a routed request
        final int authz = d.status() < -1 ? -2 - d.status() : -1;
        final boolean denied = authz >= 0 && d.reason() == Reasons.RBAC_ACCESS_DENIED;
        final boolean noRoute = (flags & L7Result.FLAGS_NO_DESTINATION) != 0 || denied;
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
            cluster(d, request == null ? 0 : request.port(), out);
            if (!tcp)
            {
                upstream(d, a, out);
            }
        }
        else if (action == Actions.REDIRECT && !noRoute && !tcp)
        {
            redirect.path(a, d.prefixLength(), out);
        }
        recurring.status(authz >= 0 ? 403 : d.status(), out);
        if (action == Actions.ABORT && !noRoute && a >= 0 && actions.intAt(a + R_ABORT_GRPC) >= 0)
        {
            out.put(GRPC_STATUS).putLong(actions.intAt(a + R_ABORT_GRPC)); // Envoy's abort.grpc_status
        }
        if (action == Actions.REDIRECT && !noRoute && !tcp)
        {
            redirect.location(a, d.prefixLength(), out);
        }
        name(out, FLAGS, FLAG_TEXT[flags & 0x3F]);
        delay(d, flags, out);
        if (toCluster && !tcp && a >= 0)
        {
            mirrors(a, flags >>> DecisionDescriptor.MIRROR_SHIFT, request.port(), out);
        }
        if (action == Actions.DIRECT && !noRoute)
        {
            name(out, BODY, pooled(actions.intAt(a + R_DIRECT_BODY)));
        }
        if (denied)
        {
            name(out, BODY, RBAC_BODY);
        }
        if (headerOpsPrepared && toCluster)
        {
            headerOps.write(out);
        }
        egress.write(d, out);
        if ((noRoute || action == Actions.DROP) && d.reason() != Reasons.NONE)
        {
            name(out, REASON, reasonName(d.reason()));
        }
        if (authz >= 0)
        {
            name(out, AUTHZ, pooled(authz));
        }
        out.put((byte)'}').put((byte)'\n');
    }

    private void cluster(final DecisionDescriptor d, final int requestPort, final JsonBytes out)
    {
        final int destination = d.destination();
        final int port = d.destinationPort();
        final byte[] kept = recurring.cluster(destination, port);
        if (kept != null)
        {
            out.put(kept);
        }
        else if (recurring.hasRoom(destination))
        {
            scratch.clear();
            clusterText(destination, port, scratch);
            final byte[] text = Arrays.copyOf(scratch.array(), scratch.length());
            recurring.keepCluster(destination, port, text);
            out.put(text);
        }
        else
        {
            clusterText(destination, port, out);
        }
        final int ep = d.endpoint();
        if (ep >= 0)
        {
            name(out, ENDPOINT, pooled(endpoints.intAt(endpoints.intAt(E_START) + ep * EP_SIZE + EP_TEXT)));
        }
        else if (L7Result.isOriginalDestination(ep))
        {
            endpointOfDestination(originalDestination, requestPort, L7Result.originalDestinationPort(ep), out);
        }
    }

    /** {@code "cluster"}, {@code "host"}, {@code "subset"} and {@code "port"} of a destination and port. */
    private void clusterText(final int destination, final int port, final JsonBytes out)
    {
        final int dest = clusters.intAt(K_DEST_START) + destination * DEST_SIZE;
        final byte[] host = pooled(clusters.intAt(dest + D_HOST));
        final byte[] subset = pooled(clusters.intAt(dest + D_SUBSET));
        out.put(CLUSTER).putLong(port).put((byte)'|');
        if (subset != null)
        {
            out.put(subset);
        }
        out.put((byte)'|').put(host).put((byte)'"');
        name(out, HOST, host);
        name(out, SUBSET, subset);
        number(out, PORT, port);
    }

    /** The path and authority sent upstream: rewritten when the route (or the chosen destination) says so. */
    private void upstream(final DecisionDescriptor d, final int a, final JsonBytes out)
    {
        final RequestText q = text;
        final int prefixLength = d.prefixLength();
        out.put(PATH);
        final int rwUri = a >= 0 ? actions.intAt(a + R_REWRITE_URI) : -1;
        if (regexRewritten)
        {
            final int uriLength = q.uriLength();
            out.putEscaped(regexRewrite.result(), 0, regexRewrite.length());
            out.putEscaped(q.path, uriLength, q.pathLength - uriLength);
        }
        else if (rwUri >= 0)
        {
            out.put(pooled(rwUri));
            final int from = prefixLength >= 0 ? prefixLength : q.uriLength();
            out.putEscaped(q.path, from, q.pathLength - from);
        }
        else
        {
            out.putEscaped(q.path, 0, q.pathLength);
        }
        out.put((byte)'"');
        final int rwAuthority = authorityRewrite(d, a);
        if (rwAuthority >= 0)
        {
            name(out, AUTHORITY, pooled(rwAuthority));
        }
        else
        {
            out.put(AUTHORITY).putEscaped(q.authority, 0, q.authorityLength).put((byte)'"');
        }
    }

    /**
     * The authority rewrite (the reference's {@code UpstreamHeaders.authority}): the route's and the chosen
     * destination's; with several destinations the destination's wins, with one the route's.
     *
     * @return a pool id, or -1 to keep the request's.
     */
    private int authorityRewrite(final DecisionDescriptor d, final int a)
    {
        if (a < 0)
        {
            return -1;
        }
        final int route = actions.intAt(a + R_REWRITE_AUTHORITY);
        final int destOps = destinationOps(d, a);
        final int destination = destOps < 0 ? -1 : actions.intAt(destOps + DO_AUTHORITY);
        if (actions.intAt(a + R_DEST_COUNT) > 1)
        {
            return destination >= 0 ? destination : route;
        }
        return route >= 0 ? route : destination;
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

    private byte[] pooled(final int id)
    {
        return pool.get(id);
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
        final String subset = pool.strings().string(clusters.intAt(dest + D_SUBSET));
        return "outbound|" + port + "|" + (subset == null ? "" : subset) + "|"
            + pool.strings().string(clusters.intAt(dest + D_HOST));
    }

    /** @return how many lines took the String reference path (the rare cases; the differential test reads it). */
    long referenceLines()
    {
        return referenceLines;
    }

    /** @return the router this encoder reads (its FIB tables name the ids: {@code DecisionNames}). */
    public CompiledRouter router()
    {
        return router;
    }

    /** The rare case: the String-based reference materialises the decision, then it is written as bytes. */
    private void reference(final DecisionDescriptor d, final L7RequestView request, final JsonBytes out)
    {
        referenceLines++;
        final L7Result r = reference.result(d, request.port());
        ReferenceLine.write(d.recordIndex(), context, reference.withL3(reference.materialize(r, request), d), out);
    }
}
