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
 * A gateway port mixing AUTO_PASSTHROUGH, TLS passthrough and TCP servers (docs/routing.md §5.3), on both
 * implementations: Envoy's filter chain match over all their chains (server name first, then ALPN), the
 * AUTO_PASSTHROUGH chains' Istio mTLS ALPN condition and the MESH_EXTERNAL services they leave out (§5.2).
 */
class GatewayMixedPortTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples");
    private static final String EDGE = "istio-system/edge";

    private static RoutingModel example()
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(EXAMPLES.resolve("gateway-mixed-port")));
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest connection(final long id, final String sni, final String alpn)
    {
        return new HttpRequest(id, 0, "203.0.113.7", 15443, EDGE, "default", Map.of(), null, null, "", "/",
                Map.of()).withSni(sni).withAlpn(alpn);
    }

    @Test
    void shouldTakeTheAutoPassthroughChainOnlyWithAnIstioAlpnAndCloseTheConnectionOtherwise()
    {
        final RoutingModel m = example();
        final String reviews = "outbound_.9080_._.reviews.default.svc.cluster.local";
        for (final String alpn : new String[] {null, "istio-peer-exchange,istio", "h2,istio-h2"})
        {
            final RouteDecision d = Both.route(m, connection(0, reviews, alpn));
            assertThat(d.cluster()).as("alpn " + alpn).isEqualTo("outbound|9080||reviews.default.svc.cluster.local");
            assertThat(d.vs()).isNull();
        }
        for (final String alpn : new String[] {"h2,http/1.1", ""})
        {
            // the exact name narrows Envoy's choice to the AUTO_PASSTHROUGH chain: the catch-all TCP chain, less
            // specific by name, is not looked at when its ALPN condition fails
            final RouteDecision d = Both.route(m, connection(1, reviews, alpn));
            assertThat(d.flags()).as("alpn '" + alpn + "'").isEqualTo("NR");
            assertThat(d.action()).isEqualTo("drop");
        }
    }

    @Test
    void shouldLeaveAMeshExternalServiceEntryOutOfTheAutoPassthroughChains()
    {
        final RoutingModel m = example();
        final RouteDecision internal = Both.route(m, connection(2, "outbound_.6379_._.cache.vm.local", "istio"));
        assertThat(internal.cluster()).isEqualTo("outbound|6379||cache.vm.local");
        assertThat(internal.endpoint()).isEqualTo("10.2.0.7:6379");
        final RouteDecision external = Both.route(m, connection(3, "outbound_.5432_._.db.partner.local", "istio"));
        assertThat(external.vs()).as("no AUTO_PASSTHROUGH chain: the TCP server's takes it")
                .isEqualTo("istio-system/fallback");
        assertThat(external.host()).isEqualTo("fallback.default.svc.cluster.local");
    }

    @Test
    void shouldChooseAmongEveryChainOfThePortByServerName()
    {
        final RoutingModel m = example();
        final RouteDecision legacy = Both.route(m, connection(4, "legacy.example.com", "h2"));
        assertThat(legacy.vs()).isEqualTo("istio-system/legacy");
        assertThat(legacy.endpoint()).isEqualTo("10.1.0.41:8443");
        for (final String sni : new String[] {"other.example.org", "x.example.com", ""})
        {
            assertThat(Both.route(m, connection(5, sni, null)).vs()).as(sni).isEqualTo("istio-system/fallback");
        }
        final RouteDecision plain = Both.route(m, new HttpRequest(6, 0, null, 15443, EDGE, "default", Map.of(),
                null, null, "", "/", Map.of()));
        assertThat(plain.vs()).as("a record without sni on a port with a TCP server")
                .isEqualTo("istio-system/fallback");
        assertThat(plain.path()).isNull();
    }
}
