package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
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
 * {@code examples/random-locality}: {@code RANDOM} under a {@code failover} list and a {@code failoverPriority}
 * (Envoy picks a locality by its weight first) beside plain locality failover (no locality weighting), as its README
 * says, on the compiled FIB and the reference interpreter, which must agree.
 */
class RandomLocalityExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("random-locality");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = ExampleConfigs.loadClean(EXAMPLE);
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSize(37);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldSplitAClientWithoutLocalityByTheLocalityWeightsNotTheEndpointCount() throws IOException
    {
        final LoadedConfig loaded = ExampleConfigs.loadClean(EXAMPLE);
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> pool = new TreeMap<>();
        final Map<String, Integer> plain = new TreeMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int id = 0; id < 1100; id++)
            {
                for (final String host : new String[] {"pool.internal", "plain.internal"})
                {
                    final HttpRequest r = DestinationPolicyExamplesTest.request(id, JSON.readTree("{\"authority\": \""
                            + host + "\", \"path\": \"/\"}"), Map.of());
                    final RouteDecision d = reference.route(r);
                    assertThat(compiled.route(r)).as("%s id %d", host, id).isEqualTo(d);
                    (host.startsWith("pool") ? pool : plain).merge(zone(d.endpoint()), 1, Integer::sum);
                }
            }
        }
        // pool: the locality weights 6 (eu-west/zone-c), 3 (zone-a), 2 (zone-b) of every 11 ids
        assertThat(pool).containsEntry("eu-west/zone-c", 600).containsEntry("us-east/zone-a", 300)
                .containsEntry("us-east/zone-b", 200);
        // plain: no locality weighting, a random pick over the five endpoints (2, 1 and 2 of them)
        assertThat(plain.get("us-east/zone-a")).isBetween(160, 280);
        assertThat(plain.get("eu-west/zone-c")).isBetween(360, 520);
    }

    private static String zone(final String endpoint)
    {
        return endpoint.startsWith("10.1.5.1") ? "us-east/zone-a" : endpoint.startsWith("10.1.5.2") ? "us-east/zone-b"
                : "eu-west/zone-c";
    }
}
