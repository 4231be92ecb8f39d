package dev.wirespeed.control.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every validation rule, with the exact {@code file:line:column: error: path: message} it prints. The
 * VirtualService template puts the first line of the {@code http} block on line 8.
 */
class ConfigLoaderValidationTest
{
    /** Lines 1..7; the http block starts on line 8, indented two spaces. */
    static final String VS_HEAD = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: r
            spec:
              hosts: [reviews]
              http:
            """;

    static List<String> diagnostics(final String yaml)
    {
        return new ConfigLoader().loadString("t.yaml", yaml).formattedDiagnostics();
    }

    static List<String> errors(final String yaml)
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", yaml);
        return c.errors().stream().map(Diagnostic::format).toList();
    }

    static List<String> vsErrors(final String http)
    {
        return errors(VS_HEAD + http);
    }

    @Test
    void shouldRejectUnknownFieldsInSpecWithTheirPath()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews, subsett: v1}
                """)).containsExactly(
                "t.yaml:9:36: error: spec.http[0].route[0].destination.subsett: unknown field \"subsett\""
                        + " (did you mean \"subset\"?)");
    }

    @Test
    void shouldSuggestTheFieldWhenOnlyTheCaseDiffers()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews}
                      Weight: 1
                """)).containsExactly(
                "t.yaml:10:7: error: spec.http[0].route[0].Weight: unknown field \"Weight\""
                        + " (did you mean \"weight\"?)");
    }

    @Test
    void shouldRejectWrongTypes()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: reviews
                  http:
                  - match:
                    - ignoreUriCase: 3
                      port: http
                    route:
                    - destination: {host: reviews}
                      weight: abc
                """)).containsExactly(
                "t.yaml:5:10: error: spec.hosts: expected a list, got the string \"reviews\"",
                "t.yaml:8:22: error: spec.http[0].match[0].ignoreUriCase: expected a boolean (true or false),"
                        + " got the number 3",
                "t.yaml:9:13: error: spec.http[0].match[0].port: expected an integer, got the string \"http\"",
                "t.yaml:12:15: error: spec.http[0].route[0].weight: expected an integer, got the string \"abc\"");
    }

    @Test
    void shouldTakeAVirtualServiceWithoutHostsForADelegate()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  gateways: [mesh]
                  http:
                  - route:
                    - destination: {host: reviews}
                """)).containsExactly("t.yaml:5:13: error: spec.gateways: delegate virtual service (no hosts) must "
                + "have no gateways specified");
    }

    @Test
    void shouldRequireSomeRoutes()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [reviews]
                """)).containsExactly(
                "t.yaml:5:3: error: spec: VirtualService must have \"http\", \"tcp\" or \"tls\" routes");
    }

    @Test
    void shouldRequireDestinationHost()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {subset: v1}
                """)).containsExactly(
                "t.yaml:9:20: error: spec.http[0].route[0].destination.host: missing required field \"host\"");
    }

    @Test
    void shouldRequireAnAction()
    {
        assertThat(vsErrors("""
                  - name: nothing
                    match:
                    - uri: {prefix: /a}
                """)).containsExactly(
                "t.yaml:8:5: error: spec.http[0]: HTTP route must have one of"
                        + " \"route\", \"redirect\" or \"directResponse\"");
    }

    @Test
    void shouldRejectRouteTogetherWithRedirectOrDirectResponse()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews}
                    redirect: {uri: /x}
                  - route:
                    - destination: {host: reviews}
                    directResponse: {status: 200}
                """)).containsExactly(
                "t.yaml:10:15: error: spec.http[0].redirect: HTTP route cannot contain both \"route\" and \"redirect\"",
                "t.yaml:13:21: error: spec.http[1].directResponse: HTTP route cannot contain both"
                        + " \"route\" and \"directResponse\"");
    }

    @Test
    void shouldRejectRewriteWithARedirect()
    {
        assertThat(vsErrors("""
                  - redirect: {uri: /x}
                    rewrite: {uri: /y}
                """)).containsExactly(
                "t.yaml:9:14: error: spec.http[0].rewrite: \"rewrite\" needs \"route\""
                        + " (it cannot go with \"redirect\")");
    }

    @Test
    void shouldRejectNegativeWeights()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews, subset: v1}
                      weight: -5
                    - destination: {host: reviews, subset: v2}
                      weight: 105
                """)).containsExactly(
                "t.yaml:10:15: error: spec.http[0].route[0].weight: weight must not be negative, got -5");
    }

    @Test
    void shouldRejectWeightsSummingToZeroWithSeveralDestinations()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews, subset: v1}
                      weight: 0
                    - destination: {host: reviews, subset: v2}
                  - route:
                    - destination: {host: reviews, subset: v1}
                      weight: 0
                """)).containsExactly(
                "t.yaml:9:5: error: spec.http[0].route: the weights of the 2 destinations sum to 0:"
                        + " no destination would get traffic");
    }

    @Test
    void shouldReportInvalidRegexWithTheRe2Error()
    {
        assertThat(vsErrors("""
                  - match:
                    - uri: {regex: "/a(b"}
                      headers:
                        x-id: {regex: "[0-9+"}
                    rewrite:
                      uriRegexRewrite: {match: "a**", rewrite: /y}
                    route:
                    - destination: {host: reviews}
                """)).containsExactly(
                "t.yaml:9:20: error: spec.http[0].match[0].uri.regex: invalid RE2 regex: error parsing regexp:"
                        + " missing closing ): `/a(b`",
                "t.yaml:11:23: error: spec.http[0].match[0].headers.x-id.regex: invalid RE2 regex:"
                        + " error parsing regexp: missing closing ]: `[0-9+`",
                "t.yaml:13:32: error: spec.http[0].rewrite.uriRegexRewrite.match: invalid RE2 regex:"
                        + " error parsing regexp: invalid nested repetition operator: `**`");
    }

    @Test
    void shouldRequireExactlyOneStringMatchKind()
    {
        assertThat(vsErrors("""
                  - match:
                    - uri: {}
                    - uri: {exact: /a, prefix: /a}
                    - method: {exact: GET}
                    route:
                    - destination: {host: reviews}
                """)).containsExactly(
                "t.yaml:9:12: error: spec.http[0].match[0].uri: string match must set exactly one of"
                        + " \"exact\", \"prefix\", \"regex\"",
                "t.yaml:10:12: error: spec.http[0].match[1].uri: string match sets 2 of"
                        + " \"exact\", \"prefix\", \"regex\"; exactly one is allowed");
    }

    @Test
    void shouldAcceptPrefixInQueryParams()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: v}
                spec:
                  hosts: [reviews]
                  http:
                  - match:
                    - queryParams:
                        page: {prefix: "1"}
                    route:
                    - destination: {host: reviews}
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.model().virtualServices().get(0).http().get(0).matches().get(0).queryParams())
                .containsEntry("page", dev.wirespeed.control.model.StringMatch.prefix("1"));
    }

    @Test
    void shouldRejectPercentagesOutsideZeroToHundred()
    {
        assertThat(vsErrors("""
                  - fault:
                      delay: {fixedDelay: 5s, percentage: {value: 100.5}}
                      abort: {httpStatus: 500, percentage: {value: -1}}
                    mirror: {host: reviews}
                    mirrorPercentage: {value: 200}
                    route:
                    - destination: {host: reviews}
                """)).containsExactly(
                "t.yaml:9:51: error: spec.http[0].fault.delay.percentage.value: percentage must be in 0..100,"
                        + " got 100.5",
                "t.yaml:10:52: error: spec.http[0].fault.abort.percentage.value: percentage must be in 0..100, got -1",
                "t.yaml:12:31: error: spec.http[0].mirrorPercentage.value: percentage must be in 0..100, got 200");
    }

    @Test
    void shouldRejectBadStatusCodes()
    {
        assertThat(vsErrors("""
                  - directResponse: {status: 99}
                  - redirect: {uri: /a, redirectCode: 200}
                  - fault: {abort: {httpStatus: 600}}
                    route:
                    - destination: {host: reviews}
                  - directResponse: {body: {string: hi}}
                """)).containsExactly(
                "t.yaml:8:30: error: spec.http[0].directResponse.status: value 99 out of range 200..599",
                "t.yaml:9:39: error: spec.http[1].redirect.redirectCode: 200 is not a valid redirect code, must be 3xx",
                "t.yaml:10:33: error: spec.http[2].fault.abort.httpStatus: value 600 out of range 200..599",
                "t.yaml:13:21: error: spec.http[3].directResponse.status: missing required field \"status\"");
    }

    @Test
    void shouldRejectPortsOutsideTheValidRange()
    {
        assertThat(vsErrors("""
                  - match:
                    - port: 0
                    route:
                    - destination: {host: reviews, port: {number: 70000}}
                """)).containsExactly(
                "t.yaml:9:13: error: spec.http[0].match[0].port: value 0 out of range 1..65535",
                "t.yaml:11:51: error: spec.http[0].route[0].destination.port.number:"
                        + " value 70000 out of range 1..65535");
    }

    @Test
    void shouldRejectInvalidDurationsAndTooShortDelays()
    {
        assertThat(vsErrors("""
                  - timeout: soon
                    fault: {delay: {fixedDelay: 0.5ms}}
                    route:
                    - destination: {host: reviews}
                """)).containsExactly(
                "t.yaml:8:14: error: spec.http[0].timeout: expected a duration such as 5s, 100ms or 1.5s, got \"soon\"",
                "t.yaml:9:33: error: spec.http[0].fault.delay.fixedDelay: fixedDelay must be at least 1ms");
    }

    @Test
    void shouldRejectAnHttp2ErrorAbortAndAGrpcStatusIstioDoesNotName()
    {
        final List<String> errors = vsErrors("""
                  - fault: {abort: {http2Error: REFUSED_STREAM}}
                    route:
                    - destination: {host: reviews}
                  - fault: {abort: {grpcStatus: "14"}}
                    route:
                    - destination: {host: reviews}
                  - fault: {abort: {grpcStatus: UNAVAILABLE, httpStatus: 503}}
                    route:
                    - destination: {host: reviews}
                """);
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("t.yaml:8:33: error: spec.http[0].fault.abort.http2Error:")
                .contains("Istio rejects it");
        assertThat(errors.get(1)).startsWith("t.yaml:11:33: error: spec.http[1].fault.abort.grpcStatus:")
                .contains("gRPC status \"14\" is not supported");
        assertThat(errors.get(2)).contains("spec.http[2].fault.abort.grpcStatus: abort takes one of httpStatus");
    }

    @Test
    void shouldRejectWildcardHostOnTheMesh()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: ["*"]
                  http:
                  - directResponse: {status: 404}
                """)).containsExactly(
                "t.yaml:5:11: error: spec.hosts[0]: wildcard host * is not allowed for virtual services bound to"
                        + " the mesh gateway");
    }

    @Test
    void shouldRejectDuplicateNamesOfTheSameKindAndNamespace()
    {
        final String vs = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r, namespace: %s}
                spec:
                  hosts: [a]
                  http:
                  - directResponse: {status: 200}
                """;
        final String dr = """
                apiVersion: networking.istio.io/v1beta1
                kind: DestinationRule
                metadata: {name: r}
                spec: {host: a}
                """;
        assertThat(errors(vs.formatted("default") + "---\n" + vs.formatted("other") + "---\n" + dr + "---\n"
                + vs.formatted("default"))).containsExactly(
                "t.yaml:24:18: error: metadata.name: duplicate VirtualService default/r (first defined at t.yaml:1:1)");
    }

    @Test
    void shouldRejectDuplicateSubsetNamesAndRequireSubsetNames()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: r}
                spec:
                  host: reviews
                  subsets:
                  - name: v1
                    labels: {version: v1}
                  - name: v1
                    labels: {version: v2}
                  - labels: {version: v3}
                """)).containsExactly(
                "t.yaml:9:11: error: spec.subsets[1].name: duplicate subset name \"v1\" (first at line 7, column 11)",
                "t.yaml:11:5: error: spec.subsets[2].name: missing required field \"name\"");
    }

    @Test
    void shouldRequireDestinationRuleHost()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: r}
                spec:
                  subsets: [{name: v1}]
                """)).containsExactly("t.yaml:5:3: error: spec.host: missing required field \"host\"");
    }

    @Test
    void shouldRejectSeveralHashKeys()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: r}
                spec:
                  host: reviews
                  trafficPolicy:
                    loadBalancer: {simple: PASSTHROUGH}
                  subsets:
                  - name: v1
                    trafficPolicy:
                      loadBalancer:
                        consistentHash: {httpHeaderName: x-user, useSourceIp: true}
                """)).containsExactly(
                "t.yaml:12:25: error: spec.subsets[0].trafficPolicy.loadBalancer.consistentHash:"
                        + " consistentHash sets 2 hash keys; exactly one is allowed");
    }

    @Test
    void shouldRejectBadSelectorsPortSettingsAndCookies()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: r, namespace: bookinfo}
                spec:
                  host: reviews
                  workloadSelector:
                    matchLabels: {app: "web*"}
                  exportTo: ["*"]
                  trafficPolicy:
                    loadBalancer:
                      consistentHash:
                        httpCookie: {path: /, ttl: soon}
                    portLevelSettings:
                    - loadBalancer: {simple: RANDOM}
                    - port: {number: 70000}
                      loadBalancer: {simple: ROUND_ROBIN}
                    - port: {number: 9080}
                """)).containsExactly(
                "t.yaml:7:18: error: spec.workloadSelector.matchLabels: wildcard is not supported in selector:"
                        + " \"app=web*\"",
                "t.yaml:8:13: error: spec.exportTo: destination rule with workload selector cannot have exportTo"
                        + " beyond current namespace",
                "t.yaml:12:21: error: spec.trafficPolicy.loadBalancer.consistentHash.httpCookie: name required for"
                        + " HttpCookie",
                "t.yaml:12:36: error: spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl: expected a"
                        + " duration such as 0s, 3600s or 1h, got \"soon\"",
                "t.yaml:14:7: error: spec.trafficPolicy.portLevelSettings[0]: portTrafficPolicy must have valid port",
                "t.yaml:15:22: error: spec.trafficPolicy.portLevelSettings[1].port.number: value 70000 out of range"
                        + " 1..65535",
                "t.yaml:17:7: error: spec.trafficPolicy.portLevelSettings[2]: port traffic policy must have at least"
                        + " one field");
    }

    @Test
    void shouldRejectUnsupportedIstioVersions()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v2
                kind: VirtualService
                metadata: {name: r}
                spec: {hosts: [a], http: [{directResponse: {status: 200}}]}
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata: {name: d}
                spec: {hosts: [a], http: [{delegate: {name: x}, redirect: {uri: /b}}]}
                """)).containsExactly(
                "t.yaml:1:13: error: apiVersion: unsupported apiVersion \"networking.istio.io/v2\" for VirtualService"
                        + " (expected networking.istio.io/v1, v1beta1 or v1alpha3)",
                "t.yaml:9:59: error: spec.http[0].redirect: root HTTP route must not specify redirect (it has a "
                        + "delegate)");
    }

    @Test
    void shouldRequireMetadataName()
    {
        assertThat(errors("""
                apiVersion: v1
                kind: Service
                metadata: {namespace: x}
                """)).containsExactly("t.yaml:3:11: error: metadata.name: missing required field \"name\"");
    }

    @Test
    void shouldRejectNonObjectDocuments()
    {
        assertThat(errors("- a\n- b\n---\njust text\n---\nkind: Pod\n")).containsExactly(
                "t.yaml:1:1: error: expected a Kubernetes object (a mapping with apiVersion and kind), got a list",
                "t.yaml:4:1: error: expected a Kubernetes object (a mapping with apiVersion and kind),"
                        + " got the string \"just text\"",
                "t.yaml:6:1: error: missing \"apiVersion\": not a Kubernetes object");
    }

    @Test
    void shouldReportMalformedYamlWithItsPositionAndTheWholeMessage()
    {
        final List<String> errs = errors("apiVersion: v1\nkind: Service\nmetadata: {name: [a\n");
        assertThat(errs).containsExactly("t.yaml:4:1: error: malformed YAML: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence started at line 3, column 18)");
    }

    @Test
    void shouldRejectDuplicateKeysInsideDocuments()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews}
                    route:
                    - destination: {host: ratings}
                """)).containsExactly(
                "t.yaml:10:5: error: spec.http[0].route: duplicate key \"route\" (first written at line 8, column 5)");
    }

    @Test
    void shouldCollectEveryErrorNotJustTheFirst()
    {
        final List<String> errs = vsErrors("""
                  - route:
                    - destination: {host: reviews}
                      weight: -1
                    bogus: 1
                  - match: [{port: 99999}]
                    directResponse: {status: 1000}
                """);
        assertThat(errs).hasSize(4);
    }

    @Test
    void shouldWarnAboutUnresolvedReferencesButNotFail()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [reviews]
                  gateways: [edge, mesh]
                  http:
                  - route:
                    - destination: {host: reviews, subset: v3}
                      weight: 100
                    - destination: {host: nowhere, port: {number: 80}}
                      weight: 0
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: reviews}
                spec:
                  ports: [{name: http, port: 9080}]
                """);
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.formattedDiagnostics()).containsExactly(
                "t.yaml:6:14: warning: spec.gateways[0]: gateway default/edge is not defined by any loaded Gateway;"
                        + " routes bound to it apply to no traffic until it exists",
                "t.yaml:9:44: warning: spec.http[0].route[0].destination.subset: subset v3 of host "
                        + "reviews.default.svc.cluster.local is not defined by any DestinationRule;"
                        + " Istio accepts this and requests to it fail with 503 NC",
                "t.yaml:11:27: warning: spec.http[0].route[1].destination.host: host nowhere.default.svc.cluster.local"
                        + " has no registry service (no Service or ServiceEntry defines it); Istio accepts this and"
                        + " requests to it fail with 503 NC");
    }

    @Test
    void shouldWarnAndSkipUnknownKinds()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: networking.istio.io/v1
                kind: EnvoyFilter
                metadata: {name: s}
                spec: {whatever: 1}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                """);
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.formattedDiagnostics()).containsExactly(
                "t.yaml:1:1: warning: skipping unsupported kind EnvoyFilter (apiVersion networking.istio.io/v1)",
                "t.yaml:6:1: warning: skipping unsupported kind Deployment (apiVersion apps/v1)");
    }

    @Test
    void shouldWarnNotFailOnUnknownFieldsOfCoreKinds()
    {
        final LoadedConfig c = new ConfigLoader().loadString("t.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  ports: [{port: 80}]
                  someFutureField: true
                """);
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.formattedDiagnostics()).containsExactly(
                "t.yaml:6:3: warning: spec.someFutureField: unknown field \"someFutureField\" ignored");
    }

    @Test
    void shouldValidateServiceEntries()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: se}
                spec:
                  hosts: [api.example.com]
                  ports:
                  - {number: 443, name: https, protocol: HTTPZ}
                  - {number: 0, name: https}
                  resolution: MAGIC
                  endpoints: [{address: 1.2.3.4}]
                  workloadSelector: {labels: {app: x}}
                """)).containsExactly(
                "t.yaml:7:42: error: spec.ports[0].protocol: unknown protocol \"HTTPZ\" (expected HTTP, HTTPS, HTTP2,"
                        + " GRPC, GRPC-WEB, TLS, TCP, UDP, MONGO, REDIS or MYSQL)",
                "t.yaml:8:14: error: spec.ports[1].number: value 0 out of range 1..65535",
                "t.yaml:8:23: error: spec.ports[1].name: duplicate port name \"https\"",
                "t.yaml:9:15: error: spec.resolution: expected one of NONE, STATIC, DNS, DNS_ROUND_ROBIN,"
                        + " got \"MAGIC\"",
                "t.yaml:11:21: error: spec.workloadSelector: \"workloadSelector\" and \"endpoints\""
                        + " cannot both be set");
    }

    @Test
    void shouldValidateGateways()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: gw}
                spec:
                  selector: {istio: ingressgateway}
                  servers:
                  - port: {number: 80, protocol: HTTPX, name: http}
                  - port: {number: 443, name: https, protocol: HTTPS}
                """)).containsExactly(
                "t.yaml:7:5: error: spec.servers[0].hosts: server must have at least one host",
                "t.yaml:7:34: error: spec.servers[0].port.protocol: unknown protocol \"HTTPX\" (expected HTTP, HTTPS,"
                        + " GRPC, GRPC-WEB, HTTP2, MONGO, TCP or TLS)",
                "t.yaml:8:5: error: spec.servers[1].hosts: server must have at least one host");
    }

    @Test
    void shouldValidateRouteTableShapes()
    {
        assertThat(errors("""
                apiVersion: wirespeed.dev/v1
                kind: RouteTable
                metadata: {name: t}
                spec:
                  routes:
                  - prefix: 10.0.0.0/8
                  - prefix: 10.1.0.0/16
                    nextHops: [{address: 192.168.0.1, port: -1, weight: 0}]
                  - nextHops: [{port: 1}]
                  localAddresses: 192.168.0.254
                """)).containsExactly(
                "t.yaml:6:5: error: spec.routes[0].nextHops: route must have at least one next hop",
                "t.yaml:8:45: error: spec.routes[1].nextHops[0].port: value -1 out of range 0..2147483647",
                "t.yaml:8:57: error: spec.routes[1].nextHops[0].weight: value 0 out of range 1..2147483647",
                "t.yaml:9:5: error: spec.routes[2].prefix: missing required field \"prefix\"",
                "t.yaml:9:16: error: spec.routes[2].nextHops[0].address: missing required field \"address\"",
                "t.yaml:10:19: error: spec.localAddresses: expected a list, got the string \"192.168.0.254\"");
    }

    @Test
    void shouldReportMissingFilesAndDirectoriesWithoutYaml()
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(java.nio.file.Path.of("no/such/file.yaml")));
        assertThat(c.formattedDiagnostics()).containsExactly("no/such/file.yaml: error: no such file or directory");
    }
    @Test
    void shouldRejectNullHeaderMatchesAndInvalidHeaderNames()
    {
        assertThat(vsErrors("""
                  - match:
                    - headers:
                        end-user:
                        "bad header": {exact: x}
                    headers:
                      request:
                        set: {"x y": z}
                    route:
                    - destination: {host: reviews}
                """)).containsExactly(
                "t.yaml:10:18: error: spec.http[0].match[0].headers.end-user: header match \"end-user\" cannot be null"
                        + " (write {} to match presence)",
                "t.yaml:11:9: error: spec.http[0].match[0].headers[\"bad header\"]: invalid header name \"bad header\"",
                "t.yaml:14:15: error: spec.http[0].headers.request.set[\"x y\"]: invalid header name \"x y\"");
    }
    @Test
    void shouldListTheExpectedFieldsWhenNoNameIsClose()
    {
        assertThat(vsErrors("""
                  - route:
                    - destination: {host: reviews, version: v1}
                """)).containsExactly("t.yaml:9:36: error: spec.http[0].route[0].destination.version: unknown field"
                + " \"version\" (expected one of: host, port, subset)");
    }

    @Test
    void shouldRequireSpecOfIstioKinds()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: se}
                """)).containsExactly("t.yaml:1:1: error: spec: missing required field \"spec\"");
    }
    @Test
    void shouldRequireSomethingToRedirectTo()
    {
        assertThat(vsErrors("""
                  - redirect: {redirectCode: 302}
                """)).containsExactly(
                "t.yaml:8:15: error: spec.http[0].redirect: redirect must set"
                        + " \"uri\", \"authority\", \"scheme\" or \"port\"");
    }

    @Test
    void shouldRequireIpAddressesForStaticServiceEntries()
    {
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: se}
                spec:
                  hosts: [db.internal]
                  addresses: [10.0.0.0/24, not-an-ip, 10.0.0.1/33]
                  ports: [{number: 5432, name: tcp}]
                  resolution: STATIC
                  endpoints: [{address: 10.0.0.5}, {address: db1.internal}, {address: "2001:db8::5"}]
                """)).containsExactly(
                "t.yaml:6:28: error: spec.addresses[1]: \"not-an-ip\" is not an IP address or CIDR",
                "t.yaml:6:39: error: spec.addresses[2]: \"10.0.0.1/33\" is not an IP address or CIDR",
                "t.yaml:9:46: error: spec.endpoints[1].address: endpoint address \"db1.internal\" is not an IP address"
                        + " (resolution STATIC needs IP addresses)");
    }

    @Test
    void shouldReportAWrongListTypeOnce()
    {
        assertThat(vsErrors("""
                  - route: {destination: {host: reviews}}
                """)).containsExactly("t.yaml:8:12: error: spec.http[0].route: expected a list, got a mapping");
        assertThat(errors("""
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: g}
                spec: {servers: none}
                """)).containsExactly(
                "t.yaml:4:17: error: spec.servers: expected a list, got the string \"none\"",
                "t.yaml:4:17: error: spec.servers: Gateway must have at least one server");
    }
}
