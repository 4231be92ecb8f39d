package dev.wirespeed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code wirespeed gen}: deterministic generators of test input; each kind is a subcommand.
 */
@Command(
        name = "gen",
        mixinStandardHelpOptions = true,
        description = "Generate deterministic test input (route tables, addresses, captures).",
        subcommands = {
                GenRoutesCommand.class,
                GenAddressesCommand.class,
                GenCaptureCommand.class,
                GenTraceCommand.class,
                GenL7Command.class,
        })
public final class GenCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
