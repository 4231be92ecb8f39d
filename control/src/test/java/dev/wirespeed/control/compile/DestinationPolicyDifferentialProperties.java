package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RouteTrace;
import dev.wirespeed.control.sample.RandomNetworkGateways;
import dev.wirespeed.control.sample.RandomRoutingModels;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The differential property of {@code RoutingDifferentialProperties}, on its own seed, with a tally of the
 * DestinationRule features the random models now carry (docs/routing.md §4): rules chosen by a
 * {@code workloadSelector}, port-level load balancers, cookie hashes with and without the cookie,
 * {@code PASSTHROUGH} clusters with and without an original destination (and on a ServiceEntry's
 * {@code targetPort}), the cookie Envoy generates from the connection for a cookie hash with a {@code ttl}, and
 * {@code NC} answered 500, endpoint weights (round robin, least request, consistent hash) and locality failover
 * (the client's locality narrowing the endpoints, a {@code failover} region), and networks (a remote endpoint
 * replaced by its network's gateways, split between two, left out without mTLS; a client of no network; a proxy's
 * requested network view and IP family leaving endpoints or gateways out). The tally
 * proves the generator reaches them; the comparison that the two implementations agree there. Replay with
 * {@code -Dwirespeed.seed=N}.
 */
class DestinationPolicyDifferentialProperties
{
    private static final int MODELS = Integer.getInteger("wirespeed.models", 500);
    private static final int REQUESTS_PER_MODEL = Integer.getInteger("wirespeed.requests", 30);

    @Test
    void compiledFibShouldChooseRulesAndEndpointsExactlyLikeTheReference()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("DestinationPolicyDifferentialProperties seed=" + seed + " (replay: -Dwirespeed.seed="
                + seed + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        final Map<String, Integer> coverage = new TreeMap<>();
        for (int m = 0; m < MODELS; m++)
        {
            final long modelSeed = master.nextLong();
            final SplittableRandom rnd = new SplittableRandom(modelSeed);
            final RoutingModel model = RandomRoutingModels.model(rnd);
            final ReferenceRouter reference = new ReferenceRouter(model);
            try (CompiledRouter compiled = CompiledRouter.compile(model))
            {
                for (int i = 0; i < REQUESTS_PER_MODEL; i++)
                {
                    final HttpRequest request = RandomRoutingModels.request(model, rnd, rnd.nextInt(1000));
                    final StringBuilder walk = new StringBuilder();
                    final RouteDecision expected = reference.route(request, new RouteTrace()
                    {
                        @Override
                        public void step(final String stage, final String text)
                        {
                            walk.append(text).append('\n');
                        }

                        @Override
                        public void endpoint(final String policy, final int endpoints, final int pick,
                                final String endpoint)
                        {
                            walk.append(policy).append('\n');
                        }
                    });
                    final RouteDecision actual = compiled.route(request);
                    if (!expected.equals(actual))
                    {
                        fail("seed=" + seed + " model#" + m + " (modelSeed=" + modelSeed + ") request#" + i
                                + "\nmodel: " + model + "\nrequest: " + request + "\nreference: " + expected
                                + "\ncompiled:  " + actual + "\nwalk:\n" + walk);
                    }
                    tally(coverage, walk.toString(), expected, model);
                    ProxyLabelCoverage.tally(coverage, model, request);
                    tallyRemoteClient(coverage, walk.toString(), model, request);
                }
            }
        }
        System.out.println("DestinationPolicyDifferentialProperties coverage=" + coverage);
        assertThat(coverage).containsKeys("selector-rule", "cookie-hash-key", "cookie-hash-no-key",
                "original-destination", "original-destination-missing", "nc-500", "port-level-policy",
                "route-hash-several-keys", "sidecar-original-destination", "generated-cookie",
                "upstream-port-override", "weighted-pick", "weighted-consistent-hash", "locality-narrowed",
                "locality-failover-region", "maglev", "ring-of-another-size", "hash-after-locality",
                "network-gateway-picked", "network-left-out-without-mtls",
                "network-several-gateways", "network-client-without-network", "network-unreachable",
                "distribute", "distribute-hash", "failover-priority", "failover-priority-hash",
                "distribute-one-table", "hash-local-locality-first", "locality-weighted-hash",
                "choice-after-network-filter", "network-left-out-by-peer-authentication",
                "network-left-out-despite-rule-istio-mutual", "failover-priority-node", "failover-priority-cluster",
                "failover-priority-gateway", "gateway-weight-wrap", "network-without-address",
                "network-without-address-via-gateway", "network-view-left-out", "network-view-left-out-single-network",
                "network-ip-family-left-out", "network-ip-family-gateway-picked", "random-locality-weighted-failover",
                "random-locality-weighted-priority", "remote-cluster-endpoint", "remote-cluster-gateway-picked",
                "remote-cluster-subset", "backend-policy-rule", "backend-tls-policy-rule", "backend-tls-left-out",
                "remote-client-network-filter", "remote-client-cluster-local", "network-gateway-of-a-host-name",
                "network-hbone-only-gateway-of-a-router", "network-gateway-and-its-service-twice");
        assertThat(coverage).containsKeys(ProxyLabelCoverage.KINDS);
    }

