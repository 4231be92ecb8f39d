package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.Engine;

/**
 * The request stages of a worker: reads the request its descriptor names in the {@link RequestSlots},
 * runs the L7 stages (host, URI, classifier, action, cluster) and the L3 route to the chosen endpoint,
 * keeps the full results in the slot and writes the decision descriptor (action, reason, egress port,
 * next hop, cluster, endpoint, status, flags) for the counters and the in-order writer. Allocation-free.
 */
final class RequestForwarder implements Forwarder
{
    private final Engine.Session session;
    private final RequestSlots slots;

    RequestForwarder(final Engine.Session session, final RequestSlots slots)
    {
        this.session = session;
        this.slots = slots;
    }

    @Override
    public void forward(final PacketDescriptor packet, final DecisionDescriptor decision)
    {
        final int slot = (int)packet.requestRef();
        final L7Result r = slots.results[slot];
        final L3Result l3 = slots.l3[slot];
        final boolean hasL3 = session.route(slots.views[slot], r, l3);
        slots.hasL3[slot] = hasL3;
        switch (r.action)
        {
            case L7Result.ACTION_ROUTE:
                decision.action(Actions.ROUTE);
                break;
            case L7Result.ACTION_REDIRECT:
                decision.action(Actions.REDIRECT);
                break;
            case L7Result.ACTION_DIRECT:
                decision.action(Actions.DIRECT);
                break;
            case L7Result.ACTION_ABORT:
                decision.action(Actions.ABORT);
                break;
            default:
                decision.drop(reason(r.reason));
                break;
        }
        decision.virtualHost(r.virtualHost).route(r.route).cluster(r.cluster).endpoint(r.endpoint)
                .status(r.status).flags(r.flags).destinationPort(r.port).length(0);
        if (hasL3 && l3.action == L3Result.ACTION_FORWARD)
        {
            decision.egressPort(l3.egressPort).nextHop(l3.nextHop);
        }
    }

    private static int reason(final int l7Reason)
    {
        switch (l7Reason)
        {
            case L7Result.REASON_NO_ROUTE:
                return ReasonTable.NO_ROUTE;
            case L7Result.REASON_NO_CLUSTER:
                return ReasonTable.NO_CLUSTER;
            case L7Result.REASON_NO_HEALTHY_UPSTREAM:
                return ReasonTable.NO_HEALTHY_UPSTREAM;
            default:
                return ReasonTable.NO_DECISION;
        }
    }
}
