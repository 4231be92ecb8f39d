package dev.wirespeed.control.compile;

import com.google.re2j.Pattern;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.reference.CorsPreflight;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes a route's CORS policy as the ACTIONS table's CORS record that {@code CorsStage} reads (layout in
 * {@link dev.wirespeed.fib.l7.L7Layout}). Decided here rather than per request: whether every preflight is
 * answered ({@code unmatchedPreflights: IGNORE}, or an origin matcher that takes {@code *}, which Envoy tries
 * before the origin), and whether the policy can answer anything at all (no record when it cannot).
 */
final class CorsRecords
{
    private CorsRecords()
    {
    }

    /**
     * @param actions the ACTIONS table being written.
     * @param ctx     the compile context (string pool, regexes).
     * @param cors    a route's policy, or {@code null}.
     * @param where   the route, for a regex error.
     * @return the record's int index, -1 when the route has no policy or it answers no request.
     */
    static int write(final IndexedTableWriter actions, final CompileContext ctx, final HttpRoute.Cors cors,
            final SourceRef where)
    {
        if (cors == null)
        {
            return -1;
        }
        final boolean answerAny = !cors.forwardUnmatched() || takesAnyOrigin(cors);
        if (!answerAny && cors.allowOrigins().isEmpty())
        {
            return -1; // no origin is allowed and unmatched preflights are forwarded: the filter answers nothing
        }
        final int rec = actions.reserveInts(C_MATCHERS + (answerAny ? 0 : 2 * cors.allowOrigins().size()));
        actions.setInt(rec + C_ORIGIN_NAME, ctx.s(CorsPreflight.ORIGIN));
        actions.setInt(rec + C_REQUEST_METHOD_NAME, ctx.s(CorsPreflight.REQUEST_METHOD));
        actions.setInt(rec + C_OPTIONS, ctx.s("OPTIONS"));
        actions.setInt(rec + C_ANSWER_ANY, answerAny ? 1 : 0);
        actions.setInt(rec + C_COUNT, answerAny ? 0 : cors.allowOrigins().size());
        if (answerAny)
        {
            return rec;
        }
        for (int k = 0; k < cors.allowOrigins().size(); k++)
        {
            final StringMatch m = cors.allowOrigins().get(k);
            final int at = rec + C_MATCHERS + 2 * k;
            switch (m.kind())
            {
                case EXACT:
                    actions.setInt(at, M_EXACT);
                    actions.setInt(at + 1, ctx.s(m.value()));
                    break;
                case PREFIX:
                    actions.setInt(at, M_PREFIX);
                    actions.setInt(at + 1, ctx.s(m.value()));
                    break;
                default:
                    actions.setInt(at, M_REGEX);
                    actions.setInt(at + 1, ctx.pattern(m.value(), where));
                    break;
            }
        }
        return rec;
    }

    /** Envoy's {@code isOriginAllowed} tries each matcher on {@code *} first: such a matcher allows any origin. */
    private static boolean takesAnyOrigin(final HttpRoute.Cors cors)
    {
        for (final StringMatch m : cors.allowOrigins())
        {
            final boolean any = switch (m.kind())
            {
                case EXACT -> m.value().equals("*");
                case PREFIX -> "*".startsWith(m.value());
                case REGEX -> fullMatch(m.value(), "*");
                default -> false;
            };
            if (any)
            {
                return true;
            }
        }
        return false;
    }

    private static boolean fullMatch(final String regex, final String value)
    {
        try
        {
            return Pattern.compile(regex).matcher(value).matches();
        }
        catch (final com.google.re2j.PatternSyntaxException e)
        {
            return false; // CompileContext.pattern reports it
        }
    }
}
