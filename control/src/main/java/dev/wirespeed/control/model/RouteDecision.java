package dev.wirespeed.control.model;

import java.util.List;

/**
 * What happened to one request: the decision record of docs/formats.md (field names are a public interface).
 * Fields that do not apply are {@code null} (strings, lists) or {@code -1} (ints) and are left out of the
 * JSON line.
 *
 * @param action      {@code route}, {@code redirect}, {@code direct}, {@code abort} or {@code drop}.
 * @param vs          {@code namespace/name} of the VirtualService that matched.
 * @param route       the matched HTTP route's name (or {@code null} if it has none).
 * @param cluster     Envoy cluster name {@code outbound|PORT|SUBSET|HOST}.
 * @param host        destination host (FQDN).
 * @param subset      destination subset.
 * @param port        destination service port.
 * @param endpoint    chosen endpoint {@code address:port}.
 * @param path        the path sent upstream (after rewrite; query kept), or the redirect path.
 * @param authority   the authority sent upstream (after rewrite).
 * @param status      HTTP status for redirect/direct/abort/local replies (404 NR, 503 UH/NC), else -1.
 * @param location    the redirect's Location.
 * @param flags       Envoy response flags ({@code NR}, {@code UH}, {@code NC}, {@code FI}, {@code DI},
 *                    comma-separated), {@code "-"} when none.
 * @param delayMillis injected delay, -1 when none.
 * @param mirrors     clusters the request is mirrored to, or {@code null}.
 * @param body        direct response body, or {@code null}.
 * @param egressPort  L3 egress port towards the endpoint, -1 when not known.
 * @param nextHop     L3 next hop towards the endpoint.
 * @param reason      drop reason id ({@code no-route}, {@code no-healthy-upstream}, {@code no-cluster},
 *                    {@code bad-record}, ...), for {@code drop} only.
 * @param headers     request headers whose upstream value differs from the request's after the header
 *                    operations (name to value, values of a header joined with {@code ,}), sorted by name;
 *                    {@code null} when none.
 * @param removedHeaders request headers the operations removed, sorted; {@code null} when none.
 * @param tunnel      {@code vxlan} or {@code geneve} for a packet that came out of that tunnel (the decision is
 *                    its inner frame's), else {@code null}.
 * @param vni         the tunnel's VNI, -1 when none.
 * @param grpcStatus  the gRPC status of an abort injected with {@code fault.abort.grpcStatus} (status 200), -1
 *                    otherwise.
 * @param authz       the AuthorizationPolicy that denied the request ({@code deny:NAMESPACE/NAME}, or
 *                    {@code allow-none-matched} when ALLOW policies apply and none matched), {@code null} when
 *                    nothing denied it (docs/routing.md "Authorization").
 */
