package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadOptions;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/gateway-names} (docs/routing.md §4 "Networks", docs/config.md "Gateway host names"): network
 * gateways given by host name become one gateway per DNS answer given ({@code --hosts-file}, {@code --resolve}); a
 * name without answer gives none; a Gateway API {@code HBONE} listener is a gateway on its port. Every line of its
 * {@code cases.jsonl} gets its decision on the reference interpreter and on the compiled FIB.
 */
class GatewayNamesExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("gateway-names");
    private static final LoadOptions ANSWERS = LoadOptions.NONE.withHostsFiles(EXAMPLE.resolve("hosts"));

    private static LoadedConfig load(final LoadOptions options)
    {
        return new ConfigLoader().load(List.of(EXAMPLE), options);
    }

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load(ANSWERS);
        assertThat(loaded.hasErrors()).isFalse();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSize(9);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldMakeOneGatewayPerAnswerAndNoneForANameWithout()
    {
        final LoadedConfig loaded = load(ANSWERS);
        assertThat(loaded.model().mesh().networks().gateways()).containsExactly(
                new MeshNetworks.Gateway("network5", MeshNetworks.CLUSTER_ID, "192.0.2.50", 15008, 15008,
                        "istio-system/eastwest"),
                new MeshNetworks.Gateway("network4", MeshNetworks.CLUSTER_ID, "198.51.100.40", 15443),
                new MeshNetworks.Gateway("network4", MeshNetworks.CLUSTER_ID, "2001:db8:40::1", 15443),
                new MeshNetworks.Gateway("network2", "", "203.0.113.10", 15443),
                new MeshNetworks.Gateway("network2", "", "203.0.113.9", 15443));
        assertThat(loaded.formattedDiagnostics()).singleElement().asString().contains("mesh.yaml:")
                .contains("\"west.gw.example\" of network network3 is a host name with no DNS answer given");
    }

    @Test
    void shouldTakeTheSameAnswersFromResolveAsFromAHostsFile()
    {
        final LoadOptions resolve = LoadOptions.NONE.withResolve("EAST.gw.example.=203.0.113.9",
                "east.gw.example=203.0.113.10",
                "a1b2c3-east.elb.us-east-1.amazonaws.com=198.51.100.40,2001:DB8:40:0::1",
                "ew.net5.example=::ffff:192.0.2.50");
        assertThat(load(resolve).model().mesh().networks()).isEqualTo(load(ANSWERS).model().mesh().networks());
    }

    @Test
    void shouldReachEveryEndpointDirectlyWithoutAnswers() throws IOException
    {
        final LoadedConfig loaded = load(LoadOptions.NONE);
        assertThat(loaded.hasErrors()).isFalse();
        assertThat(loaded.model().mesh().networks().enabled()).isFalse();
        assertThat(loaded.formattedDiagnostics()).hasSize(4).allMatch(d -> d.contains("no DNS answer given"));
        final List<String> direct = Files.readAllLines(EXAMPLE.resolve("cases.jsonl")).stream()
                .map(l -> l.replaceAll("\"endpoint\": \"[^\"]*\"", "\"endpoint\": \""
                        + (l.contains("east:") ? "10.2.0.12" : l.contains("west:") ? "10.3.0.13"
                        : l.contains("elb:") ? "10.4.0.14" : "10.5.0.15") + ":8080\"")).toList();
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), direct);
    }
}
