package dev.wirespeed.sim.packet;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.replay.TestPackets;
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
 * The packet path on {@code sniffed-port.pcap} (recorded on loopback by {@code record-sniffed-port.sh}) with the
 * config of {@code examples/sniffed-ports}: catalog's port 8000 declares no protocol, so a sidecar sniffs it (Envoy's
 * {@code http_inspector}, docs/routing.md §1 item 8): an HTTP/1.1 or h2c request on catalog's listener is routed by
 * its HTTP chain — catalog's virtual host alone, whatever the Host header — and other bytes by its TCP chain. The
 * decision made on a connection's SYN is the TCP chain's, and the first data segment decides again.
 */
class SniffedPortCaptureTest
{
    private static final Path EXAMPLE = Path.of("../examples/sniffed-ports");
    private static final String CATALOG = "catalog.default.svc.cluster.local";

    /** The decisions of one client connection (to a port): its SYN's, then those of its data segments. */
    record Connection(int port, RouteDecision syn, List<RouteDecision> data)
    {
    }

    @Test
    void shouldRouteHttpOnASniffedPortByItsHttpChainAndOtherBytesAsAConnection() throws IOException
    {
        final List<Connection> c = replay();
        assertThat(c).hasSize(4);
        for (final Connection x : c)
        {
            assertThat(x.syn().cluster()).as("the SYN: the TCP chain, decided again by the first data")
                .isEqualTo("outbound|8000||" + CATALOG);
            assertThat(x.syn().vs()).isNull();
        }
        final RouteDecision own = c.get(0).data().get(0);
        assertThat(own.vs()).as("HTTP/1.1, Host catalog:8000").isEqualTo("default/catalog-route");
        assertThat(own.cluster()).isEqualTo("outbound|8000|v2|" + CATALOG);
        final RouteDecision foreign = c.get(1).data().get(0);
        assertThat(foreign.vs()).as("Host www.example.com: the original destination picks catalog's listener")
            .isEqualTo("default/catalog-route");
        assertThat(foreign.cluster()).isEqualTo("outbound|8000|v1|" + CATALOG);
        assertThat(foreign.authority()).isEqualTo("www.example.com");
        assertThat(c.get(2).data()).as("h2c: the HEADERS segment takes catalog-route's /v2 route")
            .anySatisfy(d -> assertThat(d.cluster()).isEqualTo("outbound|8000|v2|" + CATALOG));
        final RouteDecision bytes = c.get(3).data().get(0);
        assertThat(bytes.cluster()).as("not HTTP: the TCP chain, catalog's default route")
            .isEqualTo("outbound|8000||" + CATALOG);
        assertThat(bytes.vs()).isNull();
        assertThat(bytes.path()).isNull();
    }

    @Test
    void shouldDecideAsTheReferenceDoesForTheSameRequests() throws IOException
    {
        final List<Connection> c = replay();
        final ReferenceRouter reference = new ReferenceRouter(new ConfigLoader().load(configFiles()).model());
        final HttpRequest foreign = new HttpRequest(1, 0, "127.0.0.1", 8000, "mesh", "default",
            Map.of("app", "productpage"), "GET", "http", "www.example.com", "/items", Map.of());
        final RouteDecision expected = reference.route(foreign.withDst("127.0.0.30:8000"));
        assertThat(c.get(1).data().get(0).cluster()).isEqualTo(expected.cluster());
        assertThat(c.get(1).data().get(0).vs()).isEqualTo(expected.vs());
        // without the original destination the authority decides: no HTTP listener of this client takes it on 8000
        assertThat(reference.route(foreign).cluster()).isEqualTo("PassthroughCluster");
        final RouteDecision connection = reference.route(new HttpRequest(3, 0, "127.0.0.1", 8000, "mesh", "default",
            Map.of("app", "productpage"), "GET", "http", "127.0.0.30", "/", Map.of()).withSni("")
            .withDst("127.0.0.30:8000"));
        assertThat(c.get(3).data().get(0).cluster()).isEqualTo(connection.cluster());
        assertThat(c.get(3).data().get(0).path()).isEqualTo(connection.path()).isNull();
    }