public record RouteDecision(
        String action,
        String vs,
        String route,
        String cluster,
        String host,
        String subset,
        int port,
        String endpoint,
        String path,
        String authority,
        int status,
        String location,
        String flags,
        long delayMillis,
        List<String> mirrors,
        String body,
        int egressPort,
        String nextHop,
        String reason,
        java.util.Map<String, String> headers,
        List<String> removedHeaders,
        String tunnel,
        int vni,
        int grpcStatus,
        String authz)
{
    /**
     * A decision nothing denied.
     *
     * @param action         see the record.
     * @param vs             see the record.
     * @param route          see the record.
     * @param cluster        see the record.
     * @param host           see the record.
     * @param subset         see the record.
     * @param port           see the record.
     * @param endpoint       see the record.
     * @param path           see the record.
     * @param authority      see the record.
     * @param status         see the record.
     * @param location       see the record.
     * @param flags          see the record.
     * @param delayMillis    see the record.
     * @param mirrors        see the record.
     * @param body           see the record.
     * @param egressPort     see the record.
     * @param nextHop        see the record.
     * @param reason         see the record.
     * @param headers        see the record.
     * @param removedHeaders see the record.
     * @param tunnel         see the record.
     * @param vni            see the record.
     * @param grpcStatus     see the record.
     */
    public RouteDecision(final String action, final String vs, final String route, final String cluster,
            final String host, final String subset, final int port, final String endpoint, final String path,
            final String authority, final int status, final String location, final String flags,
            final long delayMillis, final List<String> mirrors, final String body, final int egressPort,
            final String nextHop, final String reason, final java.util.Map<String, String> headers,
            final List<String> removedHeaders, final String tunnel, final int vni, final int grpcStatus)
    {
        this(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status, location, flags,
                delayMillis, mirrors, body, egressPort, nextHop, reason, headers, removedHeaders, tunnel, vni,
                grpcStatus, null);
    }

    /**
     * A decision without gRPC status.
     *
     * @param action         see the record.
     * @param vs             see the record.
     * @param route          see the record.
     * @param cluster        see the record.
     * @param host           see the record.
     * @param subset         see the record.
     * @param port           see the record.
     * @param endpoint       see the record.
     * @param path           see the record.
     * @param authority      see the record.
     * @param status         see the record.
     * @param location       see the record.
     * @param flags          see the record.
     * @param delayMillis    see the record.
     * @param mirrors        see the record.
     * @param body           see the record.
     * @param egressPort     see the record.
     * @param nextHop        see the record.
     * @param reason         see the record.
     * @param headers        see the record.
     * @param removedHeaders see the record.
     * @param tunnel         see the record.
     * @param vni            see the record.
     */
    public RouteDecision(final String action, final String vs, final String route, final String cluster,
            final String host, final String subset, final int port, final String endpoint, final String path,
            final String authority, final int status, final String location, final String flags,
            final long delayMillis, final List<String> mirrors, final String body, final int egressPort,
            final String nextHop, final String reason, final java.util.Map<String, String> headers,
            final List<String> removedHeaders, final String tunnel, final int vni)
    {
        this(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status, location, flags,
                delayMillis, mirrors, body, egressPort, nextHop, reason, headers, removedHeaders, tunnel, vni, -1);
    }

    /**
     * A decision of no tunneled packet.
     *
     * @param action         action.
     * @param vs             VirtualService.
     * @param route          route name.
     * @param cluster        cluster.
     * @param host           host.
     * @param subset         subset.
     * @param port           port.
     * @param endpoint       endpoint.
     * @param path           upstream path.
     * @param authority      upstream authority.
     * @param status         status.
     * @param location       redirect location.
     * @param flags          flags.
     * @param delayMillis    delay.
     * @param mirrors        mirror clusters.
     * @param body           body.
     * @param egressPort     egress port.
     * @param nextHop        next hop.
     * @param reason         reason.
     * @param headers        changed request headers.
     * @param removedHeaders removed request headers.
     */
    public RouteDecision(final String action, final String vs, final String route, final String cluster,
            final String host, final String subset, final int port, final String endpoint, final String path,
            final String authority, final int status, final String location, final String flags,
            final long delayMillis, final List<String> mirrors, final String body, final int egressPort,
            final String nextHop, final String reason, final java.util.Map<String, String> headers,
            final List<String> removedHeaders)
    {
        this(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status, location, flags,
                delayMillis, mirrors, body, egressPort, nextHop, reason, headers, removedHeaders, null, -1);
    }

    /**
     * A decision that changes no request header.
     *
     * @param action      action.
     * @param vs          VirtualService.
     * @param route       route name.
     * @param cluster     cluster.
     * @param host        host.
     * @param subset      subset.
     * @param port        port.
     * @param endpoint    endpoint.
     * @param path        upstream path.
     * @param authority   upstream authority.
     * @param status      status.
     * @param location    redirect location.
     * @param flags       flags.
     * @param delayMillis delay.
     * @param mirrors     mirror clusters.
     * @param body        body.
     * @param egressPort  egress port.
     * @param nextHop     next hop.
     * @param reason      reason.
     */
    public RouteDecision(final String action, final String vs, final String route, final String cluster,
            final String host, final String subset, final int port, final String endpoint, final String path,
            final String authority, final int status, final String location, final String flags,
            final long delayMillis, final List<String> mirrors, final String body, final int egressPort,
            final String nextHop, final String reason)
    {
        this(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status, location, flags,
                delayMillis, mirrors, body, egressPort, nextHop, reason, null, null);
    }

    /**
     * @param reason why.
     * @return a bare drop.
     */
    public static RouteDecision drop(final String reason)
    {
        return new RouteDecision("drop", null, null, null, null, null, -1, null, null, null, -1, null, null,
                -1, null, null, -1, null, reason);
    }

    /**
     * @param egressPort the L3 egress port.
     * @param nextHop    the L3 next hop.
     * @return this decision with the L3 result for its endpoint.
     */
    public RouteDecision withL3(final int egressPort, final String nextHop)
    {
        return new RouteDecision(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status,
                location, flags, delayMillis, mirrors, body, egressPort, nextHop, reason, headers, removedHeaders,
                tunnel, vni, grpcStatus, authz);
    }

    /**
     * @param kind    {@code vxlan} or {@code geneve}.
     * @param tunnelVni the VNI, -1 when not known.
     * @return this decision for a packet that came out of that tunnel.
     */
    public RouteDecision withTunnel(final String kind, final int tunnelVni)
    {
        return new RouteDecision(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status,
                location, flags, delayMillis, mirrors, body, egressPort, nextHop, reason, headers, removedHeaders,
                kind, tunnelVni, grpcStatus, authz);
    }

    /**
     * @param code a gRPC status code, -1 for none.
     * @return this decision with that gRPC status.
     */
    public RouteDecision withGrpcStatus(final int code)
    {
        return new RouteDecision(action, vs, route, cluster, host, subset, port, endpoint, path, authority, status,
                location, flags, delayMillis, mirrors, body, egressPort, nextHop, reason, headers, removedHeaders,
                tunnel, vni, code, authz);
    }

    /**
     * @param reason the deciding policy ({@link #authz}).
     * @return this decision as the server's sidecar answers it when its inbound RBAC filter denies the request
     *         (docs/routing.md "Authorization"): routed as before, the upstream answering {@code 403}.
     */
    public RouteDecision withUpstreamDenial(final String reason)
    {
        return new RouteDecision(action, vs, route, cluster, host, subset, port, endpoint, path, authority, 403,
                location, flags, delayMillis, mirrors, body, egressPort, nextHop, this.reason, headers,
                removedHeaders, tunnel, vni, grpcStatus, reason);
    }

    /**
     * A gateway's local reply when its RBAC filter denies a request: {@code 403}, body {@code RBAC: access denied},
     * no response flag (Envoy's RBAC filter sets none; its details say {@code rbac_access_denied_matched_policy[...]}).
     *
     * @param reason the deciding policy ({@link #authz}).
     * @return the decision.
     */
    public static RouteDecision rbacDenied(final String reason)
    {
        return new RouteDecision("drop", null, null, null, null, null, -1, null, null, null, 403, null, "-", -1, null,
                RBAC_BODY, -1, null, RBAC_REASON, null, null, null, -1, -1, reason);
    }

    /** The body of Envoy's RBAC filter's local reply. */
    public static final String RBAC_BODY = "RBAC: access denied";
    /** The reason of a request a gateway's RBAC filter denies. */
    public static final String RBAC_REASON = "rbac-access-denied";
}
