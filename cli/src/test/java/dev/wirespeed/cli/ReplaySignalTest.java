package dev.wirespeed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM and SIGINT during a replay (a real child JVM, a real signal): ingress stops, the records read are decided,
 * decision lines and pcap records are whole, the summary says "interrupted", the exit code is 128 + the signal, and
 * the counters directory is gone.
 */
class ReplaySignalTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final Pattern COUNTERS = Pattern.compile("counters: (\\S+)");

    @TempDir
    Path dir;

    @Test
    void shouldWriteWholeDecisionLinesAndExit143OnSigterm() throws Exception
    {
        final Path trace = dir.resolve("big.jsonl");
        final String line = "{\"path\":\"/wpcatalog/books\",\"authority\":\"reviews\",\"port\":9080}\n";
        Files.writeString(trace, line.repeat(1_000_000));
        final Path decisions = dir.resolve("d.jsonl");
        final Child child = start("replay", "-c", ROOT.resolve("examples/reviews").toString(), trace.toString(),
            "--decisions", decisions.toString(), "--workers", "1", "--idle", "yield");
        child.awaitOutputThenSignal(decisions);
        assertThat(child.exitCode()).as(child.err()).isEqualTo(143);
        assertThat(child.out()).contains("interrupted: SIGTERM");
        final long records = recordsOf(child.out());
        assertThat(records).as("interrupted before the end").isLessThan(1_000_000);
        final ObjectMapper json = new ObjectMapper();
        final List<String> lines = Files.readAllLines(decisions);
        assertThat(lines).hasSize((int)records).isNotEmpty();
        for (int i = 0; i < lines.size(); i++)
        {
            final JsonNode d = json.readTree(lines.get(i));
            assertThat(d.get("i").asLong()).isEqualTo(i);
            assertThat(d.get("action").asText()).isEqualTo("route");
        }
        assertThat(Files.readString(decisions)).endsWith("}\n");
        assertThat(Files.exists(child.countersDir())).as(child.countersDir().toString()).isFalse();
    }

    @Test
    void shouldWriteWholePcapRecordsAndExit143OnSigterm() throws Exception
    {
        final Path capture = dir.resolve("big.pcap");
        assertThat(CliRun.run("gen", "capture", "--packets", "400000", "-o", capture.toString()).exitCode).isZero();
        final Path out = dir.resolve("out");
        final Child child = start("replay", "-c", ROOT.resolve("examples/capture-replay").toString(),
            capture.toString(), "--pcap-out", out.toString(), "--decisions", dir.resolve("d.jsonl").toString(),
            "--workers", "1", "--idle", "yield");
        child.awaitOutputThenSignal(dir.resolve("d.jsonl"));
        assertThat(child.exitCode()).as(child.err()).isEqualTo(143);
        assertThat(child.out()).contains("interrupted: SIGTERM");
        assertThat(recordsOf(child.out())).isLessThan(400_000);
        assertThat(Files.readAllLines(dir.resolve("d.jsonl"))).hasSize((int)recordsOf(child.out()));
        long packets = 0;
        try (Stream<Path> files = Files.list(out))
        {
            for (final Path pcap : (Iterable<Path>)files::iterator)
            {
                try (CaptureReader reader = CaptureReader.open(pcap))
                {
                    final CaptureRecord rec = new CaptureRecord();
                    while (reader.next(rec))
                    {
                        assertThat(rec.status()).as("%s record %d", pcap, rec.index()).isEqualTo(RecordStatus.OK);
                        packets++;
                    }
                }
            }
        }
        assertThat(packets).isPositive();
        assertThat(Files.exists(child.countersDir())).isFalse();
    }

    @Test
    void shouldTurnSigintIntoAStopRequestWithExitCode130()
    {
        try (ReplayInterrupt interrupt = new ReplayInterrupt())
        {
            assertThat(interrupt.requested()).isFalse();
            final boolean ignored = interrupt.ignoredByParent("INT");
            Signal.raise(new Signal("INT"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ignored ? 1 : 10);
            while (!interrupt.requested() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            if (ignored)
            {
                // started by a shell as a background job (or nohup): SIGINT stays ignored, as for any Unix tool
                assertThat(interrupt.requested()).isFalse();
                return;
            }
            assertThat(interrupt.requested()).isTrue();
            assertThat(interrupt.signalName()).isEqualTo("SIGINT");
            assertThat(interrupt.exitCode()).isEqualTo(130);
        }
    }

    private static long recordsOf(final String summary)
    {
        final Matcher m = Pattern.compile("records: (\\d+)").matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        return Long.parseLong(m.group(1));
    }

    private Child start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), WirespeedCli.class.getName()));
        command.addAll(List.of(args));
        return new Child(new ProcessBuilder(command).start());
    }

    /** A child CLI process: its stderr is read line by line until the counters line shows the replay is running. */
    private final class Child
    {
        private final Process process;
        private final CompletableFuture<String> out;
        private final StringBuilder err = new StringBuilder();
        private Path countersDir;

        Child(final Process process)
        {
            this.process = process;
            this.out = CompletableFuture.supplyAsync(() -> read(process));
        }

        void awaitOutputThenSignal(final Path output) throws IOException, InterruptedException
        {
            final BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
            for (String l = in.readLine(); l != null; l = in.readLine())
            {
                err.append(l).append('\n');
                final Matcher m = COUNTERS.matcher(l);
                if (m.find())
                {
                    final Path p = Path.of(m.group(1));
                    countersDir = p.getFileName().toString().endsWith(".dat") ? p.getParent() : p;
                    break;
                }
            }
            assertThat(countersDir).as(err.toString()).isNotNull();
            // signal once the first decisions are out (so some lines are written whole), well before the end
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(output) || Files.size(output) == 0) && process.isAlive()
                && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            process.toHandle().destroy(); // SIGTERM, as soon as the replay runs (the streams stay open)
            CompletableFuture.runAsync(() -> err.append(readRest(in)));
        }

        int exitCode() throws InterruptedException
        {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return process.exitValue();
        }

        String out()
        {
            return out.join();
        }

        String err()
        {
            return err.toString();
        }

        Path countersDir()
        {
            return countersDir;
        }

        private String read(final Process p)
        {
            try
            {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                return ex.toString();
            }
        }

        private String readRest(final BufferedReader in)
        {
            final StringBuilder b = new StringBuilder();
            try
            {
                for (String l = in.readLine(); l != null; l = in.readLine())
                {
                    b.append(l).append('\n');
                }
            }
            catch (final IOException ex)
            {
                b.append(ex);
            }
            return b.toString();
        }
    }
}
