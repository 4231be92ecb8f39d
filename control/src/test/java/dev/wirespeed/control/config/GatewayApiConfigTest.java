package dev.wirespeed.control.config;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading the Gateway API kinds and the endpoint kinds: what the model gets, and the exact
 * {@code file:line:column} message for bad input.
 */
class GatewayApiConfigTest
{
    /** Lines 1..12: a Gateway with one HTTP listener on port 80. */
    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: gw
              namespace: infra
            spec:
              gatewayClassName: istio
              listeners:
              - name: http
                port: 80
                protocol: HTTP
            ---
            """;

    /** Lines 13..19 of a route document; its rules start on line 20. */
    private static final String ROUTE_HEAD = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: r, namespace: infra}
            spec:
              parentRefs: [{name: gw}]
              hostnames: [example.com]
              rules:
            """;

    private static LoadedConfig load(final String yaml)
    {
        return new ConfigLoader().loadString("t.yaml", yaml);
    }

    private static List<String> errors(final String rules)
    {
        return load(GATEWAY + ROUTE_HEAD + rules).errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void shouldTurnEachMatchIntoPortBoundRoutesWithASegmentWisePrefix()
    {
        final LoadedConfig c = load(GATEWAY + ROUTE_HEAD + """
                  - matches:
                    - path: {type: PathPrefix, value: /api/}
                      method: POST
                      headers: [{name: X-Version, value: "2"}]
                """);
        assertThat(c.errors()).isEmpty();
        final VirtualService vs = c.model().virtualServices().get(0);
        assertThat(vs.qualifiedName()).isEqualTo("infra/gw~example.com");
        assertThat(vs.hosts()).containsExactly("example.com");
        assertThat(vs.gateways()).containsExactly("infra/gw");
        assertThat(vs.http()).hasSize(2);
        assertThat(vs.http().get(0).matches().get(0).uri()).isEqualTo(StringMatch.exact("/api"));
        assertThat(vs.http().get(1).matches().get(0).uri()).isEqualTo(StringMatch.prefix("/api/"));
        for (final HttpRoute r : vs.http())
        {
            assertThat(r.name()).isEqualTo("infra.r.0");
            assertThat(r.matches().get(0).port()).isEqualTo(80);
            assertThat(r.matches().get(0).method()).isEqualTo(StringMatch.exact("POST"));
            assertThat(r.matches().get(0).headers()).containsEntry("x-version", StringMatch.exact("2"));
            // No backendRefs: the spec's 500.
            assertThat(r.directResponse()).isEqualTo(new HttpRoute.DirectResponse(500, null));
        }
        assertThat(c.model().gateways()).anySatisfy(g -> assertThat(g.qualifiedName()).isEqualTo("infra/gw"));
        assertThat(c.kindCounts()).containsEntry("Gateway.gateway.networking.k8s.io", 1).containsEntry("HTTPRoute", 1);
    }

    @Test
    void shouldIntersectHostnamesKeepingTheMoreSpecific()
    {
        assertThat(GatewayApiTranslator.intersect("*.example.com", List.of("foo.example.com", "*.bar.example.com",
                "example.com", "other.org"))).containsExactly("foo.example.com", "*.bar.example.com");
        assertThat(GatewayApiTranslator.intersect("foo.example.com", List.of("*.example.com")))
                .containsExactly("foo.example.com");
        assertThat(GatewayApiTranslator.intersect(null, List.of())).containsExactly("*");
        assertThat(GatewayApiTranslator.intersect("a.com", List.of())).containsExactly("a.com");
        assertThat(GatewayApiTranslator.intersect("a.com", List.of("b.com"))).isEmpty();
    }

    @Test
    void shouldReportAnUnknownPathTypeWithItsPosition()
    {
        assertThat(errors("""
                  - matches:
                    - path: {type: Prefix, value: /a}
                """)).containsExactly("t.yaml:21:20: error: spec.rules[0].matches[0].path.type: expected Exact, "
                + "PathPrefix or RegularExpression, got \"Prefix\"");
    }

    @Test
    void shouldRequireAPortOnAServiceBackend()
    {
        assertThat(errors("""
                  - backendRefs:
                    - name: reviews
                """)).containsExactly("t.yaml:21:7: error: spec.rules[0].backendRefs[0].port: a backendRef to a "
                + "Service must have a port");
    }

    @Test
    void shouldRejectReplacePrefixMatchWithoutAPathPrefix()
    {
        assertThat(errors("""
                  - matches:
                    - path: {type: Exact, value: /a}
                    filters:
                    - type: URLRewrite
                      urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}
                    backendRefs: [{name: reviews, port: 9080}]
                """)).containsExactly("t.yaml:23:5: error: spec.rules[0].filters: ReplacePrefixMatch is only allowed "
                + "with a PathPrefix match");
    }

    @Test
    void shouldRejectAnUnknownFieldAndAnUnsupportedFilter()
    {
        assertThat(errors("""
                  - matches:
                    - paht: {value: /a}
                    filters:
                    - type: ExtensionRef
                      extensionRef: {group: x.io, kind: Thing, name: t}
                """)).containsExactly(
                "t.yaml:21:7: error: spec.rules[0].matches[0].paht: unknown field \"paht\" (did you mean \"path\"?)",
                "t.yaml:23:13: error: spec.rules[0].filters[0].type: filter type \"ExtensionRef\" is not supported "
                        + "(supported: RequestHeaderModifier, ResponseHeaderModifier, RequestMirror, RequestRedirect, "
                        + "URLRewrite, CORS)");
    }

    @Test
    void shouldWarnWhenAParentRefNamesNoListener()
    {
        final LoadedConfig c = load(GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: infra}
                spec:
                  parentRefs: [{name: gw, sectionName: https}]
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.warnings()).extracting(Diagnostic::format).containsExactly("t.yaml:17:16: warning: "
                + "spec.parentRefs[0]: Gateway infra/gw has no listener named \"https\"; the HTTPRoute is not attached "
                + "(NoMatchingParent)");
        assertThat(c.model().virtualServices()).isEmpty();
    }

