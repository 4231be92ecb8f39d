package dev.wirespeed.control.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TopologyLabels#client}: the client's labels as Istio writes them on its proxy (its {@code AugmentLabels} of
 * the Pod and of the proxy; docs/routing.md "The client's labels").
 */
class TopologyLabelsTest
{
    private static final MeshNetworks SYSTEM_NET1 = MeshNetworks.NONE.with(List.of(), "net1");

    @Test
    void shouldWriteTheClusterIdOverTheClientsOwn()
    {
        assertThat(TopologyLabels.client(Map.of("app", "a", TopologyLabels.CLUSTER_LABEL, "elsewhere"),
                MeshNetworks.NONE)).containsExactlyInAnyOrderEntriesOf(Map.of("app", "a",
                        TopologyLabels.CLUSTER_LABEL, "Kubernetes"));
    }

    @Test
    void shouldAddTheSystemNetworkOnlyWhenTheClientHasNoneOrAnEmptyOne()
    {
        assertThat(TopologyLabels.client(Map.of(), SYSTEM_NET1)).containsEntry(MeshNetworks.NETWORK_LABEL, "net1");
        assertThat(TopologyLabels.client(Map.of(MeshNetworks.NETWORK_LABEL, ""), SYSTEM_NET1))
                .containsEntry(MeshNetworks.NETWORK_LABEL, "net1");
        assertThat(TopologyLabels.client(Map.of(MeshNetworks.NETWORK_LABEL, "net2"), SYSTEM_NET1))
                .containsEntry(MeshNetworks.NETWORK_LABEL, "net2");
        assertThat(TopologyLabels.client(Map.of(), MeshNetworks.NONE)).doesNotContainKey(MeshNetworks.NETWORK_LABEL);
    }

    @Test
    void shouldTakeTheRegistrysMeshNetworkWithoutASystemNetwork()
    {
        final MeshNetworks fromRegistry = new MeshNetworks(List.of(
                new MeshNetworks.Network("net7", List.of("10.0.0.0/8"), List.of(), List.of()),
                new MeshNetworks.Network("net8", List.of(), List.of("Kubernetes"), List.of())), List.of(), "");
        assertThat(TopologyLabels.proxyNetwork(fromRegistry)).isEqualTo("net8");
        assertThat(TopologyLabels.proxyNetwork(new MeshNetworks(fromRegistry.networks(), List.of(), "net1")))
                .isEqualTo("net1");
    }

    @Test
    void shouldAddThePodsCidrNetworkLastAndOnlyWhenNothingElseNamesOne()
    {
        assertThat(TopologyLabels.client(Map.of(), MeshNetworks.NONE, "net5"))
                .containsEntry(MeshNetworks.NETWORK_LABEL, "net5");
        assertThat(TopologyLabels.client(Map.of(MeshNetworks.NETWORK_LABEL, ""), MeshNetworks.NONE, "net5"))
                .containsEntry(MeshNetworks.NETWORK_LABEL, "net5");
        assertThat(TopologyLabels.client(Map.of(MeshNetworks.NETWORK_LABEL, "net2"), MeshNetworks.NONE, "net5"))
                .containsEntry(MeshNetworks.NETWORK_LABEL, "net2");
        assertThat(TopologyLabels.client(Map.of(), SYSTEM_NET1, "net5")).containsEntry(MeshNetworks.NETWORK_LABEL,
                "net1");
        final MeshNetworks fromRegistry = new MeshNetworks(List.of(
                new MeshNetworks.Network("net8", List.of(), List.of("Kubernetes"), List.of())), List.of(), "");
        assertThat(TopologyLabels.client(Map.of(), fromRegistry, "net5")).containsEntry(MeshNetworks.NETWORK_LABEL,
                "net8");
    }

    @Test
    void shouldWriteThePodsLocalityLabelOverTheNodesLocality()
    {
        final Map<String, String> node = Map.of(EndpointOrder.REGION_LABEL, "us-east", EndpointOrder.ZONE_LABEL, "a",
                EndpointOrder.SUBZONE_LABEL, "1");
        final Map<String, String> withLabel = new java.util.HashMap<>(node);
        withLabel.put(TopologyLabels.LOCALITY_LABEL, "eu-west..2.x");
        assertThat(TopologyLabels.client(withLabel, MeshNetworks.NONE)).containsEntry(EndpointOrder.REGION_LABEL,
                "eu-west").containsEntry(EndpointOrder.ZONE_LABEL, "a").containsEntry(EndpointOrder.SUBZONE_LABEL, "2");
        withLabel.put(TopologyLabels.LOCALITY_LABEL, "eu.west/c");
        assertThat(TopologyLabels.client(withLabel, MeshNetworks.NONE)).containsEntry(EndpointOrder.REGION_LABEL,
                "eu.west").containsEntry(EndpointOrder.ZONE_LABEL, "c");
    }

    @Test
    void shouldReadTheOlderLocalityLabelOnlyWithoutTheNewer()
    {
        assertThat(TopologyLabels.client(Map.of(TopologyLabels.OLD_LOCALITY_LABEL, "eu-west.c"), MeshNetworks.NONE))
                .containsEntry(EndpointOrder.REGION_LABEL, "eu-west").containsEntry(EndpointOrder.ZONE_LABEL, "c");
        assertThat(TopologyLabels.client(Map.of(TopologyLabels.LOCALITY_LABEL, "", TopologyLabels.OLD_LOCALITY_LABEL,
                "eu-west.c"), MeshNetworks.NONE)).doesNotContainKeys(EndpointOrder.REGION_LABEL,
                        EndpointOrder.ZONE_LABEL);
    }
}
