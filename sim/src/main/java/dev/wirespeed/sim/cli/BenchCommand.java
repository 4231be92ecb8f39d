package dev.wirespeed.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wirespeed bench}: throughput benchmarks, one subcommand each ({@code bench pipeline}, ...).
 * A parent only: register further benchmarks in {@code subcommands}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure forwarding throughput (synthetic input, no file I/O).",
        subcommands = {
                BenchPipelineCommand.class,
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
