package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;

import java.util.Map;

/** Coverage keys of AuthorizationPolicy decisions (docs/routing.md "Authorization") on both proxies. */
final class AuthzCoverage
{
    /** The keys every differential run must draw. */
    static final String[] KINDS = {"authz-gateway-deny", "authz-gateway-allow-none-matched", "authz-server-deny",
        "authz-server-allow-none-matched", "authz-server-denied-from-gateway"};

    private AuthzCoverage()
    {
    }

    static void tally(final Map<String, Integer> coverage, final HttpRequest request, final RouteDecision d)
    {
        if (d.authz() == null)
        {
            return;
        }
        final String kind = d.authz().startsWith("deny:") ? "deny" : "allow-none-matched";
        final boolean gateway = RouteDecision.RBAC_REASON.equals(d.reason());
        coverage.merge("authz-" + (gateway ? "gateway-" : "server-") + kind, 1, Integer::sum);
        if (!gateway && !"mesh".equals(request.gateway()))
        {
            coverage.merge("authz-server-denied-from-gateway", 1, Integer::sum);
        }
    }
}
