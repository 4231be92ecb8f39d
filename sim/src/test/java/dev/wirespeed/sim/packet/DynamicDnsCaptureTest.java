package dev.wirespeed.sim.packet;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.packet.SniffedPortCaptureTest.Connection;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet path on {@code dynamic-dns.pcap} (recorded on loopback by {@code record-dynamic-dns.sh}) with the config
 * of {@code examples/dynamic-dns}, whose mesh config says {@code ALLOW_ANY_DYNAMIC_DNS}: no service declares port
 * 8088, so a sidecar has no listener for it and its virtual outbound listener's {@code http_inspector} sends an
 * HTTP/1.1 or h2c request to the dynamic forward proxy chain ({@code allow_any_dynamic_dns}) and other bytes to
 * {@code PassthroughCluster}; cassandra, a headless Service, has a listener per pod address on its sniffed port 7000
 * and its TCP port 9042, picked by the original destination (docs/routing.md §1 item 8).
 */
class DynamicDnsCaptureTest
{
    private static final Path EXAMPLE = Path.of("../examples/dynamic-dns");
    private static final String CASSANDRA = "cassandra.default.svc.cluster.local";

    @Test
    void shouldSniffHttpOnAPortNoServiceDeclaresAndSendItToTheDynamicForwardProxy() throws IOException
    {
        final List<Connection> c = replay();
        System.out.println("DynamicDnsCaptureTest: " + c);
        assertThat(c).hasSize(5);
        final RouteDecision http = c.get(0).data().get(0);
        assertThat(http.route()).as("HTTP/1.1 on 8088").isEqualTo("allow_any_dynamic_dns");
        assertThat(http.cluster()).isEqualTo("AllowAnyDynamicDNSCluster");
        assertThat(http.authority()).isEqualTo("api.example.com:8088");
        assertThat(http.path()).isEqualTo("/v1/items");
        assertThat(http.endpoint()).as("resolved by DNS at request time").isNull();
        assertThat(c.get(1).data()).as("h2c: the HEADERS segment")
            .anySatisfy(d -> assertThat(d.route()).isEqualTo("allow_any_dynamic_dns"));
        final RouteDecision bytes = c.get(2).data().get(0);
        assertThat(bytes.cluster()).as("not HTTP: the catch-all TCP chain").isEqualTo("PassthroughCluster");
        assertThat(bytes.route()).isNull();
        assertThat(bytes.endpoint()).isEqualTo("127.0.0.60:8088");
        for (int k = 0; k < 3; k++)
        {
            assertThat(c.get(k).syn().cluster()).as("a SYN: the TCP chain, decided again by the first data")
                .isEqualTo("PassthroughCluster");
        }
    }

    @Test
    void shouldPickAHeadlessServicesPerEndpointListenersByTheOriginalDestination() throws IOException
    {
        final List<Connection> c = replay();
        final RouteDecision sniffed = c.get(3).data().get(0);
        assertThat(sniffed.cluster()).as("Host www.example.com to 127.0.0.52:7000: cassandra-1's listener")
            .isEqualTo("outbound|7000||" + CASSANDRA);
        assertThat(sniffed.path()).isEqualTo("/status");
        assertThat(sniffed.endpoint()).as("ORIGINAL_DST").isEqualTo("127.0.0.52:7000");
        final RouteDecision tcp = c.get(4).syn();
        assertThat(tcp.cluster()).as("127.0.0.51:9042: cassandra-0's TCP listener").isEqualTo("outbound|9042||"
            + CASSANDRA);
        assertThat(tcp.path()).isNull();
        assertThat(c.get(4).data().get(0).cluster()).isEqualTo("outbound|9042||" + CASSANDRA);
    }

    @Test
    void shouldDecideAsTheReferenceDoesForTheSameRequests() throws IOException
    {
        final List<Connection> c = replay();
        final ReferenceRouter reference = new ReferenceRouter(new ConfigLoader().load(configFiles()).model());
        final RouteDecision http = reference.route(new HttpRequest(0, 0, "127.0.0.1", 8088, "mesh", "default",
            Map.of("app", "productpage"), "GET", "http", "api.example.com:8088", "/v1/items", Map.of())
            .withDst("127.0.0.60:8088"));
        assertThat(c.get(0).data().get(0).route()).isEqualTo(http.route());
        assertThat(c.get(0).data().get(0).cluster()).isEqualTo(http.cluster());
        final RouteDecision sniffed = reference.route(new HttpRequest(3, 0, "127.0.0.1", 7000, "mesh", "default",
            Map.of("app", "productpage"), "GET", "http", "www.example.com", "/status", Map.of())
            .withDst("127.0.0.52:7000"));
        assertThat(c.get(3).data().get(0).cluster()).isEqualTo(sniffed.cluster());
        assertThat(c.get(3).data().get(0).endpoint()).isEqualTo(sniffed.endpoint());
    }

    @Test
    void shouldPassAnHttp10RequestThroughAsAConnectionUnderDynamicDns() throws IOException
    {
        try (Engine engine = Engine.load(configFiles()))
        {
            final RouteDecision http11 = engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.60", 41000, 8088, 64,
                0x18, "GET /v1/items HTTP/1.1\r\nHost: api.example.com:8088\r\n\r\n"), 1);
            assertThat(http11.route()).isEqualTo("allow_any_dynamic_dns");
            // the virtual listener's sniffing chain does not match http/1.0: its catch-all TCP chain (the connection
            // is decided on its SYN, and again on its first data)
            assertThat(engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.60", 41001, 8088, 64, 0x02, ""), 1)
                .cluster()).isEqualTo("PassthroughCluster");
            final RouteDecision http10 = engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.60", 41001, 8088, 64,
                0x18, "GET /v1/items HTTP/1.0\r\nHost: api.example.com:8088\r\n\r\n"), 1);
            assertThat(http10.cluster()).isEqualTo("PassthroughCluster");
            assertThat(http10.route()).isNull();
            assertThat(http10.endpoint()).isEqualTo("127.0.0.60:8088");
            final RouteDecision reference = new ReferenceRouter(engine.model()).route(new HttpRequest(1, 0,
                "127.0.0.1", 8088, "mesh", "default", Map.of("app", "productpage"), "GET", "http",
                "api.example.com:8088", "/v1/items", Map.of()).withSni("").withDst("127.0.0.60:8088"));
            assertThat(http10.cluster()).isEqualTo(reference.cluster());
            assertThat(http10.endpoint()).isEqualTo(reference.endpoint());
        }
    }

    private static List<Path> configFiles()
    {
        return List.of(EXAMPLE.resolve("registry.yaml"), EXAMPLE.resolve("routing.yaml"),
            EXAMPLE.resolve("network.yaml"), EXAMPLE.resolve("mesh.yaml"));
    }

    private static List<Connection> replay() throws IOException
    {
        return SniffedPortCaptureTest.replay("dynamic-dns.pcap", configFiles());
    }
}
