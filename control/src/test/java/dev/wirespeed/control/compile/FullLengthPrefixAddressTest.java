package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.reference.ReferenceRouter;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ServiceEntry address that is a prefix of full length ({@code /32}, {@code /128}) is the address alone (Istio's
 * ServiceEntry conversion, docs/routing.md §1 item 8): the service's address alias (a domain of its virtual hosts) and
 * its listener's address, as for any address literal; a shorter prefix stays a CIDR.
 */
class FullLengthPrefixAddressTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONFIG = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: api, namespace: default}
            spec:
              hosts: [api.internal]
              addresses: ["%s"]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints: [{address: 10.6.0.1}]
            """;

    private static RouteDecision route(final String address, final String authority) throws Exception
    {
        final LoadedConfig loaded = new ConfigLoader().loadString("t.yaml", CONFIG.formatted(address));
        assertThat(loaded.errors()).isEmpty();
        final HttpRequest r = DestinationPolicyExamplesTest.request(0, JSON.readTree("{\"authority\": \"" + authority
                + "\", \"port\": 80, \"path\": \"/\"}"), Map.of());
        try (CompiledRouter compiled = CompiledRouter.compile(loaded.model()))
        {
            final RouteDecision d = new ReferenceRouter(loaded.model()).route(r);
            assertThat(compiled.route(r)).isEqualTo(d);
            return d;
        }
    }

    @Test
    void shouldTakeAFullLengthPrefixAsTheAddressAlone()
    {
        assertThat(new ConfigLoader().loadString("t.yaml", CONFIG.formatted("10.5.0.7/32")).model().services()
                .get(0).addresses()).containsExactly("10.5.0.7");
        assertThat(new ConfigLoader().loadString("t.yaml", CONFIG.formatted("2001:DB8:0::7/128")).model().services()
                .get(0).addresses()).containsExactly("2001:db8::7");
        assertThat(new ConfigLoader().loadString("t.yaml", CONFIG.formatted("10.5.0.0/31")).model().services()
                .get(0).addresses()).containsExactly("10.5.0.0/31");
    }

    @Test
    void shouldRouteTheAddressAsAnAliasOfTheService() throws Exception
    {
        assertThat(route("10.5.0.7/32", "10.5.0.7").cluster()).isEqualTo("outbound|80||api.internal");
        assertThat(route("10.5.0.7", "10.5.0.7").cluster()).isEqualTo("outbound|80||api.internal");
        // a shorter prefix is no alias: the authority stays as written and takes the catch-all
        assertThat(route("10.5.0.6/31", "10.5.0.7").cluster()).isEqualTo("PassthroughCluster");
    }
}
