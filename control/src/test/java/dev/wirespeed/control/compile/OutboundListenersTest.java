package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static dev.wirespeed.control.compile.Models.web;
import static dev.wirespeed.control.compile.Models.webRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sidecar's outbound listeners (docs/routing.md §1 item 8), as Istio builds them: an HTTP request reaches a route
 * table only on a port where a service the client sees gives it an HTTP listener (an HTTP port, or a sniffed one on
 * the wildcard address); elsewhere the virtual outbound listener proxies it as TCP ({@code PassthroughCluster}
 * without route name, {@code BlackHoleCluster} with REGISTRY_ONLY). Expected decisions follow Istio's
 * {@code buildSidecarOutboundListener} and {@code buildOutboundCatchAllNetworkFiltersOnly}; both implementations are
 * compared by {@link Both}.
 */
class OutboundListenersTest
{
    private static final String API = "api.example.com";

    private static RegistryService service(final String host, final List<String> addresses, final int port,
            final String protocol, final boolean passthrough, final List<String> exportTo)
    {
        return new RegistryService(host, "default", addresses,
                List.of(new RegistryService.ServicePort("p", port, port, protocol)),
                List.of(new RegistryService.Endpoint("10.0.7.1", Map.of(), Map.of(), true, "p")), SourceRef.NONE,
                exportTo, false, passthrough);
    }

    private static RoutingModel model(final RegistryService... more)
    {
        final List<RegistryService> services = new ArrayList<>(List.of(web()));
        services.addAll(List.of(more));
        return new RoutingModel(List.of(vs("web-route", List.of(WEB), List.of(to("v1", List.of(), "v1")))),
                List.of(webRule(null)), services, List.of(), List.of());
    }

    private static HttpRequest http(final String authority, final int port)
    {
        return new HttpRequest(1, 0, "10.9.0.1", port, "mesh", "default", Map.of(), null, null, authority, "/a",
                Map.of()).withDst("198.51.100.4");
    }

    private static void passthroughConnection(final RouteDecision d, final int port)
    {
        assertThat(d.action()).isEqualTo("route");
        assertThat(d.cluster()).isEqualTo("PassthroughCluster");
        assertThat(d.route()).as("a TCP proxy has no route name").isNull();
        assertThat(d.path()).isNull();
        assertThat(d.endpoint()).isEqualTo("198.51.100.4:" + port);
    }

    @Test
    void shouldProxyAnHttpRequestAsTcpOnAPortWithoutAnHttpListener()
    {
        final RoutingModel m = model();
        // web declares 3306 as TCP: a listener on web's address only, none with an HTTP chain
        passthroughConnection(Both.route(m, http("www.example.com", 3306)), 3306);
        passthroughConnection(Both.route(m, http("www.example.com", 8080)), 8080);
        // web declares 80 as HTTP: the wildcard listener's route table and its allow_any catch-all
        final RouteDecision onHttp = Both.route(m, http("www.example.com", 80));
        assertThat(onHttp.route()).isEqualTo("allow_any");
        assertThat(onHttp.path()).isEqualTo("/a");
    }

    @Test
    void shouldSendItToTheBlackHoleUnderRegistryOnly()
    {
        final RoutingModel m = model().withMesh(new MeshConfig(MeshConfig.OutboundPolicy.REGISTRY_ONLY, null,
                SourceRef.NONE));
        final RouteDecision none = Both.route(m, http("www.example.com", 8080));
        assertThat(none.action()).isEqualTo("drop");
        assertThat(none.cluster()).isEqualTo("BlackHoleCluster");
        assertThat(none.flags()).isEqualTo("UH");
        assertThat(none.route()).isNull();
        final RouteDecision blockAll = Both.route(m, http("www.example.com", 80));
        assertThat(blockAll.route()).isEqualTo("block_all");
        assertThat(blockAll.status()).isEqualTo(502);
    }

