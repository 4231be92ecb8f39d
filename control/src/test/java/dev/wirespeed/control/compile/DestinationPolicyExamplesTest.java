package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/destination-policies}: DestinationRules with a {@code workloadSelector}, {@code portLevelSettings},
 * a consistent hash on a cookie, {@code PASSTHROUGH}, and redirects with {@code derivePort}. Every line of its
 * {@code cases.jsonl} is a request and the decision fields it must get, on the reference interpreter and on the
 * compiled FIB, which must agree.
 */
class DestinationPolicyExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("destination-policies");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadedConfig load()
    {
        return ExampleConfigs.loadClean(EXAMPLE);
    }

    @Test
    void shouldLoadSelectorsPortSettingsCookiesAndPassthrough()
    {
        final Map<String, DestinationRule> rules = new HashMap<>();
        load().model().destinationRules().forEach(r -> rules.put(r.name(), r));
        assertThat(rules.get("reviews-for-productpage").workloadSelector()).isEqualTo(Map.of("app", "productpage"));
        assertThat(rules.get("reviews").workloadSelector()).isEmpty();
        assertThat(rules.get("reviews").trafficPolicy().forPort(9081).loadBalancer().consistentHash())
                .isEqualTo(new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_HEADER, "x-user"));
        assertThat(rules.get("reviews").trafficPolicy().forPort(9080)).isNull();
        assertThat(rules.get("ratings").trafficPolicy().loadBalancer().consistentHash())
                .isEqualTo(new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_COOKIE, "user", true));
        assertThat(rules.get("legacy").trafficPolicy().loadBalancer().simple())
                .isEqualTo(DestinationRule.Simple.PASSTHROUGH);
    }

    @Test
    void shouldMergeTheSecondRatingsRuleIntoTheFirstKeepingTheFirstPolicy()
    {
        final LoadedConfig loaded = load();
        final dev.wirespeed.control.model.RegistryService ratings = loaded.model().services().stream()
                .filter(s -> s.host().equals("ratings.default.svc.cluster.local")).findFirst().orElseThrow();
        final DestinationRule merged = new ReferenceRouter(loaded.model()).applicableRule(ratings, "default",
                Map.of());
        assertThat(merged.name()).isEqualTo("ratings");
        assertThat(merged.subsets()).extracting(DestinationRule.Subset::name).containsExactly("pinned");
        assertThat(merged.trafficPolicy().loadBalancer().consistentHash().name()).isEqualTo("user");
    }

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSizeGreaterThan(10);
        assertCases(loaded, reference, lines);
    }

    /**
     * Each line of a {@code cases.jsonl} ({@code request}, {@code expect}, the request id its line number): the
     * decision of the reference has every expected field, and the compiled FIB's is the same.
     */
    static void assertCases(final LoadedConfig loaded, final ReferenceRouter reference, final List<String> lines)
            throws IOException
    {
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int i = 0; i < lines.size(); i++)
            {
                final JsonNode c = JSON.readTree(lines.get(i));
                final HttpRequest request = request(i, c.get("request"), Map.of());
                final RouteDecision expected = reference.route(request);
                assertThat(compiled.route(request)).as("line %d: compiled vs reference", i + 1).isEqualTo(expected);
                final JsonNode decision = JSON.valueToTree(expected);
                final Iterator<Map.Entry<String, JsonNode>> fields = c.get("expect").fields();
                while (fields.hasNext())
                {
                    final Map.Entry<String, JsonNode> f = fields.next();
                    assertThat(decision.get(f.getKey())).as("line %d: %s of %s", i + 1, f.getKey(), decision)
                            .isEqualTo(f.getValue());
                }
            }
        }
    }

    @Test
    void shouldKeepEachSessionCookieOnOneEndpointAndSpreadTheSessions() throws IOException
    {
        final LoadedConfig loaded = load();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Set<String> endpoints = new HashSet<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (int user = 0; user < 50; user++)
            {
                String first = null;
                for (int id = 0; id < 20; id++)
                {
                    final HttpRequest r = request(user * 100 + id, JSON.readTree("{\"authority\": \"ratings:9080\","
                            + " \"path\": \"/r\"}"), Map.of("cookie", "lang=en; user=u" + user + "; x=1"));
                    final RouteDecision d = reference.route(r);
                    assertThat(compiled.route(r)).isEqualTo(d);
                    first = first == null ? d.endpoint() : first;
                    assertThat(d.endpoint()).as("user u%d, request %d", user, id).isEqualTo(first);
                }
                endpoints.add(first);
            }
        }
        assertThat(endpoints).as("50 sessions over the 3 ratings pods").hasSize(3);
    }

    @Test
    void shouldNeverSendProductpageToASubsetItsOwnRuleLacks() throws IOException
    {
        final LoadedConfig loaded = load();
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final Map<String, Integer> outcomes = new HashMap<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (final String app : new String[] {"productpage", "details"})
            {
                final HttpRequest r = request(1, JSON.readTree("{\"sourceLabels\": {\"app\": \"" + app + "\"},"
                        + " \"authority\": \"reviews:9080\", \"path\": \"/v3\"}"), Map.of());
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                outcomes.merge(app + " " + d.flags(), 1, Integer::sum);
            }
        }
        assertThat(outcomes).containsOnlyKeys("productpage NC", "details -");
    }

    @Test
    void shouldNotAllocateChoosingRulesByLabelsHashingCookiesOrPassingThrough() throws IOException
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        final HttpRequestView[] views = new HttpRequestView[lines.size()];
        for (int i = 0; i < views.length; i++)
        {
            views[i] = HttpRequestView.of(request(i, JSON.readTree(lines.get(i)).get("request"), Map.of()));
        }
        try (CompiledRouter router = CompiledRouter.compile(load().model()))
        {
            final dev.wirespeed.fib.l7.L7Lookup lookup = router.newLookup();
            final dev.wirespeed.fib.l7.L7Result result = new dev.wirespeed.fib.l7.L7Result();
            long sink = 0;
            for (int i = 0; i < 200_000; i++)
            {
                lookup.route(views[i % views.length], result);
                sink += result.endpoint;
            }
            final long thread = Thread.currentThread().getId();
            final long before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++)
            {
                lookup.route(views[i % views.length], result);
                sink += result.endpoint;
            }
            final long allocated = mx.getThreadAllocatedBytes(thread) - before;
            assertThat(sink).isNotZero();
            assertThat(allocated).as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }

    /** A request trace line, with the JSONL request format's defaults (and its labels and original destination). */
    static HttpRequest request(final long id, final JsonNode r, final Map<String, String> extraHeaders)
    {
        final String authority = text(r, "authority", "");
        int port = r.has("port") ? r.get("port").asInt() : 80;
        final int colon = authority.lastIndexOf(':');
        if (!r.has("port") && colon > 0)
        {
            port = Integer.parseInt(authority.substring(colon + 1));
        }
        final Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (r.has("headers"))
        {
            r.get("headers").fields().forEachRemaining(
                    e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        }
        final Map<String, String> labels = new LinkedHashMap<>();
        if (r.has("sourceLabels"))
        {
            r.get("sourceLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        final HttpRequest h = new HttpRequest(id, 0, sourceAddress(text(r, "src", "10.1.0.5")), port,
                text(r, "gateway", "mesh"),
                text(r, "sourceNamespace", "default"), labels, text(r, "method", "GET"), text(r, "scheme", "http"),
                authority, r.get("path").asText(), headers).withDst(r.has("dst") ? r.get("dst").asText() : null);
        return r.has("sni") ? h.withSni(r.get("sni").asText()) : h; // a connection
    }

    /** A case's {@code src} without the port it may end in ({@code a.b.c.d:port}, {@code [v6]:port}). */
    private static String sourceAddress(final String src)
    {
        if (src.startsWith("["))
        {
            return src.substring(1, src.indexOf(']'));
        }
        final int colon = src.indexOf(':');
        return colon > 0 && colon == src.lastIndexOf(':') ? src.substring(0, colon) : src;
    }

    private static String text(final JsonNode r, final String field, final String dflt)
    {
        return r.has(field) ? r.get(field).asText() : dflt;
    }
}
