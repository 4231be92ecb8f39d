package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.sim.Engine;

/**
 * The request stages of a worker: reads the request its descriptor names in the {@link RequestSlots},
 * runs the L7 stages (host, URI, classifier, action, cluster) and the L3 route to the chosen endpoint,
 * and writes the decision descriptor ({@link DecisionDescriptor#l7}: the lookup's own action and reason codes,
 * ids, status, flags; egress port and next hop towards the endpoint) for the counters and the in-order
 * writer, which encodes it with the slot's request text. Allocation-free.
 */
final class RequestForwarder implements Forwarder
{
    private final Engine.Session session;
    private final RequestSlots slots;
    private final L7Result result = new L7Result();
    private final L3Result l3Result = new L3Result();

    RequestForwarder(final Engine.Session session, final RequestSlots slots)
    {
        this.session = session;
        this.slots = slots;
    }

    @Override
    public void forward(final PacketDescriptor packet, final DecisionDescriptor decision)
    {
        final int slot = (int)packet.requestRef();
        final L7Result r = result;
        final L3Result l3 = l3Result;
        final boolean hasL3 = session.route(slots.views[slot], r, l3);
        decision.l7(r, 0).length(0);
        if (hasL3 && l3.action == Actions.FORWARD)
        {
            decision.egressPort(l3.egressPort).nextHop(l3.nextHop);
        }
    }
}
