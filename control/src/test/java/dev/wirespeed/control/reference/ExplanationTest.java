package dev.wirespeed.control.reference;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The words of {@code explain}: what each stage of the reference walk says, for the cases people ask about. */
class ExplanationTest
{
    private static final String REGISTRY = """
            apiVersion: v1
            kind: Service
            metadata: {name: reviews, namespace: default}
            spec:
              clusterIP: 10.96.0.13
              selector: {app: reviews}
              ports: [{name: http, port: 9080, targetPort: 9080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: reviews-v1, namespace: default, labels: {app: reviews, version: v1}}
            status: {podIP: 10.1.0.41}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: reviews-v2, namespace: default, labels: {app: reviews, version: v2}}
            status: {podIP: 10.1.0.42}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: reviews-v2b, namespace: default, labels: {app: reviews, version: v2}}
            status: {podIP: 10.1.0.44}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews, namespace: default}
            spec:
              host: reviews
              subsets:
              - {name: v1, labels: {version: v1}}
              - name: v2
                labels: {version: v2}
                trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
            """;

    /** Istio's ingress gateway Service: every sidecar sees it, so it gives them an HTTP listener on port 80. */
    private static final String INGRESS = """
            apiVersion: v1
            kind: Service
            metadata: {name: istio-ingressgateway, namespace: istio-system}
            spec:
              clusterIP: 10.96.0.100
              selector: {istio: ingressgateway}
              ports: [{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]
            ---
            """;