    /**
     * A remote cluster's Pod as the client (docs/routing.md §4 "Clusters"): its own cluster's network (its
     * {@code NETWORK} metadata) decided the network filter. (Its cluster label in a {@code failoverPriority} is
     * {@code examples/multi-cluster}'s: the random models reach it too rarely to assert.)
     */
    private static void tallyRemoteClient(final Map<String, Integer> coverage, final String walk,
            final RoutingModel model, final dev.wirespeed.control.model.HttpRequest request)
    {
        final var remote = model.mesh().networks().proxies().remoteClient(request.src(), request.gateway() == null
                || "mesh".equals(request.gateway()));
        if (remote == null)
        {
            return;
        }
        final boolean written = request.sourceLabels() != null
                && request.sourceLabels().containsKey(dev.wirespeed.control.model.MeshNetworks.NETWORK_LABEL);
        if (!written && walk.contains("networks: the client is on network `" + remote.metadataNetwork() + "`"))
        {
            coverage.merge("remote-client-network-filter", 1, Integer::sum);
        }
        if (walk.contains("cluster-local host: the endpoints of the client's cluster"))
        {
            coverage.merge("remote-client-cluster-local", 1, Integer::sum); // its own cluster's endpoints (or none)
        }
    }

    private static void tally(final Map<String, Integer> coverage, final String walk, final RouteDecision d,
            final RoutingModel model)
    {
        if (walk.contains("workloadSelector"))
        {
            coverage.merge("selector-rule", 1, Integer::sum);
        }
        if (walk.contains("HTTP_COOKIE") && walk.contains("(xxHash64"))
        {
            coverage.merge("cookie-hash-key", 1, Integer::sum);
        }
        if (walk.contains("HTTP_COOKIE") && walk.contains("(no key"))
        {
            coverage.merge("cookie-hash-no-key", 1, Integer::sum);
        }
        if (walk.contains("by the route's hash policy []"))
        {
            coverage.merge("route-without-hash-policy", 1, Integer::sum); // a hashed cluster, no key from the route
        }
        if (walk.contains("by the route's hash policy [") && walk.contains("`, ") && walk.contains("(xxHash64)"))
        {
            coverage.merge("route-hash-several-keys", 1, Integer::sum);
        }
        if (walk.contains("headless service on a sidecar (ORIGINAL_DST): the original destination"))
        {
            coverage.merge("sidecar-original-destination", 1, Integer::sum);
        }
        if (walk.contains("PASSTHROUGH (ORIGINAL_DST): the original destination"))
        {
            coverage.merge("original-destination", 1, Integer::sum);
        }
        if (walk.contains("PASSTHROUGH (ORIGINAL_DST): the request has no original destination"))
        {
            coverage.merge("original-destination-missing", 1, Integer::sum);
        }
        if (walk.contains("in upstream `cookie` value "))
        {
            coverage.merge("cookie-beyond-first-value", 1, Integer::sum); // rare here: CookieHashValuesDifferentialTest
        }
        if (walk.contains("Envoy generates this one, the xxHash64 of the connection"))
        {
            coverage.merge("generated-cookie", 1, Integer::sum); // a cookie hash with a ttl, no cookie, a src port
        }
        if (walk.contains("upstream port override") && "route".equals(d.action()))
        {
            coverage.merge("upstream-port-override", 1, Integer::sum);
        }
        if (walk.contains(", weighted (weights"))
        {
            coverage.merge("weighted-pick", 1, Integer::sum); // the endpoints' weights differ
        }
        if (walk.contains("(xxHash64") && walk.contains(", weighted (weights"))
        {
            coverage.merge("weighted-consistent-hash", 1, Integer::sum);
        }
        if (walk.contains(" into Maglev table of "))
        {
            coverage.merge("maglev", 1, Integer::sum);
        }
        if (walk.contains(" into ring hash (minimum ring size ") && !walk.contains("ring size 1024)"))
        {
            coverage.merge("ring-of-another-size", 1, Integer::sum);
        }
        if (walk.contains("(xxHash64") && walk.contains("keeps ") && !walk.contains("(no key"))
        {
            coverage.merge("hash-after-locality", 1, Integer::sum); // a ring or table of a locality's range
        }
        final java.util.regex.Matcher kept = java.util.regex.Pattern.compile("keeps (\\d+) of (\\d+) endpoints")
                .matcher(walk);
        if (kept.find() && !kept.group(1).equals(kept.group(2)))
        {
            coverage.merge("locality-narrowed", 1, Integer::sum); // the client's locality chose some endpoints
            if (walk.contains("priority 3"))
            {
                coverage.merge("locality-failover-region", 1, Integer::sum);
            }
        }
        tallyNetworks(coverage, walk, d);
        tallyClusters(coverage, d, model);
        tallyChoices(coverage, walk);
        if ("NC".equals(d.flags()) && d.status() == 500)
        {
            coverage.merge("nc-500", 1, Integer::sum);
        }
        if (d.host() != null && d.port() > 0 && "route".equals(d.action()))
        {
            for (final DestinationRule r : model.destinationRules())
            {
                if (r.trafficPolicy() != null && r.trafficPolicy().forPort(d.port()) != null
                        && walk.contains("DestinationRule `" + r.namespace() + "/" + r.name() + "`"))
                {
                    coverage.merge("port-level-policy", 1, Integer::sum);
                }
            }
        }
    }

