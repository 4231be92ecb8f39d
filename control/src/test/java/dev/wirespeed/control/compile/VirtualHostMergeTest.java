package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.match;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static org.assertj.core.api.Assertions.assertThat;

/** Which VirtualService a request sees when several cover its host (both implementations, via {@link Both}). */
class VirtualHostMergeTest
{
    private static final String GW = "default/edge";

    private static VirtualService onGateway(final String name, final List<String> hosts, final List<HttpRoute> http)
    {
        return new VirtualService("default", name, hosts, List.of(GW), List.of("*"), http, List.of(), SourceRef.NONE);
    }

    private static HttpRequest viaGateway(final String authority, final String path)
    {
        return new HttpRequest(1, 0, null, 0, GW, null, Map.of(), null, null, authority, path, Map.of());
    }

    private static HttpMatch prefix(final String p)
    {
        return match(StringMatch.prefix(p));
    }

    @Test
    void shouldMergeGatewayVirtualServicesSharingAHostInLoadOrder()
    {
        final RoutingModel m = model(List.of(
                onGateway("reviews", List.of("shop.example.com"),
                        List.of(to("reviews", List.of(prefix("/reviews")), "v1"))),
                onGateway("ratings", List.of("shop.example.com"),
                        List.of(to("ratings", List.of(prefix("/ratings")), "v2")))));
        assertThat(Both.route(m, viaGateway("shop.example.com", "/reviews/1")).vs()).isEqualTo("default/reviews");
        final var ratings = Both.route(m, viaGateway("shop.example.com", "/ratings/1"));
        assertThat(ratings.vs()).isEqualTo("default/ratings");
        assertThat(ratings.subset()).isEqualTo("v2");
        final var none = Both.route(m, viaGateway("shop.example.com", "/other"));
        assertThat(none.flags()).isEqualTo("NR");
        assertThat(none.vs()).isEqualTo("default/reviews");
    }

    @Test
    void shouldMoveCatchAllRoutesBehindTheOtherVirtualServicesRoutes()
    {
        final RoutingModel m = model(List.of(
                onGateway("first", List.of("shop.example.com"), List.of(
                        to("api", List.of(prefix("/api")), "v1"),
                        to("rest", List.of(prefix("/")), "v1"))),
                onGateway("second", List.of("shop.example.com"), List.of(to("static", List.of(prefix("/static")), "v2"),
                        to("tail", List.of(), "v3")))));
        assertThat(Both.route(m, viaGateway("shop.example.com", "/static/a.css")).route()).isEqualTo("static");
        assertThat(Both.route(m, viaGateway("shop.example.com", "/api/x")).route()).isEqualTo("api");
        // both catch-alls go last, in load order: the first VirtualService's wins
        assertThat(Both.route(m, viaGateway("shop.example.com", "/x")).route()).isEqualTo("rest");
    }

    @Test
    void shouldNotMergeOnTheMeshWhereTheFirstVirtualServiceWins()
    {
        final RoutingModel m = model(List.of(
                vs("a", List.of(WEB), List.of(to("a", List.of(prefix("/a")), "v1"))),
                vs("b", List.of(WEB), List.of(to("b", List.of(prefix("/b")), "v2")))));
        final var d = Both.route(m, get("web", "/b"));
        assertThat(d.flags()).isEqualTo("NR");
        assertThat(d.vs()).isEqualTo("default/a");
    }

    @Test
    void shouldFallBackToAWildcardWhenTheExactVirtualServiceHasNoHttpRoutes()
    {
        final TcpRoute tcp = new TcpRoute(List.of(), List.of(new dev.wirespeed.control.model.RouteDestination(
                new dev.wirespeed.control.model.Destination(WEB, null, 3306), 0)), SourceRef.NONE);
        final VirtualService exact = new VirtualService("default", "exact", List.of("api.example.com"),
                List.of("mesh"), List.of("*"), List.of(), List.of(tcp), SourceRef.NONE);
        final VirtualService wildcard = vs("wildcard", List.of("*.example.com"), List.of(to("w", List.of(), "v1")));
        final var d = Both.route(model(List.of(exact, wildcard)), get("api.example.com", "/"));
        assertThat(d.vs()).isEqualTo("default/wildcard");
        assertThat(d.subset()).isEqualTo("v1");
    }

    @Test
    void shouldKeepTheServicesDefaultRouteWhenItsVirtualServiceHasOnlyTcpRoutes()
    {
        final TcpRoute tcp = new TcpRoute(List.of(), List.of(new dev.wirespeed.control.model.RouteDestination(
                new dev.wirespeed.control.model.Destination(WEB, null, 3306), 0)), SourceRef.NONE);
        final VirtualService exact = new VirtualService("default", "exact", List.of(WEB), List.of("mesh"),
                List.of("*"), List.of(), List.of(tcp), SourceRef.NONE);
        final VirtualService wildcard = vs("wildcard", List.of("*.svc.cluster.local"),
                List.of(to("w", List.of(), "v1")));
        final var d = Both.route(model(List.of(exact, wildcard)), get("web", "/"));
        assertThat(d.vs()).isNull();
        assertThat(d.cluster()).isEqualTo("outbound|80||" + WEB);
    }
}
