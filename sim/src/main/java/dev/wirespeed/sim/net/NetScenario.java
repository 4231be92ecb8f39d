package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.timeline.TimelineAction;
import dev.wirespeed.sim.net.traffic.FlowSpec;
import dev.wirespeed.sim.net.traffic.SidecarSpec;

import java.util.List;

/**
 * Everything a {@link NetSimulation} runs: the topology, the flows, the timeline and the run's settings.
 *
 * @param name            a name for reports.
 * @param topology        nodes and links.
 * @param flows           UDP flows (index = flow id).
 * @param sidecars        sidecar request traffic and its Istio configurations, or {@code null}.
 * @param timeline        changes at given times.
 * @param ecmp            how switches choose among equal-cost next hops.
 * @param switchLatencyNs time a switch takes to forward a packet (0: none).
 * @param untilNs         where a run stops by default.
 * @param seed            the seed of every random choice.
 */
public record NetScenario(String name, Topology topology, List<FlowSpec> flows, SidecarSpec sidecars,
    List<TimelineAction> timeline, Ecmp ecmp, long switchLatencyNs, long untilNs, long seed)
{
    /** ECMP member choice. */
    public enum Ecmp
    {
        /** By the symmetric 5-tuple flow hash, as switch ASICs do: one flow, one path. */
        FLOW_HASH,
        /** A fresh random hash for every packet (ns-3's {@code RandomEcmpRouting}). */
        SPRAY
    }

    /**
     * @param newSeed another seed.
     * @return this scenario with it.
     */
    public NetScenario withSeed(final long newSeed)
    {
        return new NetScenario(name, topology, flows, sidecars, timeline, ecmp, switchLatencyNs, untilNs, newSeed);
    }

    /**
     * @param newUntil another end time.
     * @return this scenario with it.
     */
    public NetScenario withUntil(final long newUntil)
    {
        return new NetScenario(name, topology, flows, sidecars, timeline, ecmp, switchLatencyNs, newUntil, seed);
    }
}
