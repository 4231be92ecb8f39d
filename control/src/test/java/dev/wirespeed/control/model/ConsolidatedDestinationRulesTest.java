package dev.wirespeed.control.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Istio's DestinationRule merge ({@code mergeDestinationRule}) and lookup ({@code PushContext.destinationRule},
 * {@code SidecarScope.DestinationRule}): the cases of Istio's own {@code TestSetDestinationRuleWithWorkloadSelector}
 * and {@code TestSetDestinationRuleMerging}, and the edges of the merge loop.
 */
class ConsolidatedDestinationRulesTest
{
    private static final String HOST = "httpbin.org";
    private static final RegistryService HTTPBIN = new RegistryService(HOST, "test", List.of(), List.of(), List.of(),
            SourceRef.NONE);

    private static DestinationRule rule(final String ns, final String name, final String created,
            final Map<String, String> selector, final List<String> exportTo,
            final DestinationRule.TrafficPolicy policy, final String... subsets)
    {
        final List<DestinationRule.Subset> list = new ArrayList<>();
        for (final String s : subsets)
        {
            final String[] nameAndLabel = s.split("=");
            list.add(new DestinationRule.Subset(nameAndLabel[0],
                    nameAndLabel.length > 1 ? Map.of("version", nameAndLabel[1]) : Map.of(), null));
        }
        final List<String> resolved = new ArrayList<>();
        for (final String e : exportTo.isEmpty() ? List.of("*") : exportTo)
        {
            resolved.add(e.equals(".") ? ns : e);
        }
        return new DestinationRule(ns, name, HOST, policy, list, resolved, selector, SourceRef.NONE, exportTo,
                created);
    }

    private static ConsolidatedDestinationRules index(final DestinationRule... rules)
    {
        return new ConsolidatedDestinationRules(new RoutingModel(List.of(), List.of(rules), List.of(HTTPBIN),
                List.of(), List.of()));
    }

    private static List<String> names(final List<ConsolidatedDestinationRules.Entry> entries)
    {
        return entries.stream().map(e -> e.rule().name()).toList();
    }

    private static List<String> subsetNames(final ConsolidatedDestinationRules.Entry e)
    {
        return e.rule().subsets().stream().map(DestinationRule.Subset::name).toList();
    }

    @Test
    void shouldMergeRulesWithTheSameSelectorAndAddANamespaceRuleWhoseExportToHoldsDot()
    {
        final ConsolidatedDestinationRules index = index(
                rule("test", "nsRule1", "2025-01-01T00:00:01Z", Map.of("app", "app1"), List.of("test2", "."), null,
                        "a"),
                rule("test", "nsRule2", "2025-01-01T00:00:02Z", Map.of("app", "app2"), List.of("test2", "."), null,
                        "b"),
                rule("test", "nsRule3", "2025-01-01T00:00:02Z", Map.of("app", "app2"), List.of("test2", "."), null,
                        "c"),
                rule("test", "nsRule4", "2025-01-01T00:00:00Z", Map.of(), List.of(".", "test2"), null, "d"));

        final List<ConsolidatedDestinationRules.Entry> local = index.forClient("test", HTTPBIN);
        assertThat(names(local)).containsExactly("nsRule1", "nsRule2", "nsRule4");
        assertThat(local.get(0).from()).containsExactly("test/nsRule1", "test/nsRule4");
        assertThat(local.get(1).from()).containsExactly("test/nsRule2", "test/nsRule3", "test/nsRule4");
        assertThat(local.get(2).from()).containsExactly("test/nsRule4");
        assertThat(subsetNames(local.get(1))).containsExactly("b", "c", "d");
        // a rule with a selector is not exported: another namespace sees the namespace-wide rule alone
        assertThat(names(index.forClient("test2", HTTPBIN))).containsExactly("nsRule4");

        assertThat(ConsolidatedDestinationRules.choose(local, "test", Map.of("app", "app2")).from())
                .containsExactly("test/nsRule2", "test/nsRule3", "test/nsRule4");
        assertThat(ConsolidatedDestinationRules.choose(local, "test", Map.of("app", "other")).rule().name())
                .isEqualTo("nsRule4");
    }

