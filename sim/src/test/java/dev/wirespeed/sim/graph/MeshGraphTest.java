package dev.wirespeed.sim.graph;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.graph.MeshGraph.Column;
import dev.wirespeed.sim.graph.MeshGraph.Edge;
import dev.wirespeed.sim.graph.MeshGraph.Node;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MeshGraphTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples");
    private static final int SERVICES = 50;
    private static final long SEED = 7;

    @Test
    void shouldDrawEveryStageOfTheBookinfoShiftWithItsWeights()
    {
        try (Engine engine = Engine.load(List.of(EXAMPLES.resolve("bookinfo/traffic-shifting-80-20"))))
        {
            final MeshGraph g = MeshGraphBuilder.build(engine.model());

            assertThat(labels(g, Column.VIRTUAL_SERVICE)).containsExactly("default/reviews");
            assertThat(labels(g, Column.GATEWAY)).containsExactly("mesh");
            assertThat(edgeLabel(g, "shift", "outbound|9080|v1|reviews.default.svc.cluster.local")).isEqualTo("80%");
            assertThat(edgeLabel(g, "shift", "outbound|9080|v2|reviews.default.svc.cluster.local")).isEqualTo("20%");
            assertThat(edgeLabel(g, "outbound|9080|v1|reviews.default.svc.cluster.local", "10.1.0.41:9080 reviews-v1"))
                    .isEqualTo("");
            assertThat(edgeLabel(g, "outbound|9080|v2|reviews.default.svc.cluster.local", "10.1.0.41:9080 reviews-v1"))
                    .as("v1's pod is not in the v2 subset").isNull();
        }
    }

    @Test
    void shouldCountOnEachClusterExactlyTheRequestsTheEngineSentThere()
    {
        final String[] names = SyntheticMesh.names(SERVICES, SEED);
        try (Engine engine = Engine.fromYaml(SyntheticMesh.yaml(SERVICES, SEED)))
        {
            final TrafficOverlay overlay = new TrafficOverlay(engine.model());
            final Map<String, Long> expected = new HashMap<>();
            long unrouted = 0;
            final RequestLineParser parser = new RequestLineParser();
            final RequestLineParser.Result result = new RequestLineParser.Result();
            long id = 0;
            for (final String line : SyntheticMesh.trace(SERVICES, 5000, SEED, names).split("\n"))
            {
                assertThat(parser.parse(line, id++, result)).as(line).isTrue();
                final HttpRequest request = result.request();
                final RouteDecision d = engine.route(request);
                overlay.add(request, d);
                if (d.cluster() != null)
                {
                    expected.merge(d.cluster(), 1L, Long::sum);
                }
                else
                {
                    unrouted++;
                }
            }
            final MeshGraph g = overlay.graph();

            assertThat(g.requests()).isEqualTo(5000);
            long clustered = 0;
            for (final Node n : g.nodes())
            {
                if (n.column() == Column.CLUSTER)
                {
                    assertThat(g.nodeCount(n.id())).as(n.key()).isEqualTo(expected.getOrDefault(n.key(), 0L));
                    assertThat(inbound(g, n.id())).as("edges into " + n.key()).isEqualTo(g.nodeCount(n.id()));
                    clustered += g.nodeCount(n.id());
                }
            }
            assertThat(clustered).isEqualTo(5000 - unrouted);
            // hosts the mesh does not know: the sidecar's ALLOW_ANY catch-all shows them on PassthroughCluster
            assertThat(unrouted + expected.getOrDefault("PassthroughCluster", 0L)).isPositive();
            final long shownUnrouted = g.nodes().stream().filter(n -> n.kind().equals("unrouted")
                    && n.column() == Column.ROUTE).mapToLong(n -> g.nodeCount(n.id())).sum();
            assertThat(shownUnrouted).isEqualTo(unrouted);
        }
    }

    @Test
    void shouldNeverPlaceTwoNodesOnTopOfEachOtherAtFiftyHosts()
    {
        try (Engine engine = Engine.fromYaml(SyntheticMesh.yaml(SERVICES, SEED)))
        {
            final GraphLayout l = GraphLayout.of(MeshGraphBuilder.build(engine.model()));
            final List<Node> nodes = l.graph().nodes();

            assertThat(nodes.stream().filter(n -> n.column() == Column.HOST)).hasSize(SERVICES);
            for (final Node a : nodes)
            {
                assertThat(l.text(a.id()).length() * GraphLayout.CHAR_WIDTH).isLessThan(l.width(a.id()));
                assertThat(l.x(a.id()) + l.width(a.id())).isLessThanOrEqualTo(l.totalWidth());
                assertThat(l.y(a.id()) + GraphLayout.BOX).isLessThanOrEqualTo(l.totalHeight());
                for (final Node b : nodes)
                {
                    if (a.id() < b.id())
                    {
                        final boolean apart = l.x(a.id()) + l.width(a.id()) <= l.x(b.id())
                                || l.x(b.id()) + l.width(b.id()) <= l.x(a.id())
                                || l.y(a.id()) + GraphLayout.BOX <= l.y(b.id())
                                || l.y(b.id()) + GraphLayout.BOX <= l.y(a.id());
                        assertThat(apart).as(a.label() + " / " + b.label()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void shouldWriteDotWithOneRankPerStageAndEscapeSvgText()
    {
        try (Engine engine = Engine.load(List.of(EXAMPLES.resolve("bookinfo/traffic-shifting-80-20"))))
        {
            final MeshGraph g = MeshGraphBuilder.build(engine.model());
            final String dot = GraphWriters.dot(g);
            final String svg = GraphWriters.svg(GraphLayout.of(g));

            assertThat(dot).startsWith("digraph mesh {").contains("rankdir=LR").contains("[label=\"80%\"]");
            assertThat(dot.split("rank=same", -1)).hasSize(Column.values().length + 1);
            assertThat(svg).contains("<svg").contains("shift").doesNotContain("<title>mesh: the sidecars & ");
            assertThat(GraphWriters.escape("a<b & \"c\"")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
        }
    }

    private static long inbound(final MeshGraph g, final int node)
    {
        long sum = 0;
        for (final Edge e : g.edges())
        {
            if (e.to() == node)
            {
                sum += g.edgeCount(e.id());
            }
        }
        return sum;
    }

    private static List<String> labels(final MeshGraph g, final Column c)
    {
        return g.nodes().stream().filter(n -> n.column() == c).map(Node::label).toList();
    }

    private static String edgeLabel(final MeshGraph g, final String from, final String to)
    {
        for (final Edge e : g.edges())
        {
            if (g.nodes().get(e.from()).label().equals(from) && g.nodes().get(e.to()).label().equals(to))
            {
                return e.label();
            }
        }
        return null;
    }
}
