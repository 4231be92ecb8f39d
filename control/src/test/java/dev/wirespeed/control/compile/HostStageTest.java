package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static org.assertj.core.api.Assertions.assertThat;

class HostStageTest
{
    private static final RoutingModel WILDCARDS = model(List.of(
            vs("any", List.of("*"), List.of(to("any", List.of(), "v1"))),
            vs("short", List.of("*.example.com"), List.of(to("short", List.of(), "v1"))),
            vs("long", List.of("*.b.example.com"), List.of(to("long", List.of(), "v1"))),
            vs("exact", List.of("a.b.example.com"), List.of(to("exact", List.of(), "v1")))));

    @Test
    void shouldPreferTheExactHostOverAnyWildcard()
    {
        assertThat(Both.route(WILDCARDS, get("a.b.example.com", "/")).vs()).isEqualTo("default/exact");
    }

    @Test
    void shouldPreferTheLongestWildcard()
    {
        assertThat(Both.route(WILDCARDS, get("c.b.example.com", "/")).vs()).isEqualTo("default/long");
        assertThat(Both.route(WILDCARDS, get("x.y.example.com", "/")).vs()).isEqualTo("default/short");
    }

    private static final MeshConfig REGISTRY_ONLY = new MeshConfig(MeshConfig.OutboundPolicy.REGISTRY_ONLY, null,
            SourceRef.NONE);

    @Test
    void shouldNotLetAWildcardMatchItsOwnSuffix()
    {
        assertThat(Both.route(WILDCARDS, get("example.com", "/")).vs()).isNull();
        // "*" covers web, a service on port 80: a sidecar gives it web alone, no other host (docs/routing.md §1)
        assertThat(Both.route(WILDCARDS, get("web", "/")).vs()).isEqualTo("default/any");
    }

    @Test
    void shouldIgnoreCaseAndPortOfTheAuthority()
    {
        assertThat(Both.route(WILDCARDS, get("A.B.Example.COM:80", "/")).vs()).isEqualTo("default/exact");
    }

    @Test
    void shouldServeASidecarsHostOutsideTheRegistryOnPort80Only()
    {
        // Istio builds a sidecar's virtual hosts for hosts outside the registry on port 80 only: on 8080 the
        // request finds no VirtualService and takes the catch-all (ALLOW_ANY: PassthroughCluster)
        final RoutingModel external = model(List.of(
                vs("short", List.of("*.example.com"), List.of(to("short", List.of(), "v1"))),
                vs("exact", List.of("a.b.example.com"), List.of(to("exact", List.of(), "v1")))));
        final dev.wirespeed.control.model.RouteDecision other = Both.route(external, get("a.b.example.com:8080", "/"));
        assertThat(other.vs()).isNull();
        assertThat(other.cluster()).isEqualTo("PassthroughCluster");
        assertThat(Both.route(external, get("x.example.com:8080", "/")).vs()).isNull();
        assertThat(Both.route(external, get("a.b.example.com", "/")).vs()).isEqualTo("default/exact");
        assertThat(Both.route(external, get("x.example.com:80", "/")).vs()).isEqualTo("default/short");
    }

