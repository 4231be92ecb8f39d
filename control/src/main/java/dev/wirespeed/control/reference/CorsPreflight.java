package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.StringMatch;

/**
 * Envoy's CORS filter on a request whose route has a CORS policy, in its plain form: the reference the FIB's
 * {@code CorsStage} is tested against (docs/routing.md §3). A <em>preflight</em> is an {@code OPTIONS} request with
 * a non-empty {@code origin} and a non-empty {@code access-control-request-method} header; the filter answers it
 * itself with 200 when one of the policy's origin matchers takes the string {@code *} or the origin, or, when the
 * policy does not forward unmatched preflights, whatever the origin. Any other request goes on to the router.
 */
public final class CorsPreflight
{
    /** The request header naming the origin. */
    public static final String ORIGIN = "origin";
    /** The request header that makes an {@code OPTIONS} request a preflight. */
    public static final String REQUEST_METHOD = "access-control-request-method";
    /** The status of Envoy's answer to a preflight. */
    public static final int STATUS = 200;

    private CorsPreflight()
    {
    }

    /**
     * @param cors   a route's policy, or {@code null}.
     * @param r      the request.
     * @param blocks the string matcher (its regex cache).
     * @return whether Envoy's CORS filter answers the request itself.
     */
    static boolean answers(final HttpRoute.Cors cors, final RequestFacts r, final MatchBlocks blocks)
    {
        if (cors == null || !isPreflight(r))
        {
            return false;
        }
        return !cors.forwardUnmatched() || originAllowed(cors, r.headers().get(ORIGIN), blocks);
    }

    /**
     * @param r the request.
     * @return whether it is a preflight: method {@code OPTIONS} (as sent, case-sensitive), {@code origin} and
     *         {@code access-control-request-method} present and not empty.
     */
    static boolean isPreflight(final RequestFacts r)
    {
        return "OPTIONS".equals(r.method()) && nonEmpty(r.headers().get(ORIGIN))
                && nonEmpty(r.headers().get(REQUEST_METHOD));
    }

    /**
     * Envoy's {@code isOriginAllowed}: a matcher that takes {@code *} allows every origin.
     *
     * @param cors   the policy.
     * @param origin the request's origin.
     * @param blocks the string matcher.
     * @return whether some matcher takes {@code *} or the origin.
     */
    static boolean originAllowed(final HttpRoute.Cors cors, final String origin, final MatchBlocks blocks)
    {
        for (final StringMatch m : cors.allowOrigins())
        {
            if (blocks.stringMatches(m, "*", false) || blocks.stringMatches(m, origin, false))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean nonEmpty(final String value)
    {
        return value != null && !value.isEmpty();
    }
}
