package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.l3.FlowHash;

/**
 * The symmetric 5-tuple flow hash ({@link FlowHash}) of a parsed packet: both directions of a flow get the
 * same value, so ingress (RSS-style) sends them to the same worker and per-flow order holds.
 *
 * <p>How: the two endpoints (address, port) are put in a canonical order first (the smaller address, then
 * the smaller port on equal addresses, is endpoint "a"), then a, b and the protocol are mixed with the
 * 64-bit finaliser of MurmurHash3 ({@code fmix64}, every input bit affects every output bit with probability
 * close to 1/2), and the high and low halves are folded into an int. Because the order is canonical rather
 * than an XOR of the two sides, flows that differ only by swapping address bits between sides do not
 * collide.
 *
 * <p>Fragments: every IP fragment ({@link ParsedPacket#FRAG_FIRST} and {@link ParsedPacket#FRAG_LATER}) is
 * hashed with ports 0, so all fragments of a datagram land on one worker (later fragments have no ports).
 * Packets without ports (ICMP, GRE …) also hash on (addresses, protocol) alone.
 *
 * <p>Shard with {@code (hash & 0x7fffffff) % workers} or {@code hash & (workers - 1)}; no allocation.
 */
public final class PacketFlowHash
{
    private PacketFlowHash()
    {
    }

    /**
     * @param p a parsed packet with {@code ipVersion} 4 or 6.
     * @return its symmetric flow hash; 0 for packets without an IP header.
     */
    public static int hash(final ParsedPacket p)
    {
        final boolean ports = p.hasPorts && p.fragment == ParsedPacket.FRAG_NONE;
        final int sp = ports ? p.srcPort : 0;
        final int dp = ports ? p.dstPort : 0;
        if (p.ipVersion == 4)
        {
            return FlowHash.ipv4(p.ipv4Src, p.ipv4Dst, sp, dp, p.protocol);
        }
        if (p.ipVersion == 6)
        {
            return FlowHash.ipv6(p.ipv6SrcHi, p.ipv6SrcLo, p.ipv6DstHi, p.ipv6DstLo, sp, dp, p.protocol);
        }
        return 0;
    }
}
