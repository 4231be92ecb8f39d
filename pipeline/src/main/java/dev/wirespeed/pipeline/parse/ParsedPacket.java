package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.decision.Reasons;

/**
 * What {@link PacketParser} learned about one packet: a caller-owned, mutable record of plain fields,
 * re-filled for every packet (nothing is allocated per packet). Offsets are from the start of the frame
 * (the captured bytes), so {@code address + l3Offset} is the IP header in place.
 *
 * <p>Fields the packet did not reach are left at their reset values: {@code -1} for offsets and ids,
 * {@code 0} for addresses, ports and flags. {@link #reset()} is called by the parser first.
 */
public final class ParsedPacket
{
    /** {@link #verdict}: an IP packet to look up and forward. */
    public static final int VERDICT_FORWARD = 0;
    /** {@link #verdict}: hand to the control plane (ARP). */
    public static final int VERDICT_PUNT = 1;
    /** {@link #verdict}: drop, counting {@link #reason}. */
    public static final int VERDICT_DROP = 2;

    /** {@link #l2Kind}: none decoded (unsupported link type). */
    public static final int L2_NONE = 0;
    /** {@link #l2Kind}: Ethernet II / 802.3 (link type 1). */
    public static final int L2_ETHERNET = 1;
    /** {@link #l2Kind}: Linux cooked capture v1 (113). */
    public static final int L2_LINUX_SLL = 2;
    /** {@link #l2Kind}: Linux cooked capture v2 (276). */
    public static final int L2_LINUX_SLL2 = 3;
    /** {@link #l2Kind}: raw IP, no link header (101, 228, 229, 12, 14). */
    public static final int L2_RAW = 4;
    /** {@link #l2Kind}: BSD loopback/null with a 4-byte address family (0, 108). */
    public static final int L2_NULL = 5;

    /** {@link #fragment}: not a fragment. */
    public static final int FRAG_NONE = 0;
    /** {@link #fragment}: first fragment (offset 0, more fragments): carries the L4 header. */
    public static final int FRAG_FIRST = 1;
    /** {@link #fragment}: a later fragment (offset &gt; 0): no L4 header, forwarded on L3 only. */
    public static final int FRAG_LATER = 2;

    /** {@link #tunnel}: not decapsulated. */
    public static final int TUNNEL_NONE = 0;
    /** {@link #tunnel}: VXLAN (RFC 7348, UDP destination port 4789). */
    public static final int TUNNEL_VXLAN = 1;
    /** {@link #tunnel}: GENEVE (RFC 8926, UDP destination port 6081). */
    public static final int TUNNEL_GENEVE = 2;
    /** UDP destination port of VXLAN. */
    public static final int VXLAN_PORT = 4789;
    /** UDP destination port of GENEVE. */
    public static final int GENEVE_PORT = 6081;

    /** TCP flag bits as in the header's flags byte (plus NS in bit 8). */
    public static final int TCP_FIN = 0x01;
    /** TCP SYN. */
    public static final int TCP_SYN = 0x02;
    /** TCP RST. */
    public static final int TCP_RST = 0x04;
    /** TCP PSH. */
    public static final int TCP_PSH = 0x08;
    /** TCP ACK. */
    public static final int TCP_ACK = 0x10;

