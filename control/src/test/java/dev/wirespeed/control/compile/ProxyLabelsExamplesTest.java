package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/proxy-labels} (docs/routing.md "The client's labels"): a VirtualService's http and tcp
 * {@code sourceLabels}, a DestinationRule's and a Sidecar's {@code workloadSelector} on the labels Istio writes on a
 * client's proxy (its cluster, its network, its Pod's locality label), each line of {@code cases.jsonl} getting the
 * decision its README gives, alike on the compiled FIB and the reference interpreter.
 */
class ProxyLabelsExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("proxy-labels");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = ExampleConfigs.loadClean(EXAMPLE);
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSize(14);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldTraceTheRequestsOfTheCases() throws IOException
    {
        final List<JsonNode> traced = new ArrayList<>();
        for (final String line : Files.readAllLines(EXAMPLE.resolve("requests.jsonl")))
        {
            final ObjectNode r = (ObjectNode)JSON.readTree(line);
            r.remove("ts");
            traced.add(r);
        }
        final List<JsonNode> cases = new ArrayList<>();
        for (final String line : Files.readAllLines(EXAMPLE.resolve("cases.jsonl")))
        {
            cases.add(JSON.readTree(line).get("request"));
        }
        assertThat(traced).isEqualTo(cases);
    }

    @Test
    void shouldNotAllocateMatchingOnTheLabelsIstioWrites() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(ExampleConfigs.loadClean(EXAMPLE).model(),
                EXAMPLE.resolve("cases.jsonl"));
    }
}
