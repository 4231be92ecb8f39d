package dev.wirespeed.sim.packet;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.CaptureListeners;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.sim.packet.TlsRouteCaptureTest.frames;
import static dev.wirespeed.sim.packet.TlsRouteCaptureTest.linkType;
import static dev.wirespeed.sim.packet.TlsRouteCaptureTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet path on {@code sidecar-ports.pcap} (recorded on loopback by {@code record-sidecar-ports.sh}) with the
 * config of {@code examples/sidecar-ports}: two clients in namespace shop send the same HTTP/1.1 requests to the same
 * three ports, and their Sidecars give them different listeners there (docs/routing.md §1 item 8), so the capture
 * reads one client's bytes as HTTP and proxies the other's as a connection. The decisions below are worked out by hand
 * from Istio's rules (examples/sidecar-ports/README.md), and held against the reference for the request or connection
 * its capture model ({@link CaptureListeners}) says each client's listener sees.
 */
class SidecarPortsCaptureTest
{
    private static final Path EXAMPLE = Path.of("../examples/sidecar-ports");
    private static final String FRONTEND = "127.0.0.11";
    private static final String BATCH = "127.0.0.12";
    private static final String CATALOG = "catalog.shop.svc.cluster.local";

    /** The decisions of one client connection: its client, port, SYN's decision, then its data segments'. */
    record Connection(String client, int port, RouteDecision syn, List<RouteDecision> data)
    {
    }

    @Test
    void shouldReadOneClientsBytesAsHttpAndProxyTheOthersAsAConnection() throws IOException
    {
        final List<Connection> c = replay();
        assertThat(c).extracting(Connection::client).containsExactly(FRONTEND, BATCH, FRONTEND, BATCH, FRONTEND, BATCH);
        assertThat(c).extracting(Connection::port).containsExactly(8080, 8080, 9080, 9080, 7000, 7000);
        // frontend -> catalog:8080, an HTTP port it sees: catalog-route's /v2 route; its SYN carries no request (L3)
        assertThat(c.get(0).syn().action()).isEqualTo("forward");
        final RouteDecision http = c.get(0).data().get(0);
        assertThat(http.vs()).isEqualTo("shop/catalog-route");
        assertThat(http.cluster()).isEqualTo("outbound|8080|v2|" + CATALOG);
        assertThat(http.path()).isEqualTo("/v2/items");
        // batch -> catalog:8080: its Sidecar's egress listener says TCP there: catalog's TCP listener, decided on the
        // SYN by catalog-route's tcp route, the request's bytes proxied as they are
        for (final RouteDecision d : List.of(c.get(1).syn(), c.get(1).data().get(0)))
        {
            assertThat(d.cluster()).as("a connection to catalog").isEqualTo("outbound|8080|v1|" + CATALOG);
            assertThat(d.vs()).isEqualTo("shop/catalog-route");
            assertThat(d.path()).isNull();
        }
        // frontend -> reviews:9080: HTTP, reviews' default route
        assertThat(c.get(2).data().get(0).cluster()).isEqualTo("outbound|9080||reviews.shop.svc.cluster.local");
        assertThat(c.get(2).data().get(0).path()).isEqualTo("/reviews/1");
        // batch -> reviews:9080: its Sidecar hides reviews, so it has no listener on 9080: the virtual outbound
        // listener's passthrough chain (the mesh's ALLOW_ANY), from the SYN on
        for (final RouteDecision d : List.of(c.get(3).syn(), c.get(3).data().get(0)))
        {
            assertThat(d.cluster()).as("reviews hidden from batch").isEqualTo("PassthroughCluster");
            assertThat(d.route()).isNull();
            assertThat(d.endpoint()).isEqualTo("127.0.0.40:9080");
            assertThat(d.path()).isNull();
        }
        // frontend -> inventory:7000: its Sidecar's egress listener says HTTP there, and inventory's own port is TCP
        // (no virtual host for it): the route table's catch-all, allow_any
        assertThat(c.get(4).syn().action()).isEqualTo("forward");
        final RouteDecision allowAny = c.get(4).data().get(0);
        assertThat(allowAny.route()).isEqualTo("allow_any");
        assertThat(allowAny.cluster()).isEqualTo("PassthroughCluster");
        assertThat(allowAny.endpoint()).isEqualTo("127.0.0.50:7000");
        assertThat(allowAny.path()).isEqualTo("/stock");
        // batch -> inventory:7000: inventory's TCP listener, its default route
        for (final RouteDecision d : List.of(c.get(5).syn(), c.get(5).data().get(0)))
        {
            assertThat(d.cluster()).isEqualTo("outbound|7000||inventory.shop.svc.cluster.local");
            assertThat(d.path()).isNull();
        }
    }