    @Test
    void shouldMergeSubsetsOfRulesWithEqualExportToAndKeepADifferentExportToApart()
    {
        final ConsolidatedDestinationRules index = index(
                rule("test", "rule1", "", Map.of(), List.of(), null, "subset1", "subset2"),
                rule("test", "rule2", "", Map.of(), List.of(), null, "subset3", "subset4"),
                rule("test", "rule3", "", Map.of(), List.of("istio-system"), null, "subset5", "subset6"));

        final List<ConsolidatedDestinationRules.Entry> local = index.forClient("test", HTTPBIN);
        assertThat(local).hasSize(1);
        assertThat(local.get(0).from()).containsExactly("test/rule1", "test/rule2");
        assertThat(subsetNames(local.get(0))).containsExactly("subset1", "subset2", "subset3", "subset4");

        final List<ConsolidatedDestinationRules.Entry> exported = index.forClient("istio-system", HTTPBIN);
        assertThat(names(exported)).containsExactly("rule1", "rule3");
        assertThat(subsetNames(exported.get(1))).containsExactly("subset5", "subset6");
        // the sidecar takes the last rule without selector
        assertThat(ConsolidatedDestinationRules.choose(exported, "istio-system", Map.of()).rule().name())
                .isEqualTo("rule3");
        assertThat(names(index.forClient("elsewhere", HTTPBIN))).containsExactly("rule1");
    }

    /** A rule Istio generates from a BackendTLSPolicy: no creation time, no exportTo written. */
    private static DestinationRule generated(final DestinationRule.TrafficPolicy policy)
    {
        return new DestinationRule("test", "httpbin~istio-autogenerated-k8s-gateway", HOST, policy, List.of(),
                List.of("*"), Map.of(), SourceRef.NONE, List.of(), "", List.of("BackendTLSPolicy/test.tls"));
    }

    @Test
    void shouldLetAWrittenRuleWinFieldByFieldOverOneGeneratedFromBackendPolicies()
    {
        final DestinationRule.LoadBalancer roundRobin = new DestinationRule.LoadBalancer(
                DestinationRule.Simple.ROUND_ROBIN, null);
        final DestinationRule.LoadBalancer random = new DestinationRule.LoadBalancer(DestinationRule.Simple.RANDOM,
                null);
        final DestinationRule.TrafficPolicy fromPolicy = new DestinationRule.TrafficPolicy(
                new DestinationRule.LoadBalancer(null, null), List.of(new DestinationRule.PortPolicy(8080, null, false,
                "SIMPLE"), new DestinationRule.PortPolicy(9090, null, false, "SIMPLE")), false, "SIMPLE");
        final DestinationRule.TrafficPolicy written = new DestinationRule.TrafficPolicy(roundRobin,
                List.of(new DestinationRule.PortPolicy(9090, random, false)), true, null);
        for (final String created : List.of("", "2025-01-01T00:00:00Z"))
        {
            final ConsolidatedDestinationRules index = index(rule("test", "user", created, Map.of(), List.of(),
                    written, "v1"), generated(fromPolicy));
            final List<ConsolidatedDestinationRules.Entry> local = index.forClient("test", HTTPBIN);
            assertThat(local).as("created %s", created).hasSize(1);
            // the generated rule has no creation time: it comes first, the written one merges into it
            assertThat(local.get(0).from()).containsExactly("test/httpbin~istio-autogenerated-k8s-gateway",
                    "test/user");
            final DestinationRule.TrafficPolicy merged = local.get(0).rule().trafficPolicy();
            assertThat(merged.loadBalancer()).isEqualTo(roundRobin);
            assertThat(merged.outlierDetection()).isTrue();
            assertThat(merged.tlsMode()).isEqualTo("SIMPLE"); // the written rule sets none
            assertThat(merged.portLevelSettings()).containsExactly(
                    new DestinationRule.PortPolicy(9090, random, false, "SIMPLE"),
                    new DestinationRule.PortPolicy(8080, null, false, "SIMPLE"));
            assertThat(subsetNames(local.get(0))).containsExactly("v1");
        }
        // a written TLS mode wins
        final DestinationRule.TrafficPolicy mutual = new DestinationRule.TrafficPolicy(null, List.of(), false,
                "ISTIO_MUTUAL");
        assertThat(index(generated(fromPolicy), rule("test", "user", "", Map.of(), List.of(), mutual))
                .forClient("test", HTTPBIN).get(0).rule().trafficPolicy().tlsModeFor(80)).isEqualTo("ISTIO_MUTUAL");
        // two written rules: the first policy alone, as before
        assertThat(index(rule("test", "a", "", Map.of(), List.of(), mutual), rule("test", "b", "", Map.of(),
                List.of(), written)).forClient("test", HTTPBIN).get(0).rule().trafficPolicy()).isEqualTo(mutual);
    }

