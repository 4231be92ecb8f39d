package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/locality-distribute}: {@code distribute} (locality weights for the client's locality, then an
 * endpoint in the locality), {@code failoverPriority} (labels, a client missing a label) and a Service's
 * {@code trafficDistribution: PreferClose} (network, region, zone), as its README says, on the compiled FIB and the
 * reference interpreter, which must agree.
 */
class LocalityChoiceExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("locality-distribute");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadedConfig load()
    {
        return ExampleConfigs.loadClean(EXAMPLE);
    }

    @Test
    void shouldReadDistributeFailoverPriorityAndTrafficDistribution()
    {
        final LoadedConfig loaded = load();
        final DestinationRule catalog = loaded.model().destinationRules().stream()
                .filter(r -> r.name().equals("catalog")).findFirst().orElseThrow();
        final List<DestinationRule.Distribute> distribute = catalog.trafficPolicy().loadBalancer().locality()
                .distribute();
        assertThat(distribute).extracting(DestinationRule.Distribute::from).containsExactly("us-east/zone-a/*", "*");
        assertThat(distribute.get(0).to()).containsEntry("us-east/zone-a/*", 70L).containsEntry("eu-west/*", 10L);
        final DestinationRule orders = loaded.model().destinationRules().stream()
                .filter(r -> r.name().equals("orders")).findFirst().orElseThrow();
        assertThat(orders.trafficPolicy().loadBalancer().locality().failoverPriority())
                .containsExactly("version", "topology.kubernetes.io/region");
        assertThat(loaded.model().services().stream().filter(s -> s.host().startsWith("search.")).findFirst()
                .orElseThrow().trafficDistribution()).isEqualTo(RegistryService.TrafficDistribution.PREFER_SAME_ZONE);
    }

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSize(26);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldSplitAZoneAClientsRequestsByTheLocalityWeightsThenTheEndpointWeights() throws IOException
    {
        final LoadedConfig loaded = load();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> shares = new TreeMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int id = 0; id < 400; id++)
            {
                final HttpRequest r = DestinationPolicyExamplesTest.request(id, JSON.readTree("{\"authority\": "
                        + "\"catalog.internal\", \"path\": \"/\", \"sourceLabels\": {\"topology.kubernetes.io/region\":"
                        + " \"us-east\", \"topology.kubernetes.io/zone\": \"zone-a\"}}"), Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).as("id %d", id).isEqualTo(d);
                shares.merge(d.endpoint(), 1, Integer::sum);
            }
        }
        // localities 70 / 20 / 10 (divided by their gcd: 7, 2, 1); in zone-a, endpoint weights 1 and 3
        assertThat(shares).containsExactlyInAnyOrderEntriesOf(Map.of("10.1.2.11:80", 70, "10.1.2.12:80", 210,
                "10.1.2.21:80", 80, "10.1.2.31:80", 40));
    }

    @Test
    void shouldNotAllocateChoosingByLocalityWeightsOrLabelPriorities() throws IOException
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        final HttpRequest[] requests = new HttpRequest[lines.size()];
        for (int i = 0; i < requests.length; i++)
        {
            requests[i] = DestinationPolicyExamplesTest.request(i, JSON.readTree(lines.get(i)).get("request"),
                    Map.of());
        }
        try (CompiledRouter router = CompiledRouter.compile(load().model()))
        {
            final long allocated = FastPathAllocationTest.allocatedBy(mx, router, requests);
            assertThat(allocated).as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }
}
