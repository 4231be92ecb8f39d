package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/cors-preflight}: Envoy's CORS filter after the fault filter (docs/routing.md §3). Every line of its
 * {@code cases.jsonl} is a request and the decision fields it must get, on the reference interpreter and on the
 * compiled FIB, which must agree.
 */
class CorsPreflightExampleTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("cors-preflight");

    private static LoadedConfig load()
    {
        return ExampleConfigs.loadClean(EXAMPLE);
    }

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = load();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSizeGreaterThan(10);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldReadThePoliciesAsIstioTranslatesThem()
    {
        final List<HttpRoute> http = load().model().virtualServices().get(0).http();
        assertThat(http.get(0).cors()).isEqualTo(new HttpRoute.Cors(List.of(
                StringMatch.exact("https://shop.example.com"),
                StringMatch.regex("https://[a-z]+\\.shop\\.example\\.com")), true));
        assertThat(http.get(1).cors().forwardUnmatched()).as("unmatchedPreflights: IGNORE").isFalse();
        assertThat(http.get(2).cors().allowOrigins()).as("the deprecated allowOrigin: exact matches")
                .containsExactly(StringMatch.exact("https://admin.example.com"));
        assertThat(http.get(4).cors()).isNull();
    }

    @Test
    void shouldAnswerAPreflightOnlyWhereTheRoutesPolicyAllowsItsOrigin()
    {
        final RoutingModel m = load().model();
        final Map<String, String> preflight = Map.of("origin", "https://shop.example.com",
                "access-control-request-method", "GET");
        int answered = 0;
        for (final String path : new String[] {"/api/x", "/pay/x", "/reports/x", "/v0/x", "/other"})
        {
            final RouteDecision d = Both.route(m, new HttpRequest(answered, 0, null, 8080, "mesh", "default", Map.of(),
                    "OPTIONS", null, "shop:8080", path, preflight));
            answered += "direct".equals(d.action()) && d.status() == 200 ? 1 : 0;
        }
        final RouteDecision slow = Both.route(m, new HttpRequest(9, 0, null, 8080, "mesh", "default", Map.of(),
                "OPTIONS", null, "shop:8080", "/reports/daily", Map.of("origin", "https://admin.example.com",
                "access-control-request-method", "GET")));
        assertThat(slow.action()).isEqualTo("direct");
        assertThat(slow.delayMillis()).as("the fault filter's delay comes before the CORS filter's answer")
                .isEqualTo(2000);
        assertThat(answered).as("api and payments allow the origin; reports does not, a redirect and the rest"
                + " have no CORS filter").isEqualTo(2);
    }

    @Test
    void shouldNotAllocateDecidingPreflights() throws IOException
    {
        final com.sun.management.ThreadMXBean mx = FastPathAllocationTest.threadAllocation();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        final HttpRequest[] requests = new HttpRequest[lines.size()];
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int i = 0; i < requests.length; i++)
        {
            requests[i] = DestinationPolicyExamplesTest.request(i, json.readTree(lines.get(i)).get("request"),
                    Map.of());
        }
        try (CompiledRouter router = CompiledRouter.compile(load().model()))
        {
            assertThat(FastPathAllocationTest.allocatedBy(mx, router, requests))
                    .as("bytes allocated by 100,000 lookups").isLessThan(1024);
        }
    }
}
