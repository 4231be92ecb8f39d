package dev.wirespeed.control.compile;

import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.match;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.request;
import static dev.wirespeed.control.compile.Models.vs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ActionStageTest
{
    private static RoutingModel single(final HttpRoute route)
    {
        return model(List.of(vs("web", List.of(WEB), List.of(route))));
    }

    private static HttpRoute route(final List<HttpMatch> matches, final List<RouteDestination> dests,
            final HttpRoute.Rewrite rw, final HttpRoute.Fault fault, final List<HttpRoute.Mirror> mirrors,
            final HttpRoute.HeaderOperations ops)
    {
        return new HttpRoute("r", matches, dests, null, null, rw, fault, mirrors, ops, SourceRef.NONE);
    }

    private static RouteDestination dest(final String subset, final int weight)
    {
        return new RouteDestination(new Destination(WEB, subset, 0), weight);
    }

    @Test
    void shouldBuildRedirectLocations()
    {
        final HttpRoute r = new HttpRoute("r", List.of(), List.of(),
                new HttpRoute.Redirect("/moved", null, 0, "https", 0), null, null, null, List.of(),
                HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        // sent to web's port 80 (8080 is no port of web: docs/routing.md §1 item 2) with a Host naming 8080
        final RouteDecision d = Both.route(single(r), new dev.wirespeed.control.model.HttpRequest(1, 0, "10.9.0.1", 80,
                null, null, Map.of(), null, null, "web:8080", "/old?x=1", Map.of()));
        assertThat(d.action()).isEqualTo("redirect");
        assertThat(d.status()).isEqualTo(301);
        assertThat(d.location()).isEqualTo("https://web:8080/moved?x=1");
        final HttpRoute r2 = new HttpRoute("r", List.of(), List.of(),
                new HttpRoute.Redirect(null, "new.example.com", 443, "https", 302), null, null, null, List.of(),
                HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        assertThat(Both.route(single(r2), get("web", "/a")).location()).isEqualTo("https://new.example.com/a");
    }

    @Test
    void shouldAnswerDirectResponses()
    {
        final HttpRoute r = new HttpRoute("r", List.of(), List.of(), null, new HttpRoute.DirectResponse(418, "tea"),
                null, null, List.of(), HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        final RouteDecision d = Both.route(single(r), get("web", "/"));
        assertThat(d.action()).isEqualTo("direct");
        assertThat(d.status()).isEqualTo(418);
        assertThat(d.body()).isEqualTo("tea");
    }

    @Test
    void shouldInjectFaultsAtTheirPercentages()
    {
        final HttpRoute r = route(List.of(), List.of(dest("v1", 0)), null,
                new HttpRoute.Fault(new HttpRoute.Abort(503, 30), new HttpRoute.Delay(250, 100)), List.of(),
                HttpRoute.HeaderOperations.NONE);
        final RoutingModel m = single(r);
        int aborts = 0;
        try (CompiledRouter c = CompiledRouter.compile(m))
        {
            for (int id = 0; id < 2000; id++)
            {
                final RouteDecision d = c.route(request(id, "web", "/", Map.of()));
                assertThat(d.delayMillis()).isEqualTo(250);
                if (d.action().equals("abort"))
                {
                    aborts++;
                    assertThat(d.flags()).isEqualTo("DI,FI");
                    assertThat(d.status()).isEqualTo(503);
                }
            }
        }
        assertThat(aborts / 2000.0).isCloseTo(0.30, within(0.04));
        Both.route(m, request(5, "web", "/", Map.of()));
    }

    @Test
    void shouldSplitTrafficByWeight()
    {
        final RoutingModel m = single(route(List.of(), List.of(dest("v1", 80), dest("v2", 20), dest("v3", 0)), null,
                null, List.of(), HttpRoute.HeaderOperations.NONE));
        final Map<String, Integer> counts = new HashMap<>();
        try (CompiledRouter c = CompiledRouter.compile(m))
        {
            for (int id = 0; id < 4000; id++)
            {
                counts.merge(c.route(request(id, "web", "/", Map.of())).subset(), 1, Integer::sum);
            }
        }
        assertThat(counts.get("v1") / 4000.0).isCloseTo(0.8, within(0.03));
        assertThat(counts).doesNotContainKey("v3");
        Both.route(m, request(11, "web", "/", Map.of()));
    }

    @Test
    void shouldSplitEvenlyBetweenTwoDestinationsOfMaximalWeightWhoseSumOverflowsAnInt()
    {
        final RoutingModel m = single(route(List.of(), List.of(dest("v1", Integer.MAX_VALUE),
            dest("v2", Integer.MAX_VALUE)), null, null, List.of(), HttpRoute.HeaderOperations.NONE));
        final Map<String, Integer> compiled = new HashMap<>();
        final Map<String, Integer> reference = new HashMap<>();
        final ReferenceRouter router = new ReferenceRouter(m);
        try (CompiledRouter c = CompiledRouter.compile(m))
        {
            for (int id = 0; id < 4000; id++)
            {
                final RouteDecision d = c.route(request(id, "web", "/", Map.of()));
                assertThat(d).isEqualTo(router.route(request(id, "web", "/", Map.of())));
                compiled.merge(d.subset(), 1, Integer::sum);
                reference.merge(router.route(request(id, "web", "/", Map.of())).subset(), 1, Integer::sum);
            }
        }
        assertThat(compiled.getOrDefault("v2", 0) / 4000.0).as("compiled").isCloseTo(0.5, within(0.03));
        assertThat(reference.getOrDefault("v2", 0) / 4000.0).as("reference").isCloseTo(0.5, within(0.03));
    }

    @Test
    void shouldRewriteOnlyTheMatchedPrefix()
    {
        final RoutingModel m = single(route(List.of(match(StringMatch.prefix("/api/v1"))), List.of(dest("v1", 0)),
                new HttpRoute.Rewrite("/v2", "api.internal", null), null, List.of(), HttpRoute.HeaderOperations.NONE));
        final RouteDecision d = Both.route(m, get("web", "/api/v1/users?q=1"));
        assertThat(d.path()).isEqualTo("/v2/users?q=1");
        assertThat(d.authority()).isEqualTo("api.internal");
    }

    @Test
    void shouldRewriteTheWholePathForExactAndRegexMatches()
    {
        final RoutingModel m = single(route(List.of(match(StringMatch.regex("/a.*"))), List.of(dest("v1", 0)),
                new HttpRoute.Rewrite("/z", null, null), null, List.of(), HttpRoute.HeaderOperations.NONE));
        assertThat(Both.route(m, get("web", "/abc?k")).path()).isEqualTo("/z?k");
    }

    @Test
    void shouldApplyRegexRewritesToEveryMatch()
    {
        final RoutingModel m = single(route(List.of(), List.of(dest("v1", 0)),
                new HttpRoute.Rewrite(null, null, new HttpRoute.RegexRewrite("^/api/(v[0-9])/(.*)$", "/\\2/\\1")),
                null, List.of(), HttpRoute.HeaderOperations.NONE));
        assertThat(Both.route(m, get("web", "/api/v3/books?x=1")).path()).isEqualTo("/books/v3?x=1");
    }

    @Test
    void shouldRecordMirrors()
    {
        final RoutingModel m = single(route(List.of(), List.of(dest("v1", 0)), null, null,
                List.of(new HttpRoute.Mirror(new Destination(WEB, "v2", 0), 100),
                        new HttpRoute.Mirror(new Destination(WEB, "v3", 0), 0)),
                HttpRoute.HeaderOperations.NONE));
        assertThat(Both.route(m, get("web", "/")).mirrors()).containsExactly("outbound|80|v2|" + WEB);
    }

    @Test
    void shouldHashOnTheHeaderAfterHeaderOperations()
    {
        final DestinationRule.TrafficPolicy byUser = new DestinationRule.TrafficPolicy(
                new DestinationRule.LoadBalancer(null,
                        new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_HEADER, "end-user")));
        final HttpRoute.HeaderOperations ops = new HttpRoute.HeaderOperations(Map.of("end-user", "fixed"), Map.of(),
                List.of());
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(route(List.of(), List.of(dest(null, 0)),
                null, null, List.of(), ops)))), byUser);
        final String first = Both.route(m, request(1, "web", "/", Map.of("end-user", "a"))).endpoint();
        for (int id = 2; id < 20; id++)
        {
            assertThat(Both.route(m, request(id, "web", "/", Map.of("end-user", "u" + id))).endpoint())
                    .isEqualTo(first);
        }
    }

    @Test
    void shouldKeepTheSameEndpointForTheSameConsistentHashKey()
    {
        final DestinationRule.TrafficPolicy bySource = new DestinationRule.TrafficPolicy(
                new DestinationRule.LoadBalancer(null,
                        new DestinationRule.ConsistentHash(DestinationRule.HashKey.USE_SOURCE_IP, null)));
        final RoutingModel m = model(List.of(), bySource);
        final HttpRequest a = new HttpRequest(1, 0, "10.7.7.7", 0, null, null, Map.of(), null, null, "web", "/",
                Map.of());
        final HttpRequest b = new HttpRequest(99, 0, "10.7.7.7", 0, null, null, Map.of(), null, null, "web", "/",
                Map.of());
        assertThat(Both.route(m, a).endpoint()).isEqualTo(Both.route(m, b).endpoint());
    }
}
