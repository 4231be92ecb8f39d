package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static dev.wirespeed.control.compile.Models.web;
import static dev.wirespeed.control.compile.Models.webRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sidecar request for a registry service on a port the service does not declare (docs/routing.md §1 item 2):
 * Istio's route table of that port leaves the service out, so its host is outside the registry there (served by a
 * VirtualService naming it that has a virtual host on the port, else the catch-all), and its short names and
 * addresses name nothing there. Both implementations, compared by {@link Both}.
 */
class UndeclaredPortTest
{
    private static final String REVIEWS = "reviews.default.svc.cluster.local";
    private static final String RATINGS = "ratings.default.svc.cluster.local";
    private static final MeshConfig REGISTRY_ONLY = new MeshConfig(MeshConfig.OutboundPolicy.REGISTRY_ONLY, null,
            SourceRef.NONE);

    private static RegistryService service(final String host, final String address, final int port,
            final String protocol)
    {
        return new RegistryService(host, "default", List.of(address),
                List.of(new RegistryService.ServicePort(protocol.toLowerCase(), port, port, protocol)),
                List.of(new RegistryService.Endpoint("10.0.7." + (port % 200), Map.of(), Map.of(), true, "p")),
                SourceRef.NONE);
    }

    /** web (80 HTTP, 3306 TCP), reviews (9080 HTTP, 10.96.0.11), ratings (8080 HTTP, 10.96.0.12). */
    private static RoutingModel model(final VirtualService... vss)
    {
        return new RoutingModel(List.of(vss), List.of(webRule(null)),
                List.of(web(), service(REVIEWS, "10.96.0.11", 9080, "HTTP"),
                        service(RATINGS, "10.96.0.12", 8080, "HTTP")),
                List.of(), List.of());
    }

    private static RouteDecision at(final RoutingModel m, final String authority, final int port)
    {
        return Both.route(m, new HttpRequest(1, 0, "10.9.0.1", port, null, null, Map.of(), null, null, authority,
                "/", Map.of()).withDst("10.96.0.11:" + port));
    }

    @Test
    void shouldSendAServiceWithoutVirtualServiceToTheCatchAllOnAPortItDoesNotDeclare()
    {
        final RoutingModel m = model();
        assertThat(at(m, "reviews", 9080).cluster()).isEqualTo("outbound|9080||" + REVIEWS);
        for (final String authority : List.of("reviews", REVIEWS, "reviews.default", "10.96.0.11"))
        {
            final RouteDecision d = at(m, authority, 8080);
            assertThat(d.cluster()).as(authority).isEqualTo("PassthroughCluster");
            assertThat(d.route()).as(authority).isEqualTo("allow_any");
            assertThat(d.endpoint()).as(authority).isEqualTo("10.96.0.11:8080");
        }
        final RouteDecision blocked = at(m.withMesh(REGISTRY_ONLY), "reviews", 8080);
        assertThat(blocked.route()).isEqualTo("block_all");
        assertThat(blocked.status()).isEqualTo(502);
    }

    @Test
    void shouldNotLetTheVirtualServiceOfTheServiceRouteAPortWithoutVirtualHostOfIt()
    {
        // reviews-route names reviews only: Istio builds it a virtual host on reviews' HTTP port 9080 and on 80
        final RoutingModel m = model(vs("reviews-route", List.of(REVIEWS), List.of(to("r", List.of(), "v1"))));
        assertThat(at(m, "reviews", 9080).vs()).isEqualTo("default/reviews-route");
        final RouteDecision other = at(m, REVIEWS, 8080);
        assertThat(other.vs()).isNull();
        assertThat(other.cluster()).isEqualTo("PassthroughCluster");
        assertThat(at(m, REVIEWS, 80).vs()).as("port 80: the host outside the registry gets a virtual host")
                .isEqualTo("default/reviews-route");
        assertThat(at(m, "reviews", 80).cluster()).as("by its full name only").isEqualTo("PassthroughCluster");
    }

