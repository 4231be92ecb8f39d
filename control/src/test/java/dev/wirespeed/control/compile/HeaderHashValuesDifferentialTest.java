package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A consistent hash on a header that goes upstream with several values (docs/routing.md §4): random header
 * operations of a route and of its destinations ({@code set}, {@code add}, {@code remove} of the hashed header, with
 * values that sort differently as bytes and as text) beside the request's own value, on a ring or a Maglev table; the
 * compiled FIB against the reference (printed seed), and Envoy's {@code HeaderHashMethod} property that the values
 * are hashed sorted: the same values in another order give the same endpoint, and several values the endpoint of
 * their sorted join.
 */
class HeaderHashValuesDifferentialTest
{
    private static final int MODELS = Integer.getInteger("wirespeed.models", 120);
    private static final String[] VALUES = {"a", "b", "ab", "B", "", "\u00e9", "z\u00e9", "\uff41", "10", "9"};

    private static HttpRequest request(final long id, final String key)
    {
        final Map<String, String> headers = new HashMap<>();
        if (key != null)
        {
            headers.put("x-key", key);
        }
        return new HttpRequest(id, 0, "10.9.0.1", 80, null, "default", Map.of(), "GET", "http", "keyed.example.com",
                "/", headers);
    }

    @Test
    void compiledFibShouldHashSeveralUpstreamValuesExactlyLikeTheReference()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("HeaderHashValuesDifferentialTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed
                + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        final Map<String, Integer> coverage = new TreeMap<>();
        for (int m = 0; m < MODELS; m++)
        {
            final String yaml = UpstreamValuesConfigs.config(master.split(), "httpHeaderName: x-key", "x-key", VALUES);
            final RoutingModel model = load(yaml);
            final ReferenceRouter reference = new ReferenceRouter(model);
            try (CompiledRouter compiled = CompiledRouter.compile(model))
            {
                for (int i = 0; i < 20; i++)
                {
                    final HttpRequest request = request(i, master.nextInt(4) == 0 ? null
                            : VALUES[master.nextInt(VALUES.length)]);
                    final RouteDecision expected = reference.route(request);
                    final RouteDecision actual = compiled.route(request);
                    if (!expected.equals(actual))
                    {
                        fail("seed=" + seed + " model#" + m + "\n" + yaml + "\nrequest: " + request + "\nreference: "
                                + expected + "\ncompiled:  " + actual);
                    }
                    final int values = upstreamValues(request, expected);
                    coverage.merge(values >= 2 ? "several-values" : values == 1 ? "one-value" : "no-value", 1,
                            Integer::sum);
                }
            }
        }
        System.out.println("HeaderHashValuesDifferentialTest coverage=" + coverage);
        assertThat(coverage).containsKeys("several-values", "one-value", "no-value");
    }

    /** @return how many values of x-key went upstream (the request's own and the added ones). */
    private static int upstreamValues(final HttpRequest request, final RouteDecision d)
    {
        if (d.removedHeaders() != null && d.removedHeaders().contains("x-key"))
        {
            return 0;
        }
        final String changed = d.headers() == null ? null : d.headers().get("x-key");
        if (changed == null)
        {
            return request.headers().containsKey("x-key") ? 1 : 0;
        }
        return changed.split(",", -1).length;
    }

    /** Six endpoints on a ring of 12; the route adds a value of the hashed header (its own as written). */
    private static final String ADDED = UpstreamValuesConfigs.added("httpHeaderName: x-key", "x-key", "%s");

    @Test
    void shouldHashSeveralValuesSortedAndJoinedAsEnvoysHeaderHashMethodDoes()
    {
        final String yaml = ADDED;
        final List<String> differ = new ArrayList<>();
        for (int k = 0; k < 40; k++)
        {
            final String own = "u" + k;
            final String added = "v" + (k * 7 % 13);
            // the request's value and an added one, in both orders, and their sorted join as one value
            final String sortedJoin = own.compareTo(added) <= 0 ? own + added : added + own;
            final String oneWay = Both.route(load(yaml.formatted(added)), request(k, own)).endpoint();
            final String otherWay = Both.route(load(yaml.formatted(own)), request(k, added)).endpoint();
            final String joined = Both.route(load(yaml.formatted("").replace("add: {x-key: \"\"}", "set: {}")),
                    request(k, sortedJoin)).endpoint();
            assertThat(oneWay).as("values %s and %s", own, added).isEqualTo(otherWay).isEqualTo(joined);
            final String first = Both.route(load(yaml.formatted("").replace("add: {x-key: \"\"}", "set: {}")),
                    request(k, own)).endpoint();
            if (!first.equals(oneWay))
            {
                differ.add(own);
            }
        }
        // hashing only the first value would send every one of these where the request's own value goes
        assertThat(differ).isNotEmpty();
    }

    @Test
    void shouldNotAllocateHashingSeveralUpstreamValues()
    {
        final HttpRequest[] requests = new HttpRequest[VALUES.length];
        for (int k = 0; k < requests.length; k++)
        {
            requests[k] = request(k, VALUES[k]);
        }
        assertThat(UpstreamValuesConfigs.allocatedRouting(load(ADDED.formatted("zz")), requests))
                .as("bytes allocated by 100,000 lookups").isLessThan(1024);
    }

    private static RoutingModel load(final String yaml)
    {
        return UpstreamValuesConfigs.load(yaml);
    }
}
