package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.TopologyLabels;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/multi-cluster} (docs/routing.md §4, "Clusters"): the config cluster's files and cluster2's registry
 * make one mesh; every line of its {@code cases.jsonl} is a request and the decision fields it must get, on the
 * reference interpreter and on the compiled FIB.
 */
class MultiClusterExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("multi-cluster");

    private static LoadedConfig load()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLE.resolve("primary")),
                Map.of("cluster2", List.of(EXAMPLE.resolve("cluster2"))));
        assertThat(loaded.formattedDiagnostics()).isEmpty();
        return loaded;
    }

    private static RegistryService service(final LoadedConfig loaded, final String name)
    {
        return loaded.model().services().stream().filter(s -> s.host().equals(name + ".default.svc.cluster.local"))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("primary/cases.jsonl"));

        assertThat(lines).hasSize(54);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldMergeAServiceOfBothClustersIntoOneHostWithEveryEndpointLabelledWithItsCluster()
    {
        final LoadedConfig loaded = load();
        assertThat(loaded.model().services()).extracting(RegistryService::host).doesNotHaveDuplicates();
        final RegistryService reviews = service(loaded, "reviews");
        assertThat(reviews.addresses()).containsExactly("10.96.12.34"); // the config cluster's Service first
        assertThat(reviews.endpoints()).extracting(e -> e.address() + " " + e.labels().get(
                TopologyLabels.CLUSTER_LABEL) + " " + e.network()).containsExactly(
                "10.1.0.11 Kubernetes network1", "10.1.0.12 Kubernetes network1", "10.2.0.12 cluster2 network2",
                "10.2.0.13 cluster2 network2");
        assertThat(reviews.endpoints().get(2).labels()).containsEntry(MeshNetworks.NETWORK_LABEL, "network2");
        // a host of the remote cluster only is a service of the mesh, with that cluster's address
        assertThat(service(loaded, "ratings").addresses()).containsExactly("10.97.12.50");
    }

    @Test
    void shouldKeepOnlyTheConfigClustersEndpointsOfAClusterLocalHost()
    {
        final LoadedConfig loaded = load();
        assertThat(service(loaded, "details").endpoints()).extracting(RegistryService.Endpoint::address)
                .containsExactly("10.1.0.31");
        // a client of cluster2 gets cluster2's (Istio's EndpointBuilder.clusterLocal); reviews is not cluster-local
        final ClientProxies proxies = loaded.model().mesh().networks().proxies();
        final String details = service(loaded, "details").host();
        assertThat(proxies.splitsByCluster(details)).isTrue();
        assertThat(proxies.splitsByCluster(service(loaded, "reviews").host())).isFalse();
        assertThat(proxies.clusterLocalEndpoints(details, "cluster2")).extracting(RegistryService.Endpoint::address)
                .containsExactly("10.2.0.31");
        assertThat(proxies.clusterLocalEndpoints(details, "cluster3")).isEmpty();
        assertThat(proxies.clusterLocalEndpoints(service(loaded, "reviews").host(), "cluster2")).isNull();
        assertThat(proxies.remoteClusters()).containsExactly("cluster2");
    }

    @Test
    void shouldGiveARemoteClustersClientItsOwnClustersAddressOfEachHost()
    {
        final LoadedConfig loaded = load();
        final ClientProxies proxies = loaded.model().mesh().networks().proxies();
        // Istio's ClusterVIPs: cluster2's own clusterIP, none where it is headless; the first cluster's where cluster2
        // has no Service of the host, or is the host's first cluster (ratings)
        assertThat(proxies.addressesFor(service(loaded, "reviews"), "cluster2")).containsExactly("10.97.12.34");
        assertThat(proxies.addressesFor(service(loaded, "ledger"), "cluster2")).containsExactly("10.97.12.70");
        assertThat(proxies.addressesFor(service(loaded, "catalog"), "cluster2")).isEmpty();
        assertThat(proxies.addressesFor(service(loaded, "ratings"), "cluster2")).containsExactly("10.97.12.50");
        assertThat(proxies.addressesFor(service(loaded, "reviews"), "cluster3")).containsExactly("10.96.12.34");
        assertThat(proxies.addressesFor(service(loaded, "reviews"), null)).containsExactly("10.96.12.34");
        assertThat(proxies.addressesFor(service(loaded, "catalog"), null)).containsExactly("10.96.12.60");
        assertThat(proxies.seesOtherAddresses(loaded.model().services(), "cluster2")).isTrue();
        assertThat(proxies.seesOtherAddresses(loaded.model().services(), "cluster3")).isFalse();
    }

    @Test
    void shouldFindEachNetworksGatewayInTheRegistryOfItsCluster()
    {
        assertThat(load().model().mesh().networks().gateways()).containsExactly(
                new MeshNetworks.Gateway("network1", MeshNetworks.CLUSTER_ID, "198.51.100.10", 15443),
                new MeshNetworks.Gateway("network2", "cluster2", "203.0.113.20", 15443));
    }

    @Test
    void shouldGiveARemoteClustersPodItsClustersIdAndNetwork()
    {
        final MeshNetworks networks = load().model().mesh().networks();
        final ClientProxies.Remote c2 = networks.proxies().remoteClient("10.2.0.5", true);
        assertThat(c2).isEqualTo(new ClientProxies.Remote(List.of("10.2.0.5"), "cluster2", "network2", "network2"));
        assertThat(networks.proxies().remoteClient("10.2.0.5", false)).isNull(); // a gateway's request: no Pod's
        assertThat(networks.proxies().remoteClient("10.1.0.5", true)).isNull(); // the config cluster's Pod
        assertThat(TopologyLabels.remoteClient(Map.of("app", "productpage", TopologyLabels.CLUSTER_LABEL, "x"), c2))
                .containsEntry(TopologyLabels.CLUSTER_LABEL, "cluster2")
                .containsEntry(MeshNetworks.NETWORK_LABEL, "network2");
        assertThat(networks.clientNetwork(Map.of(), c2)).isEqualTo("network2");
        assertThat(networks.clientNetwork(Map.of(MeshNetworks.NETWORK_LABEL, "network9"), c2)).isEqualTo("network9");
        assertThat(networks.clientNetwork(Map.of(), null)).isEqualTo("network1");
    }

    @Test
    void shouldNotAllocateChoosingAnEndpointOfSeveralClusters() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(load().model(), EXAMPLE.resolve("primary/cases.jsonl"));
    }
}
