package dev.wirespeed.control.model;

import java.util.List;

/**
 * What happened to one request: DESIGN.md's decision record (field names are a public interface).
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
        String reason)
{
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
                location, flags, delayMillis, mirrors, body, egressPort, nextHop, reason);
    }
}
