package dev.wirespeed.sim.net.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.wirespeed.sim.net.NetSimulation;
import dev.wirespeed.sim.net.fabric.FabricDropReason;
import dev.wirespeed.sim.net.fabric.PortQueues;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.traffic.Flows;
import dev.wirespeed.sim.net.traffic.SidecarTraffic;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a finished (or paused) simulation's results.
 *
 * <ul>
 *   <li>{@link #summaryJson}: one JSON object: scenario, seed, simulated time, events, sent, received,
 *       dropped (total and by reason), in flight, whether conservation holds, FIB builds, sidecar counts;
 *       with wall-clock timing only when asked (so the result files stay deterministic);</li>
 *   <li>{@link #writePortsCsv}: one row per port: counters, utilisation, queue occupancy max and
 *       percentiles (as seen by arriving packets), drops by reason, ECN marks;</li>
 *   <li>{@link #writeFlowsCsv}: one row per flow: sent, delivered, dropped, one-way latency min, mean,
 *       p50, p99, p99.9, max (ns, HdrHistogram, 2 significant digits).</li>
 * </ul>
 */
public final class SimulationReport
{
    private final NetSimulation sim;

    /**
     * @param simulation the simulation.
     */
    public SimulationReport(final NetSimulation simulation)
    {
        this.sim = simulation;
    }

    /**
     * @param wall wall-clock timing to include, or {@code null} for the deterministic summary only.
     * @return the summary as one JSON line.
     */
    public String summaryJson(final WallTiming wall)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8))
        {
            g.writeStartObject();
            g.writeStringField("scenario", sim.scenario().name());
            g.writeNumberField("seed", sim.scenario().seed());
            g.writeStringField("ecmp", sim.scenario().ecmp().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            g.writeNumberField("simulatedNs", sim.now());
            g.writeNumberField("events", sim.events());
            g.writeNumberField("sent", sim.sent());
            g.writeNumberField("received", sim.received());
            g.writeNumberField("dropped", sim.dropped());
            g.writeNumberField("inFlight", sim.inFlight());
            g.writeBooleanField("conserved", sim.sent() == sim.received() + sim.dropped() + sim.inFlight());
            g.writeObjectFieldStart("droppedByReason");
            final long[] byReason = sim.ports().dropsByReason();
            for (int r = 1; r < FabricDropReason.COUNT; r++)
            {
                if (byReason[r] > 0)
                {
                    g.writeNumberField(FabricDropReason.name(r), byReason[r]);
                }
            }
            g.writeEndObject();
            writeDropPorts(g);
            g.writeNumberField("fibBuilds", sim.fibs().rebuilds());
            g.writeNumberField("fibGeneration", sim.fibs().generation());
            if (sim.sidecars() != null)
            {
                writeSidecars(g, sim.sidecars());
            }
            if (wall != null)
            {
                g.writeNumberField("buildSeconds", round(wall.buildSeconds()));
                g.writeNumberField("wallSeconds", round(wall.runSeconds()));
                g.writeNumberField("eventsPerSecond", Math.round(sim.events() / Math.max(1e-9, wall.runSeconds())));
            }
            g.writeEndObject();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double round(final double seconds)
    {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    private void writeDropPorts(final JsonGenerator g) throws IOException
    {
        final PortQueues q = sim.ports();
        final Topology t = sim.topology();
        g.writeObjectFieldStart("dropsByPort");
        for (int p = 0; p < q.size(); p++)
        {
            final long d = q.drops(p);
            if (d > 0)
            {
                g.writeNumberField(t.portName(p) + "->" + t.name(t.portNode(t.peer(p))), d);
            }
        }
        g.writeEndObject();
    }

    private static void writeSidecars(final JsonGenerator g, final SidecarTraffic s) throws IOException
    {
        g.writeObjectFieldStart("sidecars");
        g.writeNumberField("unroutedRequests", s.unrouted());
        g.writeNumberField("delivered", s.delivered());
        g.writeNumberField("dropped", s.dropped());
        g.writeArrayFieldStart("byConfigAndCluster");
        for (final SidecarTraffic.TagCount c : s.tagCounts())
        {
            g.writeStartObject();
            g.writeStringField("config", c.config());
            g.writeStringField("cluster", c.cluster());
            g.writeNumberField("requests", c.requests());
            g.writeNumberField("packets", c.packets());
            g.writeNumberField("delivered", c.delivered());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * @param out where to write the per-port CSV.
     * @throws IOException on a write error.
     */
    public void writePortsCsv(final Writer out) throws IOException
    {
        final PortQueues q = sim.ports();
        final Topology t = sim.topology();
        final StringBuilder header = new StringBuilder(
            "port,node,index,peer,up,txPackets,txBytes,utilisation,queueMax,queueMaxBytes,queueP50,queueP99,"
                + "ecnMarks,drops");
        for (int r = 1; r < FabricDropReason.COUNT; r++)
        {
            header.append(',').append(FabricDropReason.name(r));
        }
        out.write(header.append('\n').toString());
        final long now = Math.max(1, sim.now());
        for (int p = 0; p < q.size(); p++)
        {
            final Histogram h = q.occupancy(p);
            final StringBuilder row = new StringBuilder(160);
            row.append(p).append(',').append(t.name(t.portNode(p))).append(',').append(t.portIndex(p)).append(',')
                .append(t.name(t.portNode(t.peer(p)))).append(',').append(q.up(p)).append(',')
                .append(q.txPackets(p)).append(',').append(q.txBytes(p)).append(',')
                .append(String.format(Locale.ROOT, "%.6f", (double)q.busyNs(p) / now)).append(',')
                .append(q.maxQueuedPackets(p)).append(',').append(q.maxQueuedBytes(p)).append(',')
                .append(h.getValueAtPercentile(50)).append(',').append(h.getValueAtPercentile(99)).append(',')
                .append(q.ecnMarks(p)).append(',').append(q.drops(p));
            for (int r = 1; r < FabricDropReason.COUNT; r++)
            {
                row.append(',').append(q.drops(p, r));
            }
            out.write(row.append('\n').toString());
        }
    }

    /**
     * @param out where to write the per-flow CSV.
     * @throws IOException on a write error.
     */
    public void writeFlowsCsv(final Writer out) throws IOException
    {
        final Flows f = sim.flows();
        final Topology t = sim.topology();
        out.write("flow,src,dst,sent,delivered,dropped,"
            + "latencyMinNs,latencyMeanNs,latencyP50Ns,latencyP99Ns,latencyP999Ns,latencyMaxNs\n");
        for (int i = 0; i < f.size(); i++)
        {
            final Histogram h = f.latency(i);
            final boolean any = h.getTotalCount() > 0;
            out.write(f.name(i) + ',' + t.name(f.src(i)) + ',' + t.name(f.dst(i)) + ',' + f.sent(i) + ','
                + f.delivered(i) + ',' + f.dropped(i) + ',' + (any ? h.getMinValue() : 0) + ','
                + (any ? Math.round(h.getMean()) : 0) + ',' + h.getValueAtPercentile(50) + ','
                + h.getValueAtPercentile(99) + ',' + h.getValueAtPercentile(99.9) + ',' + (any ? h.getMaxValue() : 0)
                + '\n');
        }
    }

    /**
     * Writes {@code summary.json} (deterministic), {@code ports.csv}, {@code flows.csv} and, if given,
     * {@code timing.json} (wall clock) into a folder.
     *
     * @param dir  the folder (created if needed).
     * @param wall the timing, or {@code null}.
     * @throws IOException on a write error.
     */
    public void writeTo(final Path dir, final WallTiming wall) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), summaryJson(null) + "\n", StandardCharsets.UTF_8);
        try (Writer w = Files.newBufferedWriter(dir.resolve("ports.csv"), StandardCharsets.UTF_8))
        {
            writePortsCsv(w);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("flows.csv"), StandardCharsets.UTF_8))
        {
            writeFlowsCsv(w);
        }
        if (wall != null)
        {
            try (OutputStream o = Files.newOutputStream(dir.resolve("timing.json")))
            {
                o.write(String.format(Locale.ROOT, "{\"buildSeconds\":%.3f,\"wallSeconds\":%.3f,\"events\":%d}%n",
                    wall.buildSeconds(), wall.runSeconds(), sim.events()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Wall-clock figures of a run (not deterministic).
     *
     * @param buildSeconds building the network, FIBs included.
     * @param runSeconds   running the events.
     */
    public record WallTiming(double buildSeconds, double runSeconds)
    {
    }
}