    @Test
    void shouldRouteASniffedPortAsHttpForARequestAndAsTcpForAConnection()
    {
        final RoutingModel m = model(service(API, List.of("10.96.0.9"), 8000, "AUTO", false, List.of("*")));
        final RouteDecision request = Both.route(m, http(API, 8000));
        assertThat(request.cluster()).isEqualTo("outbound|8000||" + API);
        assertThat(request.path()).as("routed as HTTP").isEqualTo("/a");
        final RouteDecision connection = Both.route(m, http("10.96.0.9", 8000).withSni(""));
        assertThat(connection.cluster()).isEqualTo("outbound|8000||" + API);
        assertThat(connection.path()).as("proxied as TCP").isNull();
        // sniffed on the service's own address: no wildcard HTTP listener for other hosts on 8000
        passthroughConnection(Both.route(m, http("www.example.com", 8000)), 8000);
    }

    @Test
    void shouldGiveAWildcardHttpListenerForASniffedPortWithoutAddress()
    {
        final RoutingModel m = model(service(API, List.of(), 8000, "AUTO", false, List.of("*")));
        assertThat(Both.route(m, http("www.example.com", 8000)).route()).isEqualTo("allow_any");
        // a passthrough service with endpoints gets one listener per endpoint address instead
        final RoutingModel headless = model(service(API, List.of(), 8000, "AUTO", true, List.of("*")));
        passthroughConnection(Both.route(headless, http("www.example.com", 8000)), 8000);
        // a TCP port without address gives the wildcard listener TCP chains only
        final RoutingModel tcp = model(service(API, List.of(), 8000, "TCP", false, List.of("*")));
        passthroughConnection(Both.route(tcp, http("www.example.com", 8000)), 8000);
    }

    @Test
    void shouldCountOnlyTheServicesTheClientSees()
    {
        final RoutingModel m = model(service(API, List.of("10.96.0.9"), 8080, "HTTP", false, List.of("other")));
        passthroughConnection(Both.route(m, http(API, 8080)), 8080);
        final RouteDecision there = Both.route(m, new HttpRequest(1, 0, "10.9.0.1", 8080, "mesh", "other", Map.of(),
                null, null, "www.example.com", "/a", Map.of()));
        assertThat(there.route()).as("namespace other sees api's HTTP port").isEqualTo("allow_any");
    }

    @Test
    void shouldTakeTheProtocolOfASidecarEgressListenerThatNamesThePort()
    {
        final RoutingModel base = model();
        final RoutingModel tcp80 = sidecar(base, new SidecarSpec.EgressListener(80, List.of("*/*"), "TCP"));
        final RouteDecision asTcp = Both.route(tcp80, http("web", 80));
        assertThat(asTcp.cluster()).as("web's HTTP port behind a TCP egress listener").isEqualTo("outbound|80||" + WEB);
        assertThat(asTcp.vs()).isNull();
        assertThat(asTcp.path()).isNull();
        passthroughConnection(Both.route(tcp80, http("www.example.com", 80)), 80);
        final RoutingModel http3306 = sidecar(base, new SidecarSpec.EgressListener(3306, List.of("*/*"), "HTTP"));
        assertThat(Both.route(http3306, http("www.example.com", 3306)).route()).isEqualTo("allow_any");
        // a listener naming its port without protocol sniffs it: web has an address, so no wildcard HTTP listener
        final RoutingModel auto80 = sidecar(base, new SidecarSpec.EgressListener(80, List.of("*/*")));
        passthroughConnection(Both.route(auto80, http("www.example.com", 80)), 80);
        assertThat(Both.route(auto80, http("web", 80)).vs()).isEqualTo("default/web-route");
        // a listener that hides every service of the port leaves no listener on it
        final RoutingModel hidden = sidecar(base, new SidecarSpec.EgressListener(0, List.of("other/*")));
        passthroughConnection(Both.route(hidden, http("web", 80)), 80);
    }

