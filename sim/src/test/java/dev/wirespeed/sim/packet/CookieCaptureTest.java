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
 * A header written on several lines of a captured request, as Envoy reads it (docs/captures.md): {@code cookies.pcap}
 * (recorded on loopback by {@code record-cookies.sh}) sends two {@code Cookie} lines and two {@code x-tag} lines over
 * HTTP/1.1, and two cookie crumbs and two {@code x-tag} fields over h2c. A route's header match reads the values
 * joined with {@code ,} (Envoy's {@code getAllOfHeaderAsString}); HTTP/2's crumbs are one value joined with
 * {@code "; "} (its codec's {@code reconstituteCrumbledCookies}); the cookie hash reads every value
 * ({@code parseCookieValue}). The oracle is the reference interpreter on the one-value request Envoy's rule gives.
 */
class CookieCaptureTest
{
    /** The config beside the capture. */
    private static final Path CONFIG = Path.of("../pipeline/src/test/resources/captures/cookies.yaml");
    private static ReferenceRouter reference;

    @BeforeAll
    static void loadReference()
    {
        reference = new ReferenceRouter(new ConfigLoader().load(List.of(CONFIG)).model());
    }

    /** The reference's decision for a request from 127.0.0.1 to {@code host} with one value of each header. */
    private static RouteDecision expected(final String host, final int port, final String path,
        final Map<String, String> headers)
    {
        return reference.route(new HttpRequest(0, 0, "127.0.0.1", port, "mesh", "default", Map.of(), "GET", "http",
            host + ":" + port, path, headers));
    }

    @Test
    void shouldMatchTheCookieLinesJoinedWithACommaAndHashEveryLine() throws IOException
    {
        final List<Connection> c = SniffedPortCaptureTest.replay("cookies.pcap", List.of(CONFIG));
        assertThat(c).hasSize(6);
        final String[] sessions = {"u42", "u7", "u99"};
        for (int i = 0; i < 3; i++)
        {
            final RouteDecision d = c.get(i).data().get(0);
            final String matchView = "theme=dark,cart-session=" + sessions[i]; // what Envoy's header matcher reads
            assertThat(d.route()).as("request %d", i).isEqualTo("cookie-lines")
                .isEqualTo(expected("cart", 8080, "/cart", Map.of("cookie", matchView)).route());
            // the cookie hash reads each line: the same key as one value holding both pairs
            assertThat(d.endpoint()).as("request %d", i).isEqualTo(expected("cart", 8080, "/cart",
                Map.of("cookie", "theme=dark; cart-session=" + sessions[i])).endpoint());
        }
        final RouteDecision tags = c.get(3).data().get(0);
        assertThat(tags.route()).as("x-tag: a, x-tag: b").isEqualTo("joined-tags")
            .isEqualTo(expected("cart", 8080, "/tags", Map.of("x-tag", "a,b")).route());
    }

    @Test
    void shouldJoinHttp2CookieCrumbsIntoOneValueAndMatchOtherRepeatedFieldsJoined() throws IOException
    {
        final List<Connection> c = SniffedPortCaptureTest.replay("cookies.pcap", List.of(CONFIG));
        final RouteDecision crumbs = c.get(4).data().stream().filter(d -> d.route() != null).findFirst().orElseThrow();
        final RouteDecision oneValue =
            expected("cart", 8081, "/cart", Map.of("cookie", "theme=dark; cart-session=u42"));
        assertThat(crumbs.route()).isEqualTo("cookie-crumbs").isEqualTo(oneValue.route());
        assertThat(crumbs.endpoint()).isEqualTo(oneValue.endpoint());
        assertThat(crumbs.cluster()).isEqualTo("outbound|8081||cart.default.svc.cluster.local");
        final RouteDecision tags = c.get(5).data().stream().filter(d -> d.route() != null).findFirst().orElseThrow();
        assertThat(tags.route()).isEqualTo("joined-tags");
    }

    @Test
    void shouldHashTheSortedLinesOfAHeaderButTheCodecJoinedValueOfAnInlineHeader()
    {
        boolean rulesDiffer = false;
        try (Engine engine = Engine.load(List.of(CONFIG)))
        {
            int port = 42000;
            for (final String[] pair : new String[][] {{"b", "a"}, {"zeta", "alpha"}, {"u2", "u10"}, {"x", "x"},
                {"p", "q"}, {"m1", "m0"}})
            {
                // x-user (not inline): two values, hashed sorted and one after another (HeaderHashMethod)
                final RouteDecision users = engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.71", port++, 8080, 64,
                    0x18, "GET / HTTP/1.1\r\nHost: users:8080\r\nx-user: " + pair[0] + "\r\nx-user: " + pair[1]
                        + "\r\n\r\n"), 1);
                final String sorted = pair[0].compareTo(pair[1]) <= 0 ? pair[0] + pair[1] : pair[1] + pair[0];
                assertThat(users.endpoint()).as("x-user %s", String.join(", ", pair))
                    .isEqualTo(expected("users", 8080, "/", Map.of("x-user", sorted)).endpoint());
                // user-agent (inline): the codec joined the lines with ',' into one value
                final RouteDecision agents = engine.forward(TestPackets.tcp("127.0.0.1", "127.0.0.72", port++, 8080,
                    64, 0x18, "GET / HTTP/1.1\r\nHost: agents:8080\r\nUser-Agent: " + pair[0] + "\r\nuser-agent: "
                        + pair[1] + "\r\n\r\n"), 1);
                final String joined = pair[0] + "," + pair[1];
                assertThat(agents.endpoint()).as("user-agent %s", String.join(", ", pair))
                    .isEqualTo(expected("agents", 8080, "/", Map.of("user-agent", joined)).endpoint());
                rulesDiffer |= !expected("agents", 8080, "/", Map.of("user-agent", joined)).endpoint().equals(
                    expected("agents", 8080, "/", Map.of("user-agent", sorted)).endpoint());
            }
        }
        assertThat(rulesDiffer).as("the two rules pick differently for some pair: the test tells them apart").isTrue();
    }

    @Test
    void shouldRouteRepeatedHeadersWithoutAllocating() throws IOException
    {
        assertThat(CaptureAllocation.checkCapture("cookies.pcap", List.of(CONFIG)).routed()).isPositive();
    }

    @Test
    void shouldReadTheCookieLinesOfAHeadGatheredFromTwoSegments()
    {
        try (Engine engine = Engine.load(List.of(CONFIG)))
        {
            final String first = "GET /cart HTTP/1.1\r\nHost: cart:8080\r\nCookie: theme=dark\r\n";
            final String second = "Cookie: cart-session=u42\r\n\r\n";
            final RouteDecision held = engine.forward(segment(43000, 1000, first), 1);
            assertThat(held.route()).as("the head is not whole yet").isNull();
            final RouteDecision d = engine.forward(segment(43000, 1000 + first.length(), second), 1);
            assertThat(d.route()).isEqualTo("cookie-lines")
                .isEqualTo(expected("cart", 8080, "/cart", Map.of("cookie", "theme=dark,cart-session=u42")).route());
            assertThat(d.endpoint()).isEqualTo(expected("cart", 8080, "/cart",
                Map.of("cookie", "theme=dark; cart-session=u42")).endpoint());
        }
    }

    /** A data segment (PSH, ACK) of 127.0.0.1:port to cart's 127.0.0.70:8080 with its sequence number. */
    private static byte[] segment(final int port, final int seq, final String payload)
    {
        final byte[] f = TestPackets.tcp("127.0.0.1", "127.0.0.70", port, 8080, 64, 0x18, payload);
        java.nio.ByteBuffer.wrap(f).putInt(14 + 20 + 4, seq);
        return f;
    }
}
