package dev.wirespeed.cli;

import dev.wirespeed.pipeline.DecisionSink;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.ForwardingPipeline;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.synthetic.HashPortForwarder;
import dev.wirespeed.pipeline.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.wirespeed.pipeline.counters.CountersFile;
import dev.wirespeed.pipeline.counters.PipelineCounters;
import dev.wirespeed.pipeline.descriptor.ReasonTable;

import dev.wirespeed.fib.decision.Actions;
import org.agrona.concurrent.status.CountersReader;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StatCommandTest
{
    @TempDir
    Path dir;

    private static String[] run(final String... args)
    {
        final CommandLine cl = WirespeedCli.newCommandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void shouldPrintTheCountersOfARunningPipelineOnce()
    {
        final Path counters = dir.resolve("engine");
        final PipelineConfig config = new PipelineConfig()
                .workers(2).mode(ExecutionMode.INLINE).countersDirectory(counters);
        final DecisionSink discard = decision ->
        {
        };
        try (ForwardingPipeline pipeline = new ForwardingPipeline(config, w -> new HashPortForwarder(4)))
        {
            pipeline.run(new SyntheticSource(7, 1000, 50, false), discard).verify();

            final String[] json = run("stat", "--dir", counters.toString(), "--once", "--json");
            assertThat(json[0]).isEqualTo("0");
            assertThat(json[1]).startsWith("{\"pid\":" + ProcessHandle.current().pid())
                .contains("\"records-in\":1000", "\"decisions-out\":1000", "\"workers\":{\"0\":{", "\"1\":{")
                .contains("\"drop:ttl-expired\":");
            assertThat(json[1].strip().lines()).hasSize(1);

            final String[] text = run("stat", "--dir", counters.toString(), "--once");
            assertThat(text[0]).isEqualTo("0");
            assertThat(text[1]).contains("records-in", "1000", "forwarded", "port:0:packets");
            assertThat(text[2]).isEmpty();
        }
    }

    @Test
    void shouldRefuseAStaleCountersFileWhoseEngineIsGone() throws Exception
    {
        final Path counters = dir.resolve("stale");
        PipelineCounters.create(counters, 1, new ReasonTable(), 1, List.of(), false).close();
        try (RandomAccessFile file = new RandomAccessFile(counters.resolve(CountersFile.FILE_NAME).toFile(), "rw"))
        {
            final ByteBuffer pid = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, Integer.MAX_VALUE);
            file.seek(CountersFile.PID_OFFSET);
            file.write(pid.array());
        }
        final String[] result = run("stat", "--dir", counters.toString(), "--once");
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains("is not running");
    }

    @Test
    void shouldSayClearlyWhenNoEngineRunsThere()
    {
        final String[] result = run("stat", "--dir", dir.resolve("none").toString(), "--once");
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).startsWith("wirespeed stat: no counters file").doesNotContain("Exception");
        assertThat(result[1]).isEmpty();
    }

    @Test
    void shouldEscapeControlCharactersInLabelsInsteadOfSendingThemToTheTerminal()
    {
        final Path counters = dir.resolve("ansi");
        try (PipelineCounters live = PipelineCounters.create(counters, 1, new ReasonTable(), 1,
            List.of("\u001b[2J\u001b[31mred\u0007"), true))
        {
            live.worker(0).onDecision(Actions.ROUTE, 0, -1, 10, 0);
            live.worker(0).flush();
            final String[] text = run("stat", "--dir", counters.toString(), "--once");
            assertThat(text[0]).isEqualTo("0");
            assertThat(text[1]).doesNotContain("\u001b", "\u0007")
                .contains("cluster:\\x1b[2J\\x1b[31mred\\x07:requests");
            final String[] json = run("stat", "--dir", counters.toString(), "--once", "--json");
            assertThat(json[1]).doesNotContain("\u001b").contains("\\u001b[31mred\\u0007");
        }
    }

    @Test
    void shouldReportACorruptLabelLengthWithBoundsChecksDisabledInsteadOfCrashingTheJvm() throws Exception
    {
        // The launcher runs with agrona.disable.bounds.checks=true; a label length of 100,000,000 used to SIGSEGV.
        final Path counters = dir.resolve("corrupt");
        PipelineCounters.create(counters, 1, new ReasonTable(), 1, List.of(), false).close();
        try (FileChannel file = FileChannel.open(counters.resolve(CountersFile.FILE_NAME), StandardOpenOption.WRITE))
        {
            // claim the live test JVM as the writer, so that stat gets as far as reading the counters
            file.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, ProcessHandle.current().pid()),
                CountersFile.PID_OFFSET);
            file.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 100_000_000),
                CountersFile.HEADER_LENGTH + CountersReader.LABEL_OFFSET);
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx64m", "-Dagrona.disable.bounds.checks=true",
            "-XX:ErrorFile=" + dir.resolve("hs_err.log"),
            "-cp", System.getProperty("java.class.path"), WirespeedCli.class.getName(),
            "stat", "--dir", counters.toString(), "--once"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).startsWith("wirespeed stat: ").contains("label length 100000000")
            .doesNotContain("Exception", "SIGSEGV");
        assertThat(dir.resolve("hs_err.log")).doesNotExist();
    }
}
