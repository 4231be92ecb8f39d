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

import java.io.PrintWriter;
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
}
