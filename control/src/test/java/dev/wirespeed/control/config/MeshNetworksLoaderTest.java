package dev.wirespeed.control.config;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** meshNetworks, network gateways, and the network and TLS mode of each endpoint (docs/routing.md §4, "Networks"). */
class MeshNetworksLoaderTest
{
    private static String configMap(final String networks)
    {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio, namespace: istio-system}
                data:
                  mesh: |-
                    rootNamespace: istio-system
                  meshNetworks: |-
                """ + networks.indent(4);
    }

    private static final String NETWORKS = configMap("""
            networks:
              east:
                endpoints:
                - fromRegistry: Kubernetes
                gateways:
                - registryServiceName: eastwest.istio-system.svc.cluster.local
                  port: 15443
              west:
                endpoints:
                - fromCidr: 10.2.0.0/16
                gateways:
                - address: 192.0.2.7
                  port: 15443
                - address: west-gw.example.com
                  port: 15443""");

    private static final String REGISTRY = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: eastwest, namespace: istio-system}
            spec:
              type: LoadBalancer
              ports: [{name: tls, port: 15443}]
            status:
              loadBalancer:
                ingress: [{ip: 198.51.100.1}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: north-gw
              namespace: istio-system
              labels: {topology.istio.io/network: north, networking.istio.io/gatewayPort: "15444"}
            spec:
              ports: [{name: tls, port: 15444}]
              externalIPs: [198.51.100.2]
            ---
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: vms, namespace: default}
            spec:
              hosts: [vms.internal]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints:
              - {address: 10.2.0.9}
              - {address: 10.7.0.9, network: north, serviceAccount: vm}
              - {address: 10.7.0.10, labels: {topology.istio.io/network: west, security.istio.io/tlsMode: istio}}
            """;

    @Test
    void shouldFindGatewaysFromAddressesRegistryServiceNamesAndLabelledServices()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", NETWORKS + REGISTRY);
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().mesh().networks().gateways()).containsExactly(
                new MeshNetworks.Gateway("west", "", "192.0.2.7", 15443),
                new MeshNetworks.Gateway("east", MeshNetworks.CLUSTER_ID, "198.51.100.1", 15443),
                new MeshNetworks.Gateway("north", MeshNetworks.CLUSTER_ID, "198.51.100.2", 15444));
        assertThat(c.formattedDiagnostics()).anyMatch(d -> d.contains("\"west-gw.example.com\" of network west is "
                + "a host name with no DNS answer given"));
    }

    @Test
    void shouldPlaceEachEndpointOnItsNetworkWithItsTlsMode()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", NETWORKS + REGISTRY);
        final RegistryService vms = c.model().services().stream().filter(s -> s.host().equals("vms.internal"))
                .findFirst().orElseThrow();
        // fromRegistry (this cluster) comes before fromCidr, as in Istio's networkFromMeshNetworks
        assertThat(vms.endpoints()).extracting(RegistryService.Endpoint::network).containsExactly("east", "north",
                "west");
        assertThat(vms.endpoints()).extracting(RegistryService.Endpoint::tlsMode).containsExactly("disabled", "istio",
                "istio");
        assertThat(vms.endpoints().get(1).labels()).containsEntry(MeshNetworks.NETWORK_LABEL, "north");
    }

    @Test
    void shouldTakeTheSystemNamespacesNetworkBeforeMeshNetworks()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", NETWORKS + REGISTRY + """
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: istio-system, labels: {topology.istio.io/network: south}}
                """);
        final RegistryService vms = c.model().services().stream().filter(s -> s.host().equals("vms.internal"))
                .findFirst().orElseThrow();
        assertThat(vms.endpoints()).extracting(RegistryService.Endpoint::network).containsExactly("south", "north",
                "west");
        assertThat(c.model().mesh().networks().systemNetwork()).isEqualTo("south");
    }

    @Test
    void shouldReportMeshNetworksErrorsAtTheirPositionInTheOuterFile()
    {
        final LoadedConfig c = new ConfigLoader().loadString("m.yaml", configMap("""
                networks:
                  west:
                    endpoints:
                    - fromCidr: 10.2.0.0
                    - {fromCidr: 10.3.0.0/16, fromRegistry: Kubernetes}
                    gateways:
                    - address: 192.0.2.7
                    - {address: 192.0.2.8, registryServiceName: gw.istio-system.svc.cluster.local, port: 1}
                    - {address: 192.0.2.9, port: 70000}
                    - {adress: 192.0.2.9, port: 1}"""));
        // each at the value or entry it is about (columns: "- " at 9, a flow mapping's "{" at 11)
        assertThat(c.errors()).extracting(Diagnostic::toString).containsExactly(
                "m.yaml:11:21: error: data.meshNetworks.networks.west.endpoints[0].fromCidr: \"10.2.0.0\" is not a "
                        + "CIDR (expected address/prefix)",
                "m.yaml:12:11: error: data.meshNetworks.networks.west.endpoints[1]: network west: an endpoint needs "
                        + "exactly one of fromCidr and fromRegistry",
                "m.yaml:14:11: error: data.meshNetworks.networks.west.gateways[0].port: missing required field "
                        + "\"port\"",
                "m.yaml:15:11: error: data.meshNetworks.networks.west.gateways[1]: network west: a gateway needs "
                        + "exactly one of address and registryServiceName",
                "m.yaml:16:38: error: data.meshNetworks.networks.west.gateways[2].port: value 70000 out of range "
                        + "1..65535",
                "m.yaml:17:11: error: data.meshNetworks.networks.west.gateways[3]: network west: a gateway needs "
                        + "exactly one of address and registryServiceName",
                "m.yaml:17:12: error: data.meshNetworks.networks.west.gateways[3].adress: unknown field \"adress\" "
                        + "(did you mean \"address\"?)");
        assertThat(c.model().mesh().networks().networks()).hasSize(1);
    }

    @Test
    void shouldReadADestinationRulesTlsModeForAPortAndASubset()
    {
        final LoadedConfig c = new ConfigLoader().loadString("d.yaml", """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: r, namespace: default}
                spec:
                  host: r.default.svc.cluster.local
                  trafficPolicy:
                    tls: {mode: ISTIO_MUTUAL}
                    portLevelSettings:
                    - port: {number: 80}
                      tls: {}
                    - port: {number: 81}
                      loadBalancer: {simple: RANDOM}
                  subsets:
                  - name: v1
                    labels: {version: v1}
                    trafficPolicy: {tls: {mode: SIMPLE}}
                  - name: v2
                    labels: {version: v2}
                """);
        assertThat(c.errors()).isEmpty();
        final var rule = c.model().destinationRules().get(0);
        assertThat(rule.tlsMode(null, 80)).isEqualTo("DISABLE"); // tls without a mode is the proto's zero
        assertThat(rule.tlsMode(null, 81)).isEqualTo("ISTIO_MUTUAL");
        assertThat(rule.tlsMode("v1", 81)).isEqualTo("SIMPLE");
        assertThat(rule.tlsMode("v2", 80)).isEqualTo("DISABLE");
        assertThat(rule.tlsMode("v3", 80)).isNull();
        assertThat(List.of(new ConfigLoader().loadString("d.yaml", """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: r, namespace: default}
                spec:
                  host: r
                  trafficPolicy: {tls: {mode: ISTIO}}
                """).formattedDiagnostics().get(0))).singleElement().asString().startsWith("d.yaml:6:")
                .contains("unknown tls.mode \"ISTIO\"");
    }
}
