package dev.wirespeed.control.config;

import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading ListenerSets and XListenerSets: the exact {@code file:line:column} message for a bad document, the
 * servers an admitted set adds to its Gateway, and the warnings of a set or listener that takes no route.
 */
class ListenerSetConfigTest
{
    /** Lines 1..15: a Gateway admitting ListenerSets of its own namespace, one HTTP listener on port 80. */
    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: gw
              namespace: infra
            spec:
              gatewayClassName: istio
              allowedListeners:
                namespaces: {from: Same}
              listeners:
              - name: http
                port: 80
                protocol: HTTP
                hostname: gw.example
            ---
            """;

    private static LoadedConfig load(final String yaml)
    {
        return new ConfigLoader().loadString("t.yaml", yaml);
    }

    private static List<String> format(final List<Diagnostic> diagnostics)
    {
        return diagnostics.stream().map(Diagnostic::format).toList();
    }

    private static GatewaySpec gateway(final LoadedConfig c)
    {
        return c.model().gateways().stream().filter(g -> g.qualifiedName().equals("infra/gw")).findFirst()
                .orElseThrow();
    }

    @Test
    void shouldReportBadListenerSetDocumentsWithTheirPlace()
    {
        final LoadedConfig c = load(GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {name: no-parent, namespace: infra}
                spec:
                  listeners: [{name: a, port: 80, protocol: HTTP}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {name: bad, namespace: infra}
                spec:
                  parentRef: {name: gw, sectionName: http}
                  listeners:
                  - {name: a, protocol: HTTP}
                  - {name: a, port: 81, protocol: HTTP}
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ListenerSet
                metadata: {name: old, namespace: infra}
                spec: {parentRef: {name: gw}, listeners: [{name: a, port: 80, protocol: HTTP}]}
                ---
                apiVersion: gateway.networking.x-k8s.io/v1
                kind: XListenerSet
                metadata: {name: x, namespace: infra}
                spec: {parentRef: {name: gw}, listeners: [{name: a, port: 80, protocol: HTTP}]}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw2, namespace: infra}
                spec:
                  gatewayClassName: istio
                  allowedListeners: {namespaces: {from: Some}}
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                """);
        assertThat(format(c.errors())).containsExactly(
                "t.yaml:20:3: error: spec.parentRef: missing required field \"parentRef\"",
                "t.yaml:26:25: error: spec.parentRef.sectionName: unknown field \"sectionName\" (expected one of: "
                        + "group, kind, name, namespace)",
                "t.yaml:28:5: error: spec.listeners[0].port: missing required field \"port\"",
                "t.yaml:29:12: error: spec.listeners[1].name: duplicate listener name \"a\" (first at line 28, "
                        + "column 12)",
                "t.yaml:31:13: error: apiVersion: unsupported apiVersion \"gateway.networking.k8s.io/v1beta1\" for "
                        + "ListenerSet (expected gateway.networking.k8s.io/v1; the older "
                        + "gateway.networking.x-k8s.io/v1alpha1 kind is XListenerSet)",
                "t.yaml:36:13: error: apiVersion: unsupported apiVersion \"gateway.networking.x-k8s.io/v1\" for "
                        + "XListenerSet (expected gateway.networking.x-k8s.io/v1alpha1)",
                "t.yaml:46:41: error: spec.allowedListeners.namespaces.from: expected one of Same, All, Selector, "
                        + "None, got \"Some\"");
    }

    @Test
    void shouldAddTheListenersOfAnAdmittedSetAsServersOfItsGateway()
    {
        final LoadedConfig c = load(GATEWAY + """
                apiVersion: gateway.networking.x-k8s.io/v1alpha1
                kind: XListenerSet
                metadata: {name: x, namespace: infra}
                spec:
                  parentRef: {name: gw}
                  listeners:
                  - {name: plain, protocol: HTTP, hostname: x.example}
                  - {name: secure, protocol: HTTPS, hostname: x.example, tls: {certificateRefs: [{name: cert}]}}
                  - {name: raw, port: 9000, protocol: TCP}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {name: elsewhere, namespace: apps}
                spec:
                  parentRef: {name: gw, namespace: infra}
                  listeners: [{name: a, port: 8080, protocol: HTTP}]
                """);
        assertThat(c.errors()).isEmpty();
        // an XListenerSet listener without a port: 80 for HTTP, 443 for HTTPS (as Istio defaults it)
        assertThat(gateway(c).servers()).extracting(GatewaySpec.Server::port, GatewaySpec.Server::protocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, "HTTP"),
                        org.assertj.core.groups.Tuple.tuple(80, "HTTP"),
                        org.assertj.core.groups.Tuple.tuple(443, "HTTPS"),
                        org.assertj.core.groups.Tuple.tuple(9000, "TCP"));
        assertThat(format(c.warnings())).containsExactly("t.yaml:30:14: warning: spec.parentRef: Gateway infra/gw "
                + "does not allow ListenerSets from namespace apps (allowedListeners from Same); the ListenerSet is "
                + "not attached (NotAllowed)");
    }

    @Test
    void shouldGiveAConflictedOrTlsLessListenerNoServerAndNoRoute()
    {
        final LoadedConfig c = load(GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {name: ls, namespace: infra}
                spec:
                  parentRef: {name: gw}
                  listeners:
                  - {name: same-host, port: 80, protocol: HTTP, hostname: gw.example}
                  - {name: tcp-on-80, port: 80, protocol: TCP}
                  - {name: no-tls, port: 443, protocol: HTTPS, hostname: a.example}
                  - {name: ok, port: 80, protocol: HTTP, hostname: ls.example}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: infra}
                spec:
                  parentRefs: [{kind: ListenerSet, name: ls}]
                  rules: [{backendRefs: [{name: missing, port: 80}]}]
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(gateway(c).servers()).extracting(s -> s.hosts().get(0))
                .containsExactly("gw.example", "ls.example");
        assertThat(format(c.warnings())).containsExactly(
                "t.yaml:22:5: warning: spec.listeners[0]: listener \"same-host\" of ListenerSet infra/ls conflicts "
                        + "with listener \"http\" of Gateway infra/gw on port 80 (HostnameConflict); no route attaches "
                        + "to it",
                "t.yaml:23:5: warning: spec.listeners[1]: listener \"tcp-on-80\" of ListenerSet infra/ls conflicts "
                        + "with listener \"http\" of Gateway infra/gw on port 80 (ProtocolConflict); no route attaches "
                        + "to it",
                "t.yaml:24:5: warning: spec.listeners[2]: listener \"no-tls\" of ListenerSet infra/ls is HTTPS "
                        + "without tls; not accepted (UnsupportedProtocol), no route attaches to it",
                "t.yaml:32:26: warning: spec.rules[0].backendRefs[0]: backend missing.infra.svc.cluster.local does "
                        + "not exist (no Service or ServiceEntry defines it; BackendNotFound); requests to it get 500");
        // the route attaches to the one accepted listener only: a VirtualService for ls.example on the Gateway
        assertThat(c.model().virtualServices()).extracting(VirtualService::hosts).containsExactly(
                List.of("ls.example"));
        assertThat(c.model().virtualServices().get(0).gateways()).containsExactly("infra/gw");
    }
}
