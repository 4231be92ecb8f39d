package dev.wirespeed.sim.net.scenario;

import dev.wirespeed.sim.net.NetScenario;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario files: units, defaults, and every problem reported with file:line:column. */
class ScenarioLoaderTest
{
    private static final String HEADER =
        "apiVersion: wirespeed.dev/v1\nkind: NetworkScenario\nmetadata: {name: t}\nspec:\n";

    private static Path write(final Path dir, final String spec) throws IOException
    {
        final Path f = dir.resolve("scenario.yaml");
        Files.writeString(f, HEADER + spec);
        return dir;
    }

    @Test
    void shouldReadUnitsDefaultsAndExplicitNodes(@TempDir final Path dir) throws IOException
    {
        final NetScenario s = ScenarioLoader.load(write(dir, ""
            + "  until: 3ms\n"
            + "  ecmp: spray\n"
            + "  nodes:\n"
            + "  - {name: a, kind: host, address: 10.0.0.1}\n"
            + "  - {name: b, kind: host, address: 10.0.0.2}\n"
            + "  - {name: sw, kind: switch}\n"
            + "  links:\n"
            + "  - {between: [a, sw], rate: 25Gbps, delay: 500ns, framing: 38, queue: {bytes: 64KB, ecn: 20KB}}\n"
            + "  - {between: [b, sw], rate: 25Gbps, delay: 0.5us}\n"
            + "  flowDefaults: {rate: 1Gbps, packetSize: 1000, stop: 2ms}\n"
            + "  flows:\n"
            + "  - {name: f, src: a, dst: b, pattern: poisson, start: 1us}\n"));
        assertThat(s.untilNs()).isEqualTo(3_000_000);
        assertThat(s.ecmp()).isEqualTo(NetScenario.Ecmp.SPRAY);
        assertThat(s.topology().spec(0).rateBps()).isEqualTo(25_000_000_000L);
        assertThat(s.topology().spec(0).delayNs()).isEqualTo(500);
        assertThat(s.topology().spec(0).queue().limit()).isEqualTo(64_000);
        assertThat(s.topology().spec(0).queue().ecnThreshold()).isEqualTo(20_000);
        assertThat(s.topology().spec(2).delayNs()).isEqualTo(500);
        final FlowSpec f = s.flows().get(0);
        assertThat(f.intervalNs()).isEqualTo(8_000);
        assertThat(f.startNs()).isEqualTo(1_000);
        assertThat(f.stopNs()).isEqualTo(2_000_000);
        assertThat(f.pattern()).isEqualTo(FlowSpec.Pattern.POISSON);
    }

    @Test
    void shouldReportEveryProblemWithItsFileLineAndColumn(@TempDir final Path dir) throws IOException
    {
        write(dir, ""
            + "  until: soon\n"
            + "  nodes:\n"
            + "  - {name: a, kind: router, address: 10.0.0.1}\n"
            + "  - {name: b, kind: host, address: 10.0.0.300}\n"
            + "  links:\n"
            + "  - {between: [a, c], rate: fast, delay: 1us}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(dir))
            .isInstanceOf(ScenarioException.class)
            .satisfies(e -> assertThat(((ScenarioException)e).problems()).hasSize(6))
            .hasMessageContaining("scenario.yaml:5:10: spec.until: expected a time")
            .hasMessageContaining(
                "scenario.yaml:7:21: spec.nodes[0].kind: expected host, sidecar or switch, not 'router'")
            .hasMessageContaining("spec.nodes[1].address: expected an IPv4 address")
            .hasMessageContaining("spec.links[0].rate: expected a rate")
            .hasMessageContaining("scenario.yaml:10:19: spec.links[0].between[1]: no node named 'c'");
    }
}
