package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gateway API examples ({@code examples/gateway-api/*}, each adapted from a conformance test of the
 * Gateway API): every line of a folder's {@code cases.jsonl} is a request and the decision fields it must
 * get; the config is the folder plus {@code examples/gateway-api/base}. Each request is routed by the
 * reference interpreter and by the compiled FIB, which must agree.
 */
class GatewayApiExamplesTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples")
            .resolve("gateway-api");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> folders() throws IOException
    {
        try (Stream<Path> list = Files.list(EXAMPLES))
        {
            final List<String> out = new ArrayList<>();
            list.filter(p -> Files.exists(p.resolve("cases.jsonl"))).forEach(p -> out.add(p.getFileName().toString()));
            out.sort(null);
            assertThat(out).as("example folders under %s", EXAMPLES).isNotEmpty();
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void shouldGiveTheDecisionsTheConformanceTestExpects(final String folder) throws IOException
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLES.resolve("base"),
                EXAMPLES.resolve(folder)));
        assertThat(loaded.errors()).as("errors loading %s", folder).isEmpty();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final List<String> lines = Files.readAllLines(EXAMPLES.resolve(folder).resolve("cases.jsonl"));
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).isBlank())
                {
                    continue;
                }
                final JsonNode c = JSON.readTree(lines.get(i));
                final HttpRequest request = request(i, c.get("request"));
                final RouteDecision expected = reference.route(request);
                assertThat(compiled.route(request)).as("%s line %d: compiled vs reference", folder, i + 1)
                        .isEqualTo(expected);
                final JsonNode decision = JSON.valueToTree(expected);
                final Iterator<Map.Entry<String, JsonNode>> fields = c.get("expect").fields();
                while (fields.hasNext())
                {
                    final Map.Entry<String, JsonNode> f = fields.next();
                    assertThat(decision.get(f.getKey())).as("%s line %d: %s of %s", folder, i + 1, f.getKey(),
                            decision).isEqualTo(f.getValue());
                }
            }
        }
    }

    @Test
    void shouldSplitTrafficSeventyThirtyAndNeverPickTheZeroWeightBackend()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLES.resolve("base"),
                EXAMPLES.resolve("weight")));
        assertThat(loaded.errors()).isEmpty();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> shares = new HashMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int i = 0; i < 10_000; i++)
            {
                final HttpRequest r = new HttpRequest(i, 0, "10.9.0.1", 80, "gateway-conformance-infra/same-namespace",
                        "default", Map.of(), "GET", "http", "gw.example", "/", Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                shares.merge(d.host(), 1, Integer::sum);
            }
        }
        assertThat(shares.keySet()).containsExactlyInAnyOrder(
                "infra-backend-v1.gateway-conformance-infra.svc.cluster.local",
                "infra-backend-v2.gateway-conformance-infra.svc.cluster.local");
        assertThat(shares.get("infra-backend-v1.gateway-conformance-infra.svc.cluster.local")).isBetween(6_700, 7_300);
    }

    @Test
    void shouldSplitTcpConnectionsSeventyThirtyAndNeverPickTheZeroWeightBackend()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLES.resolve("base"),
                EXAMPLES.resolve("tcproute-weighted-routing")));
        assertThat(loaded.errors()).isEmpty();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> shares = new HashMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int i = 0; i < 10_000; i++)
            {
                final HttpRequest r = new HttpRequest(i, 0, "10.9.0.1", 9300,
                        "gateway-conformance-infra/tcp-weighted-gateway", "default", Map.of(), null, null, "", "/",
                        Map.of()).withSni("");
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                assertThat(d.path()).as("a connection").isNull();
                shares.merge(d.host(), 1, Integer::sum);
            }
        }
        assertThat(shares.keySet()).containsExactlyInAnyOrder(
                "tcp-backend-v1.gateway-conformance-infra.svc.cluster.local",
                "tcp-backend-v2.gateway-conformance-infra.svc.cluster.local");
        assertThat(shares.get("tcp-backend-v1.gateway-conformance-infra.svc.cluster.local")).isBetween(6_700, 7_300);
    }

    @Test
    void shouldApplyEachBackendsOwnHeaderModifierToTheRequestsSentToIt()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLES.resolve("base"),
                EXAMPLES.resolve("request-header-modifier-backend-weights")));
        assertThat(loaded.errors()).isEmpty();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> shares = new HashMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int i = 0; i < 1_000; i++)
            {
                final HttpRequest r = new HttpRequest(i, 0, "10.9.0.1", 80, "gateway-conformance-infra/same-namespace",
                        "default", Map.of(), "GET", "http", "gw.example", "/", Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                assertThat(d.host()).as("the backend header names the backend that got the request")
                        .startsWith(d.headers().get("backend") + ".");
                shares.merge(d.headers().get("backend"), 1, Integer::sum);
            }
        }
        assertThat(shares.keySet()).containsExactlyInAnyOrder("infra-backend-v1", "infra-backend-v2",
                "infra-backend-v3");
    }

    @Test
    void shouldMirrorTheConfiguredShareOfRequests()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLES.resolve("base"),
                EXAMPLES.resolve("request-percentage-mirror")));
        assertThat(loaded.errors()).isEmpty();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> expectedPercent = Map.of("/percent-mirror", 20, "/percent-mirror-fraction", 50,
                "/percent-mirror-and-modify-headers", 35);
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (final Map.Entry<String, Integer> e : expectedPercent.entrySet())
            {
                int mirrored = 0;
                for (int i = 0; i < 10_000; i++)
                {
                    final HttpRequest r = new HttpRequest(i, 0, "10.9.0.1", 80,
                            "gateway-conformance-infra/same-namespace", "default", Map.of(), "GET", "http",
                            "gw.example", e.getKey(), Map.of());
                    final RouteDecision d = reference.route(r);
                    assertThat(compiled.route(r)).isEqualTo(d);
                    assertThat(d.host()).isEqualTo("infra-backend-v1.gateway-conformance-infra.svc.cluster.local");
                    if (d.mirrors() != null)
                    {
                        assertThat(d.mirrors()).containsExactly(
                                "outbound|8080||infra-backend-v2.gateway-conformance-infra.svc.cluster.local");
                        mirrored++;
                    }
                }
                assertThat(mirrored).as(e.getKey()).isBetween(e.getValue() * 100 - 300, e.getValue() * 100 + 300);
            }
        }
    }

    @Test
    void shouldFailTheShareOfInvalidBackendsWithNoCluster()
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(EXAMPLES.resolve("base"),
                EXAMPLES.resolve("mixed-invalid-backends")));
        assertThat(loaded.errors()).isEmpty();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> outcomes = new HashMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int i = 0; i < 10_000; i++)
            {
                final HttpRequest r = new HttpRequest(i, 0, "10.9.0.1", 80, "gateway-conformance-infra/same-namespace",
                        "default", Map.of(), "GET", "http", "gw.example", "/", Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                outcomes.merge(d.action() + " " + d.flags() + " " + d.status() + " " + d.host(), 1, Integer::sum);
            }
        }
        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(
                "route - -1 infra-backend-v1.gateway-conformance-infra.svc.cluster.local",
                "drop NC 500 invalid-backend-ref.gateway-api.invalid");
        assertThat(outcomes.get("drop NC 500 invalid-backend-ref.gateway-api.invalid")).isBetween(4_700, 5_300);
    }

    /** A request trace line, with the JSONL request format's defaults. */
    static HttpRequest request(final long id, final JsonNode r)
    {
        final String authority = text(r, "authority", "");
        final String scheme = text(r, "scheme", "http");
        int port = r.has("port") ? r.get("port").asInt() : scheme.equals("https") ? 443 : 80;
        final int colon = authority.lastIndexOf(':');
        if (!r.has("port") && colon > 0 && authority.indexOf(']', colon) < 0)
        {
            port = Integer.parseInt(authority.substring(colon + 1));
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        if (r.has("headers"))
        {
            r.get("headers").fields().forEachRemaining(
                    e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        }
        final HttpRequest request = new HttpRequest(id, 0, "10.9.0.1", port, text(r, "gateway", "mesh"),
                text(r, "sourceNamespace", "default"), Map.of(), text(r, "method", "GET"), scheme, authority,
                r.get("path").asText(), headers);
        return r.has("sni") ? request.withSni(r.get("sni").asText()) : request;
    }

    private static String text(final JsonNode r, final String field, final String dflt)
    {
        return r.has(field) ? r.get(field).asText() : dflt;
    }
}
