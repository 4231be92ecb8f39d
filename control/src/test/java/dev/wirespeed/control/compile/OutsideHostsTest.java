package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.get;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static dev.wirespeed.control.compile.Models.web;
import static dev.wirespeed.control.compile.Models.webRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sidecar's virtual hosts for hosts outside the registry (docs/routing.md §1 item 5), as Istio builds them per
 * listener port: an outside host of a VirtualService that also names or covers a registry service is served on that
 * service's HTTP ports (and port 80) only, and a wildcard host that covers a service of the port claims no other
 * host under it. Both implementations, compared by {@link Both}.
 */
class OutsideHostsTest
{
    private static final String API = "api.default.svc.cluster.local";
    private static final String SHOP = "shop.example.com";

    private static RegistryService service(final String host, final int port, final String protocol)
    {
        return new RegistryService(host, "default", List.of(),
                List.of(new RegistryService.ServicePort(protocol.toLowerCase(), port, port, protocol)),
                List.of(new RegistryService.Endpoint("10.0.7.1", Map.of(), Map.of(), true, "p")), SourceRef.NONE);
    }

    private static RoutingModel model(final List<VirtualService> vss, final RegistryService... more)
    {
        final List<RegistryService> services = new java.util.ArrayList<>(List.of(web()));
        services.addAll(List.of(more));
        return new RoutingModel(vss, List.of(webRule(null)), services, List.of(), List.of());
    }

    /** @return a model with every case of the outside path: named and wildcard-covered services, ports 80 and 9080. */
    static RoutingModel sample()
    {
        return model(List.of(vs("mixed", List.of("www.example.com", API), List.of(to("r", List.of(), "v1"))),
                vs("wild", List.of("*.example.com", "www.other.org"), List.of(to("w", List.of(), "v2")))),
                service(SHOP, 80, "HTTP"), service(API, 9080, "HTTP"), service("api.example.com", 9080, "HTTP"));
    }

    private static RouteDecision at(final RoutingModel m, final String authority)
    {
        return Both.route(m, get(authority, "/"));
    }

    @Test
    void shouldServeAnOutsideHostOnTheHttpPortsOfTheServiceItsVirtualServiceNames()
    {
        final RoutingModel m = model(List.of(vs("mixed", List.of("www.example.com", API),
                List.of(to("r", List.of(), "v1")))), service(API, 9080, "HTTP"));
        assertThat(at(m, "www.example.com:9080").vs()).isEqualTo("default/mixed");
        assertThat(at(m, "www.example.com:80").vs()).as("port 80 always").isEqualTo("default/mixed");
        final RouteDecision other = at(m, "www.example.com:8080");
        assertThat(other.vs()).as("no service of the VirtualService has 8080").isNull();
        assertThat(other.cluster()).isEqualTo("PassthroughCluster");
    }

    @Test
    void shouldNotServeAnOutsideHostOnAServicesTcpPort()
    {
        final RoutingModel m = model(List.of(vs("mixed", List.of("www.example.com", API),
                List.of(to("r", List.of(), "v1")))), service(API, 9080, "TCP"));
        assertThat(at(m, "www.example.com:9080").vs()).isNull();
    }

    @Test
    void shouldNotLetAWildcardThatCoversAServiceOfThePortClaimOtherHosts()
    {
        final RoutingModel m = model(List.of(vs("wild", List.of("*.example.com"), List.of(to("r", List.of(), "v1")))),
                service(SHOP, 80, "HTTP"));
        assertThat(at(m, SHOP).vs()).as("the service it covers").isEqualTo("default/wild");
        final RouteDecision other = at(m, "www.example.com");
        assertThat(other.vs()).isNull();
        assertThat(other.cluster()).isEqualTo("PassthroughCluster");
    }

