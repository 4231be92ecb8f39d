package dev.wirespeed.pipeline.agent;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;

/**
 * What a worker applies to each descriptor: the forwarding logic (L3 LPM, L7 routing, ...) the embedding code
 * plugs into the pipeline. One instance per worker (see {@link ForwarderFactory}), only ever called from
 * that worker's thread, so it may keep its own flyweights and scratch state in fields.
 *
 * <p>Contract of {@link #forward}: allocation-free (no {@code new}, boxing, lambdas capturing, strings);
 * reads {@code packet} (valid only during the call); writes {@code decision}, which the agent has already
 * {@linkplain DecisionDescriptor#reset reset} (record index set, action {@code NONE}, ids -1) and whose
 * {@code length} it preset to the packet's original length. It must set an action (forward, drop + reason,
 * punt, route, redirect, direct, abort); a decision left at {@code NONE} becomes a drop with reason
 * {@code no-decision}. Records whose ingress status is not 0 never reach the forwarder: the agent drops
 * them with that status as reason. The result must depend only on the record and the current generation
 * (not on which worker or batch), so that any number of workers and the inline mode agree.
 */
@FunctionalInterface
public interface Forwarder
{
    /**
     * Called on the worker thread at a batch boundary, before the first record forwarded with a newly
     * published generation (and once before the first batch if a generation was published before start).
     * Re-point flyweights here; casting to the concrete generation type here keeps casts off the hot path.
     *
     * @param generation the generation from now on.
     */
    default void onGeneration(final FibGeneration generation)
    {
    }

    /**
     * Forwards one record.
     *
     * @param packet   the ingress descriptor (read only).
     * @param decision the egress descriptor to fill.
     */
    void forward(PacketDescriptor packet, DecisionDescriptor decision);

    /**
     * The per-record rule every driver applies (agents, the reference pipeline, one-packet forwarding): a
     * record whose ingress status is not 0 is dropped with that status as reason without calling the
     * forwarder; a record the forwarder left undecided is dropped with {@code no-decision}.
     *
     * @param forwarder the forwarder.
     * @param packet    the ingress descriptor.
     * @param decision  the egress descriptor, already reset.
     */
    static void decide(final Forwarder forwarder, final PacketDescriptor packet, final DecisionDescriptor decision)
    {
        final int status = packet.status();
        if (status != Reasons.NONE)
        {
            decision.drop(status);
        }
        else
        {
            forwarder.forward(packet, decision);
            if (decision.action() == Actions.NONE)
            {
                decision.drop(Reasons.NO_DECISION);
            }
        }
        final int tunnel = packet.packetFlags() & (PacketDescriptor.FLAG_VXLAN | PacketDescriptor.FLAG_GENEVE);
        if (tunnel != 0)
        {
            // the decision names the tunnel the packet came out of (the writer reads its VNI from the packet)
            final int flags = decision.flags();
            decision.flags((flags == DecisionDescriptor.NULL ? 0 : flags) | ((tunnel & PacketDescriptor.FLAG_VXLAN)
                != 0 ? DecisionDescriptor.FLAG_VXLAN : DecisionDescriptor.FLAG_GENEVE));
        }
    }
}
