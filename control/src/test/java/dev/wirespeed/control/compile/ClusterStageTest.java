package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TcpRoute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.request;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static dev.wirespeed.control.compile.Models.web;
import static dev.wirespeed.control.compile.Models.webRule;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterStageTest
{
    private static RoutingModel toSubset(final String subset)
    {
        return model(List.of(vs("web", List.of(WEB), List.of(to("r", List.of(), subset)))));
    }

    @Test
    void shouldPickOnlyHealthyEndpointsOfTheSubset()
    {
        for (int id = 0; id < 10; id++)
        {
            final RouteDecision d = Both.route(toSubset("v2"), request(id, "web", "/", Map.of()));
            assertThat(d.endpoint()).isEqualTo("10.0.0.2:8080");
        }
    }

    @Test
    void shouldAnswerUhWhenNoEndpointIsHealthy()
    {
        final RouteDecision d = Both.route(toSubset("v3"), get("web", "/"));
        assertThat(d.action()).isEqualTo("drop");
        assertThat(d.status()).isEqualTo(503);
        assertThat(d.flags()).isEqualTo("UH");
        assertThat(d.reason()).isEqualTo("no-healthy-upstream");
        assertThat(d.cluster()).isEqualTo("outbound|80|v3|" + WEB);
    }

    @Test
    void shouldAnswerNcForAnUndefinedSubsetOrHost()
    {
        final RouteDecision d = Both.route(toSubset("v9"), get("web", "/"));
        assertThat(d.flags()).isEqualTo("NC");
        assertThat(d.reason()).isEqualTo("no-cluster");
        final HttpRoute nowhere = new HttpRoute("r", List.of(),
                List.of(new RouteDestination(new Destination("nowhere.example.com", null, 0), 0)), null, null, null,
                null, List.of(), HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        final RouteDecision d2 = Both.route(model(List.of(vs("web", List.of(WEB), List.of(nowhere)))), get("web", "/"));
        assertThat(d2.cluster()).isEqualTo("outbound|80||nowhere.example.com");
        assertThat(d2.flags()).isEqualTo("NC");
    }

    @Test
    void shouldRoundRobinOverSortedEndpoints()
    {
        final DestinationRule.TrafficPolicy rr = new DestinationRule.TrafficPolicy(
                new DestinationRule.LoadBalancer(DestinationRule.Simple.ROUND_ROBIN, null));
        final RoutingModel m = model(List.of(), rr);
        assertThat(Both.route(m, request(0, "web", "/", Map.of())).endpoint()).isEqualTo("10.0.0.1:8080");
        assertThat(Both.route(m, request(1, "web", "/", Map.of())).endpoint()).isEqualTo("10.0.0.2:8080");
        assertThat(Both.route(m, request(2, "web", "/", Map.of())).endpoint()).isEqualTo("10.0.0.1:8080");
    }

    @Test
    void shouldPreferTheRuleInTheClientNamespace()
    {
        final DestinationRule clientRule = new DestinationRule("ns1", "client", WEB, null,
                List.of(new DestinationRule.Subset("v1", Map.of("version", "v2"), null)), List.of("*"),
                SourceRef.NONE);
        final RoutingModel m = new RoutingModel(List.of(vs("web", List.of(WEB), List.of(to("r", List.of(), "v1")))),
                List.of(webRule(null), clientRule), List.of(web()), List.of(), List.of());
        final HttpRequest fromNs1 = new HttpRequest(1, 0, null, 0, null, "ns1", Map.of(), null, null, WEB, "/",
                Map.of());
        assertThat(Both.route(m, fromNs1).endpoint()).isEqualTo("10.0.0.2:8080");
        assertThat(Both.route(m, get(WEB, "/")).endpoint()).isEqualTo("10.0.0.1:8080");
    }

    @Test
    void shouldRouteNonHttpPortsByTcpRoutes()
    {
        final TcpRoute tcp = new TcpRoute(List.of(new TcpRoute.L4Match(List.of("172.20.0.0/16"), 3306, Map.of(), null,
                List.of())), List.of(new RouteDestination(new Destination(WEB, "v2", 3306), 0)), SourceRef.NONE);
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(to("r", List.of(), "v1")), List.of(tcp))));
        final HttpRequest mysql = new HttpRequest(1, 0, null, 3306, null, null, Map.of(), null, null, "web", "/",
                Map.of());
        final RouteDecision d = Both.route(m, mysql);
        assertThat(d.action()).isEqualTo("route");
        assertThat(d.cluster()).isEqualTo("outbound|3306|v2|" + WEB);
        assertThat(d.endpoint()).isEqualTo("10.0.0.2:3306");
        assertThat(d.path()).isNull();
        assertThat(Both.route(m, get("web", "/")).route()).isEqualTo("r");
    }
}
