package dev.wirespeed.sim;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.sim.replay.TestPackets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/endpoint-choice} from captures: a captured client is known by its address, and its locality is
 * its own (its Node's), as Istio knows a proxy's locality, so locality failover keeps its requests in its zone.
 */
class EndpointChoiceCaptureTest
{
    private static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples")
            .resolve("endpoint-choice");

    private static RouteDecision request(final Engine e, final String src, final int srcPort)
    {
        return e.forward(TestPackets.tcp(src, "10.96.0.60", srcPort, 8080, 64, 0x18,
                "GET /ship HTTP/1.1\r\nHost: shipping:8080\r\n\r\n"), 1);
    }

    @Test
    void shouldKeepACapturedClientsRequestsInItsNodesZone() throws IOException
    {
        try (Engine e = Engine.load(List.of(EXAMPLE)))
        {
            final Set<String> zoneA = new HashSet<>();
            final Set<String> zoneB = new HashSet<>();
            for (int port = 40000; port < 40040; port++)
            {
                zoneA.add(request(e, "10.1.2.11", port).endpoint()); // shipping-1, on node-a (zone-a)
                zoneB.add(request(e, "10.1.2.12", port).endpoint()); // shipping-2, on node-b (zone-b)
            }
            assertThat(zoneA).containsExactly("10.1.2.11:8080");
            assertThat(zoneB).isNotEmpty().isSubsetOf("10.1.2.12:8080", "10.1.2.13:8080");
        }
    }
}
