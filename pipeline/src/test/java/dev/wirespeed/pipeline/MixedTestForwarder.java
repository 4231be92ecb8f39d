package dev.wirespeed.pipeline;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;

/** A deterministic forwarder that uses every kind of action, chosen from the record's own fields. */
final class MixedTestForwarder implements Forwarder
{
    long generation = -1;

    @Override
    public void onGeneration(final FibGeneration g)
    {
        generation = g.generation();
    }

    @Override
    public void forward(final PacketDescriptor p, final DecisionDescriptor d)
    {
        final int k = (p.dstAddressIpv4() * 0x9E3779B1 + p.srcPort()) >>> 8;
        switch (k % 7)
        {
            case 0:
                d.drop(Reasons.NO_ROUTE);
                break;
            case 1:
                d.punt(Reasons.TTL_EXPIRED);
                break;
            case 2:
                d.action(Actions.ROUTE).cluster(k % 5).endpoint(k & 7).egressPort(k % 20).status(200);
                break;
            case 3:
                d.action(Actions.DIRECT).status(404).flags(1);
                break;
            case 4:
                d.action(Actions.REDIRECT).status(301).prefixLength(k & 3);
                break;
            case 5:
                // left undecided on purpose: the agent must turn it into drop/no-decision
                break;
            default:
                d.forward(k & 15, k & 255).length(p.originalLength() + (int)(generation & 1));
                break;
        }
    }
}
