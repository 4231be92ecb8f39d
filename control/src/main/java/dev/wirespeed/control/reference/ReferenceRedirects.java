package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.StringMatch;

/**
 * A redirect's decision in the reference interpreter (docs/routing.md §3): scheme, host, the port Envoy writes
 * from Istio's translation ({@link RequestFacts#redirectPort}), path and query.
 */
final class ReferenceRedirects
{
    private ReferenceRedirects()
    {
    }

    /**
     * @param rd        the redirect.
     * @param rewritten the request path rewritten by the route's {@code rewrite.uri} (Gateway API
     *                  ReplacePrefixMatch), or {@code null}.
     * @param r         the request.
     * @param d         the decision being built.
     * @return the redirect decision.
     */
    static RouteDecision redirect(final HttpRoute.Redirect rd, final String rewritten, final RequestFacts r,
            final DecisionBuilder d)
    {
        final String scheme = rd.scheme() != null ? rd.scheme() : r.scheme();
        final String host = rd.authority() != null ? rd.authority() : RequestFacts.authorityHost(r.authority());
        final int port = RequestFacts.redirectPort(rd.port(), rd.authority() != null, scheme, r.scheme(), r.port(),
                RequestFacts.authorityPort(r.authority()));
        final String path;
        if (rd.uri() != null)
        {
            path = rd.uri().indexOf('?') >= 0 ? rd.uri() : rd.uri() + r.queryPart();
        }
        else if (rewritten != null)
        {
            path = rewritten + r.queryPart();
        }
        else
        {
            path = r.path();
        }
        d.action = "redirect";
        d.status = rd.redirectCode() == 0 ? 301 : rd.redirectCode();
        d.location = scheme + "://" + host + (port > 0 ? ":" + port : "") + path;
        RouteSteps.redirect(d.trace, d.status, d.location);
        d.path = path;
        return d.build();
    }

    /**
     * The path a redirect takes from its route's {@code rewrite.uri} (the Gateway API's ReplacePrefixMatch
     * in a RequestRedirect): the matched prefix replaced, or the whole path for other matches.
     *
     * @return the rewritten path without query, or {@code null} when the route has no {@code rewrite.uri}.
     */
    static String prefixRewrite(final HttpRoute.Rewrite rw, final StringMatch matchedUri, final String uri)
    {
        if (rw == null || rw.uri() == null)
        {
            return null;
        }
        if (matchedUri != null && matchedUri.kind() == StringMatch.Kind.PREFIX)
        {
            return rw.uri() + uri.substring(matchedUri.value().length());
        }
        return rw.uri();
    }
}
