package dev.wirespeed.cli;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BenchL7CommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGenerateATraceThatHitsEveryRouteTheDefaultRouteAndNoRoute() throws Exception
    {
        for (final String shape : new String[] {"hosts", "one-host"})
        {
            final Path out = dir.resolve(shape);
            final CliRun gen = CliRun.run("gen", "l7", "--shape", shape, "--routes", "120", "--seed", "3",
                    "-o", out.toString());
            assertThat(gen.exitCode).as(gen.err).isZero();
            final LoadedConfig loaded = new ConfigLoader().load(List.of(out));
            assertThat(loaded.hasErrors()).as(loaded.formattedDiagnostics().toString()).isFalse();
            assertThat(loaded.model().virtualServices()).hasSize(shape.equals("hosts") ? 12 : 1);
            final List<HttpRequest> requests = new ArrayList<>();
            assertThat(BenchL7Command.readTrace(out.resolve("requests.jsonl"), requests,
                    new PrintWriter(new StringWriter()))).isZero();
            final ReferenceRouter reference = new ReferenceRouter(loaded.model());
            final Set<String> routes = new HashSet<>();
            int defaults = 0;
            int noRoute = 0;
            for (final HttpRequest r : requests)
            {
                final RouteDecision d = reference.route(r);
                if ("allow_any".equals(d.route()))
                {
                    noRoute++; // a host the mesh does not know: ALLOW_ANY sends it to PassthroughCluster
                }
                else if (d.route() != null)
                {
                    routes.add(d.route());
                }
                else if ("route".equals(d.action()))
                {
                    defaults++;
                }
                else if ("NR".equals(d.flags()))
                {
                    noRoute++;
                }
            }
            assertThat(routes).as(shape).hasSize(120);
            assertThat(defaults).as(shape).isPositive();
            assertThat(noRoute).as(shape).isPositive();
        }
    }

    @Test
    void shouldGenerateTheSameFilesForTheSameSeed() throws Exception
    {
        for (final String[] run : new String[][] {{"a", "7"}, {"b", "7"}, {"c", "8"}})
        {
            CliRun.run("gen", "l7", "--shape", "one-host", "--routes", "50", "--seed", run[1],
                    "-o", dir.resolve(run[0]).toString());
        }
        for (final String f : new String[] {"registry.yaml", "routing.yaml", "requests.jsonl"})
        {
            assertThat(Files.readString(dir.resolve("a").resolve(f)))
                    .isEqualTo(Files.readString(dir.resolve("b").resolve(f)));
        }
        assertThat(Files.readString(dir.resolve("a/routing.yaml")))
                .isNotEqualTo(Files.readString(dir.resolve("c/routing.yaml")));
    }

    @Test
    void shouldTimeBothSidesAndFindNoMismatch()
    {
        final Path out = dir.resolve("l7");
        CliRun.run("gen", "l7", "--shape", "one-host", "--routes", "300", "--seed", "1", "-o", out.toString());
        final CliRun text = CliRun.run("bench", "l7", "-c", out.toString(), out.resolve("requests.jsonl").toString(),
                "--seconds", "0.2");
        assertThat(text.exitCode).as(text.err).isZero();
        assertThat(text.out).contains("mismatches=0").containsPattern(
                "requests=345 routes=300 compiled_ns=[0-9.]+ reference_ns=[0-9.]+ ratio=[0-9.]+");
        final CliRun json = CliRun.run("bench", "l7", "-c", out.toString(), out.resolve("requests.jsonl").toString(),
                "--seconds", "0.2", "--json");
        assertThat(json.exitCode).as(json.err).isZero();
        assertThat(json.out).contains("\"requests\":345", "\"routes\":300", "\"mismatches\":0", "\"compiled_ns\":");
    }

    @Test
    void shouldRejectBadInputWithOneMessage()
    {
        final CliRun shape = CliRun.run("gen", "l7", "--shape", "tree", "--routes", "5", "-o", dir.toString());
        assertThat(shape.exitCode).isEqualTo(1);
        assertThat(shape.err).contains("--shape must be hosts or one-host, not 'tree'");
        final CliRun missing = CliRun.run("bench", "l7", "-c", dir.toString(), dir.resolve("none.jsonl").toString());
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).contains("none.jsonl: no such file").doesNotContain("Exception");
    }
}
