package dev.wirespeed.sim.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.wirespeed.control.model.RouteDecision;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tallies a replay prints at the end: records, decisions by action, drop reason, cluster, response
 * flag and egress port, elapsed time and rates. Counting happens on the writer thread, after the
 * decision is final.
 */
public final class ReplaySummary
{
    private long records;
    private long bytes;
    private long elapsedNanos;
    private final Map<String, Long> byAction = new TreeMap<>();
    private final Map<String, Long> byReason = new TreeMap<>();
    private final Map<String, Long> byCluster = new TreeMap<>();
    private final Map<String, Long> byVirtualService = new TreeMap<>();
    private final Map<String, Long> byRoute = new TreeMap<>();
    private final Map<String, Long> byFlag = new TreeMap<>();
    private final Map<Integer, Long> byEgressPort = new TreeMap<>();

    /**
     * Counts one decision.
     *
     * @param d the decision.
     */
    public void count(final RouteDecision d)
    {
        records++;
        byAction.merge(d.action(), 1L, Long::sum);
        if (d.vs() != null)
        {
            final boolean noRoute = d.flags() != null && d.flags().contains("NR");
            byVirtualService.merge(d.vs(), 1L, Long::sum);
            byRoute.merge(d.vs() + " " + (noRoute ? "(no route)" : d.route() == null ? "(unnamed route)" : d.route()),
                1L, Long::sum);
        }
        if (d.reason() != null)
        {
            byReason.merge(d.reason(), 1L, Long::sum);
        }
        if (d.cluster() != null)
        {
            byCluster.merge(d.cluster(), 1L, Long::sum);
        }
        if (d.flags() != null)
        {
            for (final String f : d.flags().split(","))
            {
                byFlag.merge(f, 1L, Long::sum);
            }
        }
        if (d.egressPort() >= 0)
        {
            byEgressPort.merge(d.egressPort(), 1L, Long::sum);
        }
    }

    /**
     * Counts one decision given by its parts (the packet path, which builds no {@link RouteDecision}).
     *
     * @param action     the action.
     * @param reason     the drop reason or {@code null}.
     * @param egressPort the egress port or -1.
     * @param wireBytes  the packet's original length (0 for requests).
     */
    public void count(final String action, final String reason, final int egressPort, final long wireBytes)
    {
        records++;
        bytes += wireBytes;
        byAction.merge(action, 1L, Long::sum);
        if (reason != null)
        {
            byReason.merge(reason, 1L, Long::sum);
        }
        if (egressPort >= 0)
        {
            byEgressPort.merge(egressPort, 1L, Long::sum);
        }
    }

    /**
     * Adds records counted elsewhere (the packet replay counts in primitive arrays on its writer thread).
     *
     * @param n         records.
     * @param wireBytes their bytes on the wire.
     */
    public void addRecords(final long n, final long wireBytes)
    {
        records += n;
        bytes += wireBytes;
    }

    /** @param action an action. @param n decisions with it (0 is ignored). */
    public void addAction(final String action, final long n)
    {
        if (n != 0)
        {
            byAction.merge(action, n, Long::sum);
        }
    }

    /** @param reason a drop or punt reason. @param n decisions with it (0 is ignored). */
    public void addReason(final String reason, final long n)
    {
        if (n != 0)
        {
            byReason.merge(reason, n, Long::sum);
        }
    }

    /** @param port an egress port. @param n decisions out of it (0 is ignored). */
    public void addEgressPort(final int port, final long n)
    {
        if (n != 0)
        {
            byEgressPort.merge(port, n, Long::sum);
        }
    }

    /** @param flag a response flag ({@code -} for none). @param n decisions with it (0 is ignored). */
    public void addFlag(final String flag, final long n)
    {
        if (n != 0)
        {
            byFlag.merge(flag, n, Long::sum);
        }
    }

    /** @param cluster a cluster name. @param n decisions for it (0 is ignored). */
    public void addCluster(final String cluster, final long n)
    {
        if (n != 0)
        {
            byCluster.merge(cluster, n, Long::sum);
        }
    }

