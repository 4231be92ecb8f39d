package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.Diagnostic;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service visibility on both implementations (docs/routing.md §1 item 3): the mesh config's
 * {@code defaultServiceExportTo}, a ServiceEntry's {@code exportTo} and a Service's
 * {@code networking.istio.io/exportTo} annotation decide which namespaces see a service.
 */
class ServiceVisibilityTest
{
    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data:
              mesh: |-
                defaultServiceExportTo: ["."]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: a, namespace: ns1}
            spec: {clusterIP: 10.96.0.1, selector: {app: a}, ports: [{name: http, port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: b
              namespace: ns1
              annotations: {networking.istio.io/exportTo: "ns2, ns3"}
            spec: {clusterIP: 10.96.0.2, selector: {app: b}, ports: [{name: http, port: 80}]}
            ---
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: ext, namespace: ns1}
            spec:
              hosts: [api.example.com]
              exportTo: ["*"]
              ports: [{number: 80, name: http, protocol: HTTP}]
              resolution: DNS
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: to-a, namespace: ns2}
            spec:
              hosts: [api.example.com]
              http: [{route: [{destination: {host: a.ns1.svc.cluster.local}}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a-1, namespace: ns1, labels: {app: a}}
            status: {podIP: 10.1.0.1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b-1, namespace: ns1, labels: {app: b}}
            status: {podIP: 10.1.0.2}
            """;

    private static RoutingModel model()
    {
        final LoadedConfig c = new ConfigLoader().loadString("v.yaml", CONFIG);
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest from(final String ns, final String authority)
    {
        return new HttpRequest(1, 0, "10.2.0.9", 80, "mesh", ns, Map.of(), "GET", null, authority, "/", Map.of())
                .withDst("203.0.113.5:80");
    }

    @Test
    void shouldHideAServiceFromNamespacesItIsNotExportedTo()
    {
        final RoutingModel m = model();
        assertThat(Both.route(m, from("ns1", "a.ns1.svc.cluster.local")).host())
                .as("defaultServiceExportTo '.': its own namespace").isEqualTo("a.ns1.svc.cluster.local");
        assertThat(Both.route(m, from("ns2", "a.ns1.svc.cluster.local")).cluster())
                .as("an unknown host for ns2: ALLOW_ANY passes it through").isEqualTo("PassthroughCluster");
        assertThat(Both.route(m, from("ns3", "b.ns1.svc.cluster.local")).host())
                .as("the annotation exports b to ns2 and ns3").isEqualTo("b.ns1.svc.cluster.local");
        assertThat(Both.route(m, from("ns1", "b.ns1.svc.cluster.local")).cluster())
                .as("the annotation replaces the default: not ns1").isEqualTo("PassthroughCluster");
    }

    @Test
    void shouldGiveNoClusterForADestinationNotExportedToTheClient()
    {
        final RouteDecision d = Both.route(model(), from("ns2", "api.example.com"));
        assertThat(d.vs()).isEqualTo("ns2/to-a");
        assertThat(d.flags()).isEqualTo("NC");
        assertThat(d.status()).isEqualTo(503);
    }

    @Test
    void shouldRejectStarCombinedWithANamespaceInAServiceEntryExportTo()
    {
        final LoadedConfig c = new ConfigLoader().loadString("v.yaml", """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: ext, namespace: ns1}
                spec:
                  hosts: [api.example.com]
                  exportTo: ["*", ns2]
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  resolution: DNS
                """);
        assertThat(c.errors().stream().map(Diagnostic::format).toList()).singleElement().asString()
                .startsWith("v.yaml:6:13: error: ").contains("exportTo");
    }
}
