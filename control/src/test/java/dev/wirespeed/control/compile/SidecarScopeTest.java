package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.model;
import static org.assertj.core.api.Assertions.assertThat;

/** What a Sidecar lets a workload see, in both implementations (via {@link Both}). */
class SidecarScopeTest
{
    private static final MeshConfig REGISTRY_ONLY = new MeshConfig(MeshConfig.OutboundPolicy.REGISTRY_ONLY, null,
            SourceRef.NONE);

    private static HttpRequest from(final String namespace, final String app, final int port)
    {
        return new HttpRequest(1, 0, null, port, "mesh", namespace, Map.of("app", app), null, null,
                WEB, "/", Map.of()).withDst("198.51.100.4");
    }

    private static RoutingModel with(final SidecarSpec... sidecars)
    {
        final RoutingModel m = model(List.of());
        return new RoutingModel(m.virtualServices(), m.destinationRules(), m.services(), m.gateways(),
                m.routeTables(), m.mesh(), List.of(sidecars));
    }

    private static SidecarSpec sidecar(final String ns, final Map<String, String> selector,
            final List<SidecarSpec.EgressListener> egress, final MeshConfig outbound)
    {
        return new SidecarSpec(ns, "s", selector, egress, outbound, SourceRef.NONE);
    }

    @Test
    void shouldHideServicesOutsideTheEgressHostsOfTheSelectedSidecar()
    {
        final RoutingModel m = with(sidecar("default", Map.of("app", "a"),
                List.of(new SidecarSpec.EgressListener(0, List.of("istio-system/*"))), REGISTRY_ONLY));
        // the Sidecar hides web, the only service with port 80: the client has no listener on 80 at all, so its
        // virtual outbound listener takes the request, BlackHoleCluster under REGISTRY_ONLY (no block_all route)
        final var hidden = Both.route(m, from("default", "a", 80));
        assertThat(hidden.cluster()).isEqualTo("BlackHoleCluster");
        assertThat(hidden.route()).isNull();
        assertThat(Both.route(m, from("default", "b", 80)).cluster()).isEqualTo("outbound|80||" + WEB);
    }

    @Test
    void shouldPreferASelectingSidecarThenTheNamespacesThenTheRootNamespaces()
    {
        final SidecarSpec selecting = sidecar("default", Map.of("app", "a"),
                List.of(new SidecarSpec.EgressListener(0, List.of("default/*"))), null);
        final SidecarSpec namespaceWide = sidecar("default", Map.of(),
                List.of(new SidecarSpec.EgressListener(0, List.of("~/*"))), null);
        final SidecarSpec root = sidecar("istio-system", Map.of(),
                List.of(new SidecarSpec.EgressListener(0, List.of("*/*"))), REGISTRY_ONLY);
        final RoutingModel m = with(root, namespaceWide, selecting);
        assertThat(Both.route(m, from("default", "a", 80)).cluster()).isEqualTo("outbound|80||" + WEB);
        assertThat(Both.route(m, from("default", "b", 80)).cluster()).isEqualTo("PassthroughCluster");
        // ns1 has no Sidecar: the root namespace's applies, with its REGISTRY_ONLY
        final HttpRequest unknown = new HttpRequest(1, 0, null, 80, "mesh", "ns1", Map.of(), null, null,
                "api.example.org", "/", Map.of());
        assertThat(Both.route(m, unknown).route()).isEqualTo("block_all");
        // with another root namespace, istio-system is a namespace like any other: ns1 has no Sidecar at all
        final RoutingModel moved = m.withMesh(m.mesh().withRootNamespace("istio-config"));
        assertThat(Both.route(moved, unknown).route()).isEqualTo("allow_any");
        final RoutingModel rootThere = with(sidecar("istio-config", Map.of(), List.of(), REGISTRY_ONLY))
                .withMesh(MeshConfig.DEFAULT.withRootNamespace("istio-config"));
        assertThat(Both.route(rootThere, unknown).route()).isEqualTo("block_all");
    }

    @Test
    void shouldPickTheEgressListenerByPortAndSeeNothingWhenNoneTakesIt()
    {
        final RoutingModel m = with(sidecar("default", Map.of(),
                List.of(new SidecarSpec.EgressListener(80, List.of("default/*"))), null));
        assertThat(Both.route(m, from("default", "a", 80)).cluster()).isEqualTo("outbound|80||" + WEB);
        final var other = Both.route(m, from("default", "a", 8080));
        assertThat(other.cluster()).isEqualTo("PassthroughCluster");
        assertThat(other.endpoint()).isEqualTo("198.51.100.4:8080");
    }
}
