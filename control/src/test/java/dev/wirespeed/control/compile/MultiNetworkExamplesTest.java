package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/multi-network} (docs/routing.md §4, "Networks"): every line of its {@code cases.jsonl} is a request
 * and the decision fields it must get, on the reference interpreter and on the compiled FIB; and the shares the
 * gateways get over many request ids.
 */
class MultiNetworkExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("multi-network");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadedConfig load()
    {
        return ExampleConfigs.loadClean(EXAMPLE);
    }

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSizeGreaterThan(15);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldFindTheGatewaysOfEveryNetwork()
    {
        final MeshNetworks n = load().model().mesh().networks();
        assertThat(n.gateways()).containsExactly(
                new MeshNetworks.Gateway("network1", MeshNetworks.CLUSTER_ID, "198.51.100.10", 15443),
                new MeshNetworks.Gateway("network4", MeshNetworks.CLUSTER_ID, "198.51.100.40", 15443),
                new MeshNetworks.Gateway("network4", MeshNetworks.CLUSTER_ID, "198.51.100.40", 15443, 0,
                        "istio-system/eastwest-net4"),
                new MeshNetworks.Gateway("network4", MeshNetworks.CLUSTER_ID, "198.51.100.41", 15443, 0,
                        "istio-system/eastwest-net4"),
                new MeshNetworks.Gateway("network2", "", "203.0.113.20", 15443),
                new MeshNetworks.Gateway("network3", "", "203.0.113.30", 15443),
                new MeshNetworks.Gateway("network3", "", "203.0.113.31", 15443));
        // network3's two and network4's three (its Gateway's and its Service's at one address counted twice)
        assertThat(n.scaleFactor()).isEqualTo(6);
    }

    @Test
    void shouldSplitTheWeightOfARemoteNetworkAmongItsGateways() throws IOException
    {
        final LoadedConfig loaded = load();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> shares = new HashMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int id = 0; id < 600; id++)
            {
                final HttpRequest r = DestinationPolicyExamplesTest.request(id, JSON.readTree("{\"authority\": "
                        + "\"ledger.internal\", \"path\": \"/b\", \"sourceLabels\": {\"topology.istio.io/network\": "
                        + "\"network1\"}}"), Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                shares.merge(d.endpoint(), 1, Integer::sum);
            }
        }
        // weights 3, 1, 2 times the scale factor 6: 18 to the local endpoint, 6 to network2's gateway, and network3's
        // 12 split between its two gateways: 3:1:1:1
        assertThat(shares).containsExactlyInAnyOrderEntriesOf(Map.of("10.1.0.31:80", 300, "203.0.113.20:15443", 100,
                "203.0.113.30:15443", 100, "203.0.113.31:15443", 100));
    }

    @Test
    void shouldNotAllocateChoosingTheEndpointsOfTheClientsNetwork() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(load().model(), EXAMPLE.resolve("cases.jsonl"));
    }
}
