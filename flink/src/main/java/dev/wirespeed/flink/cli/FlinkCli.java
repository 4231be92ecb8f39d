package dev.wirespeed.flink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wirespeed flink}: replay and diff on Apache Flink. The main class of {@code flink/target/wirespeed-flink.jar};
 * the {@code wirespeed} launcher hands {@code wirespeed flink ...} to it, and {@code flink run} starts it
 * with the cluster's execution environment.
 *
 * <p>Exit codes: 0 ok, 1 bad input or failure, 2 usage error.
 */
@Command(
        name = "wirespeed flink",
        mixinStandardHelpOptions = true,
        version = "wirespeed flink (Apache Flink 2.x)",
        description = "Scale-out on Apache Flink: replay and diff of traces no single machine holds "
                + "(see docs/scale-out.md).",
        subcommands = {
                CommandLine.HelpCommand.class,
                FlinkReplayCommand.class,
                FlinkDiffCommand.class,
        })
public final class FlinkCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @param args the command line. */
    public static void main(final String[] args)
    {
        System.exit(newCommandLine().execute(args));
    }

    /** @return the configured command line (shared by {@link #main} and the tests). */
    public static CommandLine newCommandLine()
    {
        final CommandLine cl = new CommandLine(new FlinkCli());
        cl.setExecutionExceptionHandler((ex, line, parsed) ->
        {
            line.getErr().println("wirespeed flink: " + rootMessage(ex));
            line.getErr().flush();
            return 1;
        });
        return cl;
    }

    private static String rootMessage(final Throwable t)
    {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c)
        {
            c = c.getCause();
        }
        return c == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + c + ")";
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (replay, diff)");
    }
}
