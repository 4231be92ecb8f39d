package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile JSONL traces through {@code wirespeed replay}: a bad byte, a byte-order mark or a line over the cap is one
 * counted {@code bad-record} (or no record at all), and the replay goes on with the next line.
 */
class ReplayHostileInputTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String REVIEWS = ROOT.resolve("examples/reviews").toString();
    private static final String GOOD = "{\"path\":\"/wpcatalog/books\",\"authority\":\"reviews\",\"port\":9080}\n";

    @TempDir
    Path dir;

    @Test
    void shouldDropOnlyTheLineWithAnInvalidUtf8ByteAndGoOn() throws IOException
    {
        final Path trace = dir.resolve("t.jsonl");
        try (OutputStream out = Files.newOutputStream(trace))
        {
            out.write(GOOD.repeat(3).getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', '"', 'p', 'a', 't', 'h', '"', ':', '"', '/', 'a', (byte)0xFF, '"', '}', '\n'});
            out.write(GOOD.repeat(3).getBytes(StandardCharsets.UTF_8));
        }
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun r = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions", decisions.toString(),
            "--json");
        assertThat(r.exitCode).as(r.err).isZero();
        final List<String> lines = Files.readAllLines(decisions);
        assertThat(lines).hasSize(7);
        assertThat(lines.stream().filter(l -> l.contains("\"action\":\"route\"")).count()).isEqualTo(6);
        assertThat(lines.get(3)).isEqualTo("{\"i\":3,\"action\":\"drop\",\"reason\":\"bad-record\"}");
        assertThat(r.err).contains(trace + ":4:12: not valid UTF-8 (byte 0xff) (record dropped: bad-record)");
        assertThat(r.out).contains("\"records\":7", "\"bad-record\":1");
    }

    @Test
    void shouldSkipAByteOrderMarkOnTheFirstLine() throws IOException
    {
        final Path trace = dir.resolve("t.jsonl");
        Files.write(trace, ("\ufeff" + GOOD.repeat(2)).getBytes(StandardCharsets.UTF_8));
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun r = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions", decisions.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(Files.readAllLines(decisions)).hasSize(2).allMatch(l -> l.contains("\"action\":\"route\""));
        assertThat(r.err).doesNotContain("bad-record");
    }

    @Test
    void shouldDropALineOverTheCapWithoutHoldingItAndResyncAtTheNextNewline() throws IOException
    {
        final Path trace = dir.resolve("t.jsonl");
        final long longLine = 3L << 20;
        try (OutputStream out = Files.newOutputStream(trace))
        {
            out.write(GOOD.getBytes(StandardCharsets.UTF_8));
            final byte[] block = "{\"path\":\"/".concat("x".repeat(4086)).getBytes(StandardCharsets.UTF_8);
            for (long n = 0; n < longLine; n += block.length)
            {
                out.write(block);
            }
            out.write('\n');
            out.write(GOOD.getBytes(StandardCharsets.UTF_8));
            out.write("{\"path\":\"/unterminated".concat("y".repeat(2 << 20)).getBytes(StandardCharsets.UTF_8));
        }
        final Path decisions = dir.resolve("d.jsonl");
        final CliRun r = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions", decisions.toString(),
            "--json");
        assertThat(r.exitCode).as(r.err).isZero();
        final List<String> lines = Files.readAllLines(decisions);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo("{\"i\":1,\"action\":\"drop\",\"reason\":\"bad-record\"}");
        assertThat(lines.get(2)).contains("\"action\":\"route\"");
        assertThat(lines.get(3)).isEqualTo("{\"i\":3,\"action\":\"drop\",\"reason\":\"bad-record\"}");
        assertThat(r.err).contains(trace + ":2: line of 3145728 bytes is over the limit of 1048576 (record dropped:"
            + " bad-record)").contains(trace + ":4: line of 2097174 bytes is over the limit of 1048576");
    }
}
