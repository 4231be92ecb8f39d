package dev.wirespeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors exit 2; output files and standard output that cannot be written exit 1 with one clear line. */
class OutputAndUsageErrorsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExitTwoForOutOfRangeOptions() throws IOException
    {
        final Path routes = Files.writeString(dir.resolve("r.txt"), "10.0.0.0/8 192.168.0.1 1\n");
        final Path addresses = Files.write(dir.resolve("a.bin"), new byte[] {10, 0, 0, 1});
        final Path cfg = Files.writeString(dir.resolve("net.yaml"), "apiVersion: wirespeed.dev/v1\nkind: RouteTable\n"
            + "metadata: {name: core}\nspec:\n  routes:\n  - prefix: 10.1.0.0/16\n"
            + "    nextHops: [{address: 192.168.0.1, port: 3}]\n");
        final Path trace = Files.writeString(dir.resolve("t.jsonl"), "{\"path\":\"/\"}\n");
        final String[][] cases = {
            {"gen", "routes", "--count", "-5"},
            {"gen", "routes", "--count", "1000000000"},
            {"gen", "routes", "--count", "5", "--family", "5"},
            {"gen", "addresses", "--count", "-1", "--format", "text"},
            {"gen", "addresses", "--count", "1000000000", "--format", "text"},
            {"gen", "capture", "--packets", "-1", "-o", dir.resolve("c.pcap").toString()},
            {"bench", "lpm", "--routes", routes.toString(), "--addresses", addresses.toString(), "--batch", "0"},
            {"bench", "pipeline", "--ring", "3"},
            {"bench", "pipeline", "--workers", "100000"},
            {"replay", "-c", cfg.toString(), "--workers", "100000", trace.toString()},
        };
        for (final String[] args : cases)
        {
            final CliRun r = CliRun.run(args);
            assertThat(r.exitCode).as("%s: %s", String.join(" ", args), r.err).isEqualTo(2);
            assertThat(r.err).as(String.join(" ", args)).doesNotContain("internal error", "Exception");
        }
    }

    @Test
    void shouldNameTheOutputFileWhenItCannotBeWritten() throws IOException
    {
        final Path missing = dir.resolve("no-such-dir").resolve("out.txt");
        final Object[][] cases = {
            {dir.toString(), dir + ": cannot write: it is a directory"},
            {missing.toString(), missing + ": cannot create: no such directory " + missing.getParent()},
            {"", "-o: an empty file name"},
            {"/dev/full", "/dev/full: cannot write: No space left on device"},
        };
        for (final Object[] c : cases)
        {
            for (final String[] command : new String[][] {
                {"gen", "routes", "--count", "1000", "-o", (String)c[0]},
                {"gen", "addresses", "--count", "1000", "--format", "text", "-o", (String)c[0]},
                {"gen", "addresses", "--count", "1000", "-o", (String)c[0]},
                {"gen", "capture", "--packets", "100", "-o", (String)c[0]},
            })
            {
                final CliRun r = CliRun.run(command);
                assertThat(r.exitCode).as("%s", String.join(" ", command)).isEqualTo(1);
                assertThat(r.err.strip()).as("%s", String.join(" ", command)).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void shouldFailWhenStandardOutputLosesWhatWasWritten() throws IOException
    {
        final Path cfg = Files.writeString(dir.resolve("net.yaml"), "apiVersion: wirespeed.dev/v1\nkind: RouteTable\n"
            + "metadata: {name: core}\nspec:\n  routes:\n  - prefix: 10.1.0.0/16\n"
            + "    nextHops: [{address: 192.168.0.1, port: 3}]\n");
        for (final String[] command : new String[][] {
            {"gen", "routes", "--count", "100"},
            {"check", "-c", cfg.toString()},
            {"lookup", "-c", cfg.toString(), "10.1.0.1"},
        })
        {
            final CommandLine cl = WirespeedCli.newCommandLine();
            final StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new OutputStream()
            {
                @Override
                public void write(final int b) throws IOException
                {
                    throw new IOException("No space left on device");
                }
            }, true));
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute(command)).as(String.join(" ", command)).isEqualTo(1);
            assertThat(err.toString()).as(String.join(" ", command))
                .contains("wirespeed: cannot write to standard output");
        }
    }

    @Test
    void shouldExitNonZeroWhenStandardOutputIsAFullDisk() throws Exception
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
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), WirespeedCli.class.getName(),
            "gen", "routes", "--count", "20000"));
        final Process process = new ProcessBuilder(command).redirectOutput(new java.io.File("/dev/full")).start();
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("cannot write to standard output");
    }

    @Test
    void shouldRefuseAnAddressesFileThatIsADevice()
    {
        final CliRun r = CliRun.run("bench", "lpm", "--routes", "/dev/null", "--addresses", "/dev/zero");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("/dev/zero: not a regular file (a directory, FIFO or device is never read"
            + " as addresses)");
    }
}
