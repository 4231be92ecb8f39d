package dev.wirespeed.control.config;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Remote clusters' registries (docs/config.md "Several clusters"): what they give, what they may not. */
class ClusterRegistriesTest
{
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: %d}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, namespace: default, labels: {app: web}}
            status: {phase: Running, podIP: %s}
            """;

    private static LoadedConfig load(final Map<String, Map<String, String>> remotes)
    {
        return new ConfigLoader().loadStrings(Map.of("primary.yaml", SERVICE.formatted(8080, "10.1.0.1")), remotes);
    }

    @Test
    void shouldIgnoreRoutingConfigOfARemoteClusterWithAWarning()
    {
        final LoadedConfig c = load(Map.of("east", Map.of("east.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: web, namespace: default}
                spec: {hosts: [web], http: [{route: [{destination: {host: web}}]}]}
                """)));
        assertThat(c.errors()).isEmpty();
        assertThat(c.formattedDiagnostics()).singleElement().asString().startsWith("east.yaml:1:1: warning: ")
                .contains("skipping VirtualService of remote cluster east");
        assertThat(c.model().virtualServices()).isEmpty();
    }

    @Test
    void shouldRejectTheConfigClustersIdAndAMalformedIdForARemoteCluster()
    {
        assertThat(load(Map.of("Kubernetes", Map.of("k.yaml", SERVICE.formatted(80, "10.2.0.1")))).errors())
                .singleElement().asString().contains("cluster id Kubernetes is the config cluster's");
        assertThat(load(Map.of("a b", Map.of("k.yaml", SERVICE.formatted(80, "10.2.0.1")))).errors())
                .singleElement().asString().contains("expected a cluster id");
    }

    @Test
    void shouldGiveARemoteEndpointItsOwnClustersTargetPortAndLabels()
    {
        final LoadedConfig c = load(Map.of("east", Map.of("east.yaml", SERVICE.formatted(9090, "10.2.0.1"))));
        assertThat(c.formattedDiagnostics()).isEmpty();
        final RegistryService web = c.model().services().get(0);
        assertThat(c.model().services()).hasSize(1);
        assertThat(web.endpoints()).extracting(RegistryService.Endpoint::address).containsExactly("10.1.0.1",
                "10.2.0.1");
        assertThat(web.endpoints().get(0).ports()).isEmpty();
        assertThat(web.endpoints().get(1).ports()).containsExactly(Map.entry("http", 9090));
        assertThat(web.endpoints().get(1).labels()).containsEntry("topology.istio.io/cluster", "east");
        assertThat(web.endpoints().get(0).labels()).containsEntry("topology.istio.io/cluster",
                MeshNetworks.CLUSTER_ID);
    }

    @Test
    void shouldAllowTheSameNameInTwoClustersButNotTwiceInOne()
    {
        final LoadedConfig c = load(Map.of("east", Map.of("a.yaml", SERVICE.formatted(80, "10.2.0.1"),
                "b.yaml", SERVICE.formatted(80, "10.2.0.2"))));
        assertThat(c.errors()).hasSize(2).allSatisfy(d -> assertThat(d.toString()).contains("in cluster east"));
    }

    @Test
    void shouldTellClusterLocalHostsAsIstioDoes()
    {
        final Map<String, Boolean> hosts = ClusterRegistries.clusterLocalHosts(List.of(
                new ClusterRegistries.ServiceSetting(List.of("*.kube-system.svc.cluster.local"), false),
                new ClusterRegistries.ServiceSetting(List.of("dns.kube-system.svc.cluster.local", "*.east.example"),
                        true)));
        assertThat(ClusterRegistries.clusterLocal("other.kube-system.svc.cluster.local", hosts)).isFalse();
        assertThat(ClusterRegistries.clusterLocal("dns.kube-system.svc.cluster.local", hosts)).isTrue();
        assertThat(ClusterRegistries.clusterLocal("a.b.east.example", hosts)).isTrue();
        assertThat(ClusterRegistries.clusterLocal("kubernetes.default.svc.cluster.local", hosts)).isTrue();
        assertThat(ClusterRegistries.clusterLocal("web.default.svc.cluster.local", hosts)).isFalse();
        assertThat(ClusterRegistries.clusterLocal("x.kube-system.svc.cluster.local",
                ClusterRegistries.clusterLocalHosts(List.of()))).isTrue();
    }

    @Test
    void shouldGiveAHostOfARemoteServiceAndOfServiceEntriesTheServiceWithTheEntriesEndpointsOfItsNamespace()
    {
        final String entry = """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: web-%s, namespace: %s}
                spec:
                  hosts: [web.default.svc.cluster.local]
                  addresses: [240.0.0.%d]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: %s, protocol: HTTP, targetPort: 9000}]
                  endpoints: [{address: %s}]
                ---
                """;
        final LoadedConfig c = new ConfigLoader().loadStrings(Map.of("primary.yaml", entry.formatted("a", "default",
                1, "http", "10.1.0.7") + entry.formatted("b", "other", 2, "http", "10.1.0.8")
                + entry.formatted("c", "default", 3, "web", "10.1.0.9")),
                Map.of("east", Map.of("east.yaml", SERVICE.formatted(8080, "10.2.0.1"))));
        assertThat(c.errors()).isEmpty();
        final List<RegistryService> web = c.model().services().stream()
                .filter(s -> s.host().equals("web.default.svc.cluster.local")).toList();
        // one service, east's (its port, no address of the entries); the entries' endpoints of its namespace on its
        // port of their port's name (their targetPort), the other entry's namespace apart, another name not served
        assertThat(web).hasSize(1);
        final RegistryService s = web.get(0);
        assertThat(s.addresses()).isEmpty();
        assertThat(s.ports()).extracting(RegistryService.ServicePort::targetPort).containsExactly(8080);
        assertThat(s.endpoints()).extracting(RegistryService.Endpoint::address)
                .containsExactly("10.1.0.7", "10.1.0.9", "10.2.0.1");
        assertThat(s.endpoints().get(0).ports()).containsEntry("http", 9000);
        assertThat(s.endpoints().get(1).ports()).containsEntry("http", RegistryService.Endpoint.NOT_SERVED);
    }

    @Test
    void shouldLeaveOutAServiceEntryOfAConfigClusterServicesHostAndTakeItsEndpointsOfTheNamespace()
    {
        final LoadedConfig c = new ConfigLoader().loadStrings(Map.of("primary.yaml", SERVICE.formatted(8080,
                "10.1.0.1") + """
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: web, namespace: default}
                spec:
                  hosts: [web.default.svc.cluster.local]
                  addresses: [240.0.0.1]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints: [{address: 10.1.0.7}]
                """), Map.of());
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().services()).singleElement().satisfies(s -> assertThat(s.endpoints())
                .extracting(e -> e.address() + ":" + e.ports().getOrDefault("http", 8080))
                .containsExactly("10.1.0.1:8080", "10.1.0.7:80"));
    }
}
