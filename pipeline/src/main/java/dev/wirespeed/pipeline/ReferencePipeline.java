package dev.wirespeed.pipeline;

import dev.wirespeed.pipeline.agent.FibGeneration;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The plain reference of {@link ForwardingPipeline}: one loop, no rings, no threads, no counters — poll a
 * record, give it its index, forward it with the same rules as the agent (ingress status → drop with that
 * reason; no action → drop {@code no-decision}), hand the decision over. Tests compare the real pipeline's
 * output against it.
 */
public final class ReferencePipeline
{
    private ReferencePipeline()
    {
    }

    /**
     * Runs the source to its end.
     *
     * @param source     the records.
     * @param forwarder  the forwarding logic.
     * @param generation the generation to hand to the forwarder first, or null.
     * @param sink       the decisions, in input order.
     * @return records processed.
     */
    public static long run(final DescriptorSource source, final Forwarder forwarder, final FibGeneration generation,
        final DecisionSink sink)
    {
        if (generation != null)
        {
            forwarder.onGeneration(generation);
        }
        final PacketDescriptor packet =
            new PacketDescriptor().wrap(new UnsafeBuffer(new byte[PacketDescriptor.LENGTH]), 0);
        final DecisionDescriptor decision =
            new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[DecisionDescriptor.LENGTH]), 0);
        long index = 0;
        int polled;
        while ((polled = source.poll(packet)) != DescriptorSource.END)
        {
            if (polled != DescriptorSource.RECORD)
            {
                continue;
            }
            packet.recordIndex(index);
            decision.reset(index).length(packet.originalLength());
            if (packet.status() != ReasonTable.NONE)
            {
                decision.drop(packet.status());
            }
            else
            {
                forwarder.forward(packet, decision);
                if (decision.action() == Actions.NONE)
                {
                    decision.drop(ReasonTable.NO_DECISION);
                }
            }
            sink.onDecision(decision);
            index++;
        }
        return index;
    }
}
