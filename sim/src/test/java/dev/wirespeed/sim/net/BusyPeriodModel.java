package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.fabric.LinkSpec;

/**
 * The analytic model of one overloaded drop-tail port fed by CBR flows that all send in step: once the
 * queue is full it stays full, the port serves one packet per service time from the first arrival on, and
 * at the last arrival the queue holds {@code limit} packets and one is on the wire. So
 * {@code drops = arrivals − floor(span / service) − (limit + 1)}, with {@code span} the time from the first
 * arrival to the last ({@code (packets − 1) × interval} when every flow's packets take the same path
 * delay).
 *
 * @param flows           flows into the port.
 * @param packetsPerFlow  packets each sends.
 * @param intervalNs      their common gap.
 * @param serviceNs       the port's serialisation time for one packet.
 * @param limit           the queue limit in packets (not counting the one on the wire).
 */
record BusyPeriodModel(int flows, long packetsPerFlow, long intervalNs, long serviceNs, long limit)
{
    static BusyPeriodModel of(final int flows, final long packetsPerFlow, final long intervalNs, final int ipBytes,
        final int framing, final long rateBps, final long limit)
    {
        return new BusyPeriodModel(flows, packetsPerFlow, intervalNs, LinkSpec.serialisationNs(ipBytes, framing,
            rateBps), limit);
    }

    long arrivals()
    {
        return flows * packetsPerFlow;
    }

    long spanNs()
    {
        return (packetsPerFlow - 1) * intervalNs;
    }

    long servedDuringSpan()
    {
        return spanNs() / serviceNs;
    }

    long drops()
    {
        return arrivals() - servedDuringSpan() - (limit + 1);
    }
}
