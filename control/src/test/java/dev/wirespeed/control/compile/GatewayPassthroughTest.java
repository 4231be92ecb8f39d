package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.Diagnostic;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS passthrough on a gateway on both implementations (docs/routing.md §5.1): the passthrough server's filter
 * chains from every bound VirtualService's {@code tls} routes, chosen by the ClientHello's server name.
 */
class GatewayPassthroughTest
{
    private static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples")
            .resolve("tls-passthrough");

    private static RoutingModel example()
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(EXAMPLE));
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest hello(final String gateway, final int port, final String sni)
    {
        return new HttpRequest(3, 0, "203.0.113.7", port, gateway, "default", Map.of(), null, null, "", "/",
                Map.of()).withSni(sni);
    }

    @Test
    void shouldRouteTheClientHelloByItsServerNameOnThePassthroughServer()
    {
        final RoutingModel m = example();
        final RouteDecision nginx = Both.route(m, hello("istio-system/mygateway", 443, "nginx.example.com"));
        assertThat(nginx.cluster()).isEqualTo("outbound|443||my-nginx.mesh-external.svc.cluster.local");
        assertThat(nginx.vs()).isEqualTo("istio-system/nginx");
        assertThat(nginx.path()).as("a connection has no path").isNull();
        assertThat(Both.route(m, hello("istio-system/mygateway", 443, "EU.shop.example.com")).host())
                .as("the exact name beats the wildcard written before it")
                .isEqualTo("shop-eu.mesh-external.svc.cluster.local");
        assertThat(Both.route(m, hello("istio-system/mygateway", 443, "us.shop.example.com")).host())
                .isEqualTo("shop.mesh-external.svc.cluster.local");
    }

    @Test
    void shouldCloseAConnectionNoChainTakes()
    {
        final RoutingModel m = example();
        for (final String sni : new String[] {"other.example.com", ""})
        {
            final RouteDecision d = Both.route(m, hello("istio-system/mygateway", 443, sni));
            assertThat(d.action()).isEqualTo("drop");
            assertThat(d.flags()).isEqualTo("NR");
            assertThat(d.vs()).isNull();
        }
    }

    private static final String TWO = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: edge, namespace: ns1}
            spec:
              servers:
              - port: {number: 443, name: tls, protocol: TLS}
                tls: {}
                hosts: ["ns1/*"]
              - port: {number: 8443, name: tls-term, protocol: TLS}
                tls: {mode: SIMPLE, credentialName: c}
                hosts: ["*"]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: a, namespace: ns1}
            spec: {clusterIP: 10.96.0.1, ports: [{name: tls, port: 443}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: b, namespace: ns1}
            spec: {clusterIP: 10.96.0.2, ports: [{name: tls, port: 443}]}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: first, namespace: ns1}
            spec:
              hosts: ["*.example.com"]
              gateways: [edge]
              tls:
              - match: [{sniHosts: [a.example.com]}]
                route: [{destination: {host: a.ns1.svc.cluster.local}}]
              - match: [{sniHosts: [a.example.com, b.example.com], port: 443}]
                route: [{destination: {host: b.ns1.svc.cluster.local}}]
              - match: [{sniHosts: [c.example.com], port: 9443}]
                route: [{destination: {host: b.ns1.svc.cluster.local}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: elsewhere, namespace: ns2}
            spec:
              hosts: ["*.example.com"]
              gateways: [ns1/edge]
              tls:
              - match: [{sniHosts: [d.example.com]}]
                route: [{destination: {host: b.ns1.svc.cluster.local}}]
            """;

    @Test
    void shouldSkipAMatchRepeatingAServerNameAndOneForAnotherPortOrNamespace()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", TWO);
        assertThat(c.errors()).isEmpty();
        final RoutingModel m = c.model();
        assertThat(Both.route(m, hello("ns1/edge", 443, "a.example.com")).host()).isEqualTo("a.ns1.svc.cluster.local");
        assertThat(Both.route(m, hello("ns1/edge", 443, "b.example.com")).flags())
                .as("its match repeats a.example.com: Istio builds no chain for it").isEqualTo("NR");
        assertThat(Both.route(m, hello("ns1/edge", 443, "c.example.com")).flags()).as("port 9443").isEqualTo("NR");
        assertThat(Both.route(m, hello("ns1/edge", 443, "d.example.com")).flags())
                .as("the server's hosts are ns1/*: a VirtualService of ns2 is not taken").isEqualTo("NR");
        assertThat(Both.route(m, hello("ns1/edge", 8443, "a.example.com")).vs())
                .as("a terminating server is no passthrough").isNull();
    }

    @Test
    void shouldRejectAnUnknownTlsModeWithFileLineAndColumn()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: edge, namespace: ns1}
                spec:
                  servers:
                  - port: {number: 443, name: tls, protocol: TLS}
                    tls: {mode: PASSTRHOUGH}
                    hosts: ["*"]
                """);
        assertThat(c.errors().stream().map(Diagnostic::format).toList()).singleElement().asString()
                .startsWith("t.yaml:7:17: error: ").contains("PASSTRHOUGH").contains("PASSTHROUGH");
    }
}
