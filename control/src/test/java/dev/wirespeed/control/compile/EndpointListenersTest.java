package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static dev.wirespeed.control.compile.Models.web;
import static dev.wirespeed.control.compile.Models.webRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-endpoint listeners of a passthrough service (docs/routing.md §1 item 8): Istio's
 * {@code buildSidecarOutboundListeners} gives a headless Service, or a ServiceEntry with resolution NONE, without
 * address and with endpoints, one listener per endpoint address on each of its ports that is TCP or sniffed (HTTP
 * ports stay on the wildcard listener), except at the proxy's own address and on a port the client's Sidecar egress
 * listener names. Envoy picks such a listener by the original destination, whatever the authority. Both
 * implementations are compared by {@link Both}.
 */
class EndpointListenersTest
{
    private static final String DB = "cassandra.default.svc.cluster.local";
    private static final String OUTSIDE = "www.example.com";

    /** A headless Service: CQL on 9042 (TCP), a sniffed port 7000, HTTP on 9080; pods 10.0.7.1 and 10.0.7.2. */
    private static RegistryService headless(final boolean kubernetes, final List<String> exportTo)
    {
        return new RegistryService(DB, "default", List.of(),
                List.of(new RegistryService.ServicePort("tcp-cql", 9042, 9042, "TCP"),
                        new RegistryService.ServicePort("gossip", 7000, 7000, "AUTO"),
                        new RegistryService.ServicePort("http-admin", 9080, 9080, "HTTP")),
                List.of(new RegistryService.Endpoint("10.0.7.1", Map.of(), Map.of(), true, "cassandra-0"),
                        new RegistryService.Endpoint("10.0.7.2", Map.of(), Map.of(), true, "cassandra-1")),
                SourceRef.NONE, exportTo, false, true, Map.of(), kubernetes);
    }

    private static RoutingModel model(final RegistryService db)
    {
        return new RoutingModel(List.of(vs("web-route", List.of(WEB), List.of(to("v1", List.of(), "v1")))),
                List.of(webRule(null)), List.of(web(), db), List.of(), List.of());
    }

    private static HttpRequest http(final String src, final String authority, final int port, final String dst)
    {
        return new HttpRequest(1, 0, src, port, "mesh", "default", Map.of(), null, null, authority, "/a", Map.of())
                .withDst(dst);
    }

    private static void passthroughConnection(final RouteDecision d, final String dst)
    {
        assertThat(d.cluster()).isEqualTo("PassthroughCluster");
        assertThat(d.route()).as("the virtual outbound listener's TCP proxy: no route name").isNull();
        assertThat(d.path()).isNull();
        assertThat(d.endpoint()).isEqualTo(dst);
    }

    @Test
    void shouldRouteAnHttpRequestToAnEndpointAddressByTheServicesSniffedListener()
    {
        for (final boolean kubernetes : new boolean[] {true, false})
        {
            final RoutingModel m = model(headless(kubernetes, List.of("*")));
            final RouteDecision d = Both.route(m, http("10.9.0.1", OUTSIDE + ":7000", 7000, "10.0.7.2:7000"));
            assertThat(d.cluster()).as("Host www.example.com: the listener 10.0.7.2_7000 is cassandra's")
                    .isEqualTo("outbound|7000||" + DB);
            assertThat(d.path()).as("its HTTP chain").isEqualTo("/a");
            assertThat(d.endpoint()).as("ORIGINAL_DST: the pod the client dialled").isEqualTo("10.0.7.2:7000");
            // an address that is no endpoint's: no listener, and no HTTP listener on 7000 at all
            passthroughConnection(Both.route(m, http("10.9.0.1", OUTSIDE + ":7000", 7000, "10.0.7.9:7000")),
                    "10.0.7.9:7000");
        }
    }

    @Test
    void shouldProxyAConnectionToAnEndpointAddressAsTheServicesTcpListener()
    {
        final RoutingModel m = model(headless(true, List.of("*")));
        final RouteDecision d = Both.route(m, http("10.9.0.1", "", 9042, "10.0.7.1:9042").withSni(""));
        assertThat(d.cluster()).isEqualTo("outbound|9042||" + DB);
        assertThat(d.path()).isNull();
        assertThat(d.endpoint()).isEqualTo("10.0.7.1:9042");
        // an HTTP request there is proxied as a connection by that TCP listener too
        final RouteDecision asTcp = Both.route(m, http("10.9.0.1", OUTSIDE, 9042, "10.0.7.1:9042"));
        assertThat(asTcp.cluster()).isEqualTo("outbound|9042||" + DB);
        assertThat(asTcp.path()).isNull();
    }

    @Test
    void shouldLeaveAnHttpPortOnTheWildcardListener()
    {
        final RouteDecision d = Both.route(model(headless(true, List.of("*"))),
                http("10.9.0.1", OUTSIDE + ":9080", 9080, "10.0.7.1:9080"));
        assertThat(d.route()).as("route table 9080 by authority: its catch-all").isEqualTo("allow_any");
        assertThat(d.cluster()).isEqualTo("PassthroughCluster");
    }

    @Test
    void shouldBuildNoListenerAtTheClientsOwnAddress()
    {
        final RoutingModel m = model(headless(true, List.of("*")));
        passthroughConnection(Both.route(m, http("10.0.7.2", OUTSIDE + ":7000", 7000, "10.0.7.2:7000")),
                "10.0.7.2:7000");
        // under ALLOW_ANY_DYNAMIC_DNS the virtual outbound listener sniffs it instead
        final RoutingModel dns = m.withMesh(new MeshConfig(MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS, null,
                SourceRef.NONE));
        final RouteDecision d = Both.route(dns, http("10.0.7.2", OUTSIDE + ":7000", 7000, "10.0.7.2:7000"));
        assertThat(d.route()).isEqualTo("allow_any_dynamic_dns");
        assertThat(d.cluster()).isEqualTo("AllowAnyDynamicDNSCluster");
        // another client still reaches the pod's listener
        assertThat(Both.route(dns, http("10.0.7.1", OUTSIDE + ":7000", 7000, "10.0.7.2:7000")).cluster())
                .isEqualTo("outbound|7000||" + DB);
    }

    @Test
    void shouldBuildNoEndpointListenerForAClientThatDoesNotSeeTheServiceOrNamesThePort()
    {
        passthroughConnection(Both.route(model(headless(true, List.of("other"))),
                http("10.9.0.1", OUTSIDE + ":7000", 7000, "10.0.7.2:7000")), "10.0.7.2:7000");
        // an egress listener that names the port binds every service without address to the wildcard address
        final RoutingModel m = model(headless(true, List.of("*")));
        final RoutingModel named = new RoutingModel(m.virtualServices(), m.destinationRules(), m.services(),
                m.gateways(), m.routeTables(), m.mesh(), List.of(new SidecarSpec("default", "s", Map.of(),
                List.of(new SidecarSpec.EgressListener(7000, List.of("*/*"), "TCP")), null, SourceRef.NONE)));
        passthroughConnection(Both.route(named, http("10.9.0.1", OUTSIDE + ":7000", 7000, "10.0.7.2:7000")),
                "10.0.7.2:7000");
    }
}
