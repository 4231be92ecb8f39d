package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configs for the tests of a consistent hash whose key header goes upstream with several values
 * ({@code HeaderHashValuesDifferentialTest}, {@code CookieHashValuesDifferentialTest}): one service of four endpoints
 * (one of weight 2) on a random ring or Maglev table, a VirtualService whose route and destinations carry random
 * header operations on the hashed header; and six equal endpoints on a ring of 12 whose route adds one value.
 */
final class UpstreamValuesConfigs
{
    /** Six endpoints on a ring of 12; the route adds a value ({@code %s}) of the header the rule hashes. */
    static final String ADDED = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: keyed, namespace: default}
            spec:
              hosts: [keyed.example.com, joined.example.com]
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
            metadata: {name: keyed, namespace: default}
            spec:
              host: "*.example.com"
              trafficPolicy:
                loadBalancer:
                  consistentHash: {%s, ringHash: {minimumRingSize: 12}}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: keyed, namespace: default}
            spec:
              hosts: [keyed.example.com]
              http:
              - route:
                - destination: {host: keyed.example.com}
                headers:
                  request:
                    add: {%s: "%s"}
            """;

    private UpstreamValuesConfigs()
    {
    }

    /**
     * @param key    the rule's hash key, as YAML ({@code httpHeaderName: x-key}).
     * @param header the header the route adds a value of.
     * @param value  that value (YAML double-quoted).
     * @return {@link #ADDED} with them.
     */
    static String added(final String key, final String header, final String value)
    {
        return ADDED.formatted(key, header, value);
    }

    /**
     * @param rnd    the draws.
     * @param key    the rule's hash key, as YAML ({@code httpHeaderName: x-key}).
     * @param header the header the operations write.
     * @param values the values they write (YAML double-quoted).
     * @return a random config: the route (and each of one or two destinations) with or without operations.
     */
    static String config(final SplittableRandom rnd, final String key, final String header, final String[] values)
    {
        final boolean two = rnd.nextBoolean();
        final String table = rnd.nextBoolean() ? "maglev: {tableSize: 7}" : "ringHash: {minimumRingSize: "
                + (6 + rnd.nextInt(60)) + "}";
        final StringBuilder vs = new StringBuilder("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: keyed, namespace: default}
                spec:
                  hosts: [keyed.example.com]
                  http:
                  - route:
                """);
        for (int d = 0; d < (two ? 2 : 1); d++)
        {
            vs.append("    - destination: {host: keyed.example.com}\n");
            if (two)
            {
                vs.append("      weight: 50\n");
            }
            if (rnd.nextInt(3) > 0)
            {
                vs.append(ops(rnd, "      ", header, values));
            }
        }
        if (rnd.nextInt(3) > 0)
        {
            vs.append(ops(rnd, "    ", header, values));
        }
        return """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: keyed, namespace: default}
                spec:
                  hosts: [keyed.example.com]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints:
                  - {address: 127.0.0.1, ports: {http: 90}}
                  - {address: 127.0.0.1, ports: {http: 91}}
                  - {address: 127.0.0.1, ports: {http: 92}, weight: 2}
                  - {address: 127.0.0.1, ports: {http: 93}}
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: keyed, namespace: default}
                spec:
                  host: keyed.example.com
                  trafficPolicy:
                    loadBalancer:
                      consistentHash: {%s, %s}
                ---
                """.formatted(key, table) + vs;
    }

    /** Header operations on {@code header}: an add (beside another header), a set, a remove, or an add and a set. */
    private static String ops(final SplittableRandom rnd, final String indent, final String header,
            final String[] values)
    {
        final StringBuilder b = new StringBuilder(indent + "headers:\n" + indent + "  request:\n");
        final int kind = rnd.nextInt(4);
        final String value = "\"" + values[rnd.nextInt(values.length)] + "\"";
        if (kind == 0 || kind == 3)
        {
            b.append(indent).append("    add: {").append(header).append(": ").append(value).append(", other: o}\n");
        }
        if (kind == 1)
        {
            b.append(indent).append("    set: {").append(header).append(": ").append(value).append("}\n");
        }
        if (kind == 2)
        {
            b.append(indent).append("    remove: [").append(header).append("]\n");
        }
        if (kind == 3)
        {
            b.append(indent).append("    set: {other: p}\n");
        }
        return b.toString();
    }

    /** @return the model of a config that loads without errors. */
    static RoutingModel load(final String yaml)
    {
        final LoadedConfig loaded = new ConfigLoader().loadString("keyed.yaml", yaml);
        assertThat(loaded.errors()).as(yaml).isEmpty();
        return loaded.model();
    }

    /**
     * @return the bytes the least of three windows of 100,000 compiled lookups of the requests allocates
     *         ({@link FastPathAllocationTest#allocatedBy}); the calling test is skipped where the JVM cannot count.
     */
    static long allocatedRouting(final RoutingModel model, final HttpRequest[] requests)
    {
        final com.sun.management.ThreadMXBean mx = FastPathAllocationTest.threadAllocation();
        try (CompiledRouter router = CompiledRouter.compile(model))
        {
            return FastPathAllocationTest.allocatedBy(mx, router, requests);
        }
    }
}
