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
                + "off-heap FIB.")
public final class WirespeedCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The subcommands, by name, in the order {@code --help} lists them. Picocli builds a subcommand's model (every
     * option, mixin and nested subcommand, by reflection) when it is registered, and its classes (compiled for
     * Java 5) are not archived by AppCDS, so building all thirteen models costs about 0.3 s of every run's start;
     * {@link #newCommandLine(String...)} registers only the one a command line names.
     */
    private static final Object[][] SUBCOMMANDS = {
        {"help", CommandLine.HelpCommand.class},
        {"check", CheckCommand.class},
        {"replay", ReplayCommand.class},
        {"stat", StatCommand.class},
        {"lookup", LookupCommand.class},
        {"gen", GenCommand.class},
        {"bench", BenchCommand.class},
        {"graph", GraphCommand.class},
        {"diff", DiffCommand.class},
        {"explain", ExplainCommand.class},
        {"test", RouteTestCommand.class},
        {"completion", CompletionCommand.class},
        {"simulate", SimulateCommand.class},
    };

    public static void main(final String[] args)
    {
        System.exit(newCommandLine(args).execute(args));
    }

    /**
     * The configured picocli command line with every subcommand, shared by the tests.
     *
     * @return a new command line with the project's exit codes and error handlers.
     */
    public static CommandLine newCommandLine()
    {
        return configure(new CommandLine(new WirespeedCli()), null);
    }

    /**
     * The command line for these arguments: when the first names a subcommand that needs no other (not
     * {@code help} or {@code completion}, which read the whole tree), only that subcommand is registered, so
     * the run does not pay for building the others' models; otherwise (no subcommand, a top-level option, a
     * mistyped name that needs "did you mean" suggestions) every subcommand is.
     *
     * @param args the command-line arguments.
     * @return a new command line with the project's exit codes and error handlers.
     */
    public static CommandLine newCommandLine(final String... args)
    {
        final String first = args.length == 0 ? null : args[0];
        final boolean alone = first != null && !"help".equals(first) && !"completion".equals(first);
        return configure(new CommandLine(new WirespeedCli()), alone ? first : null);
    }

    private static CommandLine configure(final CommandLine cl, final String only)
    {
        boolean found = false;
        for (final Object[] sub : SUBCOMMANDS)
        {
            if (sub[0].equals(only))
            {
                cl.addSubcommand((String)sub[0], sub[1]);
                found = true;
            }
        }
        if (!found)
        {
            for (final Object[] sub : SUBCOMMANDS)
            {
                cl.addSubcommand((String)sub[0], sub[1]);
            }
        }
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
