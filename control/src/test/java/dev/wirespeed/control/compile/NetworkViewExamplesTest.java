package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.AddressFamilies;
import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.ClientProxies.IpMode;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/network-view} (docs/routing.md §4, "Networks"): a proxy's {@code REQUESTED_NETWORK_VIEW} (the mesh
 * default, a Pod's annotation, its sidecar's environment) and the IP-family filter of gateways for a single-stack
 * proxy; every line of its {@code cases.jsonl} on the reference interpreter and on the compiled FIB.
 */
class NetworkViewExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("network-view");

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        final LoadedConfig loaded = ExampleConfigs.loadClean(EXAMPLE);
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSizeGreaterThan(20);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }

    @Test
    void shouldReadEachProxysViewFromItsEnvironmentThenItsAnnotationThenTheMeshDefault()
    {
        final ClientProxies p = ExampleConfigs.loadClean(EXAMPLE).model().mesh().networks().proxies();
        assertThat(p.defaultView()).containsExactly("network1", "network2");
        // productpage-v4: the default view, IPv4 only (network2 and network3 have IPv6 gateways it cannot use)
        assertThat(p.viewOf("10.1.0.5", true)).isEqualTo(new ClientProxies.View(List.of("network1", "network2"),
                IpMode.IPV4));
        assertThat(p.viewOf("fd00:1::6", true)).isEqualTo(new ClientProxies.View(List.of("network1", "network3"),
                IpMode.DUAL)); // dual-stack: every gateway kept, a dual-stack Service's first family only
        assertThat(p.viewOf("fd00:1:0:0::7", true)).isEqualTo(new ClientProxies.View(null, IpMode.IPV6));
        assertThat(p.viewOf("10.1.0.8", true)).isEqualTo(new ClientProxies.View(List.of("network3"), IpMode.IPV4));
        // a gateway's request, or a source that is no Pod's: the mesh default, family unknown (a gateway's proxy also
        // keeps the gateways without mTLS port, docs/routing.md §4 "Networks")
        assertThat(p.viewOf("10.1.0.8", false)).isEqualTo(new ClientProxies.View(p.defaultView(), IpMode.UNKNOWN,
                true));
        assertThat(p.viewOf("10.1.0.99", true)).isEqualTo(p.fallback());
        assertThat(p.views()).hasSize(5);
    }

    @Test
    void shouldKeepASingleStackClientsFamilyOfADualStackServicesAddressesOnly()
    {
        final dev.wirespeed.control.model.RoutingModel model = ExampleConfigs.loadClean(EXAMPLE).model();
        final ClientProxies p = model.mesh().networks().proxies();
        final java.util.function.BiFunction<String, Integer, List<String>> seen = (host, family) -> AddressFamilies
                .seen(p, model.services().stream().filter(s -> s.host().equals(host)).findFirst().orElseThrow(),
                        null, family).listener();
        final String details = "details.default.svc.cluster.local";
        final String billing = "billing.default.svc.cluster.local";
        assertThat(seen.apply(details, 0)).containsExactly("10.96.20.10", "fd00:96::20:10");
        assertThat(seen.apply(details, 1)).containsExactly("10.96.20.10");
        assertThat(seen.apply(details, 2)).containsExactly("fd00:96::20:10");
        assertThat(seen.apply(billing, 1)).containsExactly("10.96.30.10");
        assertThat(seen.apply(billing, 2)).containsExactly("fd00:96::30:10");
        // a dual-stack client: the first address's family only (Istio without ISTIO_DUAL_STACK)
        assertThat(seen.apply(details, 3)).containsExactly("10.96.20.10");
        assertThat(seen.apply(billing, 3)).containsExactly("fd00:96::30:10");
        // a single-stack Service keeps its listener at its address for a proxy of the other family, but that address
        // is no domain (GetAddressForProxy does not filter, GetAllAddressesForProxy does)
        final RegistryService reviews = model.services().stream().filter(s -> s.host().startsWith("reviews."))
                .findFirst().orElseThrow();
        assertThat(AddressFamilies.seen(p, reviews, null, 2)).isEqualTo(new AddressFamilies.Seen(
                List.of("10.96.12.34"), List.of("10.96.12.34")));
        assertThat(AddressFamilies.seen(p, reviews, null, 1)).isEqualTo(new AddressFamilies.Seen(
                List.of("10.96.12.34"), List.of()));
        assertThat(AddressFamilies.index(p.viewOf("10.1.0.5", true).ipMode())).isEqualTo(1);
        assertThat(AddressFamilies.index(p.viewOf("fd00:1::7", true).ipMode())).isEqualTo(2);
        assertThat(AddressFamilies.index(p.viewOf("10.1.0.6", true).ipMode())).isEqualTo(3);
        assertThat(AddressFamilies.present(p)).isEqualTo(15); // unknown (no Pod's), IPv4, IPv6, dual-stack
    }

    @Test
    void shouldSplitTheViewOnCommasAsIstiosStringListDoes()
    {
        assertThat(ClientProxies.parseView(null)).isNull();
        assertThat(ClientProxies.parseView("")).isNull();
        assertThat(ClientProxies.parseView("a, b")).containsExactly("a", " b");
        assertThat(ClientProxies.parseView(",")).containsExactly("", "");
    }

    @Test
    void shouldTellTheIpModeAsIstiosDiscoverIpModeDoes()
    {
        assertThat(ClientProxies.ipMode(List.of("10.0.0.1"))).isEqualTo(IpMode.IPV4);
        assertThat(ClientProxies.ipMode(List.of("fd00::1", "::ffff:10.0.0.1"))).isEqualTo(IpMode.IPV6);
        assertThat(ClientProxies.ipMode(List.of("10.0.0.1", "fd00::1"))).isEqualTo(IpMode.DUAL);
        // filterGatewaysByIPFamily unmaps: an IPv4-mapped gateway address is IPv4
        assertThat(ClientProxies.family("::ffff:203.0.113.1")).isEqualTo(IpMode.IPV4);
        assertThat(ClientProxies.family("gw.example.com")).isEqualTo(IpMode.UNKNOWN);
    }

    @Test
    void shouldReportAProxyConfigAnnotationThatIsNotAMapping(@org.junit.jupiter.api.io.TempDir final Path dir)
            throws IOException
    {
        Files.writeString(dir.resolve("pod.yaml"), String.join("\n",
                "apiVersion: v1",
                "kind: Pod",
                "metadata:",
                "  name: p",
                "  namespace: default",
                "  annotations:",
                "    proxy.istio.io/config: \"[1, 2]\"",
                "status:",
                "  podIP: 10.0.0.1",
                ""));
        final LoadedConfig loaded = new ConfigLoader().load(List.of(dir));
        assertThat(loaded.formattedDiagnostics()).anyMatch(d -> d.contains("pod.yaml:7:")
                && d.contains("proxy.istio.io/config must hold a YAML mapping"));
    }

    @Test
    void shouldNotAllocateChoosingTheEndpointsOfTheClientsProxy() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(ExampleConfigs.loadClean(EXAMPLE).model(),
                EXAMPLE.resolve("cases.jsonl"));
    }
}
