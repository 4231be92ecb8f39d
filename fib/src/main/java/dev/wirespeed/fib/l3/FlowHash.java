package dev.wirespeed.fib.l3;

/**
 * The symmetric 5-tuple flow hash: both directions of a flow get the same value, so ingress (RSS-style)
 * sends them to the same worker, per-flow order holds, and an ECMP group sends a flow to one member.
 *
 * <p>How: the two endpoints (address, port) are put in a canonical order first (the smaller address, then
 * the smaller port on equal addresses, is endpoint "a"), then a, b and the protocol are mixed with the
 * 64-bit finaliser of MurmurHash3 ({@code fmix64}, every input bit affects every output bit with probability
 * close to 1/2), and the high and low halves are folded into an int. Because the order is canonical rather
 * than an XOR of the two sides, flows that differ only by swapping address bits between sides do not
 * collide. No allocation.
 */
public final class FlowHash
{
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private FlowHash()
    {
    }

    /**
     * @param srcAddress IPv4 source.
     * @param dstAddress IPv4 destination.
     * @param srcPort    source port (0 if none).
     * @param dstPort    destination port (0 if none).
     * @param protocol   IP protocol.
     * @return the symmetric hash.
     */
    public static int ipv4(
            final int srcAddress, final int dstAddress, final int srcPort, final int dstPort, final int protocol)
    {
        final long a = ((srcAddress & 0xFFFFFFFFL) << 16) | (srcPort & 0xFFFF);
        final long b = ((dstAddress & 0xFFFFFFFFL) << 16) | (dstPort & 0xFFFF);
        final long lo = Math.min(a, b); // both are < 2^48: signed min is unsigned min
        final long hi = Math.max(a, b);
        long h = SEED ^ protocol;
        h = fmix64(h ^ lo);
        h = fmix64(h ^ hi);
        return (int)(h ^ (h >>> 32));
    }

    /**
     * @param srcHi    IPv6 source, high 64 bits.
     * @param srcLo    IPv6 source, low 64 bits.
     * @param dstHi    IPv6 destination, high 64 bits.
     * @param dstLo    IPv6 destination, low 64 bits.
     * @param srcPort  source port (0 if none).
     * @param dstPort  destination port (0 if none).
     * @param protocol IP protocol (the L4 one, after extension headers).
     * @return the symmetric hash.
     */
    public static int ipv6(
        final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final int srcPort, final int dstPort, final int protocol)
    {
        final int order = compare(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        final long aHi = order <= 0 ? srcHi : dstHi;
        final long aLo = order <= 0 ? srcLo : dstLo;
        final long bHi = order <= 0 ? dstHi : srcHi;
        final long bLo = order <= 0 ? dstLo : srcLo;
        final int aPort = order <= 0 ? srcPort : dstPort;
        final int bPort = order <= 0 ? dstPort : srcPort;
        long h = SEED ^ ((long)protocol << 32) ^ ((long)(aPort & 0xFFFF) << 16) ^ (bPort & 0xFFFF);
        h = fmix64(h ^ aHi);
        h = fmix64(h ^ aLo);
        h = fmix64(h ^ bHi);
        h = fmix64(h ^ bLo);
        return (int)(h ^ (h >>> 32));
    }

    private static int compare(
        final long aHi, final long aLo, final int aPort, final long bHi, final long bLo, final int bPort)
    {
        int c = Long.compareUnsigned(aHi, bHi);
        if (c == 0)
        {
            c = Long.compareUnsigned(aLo, bLo);
        }
        if (c == 0)
        {
            c = Integer.compare(aPort & 0xFFFF, bPort & 0xFFFF);
        }
        return c;
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long fmix64(final long k)
    {
        long h = k;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE1A85349L;
        h ^= h >>> 33;
        return h;
    }
}
