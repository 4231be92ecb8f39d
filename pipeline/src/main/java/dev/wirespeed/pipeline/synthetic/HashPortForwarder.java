package dev.wirespeed.pipeline.synthetic;

import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.agent.Forwarder;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;

/**
 * A trivial but real forwarder: drops TTL &lt;= 1 ({@code ttl-expired}), otherwise forwards out of a port
 * chosen by the flow hash (ECMP over {@code ports} ports, a power of two) with the destination address's
 * low byte as next-hop index. Allocation-free; the result depends only on the record.
 */
public final class HashPortForwarder implements Forwarder
{
    private final int portMask;

    /**
     * @param ports number of egress ports, a power of two.
     */
    public HashPortForwarder(final int ports)
    {
        if (ports < 1 || Integer.bitCount(ports) != 1)
        {
            throw new IllegalArgumentException("ports must be a power of two: " + ports);
        }
        this.portMask = ports - 1;
    }

    @Override
    public void forward(final PacketDescriptor packet, final DecisionDescriptor decision)
    {
        if (packet.ttl() <= 1)
        {
            decision.drop(Reasons.TTL_EXPIRED);
            return;
        }
        final int h = packet.flowHash();
        decision.forward((h ^ (h >>> 16)) & portMask, packet.dstAddressIpv4() & 0xFF);
    }
}
