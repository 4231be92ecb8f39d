package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The differential property at large rule counts: one virtual host with hundreds to tens of thousands of
 * routes drawn from a small vocabulary (so uri prefixes nest, regexes share literal prefixes, header and
 * query values collide, and many candidate lists hold the same request), requests from the same
 * vocabulary; the compiled FIB and the reference interpreter must decide every request alike. One model
 * has more than 65,536 match blocks on one host. Prints its seed; replay with {@code -Dwirespeed.seed=N};
 * {@code -Dwirespeed.largeModels=N} and {@code -Dwirespeed.largeRequests=N} scale it.
 */
class LargeRuleSetDifferentialProperties
{
    private static final int MODELS = Integer.getInteger("wirespeed.largeModels", 24);
    private static final int REQUESTS_PER_MODEL = Integer.getInteger("wirespeed.largeRequests", 4200);
    private static final int[] SIZES = {300, 1000, 3000, 5000};
    private static final String[] SEGMENTS = {"a", "b", "api", "v1", "V1", "x", "10", "7"};
    private static final String[] VALUES = {"1", "2", "Q", "q", "abc", ""};
    private static final String[] HEADERS = {"x-a", "x-b"};
    private static final String[] PARAMS = {"q", "id"};
    private static final String HOST = "big.example.com";

    // over 100k lookups against the reference on rule sets up to 70,000 routes: 190-240 s at load 14-20 on a shared
    // 2-vCPU machine, more than the 2-minute default of junit-platform.properties
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @Test
    void compiledFibShouldDecideLikeTheReferenceOnLargeRuleSets()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("LargeRuleSetDifferentialProperties seed=" + seed
                + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        long lookups = 0;
        int routed = 0;
        int deep = 0;
        for (int m = 0; m <= MODELS; m++)
        {
            final long modelSeed = master.nextLong();
            final SplittableRandom rnd = new SplittableRandom(modelSeed);
            final boolean huge = m == MODELS;
            final int routes = huge ? 70_000 : SIZES[m % SIZES.length];
            final RoutingModel model = model(rnd, routes, huge);
            final ReferenceRouter reference = new ReferenceRouter(model);
            try (CompiledRouter compiled = CompiledRouter.compile(model))
            {
                final int requests = huge ? 300 : REQUESTS_PER_MODEL;
                for (int i = 0; i < requests; i++)
                {
                    final HttpRequest request = request(rnd, i, Math.max(4, routes / 8));
                    final RouteDecision expected = reference.route(request);
                    final RouteDecision actual = compiled.route(request);
                    if (!expected.equals(actual))
                    {
                        fail("seed=" + seed + " model#" + m + " (modelSeed=" + modelSeed + ", " + routes
                                + " routes) request#" + i + "\nrequest: " + request
                                + "\nreference: " + expected + "\ncompiled:  " + actual);
                    }
                    lookups++;
                    // a sidecar request on a port other than 80 for this host outside the registry takes the
                    // catch-all (allow_any), not a route of the VirtualService (docs/routing.md §1 item 5)
                    final boolean vsRoute = expected.vs() != null && expected.route() != null;
                    routed += vsRoute ? 1 : 0;
                    deep += vsRoute && Integer.parseInt(expected.route().substring(1)) >= 100 ? 1 : 0;
                }
            }
        }
        System.out.println("LargeRuleSetDifferentialProperties lookups=" + lookups + " routed=" + routed
                + " matchedBeyondRoute100=" + deep);
        assertThat(lookups).isGreaterThanOrEqualTo((long)MODELS * REQUESTS_PER_MODEL);
        assertThat(routed).as("most requests match some route").isGreaterThan((int)(lookups / 4));
        assertThat(deep).as("first matches lie deep in the route list too").isGreaterThan((int)(lookups / 20));
    }

    private static <T> T pick(final SplittableRandom rnd, final T[] a)
    {
        return a[rnd.nextInt(a.length)];
    }

