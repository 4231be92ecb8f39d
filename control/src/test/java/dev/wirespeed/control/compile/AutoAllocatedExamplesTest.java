package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.AddressFamilies;
import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/auto-allocated} (docs/routing.md §4 "Clusters"): ServiceEntry hosts at the addresses Istio's IP
 * autoallocate controller wrote to {@code status.addresses} for proxies with DNS capture, a Service with no address
 * of the client's family (listener at its DefaultAddress, no address domain), and a dual-stack client keeping the
 * first address's family of a dual-stack Service, in both implementations.
 */
class AutoAllocatedExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("auto-allocated");

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        ExampleConfigs.assertCasesInBothImplementations(EXAMPLE, 21);
    }

    @Test
    void shouldNotAllocateReadingTheClientsView() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(ExampleConfigs.loadClean(EXAMPLE).model(),
                EXAMPLE.resolve("cases.jsonl"));
    }

    @Test
    void shouldReadTheStatusAddressesAndEachProxysDnsCapture()
    {
        final RoutingModel model = ExampleConfigs.loadClean(EXAMPLE).model();
        final ClientProxies p = model.mesh().networks().proxies();
        // the opted-out entry's stale status is not read; a host's IPv4 then IPv6 address
        assertThat(p.autoAddresses().hosts()).containsOnlyKeys("db.payments.example", "api.partner.example");
        assertThat(p.autoAddresses().of("db.payments.example")).containsExactly("240.240.0.1", "2001:2::1");
        assertThat(p.autoAddresses().defaultCapture()).isTrue();
        assertThat(p.viewOf("10.1.0.5", true).dnsCapture()).isTrue(); // the mesh default
        assertThat(p.viewOf("10.1.0.6", true).dnsCapture()).isTrue(); // its sidecar's environment
        assertThat(p.viewOf("10.1.0.9", true).dnsCapture()).isFalse(); // its annotation over the mesh default
        assertThat(p.viewOf("10.9.9.9", true).dnsCapture()).isTrue(); // no Pod's: the mesh default
        assertThat(p.viewOf("10.1.0.5", false).dnsCapture()).isFalse(); // a gateway's proxy
        final RegistryService db = service(model, "db.payments.example");
        final int v4 = AddressFamilies.variant(p.viewOf("10.1.0.5", true));
        final int v6 = AddressFamilies.variant(p.viewOf("fd00:1::7", true));
        final int dual = AddressFamilies.variant(p.viewOf("10.1.0.6", true));
        final int unknown = AddressFamilies.variant(p.viewOf("10.9.9.9", true));
        assertThat(List.of(v4, v6, dual, unknown)).containsExactly(5, 6, 7, 4);
        assertThat(AddressFamilies.seen(p, db, null, v4)).isEqualTo(seen(List.of("240.240.0.1"), List.of()));
        assertThat(AddressFamilies.seen(p, db, null, v6)).isEqualTo(seen(List.of("2001:2::1"), List.of()));
        assertThat(AddressFamilies.seen(p, db, null, dual)).isEqualTo(seen(List.of("240.240.0.1"), List.of()));
        // no family filter: both addresses are the listener's, only the first one (GetAddressForProxy) a domain
        assertThat(AddressFamilies.seen(p, db, null, unknown)).isEqualTo(seen(List.of("240.240.0.1", "2001:2::1"),
                List.of("2001:2::1")));
        // without DNS capture: no address (the wildcard listener)
        assertThat(AddressFamilies.seen(p, db, null, 1)).isEqualTo(seen(List.of(), List.of()));
        // a Service with no address of the client's family: the listener at its DefaultAddress, which is no domain
        assertThat(AddressFamilies.seen(p, service(model, "vault.default.svc.cluster.local"), null, v6))
                .isEqualTo(seen(List.of("10.96.40.10"), List.of("10.96.40.10")));
        // a dual-stack client: the first address's family
        assertThat(AddressFamilies.seen(p, service(model, "orders.default.svc.cluster.local"), null, dual))
                .isEqualTo(seen(List.of("fd00:96::60:10"), List.of()));
    }

    private static AddressFamilies.Seen seen(final List<String> listener, final List<String> notDomains)
    {
        return new AddressFamilies.Seen(listener, notDomains);
    }

    private static RegistryService service(final RoutingModel model, final String host)
    {
        return model.services().stream().filter(s -> s.host().equals(host)).findFirst().orElseThrow();
    }
}
