package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.RouteDecision;

import java.util.ArrayList;
import java.util.List;

/** A decision being assembled by the reference interpreter, field by field. */
final class DecisionBuilder
{
    /** The listener of an explained walk, or {@code null}. */
    RouteTrace trace;
    /** The request as it reached the proxy (for the jwt_authn outcome AuthorizationPolicy reads). */
    dev.wirespeed.control.model.HttpRequest request;

    /**
     * @param trace   the explain listener, or {@code null}.
     * @param request the request as it reached the proxy.
     * @return a builder for one request.
     */
    static DecisionBuilder of(final RouteTrace trace, final dev.wirespeed.control.model.HttpRequest request)
    {
        final DecisionBuilder d = new DecisionBuilder();
        d.trace = trace;
        d.request = request;
        return d;
    }

    boolean tcp;
    /** The endpoint is the request's original destination (Envoy's ORIGINAL_DST or passthrough cluster). */
    boolean originalDst;
    /** Whether the cluster is an east-west gateway's DNS-SRV cluster: only the endpoints mTLS reaches (§5.2). */
    boolean dnsSrv;
    /** The destinations of the VirtualService route taken, {@code null} for a default or TCP route. */
    List<dev.wirespeed.control.model.RouteDestination> routeDestinations;
    String action;
    String vs;
    String route;
    String cluster;
    String host;
    String subset;
    int port = -1;
    String endpoint;
    String path;
    String authority;
    int status = -1;
    /** The gRPC status of a {@code grpcStatus} abort, -1 for none. */
    int grpcStatus = -1;
    String location;
    boolean delayInjected;
    boolean faultInjected;
    long delayMillis = -1;
    List<String> mirrors;
    String body;
    String reason;
    String dropFlag;
    java.util.Map<String, String> headers;
    List<String> removedHeaders;

    void setUpstream(final String upstreamPath, final String upstreamAuthority)
    {
        if (!tcp)
        {
            path = upstreamPath;
            authority = upstreamAuthority;
        }
    }

    RouteDecision noRoute()
    {
        route = null;
        return drop(404, "NR", "no-route");
    }

    RouteDecision drop(final int dropStatus, final String flag, final String dropReason)
    {
        action = "drop";
        status = dropStatus;
        dropFlag = flag;
        reason = dropReason;
        return build();
    }

    RouteDecision build()
    {
        final List<String> flags = new ArrayList<>();
        if ("UH".equals(dropFlag))
        {
            flags.add("UH");
        }
        if ("NR".equals(dropFlag))
        {
            flags.add("NR");
        }
        if (delayInjected)
        {
            flags.add("DI");
        }
        if (faultInjected)
        {
            flags.add("FI");
        }
        if ("NC".equals(dropFlag))
        {
            flags.add("NC");
        }
        if ("DPE".equals(dropFlag))
        {
            flags.add("DPE");
        }
        return new RouteDecision(action, vs, route, cluster, host, subset, port, endpoint, path, authority,
                status, location, flags.isEmpty() ? "-" : String.join(",", flags), delayMillis, mirrors, body,
                -1, null, reason, headers, removedHeaders).withGrpcStatus(grpcStatus);
    }
}