    @Test
    void shouldResolveShortNamesAddressesAndSvcAliases()
    {
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), List.of(to("r", List.of(), "v1")))));
        assertThat(Both.route(m, get("web", "/")).vs()).isEqualTo("default/web");
        assertThat(Both.route(m, get("web.default", "/")).vs()).isEqualTo("default/web");
        assertThat(Both.route(m, get("web.default.svc", "/")).vs()).isEqualTo("default/web");
        assertThat(Both.route(m, get("172.20.0.9:80", "/")).vs()).isEqualTo("default/web");
        final HttpRequest otherNs = new HttpRequest(1, 0, null, 0, null, "ns1", Map.of(), null, null, "web", "/",
                Map.of());
        // web.ns1.svc.cluster.local is no service: the sidecar's ALLOW_ANY catch-all passes it through
        assertThat(Both.route(m, otherNs).cluster()).isEqualTo("PassthroughCluster");
        assertThat(Both.route(m.withMesh(REGISTRY_ONLY), otherNs).route()).isEqualTo("block_all");
    }

    @Test
    void shouldHonourGatewaysAndExportTo()
    {
        final VirtualService edge = new VirtualService("default", "edge", List.of("*"), List.of("default/edge"),
                List.of("*"), List.of(to("r", List.of(), "v1")), List.of(), SourceRef.NONE);
        final VirtualService privateVs = new VirtualService("default", "private", List.of(WEB), List.of("mesh"),
                List.of("default"), List.of(to("r", List.of(), "v2")), List.of(), SourceRef.NONE);
        final RoutingModel m = model(List.of(edge, privateVs));
        final HttpRequest viaEdge = new HttpRequest(1, 0, null, 0, "default/edge", null, Map.of(), null, null,
                "anything", "/", Map.of());
        assertThat(Both.route(m, viaEdge).vs()).isEqualTo("default/edge");
        assertThat(Both.route(m, get("web", "/")).vs()).isEqualTo("default/private");
        final HttpRequest fromNs1 = new HttpRequest(1, 0, null, 0, null, "ns1", Map.of(), null, null, WEB, "/",
                Map.of());
        final var d = Both.route(m, fromNs1);
        assertThat(d.vs()).isNull();
        assertThat(d.cluster()).isEqualTo("outbound|80||" + WEB);
    }

    @Test
    void shouldTakeEachGatewaysExactHostWhenOneAuthorityArrivesThroughSeveralInARow()
    {
        // exact host buckets are per gateway, and one lookup remembers the last authority's resolution: the same
        // authority through another gateway must not reuse the previous gateway's candidates
        final VirtualService edge = new VirtualService("default", "edge", List.of("api.shop.example.com"),
                List.of("default/edge"), List.of("*"), List.of(to("r", List.of(), "v1")), List.of(), SourceRef.NONE);
        final VirtualService inMesh = new VirtualService("default", "inmesh", List.of("api.shop.example.com"),
                List.of("mesh"), List.of("*"), List.of(to("r", List.of(), "v2")), List.of(), SourceRef.NONE);
        final RoutingModel m = model(List.of(edge, inMesh));
        final String[] gateways = {"default/edge", null, null, "default/edge", "default/other", "default/edge"};
        final String[] authorities = {"api.shop.example.com", "API.Shop.Example.com", "api.shop.example.com:80",
            "api.shop.example.co", "api.shop.example.com", "api.shop.example.com"};
        final ReferenceRouter reference = new ReferenceRouter(m);
        try (CompiledRouter compiled = CompiledRouter.compile(m))
        {
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < gateways.length; i++)
                {
                    for (final String authority : authorities)
                    {
                        final HttpRequest r = new HttpRequest(i, 0, null, 0, gateways[i], null, Map.of(), null, null,
                                authority, "/", Map.of());
                        assertThat(compiled.route(r)).as("%s", r).isEqualTo(reference.route(r));
                    }
                }
            }
            final HttpRequest viaEdge = new HttpRequest(1, 0, null, 0, "default/edge", null, Map.of(), null, null,
                    "api.shop.example.com", "/", Map.of());
            final HttpRequest viaMesh = new HttpRequest(2, 0, null, 0, null, null, Map.of(), null, null,
                    "api.shop.example.com", "/", Map.of());
            assertThat(compiled.route(viaEdge).vs()).isEqualTo("default/edge");
            assertThat(compiled.route(viaMesh).vs()).isEqualTo("default/inmesh");
            assertThat(compiled.route(viaEdge).vs()).isEqualTo("default/edge");
        }
    }

    @Test
    void shouldRouteRegistryHostsWithoutVirtualServiceByDefault()
    {
        final var d = Both.route(model(List.of()), get("web", "/x?q=1"));
        assertThat(d.action()).isEqualTo("route");
        assertThat(d.cluster()).isEqualTo("outbound|80||" + WEB);
        assertThat(d.endpoint()).isIn("10.0.0.1:8080", "10.0.0.2:8080");
        assertThat(d.path()).isEqualTo("/x?q=1");
        final var unknown = Both.route(model(List.of()), get("nowhere", "/").withDst("203.0.113.7"));
        assertThat(unknown.action()).isEqualTo("route");
        assertThat(unknown.route()).isEqualTo("allow_any");
        assertThat(unknown.cluster()).isEqualTo("PassthroughCluster");
        assertThat(unknown.endpoint()).isEqualTo("203.0.113.7:80");
        assertThat(unknown.vs()).isNull();
        final var blocked = Both.route(model(List.of()).withMesh(REGISTRY_ONLY), get("nowhere", "/"));
        assertThat(blocked.action()).isEqualTo("direct");
        assertThat(blocked.route()).isEqualTo("block_all");
        assertThat(blocked.status()).isEqualTo(502);
        assertThat(blocked.flags()).isEqualTo("-");
        final HttpRequest viaGateway = new HttpRequest(1, 0, null, 0, "default/edge", null, Map.of(), null, null,
                "nowhere", "/", Map.of());
        assertThat(Both.route(model(List.of()), viaGateway).reason()).isEqualTo("no-route");
    }

    @Test
    void shouldPassUnknownHostsToTheOriginalDestinationWithItsPort()
    {
        final var v6 = Both.route(model(List.of()), get("api.example.org", "/").withDst("[2001:db8::5]:8443"));
        assertThat(v6.endpoint()).isEqualTo("2001:db8::5:8443");
        assertThat(v6.path()).isEqualTo("/");
        assertThat(v6.authority()).isEqualTo("api.example.org");
        final var none = Both.route(model(List.of()), get("api.example.org", "/"));
        assertThat(none.cluster()).isEqualTo("PassthroughCluster");
        assertThat(none.endpoint()).isNull();
    }

    @Test
    void shouldSendUnknownHostsToTheEgressProxyWhenTheMeshNamesOne()
    {
        final var d = Both.route(model(List.of()).withMesh(new MeshConfig(MeshConfig.OutboundPolicy.ALLOW_ANY,
                new Destination(WEB, null, 0), SourceRef.NONE)), get("api.example.org", "/"));
        assertThat(d.cluster()).isEqualTo("outbound|80||" + WEB);
        assertThat(d.route()).isNull();
    }

    @Test
    void shouldRouteHttpByDefaultWhenTheVirtualServiceHasOnlyTcpRoutes()
    {
        final TcpRoute db = new TcpRoute(List.of(), List.of(new RouteDestination(new Destination(WEB, "v2", 3306), 0)),
                SourceRef.NONE);
        final RoutingModel m = model(List.of(vs("db", List.of(WEB), List.of(), List.of(db))));
        final var http = Both.route(m, get("web", "/x"));
        assertThat(http.action()).isEqualTo("route");
        assertThat(http.vs()).isNull();
        assertThat(http.cluster()).isEqualTo("outbound|80||" + WEB);
        final var tcp = Both.route(m,
                new HttpRequest(2, 0, "10.9.0.1", 3306, null, null, Map.of(), null, null, "web", "/", Map.of()));
        assertThat(tcp.vs()).as("%s", tcp).isEqualTo("default/db");
        assertThat(tcp.cluster()).isEqualTo("outbound|3306|v2|" + WEB);
    }
}
