package dev.wirespeed.fib.l7;

/**
 * The caller-owned, mutable result of one {@link L7Lookup#route}: ints only, reused for every request.
 * Indices are FIB indices (-1 = none); a materializer turns them into a decision record off the hot path.
 */
public final class L7Result
{
    public static final int ACTION_ROUTE = 1;
    public static final int ACTION_REDIRECT = 2;
    public static final int ACTION_DIRECT = 3;
    public static final int ACTION_ABORT = 4;
    public static final int ACTION_DROP = 5;

    public static final int FLAG_UH = 1;
    public static final int FLAG_NR = 2;
    public static final int FLAG_DI = 4;
    public static final int FLAG_FI = 8;
    public static final int FLAG_NC = 16;
    /** Envoy's {@code DPE}: the downstream connection broke the HTTP codec (docs/routing.md §5.3). */
    public static final int FLAG_DPE = 32;
    /** The flags of a drop Envoy answers itself without a destination (no route, a codec error). */
    public static final int FLAGS_NO_DESTINATION = FLAG_NR | FLAG_DPE;

    /** {@link #cluster} of a request sent to its original destination (Istio's {@code PassthroughCluster}). */
    public static final int CLUSTER_PASSTHROUGH = -2;
    /** {@link #cluster} of a connection REGISTRY_ONLY refuses: Envoy's {@code BlackHoleCluster}. */
    public static final int CLUSTER_BLACKHOLE = -3;
    /**
     * {@link #cluster} of a plain-text HTTP request to an unknown host under the mesh's {@code ALLOW_ANY_DYNAMIC_DNS}:
     * Envoy's dynamic forward proxy ({@code AllowAnyDynamicDNSCluster}), which resolves the authority at request time
     * (no endpoint is known here).
     */
    public static final int CLUSTER_DYNAMIC_DNS = -4;
    /**
     * {@link #endpoint} of a request a {@code PASSTHROUGH} cluster sends to its original destination (the
     * request's {@code dst}): Envoy's {@code ORIGINAL_DST} cluster, with {@link #cluster} a real cluster.
     */
    public static final int ENDPOINT_ORIGINAL_DST = -2;
    /**
     * {@link #endpoint} {@code ENDPOINT_ORIGINAL_DST_PORT - port}: the original destination's address on another
     * port, the cluster's {@code upstream_port_override} (Istio's {@code PassthroughTargetPorts}: a
     * {@code resolution: NONE} ServiceEntry port's {@code targetPort}). See {@link #originalDestination(int)}.
     */
    public static final int ENDPOINT_ORIGINAL_DST_PORT = -0x10000;

    public static final int REASON_NONE = 0;
    public static final int REASON_NO_ROUTE = 1;
    public static final int REASON_NO_CLUSTER = 2;
    public static final int REASON_NO_HEALTHY_UPSTREAM = 3;

    /** The request id. */
    public long requestId;
    /** The request's (defaulted) port. */
    public int requestPort;
    /** Whether the request took the TCP (L4) path. */
    public boolean tcp;
    /** A connection whose route a TLS server name decides (a TLS or HTTPS port, or an unknown address). */
    public boolean serverNamed;
    /** ACTION_*. */
    public int action;
    /** Virtual host (VirtualService index), -1 for the default route or no VirtualService. */
    public int virtualHost;
    /** Route (global HTTP route index), -1 if none. */
    public int route;
    /** Matched match block (global index), -1 if none. */
    public int block;
    /** Chosen destination (index into CLUSTERS destinations), -1 if none. */
    public int destination;
    /** Cluster, -1 if none (NC), {@link #CLUSTER_PASSTHROUGH} for the original destination. */
    public int cluster;
    /**
     * Endpoint (index into ENDPOINTS), -1 if none, {@link #ENDPOINT_ORIGINAL_DST} for the original destination (or
     * below {@link #ENDPOINT_ORIGINAL_DST_PORT}: on another port; {@link #isOriginalDestination}).
     */
    public int endpoint;
    /** Destination service port. */
    public int port;
    /** HTTP status, -1 when none. */
    public int status;
    /** FLAG_* bits. */
    public int flags;
    /** REASON_*. */
    public int reason;
    /** Injected delay, -1 when none. */
    public long delayMillis;
    /** Bit k set: mirror k of the route applies. */
    public long mirrorMask;
    /**
     * A {@code jwt_authn} local reply: the {@code dev.wirespeed.fib.jwt.JwtStatus} that rejected the request (a
     * gateway's before routing, or the chosen endpoint's sidecar's after), 0 when none.
     */
    public int jwt;
    /** Length of the matched uri prefix to replace on rewrite, -1 when the block had no prefix. */
    public int prefixLength;
    /**
     * The string id of what an AuthorizationPolicy denied ({@code deny:NS/NAME}, {@code allow-none-matched}), -1 when
     * nothing denied the request (docs/routing.md "Authorization").
     */
    public int authz;

    /**
     * @param port the upstream port override, 0 for none.
     * @return the {@link #endpoint} of an original destination with that port override.
     */
    public static int originalDestination(final int port)
    {
        return port > 0 ? ENDPOINT_ORIGINAL_DST_PORT - port : ENDPOINT_ORIGINAL_DST;
    }

    /**
     * @param endpoint an {@link #endpoint}.
     * @return whether it is the request's original destination (Envoy's {@code ORIGINAL_DST} cluster).
     */
    public static boolean isOriginalDestination(final int endpoint)
    {
        return endpoint == ENDPOINT_ORIGINAL_DST || endpoint <= ENDPOINT_ORIGINAL_DST_PORT;
    }

    /**
     * @param endpoint an {@link #endpoint}.
     * @return the port an original destination is sent to instead of its own, 0 when it keeps its own.
     */
    public static int originalDestinationPort(final int endpoint)
    {
        return endpoint <= ENDPOINT_ORIGINAL_DST_PORT ? ENDPOINT_ORIGINAL_DST_PORT - endpoint : 0;
    }

    /**
     * Clears the result for a new request.
     *
     * @param id   request id.
     * @param port request port.
     */
    public void reset(final long id, final int port)
    {
        requestId = id;
        requestPort = port;
        tcp = false;
        serverNamed = false;
        action = ACTION_DROP;
        virtualHost = -1;
        route = -1;
        block = -1;
        destination = -1;
        cluster = -1;
        endpoint = -1;
        this.port = -1;
        status = -1;
        flags = 0;
        reason = REASON_NONE;
        delayMillis = -1;
        mirrorMask = 0;
        prefixLength = -1;
        authz = -1;
        jwt = 0;
    }
}