    @Test
    void shouldAttachAMeshRouteToEveryHostOfItsServiceEntryParentAndWarnOfAMissingOne()
    {
        final LoadedConfig c = load("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: ext, namespace: infra}
                spec:
                  hosts: [a.example.com, B.example.com]
                  resolution: DNS
                  ports: [{number: 80, name: http, protocol: HTTP}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: infra}
                spec:
                  parentRefs:
                  - {group: networking.istio.io, kind: ServiceEntry, name: ext}
                  - {group: networking.istio.io, kind: ServiceEntry, name: gone}
                  rules: [{backendRefs: [{group: networking.istio.io, kind: Hostname, name: a.example.com, port: 80}]}]
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.warnings()).extracting(Diagnostic::format).containsExactly("t.yaml:15:5: warning: "
                + "spec.parentRefs[1]: parent ServiceEntry infra/gone does not exist; the HTTPRoute is not attached"
                + " to it");
        assertThat(c.model().virtualServices()).extracting(v -> v.hosts().get(0) + " " + v.gateways())
                .containsExactlyInAnyOrder("a.example.com [mesh]", "b.example.com [mesh]");
    }

    @Test
    void shouldRejectAnUnsupportedGatewayApiVersion()
    {
        assertThat(load(GATEWAY.replace("gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v9")).errors())
                .extracting(Diagnostic::format).containsExactly("t.yaml:1:13: error: apiVersion: unsupported "
                        + "apiVersion \"gateway.networking.k8s.io/v9\" for Gateway (expected "
                        + "gateway.networking.k8s.io/v1, v1beta1 or v1alpha2)");
    }

