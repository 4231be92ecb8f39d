package dev.wirespeed.sim.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.Explanation;
import dev.wirespeed.sim.jsonl.DecisionWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * How an explanation is written: text for people (one step a line, the stage in a column), or one JSON
 * object for tools ({@code request}, {@code steps}, {@code matched}, {@code cluster}, {@code endpoint},
 * {@code policy}, {@code decision} as {@code replay} writes it, {@code disagreement} when there is one).
 */
public final class ExplainOutput
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainOutput()
    {
    }

    /**
     * @param e an explanation.
     * @return its text, lines ending in {@code \n}.
     */
    public static String text(final Explained e)
    {
        final StringBuilder b = new StringBuilder();
        if (e.request() != null)
        {
            b.append(String.format("%-16s %s%n", "request", request(e.request())));
        }
        for (final Explanation.Step s : e.walk().steps())
        {
            b.append(String.format("%-16s %s%n", s.stage(), s.text()));
        }
        b.append(String.format("%-16s %s%n", "decision", decisionLine(e.record(),
                e.decision())));
        if (e.disagreement() != null)
        {
            b.append(String.format("%-16s %s%n", "DISAGREEMENT", e.disagreement()));
        }
        return b.toString();
    }

    /**
     * @param e an explanation.
     * @return one JSON object (no line terminator).
     */
    public static String json(final Explained e)
    {
        final ObjectNode root = JSON.createObjectNode();
        if (e.request() != null)
        {
            root.set("request", JSON.valueToTree(e.request()));
        }
        final ArrayNode steps = root.putArray("steps");
        for (final Explanation.Step s : e.walk().steps())
        {
            steps.addObject().put("stage", s.stage()).put("text", s.text());
        }
        final Explanation.Hit hit = e.walk().matched();
        if (hit != null)
        {
            root.putObject("matched").put("vs", hit.vs()).put("route", hit.route()).put("routeIndex", hit.routeIndex())
                    .put("matchIndex", hit.blockIndex());
        }
        root.put("cluster", e.walk().cluster());
        root.put("endpoint", e.walk().endpoint());
        root.put("policy", e.walk().policy());
        try
        {
            root.set("decision", JSON.readTree(decisionLine(e.record(),
                    e.decision())));
            if (e.disagreement() != null)
            {
                root.put("disagreement", e.disagreement());
            }
            return JSON.writeValueAsString(root);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param index the record index.
     * @param d     a decision.
     * @return its line as {@code replay --decisions} writes it.
     */
    public static String decisionLine(final long index, final RouteDecision d)
    {
        final StringWriter out = new StringWriter();
        try (DecisionWriter w = new DecisionWriter(out))
        {
            w.write(index, d);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString().strip();
    }

    /**
     * @param r a request.
     * @return one line: {@code #id METHOD scheme://authority path (gateway, namespace, port, headers)}.
     */
    public static String request(final HttpRequest r)
    {
        final StringBuilder b = new StringBuilder("#").append(r.id()).append(' ')
                .append(r.method() == null ? "GET" : r.method()).append(' ')
                .append(r.scheme() == null ? "http" : r.scheme()).append("://")
                .append(r.authority() == null ? "" : r.authority()).append(r.path());
        b.append(" (gateway ").append(r.gateway() == null ? "mesh" : r.gateway());
        b.append(", namespace ").append(r.sourceNamespace() == null ? "default" : r.sourceNamespace());
        if (r.port() > 0)
        {
            b.append(", port ").append(r.port());
        }
        append(b, "source labels", r.sourceLabels());
        append(b, "headers", r.headers());
        if (r.src() != null)
        {
            b.append(", src ").append(r.srcText());
        }
        return b.append(')').toString();
    }

    private static void append(final StringBuilder b, final String what, final Map<String, String> m)
    {
        if (m != null && !m.isEmpty())
        {
            b.append(", ").append(what).append(' ').append(m);
        }
    }
}
