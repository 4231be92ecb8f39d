package dev.wirespeed.control.config;

import dev.wirespeed.control.model.PeerAuthentication;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading {@code security.istio.io} PeerAuthentications, and Istio's validation of them (docs/config.md). */
class PeerAuthenticationConfigTest
{
    @Test
    void shouldReadEveryLevelAsIstiosTasksWriteThem()
    {
        final LoadedConfig c = new ConfigLoader().loadString("p.yaml", """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: default, namespace: istio-system}
                spec:
                  mtls:
                    mode: STRICT
                ---
                apiVersion: security.istio.io/v1beta1
                kind: PeerAuthentication
                metadata: {name: default, namespace: foo, creationTimestamp: "2026-01-02T03:04:05Z"}
                spec: {}
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: httpbin, namespace: bar}
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  mtls:
                    mode: STRICT
                  portLevelMtls:
                    8080:
                      mode: DISABLE
                    "9090": {}
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: bare, namespace: baz}
                """);
        assertThat(c.formattedDiagnostics()).isEmpty();
        assertThat(c.kindCounts().get("PeerAuthentication")).isEqualTo(4);
        assertThat(c.model().peerAuthentications()).extracting(PeerAuthentication::namespace,
                PeerAuthentication::name, PeerAuthentication::selector, PeerAuthentication::mode,
                PeerAuthentication::portLevel, PeerAuthentication::created).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("istio-system", "default", Map.of(),
                                PeerAuthentication.Mode.STRICT, Map.of(), ""),
                        org.assertj.core.groups.Tuple.tuple("foo", "default", Map.of(), PeerAuthentication.Mode.UNSET,
                                Map.of(), "2026-01-02T03:04:05Z"),
                        org.assertj.core.groups.Tuple.tuple("bar", "httpbin", Map.of("app", "httpbin"),
                                PeerAuthentication.Mode.STRICT, Map.of(8080, PeerAuthentication.Mode.DISABLE, 9090,
                                        PeerAuthentication.Mode.UNSET), ""),
                        org.assertj.core.groups.Tuple.tuple("baz", "bare", Map.of(), PeerAuthentication.Mode.UNSET,
                                Map.of(), ""));
        assertThat(c.model().peerAuthentications().get(0).source().line()).isEqualTo(1);
    }

    @Test
    void shouldReportEachMistakeWhereItIsWritten()
    {
        final LoadedConfig c = new ConfigLoader().loadString("p.yaml", """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: bad-mode, namespace: foo}
                spec:
                  mtls:
                    mode: BLAH
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: port-level-global, namespace: foo}
                spec:
                  portLevelMtls:
                    80:
                      mode: STRICT
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: ports, namespace: foo}
                spec:
                  selector:
                    matchLabels: {app: web, "*": x}
                  portLevelMtls:
                    acd: {mode: STRICT}
                    0: {mode: STRICT}
                    70000: {mode: STRICT}
                    81: {mod: STRICT}
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: empty-ports, namespace: foo}
                spec:
                  selector: {matchLabels: {app: web}}
                  portLevelMtls: {}
                  mtl: {mode: STRICT}
                ---
                apiVersion: security.istio.io/v1alpha1
                kind: PeerAuthentication
                metadata: {name: old, namespace: foo}
                spec: {}
                """);
        assertThat(c.errors()).extracting(Diagnostic::toString).containsExactly(
                "p.yaml:6:11: error: spec.mtls.mode: unsupported mtls mode \"BLAH\" (expected UNSET, DISABLE, "
                        + "PERMISSIVE or STRICT)",
                "p.yaml:13:5: error: spec.portLevelMtls: mesh/namespace peer authentication cannot have port level "
                        + "mTLS (portLevelMtls requires a selector with matchLabels)",
                "p.yaml:21:18: error: spec.selector.matchLabels: wildcard is not supported in selector: \"*=x\"",
                "p.yaml:23:5: error: spec.portLevelMtls.acd: portLevelMtls: \"acd\" is not a port number",
                "p.yaml:24:5: error: spec.portLevelMtls.0: portLevelMtls: port must be in range 1..65535, got 0",
                "p.yaml:25:5: error: spec.portLevelMtls.70000: portLevelMtls: port must be in range 1..65535, got "
                        + "70000",
                "p.yaml:26:10: error: spec.portLevelMtls.81.mod: unknown field \"mod\" (expected one of: mode)",
                "p.yaml:33:18: error: spec.portLevelMtls: port level mTLS, if defined, must have at least one "
                        + "element",
                "p.yaml:34:3: error: spec.mtl: unknown field \"mtl\" (expected one of: mtls, portLevelMtls, "
                        + "selector)",
                "p.yaml:36:13: error: apiVersion: unsupported apiVersion \"security.istio.io/v1alpha1\" for "
                        + "PeerAuthentication (expected security.istio.io/v1 or v1beta1)");
    }

    @Test
    void shouldWarnOfASelectorWithoutLabelsAndLoadTheOtherSecurityKindsBeside()
    {
        final LoadedConfig c = new ConfigLoader().loadString("p.yaml", """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: empty-selector, namespace: foo}
                spec:
                  selector: {}
                  mtls: {mode: DISABLE}
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: allow-nothing, namespace: foo}
                spec: {}
                ---
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata: {name: jwt, namespace: foo}
                spec: {}
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.formattedDiagnostics()).containsExactly(
                "p.yaml:5:13: warning: spec.selector: workload selector specified without labels: the policy is "
                        + "namespace-wide");
        final dev.wirespeed.control.model.AuthorizationPolicy p = c.model().authorization().policies().get(0);
        assertThat(p.qualifiedName()).isEqualTo("foo/allow-nothing");
        assertThat(p.action()).isEqualTo(dev.wirespeed.control.model.AuthorizationPolicy.Action.ALLOW);
        assertThat(p.rules()).as("no rules: an ALLOW policy that matches nothing").isEmpty();
        assertThat(c.model().peerAuthentications()).singleElement().extracting(PeerAuthentication::namespaceWide)
                .isEqualTo(true);
    }
}
