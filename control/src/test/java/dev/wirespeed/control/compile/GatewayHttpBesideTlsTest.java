package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway ports mixing HTTP servers with TCP or TLS servers (docs/routing.md §5.3, examples/gateway-http-beside-tls),
 * on both implementations: the servers Istio keeps in one listener, Envoy's choice among their chains by server name,
 * an HTTP request taking the HTTP routing, a connection reaching the plain-text HTTP chain.
 */
class GatewayHttpBesideTlsTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples");
    private static final String EDGE = "istio-system/edge";

    private static RoutingModel example()
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(EXAMPLES.resolve("gateway-http-beside-tls")));
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest request(final long id, final int port, final String scheme, final String authority,
            final String path)
    {
        return new HttpRequest(id, 0, "203.0.113.7", port, EDGE, "default", Map.of(), null, scheme, authority, path,
                Map.of());
    }

    private static HttpRequest connection(final long id, final int port, final String sni)
    {
        return request(id, port, null, "", "/").withSni(sni);
    }

    @Test
    void shouldRouteHttpsRequestsAndPassTlsThroughOnOnePort()
    {
        final RoutingModel m = example();
        final RouteDecision nginx = Both.route(m, connection(0, 443, "nginx.example.com"));
        assertThat(nginx.vs()).isEqualTo("istio-system/nginx");
        assertThat(nginx.endpoint()).isEqualTo("10.1.5.11:443");
        final RouteDecision page = Both.route(m, request(1, 443, "https", "bookinfo.example.com", "/productpage"));
        assertThat(page.vs()).isEqualTo("istio-system/bookinfo");
        assertThat(page.path()).isEqualTo("/productpage");
    }

    @Test
    void shouldGiveAConnectionTheTlsServersChainAndAnHttpRequestTheHttpServer()
    {
        final RoutingModel m = example();
        final RouteDecision db = Both.route(m, connection(2, 8000, "db.example.com"));
        assertThat(db.vs()).isEqualTo("istio-system/db");
        assertThat(db.endpoint()).isEqualTo("10.1.5.12:5432");
        assertThat(db.path()).isNull();
        final RouteDecision get = Both.route(m, request(5, 8000, null, "httpbin.example.com", "/get"));
        assertThat(get.vs()).isEqualTo("istio-system/httpbin");
        assertThat(get.path()).isEqualTo("/get");
    }

    @Test
    void shouldAnswerAConnectionTheHttpChainTakesWithACodecError()
    {
        final RoutingModel m = example();
        for (final String sni : new String[] {"other.example.org", ""})
        {
            final RouteDecision d = Both.route(m, connection(3, 8000, sni));
            assertThat(d.action()).as(sni).isEqualTo("drop");
            assertThat(d.status()).isEqualTo(400);
            assertThat(d.flags()).isEqualTo("DPE");
            assertThat(d.reason()).isEqualTo("downstream-protocol-error");
            assertThat(d.cluster()).isNull();
        }
    }

    @Test
    void shouldSkipAnHttpServerWrittenAfterAPlainTcpServer()
    {
        final RoutingModel m = example();
        final RouteDecision d = Both.route(m, request(6, 9000, null, "httpbin.example.com", "/get"));
        assertThat(d.vs()).as("Istio skips the HTTP server: the TCP server proxies the request as a connection")
                .isEqualTo("istio-system/legacy");
        assertThat(d.path()).isNull();
        assertThat(d.endpoint()).isEqualTo("10.1.5.14:9000");
    }
}
