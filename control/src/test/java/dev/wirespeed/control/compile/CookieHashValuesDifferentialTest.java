package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RouteTrace;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A consistent hash on a cookie when the {@code cookie} header goes upstream with several values (docs/routing.md
 * §4): the request's own value beside values a route or its destinations {@code add} (or {@code set}, or
 * {@code remove}), on a ring or a Maglev table, with and without a {@code ttl}. Envoy's {@code parseCookieValue}
 * walks every value in turn and takes the first pair with the name, whichever value it is in (an empty one then
 * hashes nothing). The compiled FIB against the reference (printed seed), with a tally of where the cookie was
 * found; and the property that a cookie in a later value picks what the same cookie alone picks.
 */
class CookieHashValuesDifferentialTest
{
    private static final int MODELS = Integer.getInteger("wirespeed.models", 120);
    /** Cookie header values: the pair first, later, empty, quoted, missing, or several times. */
    private static final String[] VALUES = {"session=a", "other=1; session=b", "session=", "x=1", "session=\"q\"",
        "session", " session=c;session=d", "user=u", "a=b;;session=e"};
    /** The same, as YAML double-quoted strings. */
    private static final String[] QUOTED = java.util.Arrays.stream(VALUES).map(v -> v.replace("\"", "\\\""))
            .toArray(String[]::new);

    private static HttpRequest request(final long id, final String cookie)
    {
        final Map<String, String> headers = new HashMap<>();
        if (cookie != null)
        {
            headers.put("cookie", cookie);
        }
        return new HttpRequest(id, 0, "10.9.0.1", 80, null, "default", Map.of(), "GET", "http",
                "keyed.example.com", "/", headers).withDst("10.9.0.9:80").withSrcPort(40000 + (int)(id % 3));
    }

    @Test
    void compiledFibShouldReadTheCookieFromEveryUpstreamValueExactlyLikeTheReference()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261205L);
        System.out.println("CookieHashValuesDifferentialTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed
                + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        final Map<String, Integer> coverage = new TreeMap<>();
        for (int m = 0; m < MODELS; m++)
        {
            final SplittableRandom rnd = master.split();
            final String key = "httpCookie: {name: session" + (rnd.nextBoolean() ? ", ttl: 0s}" : "}");
            final String yaml = UpstreamValuesConfigs.config(rnd, key, "cookie", QUOTED);
            final RoutingModel model = load(yaml);
            final ReferenceRouter reference = new ReferenceRouter(model);
            try (CompiledRouter compiled = CompiledRouter.compile(model))
            {
                for (int i = 0; i < 20; i++)
                {
                    final HttpRequest request = request(i, master.nextInt(4) == 0 ? null
                            : VALUES[master.nextInt(VALUES.length)]);
                    final StringBuilder walk = new StringBuilder();
                    final RouteDecision expected = reference.route(request, new RouteTrace()
                    {
                        @Override
                        public void endpoint(final String policy, final int endpoints, final int pick,
                                final String endpoint)
                        {
                            walk.append(policy).append('\n');
                        }
                    });
                    final RouteDecision actual = compiled.route(request);
                    if (!expected.equals(actual))
                    {
                        fail("seed=" + seed + " model#" + m + "\n" + yaml + "\nrequest: " + request + "\nreference: "
                                + expected + "\ncompiled:  " + actual + "\nwalk: " + walk);
                    }
                    tally(coverage, walk.toString());
                }
            }
        }
        System.out.println("CookieHashValuesDifferentialTest coverage=" + coverage);
        assertThat(coverage).containsKeys("cookie-in-first-value", "cookie-beyond-first-value",
                "cookie-empty-pair-later", "cookie-absent");
    }

    private static void tally(final Map<String, Integer> coverage, final String walk)
    {
        final boolean key = walk.contains("keys [") || walk.contains(" key `");
        final boolean later = walk.contains("in upstream `cookie` value ");
        if (key)
        {
            coverage.merge(later ? "cookie-beyond-first-value" : "cookie-in-first-value", 1, Integer::sum);
        }
        else
        {
            // the first pair with the name is empty (in a later value), or no value has one
            coverage.merge(later ? "cookie-empty-pair-later" : "cookie-absent", 1, Integer::sum);
        }
    }

    /** Six endpoints on a ring of 12; the route adds a cookie header value. */
    private static final String ADDED = UpstreamValuesConfigs.added("httpCookie: {name: session}", "cookie", "%s");

    @Test
    void shouldTakeTheFirstPairWithTheNameWhicheverValueItIsIn()
    {
        int differ = 0;
        for (int k = 0; k < 40; k++)
        {
            final String own = "s" + k;
            final String other = "t" + (k * 7 % 13);
            final String alone = Both.route(load(ADDED.formatted("x=1")), request(k, "session=" + own)).endpoint();
            // the request has no session cookie: the added value's is the key
            assertThat(Both.route(load(ADDED.formatted("session=" + own)), request(k, "user=u")).endpoint())
                .as("cookie %s in the added value", own).isEqualTo(alone);
            // the request's own pair comes first: the added one is not read
            assertThat(Both.route(load(ADDED.formatted("session=" + other)), request(k, "session=" + own))
                .endpoint()).as("cookie %s before %s", own, other).isEqualTo(alone);
            final String second = Both.route(load(ADDED.formatted("x=1")), request(k, "session=" + other)).endpoint();
            if (!second.equals(alone))
            {
                differ++;
            }
        }
        // reading the added value (or hashing both) would have sent some of these elsewhere
        assertThat(differ).isPositive();
    }

    @Test
    void shouldNotAllocateReadingTheCookieFromSeveralValues()
    {
        final HttpRequest[] requests = new HttpRequest[VALUES.length];
        for (int k = 0; k < requests.length; k++)
        {
            requests[k] = request(k, VALUES[k]);
        }
        assertThat(UpstreamValuesConfigs.allocatedRouting(load(ADDED.formatted("other=2; session=added")), requests))
                .as("bytes allocated by 100,000 lookups").isLessThan(1024);
    }

    private static RoutingModel load(final String yaml)
    {
        return UpstreamValuesConfigs.load(yaml);
    }
}
