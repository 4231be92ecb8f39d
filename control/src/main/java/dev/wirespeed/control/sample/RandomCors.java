package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.fib.l7.RequestHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The CORS half of the random models and requests (docs/routing.md §3): CORS policies on routes (also on redirect
 * and direct response routes, where Envoy's CORS filter does nothing), faults on redirect and direct response
 * routes, and preflight requests. It draws from a stream of its own and, for requests, from the request id, so the
 * rest of a generated model or request stays as it was.
 */
final class RandomCors extends Dice
{
    /** Origin matchers: exact, prefix, regex; some take {@code *} and so allow any origin. */
    private static final StringMatch[] ORIGIN_MATCHES = {
        StringMatch.exact("https://a.example.com"), StringMatch.exact("http://b.example.org:8080"),
        StringMatch.prefix("https://"), StringMatch.prefix("http://b"),
        StringMatch.regex("https?://[a-z]+\\.example\\.com"),
        StringMatch.regex("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$"), StringMatch.exact("*"), StringMatch.regex(".*"),
        StringMatch.prefix("*"), StringMatch.exact("HTTPS://A.EXAMPLE.COM")};
    /** Origins a request sends: allowed by some matchers, by none, empty (no CORS request), or {@code null}. */
    private static final String[] ORIGINS = {"https://a.example.com", "http://b.example.org:8080", "https://evil.test",
        "http://b", "null", "", "https://A.example.com", "*"};
    private static final String[] REQUEST_METHODS = {"GET", "PUT", "DELETE", ""};

    RandomCors(final SplittableRandom rnd)
    {
        super(rnd);
    }

    /**
     * @param route a generated route.
     * @return it, sometimes with a CORS policy, and for a redirect or direct response sometimes with a fault.
     */
    HttpRoute decorate(final HttpRoute route)
    {
        HttpRoute out = route;
        final boolean routed = route.redirect() == null && route.directResponse() == null;
        if (!routed && route.fault() == null && chance(25))
        {
            out = new HttpRoute(route.name(), route.matches(), route.route(), route.redirect(),
                    route.directResponse(), route.rewrite(), fault(), route.mirrors(), route.headers(),
                    route.source(), route.delegate(), route.cors());
        }
        if (chance(routed ? 45 : 15))
        {
            out = out.withCors(cors());
            if (routed && out.fault() == null && chance(25))
            {
                // a delay before the CORS filter answers (the fault filter comes first)
                out = new HttpRoute(out.name(), out.matches(), out.route(), null, null, out.rewrite(),
                        new HttpRoute.Fault(null, new HttpRoute.Delay(250, 100.0)), out.mirrors(), out.headers(),
                        out.source(), out.delegate(), out.cors());
            }
        }
        return out;
    }

    private HttpRoute.Fault fault()
    {
        final double[] pct = {0.0, 50.0, 100.0};
        final HttpRoute.Abort abort = chance(50) ? null : chance(25)
                ? new HttpRoute.Abort(200, pct[rnd.nextInt(3)], 14) : new HttpRoute.Abort(503, pct[rnd.nextInt(3)]);
        final HttpRoute.Delay delay = abort != null && chance(50) ? null
                : new HttpRoute.Delay(100 + rnd.nextInt(900), pct[rnd.nextInt(3)]);
        return new HttpRoute.Fault(abort, delay);
    }

    private HttpRoute.Cors cors()
    {
        final List<StringMatch> origins = new ArrayList<>();
        final int n = rnd.nextInt(4);
        for (int k = 0; k < n; k++)
        {
            origins.add(pick(ORIGIN_MATCHES));
        }
        return new HttpRoute.Cors(List.copyOf(origins), chance(70));
    }

    /**
     * Makes about three requests in eight CORS requests, drawn from the id alone: mostly preflights
     * ({@code OPTIONS} with {@code origin} and {@code access-control-request-method}), some with an empty or missing
     * header, a lower-case method, or another method.
     *
     * @param id      the request id.
     * @param method  the method drawn so far ({@code null}: the default).
     * @param headers the request's headers, added to.
     * @return the method to send.
     */
    static String preflight(final long id, final String method, final Map<String, String> headers)
    {
        final long mix = RequestHash.mix64(id * 0x2545F4914F6CDD1DL + 0xC0125L);
        if ((mix & 7) >= 3)
        {
            return method;
        }
        headers.put("origin", ORIGINS[(int)Math.floorMod(mix >>> 8, (long)ORIGINS.length)]);
        if ((mix >>> 16 & 7) != 0)
        {
            headers.put("access-control-request-method",
                    REQUEST_METHODS[(int)Math.floorMod(mix >>> 20, (long)REQUEST_METHODS.length)]);
        }
        final int m = (int)(mix >>> 28 & 15);
        return m < 12 ? "OPTIONS" : m < 13 ? "options" : method;
    }
}
