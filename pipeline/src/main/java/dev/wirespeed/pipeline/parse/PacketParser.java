package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.decision.Reasons;

import static dev.wirespeed.pipeline.parse.PacketBytes.i32;
import static dev.wirespeed.pipeline.parse.PacketBytes.i32le;
import static dev.wirespeed.pipeline.parse.PacketBytes.i64;
import static dev.wirespeed.pipeline.parse.PacketBytes.u16;
import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * Decodes a captured frame in place, from the link header to the L4 header, into a caller-owned
 * {@link ParsedPacket}. Reads only bytes inside {@code [address, address + capturedLength)}; copies nothing,
 * allocates nothing.
 *
 * <p>Link types: Ethernet (1) with any stack of 802.1Q (0x8100), 802.1ad (0x88a8) and legacy QinQ (0x9100)
 * tags; Linux cooked v1 (113) and v2 (276); raw IP (101, 228, 229, and 12/14, the BSD values of DLT_RAW),
 * where the IP version nibble decides IPv4 or IPv6 (as libpcap and tshark do, also under 228/229); BSD
 * null/loopback (0, 108) whose 4-byte address family is in the capturing host's byte order (2 = IPv4;
 * 24, 28, 30 = IPv6; both byte orders accepted).
 *
 * <p>Truncated or malformed: when a header needs more bytes than were captured, the outcome is
 * {@link Reasons#TRUNCATED} if the capture kept fewer bytes than were on the wire
 * ({@code capturedLength < originalLength}, a snaplen cut), else {@link Reasons#MALFORMED} (the frame is
 * whole but its headers claim more than it holds). A payload shortened by snaplen behind complete headers is
 * {@link Reasons#NONE} with {@link ParsedPacket#payloadTruncated} set.
 *
 * <p>Tunnels: a UDP datagram to port 4789 (VXLAN, RFC 7348) or 6081 (GENEVE, RFC 8926, inner Ethernet, IPv4
 * or IPv6) is decapsulated, one level deep, and the inner frame is what the fields describe
 * ({@link ParsedPacket#tunnel}, {@link ParsedPacket#tunnelVni} name the tunnel). The inner frame is bounded by
 * the outer UDP length. A tunnel header cut short in a whole frame, a VXLAN header without its I flag or a
 * GENEVE version other than 0 is {@link Reasons#MALFORMED_TUNNEL}.
 *
 * <p>Fields are filled as far as decoding got, also for dropped packets: e.g. {@code ipVersion} is set as
 * soon as the version nibble has been checked, so a truncated IPv6 header still counts as IPv6.
 */
public final class PacketParser
{
    /** Ethertype IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** Ethertype IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** Ethertype ARP. */
    public static final int ETHERTYPE_ARP = 0x0806;

    /** GENEVE protocol type of an inner Ethernet frame (Transparent Ethernet Bridging). */
    public static final int TRANSPARENT_ETHERNET = 0x6558;

    private static final int MAX_IPV6_EXTENSION_HEADERS = 16;

    private PacketParser()
    {
    }

    /**
     * @param linkType a pcap LINKTYPE_ value.
     * @return whether {@link #parse} decodes it.
     */
    public static boolean supportsLinkType(final int linkType)
    {
        switch (linkType)
        {
            case 0, 1, 12, 14, 101, 108, 113, 228, 229, 276:
                return true;
            default:
                return false;
        }
    }

    /**
     * Parses a frame whose capture is complete (captured length = original length).
     *
     * @param address        native address of the first byte of the frame.
     * @param capturedLength bytes readable at {@code address}.
     * @param linkType       pcap LINKTYPE_ value.
     * @param out            filled in; reset first.
     * @return the {@link Reasons} code, also in {@code out.reason}.
     */
    public static int parse(final long address, final int capturedLength, final int linkType, final ParsedPacket out)
    {
        return parse(address, capturedLength, capturedLength, linkType, out);
    }

    /**
     * Parses a frame.
     *
     * @param address        native address of the first byte of the frame.
     * @param capturedLength bytes readable at {@code address}.
     * @param originalLength bytes the frame had on the wire (tells a snaplen cut from a malformed header).
     * @param linkType       pcap LINKTYPE_ value.
     * @param out            filled in; reset first.
     * @return the {@link Reasons} code, also in {@code out.reason}.
     */
    public static int parse(final long address, final int capturedLength, final int originalLength, final int linkType,
        final ParsedPacket out)
    {
        out.reset();
        out.linkType = linkType;
        out.capturedLength = capturedLength;
        out.originalLength = originalLength;
        switch (linkType)
        {
            case 1:
                return ethernet(address, out);
            case 113:
                return linuxSll(address, out);
            case 276:
                return linuxSll2(address, out);
            case 12, 14, 101, 228, 229:
                out.l2Kind = ParsedPacket.L2_RAW;
                return rawIp(address, 0, out);
            case 0, 108:
                return nullLoopback(address, out);
            default:
                out.l2Kind = ParsedPacket.L2_NONE;
                return drop(out, Reasons.UNSUPPORTED_LINKTYPE);
        }
    }

    private static int ethernet(final long address, final ParsedPacket out)
    {
        out.l2Kind = ParsedPacket.L2_ETHERNET;
        if (out.capturedLength < 14)
        {
            return cut(out);
        }
        return etherType(address, 14, u16(address + 12), out);
    }

    private static int linuxSll(final long address, final ParsedPacket out)
    {
        out.l2Kind = ParsedPacket.L2_LINUX_SLL;
        if (out.capturedLength < 16)
        {
            return cut(out);
        }
        return etherType(address, 16, u16(address + 14), out);
    }

    private static int linuxSll2(final long address, final ParsedPacket out)
    {
        out.l2Kind = ParsedPacket.L2_LINUX_SLL2;
        if (out.capturedLength < 20)
        {
            return cut(out);
        }
        return etherType(address, 20, u16(address), out);
    }

    private static int nullLoopback(final long address, final ParsedPacket out)
    {
        out.l2Kind = ParsedPacket.L2_NULL;
        if (out.capturedLength < 4)
        {
            return cut(out);
        }
        int family = i32le(address);
        if ((family & 0xFFFF0000) != 0)
        {
            family = Integer.reverseBytes(family); // written by a host of the other byte order
        }
        switch (family)
        {
            case 2:
                out.etherType = ETHERTYPE_IPV4;
                return ipv4(address, 4, out);
            case 24, 28, 30:
                out.etherType = ETHERTYPE_IPV6;
                return ipv6(address, 4, out);
            default:
                return drop(out, Reasons.UNSUPPORTED_ETHERTYPE);
        }
    }

    private static int etherType(final long address, final int offset, final int firstType, final ParsedPacket out)
    {
        final int cap = out.capturedLength;
        int off = offset;
        int type = firstType;
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100)
        {
            if (off + 4 > cap)
            {
                return cut(out);
            }
            final int vid = u16(address + off) & 0x0FFF;
            if (out.vlanCount == 0)
            {
                out.outerTpid = type;
                out.outerVlanId = vid;
            }
            else if (out.vlanCount == 1)
            {
                out.innerVlanId = vid;
            }
            out.vlanCount++;
            type = u16(address + off + 2);
            off += 4;
        }
        out.etherType = type;
        switch (type)
        {
            case ETHERTYPE_IPV4:
                return ipv4(address, off, out);
            case ETHERTYPE_IPV6:
                return ipv6(address, off, out);
            case ETHERTYPE_ARP:
                out.l3Offset = off;
                out.verdict = ParsedPacket.VERDICT_PUNT;
                out.reason = Reasons.ARP;
                return Reasons.ARP;
            default:
                return drop(out, Reasons.UNSUPPORTED_ETHERTYPE);
        }
    }

    private static int rawIp(final long address, final int off, final ParsedPacket out)
    {
        if (off + 1 > out.capturedLength)
        {
            return cut(out);
        }
        final int version = u8(address + off) >>> 4;
        if (version == 4)
        {
            out.etherType = ETHERTYPE_IPV4;
            return ipv4(address, off, out);
        }
        if (version == 6)
        {
            out.etherType = ETHERTYPE_IPV6;
            return ipv6(address, off, out);
        }
        out.l3Offset = off;
        return drop(out, Reasons.MALFORMED);
    }

    private static int ipv4(final long address, final int off, final ParsedPacket out)
    {
        final int cap = out.capturedLength;
        out.l3Offset = off;
        if (off + 1 > cap)
        {
            return cut(out);
        }
        final long ip = address + off;
        final int vihl = u8(ip);
        if ((vihl >>> 4) != 4)
        {
            return drop(out, Reasons.MALFORMED);
        }
        out.ipVersion = 4;
        final int ihl = (vihl & 0x0F) << 2;
        if (ihl < 20)
        {
            return drop(out, Reasons.MALFORMED);
        }
        if (off + ihl > cap)
        {
            return cut(out);
        }
        final int wireLength = Math.max(cap, out.originalLength);
        final int totalLength = u16(ip + 2);
        final int wireEnd;
        if (totalLength == 0)
        {
            wireEnd = wireLength; // TSO / big TCP: the length field is 0, the frame holds the datagram
        }
        else
        {
            if (totalLength < ihl || off + totalLength > wireLength)
            {
                out.ipHeaderLength = ihl;
                return drop(out, Reasons.MALFORMED);
            }
            wireEnd = off + totalLength;
        }
        out.ipHeaderLength = ihl;
        out.ipOptionsLength = ihl - 20;
        out.ipTotalLength = totalLength;
        out.ttl = u8(ip + 8);
        out.protocol = u8(ip + 9);
        out.ipv4Src = i32(ip + 12);
        out.ipv4Dst = i32(ip + 16);
        out.fragmentId = u16(ip + 4);
        final int flagsOffset = u16(ip + 6);
        final int fragmentOffset = (flagsOffset & 0x1FFF) << 3;
        final int capEnd = Math.min(wireEnd, cap);
        if (fragmentOffset != 0)
        {
            return laterFragment(out, fragmentOffset, off + ihl, capEnd, wireEnd);
        }
        if ((flagsOffset & 0x2000) != 0)
        {
            out.fragment = ParsedPacket.FRAG_FIRST;
        }
        return l4(address, off + ihl, capEnd, wireEnd, out);
    }

    private static int ipv6(final long address, final int off, final ParsedPacket out)
    {
        final int cap = out.capturedLength;
        out.l3Offset = off;
        if (off + 1 > cap)
        {
            return cut(out);
        }
        final long ip = address + off;
        if ((u8(ip) >>> 4) != 6)
        {
            return drop(out, Reasons.MALFORMED);
        }
        out.ipVersion = 6;
        if (off + 40 > cap)
        {
            return cut(out);
        }
        final int wireLength = Math.max(cap, out.originalLength);
        final int payloadLength = u16(ip + 4);
        final int nextHeader = u8(ip + 6);
        out.ttl = u8(ip + 7);
        out.ipv6SrcHi = i64(ip + 8);
        out.ipv6SrcLo = i64(ip + 16);
        out.ipv6DstHi = i64(ip + 24);
        out.ipv6DstLo = i64(ip + 32);
        out.ipHeaderLength = 40;
        int wireEnd;
        if (payloadLength == 0)
        {
            wireEnd = wireLength; // jumbogram (length in hop-by-hop) or unknown: the frame holds the datagram
        }
        else
        {
            wireEnd = off + 40 + payloadLength;
            if (wireEnd > wireLength)
            {
                return drop(out, Reasons.MALFORMED);
            }
            out.ipTotalLength = 40 + payloadLength;
        }
        return ipv6ExtensionHeaders(address, off, payloadLength, wireLength, wireEnd, nextHeader, out);
    }

    /**
     * Walks the IPv6 extension header chain after the fixed header (hop-by-hop with its jumbo payload option,
     * routing, destination options, AH, fragment) to the upper-layer header, then parses that.
     *
     * @param address       the frame's address.
     * @param off           the IPv6 header's offset in the frame.
     * @param payloadLength the fixed header's payload length (0: a jumbogram or unknown).
     * @param wireLength    the frame's length on the wire.
     * @param datagramEnd   where the datagram ends in the frame, as the fixed header says.
     * @param firstHeader   the fixed header's next header.
     * @param out           receives the parse.
     * @return the {@link Reasons} code, also in {@code out.reason}.
     */
    private static int ipv6ExtensionHeaders(final long address, final int off, final int payloadLength,
            final int wireLength, final int datagramEnd, final int firstHeader, final ParsedPacket out)
    {
        final int cap = out.capturedLength;
        int nextHeader = firstHeader;
        int wireEnd = datagramEnd;
        int capEnd = Math.min(wireEnd, cap);
        int cur = off + 40;
        for (int i = 0; i < MAX_IPV6_EXTENSION_HEADERS; i++)
        {
            final int extLength;
            switch (nextHeader)
            {
                case 0, 43, 60:
                    if (cur + 2 > capEnd)
                    {
                        return shortHeader(out, capEnd, wireEnd);
                    }
                    extLength = (u8(address + cur + 1) + 1) << 3;
                    if (cur + extLength > capEnd)
                    {
                        return shortHeader(out, capEnd, wireEnd);
                    }
                    if (nextHeader == 0 && payloadLength == 0)
                    {
                        final int jumbo = jumboLength(address, cur, cur + extLength);
                        if (jumbo > 0)
                        {
                            if (off + 40L + jumbo > wireLength)
                            {
                                return drop(out, Reasons.MALFORMED);
                            }
                            wireEnd = off + 40 + jumbo;
                            if (cur >= wireEnd)
                            {
                                // the jumbo length ends the datagram before this very header
                                return drop(out, Reasons.MALFORMED);
                            }
                            capEnd = Math.min(wireEnd, cap);
                            out.ipTotalLength = 40 + jumbo;
                        }
                    }
                    break;
                case 51:
                    if (cur + 2 > capEnd)
                    {
                        return shortHeader(out, capEnd, wireEnd);
                    }
                    extLength = (u8(address + cur + 1) + 2) << 2;
                    if (cur + extLength > capEnd)
                    {
                        return shortHeader(out, capEnd, wireEnd);
                    }
                    break;
                case 44:
                    if (cur + 8 > capEnd)
                    {
                        return shortHeader(out, capEnd, wireEnd);
                    }
                    final int field = u16(address + cur + 2);
                    out.fragmentId = i32(address + cur + 4);
                    final int fragmentOffset = field & 0xFFF8;
                    final int following = u8(address + cur);
                    if (fragmentOffset != 0)
                    {
                        out.protocol = following;
                        out.ipOptionsLength = cur + 8 - (off + 40);
                        return laterFragment(out, fragmentOffset, cur + 8, capEnd, wireEnd);
                    }
                    if ((field & 1) != 0)
                    {
                        out.fragment = ParsedPacket.FRAG_FIRST;
                    }
                    extLength = 8;
                    break;
                default:
                    out.protocol = nextHeader;
                    out.ipOptionsLength = cur - (off + 40);
                    return l4(address, cur, capEnd, wireEnd, out);
            }
            nextHeader = u8(address + cur);
            cur += extLength;
        }
        return drop(out, Reasons.MALFORMED); // an absurdly long extension header chain
    }

    private static int jumboLength(final long address, final int from, final int to)
    {
        int p = from + 2;
        while (p < to)
        {
            final int type = u8(address + p);
            if (type == 0)
            {
                p++;
                continue;
            }
            if (p + 2 > to)
            {
                return -1;
            }
            final int length = u8(address + p + 1);
            if (type == 0xC2 && length == 4 && p + 6 <= to)
            {
                return i32(address + p + 2);
            }
            p += 2 + length;
        }
        return -1;
    }

    private static int laterFragment(
        final ParsedPacket out, final int fragmentOffset, final int dataOffset, final int capEnd, final int wireEnd)
    {
        out.fragment = ParsedPacket.FRAG_LATER;
        out.fragmentOffset = fragmentOffset;
        out.payloadOffset = dataOffset;
        out.payloadLength = Math.max(0, capEnd - dataOffset);
        out.payloadTruncated = capEnd < wireEnd;
        return forward(out);
    }

    private static int l4(final long address, final int l4, final int capEnd, final int wireEnd, final ParsedPacket out)
    {
        final int protocol = out.protocol;
        out.l4Offset = l4;
        final long h = address + l4;
        final int payloadOffset;
        int payloadEnd = capEnd;
        switch (protocol)
        {
            case 6:
                if (l4 + 20 > capEnd)
                {
                    return shortHeader(out, capEnd, wireEnd);
                }
                final int dataOffset = (u8(h + 12) >>> 4) << 2;
                out.srcPort = u16(h);
                out.dstPort = u16(h + 2);
                out.hasPorts = true;
                out.tcpFlags = u16(h + 12) & 0x01FF;
                if (dataOffset < 20)
                {
                    return drop(out, Reasons.MALFORMED);
                }
                if (l4 + dataOffset > capEnd)
                {
                    return shortHeader(out, capEnd, wireEnd);
                }
                payloadOffset = l4 + dataOffset;
                break;
            case 17, 136:
                if (l4 + 8 > capEnd)
                {
                    return shortHeader(out, capEnd, wireEnd);
                }
                out.srcPort = u16(h);
                out.dstPort = u16(h + 2);
                out.hasPorts = true;
                final int udpLength = u16(h + 4);
                if (protocol == 17 && udpLength >= 8 && l4 + udpLength < payloadEnd)
                {
                    payloadEnd = l4 + udpLength;
                }
                payloadOffset = l4 + 8;
                break;
            case 132:
                if (l4 + 12 > capEnd)
                {
                    return shortHeader(out, capEnd, wireEnd);
                }
                out.srcPort = u16(h);
                out.dstPort = u16(h + 2);
                out.hasPorts = true;
                payloadOffset = l4 + 12;
                break;
            case 1, 58:
                if (l4 + 4 > capEnd)
                {
                    return shortHeader(out, capEnd, wireEnd);
                }
                out.icmpType = u8(h);
                out.icmpCode = u8(h + 1);
                payloadOffset = l4 + 4;
                break;
            default:
                payloadOffset = l4;
                break;
        }
        out.payloadOffset = payloadOffset;
        out.payloadLength = Math.max(0, payloadEnd - payloadOffset);
        out.payloadTruncated = capEnd < wireEnd;
        if (protocol == 17 && out.tunnel == ParsedPacket.TUNNEL_NONE && out.fragment == ParsedPacket.FRAG_NONE
            && (out.dstPort == ParsedPacket.VXLAN_PORT || out.dstPort == ParsedPacket.GENEVE_PORT))
        {
            final int udpLength = u16(h + 4);
            final int innerWireEnd = udpLength >= 8 && l4 + udpLength < wireEnd ? l4 + udpLength : wireEnd;
            return tunnel(address, l4 + 8, Math.min(innerWireEnd, capEnd), innerWireEnd, out);
        }
        return forward(out);
    }

    /**
     * Decapsulates VXLAN or GENEVE (one level: a tunnel inside the inner frame is not opened) and parses the
     * inner frame in place of the outer one, bounded by the outer UDP datagram.
     */
    private static int tunnel(final long address, final int h, final int capEnd, final int wireEnd,
        final ParsedPacket out)
    {
        final boolean vxlan = out.dstPort == ParsedPacket.VXLAN_PORT;
        if (h + 8 > capEnd)
        {
            return drop(out, capEnd < wireEnd ? Reasons.TRUNCATED : Reasons.MALFORMED_TUNNEL);
        }
        final int first = u8(address + h);
        final int vni = i32(address + h + 4) >>> 8;
        int inner = h + 8;
        int protocol = TRANSPARENT_ETHERNET;
        if (vxlan)
        {
            if ((first & 0x08) == 0)
            {
                return drop(out, Reasons.MALFORMED_TUNNEL); // RFC 7348: the I flag must be set
            }
        }
        else
        {
            if ((first >>> 6) != 0)
            {
                return drop(out, Reasons.MALFORMED_TUNNEL); // RFC 8926: only version 0 is defined
            }
            inner += (first & 0x3F) << 2;
            protocol = u16(address + h + 2);
            if (inner > capEnd)
            {
                return drop(out, capEnd < wireEnd ? Reasons.TRUNCATED : Reasons.MALFORMED_TUNNEL);
            }
        }
        final int linkType = out.linkType;
        final int outerCaptured = out.capturedLength;
        final int outerOriginal = out.originalLength;
        final int l2Kind = out.l2Kind;
        final int outerIpVersion = out.ipVersion;
        final int outerL3Offset = out.l3Offset;
        out.reset();
        out.tunnelOuterIpVersion = outerIpVersion;
        out.tunnelOuterL3Offset = outerL3Offset;
        out.linkType = linkType;
        out.l2Kind = l2Kind;
        out.tunnel = vxlan ? ParsedPacket.TUNNEL_VXLAN : ParsedPacket.TUNNEL_GENEVE;
        out.tunnelVni = vni;
        out.tunnelOffset = h;
        out.capturedLength = capEnd;
        out.originalLength = wireEnd;
        final int reason = innerFrame(address, inner, protocol, out);
        out.capturedLength = outerCaptured;
        out.originalLength = outerOriginal;
        return reason;
    }

    private static int innerFrame(final long address, final int inner, final int protocol, final ParsedPacket out)
    {
        switch (protocol)
        {
            case TRANSPARENT_ETHERNET:
                if (inner + 14 > out.capturedLength)
                {
                    return cut(out);
                }
                return etherType(address, inner + 14, u16(address + inner + 12), out);
            case ETHERTYPE_IPV4:
                out.etherType = ETHERTYPE_IPV4;
                return ipv4(address, inner, out);
            case ETHERTYPE_IPV6:
                out.etherType = ETHERTYPE_IPV6;
                return ipv6(address, inner, out);
            default:
                out.etherType = protocol;
                return drop(out, Reasons.UNSUPPORTED_ETHERTYPE);
        }
    }

    /** A header does not fit in the captured part of the datagram: a snaplen cut, or a lie. */
    private static int shortHeader(final ParsedPacket out, final int capEnd, final int wireEnd)
    {
        return drop(out, capEnd < wireEnd ? Reasons.TRUNCATED : Reasons.MALFORMED);
    }

    private static int cut(final ParsedPacket out)
    {
        return drop(out, out.capturedLength < out.originalLength ? Reasons.TRUNCATED : Reasons.MALFORMED);
    }

    private static int drop(final ParsedPacket out, final int reason)
    {
        out.verdict = ParsedPacket.VERDICT_DROP;
        out.reason = reason;
        return reason;
    }

    private static int forward(final ParsedPacket out)
    {
        out.verdict = ParsedPacket.VERDICT_FORWARD;
        out.reason = Reasons.NONE;
        return Reasons.NONE;
    }
}
