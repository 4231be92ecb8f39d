package dev.wirespeed.sim.packet;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.CaptureListeners;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.pipeline.forward.MeshDirectory;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.sim.packet.TlsRouteCaptureTest.frames;
import static dev.wirespeed.sim.packet.TlsRouteCaptureTest.linkType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet path on {@code listener-addresses.pcap} (recorded on loopback by {@code record-listener-addresses.sh})
 * with the config of {@code examples/listener-addresses}: one client sends to port 8000, where catalog has a sniffed
 * listener on its address, ledger a TCP one on its address and reviews the wildcard HTTP listener, and to port 7000,
 * where only catalog has a (sniffed) listener; the listener Envoy picks by the destination address decides how each
 * segment is read (docs/routing.md §1 item 8). Decisions worked out by hand (examples/listener-addresses/README.md),
 * and held against the reference for what its capture model ({@link CaptureListeners}) says each listener sees.
 */
class ListenerAddressesCaptureTest
{
    private static final Path EXAMPLE = Path.of("../examples/listener-addresses");
    private static final Path CAPTURE = Path.of("../pipeline/src/test/resources/captures/listener-addresses.pcap");
    private static final String CATALOG8000 = "outbound|8000||catalog.shop.svc.cluster.local";
    private static final Map<String, String> FRONTEND = Map.of("app", "frontend");

    @Test
    void shouldReadEachSegmentByTheListenerAtItsDestinationAddress() throws IOException
    {
        final List<SidecarPortsCaptureTest.Connection> c = SidecarPortsCaptureTest.replay(CAPTURE, configFiles(),
            "127.0.0.11");
        assertThat(c).hasSize(8);
        // 1. catalog's sniffed listener on 127.0.0.30:8000: the SYN by its TCP chain, the request by its HTTP chain
        assertThat(c.get(0).syn().cluster()).isEqualTo(CATALOG8000);
        assertThat(c.get(0).syn().path()).isNull();
        assertThat(c.get(0).data().get(0).cluster()).isEqualTo(CATALOG8000);
        assertThat(c.get(0).data().get(0).path()).isEqualTo("/items");
        // 2. no address listener at 127.0.0.40: the wildcard HTTP listener (reviews'), its SYN carries no request
        assertThat(c.get(1).syn().action()).isEqualTo("forward");
        assertThat(c.get(1).data().get(0).cluster()).isEqualTo("outbound|8000||reviews.shop.svc.cluster.local");
        assertThat(c.get(1).data().get(0).path()).isEqualTo("/reviews/1");
        // 3. ledger's TCP listener on 127.0.0.50:8000: a connection to ledger from the SYN on, the request's bytes too
        for (final RouteDecision d : List.of(c.get(2).syn(), c.get(2).data().get(0)))
        {
            assertThat(d.cluster()).isEqualTo("outbound|8000||ledger.shop.svc.cluster.local");
            assertThat(d.path()).isNull();
        }
        // 4. 127.0.0.60:8000, an address nothing is bound to: the wildcard HTTP listener, whose route table has
        // catalog's sniffed port: the authority catalog:8000 picks it (the SYN: no request, L3)
        assertThat(c.get(3).syn().action()).isEqualTo("forward");
        assertThat(c.get(3).data().get(0).cluster()).isEqualTo(CATALOG8000);
        assertThat(c.get(3).data().get(0).path()).isEqualTo("/items");
        // 5. catalog's sniffed listener on 127.0.0.30:7000
        assertThat(c.get(4).data().get(0).cluster()).isEqualTo("outbound|7000||catalog.shop.svc.cluster.local");
        assertThat(c.get(4).data().get(0).path()).isEqualTo("/items");
        // 6. 127.0.0.60:7000: no listener bound there and no wildcard listener on 7000: the virtual outbound
        // listener passes the connection through, whatever the authority says
        for (final RouteDecision d : List.of(c.get(5).syn(), c.get(5).data().get(0)))
        {
            assertThat(d.cluster()).isEqualTo("PassthroughCluster");
            assertThat(d.endpoint()).isEqualTo("127.0.0.60:7000");
            assertThat(d.path()).isNull();
            assertThat(d.route()).isNull();
        }
        // 7, 8. bytes that are no HTTP: ledger's TCP listener, catalog's sniffed listener's TCP chain
        assertThat(c.get(6).data().get(0).cluster()).isEqualTo("outbound|8000||ledger.shop.svc.cluster.local");
        assertThat(c.get(7).data().get(0).cluster()).isEqualTo(CATALOG8000);
        assertThat(c.get(7).data().get(0).path()).isNull();
    }