    /** The {@code distribute} and {@code failoverPriority} cases of docs/routing.md §4 the reference's walk shows. */
    private static void tallyChoices(final Map<String, Integer> coverage, final String walk)
    {
        final boolean distribute = walk.contains("distribute: the client's locality");
        final boolean priority = walk.contains("failoverPriority [");
        final boolean hashed = walk.contains("(xxHash64") && !walk.contains("(no key");
        if (distribute)
        {
            coverage.merge(hashed ? "distribute-hash" : "distribute", 1, Integer::sum);
        }
        if (priority)
        {
            coverage.merge(hashed ? "failover-priority-hash" : "failover-priority", 1, Integer::sum);
        }
        if (walk.contains(", generated from ["))
        {
            // a rule Istio generates from Gateway API backend policies, alone or merged with a written one
            coverage.merge(walk.contains("generated from [BackendTLSPolicy") ? "backend-tls-policy-rule"
                    : "backend-policy-rule", 1, Integer::sum);
            if (walk.contains("generated from [BackendTLSPolicy") && walk.contains("left out: no mTLS to it"))
            {
                coverage.merge("backend-tls-left-out", 1, Integer::sum); // its SIMPLE left a remote endpoint out
            }
        }
        if (walk.contains("RANDOM, locality-weighted"))
        {
            // Envoy's random load balancer picks a locality by weight first (a failover list's or a priority's)
            coverage.merge(priority ? "random-locality-weighted-priority" : "random-locality-weighted-failover", 1,
                    Integer::sum);
        }
        if (walk.contains("endpoints of the weighted localities"))
        {
            coverage.merge("distribute-one-table", 1, Integer::sum); // Envoy's one table over the weighted localities
        }
        if (walk.contains("endpoints of the weighted localities, the client's locality first")
                || walk.contains(" localities, the client's locality first"))
        {
            coverage.merge("hash-local-locality-first", 1, Integer::sum); // the ring walks the client's locality first
        }
        if (java.util.regex.Pattern.compile("locality-weighted (ring hash|Maglev) .* over \\d+ localities")
                .matcher(walk).find())
        {
            coverage.merge("locality-weighted-hash", 1, Integer::sum); // a failover list's or a priority's localities
        }
        if ((distribute || priority) && walk.contains("networks: the client is on network"))
        {
            coverage.merge("choice-after-network-filter", 1, Integer::sum); // a network variant's trie or weights
        }
        final java.util.regex.Matcher kept = java.util.regex.Pattern.compile(
                "failoverPriority \\[([^]]*)][^\n]*keep (\\d+) of (\\d+) endpoints").matcher(walk);
        if (kept.find() && !kept.group(2).equals(kept.group(3)))
        {
            // the labels Istio adds itself narrowed the endpoints: the node, the cluster (the client's is the mesh's)
            if (kept.group(1).contains("kubernetes.io/hostname"))
            {
                coverage.merge("failover-priority-node", 1, Integer::sum);
            }
            if (kept.group(1).contains("topology.istio.io/cluster"))
            {
                coverage.merge("failover-priority-cluster", 1, Integer::sum);
            }
            if (walk.contains("reached through"))
            {
                coverage.merge("failover-priority-gateway", 1, Integer::sum); // a gateway has its cluster and network
            }
        }
    }

