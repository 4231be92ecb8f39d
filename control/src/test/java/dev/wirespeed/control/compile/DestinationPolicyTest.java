package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DestinationRule lookup with {@code workloadSelector}s, port-level load balancers, cookie hashing, the
 * {@code PASSTHROUGH} load balancer and redirect ports (docs/routing.md §3, §4), on both implementations.
 */
class DestinationPolicyTest
{
    private static final String REGISTRY = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              clusterIP: 10.96.0.5
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080}, {name: http-alt, port: 8000, targetPort: 8000}]
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Pod, metadata: {name: w1, labels: {app: web, version: v1}},
               status: {podIP: 10.0.0.1}}
            - {apiVersion: v1, kind: Pod, metadata: {name: w2, labels: {app: web, version: v2}},
               status: {podIP: 10.0.0.2}}
            - {apiVersion: v1, kind: Pod, metadata: {name: w3, labels: {app: web, version: v2}},
               status: {podIP: 10.0.0.3}}
            """;

    private static RoutingModel model(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadStrings(Map.of("registry.yaml", REGISTRY, "rules.yaml", yaml));
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest request(final long id, final Map<String, String> labels, final int port,
            final Map<String, String> headers, final String dst)
    {
        return new HttpRequest(id, 0, "10.1.0.5", port, "mesh", "default", labels, "GET", "http", "web:" + port,
                "/p", headers).withDst(dst);
    }

    @Test
    void shouldGiveClientsOutsideTheSelectorNoRuleWhenTheSelectorsHostIsTheMostSpecific()
    {
        // the selector rule names the exact host, the plain rule a wildcard: Istio's lookup stops at the exact
        // host, and a client the selector does not match gets no rule at all (so no subset v1)
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: mine, namespace: default}
                spec:
                  host: web
                  workloadSelector: {matchLabels: {app: ui}}
                  subsets: [{name: v1, labels: {version: v1}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: everyone, namespace: default}
                spec:
                  host: "*.default.svc.cluster.local"
                  subsets: [{name: v1, labels: {version: v1}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web]
                  http: [{route: [{destination: {host: web, subset: v1}}]}]
                """);
        assertThat(Both.route(m, request(1, Map.of("app", "ui"), 80, Map.of(), null)).endpoint())
                .isEqualTo("10.0.0.1:8080");
        assertThat(Both.route(m, request(1, Map.of("app", "other"), 80, Map.of(), null)).flags()).isEqualTo("NC");
    }

    @Test
    void shouldPreferTheSelectorRuleAndFallBackToTheRuleWithout()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: plain, namespace: default}
                spec:
                  host: web
                  subsets: [{name: v2, labels: {version: v2}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: ui, namespace: default}
                spec:
                  host: web.default.svc.cluster.local
                  workloadSelector: {matchLabels: {app: ui}}
                  subsets: [{name: v2, labels: {version: v1}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web]
                  http: [{route: [{destination: {host: web, subset: v2}}]}]
                """);
        // the ui rule's "v2" is version v1: only 10.0.0.1
        assertThat(Both.route(m, request(3, Map.of("app", "ui", "x", "y"), 80, Map.of(), null)).endpoint())
                .isEqualTo("10.0.0.1:8080");
        final Set<String> others = new HashSet<>();
        for (int id = 0; id < 40; id++)
        {
            others.add(Both.route(m, request(id, Map.of(), 80, Map.of(), null)).endpoint());
        }
        assertThat(others).containsExactlyInAnyOrder("10.0.0.2:8080", "10.0.0.3:8080");
    }

    @Test
    void shouldHashByAPortLevelKeyOnlyWhenTheRouteDestinationWritesItsPort()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: web, namespace: default}
                spec:
                  host: web
                  trafficPolicy:
                    loadBalancer: {simple: ROUND_ROBIN}
                    portLevelSettings:
                    - port: {number: 8000}
                      loadBalancer: {consistentHash: {httpHeaderName: x-user}}
                  subsets:
                  - name: v2
                    labels: {version: v2}
                    trafficPolicy:
                      portLevelSettings:
                      - port: {number: 80}
                        loadBalancer: {consistentHash: {httpCookie: {name: sid}}}
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web]
                  http:
                  - match: [{headers: {subset: {exact: v2}}}]
                    route: [{destination: {host: web, subset: v2}}]
                  - match: [{headers: {subset: {exact: v2-port}}}]
                    route: [{destination: {host: web, subset: v2, port: {number: 80}}}]
                  - match: [{headers: {pinned: {exact: "yes"}}}]
                    route: [{destination: {host: web, port: {number: 8000}}}]
                  - route: [{destination: {host: web}}]
                """);
        // port 80, no subset: round robin
        assertThat(Both.route(m, request(0, Map.of(), 80, Map.of(), null)).endpoint()).isEqualTo("10.0.0.1:8080");
        assertThat(Both.route(m, request(1, Map.of(), 80, Map.of(), null)).endpoint()).isEqualTo("10.0.0.2:8080");
        // port 8000: the cluster hashes (ring hash), but only a destination that writes port 8000 gives the route
        // the port-level key (Istio's HashForHTTPDestination); without it the route has no hash policy
        final Set<String> pinned = new HashSet<>();
        final Set<String> unpinned = new HashSet<>();
        for (int id = 0; id < 20; id++)
        {
            pinned.add(Both.route(m, request(id, Map.of(), 8000, Map.of("x-user", "jason", "pinned", "yes"), null))
                    .endpoint());
            unpinned.add(Both.route(m, request(id, Map.of(), 8000, Map.of("x-user", "jason"), null)).endpoint());
        }
        assertThat(pinned).hasSize(1);
        assertThat(unpinned).hasSize(3);
        // subset v2 on port 80: the subset's port-level cookie hash, the first "sid" pair, quotes removed — only
        // for the destination that writes port 80
        final String a = Both.route(m, request(1, Map.of(), 80, Map.of("subset", "v2-port", "cookie", "sid=abc"),
                null)).endpoint();
        final Set<String> withoutPort = new HashSet<>();
        for (int id = 2; id < 20; id++)
        {
            assertThat(Both.route(m, request(id, Map.of(), 80,
                    Map.of("subset", "v2-port", "cookie", "x=1;  sid=\"abc\"; sid=zzz"), null)).endpoint())
                    .isEqualTo(a);
            withoutPort.add(Both.route(m, request(id, Map.of(), 80, Map.of("subset", "v2", "cookie", "sid=abc"),
                    null)).endpoint());
        }
        assertThat(withoutPort).containsExactlyInAnyOrder("10.0.0.2:8080", "10.0.0.3:8080");
    }

    @Test
    void shouldCombineTheHashKeysOfEveryWeightedDestinationOfTheRoute()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: web, namespace: default}
                spec:
                  host: web
                  trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}
                  subsets:
                  - name: v1
                    labels: {version: v1}
                  - name: v2
                    labels: {version: v2}
                    trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-team}}}
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web]
                  http:
                  - route:
                    - {destination: {host: web, subset: v2}, weight: 100}
                    - {destination: {host: web, subset: v1}, weight: 0}
                    - {destination: {host: web}, weight: 0}
                """);
        // weight-0 destinations add no hash policy: only v2's x-team counts, x-user changes nothing
        final Set<String> byTeam = new HashSet<>();
        for (int id = 0; id < 20; id++)
        {
            byTeam.add(Both.route(m, request(id, Map.of(), 80, Map.of("x-team", "a", "x-user", "u" + id), null))
                    .endpoint());
        }
        assertThat(byTeam).hasSize(1);
        final RoutingModel both = model("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: web, namespace: default}
                spec:
                  host: web
                  trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}
                  subsets:
                  - name: v2
                    labels: {version: v2}
                    trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-team}}}
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web]
                  http:
                  - route:
                    - {destination: {host: web, subset: v2}, weight: 100}
                    - {destination: {host: web}, weight: 1}
                """);
        // both destinations' keys: the pick on v2 depends on x-user too, and with x-team alone stays put
        final Set<String> teamAndUser = new HashSet<>();
        final Set<String> teamOnly = new HashSet<>();
        for (int id = 0; id < 40; id++)
        {
            final RouteDecision d = Both.route(both, request(id, Map.of(), 80,
                    Map.of("x-team", "a", "x-user", "u" + id), null));
            if ("v2".equals(d.subset()))
            {
                teamAndUser.add(d.endpoint());
            }
            final RouteDecision t = Both.route(both, request(id, Map.of(), 80, Map.of("x-team", "a"), null));
            if ("v2".equals(t.subset()))
            {
                teamOnly.add(t.endpoint());
            }
        }
        assertThat(teamAndUser).hasSize(2);
        assertThat(teamOnly).hasSize(1);
    }

    @Test
    void shouldSendASidecarsRequestForAResolutionNoneHostToItsOriginalDestinationAndAGatewaysToTheEndpoints()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: partner, namespace: default}
                spec:
                  hosts: [api.partner.example]
                  location: MESH_EXTERNAL
                  resolution: NONE
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints: [{address: 198.51.100.7}]
                ---
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: edge, namespace: default}
                spec:
                  selector: {istio: ingressgateway}
                  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: partner, namespace: default}
                spec:
                  hosts: [api.partner.example]
                  gateways: [edge, mesh]
                  http: [{route: [{destination: {host: api.partner.example}}]}]
                """);
        final RouteDecision sidecar = Both.route(m, new HttpRequest(1, 0, "10.1.0.5", 80, "mesh", "default", Map.of(),
                "GET", "http", "api.partner.example", "/p", Map.of()).withDst("203.0.113.9:80"));
        assertThat(sidecar.cluster()).isEqualTo("outbound|80||api.partner.example");
        assertThat(sidecar.endpoint()).isEqualTo("203.0.113.9:80");
        final RouteDecision noDst = Both.route(m, new HttpRequest(2, 0, "10.1.0.5", 80, "mesh", "default", Map.of(),
                "GET", "http", "api.partner.example", "/p", Map.of()));
        assertThat(noDst.flags()).isEqualTo("UH");
        final RouteDecision gateway = Both.route(m, new HttpRequest(3, 0, "10.1.0.5", 80, "default/edge", "default",
                Map.of(), "GET", "http", "api.partner.example", "/p", Map.of()).withDst("203.0.113.9:80"));
        assertThat(gateway.endpoint()).isEqualTo("198.51.100.7:80");
    }

    @Test
    void shouldSendAPassthroughClustersRequestsToTheirOriginalDestination()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: web, namespace: default}
                spec:
                  host: web
                  trafficPolicy: {loadBalancer: {simple: PASSTHROUGH}}
                """);
        final RouteDecision to = Both.route(m, request(1, Map.of(), 80, Map.of(), "[2001:db8::9]"));
        assertThat(to.cluster()).isEqualTo("outbound|80||web.default.svc.cluster.local");
        assertThat(to.endpoint()).isEqualTo("2001:db8::9:80");
        final RouteDecision none = Both.route(m, request(1, Map.of(), 80, Map.of(), null));
        assertThat(none.flags()).isEqualTo("UH");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.endpoint()).isNull();
    }

    @Test
    void shouldBuildRedirectPortsAsEnvoyDoes()
    {
        final RoutingModel m = model("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web]
                  http:
                  - match: [{uri: {prefix: /request-port}}]
                    redirect: {uri: /x, derivePort: FROM_REQUEST_PORT}
                  - match: [{uri: {prefix: /elsewhere}}]
                    redirect: {authority: b.example, derivePort: FROM_PROTOCOL_DEFAULT}
                  - match: [{uri: {prefix: /secure}}]
                    redirect: {scheme: https}
                  - match: [{uri: {prefix: /same}}]
                    redirect: {uri: /y}
                """);
        assertThat(Both.route(m, get("web", 8000, "/request-port")).location()).isEqualTo("http://web:8000/x");
        assertThat(Both.route(m, get("web", 80, "/request-port")).location()).isEqualTo("http://web/x");
        assertThat(Both.route(m, get("web:8000", 8000, "/elsewhere")).location())
                .isEqualTo("http://b.example/elsewhere");
        assertThat(Both.route(m, get("web:80", 80, "/secure")).location()).isEqualTo("https://web/secure");
        assertThat(Both.route(m, get("web:8000", 8000, "/secure")).location()).isEqualTo("https://web:8000/secure");
        assertThat(Both.route(m, get("web:80", 80, "/same")).location()).isEqualTo("http://web:80/y");
    }

    private static HttpRequest get(final String authority, final int port, final String path)
    {
        return new HttpRequest(1, 0, "10.1.0.5", port, "mesh", "default", Map.of(), "GET", "http", authority, path,
                Map.of());
    }
}
