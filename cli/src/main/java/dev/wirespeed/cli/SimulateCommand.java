package dev.wirespeed.cli;

import dev.wirespeed.sim.net.NetScenario;
import dev.wirespeed.sim.net.NetSimulation;
import dev.wirespeed.sim.net.output.LinkCaptures;
import dev.wirespeed.sim.net.output.QueueSamples;
import dev.wirespeed.sim.net.output.SimulationReport;
import dev.wirespeed.sim.net.scenario.ScenarioException;
import dev.wirespeed.sim.net.scenario.ScenarioLoader;
import dev.wirespeed.sim.net.scenario.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed simulate}: runs a network scenario (a folder with {@code scenario.yaml}) in the
 * discrete-event simulator and prints its summary; {@code --out DIR} writes the result files.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
                "Simulate a network of Wirespeed switches, hosts and sidecars (discrete-event, deterministic).",
                "Example: wirespeed simulate examples/sim/leaf-spine-incast --json",
        })
public final class SimulateCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario folder (its scenario.yaml) or file.")
    Path scenario;

    @Option(names = "--until", paramLabel = "T",
        description = "Simulated time to stop at (e.g. 200ms); default: the scenario's.")
    String until;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice; default: the scenario's.")
    Long seed;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write summary.json, ports.csv, flows.csv (deterministic) and timing.json into DIR.")
    Path out;

    @Option(names = "--pcap", paramLabel = "A:B",
        description = "Capture the link between nodes A and B into DIR/pcap/A--B.pcap (repeatable; 'all' for every"
            + " link); needs --out.")
    List<String> pcap = new ArrayList<>();

    @Option(names = "--snaplen", paramLabel = "N", defaultValue = "64",
        description = "Bytes kept of each captured packet (headers are 28; default 64).")
    int snaplen;

    @Option(names = "--sample-every", paramLabel = "T",
        description = "Write DIR/queues.csv: every T of simulated time, the ports with packets waiting; needs --out.")
    String sampleEvery;

    @Override
    public Integer call() throws IOException
    {
        final List<String[]> links = pcapLinks(); // usage errors before any work
        NetScenario s;
        try
        {
            s = ScenarioLoader.load(scenario);
        }
        catch (final ScenarioException e)
        {
            throw new InvalidInputException(e.getMessage());
        }
        if (until != null)
        {
            final long t = Units.nanos(until);
            if (t < 0)
            {
                throw new ParameterException(spec.commandLine(), "--until: expected a time such as 200ms, not '"
                    + until + "'");
            }
            s = s.withUntil(t);
        }
        if (seed != null)
        {
            s = s.withSeed(seed);
        }
        final long t0 = System.nanoTime();
        try (NetSimulation sim = build(s))
        {
            if (!pcap.isEmpty())
            {
                try
                {
                    sim.capture(new LinkCaptures(sim.topology(), out.resolve("pcap"), links, snaplen));
                }
                catch (final IllegalArgumentException e)
                {
                    throw new InvalidInputException("wirespeed simulate: --pcap: " + e.getMessage());
                }
            }
            if (sampleEvery != null)
            {
                final long every = Units.nanos(sampleEvery);
                if (every <= 0 || out == null)
                {
                    throw new ParameterException(spec.commandLine(),
                        "--sample-every: expected a positive time such as 10us, and --out DIR");
                }
                sim.sample(new QueueSamples(sim.topology(), out.resolve("queues.csv"), every));
            }
            final long t1 = System.nanoTime();
            sim.run();
            final long t2 = System.nanoTime();
            sim.checkConservation();
            final SimulationReport report = new SimulationReport(sim);
            final SimulationReport.WallTiming wall = new SimulationReport.WallTiming((t1 - t0) / 1e9, (t2 - t1) / 1e9);
            final PrintWriter o = spec.commandLine().getOut();
            if (json)
            {
                o.println(report.summaryJson(wall));
            }
            else
            {
                o.printf(Locale.ROOT,
                    "scenario %s: simulated %.6f s, %d events in %.3f s (%.1f M events/s; build %.3f s)%n",
                    s.name(), sim.now() / 1e9, sim.events(), wall.runSeconds(), sim.events() / wall.runSeconds() / 1e6,
                    wall.buildSeconds());
                o.printf(Locale.ROOT, "sent %d received %d dropped %d in flight %d%n", sim.sent(), sim.received(),
                    sim.dropped(), sim.inFlight());
                o.println(report.summaryJson(null));
            }
            o.flush();
            if (out != null)
            {
                report.writeTo(out, wall);
            }
        }
        return ExitCodes.OK;
    }

    private List<String[]> pcapLinks()
    {
        final List<String[]> links = new ArrayList<>();
        if (pcap.isEmpty())
        {
            return links;
        }
        if (out == null)
        {
            throw new ParameterException(spec.commandLine(), "--pcap needs --out DIR (the files go to DIR/pcap)");
        }
        for (final String p : pcap)
        {
            if ("all".equals(p))
            {
                return new ArrayList<>();
            }
            final String[] ends = p.split(":");
            if (ends.length != 2)
            {
                throw new ParameterException(spec.commandLine(), "--pcap: expected NODE:NODE or all, not '" + p + "'");
            }
            links.add(ends);
        }
        return links;
    }

    private static NetSimulation build(final NetScenario s)
    {
        try
        {
            return new NetSimulation(s);
        }
        catch (final IllegalArgumentException | IllegalStateException e)
        {
            throw new InvalidInputException("wirespeed simulate: " + e.getMessage());
        }
    }
}
