package dev.wirespeed.sim.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A layered graph of the mesh. Nodes sit in one of six {@link Column}s; edges run from a column to a
 * later one. Nodes are unique by (column, key); edges by (from, to). Request counts (from a trace) are
 * kept per node and per edge; a graph without a trace has all counts at zero.
 */
public final class MeshGraph
{
    /** The columns, left to right: the stages a request passes. */
    public enum Column
    {
        GATEWAY("gateways"), HOST("hosts"), VIRTUAL_SERVICE("VirtualServices"), ROUTE("routes"),
        CLUSTER("clusters"), ENDPOINT("endpoints");

        private final String title;

        Column(final String title)
        {
            this.title = title;
        }

        /** @return the heading shown above the column. */
        public String title()
        {
            return title;
        }
    }

    /**
     * One node.
     *
     * @param id     dense index.
     * @param column its column.
     * @param key    unique within the column (a qualified name).
     * @param label  what is shown.
     * @param detail a longer description (tooltip, DOT comment).
     * @param kind   a CSS class: {@code normal}, {@code unrouted}, {@code unhealthy}, {@code missing}.
     */
    public record Node(int id, Column column, String key, String label, String detail, String kind)
    {
    }

    /**
     * One edge.
     *
     * @param id    dense index.
     * @param from  source node id.
     * @param to    target node id.
     * @param label static annotation (a route weight, {@code "50%"}), or empty.
     */
    public record Edge(int id, int from, int to, String label)
    {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final Map<Long, Integer> edgeIndex = new HashMap<>();
    private long[] nodeCounts = new long[16];
    private long[] edgeCounts = new long[16];
    private long requests;

    /**
     * @return the node of that column and key, added with the given label, detail and kind if new.
     */
    int node(final Column column, final String key, final String label, final String detail, final String kind)
    {
        final String k = column.ordinal() + "\u0000" + key;
        final Integer existing = nodeIndex.get(k);
        if (existing != null)
        {
            return existing;
        }
        final int id = nodes.size();
        nodes.add(new Node(id, column, key, label, detail, kind));
        nodeIndex.put(k, id);
        if (id >= nodeCounts.length)
        {
            nodeCounts = Arrays.copyOf(nodeCounts, id * 2);
        }
        return id;
    }

    /**
     * @return the existing node's id, or -1.
     */
    int find(final Column column, final String key)
    {
        final Integer id = nodeIndex.get(column.ordinal() + "\u0000" + key);
        return id == null ? -1 : id;
    }

    /**
     * @return the edge from → to, added with the label if new (the first label stays).
     */
    int edge(final int from, final int to, final String label)
    {
        final long k = ((long) from << 32) | (to & 0xFFFF_FFFFL);
        final Integer existing = edgeIndex.get(k);
        if (existing != null)
        {
            return existing;
        }
        final int id = edges.size();
        edges.add(new Edge(id, from, to, label));
        edgeIndex.put(k, id);
        if (id >= edgeCounts.length)
        {
            edgeCounts = Arrays.copyOf(edgeCounts, id * 2);
        }
        return id;
    }

    void count(final int... path)
    {
        for (int i = 0; i < path.length; i++)
        {
            nodeCounts[path[i]]++;
            if (i > 0)
            {
                edgeCounts[edge(path[i - 1], path[i], "")]++;
            }
        }
    }

    void countRequest()
    {
        requests++;
    }

    /** @return the nodes, by id. */
    public List<Node> nodes()
    {
        return Collections.unmodifiableList(nodes);
    }

    /** @return the edges, by id. */
    public List<Edge> edges()
    {
        return Collections.unmodifiableList(edges);
    }

    /** @return requests that passed the node (0 without a trace). */
    public long nodeCount(final int node)
    {
        return nodeCounts[node];
    }

    /** @return requests that took the edge (0 without a trace). */
    public long edgeCount(final int edge)
    {
        return edgeCounts[edge];
    }

    /** @return requests of the trace laid over the graph (0 without one). */
    public long requests()
    {
        return requests;
    }

    /**
     * @return the edge's share of the traffic leaving its source node, 0 to 1 (0 without traffic).
     */
    public double edgeShare(final int edge)
    {
        final long out = nodeCounts[edges.get(edge).from()];
        return out == 0 ? 0 : (double) edgeCounts[edge] / out;
    }
}
