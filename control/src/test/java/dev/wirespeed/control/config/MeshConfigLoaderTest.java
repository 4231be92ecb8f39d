package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.SidecarSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MeshConfigLoaderTest
{
    /** The shape {@code kubectl get configmap istio -n istio-system -o yaml} prints. */
    private static String configMap(final String meshBody)
    {
        return """
                apiVersion: v1
                data:
                  mesh: |-
                """ + meshBody.indent(4) + """
                  meshNetworks: 'networks: {}'
                kind: ConfigMap
                metadata:
                  creationTimestamp: "2024-05-02T10:11:12Z"
                  labels:
                    install.operator.istio.io/owning-resource: unknown
                    istio.io/rev: default
                  name: istio
                  namespace: istio-system
                  resourceVersion: "1234"
                  uid: 0f6a7d3e-0000-4000-8000-000000000000
                """;
    }

    @Test
    void shouldReadTheLocalityLbSettingOverIstiosDefault()
    {
        assertThat(MeshConfig.DEFAULT.localityLbSetting().disabled()).isFalse();
        final LoadedConfig on = new ConfigLoader().loadString("m.yaml", configMap("""
                localityLbSetting:
                  failover:
                  - from: us-east
                    to: eu-west"""));
        assertThat(on.formattedDiagnostics()).isEmpty();
        assertThat(on.model().mesh().localityLbSetting()).isEqualTo(new DestinationRule.LocalitySetting(true,
                List.of(new DestinationRule.Failover("us-east", "eu-west")), List.of(), List.of()));
        final LoadedConfig off = new ConfigLoader().loadString("m.yaml", configMap("""
                localityLbSetting:
                  enabled: false"""));
        assertThat(off.model().mesh().localityLbSetting().disabled()).isTrue();
    }

    @Test
    void shouldDefaultToAllowAnyWithoutAMeshConfig()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", "");
        assertThat(c.model().mesh()).isEqualTo(MeshConfig.DEFAULT);
    }

    @Test
    void shouldReadTheOutboundTrafficPolicyFromTheEmbeddedMeshYaml()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", configMap("""
                accessLogFile: /dev/stdout
                defaultConfig:
                  discoveryAddress: istiod.istio-system.svc:15012
                  holdApplicationUntilProxyStarts: true
                enablePrometheusMerge: true
                outboundTrafficPolicy:
                  mode: REGISTRY_ONLY
                trustDomain: cluster.local"""));
        assertThat(c.formattedDiagnostics()).isEmpty();
        assertThat(c.model().mesh().outboundPolicy()).isEqualTo(MeshConfig.OutboundPolicy.REGISTRY_ONLY);
        assertThat(c.kindCounts()).containsEntry("ConfigMap", 1);
    }

    @Test
    void shouldPointErrorsInsideTheEmbeddedYamlAtTheOuterFile()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", configMap("""
                accessLogFile: /dev/stdout
                outboundTrafficPolicy:
                  mode: ALLOW_ALL"""));
        assertThat(c.formattedDiagnostics()).containsExactly("m.yaml:6:13: error: data.mesh.outboundTrafficPolicy"
                + ".mode: outboundTrafficPolicy.mode must be ALLOW_ANY, REGISTRY_ONLY or ALLOW_ANY_DYNAMIC_DNS, got"
                + " \"ALLOW_ALL\"");
    }

    @Test
    void shouldTakeAllowAnyDynamicDnsInTheMeshConfigAndRefuseItInASidecarAsIstioDoes()
    {
        final LoadedConfig mesh = new ConfigLoader().loadString("m.yaml", configMap("""
                outboundTrafficPolicy:
                  mode: ALLOW_ANY_DYNAMIC_DNS"""));
        assertThat(mesh.formattedDiagnostics()).isEmpty();
        assertThat(mesh.model().mesh().outboundPolicy()).isEqualTo(MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS);
        final LoadedConfig sidecar = new ConfigLoader().loadString("s.yaml", """
                apiVersion: networking.istio.io/v1
                kind: Sidecar
                metadata: {name: s}
                spec:
                  outboundTrafficPolicy: {mode: ALLOW_ANY_DYNAMIC_DNS}
                """);
        assertThat(sidecar.formattedDiagnostics()).containsExactly("s.yaml:5:33: error: spec.outboundTrafficPolicy"
                + ".mode: sidecar: ALLOW_ANY_DYNAMIC_DNS mode is only supported in the mesh config, not in a Sidecar"
                + " (Istio's validation refuses it)");
    }

    @Test
    void shouldReportMalformedEmbeddedYamlWithItsOuterPosition()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", configMap("""
                accessLogFile: /dev/stdout
                outboundTrafficPolicy: {mode: ALLOW_ANY"""));
        assertThat(c.hasErrors()).isTrue();
        assertThat(c.formattedDiagnostics().get(0)).startsWith("m.yaml:5:").contains("malformed YAML");
    }

    @Test
    void shouldIgnoreOtherConfigMapsWithAWarning()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio-ca-root-cert, namespace: default}
                data: {root-cert.pem: x}
                """);
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.model().mesh()).isEqualTo(MeshConfig.DEFAULT);
        assertThat(c.warnings()).hasSize(1);
    }

    @Test
    void shouldRejectASecondMeshConfig()
    {
        final LoadedConfig twice = new ConfigLoader().loadString("a.yaml",
                configMap("outboundTrafficPolicy: {mode: ALLOW_ANY}") + "---\n"
                        + configMap("outboundTrafficPolicy: {mode: REGISTRY_ONLY}").replace("namespace: istio-system",
                        "namespace: istio-canary"));
        assertThat(twice.formattedDiagnostics()).anyMatch(s -> s.contains("a second mesh config"));
        assertThat(twice.model().mesh().outboundPolicy()).isEqualTo(MeshConfig.OutboundPolicy.ALLOW_ANY);
    }

    @Test
    void shouldReadSidecarEgressHostsSelectorsAndPolicy()
    {
        final LoadedConfig c = new ConfigLoader().loadString("s.yaml", """
                apiVersion: networking.istio.io/v1
                kind: Sidecar
                metadata: {name: ratings, namespace: prod}
                spec:
                  workloadSelector:
                    labels: {app: ratings}
                  egress:
                  - port: {number: 9080, protocol: HTTP, name: http}
                    hosts: ["./*"]
                  - hosts: ["istio-system/*", "*/api.example.com"]
                  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
                """);
        assertThat(c.formattedDiagnostics()).isEmpty();
        final SidecarSpec s = c.model().sidecars().get(0);
        assertThat(s.workloadSelector()).isEqualTo(Map.of("app", "ratings"));
        assertThat(s.egress()).containsExactly(new SidecarSpec.EgressListener(9080, List.of("prod/*"), "HTTP"),
                new SidecarSpec.EgressListener(0, List.of("istio-system/*", "*/api.example.com")));
        assertThat(s.outbound().outboundPolicy()).isEqualTo(MeshConfig.OutboundPolicy.REGISTRY_ONLY);
    }

    @Test
    void shouldRejectMalformedSidecarsWithPositions()
    {
        final LoadedConfig c = new ConfigLoader().loadString("s.yaml", """
                apiVersion: networking.istio.io/v1
                kind: Sidecar
                metadata: {name: s}
                spec:
                  egress:
                  - hosts: ["api.example.com"]
                  - hosts: ["./*"]
                  outboundTrafficPolicy: {mode: allow_any}
                """);
        assertThat(c.formattedDiagnostics()).containsExactly(
                "s.yaml:6:13: error: spec.egress[0].hosts[0]: sidecar: egress host must be of the form "
                        + "namespace/dnsName, got \"api.example.com\"",
                "s.yaml:7:5: error: spec.egress[1]: sidecar: egress can have only one listener with empty port",
                "s.yaml:8:33: error: spec.outboundTrafficPolicy.mode: outboundTrafficPolicy.mode must be ALLOW_ANY "
                        + "or REGISTRY_ONLY, got \"allow_any\"");
    }

    @Test
    void shouldLoadDelegatesAndRejectWhatIstioRejectsAboutThem()
    {
        final LoadedConfig c = new ConfigLoader().loadString("d.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: root}
                spec:
                  hosts: [shop.example.com]
                  http:
                  - match: [{uri: {prefix: /a}}]
                    delegate: {name: leaf}
                    route: [{destination: {host: a}}]
                  - delegate: {name: nowhere, namespace: other}
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: leaf}
                spec:
                  gateways: [edge]
                  http:
                  - delegate: {name: root}
                  - route:
                    - destination: {host: a}
                      headers: {request: {set: {host: b.example.com, x-a: "1"}, remove: [":path", x-b]}}
                """);
        assertThat(c.formattedDiagnostics()).contains(
                "d.yaml:9:12: error: spec.http[0].route: root HTTP route must not specify route (it has a delegate)",
                "d.yaml:16:13: error: spec.gateways: delegate virtual service (no hosts) must have no gateways "
                        + "specified",
                "d.yaml:18:15: error: spec.http[0].delegate: delegate HTTP route cannot contain delegate (one level "
                        + "only)");
        assertThat(c.formattedDiagnostics()).anyMatch(s -> s.startsWith("d.yaml:10:5: warning: spec.http[1]: "
                + "delegate other/nowhere is no VirtualService without hosts"));
        final var root = c.model().virtualServices().get(0).http().get(0);
        assertThat(root.delegate()).isEqualTo(new dev.wirespeed.control.model.HttpRoute.Delegate("leaf", "default"));
        final var ops = c.model().virtualServices().get(1).http().get(1).route().get(0).headers();
        assertThat(ops.set()).containsOnlyKeys("x-a");
        assertThat(ops.authority()).isEqualTo("b.example.com");
        assertThat(ops.remove()).containsExactly("x-b");
    }

    @Test
    void shouldApplyTheDefaultExportToOfTheMeshConfigToResourcesThatWriteNone()
    {
        final LoadedConfig c = new ConfigLoader().loadStrings(java.util.Map.of("a.yaml", configMap("""
                defaultVirtualServiceExportTo: ["."]
                defaultDestinationRuleExportTo: [".", "istio-system"]
                defaultServiceExportTo: ["*"]"""), "b.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: quiet, namespace: ns1}
                spec:
                  hosts: [a.example.com]
                  http: [{route: [{destination: {host: a.example.com}}]}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: loud, namespace: ns1}
                spec:
                  hosts: [b.example.com]
                  exportTo: ["*"]
                  http: [{route: [{destination: {host: b.example.com}}]}]
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: dr, namespace: ns2}
                spec: {host: a.example.com}
                """));
        assertThat(c.errors()).isEmpty();
        assertThat(c.formattedDiagnostics()).noneMatch(d -> d.contains("defaultServiceExportTo"));
        assertThat(c.model().virtualServices()).extracting(v -> v.name() + " " + v.exportTo())
                .containsExactly("quiet [ns1]", "loud [*]");
        assertThat(c.model().destinationRules().get(0).exportTo()).containsExactly("ns2", "istio-system");
    }

    @Test
    void shouldTakeTheRootNamespaceForMeshWideSidecarsAndRules()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", configMap("rootNamespace: istio-config"));
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().mesh().rootNamespace()).isEqualTo("istio-config");
        assertThat(new ConfigLoader().loadString("m.yaml", configMap("trustDomain: x")).model().mesh()
                .rootNamespace()).isEqualTo("istio-system");
    }
}