    /** {@link #VERDICT_FORWARD}, {@link #VERDICT_PUNT} or {@link #VERDICT_DROP}. */
    public int verdict;
    /** A {@link Reasons} code; {@link Reasons#name(int)} names it. */
    public int reason;
    /** Link type the frame was decoded as. */
    public int linkType;
    /** Bytes available at the packet's address. */
    public int capturedLength;
    /** Length the packet had on the wire. */
    public int originalLength;
    /** One of the {@code L2_*} constants. */
    public int l2Kind;
    /** Number of VLAN tags (802.1Q 0x8100, 802.1ad 0x88a8, legacy QinQ 0x9100) before the ethertype. */
    public int vlanCount;
    /** VLAN id of the outermost tag (S-VLAN in QinQ), or -1. */
    public int outerVlanId;
    /** VLAN id of the second tag (C-VLAN in QinQ), or -1. */
    public int innerVlanId;
    /** TPID of the outermost tag (0x8100, 0x88a8, 0x9100), or 0. */
    public int outerTpid;
    /** Ethertype after the VLAN tags (or derived from the null/raw header), or -1. */
    public int etherType;
    /** Offset of the IP (or ARP) header, or -1. */
    public int l3Offset;
    /** 4, 6, or 0 when no IP header was decoded. */
    public int ipVersion;
    /** IPv4 source address (big-endian order as an int: 10.0.0.1 is 0x0a000001). */
    public int ipv4Src;
    /** IPv4 destination address. */
    public int ipv4Dst;
    /** IPv6 source address, high 64 bits. */
    public long ipv6SrcHi;
    /** IPv6 source address, low 64 bits. */
    public long ipv6SrcLo;
    /** IPv6 destination address, high 64 bits. */
    public long ipv6DstHi;
    /** IPv6 destination address, low 64 bits. */
    public long ipv6DstLo;
    /** IP protocol of the L4 header (after IPv6 extension headers), or -1. */
    public int protocol;
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl;
    /** IPv4 header length in bytes (IHL × 4); 40 for IPv6. */
    public int ipHeaderLength;
    /** Bytes of IPv4 options (ipHeaderLength − 20); bytes of IPv6 extension headers. */
    public int ipOptionsLength;
    /** IPv4 total length or 40 + IPv6 payload length (jumbo: from the hop-by-hop option); 0 when unknown. */
    public int ipTotalLength;
    /** One of the {@code FRAG_*} constants. */
    public int fragment;
    /** Fragment offset in bytes. */
    public int fragmentOffset;
    /** IPv4 identification or IPv6 fragment identification. */
    public int fragmentId;
    /** Offset of the L4 header, or -1 (later fragments, unknown protocols, ESP). */
    public int l4Offset;
    /** Whether {@link #srcPort}/{@link #dstPort} hold TCP/UDP/SCTP ports. */
    public boolean hasPorts;
    /** Source port, or 0. */
    public int srcPort;
    /** Destination port, or 0. */
    public int dstPort;
    /** TCP flags (FIN 0x01 … CWR 0x80, NS 0x100), or 0. */
    public int tcpFlags;
    /** ICMP/ICMPv6 type, or -1. */
    public int icmpType;
    /** ICMP/ICMPv6 code, or -1. */
    public int icmpCode;
    /** Offset of the L4 payload (or of the fragment data for later fragments), or -1. */
    public int payloadOffset;
    /** Captured payload bytes from {@link #payloadOffset} (never beyond the IP length or the capture). */
    public int payloadLength;
    /** Whether the capture kept fewer payload bytes than the IP header announces (snaplen), headers complete. */
    public boolean payloadTruncated;
    /**
     * The tunnel the packet came out of ({@code TUNNEL_*}); when not {@link #TUNNEL_NONE}, every other field
     * describes the inner frame (offsets still from the start of the outer frame).
     */
    public int tunnel;
    /** VXLAN or GENEVE virtual network identifier (24 bits), or -1. */
    public int tunnelVni;
    /** Offset of the VXLAN or GENEVE header, or -1. */
    public int tunnelOffset;
    /** IP version (4 or 6) of the outer header that carried the tunnel, or 0. */
    public int tunnelOuterIpVersion;
    /** Offset of the outer IP header that carried the tunnel, or -1. */
    public int tunnelOuterL3Offset;

    /** Clears every field to "not reached". */
    public void reset()
    {
        verdict = VERDICT_DROP;
        reason = Reasons.MALFORMED;
        linkType = -1;
        capturedLength = 0;
        originalLength = 0;
        l2Kind = L2_NONE;
        vlanCount = 0;
        outerVlanId = -1;
        innerVlanId = -1;
        outerTpid = 0;
        etherType = -1;
        l3Offset = -1;
        ipVersion = 0;
        ipv4Src = 0;
        ipv4Dst = 0;
        ipv6SrcHi = 0;
        ipv6SrcLo = 0;
        ipv6DstHi = 0;
        ipv6DstLo = 0;
        protocol = -1;
        ttl = 0;
        ipHeaderLength = 0;
        ipOptionsLength = 0;
        ipTotalLength = 0;
        fragment = FRAG_NONE;
        fragmentOffset = 0;
        fragmentId = 0;
        l4Offset = -1;
        hasPorts = false;
        srcPort = 0;
        dstPort = 0;
        tcpFlags = 0;
        icmpType = -1;
        icmpCode = -1;
        payloadOffset = -1;
        payloadLength = 0;
        payloadTruncated = false;
        tunnel = TUNNEL_NONE;
        tunnelVni = -1;
        tunnelOffset = -1;
        tunnelOuterIpVersion = 0;
        tunnelOuterL3Offset = -1;
    }

    /** @return whether the parser handed this packet on for forwarding. */
    public boolean isForward()
    {
        return verdict == VERDICT_FORWARD;
    }
}
