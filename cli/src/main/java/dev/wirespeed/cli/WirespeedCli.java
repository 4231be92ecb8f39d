package dev.wirespeed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code wirespeed} command line: one class per subcommand, registered here.
 *
 * <p>Exit codes follow {@link ExitCodes}: 0 ok, 1 bad input or failure, 2 usage error.
 */
@Command(
        name = "wirespeed",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A software data-plane forwarding engine: Istio routing and L3 forwarding compiled into an "
                + "off-heap FIB.",
        subcommands = {
                CommandLine.HelpCommand.class,
                CheckCommand.class,
                ReplayCommand.class,
                StatCommand.class,
                LookupCommand.class,
                GenCommand.class,
                BenchCommand.class,
                GraphCommand.class,
                DiffCommand.class,
                ExplainCommand.class,
                RouteTestCommand.class,
                CompletionCommand.class,
                SimulateCommand.class,
        })
public final class WirespeedCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The configured picocli command line, shared by {@link #main} and the tests.
     *
     * @return a new command line with the project's exit codes and error handlers.
     */
    public static CommandLine newCommandLine()
    {
        final CommandLine cl = new CommandLine(new WirespeedCli());
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cl.setExecutionStrategy(WirespeedCli::executeCheckingStdout);
        cl.setParameterExceptionHandler(WirespeedCli::usageError);
        return cl;
    }

    /**
     * Runs the chosen subcommand, then fails it (exit 1, one message) if anything it wrote to standard output
     * was lost: a full disk or a closed pipe must never look like success.
     */
    private static int executeCheckingStdout(final CommandLine.ParseResult parseResult)
    {
        final int code = new CommandLine.RunLast().execute(parseResult);
        final CommandLine top = parseResult.commandSpec().commandLine();
        // picocli's default writer wraps System.out in a Writer, so System.out's own error flag is checked too.
        if (top.getOut().checkError() || System.out.checkError())
        {
            top.getErr().println("wirespeed: cannot write to standard output (the disk is full or the reader closed"
                    + " the pipe): output is incomplete");
            top.getErr().flush();
            return code == ExitCodes.OK ? ExitCodes.INVALID_INPUT : code;
        }
        return code;
    }

    /**
     * A usage error: the error, picocli's "did you mean" suggestions for a mistyped option or subcommand, and one
     * hint line (the full usage is one {@code --help} away, not 30 lines of noise above the error).
     */
    private static int usageError(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine cmd = ex.getCommandLine();
        final PrintWriter err = cmd.getErr();
        err.println(ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
