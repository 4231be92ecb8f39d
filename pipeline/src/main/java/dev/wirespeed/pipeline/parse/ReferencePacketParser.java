package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.decision.Reasons;

/**
 * The plain reference for {@link PacketParser}: same contract, written for clarity over a {@code byte[]},
 * with every read bounds-checked (a read past the available bytes throws, and the catch decides between
 * {@code truncated} and {@code malformed}). Slow and allocation-free only by accident; used by the
 * differential tests and as the benchmarks' baseline, never on the forwarding path.
 */
public final class ReferencePacketParser
{
    /** Thrown by a read past the bytes that may be read at this layer. */
    private static final class Short extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final boolean snaplenCut;

        Short(final boolean snaplenCut)
        {
            super(null, null, false, false);
            this.snaplenCut = snaplenCut;
        }
    }

    private byte[] frame;
    private int capturedLength;
    private int limit;
    private boolean limitIsSnaplen;

    /**
     * @param frame          the frame bytes (at least {@code capturedLength} of them).
     * @param capturedLength bytes captured.
     * @param originalLength bytes on the wire.
     * @param linkType       LINKTYPE_ value.
     * @param out            result, reset first.
     * @return the {@link Reasons} code.
     */
    public int parse(final byte[] frame, final int capturedLength, final int originalLength, final int linkType,
        final ParsedPacket out)
    {
        out.reset();
        out.linkType = linkType;
        out.capturedLength = capturedLength;
        out.originalLength = originalLength;
        this.frame = frame;
        this.capturedLength = capturedLength;
        this.limit = capturedLength;
        this.limitIsSnaplen = capturedLength < originalLength;
        try
        {
            return link(linkType, out);
        }
        catch (final Short s)
        {
            return result(out, ParsedPacket.VERDICT_DROP, s.snaplenCut ? Reasons.TRUNCATED : Reasons.MALFORMED);
        }
    }

    private int u8(final int i)
    {
        if (i < 0 || i >= limit)
        {
            throw new Short(limitIsSnaplen);
        }
        return frame[i] & 0xFF;
    }

    private int u16(final int i)
    {
        return (u8(i) << 8) | u8(i + 1);
    }

    private int u32(final int i)
    {
        return (u16(i) << 16) | u16(i + 2);
    }

    private long u64(final int i)
    {
        return ((long)u32(i) << 32) | (u32(i + 4) & 0xFFFFFFFFL);
    }

    private static int result(final ParsedPacket out, final int verdict, final int reason)
    {
        out.verdict = verdict;
        out.reason = reason;
        return reason;
    }

    private int link(final int linkType, final ParsedPacket out)
    {
        switch (linkType)
        {
            case 1:
                out.l2Kind = ParsedPacket.L2_ETHERNET;
                return ethertype(12, out);
            case 113:
                out.l2Kind = ParsedPacket.L2_LINUX_SLL;
                u8(15);
                return ethertype(14, out);
            case 276:
                out.l2Kind = ParsedPacket.L2_LINUX_SLL2;
                u8(19);
                return etherTypeValue(u16(0), 20, out);
            case 12, 14, 101, 228, 229:
            {
                out.l2Kind = ParsedPacket.L2_RAW;
                final int version = u8(0) >> 4;
                if (version == 4 || version == 6)
                {
                    out.etherType = version == 4 ? 0x0800 : 0x86DD;
                    return ip(0, version, out);
                }
                out.l3Offset = 0;
                return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
            }
            case 0, 108:
            {
                out.l2Kind = ParsedPacket.L2_NULL;
                final int littleEndian = u8(0) | u8(1) << 8 | u8(2) << 16 | u8(3) << 24;
                final int bigEndian = Integer.reverseBytes(littleEndian);
                final int f = (littleEndian & 0xFFFF0000) == 0 ? littleEndian : bigEndian;
                if (f == 2)
                {
                    out.etherType = 0x0800;
                    return ip(4, 4, out);
                }
                if (f == 24 || f == 28 || f == 30)
                {
                    out.etherType = 0x86DD;
                    return ip(4, 6, out);
                }
                return result(out, ParsedPacket.VERDICT_DROP, Reasons.UNSUPPORTED_ETHERTYPE);
            }
            default:
                return result(out, ParsedPacket.VERDICT_DROP, Reasons.UNSUPPORTED_LINKTYPE);
        }
    }

    private int ethertype(final int at, final ParsedPacket out)
    {
        return etherTypeValue(u16(at), at + 2, out);
    }

    private int etherTypeValue(final int first, final int next, final ParsedPacket out)
    {
        int type = first;
        int off = next;
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100)
        {
            final int vid = u16(off) & 0x0FFF;
            final int inner = u16(off + 2);
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
            type = inner;
            off += 4;
        }
        out.etherType = type;
        if (type == 0x0800)
        {
            return ip(off, 4, out);
        }
        if (type == 0x86DD)
        {
            return ip(off, 6, out);
        }
        if (type == 0x0806)
        {
            out.l3Offset = off;
            return result(out, ParsedPacket.VERDICT_PUNT, Reasons.ARP);
        }
        return result(out, ParsedPacket.VERDICT_DROP, Reasons.UNSUPPORTED_ETHERTYPE);
    }

    private int ip(final int off, final int expectedVersion, final ParsedPacket out)
    {
        out.l3Offset = off;
        if (u8(off) >> 4 != expectedVersion)
        {
            return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
        }
        out.ipVersion = expectedVersion;
        return expectedVersion == 4 ? ipv4(off, out) : ipv6(off, out);
    }

    /** Narrows the readable bytes to the datagram: a read past it is a snaplen cut only if the capture ends first. */
    private void datagram(final int end)
    {
        limitIsSnaplen = capturedLength < end;
        limit = Math.min(capturedLength, end);
    }

    private int ipv4(final int off, final ParsedPacket out)
    {
        final int ihl = (u8(off) & 0x0F) * 4;
        if (ihl < 20)
        {
            return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
        }
        u8(off + ihl - 1);
        final int wire = Math.max(out.capturedLength, out.originalLength);
        final int total = u16(off + 2);
        out.ipHeaderLength = ihl;
        if (total != 0 && (total < ihl || off + total > wire))
        {
            return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
        }
        final int end = total == 0 ? wire : off + total;
        out.ipOptionsLength = ihl - 20;
        out.ipTotalLength = total;
        out.ttl = u8(off + 8);
        out.protocol = u8(off + 9);
        out.ipv4Src = u32(off + 12);
        out.ipv4Dst = u32(off + 16);
        out.fragmentId = u16(off + 4);
        final int flags = u16(off + 6);
        datagram(end);
        final int fragmentOffset = (flags & 0x1FFF) * 8;
        if (fragmentOffset > 0)
        {
            return later(out, fragmentOffset, off + ihl, end);
        }
        if ((flags & 0x2000) != 0)
        {
            out.fragment = ParsedPacket.FRAG_FIRST;
        }
        return l4(off + ihl, end, out);
    }

    private int ipv6(final int off, final ParsedPacket out)
    {
        u8(off + 39);
        final int wire = Math.max(out.capturedLength, out.originalLength);
        final int payloadLength = u16(off + 4);
        int next = u8(off + 6);
        out.ttl = u8(off + 7);
        out.ipv6SrcHi = u64(off + 8);
        out.ipv6SrcLo = u64(off + 16);
        out.ipv6DstHi = u64(off + 24);
        out.ipv6DstLo = u64(off + 32);
        out.ipHeaderLength = 40;
        int end = wire;
        if (payloadLength != 0)
        {
            end = off + 40 + payloadLength;
            if (end > wire)
            {
                return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
            }
            out.ipTotalLength = 40 + payloadLength;
        }
        datagram(end);
        int cur = off + 40;
        for (int n = 0; n < 16; n++)
        {
            if (next == 0 || next == 43 || next == 60 || next == 51)
            {
                final int length = next == 51 ? (u8(cur + 1) + 2) * 4 : (u8(cur + 1) + 1) * 8;
                u8(cur + length - 1);
                if (next == 0 && payloadLength == 0)
                {
                    final int jumbo = jumbo(cur, length);
                    if (jumbo > 0)
                    {
                        if (off + 40L + jumbo > wire)
                        {
                            return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
                        }
                        end = off + 40 + jumbo;
                        out.ipTotalLength = 40 + jumbo;
                        datagram(end);
                    }
                }
                next = u8(cur);
                cur += length;
            }
            else if (next == 44)
            {
                u8(cur + 7);
                final int field = u16(cur + 2);
                out.fragmentId = u32(cur + 4);
                final int following = u8(cur);
                if ((field & 0xFFF8) != 0)
                {
                    out.protocol = following;
                    out.ipOptionsLength = cur + 8 - off - 40;
                    return later(out, field & 0xFFF8, cur + 8, end);
                }
                if ((field & 1) != 0)
                {
                    out.fragment = ParsedPacket.FRAG_FIRST;
                }
                next = following;
                cur += 8;
            }
            else
            {
                out.protocol = next;
                out.ipOptionsLength = cur - off - 40;
                return l4(cur, end, out);
            }
        }
        return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
    }

    private int jumbo(final int header, final int length)
    {
        int i = header + 2;
        while (i < header + length)
        {
            final int type = u8(i);
            if (type == 0)
            {
                i++;
                continue;
            }
            if (i + 2 > header + length)
            {
                return -1;
            }
            final int optionLength = u8(i + 1);
            if (type == 0xC2 && optionLength == 4 && i + 6 <= header + length)
            {
                return u32(i + 2);
            }
            i += 2 + optionLength;
        }
        return -1;
    }

    private int later(final ParsedPacket out, final int fragmentOffset, final int data, final int end)
    {
        out.fragment = ParsedPacket.FRAG_LATER;
        out.fragmentOffset = fragmentOffset;
        out.payloadOffset = data;
        out.payloadLength = Math.max(0, Math.min(out.capturedLength, end) - data);
        out.payloadTruncated = out.capturedLength < end;
        return result(out, ParsedPacket.VERDICT_FORWARD, Reasons.NONE);
    }

    private int l4(final int l4, final int end, final ParsedPacket out)
    {
        out.l4Offset = l4;
        final int available = Math.min(out.capturedLength, end);
        int payloadEnd = available;
        final int payload;
        switch (out.protocol)
        {
            case 6:
            {
                u8(l4 + 19);
                out.srcPort = u16(l4);
                out.dstPort = u16(l4 + 2);
                out.hasPorts = true;
                out.tcpFlags = u16(l4 + 12) & 0x1FF;
                final int dataOffset = (u8(l4 + 12) >> 4) * 4;
                if (dataOffset < 20)
                {
                    return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED);
                }
                if (dataOffset > 20)
                {
                    u8(l4 + dataOffset - 1);
                }
                payload = l4 + dataOffset;
                break;
            }
            case 17, 136:
            {
                u8(l4 + 7);
                out.srcPort = u16(l4);
                out.dstPort = u16(l4 + 2);
                out.hasPorts = true;
                final int udpLength = u16(l4 + 4);
                if (out.protocol == 17 && udpLength >= 8 && l4 + udpLength < payloadEnd)
                {
                    payloadEnd = l4 + udpLength;
                }
                payload = l4 + 8;
                break;
            }
            case 132:
                u8(l4 + 11);
                out.srcPort = u16(l4);
                out.dstPort = u16(l4 + 2);
                out.hasPorts = true;
                payload = l4 + 12;
                break;
            case 1, 58:
                u8(l4 + 3);
                out.icmpType = u8(l4);
                out.icmpCode = u8(l4 + 1);
                payload = l4 + 4;
                break;
            default:
                payload = l4;
                break;
        }
        out.payloadOffset = payload;
        out.payloadLength = Math.max(0, payloadEnd - payload);
        out.payloadTruncated = out.capturedLength < end;
        final boolean tunnelPort = out.dstPort == ParsedPacket.VXLAN_PORT || out.dstPort == ParsedPacket.GENEVE_PORT;
        if (out.protocol == 17 && tunnelPort && out.tunnel == ParsedPacket.TUNNEL_NONE
            && out.fragment == ParsedPacket.FRAG_NONE)
        {
            final int udpLength = u16(l4 + 4);
            final int innerEnd = udpLength >= 8 && l4 + udpLength < end ? l4 + udpLength : end;
            return tunnel(l4 + 8, innerEnd, out);
        }
        return result(out, ParsedPacket.VERDICT_FORWARD, Reasons.NONE);
    }

    /** VXLAN or GENEVE: the tunnel header, then the inner frame parsed as if it were the whole capture. */
    private int tunnel(final int header, final int innerEnd, final ParsedPacket out)
    {
        final boolean vxlan = out.dstPort == ParsedPacket.VXLAN_PORT;
        final int available = Math.min(capturedLength, innerEnd);
        final boolean cutBySnaplen = available < innerEnd;
        final int tunnelBad = cutBySnaplen ? Reasons.TRUNCATED : Reasons.MALFORMED_TUNNEL;
        if (available - header < 8)
        {
            return result(out, ParsedPacket.VERDICT_DROP, tunnelBad);
        }
        final int flags = frame[header] & 0xFF;
        final int vni = ((frame[header + 4] & 0xFF) << 16) | ((frame[header + 5] & 0xFF) << 8)
            | (frame[header + 6] & 0xFF);
        final int protocol;
        final int inner;
        if (vxlan)
        {
            if ((flags & 0x08) == 0)
            {
                return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED_TUNNEL);
            }
            protocol = PacketParser.TRANSPARENT_ETHERNET;
            inner = header + 8;
        }
        else
        {
            if (flags >> 6 != 0)
            {
                return result(out, ParsedPacket.VERDICT_DROP, Reasons.MALFORMED_TUNNEL);
            }
            protocol = ((frame[header + 2] & 0xFF) << 8) | (frame[header + 3] & 0xFF);
            inner = header + 8 + 4 * (flags & 0x3F);
            if (inner > available)
            {
                return result(out, ParsedPacket.VERDICT_DROP, tunnelBad);
            }
        }
        final int linkType = out.linkType;
        final int l2Kind = out.l2Kind;
        final int outerCaptured = capturedLength;
        final int outerOriginal = out.originalLength;
        final int outerIpVersion = out.ipVersion;
        final int outerL3Offset = out.l3Offset;
        out.reset();
        out.tunnelOuterIpVersion = outerIpVersion;
        out.tunnelOuterL3Offset = outerL3Offset;
        out.linkType = linkType;
        out.l2Kind = l2Kind;
        out.tunnel = vxlan ? ParsedPacket.TUNNEL_VXLAN : ParsedPacket.TUNNEL_GENEVE;
        out.tunnelVni = vni;
        out.tunnelOffset = header;
        out.capturedLength = available;
        out.originalLength = innerEnd;
        capturedLength = available;
        limit = available;
        limitIsSnaplen = cutBySnaplen;
        try
        {
            if (protocol == PacketParser.TRANSPARENT_ETHERNET)
            {
                return ethertype(inner + 12, out);
            }
            if (protocol == 0x0800 || protocol == 0x86DD)
            {
                out.etherType = protocol;
                return ip(inner, protocol == 0x0800 ? 4 : 6, out);
            }
            out.etherType = protocol;
            return result(out, ParsedPacket.VERDICT_DROP, Reasons.UNSUPPORTED_ETHERTYPE);
        }
        finally
        {
            out.capturedLength = outerCaptured;
            out.originalLength = outerOriginal;
        }
    }
}