    @Test
    void shouldProxyAnHttp10RequestOnASniffedPortAsAConnection() throws IOException
    {
        // http10.pcap (record-http10.sh): curl --http1.0, then HTTP/1.1, to catalog's sniffed port 8000, then
        // curl --http1.0 to reviews' HTTP port 9080
        final List<Connection> c = replay("http10.pcap", configFiles());
        assertThat(c).hasSize(3);
        final RouteDecision http10 = c.get(0).data().get(0);
        assertThat(http10.cluster()).as("http/1.0 matches no sniffing HTTP chain: catalog's TCP chain")
            .isEqualTo("outbound|8000||" + CATALOG);
        assertThat(http10.vs()).isNull();
        assertThat(http10.route()).isNull();
        assertThat(http10.path()).isNull();
        final RouteDecision http11 = c.get(1).data().get(0);
        assertThat(http11.vs()).as("the same request in HTTP/1.1: the HTTP chain").isEqualTo("default/catalog-route");
        assertThat(http11.cluster()).isEqualTo("outbound|8000|v2|" + CATALOG);
        // the reference: the HTTP/1.0 request is the connection it arrived on
        final ReferenceRouter reference = new ReferenceRouter(new ConfigLoader().load(configFiles()).model());
        final RouteDecision connection = reference.route(new HttpRequest(0, 0, "127.0.0.1", 8000, "mesh", "default",
            Map.of("app", "productpage"), "GET", "http", "catalog:8000", "/v2/items", Map.of()).withSni("")
            .withDst("127.0.0.30:8000"));
        assertThat(http10.cluster()).isEqualTo(connection.cluster());
        assertThat(http10.route()).isEqualTo(connection.route());
        // an HTTP port's connection manager does not accept HTTP/1.0 (Istio leaves accept_http_10 off)
        final RouteDecision rejected = c.get(2).data().get(0);
        assertThat(rejected.action()).isEqualTo("drop");
        assertThat(rejected.status()).isEqualTo(426);
        assertThat(rejected.flags()).isEqualTo("DPE");
        assertThat(rejected.reason()).isEqualTo("downstream-protocol-error");
        assertThat(rejected.vs()).isNull();
        assertThat(rejected.cluster()).isNull();
    }

    @Test
    void shouldWaitForACutHttp10RequestLineOnASniffedPortAndProxyItAsAConnection() throws IOException
    {
        try (Engine engine = Engine.load(configFiles()))
        {
            final String head = "GET /v2/items HTTP/1.0\r\nHost: catalog:8000\r\n\r\n";
            for (final String version : List.of("1.0", "1.1"))
            {
                final int port = version.equals("1.0") ? 41000 : 41001;
                final String request = head.replace("1.0", version);
                engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.30", port, 8000, 64, 0x02, ""), 1);
                // the request line is cut after "HT": the sniffing waits for the rest of it
                engine.forward(segment(port, 1000, request.substring(0, 16)), 1);
                final RouteDecision d = engine.forward(segment(port, 1016, request.substring(16)), 1);
                if (version.equals("1.0"))
                {
                    assertThat(d.cluster()).as("HTTP/1.0: the TCP chain").isEqualTo("outbound|8000||" + CATALOG);
                    assertThat(d.vs()).isNull();
                }
                else
                {
                    assertThat(d.vs()).as("HTTP/1.1: the HTTP chain").isEqualTo("default/catalog-route");
                }
            }
        }
    }

    /** A data segment (PSH, ACK) of 127.0.0.1:port to catalog's 127.0.0.30:8000 with its sequence number. */
    private static byte[] segment(final int port, final int seq, final String payload)
    {
        final byte[] f = TestPackets.tcp("127.0.0.1", "127.0.0.30", port, 8000, 64, 0x18, payload);
        java.nio.ByteBuffer.wrap(f).putInt(14 + 20 + 4, seq);
        return f;
    }

    private static List<Path> configFiles()
    {
        return List.of(EXAMPLE.resolve("registry.yaml"), EXAMPLE.resolve("routing.yaml"),
            EXAMPLE.resolve("network.yaml"));
    }

    private static List<Connection> replay() throws IOException
    {
        return replay("sniffed-port.pcap", configFiles());
    }

    /**
     * @param capture a capture of {@code pipeline/src/test/resources/captures} whose client is 127.0.0.1.
     * @param config  the config files.
     * @return the client's connections in the order they start, by source port.
     */
    static List<Connection> replay(final String capture, final List<Path> config) throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures", capture));
        final Map<Integer, Connection> bySourcePort = new LinkedHashMap<>();
        try (Engine engine = Engine.load(config))
        {
            for (final byte[] frame : frames(file))
            {
                final RouteDecision d = engine.forward(frame, linkType(file));
                final ParsedPacket p = parse(frame);
                if (p.ipv4Src != 0x7F000001)
                {
                    assertThat(d.action()).as("a server's segment").isEqualTo("forward");
                    continue;
                }
                final Connection x = bySourcePort.get(p.srcPort);
                if (x == null)
                {
                    bySourcePort.put(p.srcPort, new Connection(p.dstPort, d, new ArrayList<>()));
                }
                else if (p.payloadLength > 0)
                {
                    x.data().add(d);
                }
            }
        }
        return new ArrayList<>(bySourcePort.values());
    }
}
