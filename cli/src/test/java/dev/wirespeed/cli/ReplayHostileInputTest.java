package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Test
    void shouldRefuseOutputsThatAreInputsBeforeOpeningAnything() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"), GOOD);
        final CliRun onTrace = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions",
            dir.resolve(".").resolve("t.jsonl").toString());
        assertThat(onTrace.exitCode).isEqualTo(1);
        assertThat(onTrace.err.strip()).startsWith("--decisions ").contains("is the trace being replayed")
            .doesNotContain("counters:");
        assertThat(Files.readString(trace)).isEqualTo(GOOD);
        final Path link = dir.resolve("link.jsonl");
        Files.createSymbolicLink(link, trace);
        assertThat(CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions", link.toString()).exitCode)
            .isEqualTo(1);
        final Path config = Files.copy(ROOT.resolve("examples/reviews/routing.yaml"), dir.resolve("routing.yaml"));
        final CliRun onConfig = CliRun.run("replay", "-c", REVIEWS, "-c", config.toString(), trace.toString(),
            "--decisions", config.toString());
        assertThat(onConfig.exitCode).isEqualTo(1);
        assertThat(onConfig.err).contains("is a config file");
        assertThat(Files.size(config)).isPositive();
        assertThat(Files.readString(trace)).isEqualTo(GOOD);
    }

    @Test
    void shouldReplayASmallCaptureInASmallHeapAndDirectMemory() throws Exception
    {
        // the capture arena and the reader's window are sized by the file: a fixed 64 MiB arena did not fit
        final Path capture = dir.resolve("two.pcap");
        final CliRun gen = CliRun.run("gen", "capture", "--packets", "2", "-o", capture.toString());
        assertThat(gen.exitCode).as(gen.err).isZero();
        final Path decisions = dir.resolve("d.jsonl");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx64m", "-XX:MaxDirectMemorySize=16m", "-cp", System.getProperty("java.class.path"),
            WirespeedCli.class.getName(), "replay", "-c", ROOT.resolve("examples/capture-replay").toString(),
            capture.toString(), "--decisions", decisions.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("OutOfMemoryError", "Exception", "internal error");
        assertThat(Files.readAllLines(decisions)).hasSize(2);
    }

    @Test
    void shouldRefuseAPcapOutDirectoryHoldingTheCaptureReplayed() throws IOException
    {
        final Path out = Files.createDirectories(dir.resolve("out"));
        final Path capture = ROOT.resolve("examples/capture-replay/config.yaml").getParent();
        final CliRun gen = CliRun.run("gen", "capture", "--packets", "200", "-o",
            out.resolve("port-1.pcap").toString());
        assertThat(gen.exitCode).as(gen.err).isZero();
        final long size = Files.size(out.resolve("port-1.pcap"));
        final CliRun r = CliRun.run("replay", "-c", capture.toString(), out.resolve("port-1.pcap").toString(),
            "--pcap-out", out.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("--pcap-out " + out + ": " + out.resolve("port-1.pcap")
            + " is an input of this replay: refused, it would be overwritten before it is read");
        assertThat(Files.size(out.resolve("port-1.pcap"))).isEqualTo(size);
        final Path file = Files.writeString(dir.resolve("file"), "x");
        final CliRun notDir = CliRun.run("replay", "-c", capture.toString(), out.resolve("port-1.pcap").toString(),
            "--pcap-out", file.toString());
        assertThat(notDir.exitCode).isEqualTo(1);
        assertThat(notDir.err.strip())
            .isEqualTo(file + ": cannot write: --pcap-out must be a directory, this is a file");
    }

    @Test
    void shouldNameTheDecisionsOrPcapFileThatCannotBeWritten() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"), GOOD.repeat(50));
        final Path missing = dir.resolve("no-such-dir").resolve("d.jsonl");
        final String[][] cases = {
            {dir.toString(), dir + ": cannot write: it is a directory"},
            {missing.toString(), missing + ": cannot create: no such directory " + missing.getParent()},
            {"/dev/full", "/dev/full: cannot write: No space left on device"},
            {"", "--decisions: an empty file name"},
        };
        for (final String[] c : cases)
        {
            final CliRun r = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--decisions", c[0]);
            assertThat(r.exitCode).as(c[0]).isEqualTo(1);
            assertThat(r.err).as(c[0]).contains(c[1]).doesNotContain("internal error", "Exception");
        }
        final Path capture = dir.resolve("g.pcap");
        assertThat(CliRun.run("gen", "capture", "--packets", "2000", "-o", capture.toString()).exitCode).isZero();
        final Path out = Files.createDirectories(dir.resolve("pcaps"));
        Files.createSymbolicLink(out.resolve("port-1.pcap"), Path.of("/dev/full"));
        final CliRun r = CliRun.run("replay", "-c", ROOT.resolve("examples/capture-replay").toString(),
            capture.toString(), "--pcap-out", out.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains(out.resolve("port-1.pcap") + ": cannot write: No space left on device")
            .doesNotContain("internal error", "Exception");
    }

    @Test
    void shouldRefuseABatchThatWouldOverflowWithAUsageError() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("t.jsonl"), GOOD);
        final CliRun r = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--batch", "1073741824");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).startsWith("--batch must be 1 to 65536");
        final CliRun max = CliRun.run("replay", "-c", REVIEWS, trace.toString(), "--batch", "65536", "--json");
        assertThat(max.exitCode).as(max.err).isZero();
        assertThat(max.out).contains("\"records\":1");
    }

    @Test
    void shouldLeaveOnlyTheBadLineOutOfAGraphTrace() throws IOException
    {
        final Path trace = dir.resolve("t.jsonl");
        try (OutputStream out = Files.newOutputStream(trace))
        {
            out.write(("\ufeff" + GOOD.repeat(3)).getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', '"', 'p', 'a', 't', 'h', '"', ':', '"', '/', 'a', (byte)0xFF, '"', '}', '\n'});
            out.write(GOOD.repeat(3).getBytes(StandardCharsets.UTF_8));
        }
        final CliRun r = CliRun.run("graph", "-c", REVIEWS, "--trace", trace.toString(), "-o",
            dir.resolve("g.dot").toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.err).contains(trace + ":4:12: not valid UTF-8 (byte 0xff) (bad record)")
            .contains("1 bad records left out of the graph").doesNotContain(":1:");
    }
}
