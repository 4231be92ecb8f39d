package dev.wirespeed.control.config;

import dev.wirespeed.control.model.MeshNetworks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network gateways from Gateway API {@code Gateway}s and from {@code NodePort} Services (Istio's
 * {@code handleGatewayResource} and {@code updateServiceNodePortAddresses}; docs/routing.md §4 "Networks").
 */
class NetworkGatewaySourcesTest
{
    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: eastwest
              namespace: istio-system
              labels: {topology.istio.io/network: net2%s}
            spec:
              gatewayClassName: istio
              addresses:
              - value: 198.51.100.7
              - {type: IPAddress, value: 198.51.100.8}
              - {type: Hostname, value: gw.example.com}
              - {type: NamedAddress, value: pool-a}
              listeners:
              - name: mesh
                port: 15443
                protocol: TLS
                tls: {mode: Passthrough}
              - name: cross
                port: 15012
                protocol: TLS
                tls:
                  mode: Passthrough
                  options: {gateway.istio.io/listener-protocol: auto-passthrough}
              - {name: plain, port: 80, protocol: HTTP}
            """;

    @Test
    void shouldTakeEachAddressAndEachAutoPassthroughListenerOfAGatewayLabelledWithANetwork()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", GATEWAY.formatted(""));
        assertThat(c.errors()).isEmpty();
        assertThat(gateways(c)).containsExactly("net2 Kubernetes 198.51.100.7:15012",
                "net2 Kubernetes 198.51.100.7:15443", "net2 Kubernetes 198.51.100.8:15012",
                "net2 Kubernetes 198.51.100.8:15443");
        // the host name is left out as for every gateway (no DNS here), said once
        assertThat(c.formattedDiagnostics()).filteredOn(d -> d.contains("gw.example.com")).hasSize(1)
                .allMatch(d -> d.startsWith("t.yaml:1:1: warning: network gateway address \"gw.example.com\""));
    }

    @Test
    void shouldTakeTheGatewayPortLabelAsTheAutoPassthroughPort()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", GATEWAY.formatted(
                ", networking.istio.io/gatewayPort: \"15012\""));
        assertThat(gateways(c)).containsExactly("net2 Kubernetes 198.51.100.7:15012",
                "net2 Kubernetes 198.51.100.8:15012");
    }

    @Test
    void shouldIgnoreAGatewayWithoutANetworkAndWarnOfOneWithoutAddresses()
    {
        assertThat(gateways(new ConfigLoader().loadString("t.yaml", GATEWAY.formatted("")
                .replace("topology.istio.io/network: net2", "app: gw")))).isEmpty();
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: eastwest
                  namespace: istio-system
                  labels: {topology.istio.io/network: net2}
                spec:
                  gatewayClassName: istio
                  listeners:
                  - {name: mesh, port: 15443, protocol: TLS, tls: {mode: Passthrough}}
                """);
        assertThat(gateways(c)).isEmpty();
        assertThat(c.formattedDiagnostics()).containsExactly("t.yaml:1:1: warning: Gateway istio-system/eastwest is "
                + "labelled as a gateway of network net2 but has no spec.addresses: no network gateway");
    }

    private static final String NODES = """
            apiVersion: v1
            kind: Node
            metadata: {name: node-b, labels: {pool: edge}}
            status:
              addresses:
              - {type: InternalIP, address: 10.0.0.2}
              - {type: ExternalIP, address: 203.0.113.2}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: node-a, labels: {pool: edge}}
            status:
              addresses:
              - {type: ExternalIP, address: 203.0.113.1}
              - {type: ExternalIP, address: 203.0.113.9}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: node-c, labels: {pool: core}}
            status:
              addresses: [{type: ExternalIP, address: 203.0.113.3}]
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: node-d, labels: {pool: edge}}
            status:
              addresses: [{type: InternalIP, address: 10.0.0.4}]
            ---
            """;

    private static final String NODE_PORT = """
            apiVersion: v1
            kind: Service
            metadata:
              name: eastwest
              namespace: istio-system
              labels: {topology.istio.io/network: net3}
              annotations: {traffic.istio.io/nodeSelector: '%s'}
            spec:
              type: NodePort
              ports:
              - {name: tls, port: 15443, nodePort: 31443}
              %s
            """;

    @Test
    void shouldReachANodePortGatewayAtTheExternalIpOfEachSelectedNodeOnItsNodePort()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", NODES + NODE_PORT.formatted(
                "{\"pool\": \"edge\"}", ""));
        assertThat(c.diagnostics()).isEmpty();
        // a Node's first ExternalIP; a Node without one is not a gateway
        assertThat(gateways(c)).containsExactly("net3 Kubernetes 203.0.113.1:31443",
                "net3 Kubernetes 203.0.113.2:31443");
        assertThat(gateways(new ConfigLoader().loadString("t.yaml", NODES + NODE_PORT.formatted("{}", ""))))
                .containsExactly("net3 Kubernetes 203.0.113.1:31443", "net3 Kubernetes 203.0.113.2:31443",
                        "net3 Kubernetes 203.0.113.3:31443");
    }

    @Test
    void shouldPreferTheExternalIpsOfANodePortGatewayButStillMapItsPort()
    {
        assertThat(gateways(new ConfigLoader().loadString("t.yaml", NODES + NODE_PORT.formatted("{}",
                "externalIPs: [192.0.2.1]")))).containsExactly("net3 Kubernetes 192.0.2.1:31443");
    }

    @Test
    void shouldWarnOfAnUnreadableNodeSelectorAndSelectEveryNode()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", NODES + NODE_PORT.formatted("pool=edge", ""));
        assertThat(gateways(c)).hasSize(3);
        assertThat(c.formattedDiagnostics()).containsExactly("t.yaml:35:48: warning: metadata.annotations["
                + "\"traffic.istio.io/nodeSelector\"]: expected a JSON object of node labels, got \"pool=edge\": "
                + "every Node is selected, as in Istio");
    }

    @Test
    void shouldWarnOfANodePortGatewayWithoutANodePortOrWithoutANode()
    {
        final LoadedConfig noPort = new ConfigLoader().loadString("t.yaml", NODES + NODE_PORT.formatted("{}", "")
                .replace(", nodePort: 31443", ""));
        assertThat(gateways(noPort)).isEmpty();
        assertThat(noPort.formattedDiagnostics()).containsExactly("t.yaml:29:1: warning: Service istio-system/eastwest "
                + "is a NodePort network gateway whose gateway port writes no nodePort (Kubernetes allocates one, "
                + "which is not known here): no gateway");
        final LoadedConfig noNode = new ConfigLoader().loadString("t.yaml", NODE_PORT.formatted("{}", ""));
        assertThat(noNode.formattedDiagnostics()).containsExactly("t.yaml:1:1: warning: Service istio-system/eastwest "
                + "is a network gateway without an external address (spec.externalIPs, or a Node with an ExternalIP "
                + "that its traffic.istio.io/nodeSelector selects): no gateway");
    }

    private static final String ADDRESSLESS = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: vms}
            spec:
              hosts: [vms.internal]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints:
              - {address: 10.2.0.9}
              - %s
            """;

    @Test
    void shouldKeepAWorkloadWithoutAnAddressThatNamesItsNetworkWithAWarning()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", ADDRESSLESS.formatted(
                "{network: net2, serviceAccount: vm}"));
        assertThat(c.errors()).isEmpty();
        assertThat(c.formattedDiagnostics()).containsExactly("t.yaml:11:5: warning: spec.endpoints[1].address: "
                + "address is unset with network \"net2\": reached through that network's gateways only");
        assertThat(c.model().services().get(0).endpoints()).extracting(e -> e.address() + "@" + e.network())
                .containsExactly("10.2.0.9@", "@net2");
    }

    @Test
    void shouldRequireAnAddressWithoutANetworkAsIstioDoes()
    {
        assertThat(ConfigLoaderValidationTest.errors(ADDRESSLESS.formatted("{labels: {app: vm}}"))).containsExactly(
                "t.yaml:11:5: error: spec.endpoints[1].address: missing required field \"address\"");
        assertThat(ConfigLoaderValidationTest.errors(ADDRESSLESS.formatted("{address: \"\"}"))).containsExactly(
                "t.yaml:11:15: error: spec.endpoints[1].address: address is required unless a network is set");
    }

    @Test
    void shouldCountAGatewayAndItsServiceAtOneAddressTwiceByTheGatewaysServiceAccount()
    {
        final String service = """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: eastwest
                  namespace: istio-system
                  labels: {topology.istio.io/network: net2}
                spec:
                  type: LoadBalancer
                  ports: [{name: tls, port: 15443}]
                status: {loadBalancer: {ingress: [{ip: 198.51.100.7}]}}
                """;
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", GATEWAY.formatted("") + service);
        assertThat(c.model().mesh().networks().gateways().stream().filter(g -> g.port() == 15443)
                .map(g -> g.address() + " " + g.serviceAccount()).toList()).containsExactly("198.51.100.7 ",
                "198.51.100.7 istio-system/eastwest", "198.51.100.8 istio-system/eastwest");
        // Istio's GatewaySA: the annotation, else NAME-istio-remote for the istio-remote class, else the name
        final LoadedConfig annotated = new ConfigLoader().loadString("t.yaml", GATEWAY.formatted("").replace(
                "  namespace: istio-system\n", "  namespace: istio-system\n  annotations: "
                + "{gateway.istio.io/service-account: ew-sa}\n"));
        assertThat(annotated.model().mesh().networks().gateways()).allMatch(g -> g.serviceAccount()
                .equals("istio-system/ew-sa"));
        final LoadedConfig remote = new ConfigLoader().loadString("t.yaml", GATEWAY.formatted("").replace(
                "gatewayClassName: istio", "gatewayClassName: istio-remote"));
        assertThat(remote.model().mesh().networks().gateways()).allMatch(g -> g.serviceAccount()
                .equals("istio-system/eastwest-istio-remote"));
    }

    private static List<String> gateways(final LoadedConfig c)
    {
        return c.model().mesh().networks().gateways().stream()
                .map((MeshNetworks.Gateway g) -> g.network() + " " + g.cluster() + " " + g.address() + ":" + g.port())
                .toList();
    }
}
