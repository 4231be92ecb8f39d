package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code consistentHash.ringHash}, {@code maglev} and the deprecated {@code minimumRingSize}: the table each one
 * makes (Istio's {@code ApplyRingHashLoadBalancer}) and the checks of Istio's validation and Envoy's.
 */
class ConsistentHashTableConfigTest
{
    private static final String HEAD = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: r}
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer:
                  consistentHash:
                    httpHeaderName: x-user
            """;

    private static LoadedConfig load(final String tail)
    {
        return new ConfigLoader().loadString("t.yaml", HEAD + tail);
    }

    private static DestinationRule.ConsistentHash hash(final String tail)
    {
        final LoadedConfig c = load(tail);
        assertThat(c.errors()).isEmpty();
        return c.model().destinationRules().get(0).trafficPolicy().loadBalancer().consistentHash();
    }

    private static List<String> errors(final String tail)
    {
        return load(tail).errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void shouldHashIntoARingOf1024WhenNoAlgorithmIsWritten()
    {
        final DestinationRule.ConsistentHash h = hash("");
        assertThat(h.maglev()).isFalse();
        assertThat(h.size()).isEqualTo(1024);
    }

    @Test
    void shouldTakeTheRingSizeFromRingHashElseTheDeprecatedField()
    {
        assertThat(hash("        ringHash: {minimumRingSize: 12}\n").size()).isEqualTo(12);
        assertThat(hash("        ringHash: {}\n").size()).isEqualTo(1024);
        final LoadedConfig deprecated = load("        minimumRingSize: 64\n");
        assertThat(deprecated.errors()).isEmpty();
        assertThat(deprecated.formattedDiagnostics()).anySatisfy(d -> assertThat(d).contains("deprecated"));
        assertThat(deprecated.model().destinationRules().get(0).trafficPolicy().loadBalancer().consistentHash().size())
                .isEqualTo(64);
    }

    @Test
    void shouldMakeAMaglevTableOfTheWrittenSize()
    {
        final DestinationRule.ConsistentHash h = hash("        maglev: {tableSize: 65537}\n");
        assertThat(h.maglev()).isTrue();
        assertThat(h.size()).isEqualTo(65537);
    }

    @Test
    void shouldRejectMaglevTablesIstioRejects()
    {
        assertThat(errors("        maglev: {tableSize: 1000}\n")).containsExactly("t.yaml:10:29: error: "
                + "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number "
                + "for maglev, got 1000");
        assertThat(errors("        maglev: {}\n")).singleElement().asString()
                .contains("tableSize must be set for maglev");
        assertThat(errors("        maglev: {tableSize: 5000011}\n")).singleElement().asString()
                .contains("tableSize must be less than 5000011");
    }

    @Test
    void shouldRejectTheDeprecatedSizeBesideAnAlgorithmAndARingPastEnvoysMaximum()
    {
        assertThat(errors("        minimumRingSize: 64\n        ringHash: {minimumRingSize: 12}\n")).singleElement()
                .asString().contains("only one of minimumRingSize or maglev/ringHash can be specified");
        assertThat(errors("        ringHash: {minimumRingSize: 8388609}\n")).singleElement().asString()
                .contains("minimumRingSize must be between 0 and 8388608");
    }
}
