package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GenTraceCommandTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String BOOKINFO = ROOT.resolve("examples/bookinfo/request-routing").toString();

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSameTraceForASeedWithRoutesDefaultRoutesAndNoRoute() throws IOException
    {
        final Path a = dir.resolve("a.jsonl");
        final Path b = dir.resolve("b.jsonl");
        assertThat(CliRun.run("gen", "trace", "-c", BOOKINFO, "--count", "2000", "--seed", "3", "-o", a.toString())
            .exitCode).isZero();
        assertThat(CliRun.run("gen", "trace", "-c", BOOKINFO, "--count", "2000", "--seed", "3", "-o", b.toString())
            .exitCode).isZero();
        final List<String> lines = Files.readAllLines(a);
        assertThat(lines).hasSize(2000).isEqualTo(Files.readAllLines(b));
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun replay = CliRun.run("replay", "-c", BOOKINFO, a.toString(), "--decisions", decisions.toString(),
            "--inline", "--json");
        assertThat(replay.exitCode).isZero();
        final String all = String.join("\n", Files.readAllLines(decisions));
        assertThat(all).contains("\"vs\":\"default/reviews\"").contains("\"reason\":\"no-route\"")
            .doesNotContain("bad-record");
        assertThat(replay.out).contains("\"records\":2000");
    }
}
