package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.scenario.ScenarioLoader;
import dev.wirespeed.sim.net.traffic.SidecarTraffic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/sim/bookinfo-canary}: productpage's sidecar routes reviews requests with the L7 FIB,
 * 80/20 (v1/v2) before the swap at 5 ms and 50/50 (v1/v3) after it; every packet reaches the chosen pod.
 */
class SidecarCanaryTest
{
    private static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve(
        "examples/sim/bookinfo-canary");

    @Test
    void shouldSplitRequestsBySubsetWeightsBeforeAndAfterTheConfigSwap()
    {
        try (NetSimulation sim = new NetSimulation(ScenarioLoader.load(EXAMPLE)))
        {
            final long[] perHost = new long[sim.topology().nodeCount()];
            sim.listener(new PacketListener()
            {
                @Override
                public void delivered(final long timeNs, final int packet, final int flow, final int node,
                    final long latencyNs)
                {
                    perHost[node]++;
                }
            });
            sim.run();
            sim.checkConservation();
            final SidecarTraffic s = sim.sidecars();
            assertThat(s.requests(0)).isEqualTo(2000);
            assertThat(s.unrouted()).isZero();
            assertThat(sim.dropped()).isZero();
            final Map<String, Long> requests = new HashMap<>();
            long packets = 0;
            for (final SidecarTraffic.TagCount c : s.tagCounts())
            {
                final String subset = c.cluster().split("\\|")[2];
                requests.put(c.config() + "/" + subset, c.requests());
                assertThat(c.packets()).isEqualTo(3 * c.requests());
                assertThat(c.delivered()).isEqualTo(c.packets());
                packets += c.packets();
            }
            assertThat(requests).containsOnlyKeys("canary-80-20/v1", "canary-80-20/v2", "canary-50-50/v1",
                "canary-50-50/v3");
            assertThat(requests.get("canary-80-20/v1") + requests.get("canary-80-20/v2")).isEqualTo(1000);
            final double sd20 = Math.sqrt(1000 * 0.2 * 0.8);
            final double sd50 = Math.sqrt(1000 * 0.25);
            assertThat((double)Math.abs(requests.get("canary-80-20/v2") - 200)).isLessThanOrEqualTo(4.5 * sd20);
            assertThat((double)Math.abs(requests.get("canary-50-50/v3") - 500)).isLessThanOrEqualTo(4.5 * sd50);
            final int v2 = sim.topology().node("reviews-v2");
            final int v3 = sim.topology().node("reviews-v3");
            assertThat(perHost[v2]).isEqualTo(3 * requests.get("canary-80-20/v2"));
            assertThat(perHost[v3]).isEqualTo(3 * requests.get("canary-50-50/v3"));
            assertThat(sim.received()).isEqualTo(packets);
        }
    }
}
