package dev.wirespeed.fib.l3;

/**
 * The symmetric 5-tuple flow hash that chooses an ECMP member (and a worker, for RSS): both
 * directions of a flow hash alike because source and destination are combined with commutative
 * operations before mixing (murmur3's finaliser).
 */
public final class FlowHash
{
    private FlowHash()
    {
    }

    /**
     * @param src      source IPv4 address.
     * @param dst      destination IPv4 address.
     * @param srcPort  source port (0 when not TCP/UDP).
     * @param dstPort  destination port.
     * @param protocol IP protocol number.
     * @return the hash.
     */
    public static int ipv4(final int src, final int dst, final int srcPort, final int dstPort, final int protocol)
    {
        final int addresses = (src ^ dst) * 0x9E3779B1 + (src + dst);
        final int ports = ((srcPort ^ dstPort) << 16) | ((srcPort + dstPort) & 0xffff);
        return mix(addresses * 31 + ports * 17 + protocol);
    }

    /**
     * @param srcHi    source address high 64 bits.
     * @param srcLo    source low 64 bits.
     * @param dstHi    destination high 64 bits.
     * @param dstLo    destination low 64 bits.
     * @param srcPort  source port.
     * @param dstPort  destination port.
     * @param protocol next header.
     * @return the hash.
     */
    public static int ipv6(final long srcHi, final long srcLo, final long dstHi, final long dstLo,
                           final int srcPort, final int dstPort, final int protocol)
    {
        final long x = (srcHi ^ dstHi) * 0x9E3779B97F4A7C15L + (srcHi + dstHi)
                + ((srcLo ^ dstLo) * 0xC2B2AE3D27D4EB4FL + (srcLo + dstLo)) * 31;
        final int ports = ((srcPort ^ dstPort) << 16) | ((srcPort + dstPort) & 0xffff);
        return mix((int)(x ^ (x >>> 32)) * 31 + ports * 17 + protocol);
    }

    private static int mix(final int value)
    {
        int h = value;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
