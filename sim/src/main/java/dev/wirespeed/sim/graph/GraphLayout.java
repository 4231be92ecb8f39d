package dev.wirespeed.sim.graph;

import dev.wirespeed.sim.graph.MeshGraph.Column;
import dev.wirespeed.sim.graph.MeshGraph.Edge;
import dev.wirespeed.sim.graph.MeshGraph.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Places the nodes of a {@link MeshGraph} in columns (one per stage) and rows, Sugiyama-style: each
 * column is ordered by the barycentre of its neighbours in the previous (then the next) column, a few
 * sweeps, to keep edges short and crossings few. Labels are drawn in a monospace font, so their width is
 * known exactly from their length: every column is as wide as its longest label and every node has a row
 * of its own, so no two labels can overlap, whatever the number of hosts.
 */
public final class GraphLayout
{
    /** Horizontal advance of one character at {@link #FONT_SIZE} in a monospace font (0.6 em, rounded up). */
    public static final double CHAR_WIDTH = 7.3;
    /** Font size of labels, in pixels. */
    public static final int FONT_SIZE = 12;
    /** Distance between rows. */
    public static final int ROW = 24;
    /** Height of a node box. */
    public static final int BOX = 18;
    /** Space between columns, where the edges run. */
    public static final int GAP = 72;
    /** Space above the first row, for the column titles. */
    public static final int TOP = 44;
    /** Longest label drawn whole; longer ones are cut with an ellipsis (the full text is the tooltip). */
    public static final int MAX_LABEL = 72;
    private static final int PAD = 10;
    private static final int SWEEPS = 4;

    private final MeshGraph graph;
    private final String[] text;
    private final double[] x;
    private final double[] y;
    private final double[] width;
    private final double[] columnX;
    private final double[] columnWidth;
    private final int[][] left;
    private final int[][] right;
    private double totalWidth;
    private double totalHeight;

    private GraphLayout(final MeshGraph graph)
    {
        this.graph = graph;
        final int n = graph.nodes().size();
        this.text = new String[n];
        this.x = new double[n];
        this.y = new double[n];
        this.width = new double[n];
        this.columnX = new double[Column.values().length];
        this.columnWidth = new double[Column.values().length];
        this.left = new int[n][];
        this.right = new int[n][];
    }

    /**
     * @param graph the graph (with or without traffic).
     * @return its layout.
     */
    public static GraphLayout of(final MeshGraph graph)
    {
        final GraphLayout l = new GraphLayout(graph);
        l.labels();
        l.neighbours();
        l.place(l.order());
        return l;
    }

    private void labels()
    {
        final long total = graph.requests();
        for (final Node node : graph.nodes())
        {
            String t = node.label();
            if (t.length() > MAX_LABEL)
            {
                t = t.substring(0, MAX_LABEL - 1) + "…";
            }
            if (total > 0)
            {
                final long c = graph.nodeCount(node.id());
                t = t + "  " + c + (c == 0 ? "" : String.format(Locale.ROOT, " (%.1f%%)", 100.0 * c / total));
            }
            text[node.id()] = t;
            width[node.id()] = Math.ceil(t.length() * CHAR_WIDTH) + 2 * PAD;
        }
    }

    private List<List<Node>> order()
    {
        final List<List<Node>> columns = new ArrayList<>();
        for (int c = 0; c < Column.values().length; c++)
        {
            columns.add(new ArrayList<>());
        }
        for (final Node node : graph.nodes())
        {
            columns.get(node.column().ordinal()).add(node);
        }
        final double[] rank = new double[graph.nodes().size()];
        setRanks(columns, rank);
        for (int sweep = 0; sweep < SWEEPS; sweep++)
        {
            final boolean forward = sweep % 2 == 0;
            for (int i = 1; i < columns.size(); i++)
            {
                final int c = forward ? i : columns.size() - 1 - i;
                sortByBarycentre(columns.get(c), rank, forward);
                setRanks(columns, rank);
            }
        }
        return columns;
    }

    private void sortByBarycentre(final List<Node> column, final double[] rank, final boolean fromLeft)
    {
        final double[] key = new double[graph.nodes().size()];
        for (final Node node : column)
        {
            final int[] others = fromLeft ? left[node.id()] : right[node.id()];
            double sum = 0;
            for (final int other : others)
            {
                sum += rank[other];
            }
            key[node.id()] = others.length == 0 ? rank[node.id()] : sum / others.length;
        }
        column.sort(Comparator.comparingDouble((Node node) -> key[node.id()]).thenComparingInt(Node::id));
    }

    private void neighbours()
    {
        final int n = graph.nodes().size();
        final int[] leftCount = new int[n];
        final int[] rightCount = new int[n];
        for (final Edge e : graph.edges())
        {
            rightCount[e.from()]++;
            leftCount[e.to()]++;
        }
        for (int i = 0; i < n; i++)
        {
            left[i] = new int[leftCount[i]];
            right[i] = new int[rightCount[i]];
            leftCount[i] = 0;
            rightCount[i] = 0;
        }
        for (final Edge e : graph.edges())
        {
            right[e.from()][rightCount[e.from()]++] = e.to();
            left[e.to()][leftCount[e.to()]++] = e.from();
        }
    }

    private static void setRanks(final List<List<Node>> columns, final double[] rank)
    {
        for (final List<Node> column : columns)
        {
            for (int i = 0; i < column.size(); i++)
            {
                rank[column.get(i).id()] = column.isEmpty() ? 0 : (double) i / Math.max(1, column.size() - 1);
            }
        }
    }

    private void place(final List<List<Node>> columns)
    {
        double next = PAD;
        int rows = 0;
        for (int c = 0; c < columns.size(); c++)
        {
            double w = Math.ceil(Column.values()[c].title().length() * CHAR_WIDTH * 1.1) + 2 * PAD;
            for (final Node node : columns.get(c))
            {
                w = Math.max(w, width[node.id()]);
            }
            columnX[c] = next;
            columnWidth[c] = w;
            final List<Node> column = columns.get(c);
            for (int i = 0; i < column.size(); i++)
            {
                final int id = column.get(i).id();
                x[id] = next;
                y[id] = TOP + i * ROW;
                width[id] = w;
            }
            rows = Math.max(rows, column.size());
            next += w + GAP;
        }
        totalWidth = next - GAP + PAD;
        totalHeight = TOP + Math.max(1, rows) * ROW + PAD;
    }

    /** @return the graph laid out. */
    public MeshGraph graph()
    {
        return graph;
    }

    /** @return the text drawn for the node (label, and its request count with a trace). */
    public String text(final int node)
    {
        return text[node];
    }

    /** @return left edge of the node's box. */
    public double x(final int node)
    {
        return x[node];
    }

    /** @return top edge of the node's box. */
    public double y(final int node)
    {
        return y[node];
    }

    /** @return width of the node's box (its column's width). */
    public double width(final int node)
    {
        return width[node];
    }

    /** @return left edge of a column. */
    public double columnX(final Column column)
    {
        return columnX[column.ordinal()];
    }

    /** @return width of a column. */
    public double columnWidth(final Column column)
    {
        return columnWidth[column.ordinal()];
    }

    /** @return width of the whole drawing. */
    public double totalWidth()
    {
        return totalWidth;
    }

    /** @return height of the whole drawing. */
    public double totalHeight()
    {
        return totalHeight;
    }
}
