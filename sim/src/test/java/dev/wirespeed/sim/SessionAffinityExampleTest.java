package dev.wirespeed.sim;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/session-affinity}: the cookie Envoy generates for a cookie hash with a {@code ttl} (from the
 * connection of a {@code src} written {@code address:port}) and the upstream port a {@code resolution: NONE}
 * ServiceEntry's {@code targetPort} gives its original destination, as its README says, on the compiled FIB and
 * the reference interpreter alike.
 */
class SessionAffinityExampleTest
{
    private static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples")
            .resolve("session-affinity");

    private static List<HttpRequest> requests() throws IOException
    {
        final RequestLineParser parser = new RequestLineParser();
        final RequestLineParser.Result result = new RequestLineParser.Result();
        final List<HttpRequest> out = new ArrayList<>();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("requests.jsonl"));
        for (int i = 0; i < lines.size(); i++)
        {
            assertThat(parser.parse(lines.get(i), i, result)).as("line %d: %s", i + 1, result.error()).isTrue();
            out.add(result.request());
        }
        return out;
    }

    private static List<RouteDecision> decisions(final Engine e) throws IOException
    {
        final ReferenceRouter reference = new ReferenceRouter(e.model());
        final List<RouteDecision> out = new ArrayList<>();
        for (final HttpRequest r : requests())
        {
            final RouteDecision d = e.route(r);
            final RouteDecision want = reference.route(r);
            assertThat(d.endpoint()).as("request %d: compiled vs reference", r.id()).isEqualTo(want.endpoint());
            assertThat(d.cluster()).as("request %d: compiled vs reference", r.id()).isEqualTo(want.cluster());
            out.add(d);
        }
        return out;
    }

    @Test
    void shouldKeepAConnectionAndItsGeneratedCookieOnOneCartPod() throws IOException
    {
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            assertThat(e.warnings()).isEmpty();
            final List<RouteDecision> d = decisions(e);
            assertThat(d.get(0).cluster()).isEqualTo("outbound|8080||cart.default.svc.cluster.local");
            // Envoy's ring of 1024 over the three cart pods (docs/routing.md §4)
            assertThat(d.get(0).endpoint()).isEqualTo("10.1.0.31:8080");
            // the same connection: the same generated cookie, the same pod
            assertThat(d.get(1).endpoint()).isEqualTo(d.get(0).endpoint());
            // the cookie of line 0 (hex(xxHash64("10.1.0.5:4000110.96.0.50:8080")) = cd987be838a72410), sent
            // back by the client on another connection, lands on the same pod
            assertThat(d.get(3).endpoint()).isEqualTo(d.get(0).endpoint());
            assertThat(d.get(2).endpoint()).isEqualTo("10.1.0.32:8080");
            assertThat(d.get(5).endpoint()).isEqualTo("10.1.0.32:8080");
        }
    }

    @Test
    void shouldHashTheFirstCartSessionPairOfEveryCookieValue() throws IOException
    {
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            final List<RouteDecision> d = decisions(e);
            // the request's cookie has no cart-session: the partner route's added value carries line 0's cookie
            assertThat(d.get(9).route()).isEqualTo("partner");
            assertThat(d.get(9).headers()).containsEntry("cookie", "lang=en,cart-session=cd987be838a72410");
            assertThat(d.get(9).endpoint()).isEqualTo(d.get(0).endpoint());
            // the request's own cart-session comes first: the added one is not read
            assertThat(d.get(10).endpoint()).isEqualTo(d.get(11).endpoint()).isEqualTo("10.1.0.33:8080")
                .isNotEqualTo(d.get(0).endpoint());
        }
    }

    @Test
    void shouldSendTheLegacyDatabaseToTheOriginalAddressOnItsTargetPort() throws IOException
    {
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            final List<RouteDecision> d = decisions(e);
            assertThat(d.get(6).cluster()).isEqualTo("outbound|8080||legacy-db.corp.example");
            assertThat(d.get(6).endpoint()).isEqualTo("10.50.0.7:18080");
            assertThat(d.get(7).cluster()).isEqualTo("outbound|5432||legacy-db.corp.example");
            assertThat(d.get(7).endpoint()).isEqualTo("10.50.0.7:15432");
            assertThat(d.get(7).egressPort()).isEqualTo(1);
            // without an original destination there is no upstream host
            assertThat(d.get(8).flags()).isEqualTo("UH");
            assertThat(d.get(8).status()).isEqualTo(503);
        }
    }

    @Test
    void shouldDecideCapturedPacketsFromTheirConnectionAsTheTraceDoes() throws IOException
    {
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            final List<RouteDecision> trace = decisions(e);
            // line 0's connection, captured: the TCP source port and destination make the same cookie
            final RouteDecision cart = e.forward(TestPackets.tcp("10.1.0.5", "10.96.0.50", 40001, 8080, 64, 0x18,
                    "GET /cart HTTP/1.1\r\nHost: cart:8080\r\n\r\n"), 1);
            assertThat(cart.cluster()).isEqualTo("outbound|8080||cart.default.svc.cluster.local");
            assertThat(cart.endpoint()).isEqualTo(trace.get(0).endpoint());
            // line 2's connection (source port 40002)
            final RouteDecision other = e.forward(TestPackets.tcp("10.1.0.5", "10.96.0.50", 40002, 8080, 64, 0x18,
                    "GET /cart HTTP/1.1\r\nHost: cart:8080\r\n\r\n"), 1);
            assertThat(other.endpoint()).isEqualTo(trace.get(2).endpoint());
            // the legacy database's HTTP port, to the packet's destination on the targetPort
            final RouteDecision legacy = e.forward(TestPackets.tcp("10.1.0.5", "10.50.0.7", 40003, 8080, 64, 0x18,
                    "GET /status HTTP/1.1\r\nHost: legacy-db.corp.example:8080\r\n\r\n"), 1);
            assertThat(legacy.cluster()).isEqualTo("outbound|8080||legacy-db.corp.example");
            assertThat(legacy.endpoint()).isEqualTo("10.50.0.7:18080");
        }
    }

    @Test
    void shouldNotAllocateGeneratingTheCookieOrOverridingThePort() throws IOException
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        final List<HttpRequest> requests = requests();
        final HttpRequestView[] views = new HttpRequestView[requests.size()];
        for (int i = 0; i < views.length; i++)
        {
            views[i] = HttpRequestView.of(requests.get(i));
        }
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            final Engine.Session s = e.newSession();
            final L7Result r = new L7Result();
            final L3Result l3 = new L3Result();
            for (int round = 0; round < 20_000; round++)
            {
                s.route(views[round % views.length], r, l3);
            }
            final long before = mx.getCurrentThreadAllocatedBytes();
            int originalDestinations = 0;
            for (int round = 0; round < 100_000; round++)
            {
                s.route(views[round % views.length], r, l3);
                originalDestinations += L7Result.originalDestinationPort(r.endpoint) > 0 ? 1 : 0;
            }
            final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertThat(originalDestinations).isPositive();
            assertThat(allocated).as("bytes allocated by 100000 lookups").isLessThan(1024);
        }
    }
}
