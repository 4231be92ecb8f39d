package dev.wirespeed.control.config;

import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.StringMatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wirespeed.control.config.ConfigLoaderValidationTest.VS_HEAD;
import static dev.wirespeed.control.config.ConfigLoaderValidationTest.vsErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code corsPolicy} and the Gateway API CORS filter as Istio reads and translates them (docs/config.md): what the
 * decision reads, and Istio's checks with their {@code file:line:column}.
 */
class CorsPolicyConfigTest
{
    private static HttpRoute firstRoute(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", yaml);
        assertThat(c.errors()).isEmpty();
        return c.model().virtualServices().get(0).http().get(0);
    }

    @Test
    void shouldReadAllowOriginsAndForwardUnmatchedPreflightsByDefault()
    {
        final HttpRoute r = firstRoute(VS_HEAD + """
                  - corsPolicy:
                      allowOrigins: [{exact: "https://a.com"}, {prefix: "https://b"}, {regex: ".*\\\\.c\\\\.com"}]
                      allowOrigin: ["https://ignored.com"]
                      allowMethods: [GET, POST, "*"]
                      allowHeaders: [x-a, "*"]
                      exposeHeaders: [x-b]
                      maxAge: 24h
                      allowCredentials: true
                      unmatchedPreflights: FORWARD
                    route:
                    - destination: {host: reviews}
                """);
        assertThat(r.cors()).isEqualTo(new HttpRoute.Cors(List.of(StringMatch.exact("https://a.com"),
                StringMatch.prefix("https://b"), StringMatch.regex(".*\\.c\\.com")), true));
    }

    @Test
    void shouldReadTheDeprecatedAllowOriginAsExactMatchesAndIgnoreAsAnswering()
    {
        final HttpRoute r = firstRoute(VS_HEAD + """
                  - corsPolicy:
                      allowOrigin: ["https://a.com", "*"]
                      unmatchedPreflights: IGNORE
                    route:
                    - destination: {host: reviews}
                """);
        assertThat(r.cors()).isEqualTo(new HttpRoute.Cors(List.of(StringMatch.exact("https://a.com"),
                StringMatch.exact("*")), false));
    }

    @Test
    void shouldReportIstiosCorsChecksWithTheirPositions()
    {
        assertThat(vsErrors("""
                  - corsPolicy:
                      allowOrigins: [{exact: ""}, {regex: "a("}, {}]
                      allowMethods: [GET, FETCH]
                      allowHeaders: ["", "x y"]
                      maxAge: 1500ms
                      unmatchedPreflights: DROP
                      allowCredentials: maybe
                      allowOrigns: []
                    route:
                    - destination: {host: reviews}
                """)).containsExactlyInAnyOrder(
                "t.yaml:9:22: error: spec.http[0].corsPolicy.allowOrigins[0]: '' is not a valid match type for CORS"
                        + " allow origins",
                "t.yaml:9:43: error: spec.http[0].corsPolicy.allowOrigins[1].regex: invalid RE2 regex: error"
                        + " parsing regexp: missing closing ): `a(`",
                "t.yaml:9:50: error: spec.http[0].corsPolicy.allowOrigins[2]: string match must set exactly one of"
                        + " \"exact\", \"prefix\", \"regex\"",
                "t.yaml:10:27: error: spec.http[0].corsPolicy.allowMethods[1]: \"FETCH\" is not a supported HTTP"
                        + " method (expected one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or *)",
                "t.yaml:11:22: error: spec.http[0].corsPolicy.allowHeaders[0]: header name cannot be empty",
                "t.yaml:11:26: error: spec.http[0].corsPolicy.allowHeaders[1]: header name x y is not a valid header"
                        + " name",
                "t.yaml:12:15: error: spec.http[0].corsPolicy.maxAge: max_age duration is accurate only to seconds"
                        + " precision",
                "t.yaml:13:28: error: spec.http[0].corsPolicy.unmatchedPreflights: unmatchedPreflights must be"
                        + " FORWARD, IGNORE or UNSPECIFIED, got \"DROP\"",
                "t.yaml:14:25: error: spec.http[0].corsPolicy.allowCredentials: expected a boolean (true or false), got"
                        + " the string \"maybe\"",
                "t.yaml:15:7: error: spec.http[0].corsPolicy.allowOrigns: unknown field \"allowOrigns\" (did you"
                        + " mean \"allowOrigin\"?)");
    }

    @Test
    void shouldRejectACorsPolicyThatIsNotAMapping()
    {
        assertThat(vsErrors("""
                  - corsPolicy: [https://a.com]
                    route:
                    - destination: {host: reviews}
                """)).hasSize(1).allMatch(e -> e.startsWith("t.yaml:8:17: error: spec.http[0].corsPolicy: "));
    }

    @Test
    void shouldConvertTheGatewayApiCorsFilterAsIstioDoes()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: istio
                  listeners:
                  - {name: http, port: 80, protocol: HTTP}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec:
                  ports:
                  - {name: http, port: 8080}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters:
                    - type: CORS
                      cors:
                        allowOrigins: ["https://a.com", "https://b.*", "https://*.c.com", "*", ""]
                        allowMethods: [GET]
                        allowCredentials: true
                        maxAge: 60
                    backendRefs: [{name: web, port: 8080}]
                """);
        assertThat(c.errors()).isEmpty();
        final HttpRoute r = c.model().virtualServices().get(0).http().get(0);
        assertThat(r.cors()).isEqualTo(new HttpRoute.Cors(List.of(StringMatch.exact("https://a.com"),
                StringMatch.prefix("https://b."), StringMatch.regex("^https://.*\\.c\\.com$"),
                StringMatch.regex(CorsPolicyBinder.ANY_ORIGIN)), false));
    }

    @Test
    void shouldRejectACorsFilterInAGrpcRouteAsIstioDoes()
    {
        assertThat(new ConfigLoader().loadString("t.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: g, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters:
                    - type: CORS
                    backendRefs: [{name: web, port: 8080}]
                """).errors()).extracting(Diagnostic::format).containsExactly("t.yaml:8:13: error:"
                + " spec.rules[0].filters[0].type: filter type \"CORS\" is not supported in a GRPCRoute (Istio:"
                + " unsupported filter type)");
    }

    @Test
    void shouldQuoteRegexCharactersAsGoDoes()
    {
        assertThat(CorsPolicyBinder.quoteMeta("a.b+c*d?(e)|[f]{g}^h$\\i/j")).isEqualTo(
                "a\\.b\\+c\\*d\\?\\(e\\)\\|\\[f\\]\\{g\\}\\^h\\$\\\\i/j");
    }
}
