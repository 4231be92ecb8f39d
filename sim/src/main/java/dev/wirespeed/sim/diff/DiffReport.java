package dev.wirespeed.sim.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link DecisionDiff} found: records compared, records whose decision changed, the changes grouped by
 * (old to new) action, cluster and status with counts, shares and a few example records, the records per cluster
 * before and after, and for captures the bytes and flows (5-tuples) that moved.
 *
 * <p>Reports of parts of one input merge ({@link #merge}) into the report of the whole: counts add up, the
 * examples kept are the lowest record indices (those the single pass keeps), and distinct flows are the union —
 * or, for parts that share no flow (a replay partitioned by flow), counts that add up once each part has
 * {@link #sealFlows sealed} its flows, so that no part's flow set needs to travel.
 */
public final class DiffReport implements Serializable
{
    private static final long serialVersionUID = 1L;

    /**
     * The part of a decision a change is grouped by.
     *
     * @param action  the action ({@code route}, {@code drop}, ...).
     * @param cluster the Envoy cluster name, or {@code null}.
     * @param status  the HTTP status, or -1.
     */
    public record Side(String action, String cluster, int status) implements Serializable
    {
        /** @return {@code action [status] [cluster]}. */
        public String text()
        {
            return action + (status >= 0 ? " " + status : "") + (cluster != null ? " " + cluster : "");
        }
    }

    /**
     * An example record of a change.
     *
     * @param index   the record index (0-based, as the decisions' {@code i}).
     * @param request the request line, or for a packet its 5-tuple (and request, if it carried one).
     */
    public record Example(long index, String request) implements Serializable
    {
    }

    /** The records that changed from one side to another. */
    public static final class Change implements Serializable
    {
        private static final long serialVersionUID = 1L;

        private final Side from;
        private final Side to;
        private final Set<String> fields = new TreeSet<>();
        private final List<Example> examples = new ArrayList<>();
        private final Set<String> flows = new HashSet<>();
        private long count;
        private long bytes;
        private long sealedFlows;

        Change(final Side from, final Side to)
        {
            this.from = from;
            this.to = to;
        }

        /** @return the old side. */
        public Side from()
        {
            return from;
        }

        /** @return the new side. */
        public Side to()
        {
            return to;
        }

        /** @return records. */
        public long count()
        {
            return count;
        }

        /** @return bytes on the wire of those records (captures). */
        public long bytes()
        {
            return bytes;
        }

        /** @return distinct flows among those records (captures). */
        public int flows()
        {
            return (int)(sealedFlows + flows.size());
        }

        /** @return the decision fields that differ in at least one of the records. */
        public Set<String> fields()
        {
            return fields;
        }

        /** @return the first few records (the lowest record indices). */
        public List<Example> examples()
        {
            return examples;
        }
    }

    private final String input;
    private final boolean capture;
    private final int maxExamples;
    private final Map<List<Side>, Change> changes = new LinkedHashMap<>();
    private final Map<String, long[]> clusters = new TreeMap<>();
    private final Set<String> allFlows = new HashSet<>();
    private final Set<String> movedFlows = new HashSet<>();
    private long records;
    private long changed;
    private long bytes;
    private long bytesChanged;
    private long sealedFlows;
    private long sealedMovedFlows;

    /**
     * An empty report.
     *
     * @param input       the input's name (shown).
     * @param capture     whether the input is a capture (bytes and flows apply).
     * @param maxExamples example records kept per change.
     */
    public DiffReport(final String input, final boolean capture, final int maxExamples)
    {
        this.input = input;
        this.capture = capture;
        this.maxExamples = maxExamples;
    }

    void record(final Side from, final Side to, final long wireBytes, final String flow)
    {
        records++;
        bytes += wireBytes;
        if (flow != null)
        {
            allFlows.add(flow);
        }
        clusterCount(from.cluster(), 0);
        clusterCount(to.cluster(), 1);
    }

    private void clusterCount(final String cluster, final int side)
    {
        if (cluster != null)
        {
            clusters.computeIfAbsent(cluster, k -> new long[2])[side]++;
        }
    }

    void change(final Side from, final Side to, final Set<String> fields, final long index, final String request,
        final long wireBytes, final String flow)
    {
        changed++;
        bytesChanged += wireBytes;
        final Change c = changes.computeIfAbsent(List.of(from, to), k -> new Change(from, to));
        c.count++;
        c.bytes += wireBytes;
        c.fields.addAll(fields);
        if (flow != null)
        {
            c.flows.add(flow);
            movedFlows.add(flow);
        }
        if (c.examples.size() < maxExamples
            || maxExamples > 0 && index < c.examples.get(c.examples.size() - 1).index())
        {
            keepExample(c, new Example(index, request));
        }
    }

    /** @return records compared. */
    public long records()
    {
        return records;
    }

    /** @return records whose decision changed. */
    public long changed()
    {
        return changed;
    }

    /** @return whether the input is a capture (bytes and flows apply). */
    public boolean capture()
    {
        return capture;
    }

    /** @return bytes on the wire of all records (captures). */
    public long bytes()
    {
        return bytes;
    }

    /** @return bytes on the wire of the changed records (captures). */
    public long bytesChanged()
    {
        return bytesChanged;
    }

    /** @return distinct flows (captures). */
    public int flows()
    {
        return (int)(sealedFlows + allFlows.size());
    }

    /** @return flows with at least one changed record (captures). */
    public int flowsChanged()
    {
        return (int)(sealedMovedFlows + movedFlows.size());
    }

    /**
     * Turns the distinct flows seen so far into counts and forgets them: for a report of a part of the input
     * that shares no flow with the other parts it is merged with (a replay partitioned by flow). After it, a
     * flow seen again would count again.
     */
    public void sealFlows()
    {
        sealedFlows += allFlows.size();
        sealedMovedFlows += movedFlows.size();
        allFlows.clear();
        movedFlows.clear();
        for (final Change c : changes.values())
        {
            c.sealedFlows += c.flows.size();
            c.flows.clear();
        }
    }

    /**
     * Adds another part's report (of the same input kind and example count) to this one. Examples: the lowest
     * record indices of both, so merging the reports of parts gives the examples a single pass keeps.
     *
     * @param other the other part's report.
     */
    public void merge(final DiffReport other)
    {
        records += other.records;
        changed += other.changed;
        bytes += other.bytes;
        bytesChanged += other.bytesChanged;
        sealedFlows += other.sealedFlows;
        sealedMovedFlows += other.sealedMovedFlows;
        allFlows.addAll(other.allFlows);
        movedFlows.addAll(other.movedFlows);
        for (final Map.Entry<String, long[]> e : other.clusters.entrySet())
        {
            final long[] mine = clusters.computeIfAbsent(e.getKey(), k -> new long[2]);
            mine[0] += e.getValue()[0];
            mine[1] += e.getValue()[1];
        }
        for (final Change o : other.changes.values())
        {
            final Change c = changes.computeIfAbsent(List.of(o.from, o.to), k -> new Change(o.from, o.to));
            c.count += o.count;
            c.bytes += o.bytes;
            c.sealedFlows += o.sealedFlows;
            c.fields.addAll(o.fields);
            c.flows.addAll(o.flows);
            for (final Example e : o.examples)
            {
                keepExample(c, e);
            }
        }
    }

    /** Keeps the change's examples the lowest record indices (records may come in any order). */
    private void keepExample(final Change c, final Example e)
    {
        c.examples.add(e);
        c.examples.sort(Comparator.comparingLong(Example::index));
        if (c.examples.size() > maxExamples)
        {
            c.examples.subList(maxExamples, c.examples.size()).clear();
        }
    }

    /** @return the changes, most records first. */
    public List<Change> changes()
    {
        final List<Change> list = new ArrayList<>(changes.values());
        list.sort(Comparator.comparingLong(Change::count).reversed()
            .thenComparing(c -> c.from().text()).thenComparing(c -> c.to().text()));
        return list;
    }

    /** @return records per cluster: {old, new}. */
    public Map<String, long[]> clusters()
    {
        return clusters;
    }

    private static double share(final long n, final long of)
    {
        return of == 0 ? 0.0 : (double)n / of;
    }

    /** @return records and changes in one line (the whole report is {@link #toText}). */
    @Override
    public String toString()
    {
        return input + ": " + records + " records, " + changed + " changed";
    }

    /** @return the human-readable report. */
    public String toText()
    {
        final StringWriter sw = new StringWriter();
        final PrintWriter out = new PrintWriter(sw);
        out.printf("input: %s%n", input);
        out.printf("records: %d%n", records);
        out.printf("changed: %d (%.2f%%)%n", changed, 100 * share(changed, records));
        if (capture)
        {
            out.printf("bytes changed: %d of %d (%.2f%%)%n", bytesChanged, bytes, 100 * share(bytesChanged, bytes));
            out.printf("flows changed: %d of %d%n", flowsChanged(), flows());
        }
        final List<Change> list = changes();
        if (!list.isEmpty())
        {
            out.println("changes (old -> new):");
        }
        for (final Change c : list)
        {
            out.printf("  %s -> %s%n", c.from().text(), c.to().text());
            out.printf("    records: %d (%.2f%% of all)%s, fields: %s%n", c.count(), 100 * share(c.count(), records),
                capture ? String.format(", bytes: %d, flows: %d", c.bytes(), c.flows()) : "",
                String.join(",", c.fields()));
            for (final Example e : c.examples())
            {
                out.printf("    #%d %s%n", e.index(), e.request());
            }
        }
        final List<String> moved = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : clusters.entrySet())
        {
            if (e.getValue()[0] != e.getValue()[1])
            {
                moved.add(String.format("  %-60s %d -> %d", e.getKey(), e.getValue()[0], e.getValue()[1]));
            }
        }
        if (!moved.isEmpty())
        {
            out.println("clusters (old -> new records):");
            moved.forEach(out::println);
        }
        out.flush();
        return sw.toString();
    }

    /** @return the report as one JSON object. */
    public String toJson()
    {
        final StringWriter sw = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(sw))
        {
            g.writeStartObject();
            g.writeStringField("input", input);
            g.writeNumberField("records", records);
            g.writeNumberField("changed", changed);
            g.writeNumberField("share", share(changed, records));
            if (capture)
            {
                g.writeNumberField("bytes", bytes);
                g.writeNumberField("bytesChanged", bytesChanged);
                g.writeNumberField("flows", flows());
                g.writeNumberField("flowsChanged", flowsChanged());
            }
            g.writeArrayFieldStart("changes");
            for (final Change c : changes())
            {
                change(g, c);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("clusters");
            for (final Map.Entry<String, long[]> e : clusters.entrySet())
            {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("old", e.getValue()[0]);
                g.writeNumberField("new", e.getValue()[1]);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return sw.toString();
    }

    private void change(final JsonGenerator g, final Change c) throws IOException
    {
        g.writeStartObject();
        side(g, "old", c.from());
        side(g, "new", c.to());
        g.writeNumberField("count", c.count());
        g.writeNumberField("share", share(c.count(), records));
        if (capture)
        {
            g.writeNumberField("bytes", c.bytes());
            g.writeNumberField("flows", c.flows());
        }
        g.writeArrayFieldStart("fields");
        for (final String f : c.fields())
        {
            g.writeString(f);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("examples");
        for (final Example e : c.examples())
        {
            g.writeStartObject();
            g.writeNumberField("i", e.index());
            g.writeStringField("request", e.request());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void side(final JsonGenerator g, final String name, final Side s) throws IOException
    {
        g.writeObjectFieldStart(name);
        g.writeStringField("action", s.action());
        if (s.cluster() != null)
        {
            g.writeStringField("cluster", s.cluster());
        }
        if (s.status() >= 0)
        {
            g.writeNumberField("status", s.status());
        }
        g.writeEndObject();
    }
}