    @Test
    void shouldKeepTheFirstTrafficPolicyAndTheFirstSubsetOfADuplicateName()
    {
        final DestinationRule.TrafficPolicy roundRobin = new DestinationRule.TrafficPolicy(
                new DestinationRule.LoadBalancer(DestinationRule.Simple.ROUND_ROBIN, null));
        final DestinationRule.TrafficPolicy random = new DestinationRule.TrafficPolicy(
                new DestinationRule.LoadBalancer(DestinationRule.Simple.RANDOM, null));
        // ordered by creation time, then name: "b-first" is older than "a-second"
        final ConsolidatedDestinationRules index = index(
                rule("test", "a-second", "2025-02-01T00:00:00Z", Map.of(), List.of("*"), random, "v1=two", "v2=2"),
                rule("test", "b-first", "2025-01-01T00:00:00Z", Map.of(), List.of("*"), null, "v1=one"),
                rule("test", "c-third", "2025-03-01T00:00:00Z", Map.of(), List.of("*"), roundRobin, "v3=3"));

        final ConsolidatedDestinationRules.Entry merged = index.forClient("test", HTTPBIN).get(0);
        assertThat(merged.rule().name()).isEqualTo("b-first");
        assertThat(merged.rule().subsets()).extracting(DestinationRule.Subset::labels)
                .containsExactly(Map.of("version", "one"), Map.of("version", "2"), Map.of("version", "3"));
        assertThat(merged.rule().trafficPolicy()).isEqualTo(random); // the first policy written, not the last
    }

    @Test
    void shouldKeepAnEmptyExportToApartFromAStarOne()
    {
        final ConsolidatedDestinationRules index = index(
                rule("test", "r1", "", Map.of(), List.of(), null, "v1"),
                rule("test", "r2", "", Map.of(), List.of("*"), null, "v2"));

        final List<ConsolidatedDestinationRules.Entry> local = index.forClient("test", HTTPBIN);
        assertThat(names(local)).containsExactly("r1", "r2");
        assertThat(ConsolidatedDestinationRules.choose(local, "test", Map.of()).rule().name()).isEqualTo("r2");
    }

    @Test
    void shouldFoldANamespaceRuleExportedOnlyToItsNamespaceIntoASelectorRule()
    {
        // Istio's loop: equal written sets ({"."}), one selector and one not: merged, and not filed on its own
        final ConsolidatedDestinationRules index = index(
                rule("test", "for-app1", "", Map.of("app", "app1"), List.of(), null, "v1"),
                rule("test", "everyone", "", Map.of(), List.of("."), null, "v2"));

        final List<ConsolidatedDestinationRules.Entry> local = index.forClient("test", HTTPBIN);
        assertThat(names(local)).containsExactly("for-app1");
        assertThat(subsetNames(local.get(0))).containsExactly("v1", "v2");
        assertThat(ConsolidatedDestinationRules.choose(local, "test", Map.of("app", "other"))).isNull();
    }

    @Test
    void shouldTakeTheMostSpecificHostBeforeFilteringByExportTo()
    {
        final RegistryService svc = new RegistryService("a.example.com", "svcns", List.of(), List.of(), List.of(),
                SourceRef.NONE);
        final DestinationRule exact = new DestinationRule("svcns", "exact", "a.example.com", null, List.of(),
                List.of("ns1"), Map.of(), SourceRef.NONE, List.of("ns1"), "");
        final DestinationRule wildcard = new DestinationRule("svcns", "wild", "*.example.com", null, List.of(),
                List.of("*"), Map.of(), SourceRef.NONE, List.of("*"), "");
        final ConsolidatedDestinationRules index = new ConsolidatedDestinationRules(new RoutingModel(List.of(),
                List.of(exact, wildcard), List.of(svc), List.of(), List.of()));

        assertThat(names(index.forClient("ns1", svc))).containsExactly("exact");
        assertThat(index.forClient("ns2", svc)).isEmpty(); // the exact host hides the wildcard, then filtered
    }
}