    @Test
    void shouldDecideAsTheReferenceDoesForWhatEachListenerSees() throws IOException
    {
        final List<SidecarPortsCaptureTest.Connection> c = SidecarPortsCaptureTest.replay(CAPTURE, configFiles(),
            "127.0.0.11");
        final RoutingModel model = new ConfigLoader().load(configFiles()).model();
        final ReferenceRouter reference = new ReferenceRouter(model);
        final String[] dst = {"127.0.0.30", "127.0.0.40", "127.0.0.50", "127.0.0.60", "127.0.0.30", "127.0.0.60"};
        final String[] hosts = {"catalog:8000", "reviews:8000", "ledger:8000", "catalog:8000", "catalog:7000",
            "catalog:7000"};
        final String[] paths = {"/items", "/reviews/1", "/balance", "/items", "/items", "/items"};
        final int[] classes = {CaptureListeners.SNIFFED, CaptureListeners.HTTP, CaptureListeners.CONNECTION,
            CaptureListeners.HTTP, CaptureListeners.SNIFFED, CaptureListeners.CONNECTION};
        for (int k = 0; k < dst.length; k++)
        {
            final SidecarPortsCaptureTest.Connection x = c.get(k);
            final int listener = CaptureListeners.segmentClass(model, "shop", FRONTEND, true, dst[k], x.port());
            assertThat(listener).as("connection " + k + ": the listener worked out by hand").isEqualTo(classes[k]);
            final boolean connection = listener == CaptureListeners.CONNECTION;
            // a connection's bytes are not read: it has no authority but its destination
            HttpRequest r = new HttpRequest(k, 0, "127.0.0.11", x.port(), "mesh", "shop", FRONTEND, "GET", "http",
                connection ? dst[k] + ":" + x.port() : hosts[k], paths[k], Map.of()).withDst(dst[k] + ":" + x.port());
            if (connection)
            {
                r = r.withSni(""); // the request's bytes, proxied as a connection
            }
            final RouteDecision want = reference.route(r);
            final RouteDecision got = x.data().get(0);
            assertThat(got.cluster()).as("connection " + k).isEqualTo(want.cluster());
            assertThat(got.route()).as("connection " + k).isEqualTo(want.route());
            assertThat(got.endpoint()).as("connection " + k).isEqualTo(want.endpoint());
            assertThat(got.path()).as("connection " + k).isEqualTo(want.path());
        }
    }

    @Test
    void shouldLookTheDestinationUpOnlyWhereAPortMixesListenerKinds() throws IOException
    {
        final byte[] file = Files.readAllBytes(CAPTURE);
        try (Engine engine = Engine.load(configFiles()))
        {
            assertThat(engine.packets().directory().addressListeners()).isTrue();
            final CaptureAllocation.Result r = CaptureAllocation.check(engine.packets(), "listener-addresses.pcap",
                frames(file), java.util.Collections.nCopies(frames(file).size(), linkType(file)));
            assertThat(r.routed()).isPositive();
            assertThat(r.l7()).isPositive();
        }
        // the sidecar-ports example has one listener kind per port and client: no address listeners to look up
        final Path other = Path.of("../examples/sidecar-ports");
        try (Engine engine = Engine.load(List.of(other.resolve("registry.yaml"), other.resolve("routing.yaml"),
            other.resolve("network.yaml"))))
        {
            assertThat(engine.packets().directory().addressListeners()).isFalse();
        }
    }

    @Test
    void shouldReadAnHttpProxyListenersPortAsHttpForItsClientOnly() throws IOException
    {
        final RoutingModel model = new ConfigLoader().load(configFiles()).model();
        final Map<String, String> batch = Map.of("app", "batch");
        // batch's egress listener on 3128 says HTTP_PROXY: an HTTP listener, though no service declares 3128
        assertThat(CaptureListeners.listenerAt(model, "shop", batch, "127.0.0.30", 3128))
            .isEqualTo(CaptureListeners.LISTENER_HTTP);
        assertThat(CaptureListeners.listenerAt(model, "shop", FRONTEND, "127.0.0.30", 3128))
            .as("frontend has no listener on 3128").isEqualTo(CaptureListeners.LISTENER_NONE);
        // batch's catch-all listener sees catalog alone: its sniffed listener, and no wildcard listener on 8000
        assertThat(CaptureListeners.listenerAt(model, "shop", batch, "127.0.0.30", 8000))
            .isEqualTo(CaptureListeners.LISTENER_SNIFFED);
        assertThat(CaptureListeners.listenerAt(model, "shop", batch, "127.0.0.50", 8000))
            .as("ledger hidden").isEqualTo(CaptureListeners.LISTENER_NONE);
        assertThat(CaptureListeners.listenerAt(model, "shop", batch, "127.0.0.40", 8000))
            .as("reviews hidden: no wildcard listener").isEqualTo(CaptureListeners.LISTENER_NONE);
        try (Engine engine = Engine.load(configFiles()))
        {
            final MeshDirectory d = engine.packets().directory();
            final int batchClass = d.workloadClass(d.workloadIpv4(127 << 24 | 12));
            final int frontendClass = d.workloadClass(d.workloadIpv4(127 << 24 | 11));
            final long catalog = MeshDirectory.ipv4Key(127 << 24 | 30);
            assertThat(d.listenerAt(batchClass, 3128, 0L, catalog)).isEqualTo(MeshDirectory.LISTENER_HTTP);
            assertThat(d.listenerAt(frontendClass, 3128, 0L, catalog)).isEqualTo(MeshDirectory.LISTENER_NONE);
            assertThat(d.listenerAt(batchClass, 8000, 0L, catalog)).isEqualTo(MeshDirectory.LISTENER_SNIFFED);
            assertThat(d.listenerAt(batchClass, 8000, 0L, MeshDirectory.ipv4Key(127 << 24 | 40)))
                .isEqualTo(MeshDirectory.LISTENER_NONE);
            assertThat(d.listenerAt(frontendClass, 8000, 0L, MeshDirectory.ipv4Key(127 << 24 | 40)))
                .isEqualTo(MeshDirectory.LISTENER_HTTP);
        }
    }

    private static List<Path> configFiles()
    {
        return List.of(EXAMPLE.resolve("registry.yaml"), EXAMPLE.resolve("routing.yaml"),
            EXAMPLE.resolve("network.yaml"));
    }
}
