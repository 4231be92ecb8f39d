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
 * Gateway servers that proxy connections, on both implementations: AUTO_PASSTHROUGH east-west servers
 * (docs/routing.md §5.2) and TCP servers, plain or terminating TLS (§5.3).
 */
class GatewayConnectionsTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples");
    private static final String EAST_WEST = "istio-system/cross-network-gateway";
    private static final String ECHO = "istio-io-tcp-traffic-shifting/tcp-echo-gateway";

    private static RoutingModel example(final String folder)
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(EXAMPLES.resolve(folder)));
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static RoutingModel yaml(final String text)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", text);
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest connection(final long id, final String gateway, final int port, final String sni)
    {
        return new HttpRequest(id, 0, "203.0.113.7", port, gateway, "default", Map.of(), null, null, "", "/",
                Map.of()).withSni(sni);
    }

    @Test
    void shouldRouteAnEastWestConnectionToTheClusterItsServerNameNames()
    {
        final RoutingModel m = example("east-west");
        final RouteDecision plain = Both.route(m, connection(0, EAST_WEST, 15443,
                "outbound_.9080_._.reviews.default.svc.cluster.local"));
        assertThat(plain.action()).isEqualTo("route");
        assertThat(plain.cluster()).isEqualTo("outbound|9080||reviews.default.svc.cluster.local");
        assertThat(plain.vs()).as("no VirtualService is involved").isNull();
        assertThat(plain.path()).as("a connection has no path").isNull();
        final RouteDecision v2 = Both.route(m, connection(1, EAST_WEST, 15443,
                "OUTBOUND_.9080_.v2_.reviews.default.svc.cluster.local"));
        assertThat(v2.cluster()).isEqualTo("outbound|9080|v2|reviews.default.svc.cluster.local");
        assertThat(v2.endpoint()).isEqualTo("10.1.0.22:9080");
    }

    @Test
    void shouldCloseAnEastWestConnectionNoChainNames()
    {
        final RoutingModel m = example("east-west");
        for (final String sni : new String[] {
            "outbound_.9080_.v9_.reviews.default.svc.cluster.local", // a subset no DestinationRule defines
            "outbound_.9081_._.reviews.default.svc.cluster.local", // a port the service does not have
            "outbound_.443_._.httpbin.org", // a host "*.local" does not cover
            "inbound_.9080_._.reviews.default.svc.cluster.local",
            "reviews.default.svc.cluster.local", ""})
        {
            final RouteDecision d = Both.route(m, connection(2, EAST_WEST, 15443, sni));
            assertThat(d.flags()).as(sni).isEqualTo("NR");
            assertThat(d.action()).isEqualTo("drop");
        }
        assertThat(Both.route(m, connection(3, EAST_WEST, 15444,
                "outbound_.9080_._.reviews.default.svc.cluster.local")).cluster())
                .as("no server on that port").isNull();
    }

    @Test
    void shouldBuildEastWestChainsOnlyForServicesAndSubsetsTheClientSees()
    {
        final RoutingModel m = yaml("""
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: ew, namespace: istio-system}
                spec:
                  servers:
                  - port: {number: 15443, name: tls, protocol: TLS}
                    tls: {mode: AUTO_PASSTHROUGH}
                    hosts: ["ns1/*.ns1.svc.cluster.local"]
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: a
                  namespace: ns1
                  annotations: {networking.istio.io/exportTo: ns1}
                spec: {clusterIP: 10.96.0.1, ports: [{name: http, port: 80}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: b, namespace: ns1}
                spec: {clusterIP: 10.96.0.2, ports: [{name: tcp, port: 5000}]}
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: b, namespace: ns1}
                spec:
                  host: b.ns1.svc.cluster.local
                  exportTo: [ns1]
                  subsets: [{name: v1, labels: {version: v1}}]
                """);
        assertThat(Both.route(m, connection(0, "istio-system/ew", 15443, "outbound_.80_._.a.ns1.svc.cluster.local"))
                .flags()).as("a is exported to ns1 only").isEqualTo("NR");
        final HttpRequest fromNs1 = new HttpRequest(1, 0, null, 15443, "istio-system/ew", "ns1", Map.of(), null, null,
                "", "/", Map.of()).withSni("outbound_.80_._.a.ns1.svc.cluster.local");
        assertThat(Both.route(m, fromNs1).cluster()).isEqualTo("outbound|80||a.ns1.svc.cluster.local");
        assertThat(Both.route(m, connection(2, "istio-system/ew", 15443,
                "outbound_.5000_.v1_.b.ns1.svc.cluster.local")).flags())
                .as("the DestinationRule defining v1 is not exported to the client's namespace").isEqualTo("NR");
        final HttpRequest v1FromNs1 = new HttpRequest(3, 0, null, 15443, "istio-system/ew", "ns1", Map.of(), null,
                null, "", "/", Map.of()).withSni("outbound_.5000_.v1_.b.ns1.svc.cluster.local");
        assertThat(Both.route(m, v1FromNs1).flags()).as("v1 has no endpoint").isEqualTo("UH");
    }

    @Test
    void shouldShiftTcpConnectionsOnTheGatewaysTcpServerByTheRoutesWeights()
    {
        final RoutingModel m = example("tcp-gateway");
        int v1 = 0;
        final int n = 2000;
        for (int i = 0; i < n; i++)
        {
            final RouteDecision d = Both.route(m, connection(i, ECHO, 31400, ""));
            assertThat(d.vs()).isEqualTo("istio-io-tcp-traffic-shifting/tcp-echo");
            assertThat(d.port()).isEqualTo(9000);
            v1 += "v1".equals(d.subset()) ? 1 : 0;
        }
        assertThat(v1).as("80%% of %d connections", n).isBetween(1500, 1700);
        final HttpRequest request = new HttpRequest(7, 0, null, 31400, ECHO, "default", Map.of(), "GET", null,
                "anything.example.com", "/x", Map.of());
        final RouteDecision proxied = Both.route(m, request);
        assertThat(proxied.path()).as("a record without sni is proxied as a connection too").isNull();
        assertThat(proxied.host()).isEqualTo("tcp-echo.istio-io-tcp-traffic-shifting.svc.cluster.local");
    }

    private static final String TCP_SERVERS = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: edge, namespace: ns1}
            spec:
              servers:
              - port: {number: 27017, name: mongo, protocol: MONGO}
                hosts: ["ns1/*"]
              - port: {number: 27017, name: mongo-2, protocol: TCP}
                hosts: ["*"]
              - port: {number: 9443, name: tls-a, protocol: TLS}
                tls: {mode: SIMPLE, credentialName: a-cert}
                hosts: ["*.example.com"]
              - port: {number: 9443, name: tls-b, protocol: TLS}
                tls: {mode: SIMPLE, credentialName: b-cert}
                hosts: ["ns1/b.example.com"]
              - port: {number: 8080, name: http, protocol: HTTP}
                hosts: ["*"]
              - port: {number: 8080, name: tcp, protocol: TCP}
                hosts: ["*"]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: a, namespace: ns1}
            spec: {clusterIP: 10.96.0.1, ports: [{name: tcp, port: 5000}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: b, namespace: ns1}
            spec: {clusterIP: 10.96.0.2, ports: [{name: tcp, port: 5000}]}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: other-port, namespace: ns2}
            spec:
              hosts: ["*.example.com"]
              gateways: [ns1/edge]
              tcp:
              - match: [{port: 9999}]
                route: [{destination: {host: b.ns1.svc.cluster.local}}]
              - match: [{port: 9443}]
                route: [{destination: {host: a.ns1.svc.cluster.local}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: named, namespace: ns1}
            spec:
              hosts: ["b.example.com", "mongo.ns1.svc.cluster.local"]
              gateways: [edge]
              tcp:
              - route: [{destination: {host: b.ns1.svc.cluster.local}}]
            """;

    @Test
    void shouldPickTheTcpServersChainByServerNameAndItsFirstHoldingRoute()
    {
        final RoutingModel m = yaml(TCP_SERVERS);
        assertThat(Both.route(m, connection(0, "ns1/edge", 9443, "b.example.com")).host())
                .as("the exact name of the second server beats the first's wildcard")
                .isEqualTo("b.ns1.svc.cluster.local");
        final RouteDecision wildcard = Both.route(m, connection(1, "ns1/edge", 9443, "c.example.com"));
        assertThat(wildcard.vs()).as("the first route whose match holds: port 9443, not 9999")
                .isEqualTo("ns2/other-port");
        assertThat(wildcard.host()).isEqualTo("a.ns1.svc.cluster.local");
        for (final String sni : new String[] {"", "example.org"})
        {
            assertThat(Both.route(m, connection(2, "ns1/edge", 9443, sni)).flags())
                    .as("no terminating server's names take %s", sni).isEqualTo("NR");
        }
    }

    @Test
    void shouldKeepTheFirstPlainTcpServerOfAPortAndLeaveAPortSharedWithHttpToHttp()
    {
        final RoutingModel m = yaml(TCP_SERVERS);
        final RouteDecision mongo = Both.route(m, connection(0, "ns1/edge", 27017, ""));
        assertThat(mongo.vs()).as("the first server's hosts are ns1/*: ns2's VirtualService is not taken")
                .isEqualTo("ns1/named");
        final HttpRequest onHttpPort = new HttpRequest(1, 0, null, 8080, "ns1/edge", "default", Map.of(), "GET",
                null, "b.example.com", "/", Map.of());
        assertThat(Both.route(m, onHttpPort).flags()).as("HTTP on 8080: no VirtualService has http routes")
                .isEqualTo("NR");
        assertThat(Both.route(m, onHttpPort).reason()).isEqualTo("no-route");
    }

    @Test
    void shouldWarnThatSourceSubnetIsIgnoredAsIstioIgnoresIt()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: default}
                spec: {clusterIP: 10.96.0.9, ports: [{name: tcp-mysql, port: 3306}]}
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: db, namespace: default}
                spec:
                  hosts: [db]
                  tcp:
                  - match:
                    - sourceSubnet: 10.1.0.0/16
                    route: [{destination: {host: db}}]
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.warnings().stream().map(Diagnostic::format).toList()).anySatisfy(w -> assertThat(w)
                .startsWith("t.yaml:13:21: warning: ").contains("sourceSubnet is ignored"));
        final HttpRequest other = new HttpRequest(0, 0, "192.168.9.9", 3306, "mesh", "default", Map.of(), null, null,
                "10.96.0.9", "/", Map.of()).withSni("");
        assertThat(Both.route(c.model(), other).vs()).as("the match holds from any source address")
                .isEqualTo("default/db");
    }

    @Test
    void shouldRejectABadTcpRouteAndListenerTlsModeWithFileLineAndColumn()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: ns1}
                spec:
                  gatewayClassName: istio
                  listeners:
                  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passtrough}}
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: r, namespace: ns1}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [a.example.com]
                  rules:
                  - backendRefs: [{name: a, port: 80, filters: []}]
                """);
        assertThat(c.errors().stream().map(Diagnostic::format).toList())
                .anySatisfy(e -> assertThat(e).startsWith("t.yaml:7:55: error: ").contains("Passthrough"))
                .anySatisfy(e -> assertThat(e).startsWith("t.yaml:14:3: error: ").contains("hostnames"))
                .anySatisfy(e -> assertThat(e).startsWith("t.yaml:16:48: error: ").contains("no filters"));
    }
}
