package dev.wirespeed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wirespeed bench}: throughput benchmarks, one subcommand each ({@code bench lpm}, {@code bench pipeline}).
 * Numbers from a shared machine are noisy: compare ratios measured in the same run.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure forwarding throughput (numbers from a shared machine are noisy: "
                + "compare runs on the same machine).",
        subcommands = {
                BenchLpmCommand.class,
                BenchLpmUpdateCommand.class,
                BenchPipelineCommand.class,
                BenchL7Command.class,
                BenchSwapCommand.class,
        })
public final class BenchCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