    @Test
    void shouldPickATcpOrSniffedListenerByTheOriginalDestinationWhateverTheAuthority()
    {
        final RoutingModel m = model(service(API, List.of("10.96.0.9"), 8000, "AUTO", false, List.of("*")));
        // the sniffed listener 10.96.0.9_8000: its HTTP chain has api's virtual host alone, with domain "*"
        final RouteDecision sniffed = Both.route(m, http("www.example.com", 8000).withDst("10.96.0.9:8000"));
        assertThat(sniffed.cluster()).isEqualTo("outbound|8000||" + API);
        assertThat(sniffed.path()).as("routed as HTTP").isEqualTo("/a");
        assertThat(sniffed.authority()).as("sent as written").isEqualTo("www.example.com");
        // web's TCP listener 172.20.0.9_3306: a connection to web, whatever the Host header says
        final RouteDecision tcp = Both.route(m, http("db.example.org", 3306).withDst("172.20.0.9:3306"));
        assertThat(tcp.cluster()).isEqualTo("outbound|3306||" + WEB);
        assertThat(tcp.path()).as("proxied as TCP").isNull();
        assertThat(tcp.route()).isNull();
        // web's port 80 is HTTP: the wildcard listener, whose route table the authority chooses in
        assertThat(Both.route(m, http("www.example.com", 80).withDst("172.20.0.9:80")).route())
                .isEqualTo("allow_any");
        // a service the client does not see has no listener: the authority decides
        final RoutingModel unexported = model(service(API, List.of("10.96.0.9"), 8000, "AUTO", false,
                List.of("other")));
        final RouteDecision hidden = Both.route(unexported, http("www.example.com", 8000).withDst("10.96.0.9:8000"));
        assertThat(hidden.cluster()).isEqualTo("PassthroughCluster");
        assertThat(hidden.endpoint()).isEqualTo("10.96.0.9:8000");
    }

    @Test
    void shouldGiveATcpServicePortNoVirtualHostUnderAnHttpEgressListener()
    {
        // Istio builds virtual hosts only for HTTP or sniffed service ports: web's TCP 3306 has none in route table
        // 3306, though the Sidecar's egress listener makes the port HTTP, so the catch-all answers
        final RoutingModel http3306 = sidecar(model(), new SidecarSpec.EgressListener(3306, List.of("*/*"), "HTTP"));
        final RouteDecision allowAny = Both.route(http3306, http("web", 3306));
        assertThat(allowAny.route()).isEqualTo("allow_any");
        assertThat(allowAny.cluster()).isEqualTo("PassthroughCluster");
        assertThat(allowAny.path()).isEqualTo("/a");
        final RoutingModel blocked = http3306.withMesh(new MeshConfig(MeshConfig.OutboundPolicy.REGISTRY_ONLY, null,
                SourceRef.NONE));
        assertThat(Both.route(blocked, http(WEB, 3306)).route()).isEqualTo("block_all");
        // a sniffed service port keeps its virtual host there
        final RoutingModel sniffed = sidecar(model(service(API, List.of("10.96.0.9"), 3306, "AUTO", false,
                List.of("*"))), new SidecarSpec.EgressListener(3306, List.of("*/*"), "HTTP"));
        assertThat(Both.route(sniffed, http(API, 3306)).cluster()).isEqualTo("outbound|3306||" + API);
    }

    @Test
    void shouldSendPlainTextHttpToUnknownHostsToTheDynamicForwardProxyUnderAllowAnyDynamicDns()
    {
        final RoutingModel m = model().withMesh(new MeshConfig(MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS, null,
                SourceRef.NONE));
        // the catch-all virtual host of route table 80 (web's HTTP port)
        final RouteDecision catchAll = Both.route(m, http("www.example.com", 80));
        assertThat(catchAll.route()).isEqualTo("allow_any_dynamic_dns");
        assertThat(catchAll.cluster()).isEqualTo("AllowAnyDynamicDNSCluster");
        assertThat(catchAll.endpoint()).as("resolved from the authority at request time").isNull();
        assertThat(catchAll.authority()).isEqualTo("www.example.com");
        // no HTTP listener on 8080: the virtual outbound listener's HTTP inspector picks the dynamic proxy chain
        final RouteDecision virtual = Both.route(m, http("www.example.com", 8080));
        assertThat(virtual.route()).isEqualTo("allow_any_dynamic_dns");
        assertThat(virtual.path()).isEqualTo("/a");
        // a connection is not HTTP: PassthroughCluster, as under ALLOW_ANY
        passthroughConnection(Both.route(m, http("www.example.com", 8080).withSni("")), 8080);
        // a Sidecar's own policy replaces the mesh's
        final MeshConfig allowAny = new MeshConfig(MeshConfig.OutboundPolicy.ALLOW_ANY, null, SourceRef.NONE);
        final RoutingModel own = new RoutingModel(m.virtualServices(), m.destinationRules(), m.services(),
                m.gateways(), m.routeTables(), m.mesh(),
                List.of(new SidecarSpec("default", "s", Map.of(), List.of(), allowAny, SourceRef.NONE)));
        assertThat(Both.route(own, http("www.example.com", 80)).route()).isEqualTo("allow_any");
    }