    /** @param vs a VirtualService ({@code namespace/name}). @param n decisions it made (0 is ignored). */
    public void addVirtualService(final String vs, final long n)
    {
        if (n != 0)
        {
            byVirtualService.merge(vs, n, Long::sum);
        }
    }

    /** @param route {@code namespace/vs route-name}. @param n decisions it made (0 is ignored). */
    public void addRoute(final String route, final long n)
    {
        if (n != 0)
        {
            byRoute.merge(route, n, Long::sum);
        }
    }

    /** @return decisions by VirtualService. */
    public Map<String, Long> byVirtualService()
    {
        return byVirtualService;
    }

    /** @return decisions by route ({@code namespace/vs route-name}; {@code (no route)} for a 404 NR). */
    public Map<String, Long> byRoute()
    {
        return byRoute;
    }

    /** @return bytes on the wire of the records counted (packets only). */
    public long bytes()
    {
        return bytes;
    }

    /** @param nanos how long the replay took. */
    public void elapsedNanos(final long nanos)
    {
        this.elapsedNanos = nanos;
    }

    /** @return records counted. */
    public long records()
    {
        return records;
    }

    /** @return decisions by action. */
    public Map<String, Long> byAction()
    {
        return byAction;
    }

    /** @return drops by reason. */
    public Map<String, Long> byReason()
    {
        return byReason;
    }

    /** @return decisions by cluster. */
    public Map<String, Long> byCluster()
    {
        return byCluster;
    }

    /** @return decisions by response flag. */
    public Map<String, Long> byFlag()
    {
        return byFlag;
    }

    /** @return decisions by egress port. */
    public Map<Integer, Long> byEgressPort()
    {
        return byEgressPort;
    }

    /**
     * @param action an action.
     * @return how many decisions had it.
     */
    public long count(final String action)
    {
        return byAction.getOrDefault(action, 0L);
    }

    private double seconds()
    {
        return elapsedNanos / 1e9;
    }

    /** @return the human-readable summary, one fact a line. */
    public String toText()
    {
        final StringWriter sw = new StringWriter();
        final PrintWriter out = new PrintWriter(sw);
        out.printf("records: %d%n", records);
        section(out, "actions", byAction);
        section(out, "reasons (drop, punt)", byReason);
        section(out, "virtual services", byVirtualService);
        section(out, "routes", byRoute);
        section(out, "clusters", byCluster);
        section(out, "flags", byFlag);
        section(out, "egress ports", byEgressPort);
        final double s = seconds();
        out.printf("elapsed: %.3f s%n", s);
        out.printf("rate: %.0f records/s (%.3f Mpps)%n", s > 0 ? records / s : 0.0, s > 0 ? records / s / 1e6 : 0.0);
        out.flush();
        return sw.toString();
    }

    private static void section(final PrintWriter out, final String title, final Map<?, Long> counts)
    {
        if (counts.isEmpty())
        {
            return;
        }
        out.printf("%s:%n", title);
        for (final Map.Entry<?, Long> e : counts.entrySet())
        {
            out.printf("  %-60s %d%n", e.getKey(), e.getValue());
        }
    }

    /** @return the summary as one JSON object. */
    public String toJson()
    {
        final StringWriter sw = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(sw))
        {
            g.writeStartObject();
            g.writeNumberField("records", records);
            map(g, "actions", byAction);
            map(g, "reasons", byReason);
            map(g, "virtualServices", byVirtualService);
            map(g, "routes", byRoute);
            map(g, "clusters", byCluster);
            map(g, "flags", byFlag);
            map(g, "egressPorts", byEgressPort);
            g.writeNumberField("elapsedSeconds", seconds());
            g.writeNumberField("recordsPerSecond", seconds() > 0 ? records / seconds() : 0.0);
            g.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return sw.toString();
    }

    private static void map(final JsonGenerator g, final String name, final Map<?, Long> counts) throws IOException
    {
        g.writeObjectFieldStart(name);
        for (final Map.Entry<?, Long> e : counts.entrySet())
        {
            g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }
}
