package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/peer-authentication} (docs/routing.md §4 "Networks", §5.2): every line of its {@code cases.jsonl}
 * is a request and the endpoints it may get (over many request ids) or the drop it must get, on the reference
 * interpreter and on the compiled FIB alike; without its PeerAuthentications the DISABLEd endpoints come back.
 */
class PeerAuthenticationExamplesTest
{
    private static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples")
            .resolve("peer-authentication");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDS = 200;

    private static RoutingModel load(final boolean withPolicies) throws IOException
    {
        final List<Path> files;
        try (Stream<Path> all = Files.list(EXAMPLE))
        {
            files = all.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> withPolicies || !p.getFileName().toString().equals("peer-authentications.yaml"))
                    .sorted().toList();
        }
        final LoadedConfig loaded = new ConfigLoader().load(files);
        assertThat(loaded.formattedDiagnostics()).isEmpty();
        assertThat(loaded.model().peerAuthentications()).hasSize(withPolicies ? 5 : 0);
        return loaded.model();
    }

    static HttpRequest request(final long id, final JsonNode r)
    {
        final String authority = r.has("authority") ? r.get("authority").asText() : "";
        final int colon = authority.lastIndexOf(':');
        final int port = r.has("port") ? r.get("port").asInt() : Integer.parseInt(authority.substring(colon + 1));
        final Map<String, String> labels = new LinkedHashMap<>();
        r.get("sourceLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        final Map<String, String> headers = new LinkedHashMap<>();
        if (r.has("headers"))
        {
            r.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        final HttpRequest h = new HttpRequest(id, 0, "10.1.0.5", port,
                r.has("gateway") ? r.get("gateway").asText() : "mesh",
                r.has("sourceNamespace") ? r.get("sourceNamespace").asText() : "default", labels, "GET", "http",
                authority, r.get("path").asText(), headers);
        return r.has("sni") ? h.withSni(r.get("sni").asText()) : h;
    }

    /** @return per case line, the endpoints its request got over {@link #IDS} ids (both implementations agreeing). */
    static List<Set<String>> endpointsPerCase(final RoutingModel model, final List<JsonNode> cases)
    {
        final ReferenceRouter reference = new ReferenceRouter(model);
        final List<Set<String>> out = new java.util.ArrayList<>();
        try (CompiledRouter compiled = CompiledRouter.compile(model))
        {
            for (int i = 0; i < cases.size(); i++)
            {
                final Set<String> seen = new TreeSet<>();
                for (int id = 0; id < IDS; id++)
                {
                    final HttpRequest r = request(id, cases.get(i).get("request"));
                    final RouteDecision d = reference.route(r);
                    assertThat(compiled.route(r)).as("line %d id %d: compiled vs reference", i + 1, id).isEqualTo(d);
                    final JsonNode expect = cases.get(i).get("expect");
                    if (expect.has("flags"))
                    {
                        assertThat(d.flags()).as("line %d: %s", i + 1, d).isEqualTo(expect.get("flags").asText());
                        assertThat(d.status()).isEqualTo(expect.get("status").asInt());
                    }
                    seen.add(String.valueOf(d.endpoint()));
                }
                out.add(seen);
            }
        }
        return out;
    }

    private static List<JsonNode> cases() throws IOException
    {
        final List<JsonNode> out = new java.util.ArrayList<>();
        for (final String line : Files.readAllLines(EXAMPLE.resolve("cases.jsonl")))
        {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void shouldGiveEachCaseItsEndpointsInBothImplementations() throws IOException
    {
        final List<JsonNode> cases = cases();
        assertThat(cases).hasSizeGreaterThan(10);
        final List<Set<String>> seen = endpointsPerCase(load(true), cases);
        for (int i = 0; i < cases.size(); i++)
        {
            final JsonNode expect = cases.get(i).get("expect");
            if (expect.has("endpoints"))
            {
                final Set<String> want = new TreeSet<>();
                expect.get("endpoints").forEach(e -> want.add(e.asText()));
                assertThat(seen.get(i)).as("line %d: %s", i + 1, cases.get(i).get("why").asText()).isEqualTo(want);
            }
            else
            {
                assertThat(seen.get(i)).as("line %d", i + 1).containsExactly("null");
            }
        }
    }

    @Test
    void shouldBringTheDisabledEndpointsBackWithoutThePeerAuthentications() throws IOException
    {
        final List<JsonNode> cases = cases();
        final List<Set<String>> without = endpointsPerCase(load(false), List.of(stripExpect(cases.get(1)),
                stripExpect(cases.get(4))));
        // bar's remote httpbin takes mTLS again (its port is no longer DISABLEd): network1's client reaches it
        // through network2's gateway
        assertThat(without.get(0)).containsExactlyInAnyOrder("10.1.0.21:8080", "203.0.113.20:15443");
        // baz's v1 endpoints too: the local one stays, the remote one adds to the gateway's weight
        assertThat(without.get(1)).containsExactlyInAnyOrder("10.1.0.41:8080", "203.0.113.20:15443");
        final List<Set<String>> dnsSrv = endpointsPerCase(load(false), List.of(stripExpect(cases.get(7)),
                stripExpect(cases.get(10))));
        assertThat(dnsSrv.get(0)).containsExactlyInAnyOrder("10.1.0.21:8080", "203.0.113.20:15443");
        assertThat(dnsSrv.get(1)).containsExactlyInAnyOrder("10.1.0.41:8080", "203.0.113.20:15443");
    }

    private static JsonNode stripExpect(final JsonNode c)
    {
        final com.fasterxml.jackson.databind.node.ObjectNode copy = c.deepCopy();
        copy.putObject("expect");
        return copy;
    }
}
