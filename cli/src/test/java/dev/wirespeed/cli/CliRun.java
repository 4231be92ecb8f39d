package dev.wirespeed.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures stdout, stderr and the exit code. */
final class CliRun
{
    final int exitCode;
    final String out;
    final String err;

    private CliRun(final int exitCode, final String out, final String err)
    {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /** Runs as {@code main} does: only the subcommand the arguments name is registered. */
    static CliRun run(final String... args)
    {
        final CommandLine cl = WirespeedCli.newCommandLine(args);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
