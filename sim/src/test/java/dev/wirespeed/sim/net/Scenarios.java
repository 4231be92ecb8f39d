package dev.wirespeed.sim.net;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.sim.net.fabric.LinkSpec;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.QueueSpec;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.timeline.TimelineAction;
import dev.wirespeed.sim.net.traffic.FlowSpec;

import java.util.ArrayList;
import java.util.List;

/** Small scenarios built in code for the tests. */
final class Scenarios
{
    static final long GBPS = 1_000_000_000L;

    private Scenarios()
    {
    }

    static int ip(final String text)
    {
        return (int)IpText.parseIpv4(text);
    }

    /**
     * {@code senders} hosts s0..s(n-1) on switch "sw", one receiver "r"; every sender runs one flow to r.
     */
    static NetScenario incast(final int senders, final long senderRate, final long bottleneckRate, final long limit,
        final FlowSpec.Pattern pattern, final long intervalNs, final long stopNs, final long seed)
    {
        final Topology.Builder b = Topology.builder();
        final int sw = b.node("sw", NodeKind.SWITCH, ip("172.16.0.1"), 0);
        final int r = b.node("r", NodeKind.HOST, ip("10.0.1.1"), 0);
        b.link(r, sw, new LinkSpec(bottleneckRate, 1_000, 2, QueueSpec.packets(limit)));
        final List<FlowSpec> flows = new ArrayList<>();
        for (int i = 0; i < senders; i++)
        {
            final int s = b.node("s" + i, NodeKind.HOST, ip("10.0.0." + (i + 1)), 0);
            b.link(s, sw, new LinkSpec(senderRate, 1_000, 2, QueueSpec.packets(limit)));
            flows.add(new FlowSpec("f" + i, "s" + i, "r", pattern, 1500, intervalNs, 0, stopNs, 50_000 + i, 9));
        }
        return new NetScenario("incast", b.build(), flows, null, List.of(), NetScenario.Ecmp.FLOW_HASH, 0,
            stopNs + 10_000_000L, seed);
    }

    /**
     * Two leaves and {@code spines} spines; {@code hosts} hosts a leaf; every host of leaf 0 sends to the host
     * of the same index on leaf 1 (flows from port 40000+i), and with {@code extraFlowsPerHost} more flows
     * from other source ports.
     */
    static NetScenario twoLeaves(final int spines, final int hosts, final int flowsPerHost, final long intervalNs,
        final long stopNs, final NetScenario.Ecmp ecmp, final List<TimelineAction> timeline, final long seed)
    {
        final Topology.Builder b = Topology.builder();
        final LinkSpec link = new LinkSpec(10 * GBPS, 1_000, 2, QueueSpec.packets(1000));
        for (int s = 0; s < spines; s++)
        {
            b.node("spine" + s, NodeKind.SWITCH, ip("172.16.1." + (s + 1)), 0);
        }
        for (int l = 0; l < 2; l++)
        {
            final int leaf = b.node("leaf" + l, NodeKind.SWITCH, ip("172.16.2." + (l + 1)), 0);
            for (int s = 0; s < spines; s++)
            {
                b.link(leaf, b.id("spine" + s), new LinkSpec(40 * GBPS, 1_000, 2, QueueSpec.packets(1000)));
            }
        }
        final List<FlowSpec> flows = new ArrayList<>();
        for (int l = 0; l < 2; l++)
        {
            for (int h = 0; h < hosts; h++)
            {
                final int host = b.node("h" + l + "-" + h, NodeKind.HOST, ip("10.0." + l + "." + (h + 1)), 0);
                b.link(host, b.id("leaf" + l), link);
            }
        }
        for (int h = 0; h < hosts; h++)
        {
            for (int k = 0; k < flowsPerHost; k++)
            {
                flows.add(new FlowSpec("f" + h + "-" + k, "h0-" + h, "h1-" + h, FlowSpec.Pattern.CBR, 1500, intervalNs,
                    0, stopNs, 40_000 + k, 9));
            }
        }
        return new NetScenario("two-leaves", b.build(), flows, null, timeline, ecmp, 0, stopNs + 5_000_000L, seed);
    }
}
