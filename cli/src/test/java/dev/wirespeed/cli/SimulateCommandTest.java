package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples/sim");

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheSummaryAsJsonAndWriteTheResultFiles() throws IOException
    {
        final Path out = dir.resolve("out");
        final CliRun r = CliRun.run("simulate", EXAMPLES.resolve("bookinfo-canary").toString(), "--json", "--out",
            out.toString(), "--pcap", "productpage-v1:leaf0", "--sample-every", "1us");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("\"sent\":6000", "\"received\":6000", "\"dropped\":0", "\"conserved\":true",
            "\"wallSeconds\":");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"events\":").doesNotContain("wallSeconds");
        assertThat(out.resolve("ports.csv")).exists();
        assertThat(out.resolve("flows.csv")).exists();
        assertThat(out.resolve("timing.json")).exists();
        assertThat(Files.readAllLines(out.resolve("queues.csv")).get(0))
            .isEqualTo("timeNs,port,node,index,peer,queuedPackets,queuedBytes");
        assertThat(Files.size(out.resolve("pcap/productpage-v1--leaf0.pcap"))).isGreaterThan(24);
    }

    @Test
    void shouldHonourUntilAndReportBadScenariosWithTheirPositions() throws IOException
    {
        final CliRun r = CliRun.run("simulate", EXAMPLES.resolve("bookinfo-canary").toString(), "--json", "--until",
            "1ms");
        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("\"simulatedNs\":1000000");

        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: NetworkScenario\nspec:\n  until: soon\n");
        final CliRun e = CliRun.run("simulate", bad.toString());
        assertThat(e.exitCode).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(e.err).contains("bad.yaml:3:10: spec.until: expected a time");

        assertThat(CliRun.run("simulate", bad.toString(), "--pcap", "a:b").exitCode).isEqualTo(ExitCodes.USAGE);
    }
}
