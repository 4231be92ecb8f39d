package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCommandTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String REVIEWS = ROOT.resolve("examples/reviews").toString();

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneDecisionPerRequestInOrderAndPrintTheSummary() throws IOException
    {
        final Path out = dir.resolve("out.jsonl");
        final CliRun r = CliRun.run("replay", "-c", REVIEWS, ROOT.resolve("examples/reviews/requests.jsonl").toString(),
                "--decisions", out.toString());
        assertThat(r.exitCode).isZero();
        final List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("{\"i\":0,\"action\":\"route\",\"vs\":\"default/reviews-route\","
                + "\"route\":\"reviews-v2-routes\",\"cluster\":\"outbound|9080|v2|reviews.default.svc.cluster.local\","
                + "\"host\":\"reviews.default.svc.cluster.local\",\"subset\":\"v2\",\"port\":9080,"
                + "\"endpoint\":\"10.1.0.12:9080\",\"path\":\"/newcatalog/books\",\"authority\":\"reviews\","
                + "\"flags\":\"-\",\"egressPort\":3,\"nextHop\":\"192.168.0.1\"}");
        assertThat(lines.get(2)).contains("\"i\":2", "\"subset\":\"v1\"", "\"path\":\"/anything\"");
        assertThat(r.out).contains("records: 6", "outbound|9080|v2|reviews.default.svc.cluster.local", "records/s");
    }

    @Test
    void shouldDropAndCountBadRecordsAndGoOn() throws IOException
    {
        final Path trace = dir.resolve("t.jsonl");
        Files.writeString(trace, "{\"path\":\"/a\",\"authority\":\"reviews:9080\"}\nnot json\n\n"
                + "{\"authority\":\"reviews:9080\"}\n"
                + "{\"path\":\"/wpcatalog/x\",\"authority\":\"reviews:9080\"}\n");
        final Path out = dir.resolve("out.jsonl");
        final CliRun r = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions", out.toString(), "--json");
        assertThat(r.exitCode).isZero();
        final List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo("{\"i\":1,\"action\":\"drop\",\"reason\":\"bad-record\"}");
        assertThat(lines.get(2)).isEqualTo("{\"i\":2,\"action\":\"drop\",\"reason\":\"bad-record\"}");
        assertThat(lines.get(3)).contains("\"i\":3", "\"path\":\"/newcatalog/x\"");
        assertThat(r.err).contains(trace + ":2:1: not valid JSON").contains(trace + ":4:")
                .contains("missing required field \"path\"");
        assertThat(r.out).contains("\"records\":4", "\"bad-record\":2");
    }

    @Test
    void shouldExitOneWithFileLineAndColumnForBadConfig() throws IOException
    {
        final Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n"
                + "  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subst: v1}\n");
        final Path trace = dir.resolve("t.jsonl");
        Files.writeString(trace, "{\"path\":\"/\"}\n");
        final CliRun r = CliRun.run("replay", "-c", cfg.toString(), trace.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).startsWith(cfg + ":8:").contains("subst").doesNotContain("Exception");
    }

    @Test
    void shouldExitOneForAMissingTraceAndTwoForMissingOptions()
    {
        final CliRun missing = CliRun.run("replay", "-c", REVIEWS, dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).contains("nope.jsonl: no such file");
        final CliRun usage = CliRun.run("replay", "x.jsonl");
        assertThat(usage.exitCode).isEqualTo(2);
        assertThat(usage.err).contains("--config");
    }
}
