package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.l7.ExactHostBucketProbe;
import dev.wirespeed.fib.l7.L7Lookup;
import dev.wirespeed.fib.l7.L7Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.wirespeed.control.compile.Models.match;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.to;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact host buckets (docs/fib.md): a request to an exact host reads its service, candidates and first
 * candidate's classifier record from one bucket. Differential against the reference over hosts whose buckets
 * collide in the open addressing, hosts with several candidates whose first is not visible to the client, hosts on
 * a gateway and on mesh, hosts too long for the bucket, virtual hosts whose index-field and prefix-length lists do
 * not fit in it, and unknown hosts.
 */
class ExactHostBucketTest
{
    private static final int HOSTS = 300;
    private static final String GATEWAY = "istio-system/gw";

    private static RoutingModel buckets()
    {
        final List<VirtualService> all = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++)
        {
            final String host = host(i);
            if (i % 10 == 3)
            {
                // listed first for the host, but seen only from namespace "other": the bucket's first candidate
                all.add(new VirtualService("default", "hidden" + i, List.of(host), List.of("mesh"), List.of("other"),
                        List.of(to("hidden" + i, List.of(match(StringMatch.prefix("/r" + i + "/"))), "v3")),
                        List.of(), SourceRef.NONE));
            }
            final List<String> hosts = i % 10 == 5 ? List.of(host, "shared" + i + ".example.com") : List.of(host);
            final List<String> gateways = i % 7 == 0 ? List.of("mesh", GATEWAY) : List.of("mesh");
            all.add(new VirtualService("default", "app" + i, hosts, gateways, List.of("*"), routes(i),
                    List.of(), SourceRef.NONE));
        }
        return model(all);
    }

    private static String host(final int i)
    {
        return i % 25 == 11 ? "a-host-name-longer-than-the-room-an-exact-host-bucket-has-" + i + ".example.com"
                : "app" + i + ".example.com";
    }

    private static List<HttpRoute> routes(final int i)
    {
        final List<HttpRoute> routes = new ArrayList<>();
        routes.add(to("exact" + i, List.of(match(StringMatch.exact("/x"))), "v2"));
        routes.add(to("user" + i, List.of(new HttpMatch(null, StringMatch.prefix("/h"), null, null, null,
                Map.of("x-user", StringMatch.exact("u" + i)), Map.of(), Map.of(), false, 0, Map.of(), null,
                List.of())), "v3"));
        routes.add(to("prefix" + i, List.of(match(StringMatch.prefix("/r" + i + "/"))), "v1"));
        // every ninth virtual host has more prefix lengths than its bucket has room for
        for (int k = 0; i % 9 == 4 && k < 14; k++)
        {
            routes.add(to("deep" + i + "-" + k, List.of(match(StringMatch.prefix("/d" + "/x".repeat(k + 1)))),
                    k % 2 == 0 ? "v1" : "v2"));
        }
        // and every ninth another has more uri literals than its bucket has room for: its probes take the index
        for (int k = 0; i % 9 == 7 && k < 30; k++)
        {
            routes.add(to("many" + i + "-" + k, List.of(match(StringMatch.exact("/e" + k))), k % 2 == 0 ? "v1" : "v2"));
        }
        return routes;
    }

    private static HttpRequest request(final SplittableRandom rnd, final long id)
    {
        final int i = rnd.nextInt(HOSTS);
        String authority;
        switch (rnd.nextInt(8))
        {
            case 0:
                authority = "unknown" + i + ".example.com";
                break;
            case 1:
                authority = "shared" + i + ".example.com";
                break;
            case 2:
                authority = host(i).toUpperCase(java.util.Locale.ROOT) + ":80";
                break;
            default:
                authority = host(i);
                break;
        }
        final String path;
        final Map<String, String> headers;
        switch (rnd.nextInt(6))
        {
            case 0:
                path = "/x";
                headers = Map.of();
                break;
            case 5:
                path = "/e" + rnd.nextInt(32);
                headers = Map.of();
                break;
            case 1:
                path = "/h/a";
                headers = Map.of("x-user", "u" + (rnd.nextBoolean() ? i : rnd.nextInt(HOSTS)));
                break;
            case 2:
                path = "/d" + "/x".repeat(1 + rnd.nextInt(16)) + "/y";
                headers = Map.of();
                break;
            case 3:
                path = "/nothing";
                headers = Map.of();
                break;
            default:
                path = "/r" + (rnd.nextInt(4) == 0 ? rnd.nextInt(HOSTS) : i) + "/z";
                headers = Map.of();
                break;
        }
        final String gateway = rnd.nextInt(5) == 0 ? GATEWAY : null;
        final String namespace = rnd.nextInt(3) == 0 ? "other" : "default";
        return new HttpRequest(id, 0, "10.9.0.1", 0, gateway, namespace, Map.of(), null, null, authority, path,
                headers);
    }

    @Test
    void shouldRouteExactHostsThroughTheirBucketsLikeTheReference()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261204L);
        System.out.println("ExactHostBucketTest seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed);
        final RoutingModel model = buckets();
        final ReferenceRouter reference = new ReferenceRouter(model);
        int fromBucket = 0;
        int notFromBucket = 0;
        int uriKeysInBucket = 0;
        int uriIndexAfterBucket = 0;
        try (CompiledRouter compiled = CompiledRouter.compile(model))
        {
            final L7Lookup lookup = compiled.newLookup();
            final L7Result result = new L7Result();
            for (int n = 0; n < 20_000; n++)
            {
                final HttpRequest request = request(rnd, n);
                final HttpRequestView view = HttpRequestView.of(request);
                lookup.route(view, result);
                final RouteDecision actual = compiled.materialize(result, view);
                assertThat(actual).as("seed %d, %s", seed, request).isEqualTo(reference.route(request));
                if (ExactHostBucketProbe.classifierRecordInBucket(lookup, result.virtualHost))
                {
                    fromBucket++;
                    if (ExactHostBucketProbe.uriKeysInBucket(lookup, result.virtualHost))
                    {
                        uriKeysInBucket++;
                    }
                    else
                    {
                        uriIndexAfterBucket++;
                    }
                }
                else if (result.virtualHost >= 0)
                {
                    notFromBucket++;
                }
            }
        }
        // both ways are taken: the bucket's copy, and CLASSIFIER's record for a candidate after the first
        assertThat(fromBucket).as("seed %d", seed).isGreaterThan(5_000);
        assertThat(notFromBucket).as("seed %d", seed).isGreaterThan(100);
        // and the bucket's copy both with its virtual host's uri keys and with too many of them for the bucket
        assertThat(uriKeysInBucket).as("seed %d", seed).isGreaterThan(3_000);
        assertThat(uriIndexAfterBucket).as("seed %d", seed).isGreaterThan(100);
        System.out.println("ExactHostBucketTest fromBucket=" + fromBucket + " uriKeysInBucket=" + uriKeysInBucket
                + " uriIndexAfterBucket=" + uriIndexAfterBucket + " notFromBucket=" + notFromBucket);
    }
}
