package dev.wirespeed.control.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.model.PeerAuthentication.Mode.DISABLE;
import static dev.wirespeed.control.model.PeerAuthentication.Mode.PERMISSIVE;
import static dev.wirespeed.control.model.PeerAuthentication.Mode.STRICT;
import static dev.wirespeed.control.model.PeerAuthentication.Mode.UNSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Istio's composition of PeerAuthentications ({@code ComposePeerAuthentication}) and its mTLS check of an endpoint
 * ({@code mtlsChecker}), docs/routing.md §4 "Networks".
 */
class PeerAuthenticationsTest
{
    private static final Map<String, String> WEB = Map.of("app", "web", "version", "v1");

    private static PeerAuthentication pa(final String ns, final String name, final Map<String, String> selector,
            final PeerAuthentication.Mode mode, final Map<Integer, PeerAuthentication.Mode> ports, final String created)
    {
        return new PeerAuthentication(ns, name, selector, mode, ports, created, SourceRef.NONE);
    }

    private static PeerAuthentications of(final PeerAuthentication... p)
    {
        return new PeerAuthentications(List.of(p), "istio-system");
    }

    @Test
    void shouldBePermissiveWithoutPolicies()
    {
        assertThat(PeerAuthentications.NONE.mode("foo", WEB, 8080)).isEqualTo(PERMISSIVE);
        assertThat(of(pa("foo", "unset", Map.of(), UNSET, Map.of(), "")).mode("foo", WEB, 8080))
                .isEqualTo(PERMISSIVE);
    }

    @Test
    void shouldPreferTheWorkloadOverTheNamespaceOverTheMesh()
    {
        final PeerAuthentication mesh = pa("istio-system", "default", Map.of(), STRICT, Map.of(), "");
        final PeerAuthentication ns = pa("foo", "default", Map.of(), DISABLE, Map.of(), "");
        final PeerAuthentication workload = pa("foo", "web", Map.of("app", "web"), PERMISSIVE, Map.of(), "");
        assertThat(of(mesh).mode("foo", WEB, 80)).isEqualTo(STRICT);
        assertThat(of(mesh, ns).mode("foo", WEB, 80)).isEqualTo(DISABLE);
        assertThat(of(workload, ns, mesh).mode("foo", WEB, 80)).isEqualTo(PERMISSIVE);
        // another namespace sees only the mesh-wide policy; a selector the labels do not hold does not apply
        assertThat(of(workload, ns, mesh).mode("bar", WEB, 80)).isEqualTo(STRICT);
        assertThat(of(workload, ns, mesh).mode("foo", Map.of("app", "db"), 80)).isEqualTo(DISABLE);
    }

    @Test
    void shouldInheritUnsetFromTheLevelAbove()
    {
        final PeerAuthentication mesh = pa("istio-system", "default", Map.of(), DISABLE, Map.of(), "");
        final PeerAuthentication ns = pa("foo", "default", Map.of(), UNSET, Map.of(), "");
        final PeerAuthentication workload = pa("foo", "web", Map.of("app", "web"), UNSET,
                Map.of(8080, STRICT, 9090, UNSET), "");
        final PeerAuthentications all = of(mesh, ns, workload);
        assertThat(all.mode("foo", WEB, 80)).isEqualTo(DISABLE);
        assertThat(all.mode("foo", WEB, 8080)).isEqualTo(STRICT);
        assertThat(all.mode("foo", WEB, 9090)).isEqualTo(DISABLE); // UNSET port: the workload's, inherited
    }

    @Test
    void shouldTakeTheOldestPolicyOfALevelThenTheName()
    {
        final PeerAuthentication older = pa("foo", "zz", Map.of("app", "web"), DISABLE, Map.of(),
                "2026-01-01T00:00:00Z");
        final PeerAuthentication newer = pa("foo", "aa", Map.of("version", "v1"), STRICT, Map.of(),
                "2026-02-01T00:00:00Z");
        assertThat(of(newer, older).mode("foo", WEB, 80)).isEqualTo(DISABLE);
        // no creation time is the oldest; equal times: the name decides
        final PeerAuthentication undated = pa("foo", "mm", Map.of("app", "web"), PERMISSIVE, Map.of(), "");
        assertThat(of(newer, older, undated).mode("foo", WEB, 80)).isEqualTo(PERMISSIVE);
        final PeerAuthentication b = pa("foo", "b", Map.of(), STRICT, Map.of(), "");
        final PeerAuthentication a = pa("foo", "a", Map.of(), DISABLE, Map.of(), "");
        assertThat(of(b, a).mode("foo", WEB, 80)).isEqualTo(DISABLE);
    }

    @Test
    void shouldIgnoreAWorkloadSelectorInTheRootNamespace()
    {
        final PeerAuthentication rootSelector = pa("istio-system", "web", Map.of("app", "web"), DISABLE,
                Map.of(80, DISABLE), "");
        assertThat(of(rootSelector).mode("foo", WEB, 80)).isEqualTo(PERMISSIVE);
        // in the root namespace itself a policy without selector is the mesh-wide one
        assertThat(of(pa("istio-system", "d", Map.of(), DISABLE, Map.of(), "")).mode("istio-system", WEB, 80))
                .isEqualTo(DISABLE);
        assertThat(new PeerAuthentications(List.of(pa("ns2", "d", Map.of(), DISABLE, Map.of(), "")), "ns2")
                .mode("foo", WEB, 80)).isEqualTo(DISABLE); // another root namespace (the mesh config's)
    }

    @Test
    void shouldSendMtlsOnlyToAnIstioEndpointWhoseRuleOrPortAllowsIt()
    {
        final RegistryService.Endpoint sidecar = new RegistryService.Endpoint("10.1.0.1", WEB, Map.of(), true, "p",
                1, "", "", "istio");
        final RegistryService.Endpoint plain = new RegistryService.Endpoint("10.1.0.2", WEB, Map.of(), true, "q", 1,
                "", "", "disabled");
        final PeerAuthentications disabled = of(pa("foo", "web", Map.of("app", "web"), STRICT,
                Map.of(8080, DISABLE), ""));
        assertThat(disabled.mtlsReaches(sidecar, "foo", 8080, null)).isFalse();
        assertThat(disabled.mtlsReaches(sidecar, "foo", 9080, null)).isTrue();
        // a DestinationRule's TLS mode decides when it sets one, the PeerAuthentications then play no part
        assertThat(disabled.mtlsReaches(sidecar, "foo", 8080, "ISTIO_MUTUAL")).isTrue();
        assertThat(disabled.mtlsReaches(sidecar, "foo", 9080, "SIMPLE")).isFalse();
        // without a sidecar no mTLS, whatever the rule says
        assertThat(disabled.mtlsReaches(plain, "foo", 9080, null)).isFalse();
        assertThat(disabled.mtlsReaches(plain, "foo", 9080, "ISTIO_MUTUAL")).isFalse();
        assertThat(disabled.whyNoMtls(sidecar, "foo", 8080, null)).isEqualTo(
                "PeerAuthentication foo/web DISABLEs port 8080");
        assertThat(disabled.whyNoMtls(sidecar, "foo", 9080, null)).isNull();
    }
}