    @Test
    void shouldLetAWildcardClaimHostsOnAPortNoServiceUnderItDeclares()
    {
        // shop.example.com has port 80 only: on 9080 "*.example.com" covers no service of the port, so it is a domain
        // of the VirtualService's virtual host there, which exists because the VirtualService names api (HTTP 9080)
        final RoutingModel m = model(List.of(vs("wild", List.of("*.example.com", API),
                List.of(to("r", List.of(), "v1")))), service(SHOP, 80, "HTTP"), service(API, 9080, "HTTP"));
        assertThat(at(m, "www.example.com:9080").vs()).isEqualTo("default/wild");
        assertThat(at(m, "www.example.com:80").vs()).isNull();
    }

    @Test
    void shouldLetAWildcardClaimHostsUnderItWhenTheServiceItCoversIsNotExportedToTheClient()
    {
        final RegistryService hidden = new RegistryService(SHOP, "ns1", List.of(),
                List.of(new RegistryService.ServicePort("http", 80, 80, "HTTP")), List.of(), SourceRef.NONE,
                List.of("ns1"));
        final RoutingModel m = model(List.of(vs("wild", List.of("*.example.com"), List.of(to("r", List.of(), "v1")))),
                hidden);
        assertThat(at(m, "www.example.com").vs()).isEqualTo("default/wild");
    }

    @Test
    void shouldServeAnOutsideHostOnAPortOfAServiceUnderItsWildcardOnlyWhenItIsThatServicesMostSpecific()
    {
        final VirtualService wild = vs("wild", List.of("*.example.com", "www.other.org"),
                List.of(to("r", List.of(), "v1")));
        final RoutingModel covered = model(List.of(wild), service("api.example.com", 9080, "HTTP"));
        assertThat(at(covered, "www.other.org:9080").vs()).isEqualTo("default/wild");
        final VirtualService exact = vs("exact", List.of("api.example.com"), List.of(to("e", List.of(), "v2")));
        final RoutingModel taken = model(List.of(wild, exact), service("api.example.com", 9080, "HTTP"));
        assertThat(at(taken, "www.other.org:9080").vs()).as("api's most specific VirtualService is another").isNull();
        assertThat(at(taken, "api.example.com:9080").vs()).isEqualTo("default/exact");
    }

    @Test
    void shouldGiveAServiceUnderAWildcardToTheFirstVirtualServiceOfThatWildcardAlone()
    {
        // Istio's most specific VirtualService of shop is the first "*.example.com" one, which has tcp routes only:
        // it builds no virtual host, and the second one does not claim shop either, so shop's default route answers
        final VirtualService tcpOnly = vs("tcp", List.of("*.example.com"), List.of(),
                List.of(new TcpRoute(List.of(), List.of(new RouteDestination(new Destination(SHOP, null, 80), 0)),
                        SourceRef.NONE)));
        final VirtualService http = vs("http", List.of("*.example.com"), List.of(to("r", List.of(), "v1")));
        final RouteDecision d = at(model(List.of(tcpOnly, http), service(SHOP, 80, "HTTP")), SHOP);
        assertThat(d.vs()).isNull();
        assertThat(d.cluster()).isEqualTo("outbound|80||" + SHOP);
        assertThat(at(model(List.of(http, tcpOnly), service(SHOP, 80, "HTTP")), SHOP).vs()).isEqualTo("default/http");
    }

    @Test
    void shouldDecideEveryOutsideCaseOfTheSampleAlikeInBothImplementations()
    {
        final RoutingModel m = sample();
        int routed = 0;
        for (final String host : List.of("www.example.com", "b.example.com", SHOP, "api.example.com", "www.other.org"))
        {
            for (final int port : new int[] {80, 8080, 9080})
            {
                routed += at(m, host + ":" + port).vs() != null ? 1 : 0; // Both asserts the two agree
            }
        }
        assertThat(at(m, "www.other.org:9080").vs()).as("wild claims api.example.com, HTTP on 9080")
                .isEqualTo("default/wild");
        assertThat(at(m, "b.example.com:9080").vs()).as("api.example.com declares 9080: no domain").isNull();
        assertThat(routed).isBetween(1, 14);
    }
}
