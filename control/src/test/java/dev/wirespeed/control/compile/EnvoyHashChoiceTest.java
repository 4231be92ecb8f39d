package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.l7.RequestHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A header key hashed into Envoy's ring and Maglev table through the whole lookup, on the reference and the compiled
 * FIB: the six endpoints of Envoy's own unit tests ({@code 127.0.0.1:90} to {@code :95}), and for each ring entry
 * (each Maglev slot) a header value whose xxHash64 falls just there, found by search; the endpoint must be the one
 * Envoy's {@code ring_hash_lb_test.cc} / {@code maglev_lb_test.cc} expect.
 */
class EnvoyHashChoiceTest
{
    private static final String CONFIG = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: six, namespace: default}
            spec:
              hosts: [ring.example.com, maglev.example.com, source.example.com]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints:
              - {address: 127.0.0.1, ports: {http: 90}}
              - {address: 127.0.0.1, ports: {http: 91}}
              - {address: 127.0.0.1, ports: {http: 92}}
              - {address: 127.0.0.1, ports: {http: 93}}
              - {address: 127.0.0.1, ports: {http: 94}}
              - {address: 127.0.0.1, ports: {http: 95}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: ring, namespace: default}
            spec:
              host: ring.example.com
              trafficPolicy:
                loadBalancer:
                  consistentHash: {httpHeaderName: x-key, ringHash: {minimumRingSize: 12}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: by-source, namespace: default}
            spec:
              host: source.example.com
              trafficPolicy:
                loadBalancer:
                  consistentHash: {useSourceIp: true, ringHash: {minimumRingSize: 12}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: maglev, namespace: default}
            spec:
              host: maglev.example.com
              trafficPolicy:
                loadBalancer:
                  consistentHash: {httpHeaderName: x-key, maglev: {tableSize: 7}}
            """;

    private static RoutingModel model()
    {
        final LoadedConfig loaded = new ConfigLoader().loadString("six.yaml", CONFIG);
        assertThat(loaded.errors()).isEmpty();
        return loaded.model();
    }

    private static long xx(final String s)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return RequestHash.xxHash64(b, 0, b.length);
    }

    private static String endpointFor(final RoutingModel model, final String host, final String key)
    {
        final HttpRequest request = new HttpRequest(1, 0, "10.9.0.1", 80, null, null, Map.of(), "GET", "http", host,
                "/", Map.of("x-key", key));
        return Both.route(model, request).endpoint();
    }

    @Test
    void shouldSendEachRingArcToTheHostEnvoysBasicTestPutsThere()
    {
        final RoutingModel model = model();
        final String[][] ring = HashTableBuilderTest.ENVOY_RING;
        for (int k = 0; k < ring.length; k++)
        {
            // a key whose hash is above the previous entry and at most this one (the first arc also takes what
            // is past the last entry)
            final long low = k == 0 ? Long.parseUnsignedLong(ring[ring.length - 1][0]) : Long.parseUnsignedLong(
                    ring[k - 1][0]);
            final long high = Long.parseUnsignedLong(ring[k][0]);
            String key = null;
            for (int i = 0; key == null; i++)
            {
                final long h = xx("k" + i);
                final boolean above = Long.compareUnsigned(h, low) > 0;
                final boolean atMost = Long.compareUnsigned(h, high) <= 0;
                if (k == 0 ? above || atMost : above && atMost)
                {
                    key = "k" + i;
                }
            }
            assertThat(endpointFor(model, "ring.example.com", key)).as("ring entry %d, key %s", k, key)
                    .isEqualTo("127.0.0.1:" + (90 + Integer.parseInt(ring[k][1])));
        }
    }

    @Test
    void shouldHashAnIpv6SourceAsEnvoyPrintsIt()
    {
        final RoutingModel model = model();
        final long h = xx("2001:db8::5"); // Envoy's addressAsString of the source
        final String[][] ring = HashTableBuilderTest.ENVOY_RING;
        int entry = 0;
        while (entry < ring.length && Long.compareUnsigned(Long.parseUnsignedLong(ring[entry][0]), h) < 0)
        {
            entry++;
        }
        final String expected = "127.0.0.1:" + (90 + Integer.parseInt(ring[entry == ring.length ? 0 : entry][1]));
        for (final String written : new String[] {"2001:db8::5", "2001:DB8:0:0::5", "2001:0db8:0000::0005"})
        {
            final HttpRequest request = new HttpRequest(1, 0, written, 80, null, null, Map.of(), "GET", "http",
                    "source.example.com", "/", Map.of());
            assertThat(Both.route(model, request).endpoint()).as("source %s", written).isEqualTo(expected);
        }
    }

    @Test
    void shouldSendEachMaglevSlotToTheHostEnvoysBasicTestPutsThere()
    {
        final RoutingModel model = model();
        final int[] table = HashTableBuilderTest.ENVOY_MAGLEV_7;
        for (int slot = 0; slot < table.length; slot++)
        {
            String key = null;
            for (int i = 0; key == null; i++)
            {
                key = Long.remainderUnsigned(xx("m" + i), 7) == slot ? "m" + i : null;
            }
            assertThat(endpointFor(model, "maglev.example.com", key)).as("slot %d, key %s", slot, key)
                    .isEqualTo("127.0.0.1:" + (90 + table[slot]));
        }
    }
}
