package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;

import java.util.Map;

/**
 * What the differential property must have seen of Envoy's CORS filter and of faults on redirect and direct
 * response routes (docs/routing.md §3), told from the decision, the request and the route the decision names.
 */
final class CorsCoverage
{
    /** The coverage keys the property asserts. */
    static final String[] KINDS = {"cors-not-a-preflight", "cors-preflight-answered", "cors-preflight-forwarded",
        "cors-preflight-answered-unmatched", "cors-preflight-answered-after-delay", "cors-on-a-redirect-or-direct",
        "delayed-redirect", "delayed-direct-response", "aborted-redirect-or-direct-response"};

    private CorsCoverage()
    {
    }

    /**
     * @param coverage the tally.
     * @param d        the reference's decision.
     * @param r        the request.
     * @param model    the model.
     */
    static void tally(final Map<String, Integer> coverage, final RouteDecision d, final HttpRequest r,
            final RoutingModel model)
    {
        final HttpRoute route = route(model, d);
        if (route == null)
        {
            return;
        }
        final boolean local = route.redirect() != null || route.directResponse() != null;
        if (route.cors() != null && local && preflight(r))
        {
            coverage.merge("cors-on-a-redirect-or-direct", 1, Integer::sum);
        }
        else if (route.cors() != null && !d.action().equals("abort"))
        {
            final String key = !preflight(r) ? "cors-not-a-preflight"
                    : !"direct".equals(d.action()) ? "cors-preflight-forwarded"
                    : allowed(route.cors(), r.headers().get("origin")) ? "cors-preflight-answered"
                    : "cors-preflight-answered-unmatched";
            coverage.merge(key, 1, Integer::sum);
            if ("direct".equals(d.action()) && d.flags().contains("DI"))
            {
                coverage.merge("cors-preflight-answered-after-delay", 1, Integer::sum);
            }
        }
        if ("redirect".equals(d.action()) && d.flags().contains("DI"))
        {
            coverage.merge("delayed-redirect", 1, Integer::sum);
        }
        if ("direct".equals(d.action()) && d.flags().contains("DI") && local)
        {
            coverage.merge("delayed-direct-response", 1, Integer::sum);
        }
        if ("abort".equals(d.action()) && local && route.fault() != null)
        {
            coverage.merge("aborted-redirect-or-direct-response", 1, Integer::sum);
        }
    }

    private static boolean preflight(final HttpRequest r)
    {
        return "OPTIONS".equals(r.method()) && r.headers() != null && !r.headers().getOrDefault("origin", "").isEmpty()
                && !r.headers().getOrDefault("access-control-request-method", "").isEmpty();
    }

    /** For counting only (the reference decides): whether a matcher takes the origin or {@code *}. */
    private static boolean allowed(final HttpRoute.Cors cors, final String origin)
    {
        for (final StringMatch m : cors.allowOrigins())
        {
            for (final String v : new String[] {"*", origin})
            {
                final boolean hit = switch (m.kind())
                {
                    case EXACT -> v.equals(m.value());
                    case PREFIX -> v.startsWith(m.value());
                    default -> com.google.re2j.Pattern.matches(m.value(), v);
                };
                if (hit)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** The route of the decision's VirtualService with its name, when exactly one has it. */
    private static HttpRoute route(final RoutingModel model, final RouteDecision d)
    {
        if (d.vs() == null || d.route() == null)
        {
            return null;
        }
        HttpRoute found = null;
        for (final VirtualService vs : model.virtualServices())
        {
            if (!d.vs().equals(vs.qualifiedName()))
            {
                continue;
            }
            for (final HttpRoute h : vs.http())
            {
                if (d.route().equals(h.name()))
                {
                    if (found != null)
                    {
                        return null;
                    }
                    found = h;
                }
            }
        }
        return found;
    }
}
