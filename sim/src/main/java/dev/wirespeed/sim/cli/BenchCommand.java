package dev.wirespeed.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wirespeed bench}: end-to-end throughput benchmarks; each one is a subcommand.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure forwarding throughput (numbers from a shared machine are noisy: compare runs on the same machine).",
        subcommands = {
                BenchLpmCommand.class,
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
