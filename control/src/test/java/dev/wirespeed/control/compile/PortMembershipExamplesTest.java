package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.RegistryService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/port-membership} (docs/routing.md §4, Istio's {@code ServiceEndpointsByPort}): an endpoint is one of
 * a service's on a port only when it serves it (a Pod's named {@code targetPort}, a slice's or subset's ports), in
 * the cluster of the port and for the per-endpoint listeners of a headless Service, in both implementations.
 */
class PortMembershipExamplesTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("port-membership");

    @Test
    void shouldGiveEachCaseItsDecisionInBothImplementations() throws IOException
    {
        ExampleConfigs.assertCasesInBothImplementations(EXAMPLE, 14);
    }

    @Test
    void shouldReadWhichPortsEachEndpointServes()
    {
        final List<RegistryService> services = ExampleConfigs.loadClean(EXAMPLE).model().services();
        assertThat(served(services, "reviews", 9090)).containsExactly("10.1.1.1");
        assertThat(served(services, "reviews", 9080)).containsExactly("10.1.1.1", "10.1.1.2");
        assertThat(served(services, "db", 5433)).containsExactly("10.1.3.1");
        assertThat(served(services, "db", 5434)).isEmpty();
        assertThat(served(services, "ledger", 7070)).containsExactly("10.2.0.2");
        assertThat(served(services, "audit", 9000)).containsExactly("10.2.1.2");
        assertThat(served(services, "audit", 8080)).containsExactly("10.2.1.1", "10.2.1.2");
    }

    @Test
    void shouldNotAllocateOverTheCases() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(ExampleConfigs.loadClean(EXAMPLE).model(),
                EXAMPLE.resolve("cases.jsonl"));
    }

    private static List<String> served(final List<RegistryService> services, final String name, final int port)
    {
        final RegistryService s = services.stream().filter(x -> x.host().startsWith(name + ".")).findFirst()
                .orElseThrow();
        final RegistryService.ServicePort p = s.ports().stream().filter(x -> x.number() == port).findFirst()
                .orElseThrow();
        return s.endpoints().stream().filter(e -> e.serves(p)).map(RegistryService.Endpoint::address).toList();
    }
}
