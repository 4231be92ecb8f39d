package dev.wirespeed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wirespeed diff} on Bookinfo's traffic shifting, 80/20 (v1/v2) to 50/50 (v1/v3), over a generated trace:
 * 30 % of the reviews requests move from v1 to v3 and all of v2's to v3, within binomial bounds; nothing else
 * changes; {@code --fail-on-change} exits 1 only when something changed.
 */
class DiffCommandTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String OLD = ROOT.resolve("examples/bookinfo/traffic-shifting-80-20").toString();
    private static final String NEW = ROOT.resolve("examples/bookinfo/traffic-shifting-50-50").toString();
    private static final String V1 = "outbound|9080|v1|reviews.default.svc.cluster.local";
    private static final String V2 = "outbound|9080|v2|reviews.default.svc.cluster.local";
    private static final String V3 = "outbound|9080|v3|reviews.default.svc.cluster.local";

    @TempDir
    Path dir;

    @Test
    void shouldMoveThirtyPercentOfReviewsTrafficFromV1ToV3OnAGeneratedTrace() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 7L);
        // 30000 records: random requests also go to ports where a sidecar has no HTTP listener, so reviews gets
        // fewer of them than its share of a trace
        System.out.println("DiffCommandTest seed " + seed + " (-Dwirespeed.seed=N to explore)");
        final Path trace = dir.resolve("trace.jsonl");
        assertThat(CliRun.run("gen", "trace", "-c", OLD, "--count", "30000", "--seed", Long.toString(seed), "-o",
            trace.toString()).exitCode).isZero();
        final CliRun r = CliRun.run("diff", "--old", OLD, "--new", NEW, trace.toString(), "--json", "--examples", "2");
        assertThat(r.exitCode).isZero();
        final JsonNode report = new ObjectMapper().readTree(r.out);
        final JsonNode clusters = report.get("clusters");
        final long reviews = clusters.get(V1).get("old").asLong() + clusters.get(V2).get("old").asLong();
        assertThat(reviews).isGreaterThan(1000);
        long v1ToV3 = 0;
        long v2ToV3 = 0;
        for (final JsonNode c : report.get("changes"))
        {
            assertThat(c.get("new").get("cluster").asText()).isEqualTo(V3);
            assertThat(c.get("new").get("action").asText()).isEqualTo("route");
            assertThat(c.get("examples")).hasSize(2);
            assertThat(c.get("examples").get(0).get("request").asText()).startsWith("{").contains("\"path\"");
            if (c.get("old").get("cluster").asText().equals(V1))
            {
                v1ToV3 = c.get("count").asLong();
            }
            else
            {
                assertThat(c.get("old").get("cluster").asText()).isEqualTo(V2);
                v2ToV3 = c.get("count").asLong();
            }
        }
        assertThat(report.get("changes")).hasSize(2);
        assertThat(v2ToV3).isEqualTo(clusters.get(V2).get("old").asLong());
        assertThat(clusters.get(V2).get("new").asLong()).isZero();
        assertWithinBinomialBounds(v1ToV3, reviews, 0.30);
        assertThat(report.get("changed").asLong()).isEqualTo(v1ToV3 + v2ToV3);
        assertThat(report.get("records").asLong()).isEqualTo(30000);
    }

    @Test
    void shouldPrintTheChangesAsTextAndFailOnChangeOnlyWhenSomethingChanged() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"),
            "{\"authority\":\"ratings:9080\",\"path\":\"/r\"}\n"
            + "{\"authority\":\"reviews:9080\",\"path\":\"/a\"}\n".repeat(40));
        final CliRun changed = CliRun.run("diff", "--old", OLD, "--new", NEW, trace.toString(), "--fail-on-change");
        assertThat(changed.exitCode).isEqualTo(1);
        assertThat(changed.out).contains("records: 41", "changes (old -> new):", "-> route " + V3, "#",
            "clusters (old -> new records):");
        final CliRun same = CliRun.run("diff", "--old", OLD, "--new", OLD, trace.toString(), "--fail-on-change");
        assertThat(same.exitCode).isZero();
        assertThat(same.out).contains("changed: 0 (0.00%)").doesNotContain("changes (old -> new)");
    }

    @Test
    void shouldLoadTheSameRemoteClusterOnBothSides() throws IOException
    {
        final Path example = ROOT.resolve("examples/multi-cluster");
        final String primary = example.resolve("primary").toString();
        final CliRun r = CliRun.run("diff", "--old", primary, "--new", primary, "--cluster",
                "cluster2=" + example.resolve("cluster2"), example.resolve("primary/requests.jsonl").toString(),
                "--json", "--fail-on-change");
        assertThat(r.exitCode).isZero();
        // ratings runs in cluster2 only: its cluster exists on both sides only with the remote registry loaded
        final JsonNode ratings = new ObjectMapper().readTree(r.out).get("clusters")
                .get("outbound|9080||ratings.default.svc.cluster.local");
        assertThat(ratings.get("old").asLong()).isEqualTo(5);
        assertThat(ratings.get("new").asLong()).isEqualTo(5);
    }

    @Test
    void shouldRefuseAFileThatIsNotATraceAndRequireBothConfigs() throws IOException
    {
        final Path readme = Files.writeString(dir.resolve("README.md"), "# Title\n\nSome text.\n");
        final CliRun r = CliRun.run("diff", "--old", OLD, "--new", NEW, readme.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err.strip()).startsWith(readme + ": not a request trace").doesNotContain("\n");
        final CliRun usage = CliRun.run("diff", "--old", OLD, readme.toString());
        assertThat(usage.exitCode).isEqualTo(2);
        assertThat(usage.err).contains("--new").contains("Try 'wirespeed diff --help'");
    }

    static void assertWithinBinomialBounds(final long k, final long n, final double p)
    {
        final double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double)k).as("%d of %d, expected share %.2f", k, n, p).isBetween(n * p - 4.5 * sigma,
            n * p + 4.5 * sigma);
    }
}
