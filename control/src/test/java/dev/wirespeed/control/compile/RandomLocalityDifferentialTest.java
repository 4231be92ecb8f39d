package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RouteTrace;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code RANDOM} under a {@code failover} list or a {@code failoverPriority} (docs/routing.md §4): Envoy's random
 * load balancer picks a locality of the best priority by its weight (the sum of its endpoints' weights) before an
 * endpoint. Random weighted endpoints over several localities, random clients; the compiled FIB against the reference
 * (printed seed), and the shares over consecutive ids checked against the locality weights.
 */
class RandomLocalityDifferentialTest
{
    private static final int MODELS = Integer.getInteger("wirespeed.models", 150);
    private static final String[] LOCALITIES = {"us-east/zone-a/sz1", "us-east/zone-a/sz2", "us-east/zone-b",
        "eu-west/zone-c", "eu-west/zone-d", "ap-south/zone-e"};
    /** Clients' {region, zone, subzone}: some where endpoints are, some in a region none has. */
    private static final String[][] CLIENTS = {{"us-east", "zone-a", "sz1"}, {"us-east", "zone-b", ""},
        {"eu-west", "zone-c", ""}, {"ap-south", "zone-e", ""}, {"sa-east", "zone-x", ""}, {"", "", ""}};
    private static final String[] SETTINGS = {
        "failover: [{from: us-east, to: eu-west}, {from: sa-east, to: ap-south}]",
        "failover: [{from: ap-south, to: us-east}]",
        "failoverPriority: [topology.kubernetes.io/region]",
        "failoverPriority: [topology.kubernetes.io/region, topology.kubernetes.io/zone]",
        "failoverPriority: [version]",
        "{failoverPriority: [version], failover: [{from: us-east, to: eu-west}]}",
        "enabled: true"};

    private static String config(final SplittableRandom rnd, final String setting, final String[] localities,
            final long[] weights)
    {
        final StringBuilder b = new StringBuilder("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: pool, namespace: default}
                spec:
                  hosts: [pool.internal]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints:
                """);
        for (int k = 0; k < localities.length; k++)
        {
            b.append("  - {address: 10.7.0.").append(k + 1).append(", locality: ").append(localities[k])
                    .append(", weight: ").append(weights[k]).append(", labels: {version: v")
                    .append(rnd.nextInt(2)).append("}}\n");
        }
        final String lbSetting = setting.startsWith("{") ? setting : "{" + setting + "}";
        b.append("""
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: pool, namespace: default}
                spec:
                  host: pool.internal
                  trafficPolicy:
                    loadBalancer: {simple: RANDOM, localityLbSetting: %s}
                    outlierDetection: {consecutive5xxErrors: 5}
                """.formatted(lbSetting));
        return b.toString();
    }

    private static HttpRequest request(final long id, final String[] client, final String version)
    {
        final Map<String, String> labels = new HashMap<>();
        labels.put("version", version);
        if (!client[0].isEmpty())
        {
            labels.put("topology.kubernetes.io/region", client[0]);
            labels.put("topology.kubernetes.io/zone", client[1]);
            if (!client[2].isEmpty())
            {
                labels.put("topology.istio.io/subzone", client[2]);
            }
        }
        return new HttpRequest(id, 0, "10.9.0.1", 80, null, "default", labels, "GET", "http", "pool.internal", "/",
                Map.of());
    }

    @Test
    void compiledFibShouldPickTheLocalityByWeightExactlyLikeTheReference()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("RandomLocalityDifferentialTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        final Map<String, Integer> coverage = new TreeMap<>();
        for (int m = 0; m < MODELS; m++)
        {
            final SplittableRandom rnd = master.split();
            final int n = 2 + rnd.nextInt(7);
            final String[] localities = new String[n];
            final long[] weights = new long[n];
            final boolean equal = rnd.nextInt(5) == 0;
            for (int k = 0; k < n; k++)
            {
                localities[k] = LOCALITIES[rnd.nextInt(LOCALITIES.length)];
                weights[k] = equal ? 2 : 1 + rnd.nextInt(rnd.nextInt(6) == 0 ? 1000 : 4);
            }
            final String setting = SETTINGS[rnd.nextInt(SETTINGS.length)];
            final String yaml = config(rnd, setting, localities, weights);
            final RoutingModel model = UpstreamValuesConfigs.load(yaml);
            final ReferenceRouter reference = new ReferenceRouter(model);
            try (CompiledRouter compiled = CompiledRouter.compile(model))
            {
                for (int i = 0; i < 40; i++)
                {
                    final HttpRequest request = request(rnd.nextInt(1000), CLIENTS[rnd.nextInt(CLIENTS.length)],
                            "v" + rnd.nextInt(2));
                    final StringBuilder walk = new StringBuilder();
                    final RouteDecision expected = reference.route(request, new RouteTrace()
                    {
                        @Override
                        public void step(final String stage, final String text)
                        {
                            walk.append(text).append('\n');
                        }
                    });
                    final RouteDecision actual = compiled.route(request);
                    if (!expected.equals(actual))
                    {
                        fail("seed=" + seed + " model#" + m + "\n" + yaml + "\nrequest: " + request + "\nreference: "
                                + expected + "\ncompiled:  " + actual + "\nwalk: " + walk);
                    }
                    tally(coverage, walk.toString(), setting, equal);
                }
            }
        }
        System.out.println("RandomLocalityDifferentialTest coverage=" + coverage);
        assertThat(coverage).containsKeys("weighted-failover", "weighted-priority", "weighted-priority-then-locality",
                "not-weighted-equal-weights", "not-weighted-one-locality", "not-weighted-no-failover-list");
    }

    private static void tally(final Map<String, Integer> coverage, final String walk, final String setting,
            final boolean equal)
    {
        final String key;
        if (walk.contains("RANDOM, locality-weighted"))
        {
            key = setting.contains("failover: [{from: us-east") && setting.contains("failoverPriority")
                    ? "weighted-priority-then-locality" : setting.contains("failoverPriority") ? "weighted-priority"
                    : "weighted-failover";
        }
        else
        {
            // no failover list (plain locality failover), equal weights, or the candidates in one locality
            key = setting.startsWith("enabled") ? "not-weighted-no-failover-list"
                    : equal ? "not-weighted-equal-weights" : "not-weighted-one-locality";
        }
        coverage.merge(key, 1, Integer::sum);
    }

    /** us-east/zone-a holds one endpoint of weight 4, us-east/zone-b two of weight 1. */
    private static final String SHARES = config(new SplittableRandom(1), "failover: [{from: eu-west, to: us-east}]",
            new String[] {"us-east/zone-a", "us-east/zone-b", "us-east/zone-b"}, new long[] {4, 1, 1});

    @Test
    void shouldGiveEachLocalityItsWeightOverConsecutiveIds()
    {
        final RoutingModel model = UpstreamValuesConfigs.load(SHARES);
        final Map<String, Integer> counts = new TreeMap<>();
        final String[] client = {"eu-west", "zone-c", ""}; // no endpoint in eu-west: the failover region us-east
        for (int id = 0; id < 600; id++)
        {
            counts.merge(Both.route(model, request(id, client, "v0")).endpoint(), 1, Integer::sum);
        }
        // locality weights 4 and 2 (÷ 2: 2 and 1): zone-a gets 2 of every 3 ids, zone-b's two endpoints the rest
        // by hash; hash(id, LB) mod 3 alone would give each endpoint about 200
        assertThat(counts.get("10.7.0.1:80")).isEqualTo(400);
        assertThat(counts.get("10.7.0.2:80") + counts.get("10.7.0.3:80")).isEqualTo(200);
        assertThat(counts.get("10.7.0.2:80")).isBetween(60, 140);
    }

    @Test
    void shouldKeepTheUnweightedPickWhenTheWeightsAreEqual()
    {
        final String[] at = {"us-east/zone-a", "us-east/zone-b", "us-east/zone-b"};
        final RoutingModel failover = UpstreamValuesConfigs.load(config(new SplittableRandom(1),
                "failover: [{from: eu-west, to: us-east}]", at, new long[] {5, 5, 5}));
        final RoutingModel plain = UpstreamValuesConfigs.load(config(new SplittableRandom(1), "enabled: true", at,
                new long[] {5, 5, 5}));
        final String[] client = {"eu-west", "zone-c", ""};
        for (int id = 0; id < 100; id++)
        {
            assertThat(Both.route(failover, request(id, client, "v0")).endpoint()).as("id %d", id)
                    .isEqualTo(Both.route(plain, request(id, client, "v0")).endpoint());
        }
    }
}
