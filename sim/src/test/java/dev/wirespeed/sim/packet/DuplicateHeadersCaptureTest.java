package dev.wirespeed.sim.packet;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.packet.SniffedPortCaptureTest.Connection;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request head with a header Envoy's header map keeps as one value written on two lines (docs/captures.md):
 * {@code dup-headers.pcap} (recorded on loopback by {@code record-dup-headers.sh}) sends two {@code Host} lines, which
 * Envoy's HTTP/1 codec appends into one {@code :authority} with {@code ,} (an empty one adding nothing;
 * {@code authorityIsValid} lets the comma through, so the request is routed on the joined value), and two
 * {@code Origin} lines, an inline header of CORS's (registered when the filter is linked), hashed as one value. The
 * oracle is the reference interpreter on the one-value request Envoy's header map holds.
 */
class DuplicateHeadersCaptureTest
{
    /** The config beside the capture. */
    private static final Path CONFIG = Path.of("../pipeline/src/test/resources/captures/dup-headers.yaml");
    private static ReferenceRouter reference;

    @BeforeAll
    static void loadReference()
    {
        reference = new ReferenceRouter(new ConfigLoader().load(List.of(CONFIG)).model());
    }

    /** The reference's decision for a request from 127.0.0.1 to {@code dst}:8080. */
    private static RouteDecision expected(final String authority, final String dst, final Map<String, String> headers)
    {
        return reference.route(new HttpRequest(0, 0, "127.0.0.1", 8080, "mesh", "default", Map.of(), "GET", "http",
            authority, "/", headers).withDst(dst + ":8080"));
    }

    @Test
    void shouldRouteTwoHostLinesOnTheirValuesJoinedWithAComma() throws IOException
    {
        final List<Connection> c = SniffedPortCaptureTest.replay("dup-headers.pcap", List.of(CONFIG));
        assertThat(c).hasSize(7);
        final RouteDecision twice = c.get(0).data().get(0);
        assertThat(twice.authority()).isEqualTo("cart:8080,cart:8080");
        assertThat(twice.cluster()).as("no virtual host has the joined authority: the catch-all")
            .isEqualTo("PassthroughCluster")
            .isEqualTo(expected("cart:8080,cart:8080", "127.0.0.80", Map.of()).cluster());
        assertThat(expected("cart:8080", "127.0.0.80", Map.of()).cluster())
            .as("the first line alone would have gone to cart: the capture tells the two readings apart")
            .isEqualTo("outbound|8080||cart.default.svc.cluster.local");
        final RouteDecision other = c.get(1).data().get(0);
        assertThat(other.authority()).isEqualTo("other.example,a.shop.example:8080");
        assertThat(other.route()).isEqualTo(expected("other.example,a.shop.example:8080", "127.0.0.80", Map.of())
            .route());
        final RouteDecision emptyFirst = c.get(2).data().get(0);
        assertThat(emptyFirst.authority()).as("an empty Host value adds nothing, not even a comma")
            .isEqualTo("cart:8080");
        assertThat(emptyFirst.cluster()).isEqualTo("outbound|8080||cart.default.svc.cluster.local")
            .isEqualTo(expected("cart:8080", "127.0.0.80", Map.of()).cluster());
    }

    @Test
    void shouldHashTwoOriginLinesAsTheOneValueCorsRegistersInline() throws IOException
    {
        final List<Connection> c = SniffedPortCaptureTest.replay("dup-headers.pcap", List.of(CONFIG));
        final String[] joined = {"https://a.example,https://b.example", "https://b.example,https://a.example",
            "null,https://c.example", "https://z.example,https://y.example"};
        for (int i = 0; i < joined.length; i++)
        {
            final RouteDecision d = c.get(3 + i).data().get(0);
            assertThat(d.cluster()).isEqualTo("outbound|8080||origins.default.svc.cluster.local");
            assertThat(d.endpoint()).as("origin %s", joined[i])
                .isEqualTo(expected("origins:8080", "127.0.0.81", Map.of("origin", joined[i])).endpoint());
        }
    }

    @Test
    void shouldHashTheJoinedValueOfEveryInlineHeaderAnExtensionRegisters()
    {
        boolean rulesDiffer = false;
        try (Engine engine = Engine.load(List.of(CONFIG)))
        {
            int port = 42000;
            for (final String[] pair : new String[][] {{"b", "a"}, {"zeta", "alpha"}, {"u2", "u10"}, {"p", "q"},
                {"m1", "m0"}, {"", "x"}, {"y", ""}})
            {
                final RouteDecision d = engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.81", port++, 8080, 64,
                    0x18, "GET / HTTP/1.1\r\nHost: origins:8080\r\nOrigin: " + pair[0] + "\r\norigin: " + pair[1]
                        + "\r\n\r\n"), 1);
                final String joined = pair[0].isEmpty() || pair[1].isEmpty() ? pair[0] + pair[1]
                    : pair[0] + "," + pair[1];
                assertThat(d.endpoint()).as("origin %s", String.join(", ", pair))
                    .isEqualTo(expected("origins:8080", "127.0.0.81", Map.of("origin", joined)).endpoint());
                final String sorted = pair[0].compareTo(pair[1]) <= 0 ? pair[0] + pair[1] : pair[1] + pair[0];
                rulesDiffer |= !expected("origins:8080", "127.0.0.81", Map.of("origin", joined)).endpoint().equals(
                    expected("origins:8080", "127.0.0.81", Map.of("origin", sorted)).endpoint());
            }
        }
        assertThat(rulesDiffer).as("one value and two values hash differently for some pair").isTrue();
    }

    @Test
    void shouldRouteTheCaptureWithoutAllocating() throws IOException
    {
        assertThat(CaptureAllocation.checkCapture("dup-headers.pcap", List.of(CONFIG)).routed()).isPositive();
    }
}