    @Test
    void shouldGiveAHeadlessServiceWithoutEndpointsNoListener()
    {
        // a ServiceEntry with resolution NONE, no address, no endpoints and no selector: the wildcard listener
        final RegistryService entry = new RegistryService(API, "default", List.of(),
                List.of(new RegistryService.ServicePort("p", 8000, 8000, "AUTO")), List.of(), SourceRef.NONE,
                List.of("*"), false, true);
        assertThat(Both.route(model(entry), http("www.example.com", 8000)).route()).isEqualTo("allow_any");
        // a headless Kubernetes Service without pods (or a ServiceEntry with a selector and no workloads): none
        final RegistryService headless = new RegistryService(API, "default", List.of(),
                List.of(new RegistryService.ServicePort("p", 8000, 8000, "AUTO")), List.of(), SourceRef.NONE,
                List.of("*"), false, true, Map.of(), true);
        passthroughConnection(Both.route(model(headless), http("www.example.com", 8000)), 8000);
        // an egress listener that names the port binds it to the wildcard address: Istio's standard path
        final RoutingModel named = sidecar(model(headless), new SidecarSpec.EgressListener(8000, List.of("*/*")));
        assertThat(Both.route(named, http("www.example.com", 8000)).route()).isEqualTo("allow_any");
    }

    @Test
    void shouldAskTheListenerQuestionAgainWhenThePortOrTheClientsNamespaceChanges()
    {
        // the lookup remembers whether the wildcard listener has an HTTP chain for the last port, client namespace and
        // Sidecar listener: one router routes requests whose answers differ by port and by namespace, in turn
        final RoutingModel m = model(service(API, List.of("10.96.0.9"), 8080, "HTTP", false, List.of("other")));
        final HttpRequest fromOther = new HttpRequest(1, 0, "10.9.0.1", 8080, "mesh", "other", Map.of(), null, null,
                "www.example.com", "/a", Map.of());
        final HttpRequest otherOn3306 = new HttpRequest(1, 0, "10.9.0.1", 3306, "mesh", "other", Map.of(), null, null,
                "www.example.com", "/a", Map.of());
        final List<HttpRequest> requests = List.of(http("www.example.com", 8080), fromOther, fromOther,
                http("www.example.com", 8080), http("www.example.com", 80), fromOther, otherOn3306, fromOther);
        final List<String> routes = new ArrayList<>();
        final ReferenceRouter reference = new ReferenceRouter(m);
        try (CompiledRouter compiled = CompiledRouter.compile(m))
        {
            for (final HttpRequest r : requests)
            {
                final RouteDecision expected = reference.route(r);
                assertThat(compiled.route(r)).as("after its predecessor: %s", r).isEqualTo(expected);
                routes.add(expected.route());
            }
        }
        assertThat(routes).containsExactly(null, "allow_any", "allow_any", null, "allow_any", "allow_any", null,
                "allow_any");
    }

    private static RoutingModel sidecar(final RoutingModel m, final SidecarSpec.EgressListener listener)
    {
        final List<SidecarSpec.EgressListener> egress = new ArrayList<>(List.of(listener));
        if (listener.port() != 0)
        {
            egress.add(new SidecarSpec.EgressListener(0, List.of("*/*")));
        }
        return new RoutingModel(m.virtualServices(), m.destinationRules(), m.services(), m.gateways(),
                m.routeTables(), m.mesh(), List.of(new SidecarSpec("default", "s", Map.of(), egress, null,
                        SourceRef.NONE)));
    }
}
