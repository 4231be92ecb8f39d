package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong input gets one line and exit 1 (a gzip, a binary, a README); usage errors the error and one hint line;
 * silent mistakes (a misspelt trace field, a selector that picks no Pod) a warning.
 */
class BadInputTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String REVIEWS = ROOT.resolve("examples/reviews").toString();

    @TempDir
    Path dir;

    private CliRun replay(final Path trace)
    {
        return CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--counters-dir", dir.resolve("c").toString());
    }

    @Test
    void shouldRefuseAGzippedTraceInOneLineNamingTheFile() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes))
        {
            gz.write("{\"path\":\"/a\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        final Path trace = Files.write(dir.resolve("trace.jsonl.gz"), bytes.toByteArray());
        final CliRun r = replay(trace);
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo(trace + ": not a request trace (JSONL) or a capture (pcap, pcapng): "
            + "it is gzip-compressed (decompress it first: gunzip -k FILE)");
    }

    @Test
    void shouldRefuseAReadmeAndABinaryButReplayAnEmptyTrace() throws IOException
    {
        final Path readme = Files.writeString(dir.resolve("README.md"),
            "# Wirespeed\n\nA software data-plane forwarding engine.\n\n```sh\n./wirespeed replay\n```\n");
        final CliRun r = replay(readme);
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains(readme + ": not a request trace (JSONL) or a capture (pcap, pcapng): its first 5 "
            + "non-empty lines are not JSON objects (it starts with \"# Wirespeed\")").doesNotContain("records:");
        assertThat(r.err.strip().lines().count()).isEqualTo(1);
        final Path binary = Files.write(dir.resolve("a.out"), new byte[] {'{', 0, 1, 2, 3, 4});
        assertThat(replay(binary).err).contains(binary + ": not a request trace", "NUL bytes");
        final Path latin1 = Files.write(dir.resolve("l.txt"), new byte[] {'a', (byte)0xE9, '\n'});
        assertThat(replay(latin1).err).contains("not UTF-8 text");
        final Path empty = Files.write(dir.resolve("empty.jsonl"), new byte[0]);
        final CliRun e = replay(empty);
        assertThat(e.exitCode).isZero();
        assertThat(e.out).contains("records: 0");
    }

    @Test
    void shouldWarnOncePerMisspeltTraceFieldWithDidYouMean() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"),
            "{\"host\":\"reviews\",\"path\":\"/a\",\"comment\":\"mine\"}\n"
                + "{\"host\":\"reviews\",\"path\":\"/b\",\"heders\":{\"x\":\"y\"}}\n");
        final CliRun r = replay(trace);
        assertThat(r.exitCode).isZero();
        assertThat(r.err).contains("warning: " + trace + ":1: unknown field \"host\" is ignored; did you mean "
            + "\"authority\"?").contains(trace + ":2: unknown field \"heders\" is ignored; did you mean \"headers\"?")
            .doesNotContain("comment");
        assertThat(r.err.split("unknown field \"host\"", -1)).hasSize(2);
    }

    @Test
    void shouldWarnAboutAServiceWhoseSelectorMatchesNoPod() throws IOException
    {
        final Path cfg = Files.writeString(dir.resolve("svc.yaml"), "apiVersion: v1\nkind: Service\n"
            + "metadata: {name: web, namespace: default}\nspec:\n  selector: {app: wbe}\n  ports: [{port: 80}]\n---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata: {name: web-1, namespace: default, labels: {app: web}}\n"
            + "spec: {containers: [{name: c, image: i}]}\nstatus: {podIP: 10.1.0.9}\n");
        final CliRun r = CliRun.run("check", "-c", cfg.toString());
        assertThat(r.err + r.out).contains("Service default/web: selector app=wbe matches no Pod");
    }

    @Test
    void shouldPrintTheUsageErrorAndOneHintLine()
    {
        final CliRun r = CliRun.run("replay", "--no-such-option", "-c", REVIEWS, "x.jsonl");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("Unknown option: '--no-such-option'")
            .contains("Try 'wirespeed replay --help' for more information.").doesNotContain("Usage:");
        assertThat(r.err.strip().lines().count()).isLessThanOrEqualTo(3);
    }
}
