package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS connections on both implementations (docs/routing.md §5): Envoy's filter chain selection over the chains
 * Istio builds from {@code tls} routes, the service's default chain, and the listener's passthrough chain.
 */
class TlsRoutesTest
{
    private static final String REGISTRY = """
            apiVersion: v1
            kind: Service
            metadata: {name: login, namespace: default}
            spec:
              clusterIP: 10.96.0.20
              selector: {app: login}
              ports: [{name: https, port: 443, targetPort: 8443}, {name: tcp-admin, port: 9000}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: legacy, namespace: default}
            spec:
              clusterIP: 10.96.0.21
              selector: {app: legacy}
              ports: [{name: tls, port: 443, targetPort: 8443}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: login-1, namespace: default, labels: {app: login}}
            status: {podIP: 10.1.0.20}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: legacy-1, namespace: default, labels: {app: legacy}}
            status: {podIP: 10.1.0.21}
            ---
            """;

    private static RoutingModel model(final String vs)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", REGISTRY + vs);
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest connection(final String address, final int port, final String sni)
    {
        return new HttpRequest(7, 0, "10.1.0.9", port, "mesh", "default", Map.of("app", "web"), null, null, address,
                "/", Map.of()).withDst(address + ":" + port).withSni(sni);
    }

    private static final String VS = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: login, namespace: default}
            spec:
              hosts: [login.default.svc.cluster.local, "*.example.com"]
              tls:
              - match: [{sniHosts: ["*.example.com"]}]
                route: [{destination: {host: legacy.default.svc.cluster.local}}]
              - match: [{sniHosts: [a.b.example.com]}]
                route: [{destination: {host: login.default.svc.cluster.local}}]
              - match: [{sniHosts: ["*.b.example.com"]}]
                route: [{destination: {host: login.default.svc.cluster.local, port: {number: 443}}}]
              tcp:
              - route: [{destination: {host: legacy.default.svc.cluster.local}}]
            """;

    @Test
    void shouldPreferTheExactServerNameThenTheLongestWildcardWhateverTheOrder()
    {
        final RoutingModel m = model(VS);
        assertThat(Both.route(m, connection("10.96.0.20", 443, "a.b.example.com")).endpoint())
                .isEqualTo("10.1.0.20:8443");
        assertThat(Both.route(m, connection("10.96.0.20", 443, "c.b.example.com")).host())
                .as("*.b.example.com is longer than *.example.com").isEqualTo("login.default.svc.cluster.local");
        final RouteDecision shop = Both.route(m, connection("10.96.0.20", 443, "SHOP.example.com"));
        assertThat(shop.cluster()).isEqualTo("outbound|443||legacy.default.svc.cluster.local");
        assertThat(shop.vs()).isEqualTo("default/login");
        assertThat(shop.route()).as("a connection has no route name").isNull();
        assertThat(shop.path()).isNull();
    }

    @Test
    void shouldPassAConnectionNoChainTakesThroughAndNotUseTcpRoutesOnATlsPort()
    {
        final RoutingModel m = model(VS);
        final RouteDecision other = Both.route(m, connection("10.96.0.20", 443, "login.internal"));
        assertThat(other.cluster()).isEqualTo("PassthroughCluster");
        assertThat(other.endpoint()).isEqualTo("10.96.0.20:443");
        assertThat(other.vs()).isNull();
        assertThat(Both.route(m, connection("10.96.0.20", 443, "")).cluster()).as("no SNI")
                .isEqualTo("PassthroughCluster");
        assertThat(Both.route(m, connection("10.96.0.20", 9000, "")).cluster()).as("a TCP port takes the tcp route")
                .isEqualTo("outbound|443||legacy.default.svc.cluster.local");
    }

    @Test
    void shouldTakeTheMostSpecificDestinationSubnetBeforeTheServerName()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: login, namespace: default}
                spec:
                  hosts: [login.default.svc.cluster.local, other.default.svc.cluster.local]
                  tls:
                  - match: [{sniHosts: [login.default.svc.cluster.local]}]
                    route: [{destination: {host: login.default.svc.cluster.local}}]
                  - match: [{sniHosts: [other.default.svc.cluster.local], destinationSubnets: [10.96.0.0/16]}]
                    route: [{destination: {host: legacy.default.svc.cluster.local}}]
                """);
        // the subnet chain holds the address: only it competes, and its server name does not match
        assertThat(Both.route(m, connection("10.96.0.20", 443, "login.default.svc.cluster.local")).cluster())
                .isEqualTo("PassthroughCluster");
        assertThat(Both.route(m, connection("10.96.0.20", 443, "other.default.svc.cluster.local")).host())
                .isEqualTo("legacy.default.svc.cluster.local");
    }

    @Test
    void shouldTakeTheServiceDefaultChainWhenNoTlsMatchHoldsForTheClient()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: login, namespace: default}
                spec:
                  hosts: [login.default.svc.cluster.local]
                  tls:
                  - match: [{sniHosts: [login.default.svc.cluster.local], port: 8443}]
                    route: [{destination: {host: legacy.default.svc.cluster.local}}]
                  - match: [{sniHosts: [login.default.svc.cluster.local], sourceLabels: {app: db}}]
                    route: [{destination: {host: legacy.default.svc.cluster.local}}]
                """);
        final RouteDecision d = Both.route(m, connection("10.96.0.20", 443, "anything"));
        assertThat(d.cluster()).isEqualTo("outbound|443||login.default.svc.cluster.local");
        assertThat(d.vs()).isNull();
    }

    @Test
    void shouldRefuseAConnectionToAnUnknownAddressUnderRegistryOnly()
    {
        final RoutingModel m = model(VS);
        final RoutingModel closed = m.withMesh(new dev.wirespeed.control.model.MeshConfig(
                dev.wirespeed.control.model.MeshConfig.OutboundPolicy.REGISTRY_ONLY, null,
                dev.wirespeed.control.model.SourceRef.NONE));
        final RouteDecision d = Both.route(closed, connection("203.0.113.7", 5432, ""));
        assertThat(d.action()).isEqualTo("drop");
        assertThat(d.cluster()).isEqualTo("BlackHoleCluster");
        assertThat(d.flags()).isEqualTo("UH");
        assertThat(d.reason()).isEqualTo("no-healthy-upstream");
        assertThat(Both.route(m, connection("203.0.113.7", 5432, "")).endpoint()).isEqualTo("203.0.113.7:5432");
    }

    @Test
    void shouldPickTcpChainsAsIstioBuildsThemAndFallBackToTheServiceDefaultChain()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: admin, namespace: default}
                spec:
                  hosts: [login.default.svc.cluster.local]
                  tcp:
                  - match: [{port: 9000, sourceLabels: {app: db}}]
                    route: [{destination: {host: legacy.default.svc.cluster.local, port: {number: 443}}}]
                  - match: [{port: 9000}]
                    route: [{destination: {host: login.default.svc.cluster.local, port: {number: 443}}}]
                  - match: [{destinationSubnets: [10.96.0.20/32]}]
                    route: [{destination: {host: legacy.default.svc.cluster.local, port: {number: 443}}}]
                """);
        // the second route is the catch-all chain: the subnet route after it is never built
        final RouteDecision d = Both.route(m, connection("10.96.0.20", 9000, ""));
        assertThat(d.host()).isEqualTo("login.default.svc.cluster.local");
        assertThat(d.vs()).isEqualTo("default/admin");
        final RoutingModel subnetFirst = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: admin, namespace: default}
                spec:
                  hosts: [login.default.svc.cluster.local]
                  tcp:
                  - match: [{port: 9000, destinationSubnets: [10.96.0.0/16]}]
                    route: [{destination: {host: legacy.default.svc.cluster.local, port: {number: 443}}}]
                  - route: [{destination: {host: login.default.svc.cluster.local, port: {number: 443}}}]
                  - match: [{port: 8000}]
                    route: [{destination: {host: legacy.default.svc.cluster.local, port: {number: 443}}}]
                """);
        assertThat(Both.route(subnetFirst, connection("10.96.0.20", 9000, "")).host())
                .as("a subnet chain holding the address beats the catch-all")
                .isEqualTo("legacy.default.svc.cluster.local");
        final RoutingModel none = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: admin, namespace: default}
                spec:
                  hosts: [login.default.svc.cluster.local]
                  tcp:
                  - match: [{port: 8000}]
                    route: [{destination: {host: legacy.default.svc.cluster.local, port: {number: 443}}}]
                """);
        final RouteDecision fallback = Both.route(none, connection("10.96.0.20", 9000, ""));
        assertThat(fallback.cluster()).as("no chain of the VirtualService: the service's default chain")
                .isEqualTo("outbound|9000||login.default.svc.cluster.local");
        assertThat(fallback.vs()).isNull();
    }

    private static final String SPLIT = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: login-wildcards, namespace: default}
            spec:
              hosts: [login.default.svc.cluster.local, "*.example.com"]
              tls:
              - match: [{sniHosts: ["*.example.com"]}]
                route: [{destination: {host: legacy.default.svc.cluster.local}}]
              tcp:
              - match: [{port: 9000, destinationSubnets: [10.96.0.0/16]}]
                route: [{destination: {host: legacy.default.svc.cluster.local}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: login-exact, namespace: default}
            spec:
              hosts: ["*.default.svc.cluster.local", "*.example.com"]
              tls:
              - match: [{sniHosts: [a.example.com]}]
                route: [{destination: {host: login.default.svc.cluster.local}}]
              tcp:
              - route: [{destination: {host: login.default.svc.cluster.local, port: {number: 443}}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: mine, namespace: other}
            spec:
              hosts: [login.default.svc.cluster.local, "*.example.com"]
              exportTo: [other]
              tls:
              - match: [{sniHosts: ["*.example.com"]}]
                route: [{destination: {host: login.default.svc.cluster.local}}]
            """;

    @Test
    void shouldBuildTheFilterChainsFromEveryVirtualServiceForTheHost()
    {
        final RoutingModel m = model(SPLIT);
        final RouteDecision exact = Both.route(m, connection("10.96.0.20", 443, "a.example.com"));
        assertThat(exact.host()).as("the exact name of the second VirtualService beats the first one's wildcard")
                .isEqualTo("login.default.svc.cluster.local");
        assertThat(exact.vs()).isEqualTo("default/login-exact");
        final RouteDecision wildcard = Both.route(m, connection("10.96.0.20", 443, "c.example.com"));
        assertThat(wildcard.host()).isEqualTo("legacy.default.svc.cluster.local");
        assertThat(wildcard.vs()).isEqualTo("default/login-wildcards");
        final RouteDecision tcp = Both.route(m, connection("10.96.0.20", 9000, ""));
        assertThat(tcp.vs()).as("the subnet chain of the first beats the catch-all of the second")
                .isEqualTo("default/login-wildcards");
    }

    @Test
    void shouldOrderAClientsOwnNamespaceFirst()
    {
        final RoutingModel m = model(SPLIT);
        final HttpRequest fromOther = new HttpRequest(7, 0, "10.1.0.9", 443, "mesh", "other", Map.of(), null, null,
                "10.96.0.20", "/", Map.of()).withDst("10.96.0.20:443").withSni("c.example.com");
        assertThat(Both.route(m, fromOther).vs()).as("the same server names: the client's own namespace's chain first")
                .isEqualTo("other/mine");
        assertThat(Both.route(m, connection("10.96.0.20", 443, "c.example.com")).vs())
                .as("default does not see other/mine").isEqualTo("default/login-wildcards");
    }

    @Test
    void shouldCarryAMatchsSubnetsToTheChainsOfTheMatchesAfterItAsIstioDoes()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: login, namespace: default}
                spec:
                  hosts: [login.default.svc.cluster.local, "*.example.com"]
                  tls:
                  - match: [{sniHosts: [e.example.com]}]
                    route: [{destination: {host: legacy.default.svc.cluster.local}}]
                  - match: [{sniHosts: [a.example.com], destinationSubnets: [192.168.0.0/16]}]
                    route: [{destination: {host: legacy.default.svc.cluster.local}}]
                  - match: [{sniHosts: [b.example.com]}]
                    route: [{destination: {host: login.default.svc.cluster.local}}]
                  - match: [{sniHosts: [c.example.com], destinationSubnets: [10.96.0.0/16]}]
                    route: [{destination: {host: legacy.default.svc.cluster.local}}]
                  - match: [{sniHosts: [d.example.com]}]
                    route: [{destination: {host: login.default.svc.cluster.local}}]
                  - match: [{sniHosts: [e.example.com]}]
                    route: [{destination: {host: login.default.svc.cluster.local}}]
                """);
        assertThat(Both.route(m, connection("10.96.0.20", 443, "d.example.com")).host())
                .as("d's chain carries c's 10.96.0.0/16, the most specific subnet holding the address")
                .isEqualTo("login.default.svc.cluster.local");
        assertThat(Both.route(m, connection("10.96.0.20", 443, "b.example.com")).cluster())
                .as("b's chain carries 192.168.0.0/16: not among the most specific").isEqualTo("PassthroughCluster");
        assertThat(Both.route(m, connection("10.96.0.20", 443, "e.example.com")).cluster())
                .as("the second e match repeats the first's names and (no) subnets: it builds no chain, and the "
                        + "first's has no subnet").isEqualTo("PassthroughCluster");
    }
}