    private static final String REVIEWS = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews, namespace: default}
            spec:
              hosts: [reviews]
              http:
              - name: jason
                match:
                - headers: {end-user: {exact: jason}}
                route:
                - destination: {host: reviews, subset: v2}
              - name: shift
                fault:
                  abort: {httpStatus: 503, percentage: {value: 0.0001}}
                route:
                - destination: {host: reviews, subset: v1}
                  weight: 80
                - destination: {host: reviews, subset: v2}
                  weight: 20
            """;

    private static Explanation explain(final String yaml, final HttpRequest request)
    {
        final LoadedConfig loaded = new ConfigLoader().loadString("test.yaml", yaml);
        assertThat(loaded.errors()).isEmpty();
        final RoutingModel model = loaded.model();
        final ReferenceRouter router = new ReferenceRouter(model);
        final Explanation e = Explanation.of(router, request);
        assertThat(e.decision()).as("the walk decides what the plain route decides").isEqualTo(router.route(request));
        return e;
    }

    private static HttpRequest request(final String authority, final Map<String, String> headers)
    {
        return new HttpRequest(7, 0, "10.1.0.10", 9080, "mesh", "default", Map.of("app", "productpage"), "GET",
                "http", authority, "/reviews/1", headers);
    }

    private static List<String> texts(final Explanation e, final String stage)
    {
        final List<String> out = new ArrayList<>();
        for (final Explanation.Step s : e.steps())
        {
            if (s.stage().equals(stage))
            {
                out.add(s.text());
            }
        }
        return out;
    }

    @Test
    void shouldNameTheFirstConditionThatFailedForEachRouteTried()
    {
        final Explanation e = explain(REGISTRY + "---\n" + REVIEWS, request("reviews", Map.of("end-user", "bob")));
        assertThat(texts(e, "route")).containsExactly(
                "route `jason`: header `end-user` exact `jason` ≠ `bob`",
                "route `shift`: matched");
        assertThat(e.matched()).isEqualTo(new Explanation.Hit("default/reviews", "shift", 1, 0));
    }

    @Test
    void shouldSayAHeaderIsAbsent()
    {
        final Explanation e = explain(REGISTRY + "---\n" + REVIEWS, request("reviews", Map.of()));
        assertThat(texts(e, "route")).first().isEqualTo("route `jason`: header `end-user` exact `jason`: absent");
    }

    @Test
    void shouldShowTheAuthoritysNormalisationAndAlias()
    {
        final Explanation e = explain(REGISTRY + "---\n" + REVIEWS, request("Reviews:9080", Map.of()));
        assertThat(texts(e, "host")).first().asString()
                .contains("authority `Reviews:9080` normalised to `reviews` (lower case, port dropped)")
                .contains("alias of `reviews.default.svc.cluster.local` (short name in the client's namespace "
                        + "`default`)")
                .contains("service `reviews.default.svc.cluster.local`");
    }

    @Test
    void shouldShowTheFaultDrawAndTheWeightedPickWithItsHashAndBucket()
    {
        final Explanation e = explain(REGISTRY + "---\n" + REVIEWS, request("reviews", Map.of()));
        final List<String> action = texts(e, "action");
        assertThat(action.get(0))
                .matches("fault abort 503 at 1\\.0E-4%: draw \\d+\\.\\d{4}% ≥ percentage: not aborted");
        assertThat(action.get(1)).matches("weighted pick: hash \\d+ mod total weight 100 = \\d+; buckets "
                + "\\[0,80\\)=reviews.default.svc.cluster.local/v1, \\[80,100\\)=reviews.default.svc.cluster.local/v2"
                + " -> reviews.default.svc.cluster.local/v[12]");
        final long draw = Long.parseLong(action.get(1).replaceAll(".* = (\\d+);.*", "$1"));
        assertThat(e.decision().subset()).isEqualTo(draw < 80 ? "v1" : "v2");
    }

    @Test
    void shouldNameTheLoadBalancerPolicyAndThePick()
    {
        final Explanation e = explain(REGISTRY + "---\n" + REVIEWS, request("reviews", Map.of("end-user", "jason")));
        assertThat(e.cluster()).isEqualTo("outbound|9080|v2|reviews.default.svc.cluster.local");
        assertThat(e.policy()).isEqualTo("ROUND_ROBIN");
        // round robin takes the request id (7) modulo the two v2 endpoints: the second, 10.1.0.44
        assertThat(e.endpoint()).isEqualTo("10.1.0.44:9080");
        assertThat(texts(e, "endpoint")).containsExactly("`10.1.0.44:9080`: ROUND_ROBIN picked 1 of 2 healthy "
                + "endpoints (sorted by address, port)");
        assertThat(texts(e, "cluster")).first().asString().contains("DestinationRule `default/reviews`");
    }

    @Test
    void shouldSayWhyAVirtualServiceForTheHostWasNotConsidered()
    {
        final String others = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: on-gateway, namespace: default}
                spec:
                  hosts: [reviews]
                  gateways: [default/ingress]
                  http: [{route: [{destination: {host: reviews, subset: v1}}]}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: private, namespace: other}
                spec:
                  hosts: [reviews.default.svc.cluster.local]
                  exportTo: ["."]
                  http: [{route: [{destination: {host: reviews.default.svc.cluster.local, subset: v1}}]}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: unrelated, namespace: default}
                spec:
                  hosts: [ratings]
                  http: [{route: [{destination: {host: ratings}}]}]
                """;
        final Explanation e = explain(REGISTRY + "---\n" + others, request("reviews", Map.of()));
        assertThat(texts(e, "virtual-service")).containsExactly(
                "`default/on-gateway` not considered: bound to gateways [default/ingress], not `mesh`",
                "`other/private` not considered: exportTo [other] does not reach namespace `default`",
                "none applies to the service");
        assertThat(texts(e, "route")).containsExactly(
                "the service's default route to `reviews.default.svc.cluster.local`");
    }

    @Test
    void shouldPreferTheExactHostAndSayWhichWildcardLost()
    {
        final String vs = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: wild, namespace: default}
                spec:
                  hosts: ["*.example.com"]
                  http: [{name: any, route: [{destination: {host: reviews, subset: v1}}]}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: exact, namespace: default}
                spec:
                  hosts: [api.example.com]
                  http: [{name: api, route: [{destination: {host: reviews, subset: v2}}]}]
                """;
        // port 80: a sidecar builds virtual hosts for hosts outside the registry on that port only
        final Explanation e = explain(INGRESS + REGISTRY + "---\n" + vs, new HttpRequest(7, 0, "10.1.0.10", 80, "mesh",
                "default", Map.of("app", "productpage"), "GET", "http", "api.example.com", "/reviews/1", Map.of()));
        assertThat(texts(e, "virtual-service")).containsExactly(
                "`default/wild` candidate: wildcard host `*.example.com` covers `api.example.com` (exact hosts win "
                        + "over it)",
                "`default/exact` candidate: exact host `api.example.com`",
                "chosen: `default/exact` (most specific host with HTTP routes)");
        assertThat(e.matched().route()).isEqualTo("api");
    }

    @Test
    void shouldExplainTheCatchAllsOfTheMeshConfig()
    {
        final HttpRequest external = new HttpRequest(1, 0, "10.1.0.10", 80, "mesh", "default", Map.of(), "GET",
                "http", "api.example.org", "/", Map.of()).withDst("203.0.113.9:80");
        final Explanation allow = explain(INGRESS + REGISTRY, external);
        assertThat(texts(allow, "route")).containsExactly("unknown host: the sidecar's catch-all, "
                + "outboundTrafficPolicy ALLOW_ANY");
        assertThat(allow.cluster()).isEqualTo("PassthroughCluster");
        assertThat(allow.decision().route()).isEqualTo("allow_any");
        assertThat(texts(allow, "cluster")).containsExactly("`PassthroughCluster`: the original destination "
                + "`203.0.113.9:80`");
        final String registryOnly = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: istio, namespace: istio-system}
                data:
                  mesh: |
                    outboundTrafficPolicy:
                      mode: REGISTRY_ONLY
                """;
        final Explanation block = explain(INGRESS + REGISTRY + "---\n" + registryOnly, external);
        assertThat(texts(block, "route")).containsExactly("unknown host: the sidecar's catch-all, "
                + "outboundTrafficPolicy REGISTRY_ONLY");
        assertThat(block.decision().route()).isEqualTo("block_all");
        assertThat(block.decision().status()).isEqualTo(502);
    }

    @Test
    void shouldSayWhenNoServiceGivesTheSidecarAnHttpListenerOnThePort()
    {
        // 443 is the ingress gateway's HTTPS port: no HTTP listener there, the virtual outbound listener proxies it
        final HttpRequest tls = new HttpRequest(1, 0, "10.1.0.10", 443, "mesh", "default", Map.of(), "GET",
                "http", "api.example.org", "/", Map.of()).withDst("203.0.113.9:443");
        final Explanation e = explain(INGRESS + REGISTRY, tls);
        assertThat(texts(e, "host")).contains(ReferenceRouter.NO_HTTP_LISTENER + " 443");
        assertThat(e.decision().cluster()).isEqualTo("PassthroughCluster");
        assertThat(e.decision().route()).as("a TCP proxy has no route name").isNull();
        assertThat(e.decision().endpoint()).isEqualTo("203.0.113.9:443");
    }

    @Test
    void shouldSayWhenTheSidecarHidesTheService()
    {
        final String sidecar = """
                apiVersion: networking.istio.io/v1
                kind: Sidecar
                metadata: {name: narrow, namespace: default}
                spec:
                  egress:
                  - hosts: [istio-system/*]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: telemetry, namespace: istio-system}
                spec:
                  clusterIP: 10.96.0.101
                  ports: [{name: http, port: 9080}]
                """;
        // the Sidecar still shows a service with an HTTP port 9080, so the client has an HTTP listener there
        final Explanation e = explain(REGISTRY + "---\n" + REVIEWS + "---\n" + sidecar,
                request("reviews.default.svc.cluster.local", Map.of()));
        assertThat(texts(e, "host")).contains("the client's Sidecar egress hosts [istio-system/*] hide it");
        assertThat(texts(e, "virtual-service")).containsExactly("`default/reviews` not considered: outside the "
                + "client's Sidecar egress hosts [istio-system/*]");
        assertThat(e.cluster()).isEqualTo("PassthroughCluster");
        // a hidden service has no virtual host on the client: its short name is no domain there
        final Explanation alias = explain(REGISTRY + "---\n" + REVIEWS + "---\n" + sidecar,
                request("reviews", Map.of()));
        assertThat(texts(alias, "host")).contains("the client's Sidecar egress hosts [istio-system/*] hide it",
                "`reviews` " + ReferenceRouter.AS_WRITTEN);
        assertThat(alias.cluster()).isEqualTo("PassthroughCluster");
    }
}
