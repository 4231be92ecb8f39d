package dev.wirespeed.cli;

import dev.wirespeed.sim.gen.CaptureGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed gen capture}: a deterministic synthetic Ethernet pcap (UDP/TCP flows, a share of HTTP
 * requests to 10.96.0.80:80 with {@code Host: web}) for replay benchmarks.
 */
@Command(
        name = "capture",
        mixinStandardHelpOptions = true,
        description = {
                "Generate a synthetic Ethernet pcap for replay benchmarks.",
                "Example: wirespeed gen capture --packets 10000000 --seed 1 -o big.pcap",
        })
public final class GenCaptureCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--packets", required = true, paramLabel = "N", description = "Number of packets.")
    long packets;

    @Option(names = "--flows", defaultValue = "4096", paramLabel = "N",
            description = "Distinct flows (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--http-share", defaultValue = "0.1", paramLabel = "F",
            description = "Share of flows that are HTTP to port 80 (default ${DEFAULT-VALUE}).")
    double httpShare;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The pcap to write.")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        if (packets < 0 || flows < 1 || httpShare < 0 || httpShare > 1)
        {
            throw new InvalidInputException("--packets must be >= 0, --flows >= 1, --http-share in [0, 1]");
        }
        final long bytes = CaptureGenerator.write(output, packets, flows, httpShare, seed);
        spec.commandLine().getOut().printf("%s: %d packets, %d bytes%n", output, packets, bytes);
        return ExitCodes.OK;
    }
}
