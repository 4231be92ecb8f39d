package dev.wirespeed.sim.net;

import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.sim.net.fabric.FabricDropReason;
import dev.wirespeed.sim.net.fabric.LinkSpec;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.QueueSpec;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.timeline.TimelineAction;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import dev.wirespeed.sim.net.traffic.Flows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator against queueing theory, binomial bounds and routing invariants. */
class AnalyticModelsTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261126L);

    /**
     * M/D/1: Poisson arrivals at rate λ into a port serving one packet per D ns; the mean wait in queue is
     * ρD / (2(1 − ρ)) with ρ = λD. The sender's own link is 1000 times faster, so it adds no wait to speak
     * of, and the fixed part of the latency (serialisations and propagation) is subtracted exactly.
     */
    @Test
    void shouldMatchTheMeanWaitOfAnMd1Queue()
    {
        System.out.println("AnalyticModelsTest seed: " + SEED + " (replay with -Dwirespeed.seed=" + SEED + ")");
        final long service = LinkSpec.serialisationNs(1500, 2, 10 * Scenarios.GBPS); // 1202 ns
        for (final double rho : new double[] {0.3, 0.5, 0.8})
        {
            final long meanGap = Math.round(service / rho);
            final Topology.Builder b = Topology.builder();
            final int sw = b.node("sw", NodeKind.SWITCH, Scenarios.ip("172.16.0.1"), 0);
            final int s = b.node("s", NodeKind.HOST, Scenarios.ip("10.0.0.1"), 0);
            final int r = b.node("r", NodeKind.HOST, Scenarios.ip("10.0.0.2"), 0);
            final LinkSpec fast = new LinkSpec(10_000 * Scenarios.GBPS, 1_000, 2, QueueSpec.packets(1 << 20));
            b.link(s, sw, fast);
            b.link(sw, r, new LinkSpec(10 * Scenarios.GBPS, 1_000, 2, QueueSpec.packets(1 << 20)));
            final long stop = 300_000L * meanGap;
            final NetScenario scenario = new NetScenario("md1", b.build(),
                List.of(new FlowSpec("p", "s", "r", FlowSpec.Pattern.POISSON, 1500, meanGap, 0, stop, 1, 9)), null,
                List.of(), NetScenario.Ecmp.FLOW_HASH, 0, stop + 10_000_000L, SEED);
            final double[] sum = new double[2];
            try (NetSimulation sim = new NetSimulation(scenario))
            {
                sim.listener(new PacketListener()
                {
                    @Override
                    public void delivered(final long timeNs, final int packet, final int flow, final int node,
                        final long latencyNs)
                    {
                        sum[0] += latencyNs;
                        sum[1]++;
                    }
                });
                sim.run();
                assertThat(sim.dropped()).isZero();
            }
            final double fixed = LinkSpec.serialisationNs(1500, 2, 10_000 * Scenarios.GBPS) + 1_000 + service + 1_000;
            final double meanWait = sum[0] / sum[1] - fixed;
            final double expected = rho * service / (2 * (1 - rho));
            System.out.printf("M/D/1 rho=%.1f: mean wait %.1f ns, theory %.1f ns%n", rho, meanWait, expected);
            assertThat(meanWait).isCloseTo(expected, org.assertj.core.data.Offset.offset(expected * 0.05));
        }
    }

    /**
     * Flow-hash ECMP over 4 spines: each of 256 flows takes one uplink, so the flows an uplink carries are
     * Binomial(256, 1/4) (mean 64, sd 6.9): every uplink within 4.5 sd. Spraying: every packet picks afresh,
     * so each uplink's packets are Binomial(n, 1/4), within 4.5 sd of n/4.
     */
    @Test
    void shouldSpreadFlowsAndSprayedPacketsOverTheUplinksWithinBinomialBounds()
    {
        for (final NetScenario.Ecmp ecmp : NetScenario.Ecmp.values())
        {
            final NetScenario s = Scenarios.twoLeaves(4, 16, 16, 96_000, 4_000_000, ecmp, List.of(), SEED);
            try (NetSimulation sim = new NetSimulation(s))
            {
                sim.run();
                final Topology t = sim.topology();
                final int leaf0 = t.node("leaf0");
                long total = 0;
                final long[] perUplink = new long[4];
                for (int k = 0; k < 4; k++)
                {
                    perUplink[k] = sim.ports().txPackets(t.portTowards(leaf0, t.node("spine" + k)));
                    total += perUplink[k];
                }
                assertThat(total).isEqualTo(sim.sent());
                final long packetsPerFlow = sim.flows().sent(0);
                for (int k = 0; k < 4; k++)
                {
                    if (ecmp == NetScenario.Ecmp.FLOW_HASH)
                    {
                        assertThat(perUplink[k] % packetsPerFlow).isZero(); // whole flows only
                        final long flows = perUplink[k] / packetsPerFlow;
                        assertThat((double)Math.abs(flows - 64)).as("flows on uplink %d", k).isLessThanOrEqualTo(
                            4.5 * Math.sqrt(48));
                    }
                    else
                    {
                        final double sd = Math.sqrt(total * 0.25 * 0.75);
                        assertThat(Math.abs(perUplink[k] - total / 4.0)).as("packets on uplink %d",
                            k).isLessThanOrEqualTo(4.5 * sd);
                    }
                }
            }
        }
    }

    /**
     * A fabric link fails mid-run: the switches recompute routes and swap in new FIBs; flows that were not
     * on the failed link lose nothing, the others lose at most what was queued on it or on its wire, and
     * every flow keeps being delivered afterwards.
     */
    @Test
    void shouldReconvergeAfterALinkFailsWithoutLossForFlowsNotOnIt()
    {
        final List<TimelineAction> timeline = List.of(
            new TimelineAction(2_000_000, TimelineAction.Kind.LINK_DOWN, "leaf0", "spine1"),
            new TimelineAction(6_000_000, TimelineAction.Kind.LINK_UP, "leaf0", "spine1"));
        final NetScenario s = Scenarios.twoLeaves(4, 16, 4, 9_600, 8_000_000, NetScenario.Ecmp.FLOW_HASH, timeline,
            SEED);
        try (NetSimulation sim = new NetSimulation(s))
        {
            final Topology t = sim.topology();
            final int leaf0 = t.node("leaf0");
            final int failed = t.portTowards(leaf0, t.node("spine1"));
            final Flows flows = sim.flows();
            final boolean[] onFailedLink = new boolean[flows.size()];
            final L3Result r = new L3Result();
            for (int f = 0; f < flows.size(); f++)
            {
                sim.fibs().forwarding(leaf0).forwardIpv4(flows.dstAddress(f), 64, flows.hash(f), r);
                onFailedLink[f] = t.firstPort(leaf0) + r.egressPort == failed;
            }
            final long[] deliveredBefore = new long[flows.size()];
            sim.runUntil(1_999_999);
            for (int f = 0; f < flows.size(); f++)
            {
                deliveredBefore[f] = flows.delivered(f);
            }
            final int buildsBefore = sim.fibs().rebuilds();
            sim.runUntil(3_000_000);
            assertThat(sim.fibs().rebuilds()).as("switches whose routes changed get a new FIB").isGreaterThan(
                buildsBefore);
            sim.run();
            sim.checkConservation();
            int affected = 0;
            for (int f = 0; f < flows.size(); f++)
            {
                assertThat(flows.delivered(f)).as("flow %s delivers after the failure", flows.name(f)).isGreaterThan(
                    deliveredBefore[f] + 400);
                if (onFailedLink[f])
                {
                    affected++;
                }
                else
                {
                    assertThat(flows.dropped(f)).as("drops of %s, not on the failed link", flows.name(f)).isZero();
                }
            }
            assertThat(affected).as("some flows were on the failed link").isPositive();
            final long linkDownDrops = sim.ports().dropsByReason()[FabricDropReason.LINK_DOWN];
            assertThat(sim.dropped()).isEqualTo(linkDownDrops);
            assertThat(linkDownDrops).isLessThanOrEqualTo(1001L * 2);
        }
    }
}
