package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.MeshNetworks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/client-network} (docs/routing.md "The client's labels"): the meshNetworks {@code fromCidr} network
 * of the client's Pod's {@code status.podIP} in its labels, in both implementations.
 */
class ClientNetworkExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("client-network");

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        ExampleConfigs.assertCasesInBothImplementations(EXAMPLE, 11);
    }

    @Test
    void shouldNotAllocateReadingTheClientsCidrNetwork() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(ExampleConfigs.loadClean(EXAMPLE).model(),
                EXAMPLE.resolve("cases.jsonl"));
    }

    @Test
    void shouldPlaceEachPodByItsPodIpOnly()
    {
        final MeshNetworks n = ExampleConfigs.loadClean(EXAMPLE).model().mesh().networks();
        assertThat(n.proxies().placed()).containsExactly(
                new ClientProxies.Placed(List.of("10.1.0.6"), "net-east"),
                new ClientProxies.Placed(List.of("10.1.1.5"), "net-west"),
                new ClientProxies.Placed(List.of("10.1.2.5", "fd00:1::5"), "net-rest"));
        assertThat(n.proxies().placedNetwork("fd00:1:0::5", true)).isEqualTo("net-rest");
        assertThat(n.proxies().placedNetwork("10.1.0.6", false)).isEmpty(); // a gateway's request: not its Pod
        assertThat(n.proxies().placedNetwork("10.2.0.1", true)).isEmpty(); // outside every CIDR
    }
}
