package dev.wirespeed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        return cl;
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