    /** A path whose first segment comes from a vocabulary that grows with the route count. */
    private static String path(final SplittableRandom rnd, final int vocabulary)
    {
        final StringBuilder b = new StringBuilder();
        b.append('/').append(rnd.nextInt(5) == 0 ? pick(rnd, SEGMENTS) : "s" + rnd.nextInt(vocabulary));
        final int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++)
        {
            b.append('/').append(pick(rnd, SEGMENTS));
        }
        return b.toString();
    }

    private static StringMatch uri(final SplittableRandom rnd, final int vocabulary)
    {
        final String p = path(rnd, vocabulary);
        switch (rnd.nextInt(10))
        {
            case 0:
            case 1:
            case 2:
                return StringMatch.exact(p);
            case 3:
                return StringMatch.regex(p + "/[0-9]+");
            case 4:
                return StringMatch.regex(rnd.nextBoolean() ? p + ".*" : ".*" + pick(rnd, SEGMENTS) + ".*");
            case 5:
                return StringMatch.regex(p + "|/" + pick(rnd, SEGMENTS));
            default:
                return StringMatch.prefix(rnd.nextBoolean() ? p : p + "/");
        }
    }

    private static StringMatch value(final SplittableRandom rnd, final boolean present)
    {
        switch (rnd.nextInt(present ? 5 : 4))
        {
            case 0:
            case 1:
                return StringMatch.exact(pick(rnd, VALUES));
            case 2:
                return StringMatch.prefix(pick(rnd, VALUES));
            case 3:
                return StringMatch.regex("[0-9a-z]+");
            default:
                return StringMatch.present();
        }
    }

    private static HttpMatch match(final SplittableRandom rnd, final int vocabulary)
    {
        final boolean noUri = rnd.nextInt(20) == 0;
        final Map<String, StringMatch> headers = new LinkedHashMap<>();
        if (noUri)
        {
            headers.put(pick(rnd, HEADERS), StringMatch.exact("v" + rnd.nextInt(vocabulary)));
        }
        else if (rnd.nextInt(10) < 3)
        {
            headers.put(pick(rnd, HEADERS), value(rnd, true));
        }
        final Map<String, StringMatch> without = new LinkedHashMap<>();
        if (rnd.nextInt(20) == 0)
        {
            without.put(pick(rnd, HEADERS), value(rnd, true));
        }
        final Map<String, StringMatch> query = new LinkedHashMap<>();
        if (rnd.nextInt(10) < 2)
        {
            query.put(pick(rnd, PARAMS), rnd.nextBoolean() ? StringMatch.exact(pick(rnd, VALUES)) : value(rnd, true));
        }
        final StringMatch method = rnd.nextInt(10) < 2
                ? (rnd.nextBoolean() ? StringMatch.exact(rnd.nextBoolean() ? "GET" : "POST") : StringMatch.regex("P.*"))
                : null;
        final StringMatch authority = rnd.nextInt(30) == 0
                ? (rnd.nextBoolean() ? StringMatch.exact(HOST) : StringMatch.prefix("big")) : null;
        final StringMatch scheme = rnd.nextInt(30) == 0 ? StringMatch.exact("https") : null;
        final int port = rnd.nextInt(25) == 0 ? (rnd.nextBoolean() ? 80 : 8080) : 0;
        final List<String> gateways = rnd.nextInt(25) == 0
                ? (rnd.nextBoolean() ? List.of("mesh") : List.of("mesh", "ns1/gw1")) : List.of();
        final String ns = rnd.nextInt(25) == 0 ? (rnd.nextBoolean() ? "default" : "ns1") : null;
        final Map<String, String> labels = rnd.nextInt(25) == 0
                ? Map.of("app", rnd.nextBoolean() ? "a" : "b") : Map.of();
        return new HttpMatch(null, noUri ? null : uri(rnd, vocabulary), scheme, method, authority, headers, without,
                query, rnd.nextInt(7) == 0, port, labels, ns, gateways);
    }

    private static RoutingModel model(final SplittableRandom rnd, final int routes, final boolean huge)
    {
        final List<RegistryService> services = new ArrayList<>();
        for (int s = 0; s < 3; s++)
        {
            services.add(new RegistryService("svc" + s + ".default.svc.cluster.local", "default",
                    List.of("10.0." + s + ".1"),
                    List.of(new RegistryService.ServicePort("http", 80, 8080, "HTTP")),
                    List.of(new RegistryService.Endpoint("10.1." + s + ".1", Map.of(), Map.of(), true, "p" + s)),
                    SourceRef.NONE));
        }
        final List<HttpRoute> http = new ArrayList<>();
        for (int r = 0; r < routes; r++)
        {
            final List<HttpMatch> matches = new ArrayList<>();
            final int blocks = huge ? 1 : (rnd.nextInt(4) == 0 ? 2 : 1);
            for (int b = 0; b < blocks; b++)
            {
                matches.add(match(rnd, Math.max(4, routes / 8)));
            }
            http.add(new HttpRoute("r" + r, matches, List.of(new RouteDestination(
                    new Destination("svc" + rnd.nextInt(3) + ".default.svc.cluster.local", null, 0), 100)),
                    null, null, null, null, List.of(), null, SourceRef.NONE));
        }
        final List<VirtualService> vss = new ArrayList<>();
        vss.add(new VirtualService("default", "big", List.of(HOST), List.of("mesh", "ns1/gw1"), List.of("*"), http,
                List.of(), SourceRef.NONE));
        return new RoutingModel(vss, List.of(), services, List.of(), List.of());
    }

    private static HttpRequest request(final SplittableRandom rnd, final long id, final int vocabulary)
    {
        String path = path(rnd, vocabulary);
        if (rnd.nextInt(4) == 0)
        {
            path += "/" + rnd.nextInt(100);
        }
        if (rnd.nextInt(4) == 0)
        {
            path += "?" + pick(rnd, PARAMS) + (rnd.nextInt(5) == 0 ? "" : "=" + pick(rnd, VALUES))
                    + (rnd.nextBoolean() ? "&" + pick(rnd, PARAMS) + "=" + pick(rnd, VALUES) : "");
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        for (final String h : HEADERS)
        {
            if (rnd.nextInt(3) == 0)
            {
                headers.put(h, rnd.nextInt(3) == 0 ? "v" + rnd.nextInt(vocabulary) : pick(rnd, VALUES));
            }
        }
        final String gateway = rnd.nextInt(10) == 0 ? "ns1/gw1" : "mesh";
        final String ns = rnd.nextInt(5) == 0 ? "ns1" : "default";
        final Map<String, String> labels = rnd.nextInt(3) == 0
                ? Map.of("app", rnd.nextBoolean() ? "a" : "b") : Map.of();
        return new HttpRequest(id, 0, "10.9.0.1", rnd.nextInt(10) == 0 ? 8080 : 80, gateway, ns, labels,
                rnd.nextInt(4) == 0 ? "POST" : "GET", rnd.nextInt(10) == 0 ? "https" : "http", HOST, path, headers);
    }
}
