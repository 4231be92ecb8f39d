package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ambient (HBONE) network gateways (docs/routing.md §4 "Networks"; Istio's {@code getGatewayDetails} and
 * {@code selectNetworkGateways}): a Service labelled as a network's gateway that declares the HBONE port 15008 but not
 * its mTLS port is a gateway without mTLS port. A sidecar does not use it (and does not fall back to the network's
 * other gateways when it is all its cluster has: the endpoint is then reached directly); a gateway's proxy does, at
 * port 0, as Istio builds it. The reference interpreter and the compiled FIB agree.
 */
class HboneGatewaysTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data:
              meshNetworks: |
                networks:
                  network1:
                    endpoints: [{fromCidr: 10.1.0.0/16}]
                  network2:
                    endpoints: [{fromCidr: 10.2.0.0/16}]
                    gateways: [{address: 203.0.113.20, port: 15443}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: istio-eastwestgateway
              namespace: istio-system
              labels: {topology.istio.io/network: network2}
            spec:
              type: LoadBalancer
              clusterIP: 10.96.0.50
              ports:
              - {name: tunnel, port: 15008, targetPort: 15008}%s
            status:
              loadBalancer:
                ingress: [{ip: 198.51.100.8}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: pay, namespace: default}
            spec:
              clusterIP: 10.96.20.2
              selector: {app: pay}
              ports: [{name: http, port: 8080, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: pay-1
              namespace: default
              labels: {app: pay, security.istio.io/tlsMode: istio}
            status: {phase: Running, podIP: 10.2.0.12}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: ingress, namespace: istio-system}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: 80, name: http, protocol: HTTP}
                hosts: ["*"]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: pay, namespace: istio-system}
            spec:
              hosts: ["*"]
              gateways: [ingress]
              http:
              - route:
                - destination: {host: pay.default.svc.cluster.local, port: {number: 8080}}
            """;

    private static final String SIDECAR = "{\"src\": \"10.1.0.5\", \"authority\": \"pay.default:8080\","
            + " \"path\": \"/\", \"sourceLabels\": {\"topology.istio.io/network\": \"network1\"}}";
    private static final String ROUTER = "{\"gateway\": \"istio-system/ingress\","
            + " \"sourceNamespace\": \"istio-system\", \"authority\": \"shop.example.com\", \"port\": 80,"
            + " \"path\": \"/\","
            + " \"sourceLabels\": {\"topology.istio.io/network\": \"network1\"}}";

    private static RouteDecision[] route(final LoadedConfig loaded, final String request) throws Exception
    {
        final HttpRequest r = DestinationPolicyExamplesTest.request(0, JSON.readTree(request), Map.of());
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            return new RouteDecision[] {new ReferenceRouter(loaded.model()).route(r), compiled.route(r)};
        }
    }

    private static String endpoint(final LoadedConfig loaded, final String request) throws Exception
    {
        final RouteDecision[] d = route(loaded, request);
        assertThat(d[1]).as("compiled vs reference").isEqualTo(d[0]);
        return d[0].endpoint();
    }

    @Test
    void shouldMakeAServiceWithOnlyTheHbonePortAGatewayWithoutMtlsPort()
    {
        final LoadedConfig hboneOnly = new ConfigLoader().loadString("t.yaml", CONFIG.formatted(""));
        assertThat(hboneOnly.errors()).isEmpty();
        assertThat(hboneOnly.model().mesh().networks().gateways()).containsExactly(
                new MeshNetworks.Gateway("network2", MeshNetworks.CLUSTER_ID, "198.51.100.8", 0, 15008),
                new MeshNetworks.Gateway("network2", "", "203.0.113.20", 15443));
        final LoadedConfig both = new ConfigLoader().loadString("t.yaml", CONFIG.formatted(
                "\n  - {name: tls, port: 15443, targetPort: 15443}"));
        assertThat(both.model().mesh().networks().gateways()).containsExactly(
                new MeshNetworks.Gateway("network2", MeshNetworks.CLUSTER_ID, "198.51.100.8", 15443, 15008),
                new MeshNetworks.Gateway("network2", "", "203.0.113.20", 15443));
    }

    @Test
    void shouldLetASidecarReachTheEndpointDirectlyWhenItsClusterHasOnlyAnHboneGateway() throws Exception
    {
        final LoadedConfig loaded = new ConfigLoader().loadString("t.yaml", CONFIG.formatted(""));
        // the endpoint's cluster (Kubernetes) has a gateway, HBONE-only: a sidecar drops it and, having none left,
        // reaches the endpoint as it is (it does not fall back to the network's meshNetworks gateway)
        assertThat(endpoint(loaded, SIDECAR)).isEqualTo("10.2.0.12:8080");
        assertThat(endpoint(loaded, SIDECAR.replace("\"network1\"", "\"\""))).isEqualTo("10.2.0.12:8080");
        // a gateway's proxy keeps it, at port 0 (Istio's BuildAddress of its Port)
        assertThat(endpoint(loaded, ROUTER)).isEqualTo("198.51.100.8:0");
    }

    @Test
    void shouldSendASidecarToAGatewayThatHasBothPorts() throws Exception
    {
        final LoadedConfig loaded = new ConfigLoader().loadString("t.yaml", CONFIG.formatted(
                "\n  - {name: tls, port: 15443, targetPort: 15443}"));
        assertThat(endpoint(loaded, SIDECAR)).isEqualTo("198.51.100.8:15443");
        assertThat(endpoint(loaded, ROUTER)).isEqualTo("198.51.100.8:15443");
    }

    @Test
    void shouldKeepOnlyTheMtlsGatewaysOfTheClusterForASidecar() throws Exception
    {
        // the endpoint's cluster has an HBONE-only gateway and a Gateway API one with an auto-passthrough listener:
        // a sidecar takes the latter only; the gateway's proxy splits between both
        final LoadedConfig loaded = new ConfigLoader().loadString("t.yaml", CONFIG.formatted("") + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: eastwest
                  namespace: istio-system
                  labels: {topology.istio.io/network: network2}
                spec:
                  gatewayClassName: istio
                  addresses: [{value: 198.51.100.9}]
                  listeners:
                  - {name: mesh, port: 15443, protocol: TLS, tls: {mode: Passthrough}}
                """);
        assertThat(loaded.errors()).isEmpty();
        assertThat(endpoint(loaded, SIDECAR)).isEqualTo("198.51.100.9:15443");
        final java.util.Set<String> seen = new java.util.TreeSet<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            final ReferenceRouter reference = new ReferenceRouter(loaded.model());
            for (int id = 0; id < 4; id++)
            {
                final HttpRequest r = DestinationPolicyExamplesTest.request(id, JSON.readTree(ROUTER), Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                seen.add(d.endpoint());
            }
        }
        assertThat(seen).containsExactly("198.51.100.8:0", "198.51.100.9:15443");
    }
}
