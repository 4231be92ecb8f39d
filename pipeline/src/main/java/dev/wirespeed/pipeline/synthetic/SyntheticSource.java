package dev.wirespeed.pipeline.synthetic;

import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.pipeline.DescriptorSource;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;

/**
 * Deterministic IPv4/TCP packet descriptors from a seed: {@code flows} distinct 5-tuples (both directions),
 * lengths 64 to 1500, TTL 1 on about 1 in 64 flows, and optionally status {@code malformed} on about 1 in
 * 1000 records. Ends after {@code count} records (or never, when count is negative) or once
 * {@link #stop()} is called from any thread. Allocation-free.
 */
public final class SyntheticSource implements DescriptorSource
{
    private final long seed;
    private final long count;
    private final int flows;
    private final boolean withErrors;
    private long produced;
    private volatile boolean stopped;

    /**
     * @param seed       the seed.
     * @param count      records to produce, or -1 for unbounded.
     * @param flows      distinct flows (at least 1).
     * @param withErrors mark some records malformed at ingress.
     */
    public SyntheticSource(final long seed, final long count, final int flows, final boolean withErrors)
    {
        this.seed = seed;
        this.count = count;
        this.flows = Math.max(1, flows);
        this.withErrors = withErrors;
    }

    /** Makes the next {@link #poll} return {@link #END} (any thread). */
    public void stop()
    {
        stopped = true;
    }

    /** @return records produced so far (polling thread). */
    public long produced()
    {
        return produced;
    }

    @Override
    public int poll(final PacketDescriptor d)
    {
        if (produced == count || stopped)
        {
            return END;
        }
        final long i = produced++;
        final long r = mix64(seed + i * 0x9E3779B97F4A7C15L);
        final int flow = (int)((r >>> 33) % flows);
        final long f = mix64(seed ^ (flow * 0xC2B2AE3D27D4EB4FL));
        final boolean reverse = (r & 1) != 0;
        final int a = 0x0A000000 | (int)(f & 0xFFFFFF);
        final int b = 0xC0A80000 | (int)((f >>> 24) & 0xFFFF);
        final int pa = 1024 + (int)((f >>> 40) & 0x7FFF);
        final int pb = (f & (1L << 63)) != 0 ? 443 : 80;
        final int src = reverse ? b : a;
        final int dst = reverse ? a : b;
        final int sp = reverse ? pb : pa;
        final int dp = reverse ? pa : pb;
        final int length = 64 + (int)((r >>> 8) % 1437);
        d.kind(PacketDescriptor.KIND_PACKET)
            .ipVersion(4)
            .protocol(6)
            .ttl((flow & 63) == 0 ? 1 : 64)
            .status(withErrors && (r & 1023) < 1 ? Reasons.MALFORMED : Reasons.NONE)
            .flowHash(FlowHash.ipv4(src, dst, sp, dp, 6))
            .srcAddressIpv4(src)
            .dstAddressIpv4(dst)
            .srcPort(sp)
            .dstPort(dp)
            .capturedLength(length)
            .originalLength(length)
            .timestampNs(i * 1000L)
            .linkType(1)
            .l3Offset(14)
            .l4Offset(34)
            .payloadOffset(54)
            .payloadLength(length - 54)
            .captureAddress(0L)
            .requestRef(0L)
            .requestLength(0)
            .ingressPort(0);
        return RECORD;
    }

    private static long mix64(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
