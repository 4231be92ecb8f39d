package dev.wirespeed.sim.graph;

import dev.wirespeed.sim.graph.MeshGraph.Column;
import dev.wirespeed.sim.graph.MeshGraph.Edge;
import dev.wirespeed.sim.graph.MeshGraph.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a laid-out {@link MeshGraph} as SVG, as a self-contained HTML page (inline SVG and CSS, no
 * script, no network: it reads the same with JavaScript off), or as Graphviz DOT.
 */
public final class GraphWriters
{
    private static final String CSS = String.join("\n",
            ".node rect{fill:#eef3fb;stroke:#4a6fa5;stroke-width:1}",
            ".node.unrouted rect{fill:#fde8e8;stroke:#c0392b}",
            ".node.unhealthy rect{fill:#f4f4f4;stroke:#999;stroke-dasharray:3 2}",
            ".node.missing rect{fill:#fff4e0;stroke:#d68910}",
            ".node text{fill:#1b2a41}",
            ".col{font-weight:bold;fill:#333}",
            ".edge{fill:none;stroke:#7f8fa6;stroke-opacity:.75}",
            ".edge.idle{stroke-dasharray:4 3;stroke-opacity:.35}",
            ".edge.unrouted{stroke:#c0392b}");

    private GraphWriters()
    {
    }