    @Test
    void shouldDecideAsTheReferenceDoesForWhatEachClientsListenerSees() throws IOException
    {
        final List<Connection> c = replay();
        final RoutingModel model = new ConfigLoader().load(configFiles()).model();
        final ReferenceRouter reference = new ReferenceRouter(model);
        final String[] paths = {"/v2/items", "/v2/items", "/reviews/1", "/reviews/1", "/stock", "/stock"};
        final String[] hosts = {"catalog:8080", "catalog:8080", "reviews:9080", "reviews:9080", "inventory:7000",
            "inventory:7000"};
        final int[] classes = {CaptureListeners.HTTP, CaptureListeners.CONNECTION, CaptureListeners.HTTP,
            CaptureListeners.CONNECTION, CaptureListeners.HTTP, CaptureListeners.CONNECTION};
        final Map<String, String> dst = Map.of("8080", "127.0.0.30", "9080", "127.0.0.40", "7000", "127.0.0.50");
        for (int k = 0; k < c.size(); k++)
        {
            final Connection x = c.get(k);
            final Map<String, String> labels = Map.of("app", x.client().equals(FRONTEND) ? "frontend" : "batch");
            final int listener = CaptureListeners.segmentClass(model, "shop", labels, true, x.port());
            assertThat(listener).as("connection " + k + ": the listener worked out by hand").isEqualTo(classes[k]);
            HttpRequest r = new HttpRequest(k, 0, x.client(), x.port(), "mesh", "shop", labels, "GET", "http",
                hosts[k], paths[k], Map.of()).withDst(dst.get(Integer.toString(x.port())) + ":" + x.port());
            if (listener == CaptureListeners.CONNECTION)
            {
                r = r.withSni(""); // the request's bytes, proxied as a connection
            }
            final RouteDecision want = reference.route(r);
            final RouteDecision got = x.data().get(0);
            assertThat(got.cluster()).as("connection " + k).isEqualTo(want.cluster());
            assertThat(got.vs()).as("connection " + k).isEqualTo(want.vs());
            assertThat(got.route()).as("connection " + k).isEqualTo(want.route());
            assertThat(got.endpoint()).as("connection " + k).isEqualTo(want.endpoint());
            assertThat(got.path()).as("connection " + k).isEqualTo(want.path());
        }
    }

    @Test
    void shouldKnowEachSourcesClassOnceAndForwardWithoutAllocating() throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/sidecar-ports.pcap"));
        final List<byte[]> frames = frames(file);
        try (Engine engine = Engine.load(configFiles()))
        {
            assertThat(engine.packets().directory().classCount()).as("frontend, batch, the others").isEqualTo(3);
            for (final byte[] frame : frames)
            {
                engine.forward(frame, linkType(file));
            }
            // five sources (the two clients, three servers): one workload lookup each, not one per segment
            assertThat(engine.packets().clientLookups()).isEqualTo(5);
            final CaptureAllocation.Result r = CaptureAllocation.check(engine.packets(), "sidecar-ports.pcap", frames,
                java.util.Collections.nCopies(frames.size(), linkType(file)));
            assertThat(r.routed()).isPositive();
            assertThat(r.l7()).isPositive();
        }
    }

    private static List<Path> configFiles()
    {
        return List.of(EXAMPLE.resolve("registry.yaml"), EXAMPLE.resolve("routing.yaml"),
            EXAMPLE.resolve("network.yaml"));
    }

    /** @return the clients' connections in the order they start. */
    private static List<Connection> replay() throws IOException
    {
        return replay(Path.of("../pipeline/src/test/resources/captures/sidecar-ports.pcap"), configFiles(), FRONTEND,
            BATCH);
    }

    /**
     * @param capture a capture.
     * @param config  the config files.
     * @param clients the clients' addresses (every other source is a server, whose segments are forwarded).
     * @return the clients' connections in the order they start.
     */
    static List<Connection> replay(final Path capture, final List<Path> config, final String... clients)
        throws IOException
    {
        final byte[] file = Files.readAllBytes(capture);
        final Map<Long, Connection> byClientPort = new LinkedHashMap<>();
        try (Engine engine = Engine.load(config))
        {
            for (final byte[] frame : frames(file))
            {
                final RouteDecision d = engine.forward(frame, linkType(file));
                final ParsedPacket p = parse(frame);
                final String src = (p.ipv4Src >>> 24) + "." + (p.ipv4Src >>> 16 & 255) + "." + (p.ipv4Src >>> 8 & 255)
                    + "." + (p.ipv4Src & 255);
                if (!List.of(clients).contains(src))
                {
                    assertThat(d.action()).as("a server's segment").isEqualTo("forward");
                    continue;
                }
                final long key = (long)p.ipv4Src << 16 | p.srcPort;
                final Connection x = byClientPort.get(key);
                if (x == null)
                {
                    byClientPort.put(key, new Connection(src, p.dstPort, d, new ArrayList<>()));
                }
                else if (p.payloadLength > 0)
                {
                    x.data().add(d);
                }
            }
        }
        return new ArrayList<>(byClientPort.values());
    }
}
