package dev.wirespeed.sim;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/dynamic-dns} decides as its README's table says: the mesh's {@code ALLOW_ANY_DYNAMIC_DNS} (the route
 * table's catch-all and the virtual outbound listener's HTTP inspector) and a headless Service's per-endpoint
 * listeners, on both implementations.
 */
class DynamicDnsExampleTest
{
    private static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve(
            "examples/dynamic-dns");
    private static final String DNS = "AllowAnyDynamicDNSCluster";
    private static final String CASSANDRA = "cassandra.default.svc.cluster.local";

    /** Per request of requests.jsonl: the cluster, the route name (- none), and whether it was routed as HTTP. */
    private static final String[][] EXPECTED = {
        {"outbound|9080||reviews.default.svc.cluster.local", "reviews", "http"},
        {DNS, "allow_any_dynamic_dns", "http"},
        {DNS, "allow_any_dynamic_dns", "http"},
        {"PassthroughCluster", "-", "tcp"},
        {"outbound|7000||" + CASSANDRA, "-", "http"},
        {"outbound|9042||" + CASSANDRA, "-", "tcp"},
        {DNS, "allow_any_dynamic_dns", "http"},
        {DNS, "allow_any_dynamic_dns", "http"},
        {DNS, "allow_any_dynamic_dns", "http"},
    };

    @Test
    void shouldDecideEachRequestAsTheReadmeSays() throws IOException
    {
        final List<HttpRequest> requests = requests();
        assertThat(requests).hasSize(EXPECTED.length);
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            final ReferenceRouter reference = new ReferenceRouter(e.model());
            for (int i = 0; i < requests.size(); i++)
            {
                final HttpRequest r = requests.get(i);
                final RouteDecision d = e.route(r);
                assertThat(d).as("request " + i + ": compiled vs reference")
                        .isEqualTo(reference.route(r).withL3(d.egressPort(), d.nextHop()));
                assertThat(d.cluster()).as("request " + i).isEqualTo(EXPECTED[i][0]);
                assertThat(d.route()).as("request " + i).isEqualTo(EXPECTED[i][1].equals("-") ? null : EXPECTED[i][1]);
                assertThat(d.path() != null).as("request " + i + " routed as " + EXPECTED[i][2])
                        .isEqualTo(EXPECTED[i][2].equals("http"));
            }
            assertThat(e.route(requests.get(4)).endpoint()).as("ORIGINAL_DST: the pod dialled")
                    .isEqualTo("127.0.0.52:7000");
            assertThat(e.route(requests.get(1)).endpoint()).as("the dynamic forward proxy resolves by DNS").isNull();
        }
    }

    private static List<HttpRequest> requests() throws IOException
    {
        final RequestLineParser parser = new RequestLineParser();
        final RequestLineParser.Result parsed = new RequestLineParser.Result();
        final List<HttpRequest> out = new ArrayList<>();
        long i = 0;
        for (final String line : Files.readAllLines(EXAMPLE.resolve("requests.jsonl")))
        {
            if (!line.isBlank() && parser.parse(line, i, parsed))
            {
                out.add(parsed.request());
            }
            i++;
        }
        return out;
    }
}
