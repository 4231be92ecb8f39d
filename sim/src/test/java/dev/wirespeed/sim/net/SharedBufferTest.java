package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.fabric.FabricDropReason;
import dev.wirespeed.sim.net.fabric.LinkSpec;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.QueueSpec;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic thresholds: with N equally congested ports of a switch with buffer B and factor α, each port's
 * queue settles where q = α(B − N·q), i.e. q = αB / (1 + Nα) (Choudhury and Hahne), give or take the
 * packet granularity.
 */
class SharedBufferTest
{
    private static final long BUFFER = 300_000;

    private static long[] steadyQueues(final int congestedPorts, final double alpha)
    {
        final Topology.Builder b = Topology.builder();
        final int sw = b.node("sw", NodeKind.SWITCH, Scenarios.ip("172.16.0.1"), BUFFER);
        final LinkSpec link = new LinkSpec(10 * Scenarios.GBPS, 1_000, 2, new QueueSpec(QueueSpec.Mode.SHARED, 0,
            alpha, 0));
        final List<FlowSpec> flows = new ArrayList<>();
        for (int r = 0; r < congestedPorts; r++)
        {
            final int dst = b.node("r" + r, NodeKind.HOST, Scenarios.ip("10.0.1." + (r + 1)), 0);
            b.link(sw, dst, link);
            for (int s = 0; s < 2; s++)
            {
                final String name = "s" + r + "-" + s;
                final int src = b.node(name, NodeKind.HOST, Scenarios.ip("10.0." + (2 + s) + "." + (r + 1)), 0);
                b.link(src, sw, link);
                // two 8 Gb/s flows into each 10 Gb/s port
                flows.add(new FlowSpec("f" + name, name, "r" + r, FlowSpec.Pattern.CBR, 1500, 1_500, 0, 3_000_000, 1,
                    9));
            }
        }
        final NetScenario s = new NetScenario("shared", b.build(), flows, null, List.of(),
            NetScenario.Ecmp.FLOW_HASH, 0,
            5_000_000, 1);
        try (NetSimulation sim = new NetSimulation(s))
        {
            sim.runUntil(2_900_000); // in steady congestion: the queues sit at their thresholds
            final long[] queued = new long[congestedPorts];
            for (int r = 0; r < congestedPorts; r++)
            {
                queued[r] = sim.ports().queuedBytes(sim.topology().portTowards(sw, sim.topology().node("r" + r)));
            }
            sim.run();
            sim.checkConservation();
            assertThat(sim.ports().dropsByReason()[FabricDropReason.BUFFER_FULL]).isEqualTo(sim.dropped()).isPositive();
            return queued;
        }
    }

    @Test
    void shouldSettleEachCongestedPortAtTheDynamicThreshold()
    {
        for (final int ports : new int[] {1, 2, 3})
        {
            for (final double alpha : new double[] {0.5, 1, 4})
            {
                final double expected = alpha * BUFFER / (1 + ports * alpha);
                // one packet more or less in another port moves this port's threshold by alpha packets
                final double slack = (2 + alpha) * 1500;
                for (final long q : steadyQueues(ports, alpha))
                {
                    assertThat((double)q).as("%d ports, alpha %s", ports, alpha)
                        .isBetween(expected - slack, expected + slack);
                }
            }
        }
    }
}