    /**
     * The cases of several clusters (docs/routing.md §4 "Clusters"): a remote cluster's endpoint picked, the gateway of
     * the remote cluster picked (it stands for that cluster's endpoints of its network only), a subset selecting on
     * the cluster label.
     */
    private static void tallyClusters(final Map<String, Integer> coverage, final RouteDecision d,
            final dev.wirespeed.control.model.RoutingModel model)
    {
        if (d.endpoint() == null || !"route".equals(d.action()))
        {
            return;
        }
        if (d.endpoint().startsWith("198.51.100.7:"))
        {
            coverage.merge("remote-cluster-gateway-picked", 1, Integer::sum);
        }
        for (final dev.wirespeed.control.model.RegistryService s : model.services())
        {
            for (final dev.wirespeed.control.model.RegistryService.Endpoint e : s.endpoints())
            {
                if (s.host().equals(d.host()) && "cluster2".equals(e.labels().get("topology.istio.io/cluster"))
                        && d.endpoint().startsWith(e.address() + ":"))
                {
                    coverage.merge("remote-cluster-endpoint", 1, Integer::sum);
                }
            }
        }
        for (final dev.wirespeed.control.model.DestinationRule r : model.destinationRules())
        {
            for (final dev.wirespeed.control.model.DestinationRule.Subset sub : r.subsets())
            {
                if (sub.name().equals(d.subset()) && sub.labels().containsKey("topology.istio.io/cluster"))
                {
                    coverage.merge("remote-cluster-subset", 1, Integer::sum);
                }
            }
        }
    }

    /** The network cases of docs/routing.md §4 "Networks" the reference's walk shows. */
    private static void tallyNetworks(final Map<String, Integer> coverage, final String walk, final RouteDecision d)
    {
        if (walk.contains("reached through") && d.endpoint() != null && d.endpoint().startsWith("198.51.100."))
        {
            coverage.merge("network-gateway-picked", 1, Integer::sum); // a remote endpoint's gateway was chosen
        }
        if (walk.contains("left out: no mTLS to it"))
        {
            coverage.merge("network-left-out-without-mtls", 1, Integer::sum);
        }
        if (walk.contains("left out: no mTLS to it (PeerAuthentication "))
        {
            coverage.merge("network-left-out-by-peer-authentication", 1, Integer::sum); // its port DISABLEd
        }
        if (walk.contains("left out: no mTLS to it (tlsMode ") && walk.contains("tls.mode ISTIO_MUTUAL"))
        {
            coverage.merge("network-left-out-despite-rule-istio-mutual", 1, Integer::sum); // no sidecar to take it
        }
        if (walk.contains("reached through 2 gateway(s)"))
        {
            coverage.merge("network-several-gateways", 1, Integer::sum); // the weight split between two
        }
        if (walk.contains("the client is on network ``"))
        {
            coverage.merge("network-client-without-network", 1, Integer::sum); // forced through the gateways
        }
        if (walk.contains("left out: no address"))
        {
            coverage.merge("network-without-address", 1, Integer::sum); // an address-less WorkloadEntry, direct
        }
        if (walk.contains("reached through") && java.util.regex.Pattern.compile("; +\\(network [^)]*\\) reached")
                .matcher(walk).find())
        {
            coverage.merge("network-without-address-via-gateway", 1, Integer::sum);
        }
        if (walk.contains("counts once more for service account") && d.endpoint() != null
                && d.endpoint().startsWith("198.51.100.1:"))
        {
            coverage.merge("network-gateway-and-its-service-twice", 1, Integer::sum); // a Gateway API gateway's twin
        }
        if (walk.contains("wrapped past 2^32"))
        {
            coverage.merge("gateway-weight-wrap", 1, Integer::sum); // Istio's uint32 sum of a gateway's weights
        }
        if (walk.contains("left out: not in the proxy's REQUESTED_NETWORK_VIEW"))
        {
            coverage.merge(walk.contains("networks: the client is on network") ? "network-view-left-out"
                    : "network-view-left-out-single-network", 1, Integer::sum); // the view applies without gateways
        }
        if (walk.contains("no gateway of its network is of the proxy's IP family"))
        {
            coverage.merge("network-ip-family-left-out", 1, Integer::sum); // a single-stack proxy, no gateway for it
        }
        if (walk.contains("(those of the proxy's IP family") && "route".equals(d.action()))
        {
            coverage.merge("network-ip-family-gateway-picked", 1, Integer::sum); // the others' gateways filtered out
        }
        if (walk.contains("no endpoint is reachable from the client's network"))
        {
            coverage.merge("network-unreachable", 1, Integer::sum);
        }
        final String address = d.endpoint() == null ? "" : d.endpoint().substring(0, d.endpoint().lastIndexOf(':'));
        if (walk.contains("reached through") && RandomNetworkGateways.NAMED_GATEWAY_ADDRESSES.contains(address))
        {
            coverage.merge("network-gateway-of-a-host-name", 1, Integer::sum); // one of a DNS name's answers
        }
        if (d.endpoint() != null && d.endpoint().equals(RandomNetworkGateways.HBONE_ONLY_GATEWAY + ":0"))
        {
            coverage.merge("network-hbone-only-gateway-of-a-router", 1, Integer::sum); // a gateway's request
        }
    }
}
