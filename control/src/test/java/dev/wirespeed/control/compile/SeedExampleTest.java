package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.sample.SampleModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed example of issue 2, checked on the reference interpreter and on the compiled FIB. */
class SeedExampleTest
{
    private static final RoutingModel MODEL = SampleModels.reviews();
    private static CompiledRouter compiled;

    @BeforeAll
    static void compile()
    {
        compiled = CompiledRouter.compile(MODEL);
    }

    @AfterAll
    static void free()
    {
        compiled.close();
    }

    private static Function<HttpRequest, RouteDecision> router(final String which)
    {
        return which.equals("reference") ? new ReferenceRouter(MODEL)::route : compiled::route;
    }

    private static HttpRequest get(final String path)
    {
        return SampleModels.request(7, "reviews", path, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "compiled"})
    void shouldRewriteOnlyTheMatchedPrefixAndRouteToV2(final String which)
    {
        final RouteDecision d = router(which).apply(get("/wpcatalog/books"));
        assertThat(d.action()).isEqualTo("route");
        assertThat(d.vs()).isEqualTo("default/reviews-route");
        assertThat(d.route()).isEqualTo("reviews-v2-routes");
        assertThat(d.cluster()).isEqualTo("outbound|9080|v2|reviews.default.svc.cluster.local");
        assertThat(d.subset()).isEqualTo("v2");
        assertThat(d.endpoint()).isEqualTo("10.1.1.12:9080");
        assertThat(d.path()).isEqualTo("/newcatalog/books");
        assertThat(d.authority()).isEqualTo("reviews");
        assertThat(d.flags()).isEqualTo("-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "compiled"})
    void shouldRewriteTheSecondPrefixToo(final String which)
    {
        final RouteDecision d = router(which).apply(get("/consumercatalog"));
        assertThat(d.subset()).isEqualTo("v2");
        assertThat(d.endpoint()).isEqualTo("10.1.1.12:9080");
        assertThat(d.path()).isEqualTo("/newcatalog");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "compiled"})
    void shouldSendEverythingElseToV1Unchanged(final String which)
    {
        final RouteDecision d = router(which).apply(get("/anything?x=1"));
        assertThat(d.route()).isEqualTo("reviews-v1-route");
        assertThat(d.cluster()).isEqualTo("outbound|9080|v1|reviews.default.svc.cluster.local");
        assertThat(d.endpoint()).isEqualTo("10.1.1.11:9080");
        assertThat(d.path()).isEqualTo("/anything?x=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "compiled"})
    void shouldKeepTheQueryOnRewrite(final String which)
    {
        assertThat(router(which).apply(get("/wpcatalog/books?page=2")).path()).isEqualTo("/newcatalog/books?page=2");
    }

    @org.junit.jupiter.api.Test
    void shouldExposeTheEndpointAddressForTheL3Stage()
    {
        final dev.wirespeed.fib.l7.L7Lookup lookup = compiled.newLookup();
        final dev.wirespeed.fib.l7.L7Result result = new dev.wirespeed.fib.l7.L7Result();
        lookup.route(HttpRequestView.of(get("/wpcatalog/x")), result);
        assertThat(lookup.endpointFamily(result.endpoint)).isEqualTo(4);
        assertThat(lookup.endpointAddressWord(result.endpoint, 0)).isEqualTo((10 << 24) | (1 << 16) | (1 << 8) | 12);
        assertThat(lookup.endpointPort(result.endpoint)).isEqualTo(9080);
    }
}
