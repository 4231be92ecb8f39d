package dev.wirespeed.control.config;

import dev.wirespeed.control.model.AuthorizationPolicy;
import dev.wirespeed.control.model.AuthorizationPolicy.Field;
import dev.wirespeed.control.model.AuthorizationPolicy.Test;



import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading AuthorizationPolicies: the rule shape Istio's generator reads, and the policies Istio's webhook rejects. */
class AuthorizationPolicyConfigTest
{
    @org.junit.jupiter.api.Test
    void shouldReadRulesIntoClausesOfTests()
    {
        final LoadedConfig c = new ConfigLoader().loadString("a.yaml", """
                apiVersion: security.istio.io/v1beta1
                kind: AuthorizationPolicy
                metadata:
                  name: httpbin
                  namespace: foo
                  annotations: {istio.io/dry-run: "true"}
                spec:
                  selector: {matchLabels: {app: httpbin}}
                  action: DENY
                  rules:
                  - from:
                    - source: {principals: ["cluster.local/ns/default/sa/sleep"], notIpBlocks: ["10.0.0.0/8"]}
                    - source: {serviceAccounts: ["sleep", "bar/curl"]}
                    to:
                    - operation: {methods: ["GET"], paths: ["/info*", "/items/{*}/x"], notPorts: ["8080"]}
                    when:
                    - key: request.headers[X-Token]
                      values: ["a*"]
                    - key: request.auth.claims[iss]
                      notValues: ["https://issuer"]
                """);
        assertThat(c.formattedDiagnostics()).isEmpty();
        final AuthorizationPolicy p = c.model().authorization().policies().get(0);
        assertThat(p.dryRun()).isTrue();
        assertThat(p.selector()).containsEntry("app", "httpbin");
        final AuthorizationPolicy.Rule r = p.rules().get(0);
        assertThat(r.from().get(0)).containsExactly(
                new Test(Field.PRINCIPAL, null, List.of("cluster.local/ns/default/sa/sleep"), List.of()),
                new Test(Field.IP, null, List.of(), List.of("10.0.0.0/8")));
        assertThat(r.from().get(1)).as("a service account without namespace is the policy's")
                .containsExactly(new Test(Field.SERVICE_ACCOUNT, null, List.of("foo/sleep", "bar/curl"), List.of()));
        assertThat(r.to().get(0)).extracting(Test::field).containsExactly(Field.PORT, Field.PATH, Field.METHOD);
        assertThat(r.when()).containsExactly(new Test(Field.HEADER, "x-token", List.of("a*"), List.of()),
                new Test(Field.REQUEST_CLAIM, "iss", List.of(), List.of("https://issuer")));
        assertThat(p.rbacName(0)).isEqualTo("ns[foo]-policy[httpbin]-rule[0]");
    }

    @org.junit.jupiter.api.Test
    void shouldRejectWhatIstiosValidationRejects()
    {
        final LoadedConfig c = new ConfigLoader().loadString("a.yaml", """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: bad, namespace: foo}
                spec:
                  selector: {matchLabels: {app: a}}
                  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}]
                  action: DENY
                  rules:
                  - from:
                    - source: {ipBlocks: ["10.0.0.0/33", "not-an-ip"]}
                    to:
                    - operation: {paths: ["/a/{**}/{*}", "/b{*}"], ports: ["70000"]}
                    when:
                    - key: source.color
                      values: ["red"]
                  - to:
                    - operation: {method: ["GET"]}
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: deny-nothing, namespace: foo}
                spec:
                  action: DENY
                ---
                apiVersion: security.istio.io/v1alpha1
                kind: AuthorizationPolicy
                metadata: {name: old, namespace: foo}
                spec: {}
                """);
        assertThat(c.formattedDiagnostics()).containsExactly(
                "a.yaml:5:3: error: spec: only one of targetRefs or workloadSelector can be set",
                "a.yaml:10:27: error: spec.rules[0].from[0].source.ipBlocks[0]: bad CIDR range"
                        + " (10.0.0.0/33): bad bits after slash: \"33\"",
                "a.yaml:10:42: error: spec.rules[0].from[0].source.ipBlocks[1]: bad IP address (not-an-ip)",
                "a.yaml:12:27: error: spec.rules[0].to[0].operation.paths[0]: invalid or unsupported path"
                        + " a/{**}/{*}, found in Paths. {**} is not the last operator",
                "a.yaml:12:42: error: spec.rules[0].to[0].operation.paths[1]: invalid or unsupported path"
                        + " b{*}, found in Paths. Contains '{' or '}' beyond a supported path template",
                "a.yaml:12:60: error: spec.rules[0].to[0].operation.ports[0]: bad port (70000)",
                "a.yaml:14:12: error: spec.rules[0].when[0].key: invalid `value` for `key` source.color:"
                        + " unknown attribute: source.color",
                "a.yaml:17:18: error: spec.rules[1].to[0].operation: `to.operation` must not be empty,"
                        + " found at rule 1",
                "a.yaml:17:19: error: spec.rules[1].to[0].operation.method: unknown field \"method\" (did"
                        + " you mean \"methods\"?)",
                "a.yaml:23:3: error: spec: DENY action without `rules` is meaningless as it will never be"
                        + " triggered, add an empty rule `{}` if you want it be triggered for every request",
                "a.yaml:25:13: error: apiVersion: unsupported apiVersion \"security.istio.io/v1alpha1\""
                        + " for AuthorizationPolicy (expected security.istio.io/v1 or v1beta1)");
    }

    @org.junit.jupiter.api.Test
    void shouldWarnThatACustomProvidersAnswerIsNotModelled()
    {
        final LoadedConfig c = new ConfigLoader().loadString("a.yaml", """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata: {name: ext, namespace: foo}
                spec:
                  action: CUSTOM
                  provider: {name: opa}
                  rules: [{to: [{operation: {paths: ["/admin/*"]}}]}]
                """);
        assertThat(c.errors()).isEmpty();
        assertThat(c.formattedDiagnostics()).containsExactly("a.yaml:1:1: warning: CUSTOM AuthorizationPolicy"
                + " foo/ext: its provider's answer is not modelled; requests are decided as if it allowed them");
    }
}
