package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/topology-labels}: the labels Istio adds itself (a Pod's node and cluster, a gateway's cluster and
 * network without a locality), the traffic-distribution annotation of a Namespace and a Service, and network gateways
 * of a NodePort Service and a Gateway API Gateway in front of a workload without an address, as its README says, on
 * the compiled FIB and the reference interpreter, which must agree.
 */
class TopologyLabelsExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("topology-labels");

    private static LoadedConfig load()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLE));
        assertThat(loaded.formattedDiagnostics()).as("diagnostics loading %s", EXAMPLE).singleElement().asString()
                .endsWith("registry.yaml:233:3: warning: spec.address: address is unset with network \"net5\": "
                        + "reached through that network's gateways only");
        return loaded;
    }

    @Test
    void shouldTakeTheNamespacesDistributionUnlessTheServiceHasItsOwn()
    {
        final LoadedConfig loaded = load();
        assertThat(loaded.model().services()).filteredOn(s -> s.namespace().equals("shop"))
                .extracting(RegistryService::host, RegistryService::trafficDistribution).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cart.shop.svc.cluster.local",
                                RegistryService.TrafficDistribution.PREFER_SAME_NODE),
                        org.assertj.core.groups.Tuple.tuple("stock.shop.svc.cluster.local",
                                RegistryService.TrafficDistribution.PREFER_SAME_ZONE),
                        org.assertj.core.groups.Tuple.tuple("pricing.internal",
                                RegistryService.TrafficDistribution.PREFER_SAME_NODE));
    }

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSize(19);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldNotAllocateChoosingByTheLabelsIstioAdds() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(load().model(), EXAMPLE.resolve("cases.jsonl"));
    }
}