    @Test
    void shouldAllowRoutesOnlyFromNamespacesTheListenerSelects()
    {
        final StringBuilder y = new StringBuilder("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: infra}
                spec:
                  gatewayClassName: istio
                  listeners:
                  - name: http
                    port: 80
                    protocol: HTTP
                    allowedRoutes:
                      namespaces:
                        from: Selector
                        selector:
                          matchLabels: {team: web}
                          matchExpressions:
                          - {key: env, operator: NotIn, values: [prod]}
                          - {key: kubernetes.io/metadata.name, operator: In, values: [a, b, c]}
                """);
        final String[][] namespaces = {{"a", "{team: web}"}, {"b", "{team: web, env: prod}"}, {"c", "{team: db}"},
            {"d", "{team: web}"}};
        for (final String[] ns : namespaces)
        {
            y.append("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ").append(ns[0]).append(", labels: ")
                    .append(ns[1]).append("}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n")
                    .append("metadata: {name: r, namespace: ").append(ns[0]).append("}\nspec:\n")
                    .append("  parentRefs: [{name: gw, namespace: infra}]\n  hostnames: [").append(ns[0])
                    .append(".example.com]\n");
        }
        final LoadedConfig c = load(y.toString());
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().virtualServices()).extracting(VirtualService::hosts)
                .containsExactly(List.of("a.example.com"));
        assertThat(c.warnings()).hasSize(3).allSatisfy(w -> assertThat(w.message()).contains("NotAllowedByListeners"));
    }

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: reviews, namespace: default}
            spec:
              selector: {app: reviews}
              ports: [{name: http, port: 9080, targetPort: 9080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: reviews-v2-abc, namespace: default, labels: {app: reviews, version: v2}}
            status: {podIP: 10.1.0.99}
            ---
            """;

    @Test
    void shouldTakeEndpointsFromEndpointSlicesWithTheirPodsLabelsAndReadiness()
    {
        final LoadedConfig c = load(SERVICE + """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: reviews-x1
                  namespace: default
                  labels: {kubernetes.io/service-name: reviews}
                addressType: IPv4
                endpoints:
                - addresses: [10.1.0.12]
                  conditions: {ready: true}
                  targetRef: {kind: Pod, name: reviews-v2-abc, namespace: default}
                - addresses: [10.1.0.13]
                  conditions: {ready: false}
                ports:
                - {name: http, port: 9443, protocol: TCP}
                """);
        assertThat(c.errors()).isEmpty();
        final RegistryService s = c.model().services().get(0);
        assertThat(s.endpoints()).extracting(RegistryService.Endpoint::address).containsExactly("10.1.0.12",
                "10.1.0.13");
        assertThat(s.endpoints().get(0).labels()).containsEntry("version", "v2");
        assertThat(s.endpoints().get(0).ports()).containsEntry("http", 9443);
        assertThat(s.endpoints().get(0).healthy()).isTrue();
        assertThat(s.endpoints().get(1).healthy()).isFalse();
    }

    @Test
    void shouldTakeEndpointsFromTheOlderEndpointsKind()
    {
        final LoadedConfig c = load(SERVICE + """
                apiVersion: v1
                kind: Endpoints
                metadata: {name: reviews, namespace: default}
                subsets:
                - addresses: [{ip: 10.1.0.20}]
                  notReadyAddresses: [{ip: 10.1.0.21}]
                  ports: [{name: http, port: 9080}]
                """);
        assertThat(c.errors()).isEmpty();
        final RegistryService s = c.model().services().get(0);
        assertThat(s.endpoints()).extracting(RegistryService.Endpoint::address).containsExactly("10.1.0.20",
                "10.1.0.21");
        assertThat(s.endpoints()).extracting(RegistryService.Endpoint::healthy).containsExactly(true, false);
    }

    @Test
    void shouldReportABadEndpointAddressWithItsPosition()
    {
        assertThat(load(SERVICE + """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: reviews-x1, labels: {kubernetes.io/service-name: reviews}}
                addressType: IPv4
                endpoints:
                - addresses: [10.1.0.300]
                """).errors()).extracting(Diagnostic::format).containsExactly("t.yaml:18:15: error: "
                + "endpoints[0].addresses[0]: \"10.1.0.300\" is not an IP address (addressType IPv4)");
    }
}
