package dev.wirespeed.control.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadOptions;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/request-authentication} (docs/routing.md "Request authentication"): the ingress gateway's
 * RequestAuthentication (RS256, default locations, an audience) and the books sidecars' (ES256, a custom header with
 * a prefix and a query parameter), with tokens signed by the example's keys. Every record of its trace gets the same
 * decision from the reference interpreter and the compiled FIB, and the decision worked out by hand.
 */
class RequestAuthenticationExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("request-authentication");
    /** The example's clock: 2026-01-01T00:00:00Z. */
    private static final long NOW = 1767225600L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOKS = "outbound|8000||books.bookstore.svc.cluster.local";

    private static LoadedConfig load(final long now)
    {
        return new ConfigLoader().load(List.of(EXAMPLE), LoadOptions.NONE.withJwt(List.of(), now));
    }

    private static List<HttpRequest> trace() throws IOException
    {
        final List<HttpRequest> out = new ArrayList<>();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("requests.jsonl"));
        for (int i = 0; i < lines.size(); i++)
        {
            out.add(DestinationPolicyExamplesTest.request(i, JSON.readTree(lines.get(i)), Map.of()));
        }
        return out;
    }

    private static List<RouteDecision> decide(final LoadedConfig loaded) throws IOException
    {
        final ReferenceRouter reference = new ReferenceRouter(loaded.model());
        final List<RouteDecision> out = new ArrayList<>();
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            for (final HttpRequest r : trace())
            {
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).as("record %d: compiled vs reference", r.id()).isEqualTo(d);
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void shouldGiveEachRecordItsHandWorkedDecisionInBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load(NOW);
        assertThat(loaded.hasErrors()).isFalse();
        final List<RouteDecision> d = decide(loaded);
        final String[] expected = {
            "route 10.1.0.81:8080 -1 null",
            "direct null 401 Jwt is expired",
            "direct null 401 Jwt not yet valid",
            "direct null 401 Jwt issuer is not configured",
            "direct null 403 Audiences in Jwt are not allowed",
            "direct null 401 Jwt verification fails",
            "route 10.1.0.81:8080 -1 null",
            "direct null 401 Jwt is expired",
            "route 10.1.0.81:8080 -1 null",
            "direct 10.1.0.81:8080 401 Jwks doesn't have key to match kid or alg from Jwt",
            "direct 10.1.0.81:8080 401 Jwks doesn't have key to match kid or alg from Jwt",
            "route 10.1.0.81:8080 -1 null",
            "direct 10.1.0.81:8080 401 Jwks doesn't have key to match kid or alg from Jwt",
            "route 10.1.0.81:8080 -1 null",
            // AuthorizationPolicies on what the filters accepted: admin-area on the gateway, drafts on books
            "route 10.1.0.81:8080 -1 null",
            "drop null 403 RBAC: access denied",
            "drop null 403 RBAC: access denied",
            "route 10.1.0.81:8080 403 null",
            "route 10.1.0.81:8080 -1 null",
        };
        assertThat(d).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++)
        {
            final RouteDecision x = d.get(i);
            assertThat(x.action() + " " + x.endpoint() + " " + x.status() + " " + x.body()).as("record %d", i)
                    .isEqualTo(expected[i]);
        }
        // a gateway's local reply comes before routing: no route, no cluster; the sidecar's keeps the client's routing
        assertThat(d.get(1).vs()).isNull();
        assertThat(d.get(1).cluster()).isNull();
        assertThat(d.get(12).vs()).isEqualTo("bookstore/books");
        assertThat(d.get(12).cluster()).isEqualTo(BOOKS);
        // 14: alice's token, principal https://issuer.example.com/alice, groups [admin]: neither rule matches;
        // 15: no token, no principal: notRequestPrincipals holds; 16: carol's groups [reader]: the claim's notValues
        // holds; 17: bob's token at the books sidecar matches requestPrincipals */bob; 18: no token there
        assertThat(d.get(14).authz()).isNull();
        assertThat(d.get(15).authz()).isEqualTo("deny:istio-system/admin-area");
        assertThat(d.get(16).authz()).isEqualTo("deny:istio-system/admin-area");
        assertThat(d.get(17).authz()).isEqualTo("deny:bookstore/drafts");
        assertThat(d.get(18).authz()).isNull();
    }

    @Test
    void shouldCheckExpiryAgainstTheGivenClockOnlyWithItsSkew() throws IOException
    {
        // the expired token's exp is NOW - 3600: within Envoy's 60 s clock skew of it, it still passes
        assertThat(decide(load(NOW - 3600 + 60)).get(1).action()).isEqualTo("route");
        assertThat(decide(load(NOW - 3600 + 61)).get(1).body()).isEqualTo("Jwt is expired");
        // nbf NOW + 3600: valid from 60 s before it
        assertThat(decide(load(NOW + 3600 - 60)).get(2).action()).isEqualTo("route");
        assertThat(decide(load(NOW + 3600 - 61)).get(2).body()).isEqualTo("Jwt not yet valid");
    }

    @Test
    void shouldReportBadPoliciesAndKeySetsAtTheirLineAndColumn()
    {
        final LoadedConfig bad = new ConfigLoader().loadString("ra.yaml", """
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata:
                  name: bad
                  namespace: default
                spec:
                  jwtRules:
                  - issuer: https://a.example
                    jwks: '{"keys":[{"kty":"RSA","e":"AQAB"}]}'
                  - audiences: [""]
                    fromHeaders:
                    - prefix: "Bearer "
                  - issuer: https://b.example
                    jwks: 'not json'
                    outputClaimToHeaders:
                    - header: "bad header"
                      claim: sub
                """);
        final String[][] expected = {
            {"ra.yaml:9:11: error: ", "jwks parse error: keys[0]: [n] field is missing for a RSA key"},
            {"ra.yaml:10:5: error: ", "issuer or jwksUri must be non-empty string"},
            {"ra.yaml:10:16: error: ", "audience must be non-empty string"},
            {"ra.yaml:12:7: error: ", "location header name must be non-empty string"},
            {"ra.yaml:14:11: error: ", "jwks parse error: Jwks is an invalid JSON"},
            {"ra.yaml:16:15: error: ", "invalid header name: \"bad header\""},
        };
        assertThat(bad.formattedDiagnostics()).hasSize(expected.length);
        for (final String[] e : expected)
        {
            assertThat(bad.formattedDiagnostics()).anyMatch(m -> m.startsWith(e[0]) && m.endsWith(e[1]));
        }
    }

    @Test
    void shouldFailEveryTokenOfAJwksUriWithoutKeysAndWarn() throws IOException
    {
        final String yaml = Files.readString(EXAMPLE.resolve("request-authentications.yaml"))
                .replaceFirst("jwks: '\\{\"keys\":\\[\\{\"kty\":\"RSA\"[^\\n]*",
                        "jwksUri: https://issuer.example.com/jwks");
        final Path dir = Files.createTempDirectory("ra");
        for (final String f : List.of("registry.yaml", "gateway.yaml"))
        {
            Files.copy(EXAMPLE.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("request-authentications.yaml"), yaml);
        final LoadedConfig loaded = new ConfigLoader().load(List.of(dir), LoadOptions.NONE.withJwt(List.of(), NOW));
        assertThat(loaded.formattedDiagnostics()).as(loaded.formattedDiagnostics().toString())
                .anyMatch(m -> m.contains("warning: ") && m.contains("no key set given for "
                + "\"https://issuer.example.com/jwks\""));
        assertThat(decide(loaded).get(0).body()).isEqualTo("Jwt verification fails");
        // given offline, the same key set verifies it again
        final JsonNode rsa = JSON.readTree(Files.readAllLines(EXAMPLE.resolve("tokens.txt")).get(0).substring(9));
        final Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, rsa.toString());
        final LoadedConfig given = new ConfigLoader().load(List.of(dir),
                LoadOptions.NONE.withJwt(List.of("https://issuer.example.com/jwks=" + jwks), NOW));
        assertThat(given.formattedDiagnostics()).noneMatch(m -> m.contains("no key set given"));
        assertThat(decide(given).get(0).action()).isEqualTo("route");
    }

    @Test
    void shouldNotAllocateCheckingTokensSeenBefore() throws IOException
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        final List<HttpRequest> trace = trace();
        final HttpRequestView[] views = new HttpRequestView[trace.size()];
        for (int i = 0; i < views.length; i++)
        {
            views[i] = HttpRequestView.of(trace.get(i));
        }
        try (CompiledRouter router = CompiledRouter.compile(load(NOW).model()))
        {
            final dev.wirespeed.fib.l7.L7Lookup lookup = router.newLookup();
            final dev.wirespeed.fib.l7.L7Result result = new dev.wirespeed.fib.l7.L7Result();
            long sink = 0;
            for (int i = 0; i < 100_000; i++)
            {
                lookup.route(views[i % views.length], result);
                sink += result.status;
            }
            final long thread = Thread.currentThread().getId();
            final long before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 50_000; i++)
            {
                lookup.route(views[i % views.length], result);
                sink += result.status;
            }
            final long allocated = mx.getThreadAllocatedBytes(thread) - before;
            assertThat(sink).isNotZero();
            assertThat(allocated).as("bytes allocated by 50,000 lookups of tokens seen before").isLessThan(1024);
            assertThat(lookup.jwt().misses()).as("one check per distinct provider and token").isLessThan(20);
        }
    }

    @Test
    void shouldAttachATargetRefToItsGatewayApiGatewayOnly() throws IOException
    {
        final String base = Files.readString(EXAMPLE.getParent().resolve("gateway-api/base/base.yaml"));
        final String route = Files.readString(EXAMPLE.getParent().resolve("gateway-api/header-matching/route.yaml"));
        final String jwks = Files.readAllLines(EXAMPLE.resolve("tokens.txt")).get(0).substring(9);
        final String policy = """
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata:
                  name: at-gateway
                  namespace: gateway-conformance-infra
                spec:
                  targetRefs:
                  - group: gateway.networking.k8s.io
                    kind: Gateway
                    name: same-namespace
                  jwtRules:
                  - issuer: https://issuer.example.com
                    jwks: '%s'
                """.formatted(jwks);
        final LoadedConfig loaded = new ConfigLoader().loadStrings(new java.util.LinkedHashMap<>(Map.of("base.yaml",
                base, "route.yaml", route, "ra.yaml", policy)));
        assertThat(loaded.hasErrors()).as(loaded.formattedDiagnostics().toString()).isFalse();
        final String expired = Files.readAllLines(EXAMPLE.resolve("tokens.txt")).get(3).substring(8);
        final dev.wirespeed.control.model.RoutingModel m = loaded.model().withRequestAuthn(
                new dev.wirespeed.control.model.RequestAuthentications(loaded.model().requestAuthn().policies(), NOW,
                        loaded.model().requestAuthn().gatewayApi()));
        final ReferenceRouter reference = new ReferenceRouter(m);
        try (CompiledRouter compiled = CompiledRouter.compile(m))
        {
            for (final String gateway : List.of("same-namespace", "all-namespaces"))
            {
                final HttpRequest r = new HttpRequest(0, 0, "10.1.0.5", 80, "gateway-conformance-infra/" + gateway,
                        "default", Map.of(), "GET", "http", "", "/", Map.of("version", "one", "authorization",
                        "Bearer " + expired));
                final RouteDecision d = reference.route(r);
                assertThat(compiled.route(r)).isEqualTo(d);
                assertThat(d.body()).as(gateway).isEqualTo(gateway.equals("same-namespace") ? "Jwt is expired"
                        : null);
            }
        }
    }
}
