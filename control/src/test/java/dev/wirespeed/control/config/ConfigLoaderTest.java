package dev.wirespeed.control.config;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the loader resolves: every kind, names, defaults, the registry, files and directories. */
class ConfigLoaderTest
{
    static Path root()
    {
        return Path.of(System.getProperty("wirespeed.root", ".."));
    }

    private static LoadedConfig clean(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", yaml);
        assertThat(c.formattedDiagnostics()).isEmpty();
        return c;
    }

    @Test
    void shouldLoadTheSeedExampleWithoutDiagnostics()
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(root().resolve("examples/reviews")));
        assertThat(c.formattedDiagnostics()).isEmpty();
        final RoutingModel m = c.model();
        final VirtualService vs = m.virtualServices().get(0);
        assertThat(vs.qualifiedName()).isEqualTo("default/reviews-route");
        assertThat(vs.hosts()).containsExactly("reviews.default.svc.cluster.local");
        assertThat(vs.gateways()).containsExactly("mesh");
        assertThat(vs.exportTo()).containsExactly("*");
        final HttpRoute v2 = vs.http().get(0);
        assertThat(v2.name()).isEqualTo("reviews-v2-routes");
        assertThat(v2.matches()).extracting(HttpMatch::uri).containsExactly(
                StringMatch.prefix("/wpcatalog"), StringMatch.prefix("/consumercatalog"));
        assertThat(v2.rewrite().uri()).isEqualTo("/newcatalog");
        assertThat(v2.route().get(0).destination().host()).isEqualTo("reviews.default.svc.cluster.local");
        assertThat(v2.route().get(0).destination().subset()).isEqualTo("v2");
        assertThat(v2.source().path()).isEqualTo("spec.http[0]");
        assertThat(vs.http().get(1).matches()).isEmpty();
        assertThat(vs.http().get(1).route().get(0).destination().subset()).isEqualTo("v1");
        final DestinationRule dr = m.destinationRules().get(0);
        assertThat(dr.host()).isEqualTo("reviews.default.svc.cluster.local");
        assertThat(dr.subsets()).extracting(DestinationRule.Subset::name).containsExactly("v1", "v2");
        assertThat(dr.subsets().get(1).labels()).isEqualTo(Map.of("version", "v2"));
        final RegistryService reviews = m.services().get(0);
        assertThat(reviews.host()).isEqualTo("reviews.default.svc.cluster.local");
        assertThat(reviews.addresses()).containsExactly("10.96.0.20");
        assertThat(reviews.ports()).containsExactly(new RegistryService.ServicePort("http", 9080, 9080, "HTTP"));
        assertThat(reviews.endpoints()).extracting(RegistryService.Endpoint::address)
                .containsExactly("10.1.0.11", "10.1.0.12", "10.1.0.13");
        assertThat(reviews.endpoints()).allMatch(RegistryService.Endpoint::healthy);
        final RouteTableSpec table = m.routeTables().get(0);
        assertThat(table.routes().get(0).prefix()).isEqualTo("10.1.0.0/16");
        assertThat(table.routes().get(0).nextHops().get(0).address()).isEqualTo("192.168.0.1");
        assertThat(table.routes().get(0).nextHops().get(0).port()).isEqualTo(3);
        assertThat(c.kindCounts()).containsEntry("Pod", 3).containsEntry("VirtualService", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"request-routing", "traffic-shifting-50-50", "traffic-shifting-80-20", "fault-delay",
        "fault-abort"})
    void shouldLoadEveryBookinfoScenarioAloneWithoutDiagnostics(final String scenario)
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(root().resolve("examples/bookinfo").resolve(scenario)));
        assertThat(c.formattedDiagnostics()).isEmpty();
        assertThat(c.model().services()).hasSize(4);
        assertThat(c.model().virtualServices()).isNotEmpty();
        final Path requests = root().resolve("examples/bookinfo").resolve(scenario).resolve("requests.jsonl");
        assertThat(Files.exists(requests)).isTrue();
    }

    @Test
    void shouldModelTheBookinfoFaultsAndWeights()
    {
        final Path b = root().resolve("examples/bookinfo");
        final HttpRoute delay = new ConfigLoader().load(List.of(b.resolve("fault-delay"))).model()
                .virtualServices().get(0).http().get(0);
        assertThat(delay.matches().get(0).headers()).isEqualTo(Map.of("end-user", StringMatch.exact("jason")));
        assertThat(delay.fault().delay()).isEqualTo(new HttpRoute.Delay(7000, 100.0));
        final HttpRoute abort = new ConfigLoader().load(List.of(b.resolve("fault-abort"))).model()
                .virtualServices().get(0).http().get(0);
        assertThat(abort.fault().abort()).isEqualTo(new HttpRoute.Abort(500, 100.0));
        final HttpRoute shift = new ConfigLoader().load(List.of(b.resolve("traffic-shifting-80-20"))).model()
                .virtualServices().get(0).http().get(0);
        assertThat(shift.route()).extracting(r -> r.destination().subset() + "=" + r.weight())
                .containsExactly("v1=80", "v2=20");
    }

    @Test
    void shouldLoadKubectlListOutputIgnoringServerMetadata()
    {
        final LoadedConfig c = clean("""
                apiVersion: v1
                items:
                - apiVersion: networking.istio.io/v1beta1
                  kind: VirtualService
                  metadata:
                    annotations:
                      kubectl.kubernetes.io/last-applied-configuration: |
                        {"apiVersion":"networking.istio.io/v1beta1","kind":"VirtualService"}
                    creationTimestamp: "2024-05-01T10:00:00Z"
                    generation: 3
                    managedFields:
                    - apiVersion: networking.istio.io/v1beta1
                      fieldsType: FieldsV1
                      manager: kubectl-client-side-apply
                      operation: Update
                    name: ratings
                    namespace: prod
                    resourceVersion: "12345"
                    uid: 6f1c2a8e-0000-4000-8000-000000000001
                  spec:
                    hosts:
                    - ratings
                    http:
                    - route:
                      - destination:
                          host: ratings
                  status:
                    observedGeneration: 3
                    validationMessages: []
                - apiVersion: v1
                  kind: Service
                  metadata: {name: ratings, namespace: prod, uid: x, resourceVersion: "1"}
                  spec:
                    ports: [{name: http, port: 9080, protocol: TCP, targetPort: 9080}]
                    clusterIP: None
                  status: {loadBalancer: {}}
                kind: List
                metadata:
                  resourceVersion: ""
                """);
        final VirtualService vs = c.model().virtualServices().get(0);
        assertThat(vs.qualifiedName()).isEqualTo("prod/ratings");
        assertThat(vs.hosts()).containsExactly("ratings.prod.svc.cluster.local");
        assertThat(vs.source().path()).isEqualTo("items[0]");
        assertThat(c.model().services().get(0).addresses()).isEmpty();
    }

    @Test
    void shouldNameListItemsInErrorPaths()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: networking.istio.io/v1
                  kind: DestinationRule
                  metadata: {name: d}
                  spec: {host: x, subsets: [{name: v1, labelz: {}}]}
                """);
        assertThat(c.formattedDiagnostics()).containsExactly(
                "t.yaml:7:40: error: items[0].spec.subsets[0].labelz: unknown field \"labelz\""
                        + " (did you mean \"labels\"?)");
    }

    @Test
    void shouldKeepYamlBooleanWordsAsStringsWhereStringsAreExpected()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [on]
                  http:
                  - match:
                    - headers:
                        x-debug: {exact: yes}
                      sourceLabels: {canary: off, version: 1.10}
                      ignoreUriCase: yes
                    route:
                    - destination: {host: on, subset: no}
                """);
        assertThat(c.hasErrors()).isFalse();
        final HttpRoute r = c.model().virtualServices().get(0).http().get(0);
        assertThat(c.model().virtualServices().get(0).hosts()).containsExactly("on.default.svc.cluster.local");
        assertThat(r.matches().get(0).headers()).isEqualTo(Map.of("x-debug", StringMatch.exact("yes")));
        assertThat(r.matches().get(0).sourceLabels()).isEqualTo(Map.of("canary", "off", "version", "1.10"));
        assertThat(r.matches().get(0).ignoreUriCase()).isTrue();
        assertThat(r.route().get(0).destination().subset()).isEqualTo("no");
    }

    @Test
    void shouldResolveNamesInTheDocumentsNamespace()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r, namespace: shop}
                spec:
                  hosts: [Cart, cart.shop.svc.cluster.local, "*.example.com"]
                  gateways: [edge, istio-system/public, mesh]
                  exportTo: [".", istio-system]
                  http:
                  - match:
                    - gateways: [edge]
                      headers: {X-User: {prefix: a}, present: {}}
                      withoutHeaders: {X-Test: {}}
                    headers:
                      request:
                        set: {X-Via: wirespeed}
                        remove: [X-Debug]
                    route:
                    - destination: {host: cart, port: {number: 8080}}
                  - redirect: {uri: /new}
                  - directResponse: {status: 503, body: {bytes: aGVsbG8=}}
                """);
        final VirtualService vs = c.model().virtualServices().get(0);
        assertThat(vs.hosts()).containsExactly("cart.shop.svc.cluster.local", "cart.shop.svc.cluster.local",
                "*.example.com");
        assertThat(vs.gateways()).containsExactly("shop/edge", "istio-system/public", "mesh");
        assertThat(vs.exportTo()).containsExactly("shop", "istio-system");
        final HttpRoute r = vs.http().get(0);
        assertThat(r.matches().get(0).gateways()).containsExactly("shop/edge");
        assertThat(r.matches().get(0).headers()).containsExactly(
                Map.entry("x-user", StringMatch.prefix("a")), Map.entry("present", StringMatch.present()));
        assertThat(r.matches().get(0).withoutHeaders()).containsExactly(Map.entry("x-test", StringMatch.present()));
        assertThat(r.headers().set()).isEqualTo(Map.of("x-via", "wirespeed"));
        assertThat(r.headers().remove()).containsExactly("x-debug");
        assertThat(r.route().get(0).destination().port()).isEqualTo(8080);
        assertThat(vs.http().get(1).redirect()).isEqualTo(new HttpRoute.Redirect("/new", null, 0, null, 301));
        assertThat(vs.http().get(2).directResponse()).isEqualTo(new HttpRoute.DirectResponse(503, "hello"));
        // the missing gateways and hosts are warnings only
        assertThat(c.hasErrors()).isFalse();
    }

    @Test
    void shouldApplyDefaultsToFaultsMirrorsAndPolicies()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [a]
                  http:
                  - fault:
                      abort: {httpStatus: 503}
                      delay: {fixedDelay: 1.5s, percent: 10}
                    mirror: {host: b}
                    mirrorPercentage: {value: 12.5}
                    route: [{destination: {host: a}}]
                  - mirrors:
                    - destination: {host: b}
                    - destination: {host: c}
                      percentage: {value: 1}
                    route: [{destination: {host: a}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: d}
                spec:
                  host: a
                  trafficPolicy: {loadBalancer: {simple: LEAST_CONN}}
                  subsets:
                  - name: s
                    trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: X-User}}}
                """);
        final HttpRoute r = c.model().virtualServices().get(0).http().get(0);
        // no percentage: Istio gives Envoy none and Envoy's fault filter reads 0%
        assertThat(r.fault().abort()).isEqualTo(new HttpRoute.Abort(503, 0.0));
        assertThat(r.fault().delay()).isEqualTo(new HttpRoute.Delay(1500, 10.0));
        assertThat(r.mirrors()).extracting(HttpRoute.Mirror::percentage).containsExactly(12.5);
        assertThat(c.model().virtualServices().get(0).http().get(1).mirrors())
                .extracting(HttpRoute.Mirror::percentage).containsExactly(100.0, 1.0);
        final DestinationRule dr = c.model().destinationRules().get(0);
        assertThat(dr.trafficPolicy().loadBalancer().simple()).isEqualTo(DestinationRule.Simple.LEAST_REQUEST);
        assertThat(dr.subsets().get(0).trafficPolicy().loadBalancer().consistentHash())
                .isEqualTo(new DestinationRule.ConsistentHash(DestinationRule.HashKey.HTTP_HEADER, "x-user"));
    }

    @Test
    void shouldLoadTcpRoutes()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: db}
                spec:
                  hosts: [mongo]
                  tcp:
                  - match: [{port: 27017, destinationSubnets: [10.0.0.0/8], sourceLabels: {app: api}}]
                    route:
                    - destination: {host: mongo, subset: primary}
                      weight: 90
                    - destination: {host: mongo, subset: replica}
                      weight: 10
                """);
        assertThat(c.hasErrors()).isFalse();
        final var tcp = c.model().virtualServices().get(0).tcp().get(0);
        assertThat(tcp.matches().get(0).port()).isEqualTo(27017);
        assertThat(tcp.matches().get(0).destinationSubnets()).containsExactly("10.0.0.0/8");
        assertThat(tcp.route()).extracting(d -> d.weight()).containsExactly(90, 10);
    }

    @Test
    void shouldResolveServicesToTheirPodsWithProtocolsAndNamedTargetPorts()
    {
        final LoadedConfig c = clean("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  clusterIP: 10.96.1.1
                  selector: {app: web}
                  ports:
                  - {name: http-main, port: 80, targetPort: web}
                  - {name: grpc, port: 9000}
                  - {name: metrics, port: 9090, appProtocol: http2}
                  - {name: httpx, port: 81}
                  - {port: 53, protocol: UDP}
                  - {name: tls-a, port: 443, targetPort: 8443}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-b, namespace: shop, labels: {app: web, version: b}}
                spec:
                  containers: [{name: c, ports: [{name: web, containerPort: 8081}]}]
                status: {phase: Running, podIP: 10.1.0.10}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-a, namespace: shop, labels: {app: web, version: a}}
                spec:
                  containers: [{name: c, ports: [{name: web, containerPort: 8080}]}]
                status:
                  phase: Running
                  podIP: 10.1.0.9
                  conditions: [{type: Ready, status: "False"}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-other-ns, namespace: other, labels: {app: web}}
                status: {phase: Running, podIP: 10.1.0.8}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-pending, namespace: shop, labels: {app: web}}
                status: {phase: Pending}
                """);
        final RegistryService web = c.model().services().get(0);
        assertThat(web.host()).isEqualTo("web.shop.svc.cluster.local");
        assertThat(web.ports()).containsExactly(
                new RegistryService.ServicePort("http-main", 80, 8081, "HTTP"),
                new RegistryService.ServicePort("grpc", 9000, 9000, "GRPC"),
                new RegistryService.ServicePort("metrics", 9090, 9090, "HTTP2"),
                new RegistryService.ServicePort("httpx", 81, 81, "AUTO"),
                new RegistryService.ServicePort("", 53, 53, "UDP"),
                new RegistryService.ServicePort("tls-a", 443, 8443, "TLS"));
        assertThat(web.endpoints()).extracting(RegistryService.Endpoint::name).containsExactly("web-a", "web-b");
        assertThat(web.endpoints().get(0).healthy()).isFalse();
        assertThat(web.endpoints().get(1).healthy()).isTrue();
        assertThat(web.endpoints().get(0).ports()).isEqualTo(Map.of("http-main", 8080));
        assertThat(c.kindCounts()).containsEntry("Pod", 4);
    }

    @Test
    void shouldSortEndpointsNumericallyByAddress()
    {
        final StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec: {selector: {app: s}, ports: [{name: http, port: 80}]}
                """);
        for (final String ip : new String[] {"10.1.0.10", "10.1.0.9", "10.1.0.100", "9.0.0.1"})
        {
            yaml.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: p").append(ip.replace('.', '-'))
                    .append(", labels: {app: s}}\nstatus: {podIP: ").append(ip).append("}\n");
        }
        final LoadedConfig c = clean(yaml.toString());
        assertThat(c.model().services().get(0).endpoints()).extracting(RegistryService.Endpoint::address)
                .containsExactly("9.0.0.1", "10.1.0.9", "10.1.0.10", "10.1.0.100");
    }

    @Test
    void shouldResolveServiceEntriesWithEndpointsAndWorkloadEntries()
    {
        final LoadedConfig c = clean("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: ext}
                spec:
                  hosts: [api.example.com, API2.example.com]
                  addresses: [240.0.0.1]
                  ports:
                  - {number: 443, name: https, protocol: HTTPS}
                  - {number: 80, name: http, protocol: HTTP, targetPort: 8080}
                  resolution: STATIC
                  endpoints:
                  - {address: 2.2.2.2, labels: {zone: b}}
                  - {address: 1.1.1.1, ports: {http: 9080}}
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: vms}
                spec:
                  hosts: [vm.internal]
                  location: MESH_INTERNAL
                  ports: [{number: 8080, name: http, protocol: HTTP}]
                  resolution: STATIC
                  workloadSelector: {labels: {app: vm}}
                ---
                apiVersion: networking.istio.io/v1
                kind: WorkloadEntry
                metadata: {name: vm-1}
                spec: {address: 192.168.9.2, labels: {app: vm, version: v1}}
                ---
                apiVersion: networking.istio.io/v1
                kind: WorkloadEntry
                metadata: {name: vm-elsewhere, namespace: other}
                spec: {address: 192.168.9.3, labels: {app: vm}}
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: dns}
                spec:
                  hosts: [db.example.org]
                  ports: [{number: 5432, name: tcp-pg}]
                  resolution: DNS
                """);
        final List<RegistryService> s = c.model().services();
        assertThat(s).extracting(RegistryService::host)
                .containsExactly("api.example.com", "api2.example.com", "vm.internal", "db.example.org");
        assertThat(s.get(0).addresses()).containsExactly("240.0.0.1");
        assertThat(s.get(0).ports()).containsExactly(new RegistryService.ServicePort("https", 443, 443, "HTTPS"),
                new RegistryService.ServicePort("http", 80, 8080, "HTTP"));
        assertThat(s.get(0).endpoints()).extracting(RegistryService.Endpoint::address)
                .containsExactly("1.1.1.1", "2.2.2.2");
        assertThat(s.get(0).endpoints().get(0).ports()).isEqualTo(Map.of("http", 9080));
        assertThat(s.get(2).endpoints()).extracting(RegistryService.Endpoint::name).containsExactly("vm-1");
        assertThat(s.get(3).endpoints()).extracting(RegistryService.Endpoint::address)
                .containsExactly("db.example.org");
        // a ServiceEntry port without protocol is sniffed (Istio's protocol.Parse("")), whatever its name
        assertThat(s.get(3).ports().get(0).protocol()).isEqualTo("AUTO");
    }

    @Test
    void shouldLoadGateways()
    {
        final LoadedConfig c = clean("""
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: edge, namespace: istio-system}
                spec:
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 80, name: http, protocol: http}
                    hosts: ["*/bookinfo.example.com"]
                """);
        assertThat(c.model().gateways().get(0).qualifiedName()).isEqualTo("istio-system/edge");
        assertThat(c.model().gateways().get(0).servers().get(0).protocol()).isEqualTo("HTTP");
    }

    @Test
    void shouldResolveRoutesFileAgainstTheYamlFolder(@TempDir final Path dir) throws IOException
    {
        final Path sub = Files.createDirectories(dir.resolve("net"));
        Files.writeString(sub.resolve("core.yaml"), """
                apiVersion: wirespeed.dev/v1
                kind: RouteTable
                metadata: {name: core}
                spec:
                  routesFile: routes/core.txt
                  localAddresses: [192.168.0.254]
                """);
        final LoadedConfig c = new ConfigLoader().load(List.of(dir));
        assertThat(c.formattedDiagnostics()).isEmpty();
        final RouteTableSpec t = c.model().routeTables().get(0);
        assertThat(t.routesFile()).isEqualTo(sub.toAbsolutePath().resolve("routes/core.txt"));
        assertThat(t.routesFileRef().line()).isEqualTo(5);
        assertThat(t.localAddresses().get(0).address()).isEqualTo("192.168.0.254");
    }

    @Test
    void shouldReadDirectoriesRecursivelyInSortedOrderAndOnlyYaml(@TempDir final Path dir) throws IOException
    {
        final String vs = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: %s}
                spec: {hosts: [%s], http: [{directResponse: {status: 200}}]}
                """;
        Files.createDirectories(dir.resolve("b/c"));
        Files.writeString(dir.resolve("b/c/z.yml"), vs.formatted("third", "c"));
        Files.writeString(dir.resolve("b/a.yaml"), vs.formatted("second", "b"));
        Files.writeString(dir.resolve("a.yaml"), vs.formatted("first", "a") + "---\n" + vs.formatted("first-2", "a2"));
        Files.writeString(dir.resolve("notes.txt"), "not yaml: [");
        final Path single = Files.writeString(dir.resolve("../single-" + dir.getFileName() + ".yaml"),
                vs.formatted("zero", "z"));
        final LoadedConfig c = new ConfigLoader().load(List.of(single, dir));
        assertThat(c.formattedDiagnostics()).isEmpty();
        assertThat(c.model().virtualServices()).extracting(VirtualService::name)
                .containsExactly("zero", "first", "first-2", "second", "third");
        assertThat(c.files()).hasSize(4);
        Files.delete(single);
    }

    @Test
    void shouldLoadSeveralNamedStringsInOrder()
    {
        final Map<String, String> docs = new LinkedHashMap<>();
        docs.put("one", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n");
        docs.put("two", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n");
        final LoadedConfig c = new ConfigLoader().loadStrings(docs);
        assertThat(c.formattedDiagnostics()).containsExactly(
                "two:3:18: error: metadata.name: duplicate Service default/a (first defined at one:1:1)");
    }
    @Test
    void shouldLoadDocumentsLargerThanSnakeYamlsDefaultLimit()
    {
        final StringBuilder yaml = new StringBuilder("""
                apiVersion: wirespeed.dev/v1
                kind: RouteTable
                metadata: {name: big}
                spec:
                  routes:
                """);
        final int n = 70_000;
        for (int i = 0; i < n; i++)
        {
            yaml.append("  - {prefix: 10.").append(i >> 8 & 255).append('.').append(i & 255)
                    .append(".0/24, nextHops: [{address: 192.168.0.1, port: 1}]}\n");
        }
        assertThat(yaml.length()).isGreaterThan(4 << 20);
        final LoadedConfig c = new ConfigLoader().loadString("big.yaml", yaml.toString());
        assertThat(c.formattedDiagnostics()).isEmpty();
        assertThat(c.model().routeTables().get(0).routes()).hasSize(n);
    }

    @Test
    void shouldAcceptUriRewriteWithoutAUriMatch()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [a]
                  http:
                  - match: [{headers: {x: {exact: "1"}}}]
                    rewrite: {uri: /v2}
                    route: [{destination: {host: a}}]
                """);
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.model().virtualServices().get(0).http().get(0).rewrite().uri()).isEqualTo("/v2");
    }
    @Test
    void shouldLoadRealKubectlPodAndServiceOutputWithoutWarnings()
    {
        final LoadedConfig c = clean("""
                apiVersion: v1
                kind: List
                metadata: {resourceVersion: ""}
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    creationTimestamp: "2024-05-01T10:00:00Z"
                    generateName: ratings-v1-5f9699cfdf-
                    labels: {app: ratings, pod-template-hash: 5f9699cfdf, version: v1}
                    name: ratings-v1-5f9699cfdf-x7k2q
                    namespace: default
                    ownerReferences:
                    - {apiVersion: apps/v1, blockOwnerDeletion: true, controller: true, kind: ReplicaSet,
                       name: ratings-v1-5f9699cfdf, uid: 11111111-2222-3333-4444-555555555555}
                    resourceVersion: "4242"
                    uid: 66666666-7777-8888-9999-000000000000
                  spec:
                    containers:
                    - image: docker.io/istio/examples-bookinfo-ratings-v1:1.20.1
                      imagePullPolicy: IfNotPresent
                      name: ratings
                      ports: [{containerPort: 9080, protocol: TCP}]
                      resources: {}
                      securityContext: {runAsUser: 1000}
                      terminationMessagePath: /dev/termination-log
                      terminationMessagePolicy: File
                      volumeMounts: [{mountPath: /tmp, name: tmp}]
                    dnsPolicy: ClusterFirst
                    enableServiceLinks: true
                    nodeName: node-1
                    preemptionPolicy: PreemptLowerPriority
                    priority: 0
                    restartPolicy: Always
                    schedulerName: default-scheduler
                    securityContext: {}
                    serviceAccount: bookinfo-ratings
                    serviceAccountName: bookinfo-ratings
                    terminationGracePeriodSeconds: 30
                    tolerations:
                    - {effect: NoExecute, key: node.kubernetes.io/not-ready, operator: Exists, tolerationSeconds: 300}
                    volumes: [{emptyDir: {}, name: tmp}]
                  status:
                    conditions:
                    - {lastProbeTime: null, lastTransitionTime: "2024-05-01T10:00:05Z", status: "True", type: Ready}
                    containerStatuses:
                    - {containerID: "containerd://abc", image: x, imageID: y, name: ratings, ready: true,
                       restartCount: 0, started: true, state: {running: {startedAt: "2024-05-01T10:00:04Z"}}}
                    hostIP: 192.168.49.2
                    hostIPs: [{ip: 192.168.49.2}]
                    phase: Running
                    podIP: 10.244.0.12
                    podIPs: [{ip: 10.244.0.12}]
                    qosClass: BestEffort
                    startTime: "2024-05-01T10:00:00Z"
                - apiVersion: v1
                  kind: Service
                  metadata:
                    annotations:
                      kubectl.kubernetes.io/last-applied-configuration: |
                        {"apiVersion":"v1","kind":"Service"}
                    creationTimestamp: "2024-05-01T10:00:00Z"
                    labels: {app: ratings, service: ratings}
                    name: ratings
                    namespace: default
                    resourceVersion: "4200"
                    uid: 12345678-0000-0000-0000-000000000000
                  spec:
                    clusterIP: 10.96.118.35
                    clusterIPs: [10.96.118.35]
                    internalTrafficPolicy: Cluster
                    ipFamilies: [IPv4]
                    ipFamilyPolicy: SingleStack
                    ports: [{name: http, port: 9080, protocol: TCP, targetPort: 9080}]
                    selector: {app: ratings}
                    sessionAffinity: None
                    type: ClusterIP
                  status: {loadBalancer: {}}
                """);
        final RegistryService ratings = c.model().services().get(0);
        assertThat(ratings.addresses()).containsExactly("10.96.118.35");
        assertThat(ratings.endpoints()).extracting(RegistryService.Endpoint::address).containsExactly("10.244.0.12");
        assertThat(ratings.endpoints().get(0).healthy()).isTrue();
    }
    @Test
    void shouldShipATraceWithEveryExample() throws IOException
    {
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        final List<Path> traces;
        try (var walk = Files.walk(root().resolve("examples")))
        {
            // The Gateway API examples have their own test (GatewayApiExamplesTest) and gateway ports.
            traces = walk.filter(p -> p.getFileName().toString().equals("requests.jsonl"))
                    .filter(p -> !p.startsWith(root().resolve("examples").resolve("gateway-api"))).sorted().toList();
        }
        assertThat(traces).hasSize(42);
        for (final Path t : traces)
        {
            final List<String> lines = Files.readAllLines(t);
            assertThat(lines).as(t.toString()).isNotEmpty();
            for (final String line : lines)
            {
                final var node = json.readTree(line);
                assertThat(node.get("path").asText()).as(t + ": " + line).startsWith("/");
                if (node.has("port"))
                {
                    assertThat(node.get("port").asInt()).as(t + ": " + line).isBetween(1, 65535);
                }
            }
        }
    }
}