    /**
     * @param layout the laid-out graph.
     * @return an SVG document (no XML declaration, so it can be inlined in HTML as it is).
     */
    public static String svg(final GraphLayout layout)
    {
        final MeshGraph g = layout.graph();
        final StringBuilder b = new StringBuilder(4096 + 200 * g.nodes().size());
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mesh-graph\" "
                + "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\" "
                + "font-size=\"%d\" role=\"img\" aria-label=\"mesh graph\">%n",
                layout.totalWidth(), layout.totalHeight(), layout.totalWidth(), layout.totalHeight(),
                GraphLayout.FONT_SIZE));
        b.append("<style>").append(CSS).append("</style>\n");
        for (final Column c : Column.values())
        {
            b.append(String.format(Locale.ROOT, "<text class=\"col\" x=\"%.1f\" y=\"%d\">%s</text>%n",
                    layout.columnX(c) + 2, GraphLayout.TOP - 16, c.title()));
        }
        b.append("<g class=\"edges\">\n");
        final long total = g.requests();
        for (final Edge e : g.edges())
        {
            edge(b, layout, e, total);
        }
        b.append("</g>\n<g class=\"nodes\">\n");
        for (final Node n : g.nodes())
        {
            b.append(String.format(Locale.ROOT, "<g class=\"node %s\"><title>%s</title>"
                    + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>%n",
                    n.kind(), escape(n.detail()), layout.x(n.id()), layout.y(n.id()), layout.width(n.id()),
                    GraphLayout.BOX, layout.x(n.id()) + 10, layout.y(n.id()) + GraphLayout.BOX - 5,
                    escape(layout.text(n.id()))));
        }
        b.append("</g>\n</svg>\n");
        return b.toString();
    }

    private static void edge(final StringBuilder b, final GraphLayout layout, final Edge e, final long total)
    {
        final MeshGraph g = layout.graph();
        final double x1 = layout.x(e.from()) + layout.width(e.from());
        final double y1 = layout.y(e.from()) + GraphLayout.BOX / 2.0;
        final double x2 = layout.x(e.to());
        final double y2 = layout.y(e.to()) + GraphLayout.BOX / 2.0;
        final double mid = (x1 + x2) / 2;
        final long count = g.edgeCount(e.id());
        final double strokeWidth = total == 0 ? 1.2 : 1 + 7.0 * count / total;
        final String kind = total > 0 && count == 0 ? "edge idle"
                : "unrouted".equals(g.nodes().get(e.to()).kind()) ? "edge unrouted" : "edge";
        final StringBuilder title = new StringBuilder();
        title.append(g.nodes().get(e.from()).label()).append(" → ").append(g.nodes().get(e.to()).label());
        if (!e.label().isEmpty())
        {
            title.append(", weight ").append(e.label());
        }
        if (total > 0)
        {
            title.append(String.format(Locale.ROOT, ": %d requests (%.1f%% of the source's)", count,
                    100 * g.edgeShare(e.id())));
        }
        b.append(String.format(Locale.ROOT, "<path class=\"%s\" stroke-width=\"%.2f\" "
                + "d=\"M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f\"><title>%s</title></path>%n",
                kind, strokeWidth, x1, y1, mid, y1, mid, y2, x2, y2, escape(title.toString())));
    }

    /**
     * @param layout the laid-out graph.
     * @param title  the page title (e.g. the config paths).
     * @return a self-contained HTML page: the SVG, a legend, and with a trace a table of the edges by count.
     */
    public static String html(final GraphLayout layout, final String title)
    {
        final MeshGraph g = layout.graph();
        final StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:16px;color:#1b2a41}\n")
                .append(".graph{overflow:auto;border:1px solid #ccd;max-width:100%}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccd;padding:2px 8px;")
                .append("text-align:left}td.n{text-align:right}\n</style></head>\n<body>\n<h1>Mesh graph</h1>\n<p>")
                .append(escape(title)).append("</p>\n<p>");
        final int[] perColumn = new int[Column.values().length];
        for (final Node n : g.nodes())
        {
            perColumn[n.column().ordinal()]++;
        }
        for (final Column c : Column.values())
        {
            b.append(perColumn[c.ordinal()]).append(' ').append(c.title()).append(c.ordinal() < 5 ? ", " : "");
        }
        if (g.requests() > 0)
        {
            b.append(" — ").append(g.requests()).append(" requests from the trace; edge width is traffic, "
                    + "the figure after a label its requests and their share of all");
        }
        b.append(".</p>\n<div class=\"graph\">\n").append(svg(layout)).append("</div>\n");
        if (g.requests() > 0)
        {
            edgeTable(b, g);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void edgeTable(final StringBuilder b, final MeshGraph g)
    {
        final List<Edge> edges = new ArrayList<>(g.edges());
        edges.sort(Comparator.comparingLong((Edge e) -> -g.edgeCount(e.id())).thenComparingInt(Edge::id));
        b.append("<h2>Traffic by edge</h2>\n<table><tr><th>from</th><th>to</th><th>requests</th>")
                .append("<th>share of the source's</th><th>weight</th></tr>\n");
        for (final Edge e : edges)
        {
            if (g.edgeCount(e.id()) == 0)
            {
                break;
            }
            b.append("<tr><td>").append(escape(g.nodes().get(e.from()).label())).append("</td><td>")
                    .append(escape(g.nodes().get(e.to()).label())).append("</td><td class=\"n\">")
                    .append(g.edgeCount(e.id())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * g.edgeShare(e.id()))).append("</td><td>")
                    .append(escape(e.label())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /**
     * @param graph the graph.
     * @return Graphviz DOT, left to right, one rank per column; edges labelled with weight and count.
     */
    public static String dot(final MeshGraph graph)
    {
        final StringBuilder b = new StringBuilder();
        b.append("digraph mesh {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        for (final Column c : Column.values())
        {
            b.append("  subgraph \"col_").append(c.name()).append("\" {\n    rank=same;\n");
            for (final Node n : graph.nodes())
            {
                if (n.column() == c)
                {
                    final long count = graph.nodeCount(n.id());
                    b.append("    n").append(n.id()).append(" [label=").append(quote(n.label()
                            + (graph.requests() > 0 ? "\n" + count + " requests" : "")))
                            .append(", tooltip=").append(quote(n.detail()))
                            .append(n.kind().equals("normal") ? "" : ", style=dashed").append("];\n");
                }
            }
            b.append("  }\n");
        }
        for (final Edge e : graph.edges())
        {
            String label = e.label();
            if (graph.requests() > 0)
            {
                label = (label.isEmpty() ? "" : label + " ") + graph.edgeCount(e.id());
            }
            b.append("  n").append(e.from()).append(" -> n").append(e.to())
                    .append(label.isEmpty() ? "" : " [label=" + quote(label) + "]").append(";\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private static String quote(final String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /**
     * @param s text.
     * @return the text with XML's five special characters escaped.
     */
    static String escape(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
