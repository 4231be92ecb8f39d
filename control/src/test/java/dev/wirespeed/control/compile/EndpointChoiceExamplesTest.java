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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/endpoint-choice}: endpoint weights (weighted round robin, a RANDOM load balancer that ignores
 * them) and locality failover (the client's zone, region, failover region, all), as its README says, on the
 * compiled FIB and the reference interpreter, which must agree.
 */
class EndpointChoiceExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("endpoint-choice");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadedConfig load()
    {
        return ExampleConfigs.loadClean(EXAMPLE);
    }

    private static RegistryService service(final LoadedConfig loaded, final String host)
    {
        return loaded.model().services().stream().filter(s -> s.host().equals(host)).findFirst().orElseThrow();
    }

    @Test
    void shouldReadWeightsLocalitiesOutlierDetectionAndFailover()
    {
        final LoadedConfig loaded = load();
        assertThat(service(loaded, "payments.internal").endpoints()).extracting(RegistryService.Endpoint::weight)
                .containsExactly(3L, 1L);
        assertThat(service(loaded, "inventory.internal").endpoints())
                .extracting(RegistryService.Endpoint::locality, RegistryService.Endpoint::weight)
                .contains(org.assertj.core.groups.Tuple.tuple("us-east/zone-b", 2L),
                        org.assertj.core.groups.Tuple.tuple("eu-west/zone-c", 1L));
        final Map<String, DestinationRule> rules = new HashMap<>();
        loaded.model().destinationRules().forEach(r -> rules.put(r.name(), r));
        assertThat(rules.get("inventory").trafficPolicy().outlierDetection()).isTrue();
        assertThat(rules.get("inventory").trafficPolicy().loadBalancer().locality().failover())
                .containsExactly(new DestinationRule.Failover("us-central", "eu-west"));
        assertThat(rules.get("payments").trafficPolicy().outlierDetection()).isFalse();
    }

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSize(16);
        DestinationPolicyExamplesTest.assertCases(loaded, reference, lines);
    }

    /** Endpoints chosen for ids 0..n-1 of one request, on both implementations. */
    private static Map<String, Integer> shares(final LoadedConfig loaded, final String request, final int n)
            throws IOException
    {
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> out = new TreeMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int id = 0; id < n; id++)
            {
                final HttpRequest r = DestinationPolicyExamplesTest.request(id, JSON.readTree(request), Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).as("id %d", id).isEqualTo(d);
                out.merge(d.endpoint(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void shouldSplitRoundRobinExactlyByTheWeights() throws IOException
    {
        assertThat(shares(load(), "{\"authority\": \"payments.internal\", \"path\": \"/pay\"}", 4000))
                .containsExactlyInAnyOrderEntriesOf(Map.of("10.1.0.21:80", 3000, "10.1.0.22:80", 1000));
    }

    @Test
    void shouldSplitAZoneByItsWeightsAndARegionWithoutTheClientsZoneByAllOfThem() throws IOException
    {
        final String zoneB = "{\"sourceLabels\": {\"topology.kubernetes.io/region\": \"us-east\","
                + " \"topology.kubernetes.io/zone\": \"zone-b\"}, \"authority\": \"inventory.internal\","
                + " \"path\": \"/\"}";
        assertThat(shares(load(), zoneB, 300))
                .containsExactlyInAnyOrderEntriesOf(Map.of("10.1.1.12:80", 200, "10.1.1.13:80", 100));
        final String region = zoneB.replace("zone-b", "zone-x");
        assertThat(shares(load(), region, 400)).containsExactlyInAnyOrderEntriesOf(
                Map.of("10.1.1.11:80", 100, "10.1.1.12:80", 200, "10.1.1.13:80", 100));
    }

    @Test
    void shouldTakeAPodsLocalityFromItsNodeOrItsLocalityLabel() throws IOException
    {
        final LoadedConfig loaded = load();
        assertThat(service(loaded, "shipping.default.svc.cluster.local").endpoints())
                .extracting(RegistryService.Endpoint::locality)
                .containsExactly("us-east/zone-a/", "us-east/zone-b/", "us-east/zone-b");
        final String zoneB = "{\"sourceLabels\": {\"topology.kubernetes.io/region\": \"us-east\","
                + " \"topology.kubernetes.io/zone\": \"zone-b\"}, \"authority\": \"shipping:8080\", \"path\": \"/\"}";
        // the pod on node-b and the pod labelled us-east.zone-b, never the one on node-a
        assertThat(shares(loaded, zoneB, 200)).containsOnlyKeys("10.1.2.12:8080", "10.1.2.13:8080");
    }

    @Test
    void shouldLetRandomIgnoreTheWeights() throws IOException
    {
        final Map<String, Integer> s = shares(load(), "{\"authority\": \"ledger.internal\", \"path\": \"/\"}", 10_000);
        // weights 9 and 1 would give 9,000 and 1,000: a uniform pick gives about 5,000 each
        assertThat(s.get("10.1.0.31:80")).isBetween(4_600, 5_400);
        assertThat(s.get("10.1.0.32:80")).isBetween(4_600, 5_400);
    }

    @Test
    void shouldNotAllocateChoosingByWeightOrLocality() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(load().model(), EXAMPLE.resolve("cases.jsonl"));
    }
}
