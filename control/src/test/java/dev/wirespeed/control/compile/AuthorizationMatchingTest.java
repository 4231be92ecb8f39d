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
 * AuthorizationPolicy matching forms on a sidecar (docs/routing.md §8), on both implementations: the mesh config's
 * trust domain in the principals, service accounts, namespace wildcards, IPv6 blocks, path templates and suffixes,
 * {@code source.principal} and header conditions, and a PeerAuthentication that takes mTLS (so the principal) away.
 */
class AuthorizationMatchingTest
{
    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data:
              mesh: |
                trustDomain: example.org
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: app}
            spec:
              clusterIP: 10.96.0.5
              selector: {app: echo}
              ports: [{name: http, port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: echo, namespace: app, labels: {app: echo, security.istio.io/tlsMode: istio}}
            spec: {serviceAccountName: echo}
            status: {phase: Running, podIP: 10.0.0.5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: alice, namespace: team-a, labels: {app: alice, security.istio.io/tlsMode: istio}}
            spec: {serviceAccountName: alice}
            status: {phase: Running, podIP: 10.0.0.7}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: bob, namespace: team-b, labels: {app: bob, security.istio.io/tlsMode: istio}}
            spec: {serviceAccountName: bob}
            status: {phase: Running, podIP: "2001:db8::7", podIPs: [{ip: "2001:db8::7"}]}
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: echo, namespace: app}
            spec:
              selector: {matchLabels: {app: echo}}
              rules:
              - from: [{source: {trustDomains: ["example.org"], serviceAccounts: ["team-a/alice"]}}]
                to: [{operation: {paths: ["/a/{*}"]}}]
              - from: [{source: {ipBlocks: ["2001:db8::/64"], namespaces: ["team-*"]}}]
                to: [{operation: {paths: ["*/b"], ports: ["8080"]}}]
              - when:
                - {key: source.principal, values: ["*/sa/bob"]}
                - {key: "request.headers[x-k]", values: ["v*"]}
            """;

    private static final String NO_MTLS = """
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: plain, namespace: app}
            spec:
              mtls: {mode: DISABLE}
            """;

    private static RoutingModel model(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", yaml);
        assertThat(c.formattedDiagnostics()).isEmpty();
        return c.model();
    }

    private static String authz(final RoutingModel m, final String src, final String path, final Map<String, String> h)
    {
        final RouteDecision d = Both.route(m, new HttpRequest(1, 0, src, 80, "mesh", "team", Map.of(), "GET", null,
                "echo.app", path, h));
        assertThat(d.endpoint()).isEqualTo("10.0.0.5:8080");
        return d.authz();
    }

    @Test
    void shouldMatchEachFormAsIstiosGeneratorsBuildIt()
    {
        final RoutingModel m = model(CONFIG);
        assertThat(authz(m, "10.0.0.7", "/a/x?q", Map.of())).as("alice, one segment").isNull();
        assertThat(authz(m, "10.0.0.7", "/a/x/y", Map.of())).as("{*} is one segment").isEqualTo("allow-none-matched");
        assertThat(authz(m, "10.0.0.7", "/z/b", Map.of())).as("not in 2001:db8::/64").isEqualTo("allow-none-matched");
        assertThat(authz(m, "2001:db8::7", "/z/b", Map.of())).as("bob's namespace team-b, suffix /b").isNull();
        assertThat(authz(m, "2001:db8::7", "/other", Map.of("x-k", "vv"))).as("principal suffix, header prefix")
                .isNull();
        assertThat(authz(m, "2001:db8::7", "/other", Map.of("x-k", "w"))).isEqualTo("allow-none-matched");
        assertThat(authz(m, "10.0.0.9", "/a/x", Map.of())).as("no Pod: no principal").isEqualTo("allow-none-matched");
    }

    @Test
    void shouldSeeNoPrincipalWhereAPeerAuthenticationDisablesMtls()
    {
        final RoutingModel m = model(CONFIG + NO_MTLS);
        assertThat(authz(m, "10.0.0.7", "/a/x", Map.of())).isEqualTo("allow-none-matched");
        assertThat(authz(m, "2001:db8::7", "/z/b", Map.of())).as("namespaces come from the principal too")
                .isEqualTo("allow-none-matched");
    }
}
