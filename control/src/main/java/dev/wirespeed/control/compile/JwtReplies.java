package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.RouteDecision;

/** The decision of a request an endpoint's sidecar answers with its {@code jwt_authn} local reply. */
public final class JwtReplies
{
    private JwtReplies()
    {
    }

    /**
     * @param d      the routing decision of the client's proxy.
     * @param status 401 or 403.
     * @param body   Envoy's body.
     * @return {@code d} as action {@code direct} with that status and body (routing fields kept).
     */
    public static RouteDecision localReply(final RouteDecision d, final int status, final String body)
    {
        return new RouteDecision("direct", d.vs(), d.route(), d.cluster(), d.host(), d.subset(), d.port(),
                d.endpoint(), d.path(), d.authority(), status, d.location(), d.flags(), d.delayMillis(), d.mirrors(),
                body, d.egressPort(), d.nextHop(), null, d.headers(), d.removedHeaders(), d.tunnel(), d.vni(),
                d.grpcStatus());
    }
}