    @Test
    void shouldServeTheFullNameOnlyOnTheHttpPortOfAnotherServiceTheVirtualServiceNames()
    {
        final RoutingModel m = model(vs("pair", List.of(REVIEWS, RATINGS), List.of(to("r", List.of(), "v2"))));
        assertThat(at(m, REVIEWS + ":8080", 8080).vs()).as("ratings' HTTP port 8080").isEqualTo("default/pair");
        // its destination (web, two ports, none given) takes the listener's port (§4), which web lacks: NC
        assertThat(at(m, REVIEWS + ":8080", 8080).cluster()).isEqualTo("outbound|8080|v2|" + Models.WEB);
        for (final String alias : List.of("reviews:8080", "reviews.default.svc:8080", "10.96.0.11:8080"))
        {
            assertThat(at(m, alias, 8080).cluster()).as(alias + ": no domain on 8080").isEqualTo("PassthroughCluster");
        }
        assertThat(at(m, "ratings:8080", 8080).vs()).as("ratings declares 8080: its aliases hold")
                .isEqualTo("default/pair");
        assertThat(at(m, REVIEWS, 3306).vs()).as("no service of pair declares 3306").isNull();
    }

    @Test
    void shouldTakeTheShortNameOfAHostNoServiceHasAsWritten()
    {
        // Istio's sidecar domain of a VirtualService host outside the registry is that host (its full name) alone
        final String ghost = "ghost.default.svc.cluster.local";
        final RoutingModel m = model(vs("ghost", List.of(ghost), List.of(to("g", List.of(), "v1"))));
        assertThat(at(m, ghost, 80).vs()).isEqualTo("default/ghost");
        assertThat(at(m, "ghost", 80).cluster()).isEqualTo("PassthroughCluster");
        assertThat(at(m, "ghost.default.svc", 80).cluster()).isEqualTo("PassthroughCluster");
        final VirtualService edge = new VirtualService("default", "edge", List.of(ghost), List.of("default/edge"),
                List.of("*"), List.of(to("r", List.of(), "v1")), List.of(), SourceRef.NONE);
        final HttpRequest onGateway = new HttpRequest(1, 0, "10.9.0.1", 80, "default/edge", null, Map.of(), null,
                null, "ghost", "/", Map.of());
        // a gateway's virtual host domains are its VirtualServices' hosts, no alias (Istio's buildGatewayVirtualHosts)
        final RouteDecision noAlias = Both.route(model(edge), onGateway);
        assertThat(noAlias.vs()).as("no alias on a gateway").isNull();
        assertThat(noAlias.flags()).isEqualTo("NR");
        assertThat(Both.route(model(edge), new HttpRequest(1, 0, "10.9.0.1", 80, "default/edge", null, Map.of(), null,
                null, ghost, "/", Map.of())).vs()).isEqualTo("default/edge");
    }

    @Test
    void shouldPassAConnectionToAServiceAddressOnAPortItDoesNotDeclareThrough()
    {
        final RoutingModel m = model();
        final HttpRequest mysql = new HttpRequest(1, 0, "10.9.0.1", 3306, null, null, Map.of(), null, null,
                "172.20.0.9", "", Map.of()).withDst("172.20.0.9:3306").withSni("");
        assertThat(Both.route(m, mysql).cluster()).as("web declares 3306").isEqualTo("outbound|3306||" + Models.WEB);
        final HttpRequest other = new HttpRequest(1, 0, "10.9.0.1", 5432, null, null, Map.of(), null, null,
                "172.20.0.9", "", Map.of()).withDst("172.20.0.9:5432").withSni("");
        final RouteDecision passed = Both.route(m, other);
        assertThat(passed.cluster()).isEqualTo("PassthroughCluster");
        assertThat(passed.route()).as("a TCP proxy has no route name").isNull();
        assertThat(Both.route(m.withMesh(REGISTRY_ONLY), other).cluster()).isEqualTo("BlackHoleCluster");
    }

    @Test
    void shouldKeepAGatewayRequestOnAnyPortRoutedByItsVirtualService()
    {
        final VirtualService edge = new VirtualService("default", "edge", List.of(REVIEWS), List.of("default/edge"),
                List.of("*"), List.of(to("r", List.of(), "v1")), List.of(), SourceRef.NONE);
        final HttpRequest r = new HttpRequest(1, 0, "10.9.0.1", 8080, "default/edge", null, Map.of(), null, null,
                REVIEWS + ":8080", "/", Map.of());
        assertThat(Both.route(model(edge), r).vs()).isEqualTo("default/edge");
        assertThat(Both.route(model(edge), new HttpRequest(1, 0, "10.9.0.1", 8080, "default/edge", null, Map.of(),
                null, null, "reviews", "/", Map.of())).vs()).as("no alias on a gateway").isNull();
    }
}
