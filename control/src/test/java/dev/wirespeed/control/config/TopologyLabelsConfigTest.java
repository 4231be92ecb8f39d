package dev.wirespeed.control.config;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RegistryService.TrafficDistribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The labels Istio adds itself to endpoints ({@code AugmentLabels}) and the traffic-distribution annotation of
 * Services, ServiceEntries and Namespaces (Istio's {@code GetTrafficDistribution}), as loaded (docs/routing.md §4).
 */
class TopologyLabelsConfigTest
{
    private static final String POD = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80}]
            ---
            apiVersion: v1
            kind: Node
            metadata:
              name: node-a
              labels: {topology.kubernetes.io/region: us-east, topology.kubernetes.io/zone: us-east-1a}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-1
              namespace: shop
              labels: {app: web, kubernetes.io/hostname: written, topology.istio.io/cluster: c9}
            spec: {nodeName: node-a}
            status: {podIP: 10.0.0.1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-2, namespace: shop, labels: {app: web}}
            status: {podIP: 10.0.0.2}
            """;

    @Test
    void shouldGiveAPodsEndpointItsClusterItsNodeAndItsNodesLocalityAsIstioDoes()
    {
        final List<RegistryService.Endpoint> eps = endpoints(POD, 0);
        // the cluster id and spec.nodeName are written over the Pod's own labels; the locality comes from the Node
        assertThat(eps.get(0).labels()).containsOnly(entry("app", "web"),
                entry("kubernetes.io/hostname", "node-a"), entry("topology.istio.io/cluster", "Kubernetes"),
                entry("topology.kubernetes.io/region", "us-east"), entry("topology.kubernetes.io/zone", "us-east-1a"));
        // no node: the cluster only
        assertThat(eps.get(1).labels()).containsOnly(entry("app", "web"),
                entry("topology.istio.io/cluster", "Kubernetes"));
    }

    @Test
    void shouldGiveASliceEndpointWithoutAPodTheClusterOnly()
    {
        final List<RegistryService.Endpoint> eps = endpoints(POD + """
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-x
                  namespace: shop
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                ports: [{name: http, port: 8080}]
                endpoints:
                - addresses: [10.0.9.9]
                - addresses: [10.0.0.1]
                  targetRef: {kind: Pod, name: web-1}
                """, 0);
        assertThat(eps).extracting(RegistryService.Endpoint::address).containsExactly("10.0.0.1", "10.0.9.9");
        assertThat(eps.get(0).labels()).containsEntry("kubernetes.io/hostname", "node-a");
        assertThat(eps.get(1).labels()).containsOnly(entry("topology.istio.io/cluster", "Kubernetes"));
    }

    @Test
    void shouldGiveWorkloadEntriesAndServiceEntryEndpointsTheClusterAndTheirLocalityButNoNode()
    {
        final List<RegistryService.Endpoint> eps = endpoints("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: db}
                spec:
                  hosts: [db.internal]
                  resolution: STATIC
                  ports: [{number: 5432, name: tcp, protocol: TCP}]
                  endpoints:
                  - address: 10.1.0.1
                    locality: eu-west/b
                    labels: {topology.kubernetes.io/region: written}
                  - address: 10.1.0.2
                    labels: {topology.istio.io/locality: ap-south.c.1}
                """, 0);
        assertThat(eps.get(0).labels()).containsOnly(entry("topology.istio.io/cluster", "Kubernetes"),
                entry("topology.kubernetes.io/region", "eu-west"), entry("topology.kubernetes.io/zone", "b"));
        assertThat(eps.get(1).labels()).containsOnly(entry("topology.istio.io/locality", "ap-south.c.1"),
                entry("topology.istio.io/cluster", "Kubernetes"), entry("topology.kubernetes.io/region", "ap-south"),
                entry("topology.kubernetes.io/zone", "c"), entry("topology.istio.io/subzone", "1"));
    }

    @Test
    void shouldLetASubsetSelectTheNodeIstioAdds()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", POD + """
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: web, namespace: shop}
                spec:
                  host: web
                  subsets:
                  - name: a
                    labels: {kubernetes.io/hostname: node-a}
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().services().get(0).endpoints()).filteredOn(e -> e.labels().entrySet().containsAll(
                c.model().destinationRules().get(0).subsets().get(0).labels().entrySet()))
                .extracting(RegistryService.Endpoint::name).containsExactly("web-1");
    }

    private static final String NAMESPACE = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              annotations: {networking.istio.io/traffic-distribution: %s}
            """;

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
              %s
            spec:
              ports: [{port: 80}]
              %s
            ---
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: ext
              namespace: shop
              %s
            spec:
              hosts: [ext.example.com]
              ports: [{number: 80, name: http, protocol: HTTP}]
            """;

    private static final String ANNOTATED = "annotations: {networking.istio.io/traffic-distribution: %s}";

    @Test
    void shouldTakeTheNamespacesAnnotationForAServiceAndAServiceEntryWithoutTheirOwn()
    {
        // the Namespace after the services: applied once every document is read
        assertThat(distributions(SERVICE.formatted("", "", "") + "---\n" + NAMESPACE.formatted("PreferSameNode")))
                .containsExactly(TrafficDistribution.PREFER_SAME_NODE, TrafficDistribution.PREFER_SAME_NODE);
        // another namespace's annotation does not apply
        assertThat(distributions(SERVICE.formatted("", "", "") + "---\n"
                + NAMESPACE.formatted("PreferSameNode").replace("name: shop", "name: other")))
                .containsExactly(TrafficDistribution.ANY, TrafficDistribution.ANY);
    }

    @Test
    void shouldPreferTheSpecThenTheObjectsAnnotationThenTheNamespaces()
    {
        final String ns = NAMESPACE.formatted("preferclose") + "---\n";
        assertThat(distributions(ns + SERVICE.formatted("", "trafficDistribution: PreferSameNode",
                ANNOTATED.formatted("PREFERSAMENODE")))).containsExactly(TrafficDistribution.PREFER_SAME_NODE,
                TrafficDistribution.PREFER_SAME_NODE);
        // a spec value Istio does not know falls through to the annotations
        assertThat(distributions(ns + SERVICE.formatted("", "trafficDistribution: Unknown", "")))
                .containsExactly(TrafficDistribution.PREFER_SAME_ZONE, TrafficDistribution.PREFER_SAME_ZONE);
    }

    @Test
    void shouldWarnOfAnUnknownAnnotationAndNotFallBackToTheNamespace()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", NAMESPACE.formatted("PreferSameNode")
                + "---\n" + SERVICE.formatted(ANNOTATED.formatted("Nearby"), "", ""));
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().services()).extracting(RegistryService::trafficDistribution)
                .containsExactly(TrafficDistribution.ANY, TrafficDistribution.PREFER_SAME_NODE);
        assertThat(c.formattedDiagnostics()).containsExactly("t.yaml:12:59: warning: metadata.annotations["
                + "\"networking.istio.io/traffic-distribution\"]: unknown traffic distribution \"Nearby\" (expected "
                + "PreferClose, PreferSameZone or PreferSameNode): no preference, as in Istio");
    }

    @Test
    void shouldWarnOfAnUnknownNamespaceAnnotation()
    {
        assertThat(ConfigLoaderValidationTest.diagnostics(NAMESPACE.formatted("sameZone"))).containsExactly(
                "t.yaml:5:59: warning: metadata.annotations[\"networking.istio.io/traffic-distribution\"]: unknown "
                        + "traffic distribution \"sameZone\" (expected PreferClose, PreferSameZone or PreferSameNode): "
                        + "no preference, as in Istio");
    }

    @Test
    void shouldRejectAnAnnotationThatIsNotAString()
    {
        assertThat(ConfigLoaderValidationTest.errors(NAMESPACE.formatted("[PreferClose]"))).containsExactly(
                "t.yaml:5:59: error: metadata.annotations[\"networking.istio.io/traffic-distribution\"]: expected a "
                        + "string, got a list");
    }

    private static List<TrafficDistribution> distributions(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", yaml);
        assertThat(c.errors()).isEmpty();
        return c.model().services().stream().map(RegistryService::trafficDistribution).toList();
    }

    private static List<RegistryService.Endpoint> endpoints(final String yaml, final int service)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", yaml);
        assertThat(c.errors()).isEmpty();
        return c.model().services().get(service).endpoints();
    }
}
