package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class BenchPipelineCommandTest
{
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
    void shouldMeasureBothHandOffsAndBalanceTheRun()
    {
        final String[] result = run("bench", "pipeline", "--workers", "2", "--records", "200000", "--rounds", "1",
            "--idle", "yield", "--json");
        assertThat(result[2]).isEmpty();
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains("\"rawRing\":{\"records\":200000", "\"pipeline\":{\"records\":200000",
            "\"balanced\":true", "\"ratio\":");
    }

    @Test
    void shouldRejectBadOptionsAsAUsageError()
    {
        final String[] result = run("bench", "pipeline", "--ring", "1000", "--records", "10");
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).startsWith("--ring must be a power of two");
        assertThat(run("bench")[0]).isEqualTo("2");
    }
}
