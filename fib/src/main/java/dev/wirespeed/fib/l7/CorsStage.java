package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Envoy's CORS filter, run by the action stage on a route whose record points at a CORS record (layout in
 * {@link L7Layout}, semantics in docs/routing.md §3): after the fault draws, before a destination is chosen. It
 * reads the request's method and its {@code origin} and {@code access-control-request-method} headers, and
 * says whether the filter answers the request itself (a preflight whose origin is allowed, or any preflight
 * when unmatched ones are not forwarded); the lookup then writes a direct 200. Allocates nothing (a regex
 * origin matcher costs what any regex condition costs).
 */
final class CorsStage
{
    private final IndexedTable actions;
    private final RequestScratch q;
    private final StringPool strings;
    private final L7Regexes regexes;

    CorsStage(final IndexedTable actions, final RequestScratch q, final StringPool strings, final L7Regexes regexes)
    {
        this.actions = actions;
        this.q = q;
        this.strings = strings;
        this.regexes = regexes;
    }

    /**
     * @param record a CORS record of the ACTIONS table.
     * @return whether the CORS filter answers the request with 200.
     */
    boolean answers(final int record)
    {
        final IndexedTable t = actions;
        if (!q.loadHandle(L7RequestView.METHOD) || !strings.equalsBytes(t.intAt(record + C_OPTIONS), q.val, 0,
                q.valLen, false))
        {
            return false;
        }
        final L7RequestView req = q.req;
        final int method = q.header(t.intAt(record + C_REQUEST_METHOD_NAME));
        if (method < 0 || req.length(method) <= 0)
        {
            return false;
        }
        final int origin = q.header(t.intAt(record + C_ORIGIN_NAME));
        if (origin < 0 || req.length(origin) <= 0)
        {
            return false; // no origin: not a CORS request at all
        }
        if (t.intAt(record + C_ANSWER_ANY) != 0)
        {
            return true;
        }
        q.loadHandle(origin);
        final int count = t.intAt(record + C_COUNT);
        for (int k = 0; k < count; k++)
        {
            final int m = record + C_MATCHERS + 2 * k;
            final int arg = t.intAt(m + 1);
            final boolean hit;
            switch (t.intAt(m))
            {
                case M_EXACT:
                    hit = strings.equalsBytes(arg, q.cur, q.curOff, q.curLen, false);
                    break;
                case M_PREFIX:
                    hit = strings.startsWith(q.cur, q.curOff, q.curLen, arg, false);
                    break;
                default:
                    hit = regexes.matches(arg, q.cur, q.curOff, q.curLen);
                    break;
            }
            if (hit)
            {
                return true;
            }
        }
        return false;
    }
}
