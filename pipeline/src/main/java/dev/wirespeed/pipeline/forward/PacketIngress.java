package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.parse.PacketFlowHash;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;

/**
 * The ingress stage of the packet path (RSS): parses a frame in place, computes its symmetric flow hash and
 * fills a {@link PacketDescriptor} with every field the {@link PacketForwarder} reads. Runs on the thread
 * that feeds the pipeline; allocation-free.
 *
 * <p>Descriptor use: {@code kind} packet; {@code status} 0 or the parser's drop reason (a
 * {@link Reasons} code); {@code packetFlags} {@link PacketDescriptor#FLAG_ARP} for ARP (punted),
 * {@link PacketDescriptor#FLAG_PORTS} when the ports are the L4 header's (not a fragment);
 * {@code ipHeaderLength} the parser's.
 */
public final class PacketIngress
{
    private PacketIngress()
    {
    }

    /**
     * Parses a frame and fills the descriptor.
     *
     * @param address        native address of the frame (must stay valid until its decision is out).
     * @param capturedLength bytes at {@code address}.
     * @param originalLength bytes on the wire.
     * @param linkType       pcap LINKTYPE_ value.
     * @param timestampNs    capture time.
     * @param scratch        the parser's output (reused).
     * @param d              the slot to fill.
     */
    public static void fill(final long address, final int capturedLength, final int originalLength, final int linkType,
        final long timestampNs, final ParsedPacket scratch, final PacketDescriptor d)
    {
        final ParsedPacket p = scratch;
        final int reason = PacketParser.parse(address, capturedLength, originalLength, linkType, p);
        d.kind(PacketDescriptor.KIND_PACKET)
            .timestampNs(timestampNs)
            .captureAddress(address)
            .requestRef(0L)
            .capturedLength(capturedLength)
            .originalLength(originalLength)
            .requestLength(0)
            .linkType(linkType)
            .ingressPort(0)
            .userLong(0L)
            .status(reason == Reasons.ARP ? Reasons.NONE : reason);
        final boolean ports = p.hasPorts && p.fragment == ParsedPacket.FRAG_NONE;
        d.packetFlags((reason == Reasons.ARP ? PacketDescriptor.FLAG_ARP : 0)
                | (ports ? PacketDescriptor.FLAG_PORTS : 0)
                | (p.tunnel == ParsedPacket.TUNNEL_VXLAN ? PacketDescriptor.FLAG_VXLAN
                : p.tunnel == ParsedPacket.TUNNEL_GENEVE ? PacketDescriptor.FLAG_GENEVE : 0))
            .ipHeaderLength(p.ipHeaderLength < 0 ? 0 : p.ipHeaderLength)
            .ipVersion(p.ipVersion)
            .protocol(p.protocol < 0 ? 0 : p.protocol)
            .ttl(p.ttl)
            .srcPort(ports ? p.srcPort : 0)
            .dstPort(ports ? p.dstPort : 0)
            .l3Offset(p.l3Offset)
            .l4Offset(p.l4Offset)
            .payloadOffset(p.payloadOffset)
            .payloadLength(p.payloadLength)
            .flowHash(PacketFlowHash.hash(p));
        if (p.ipVersion == 6)
        {
            d.srcAddressIpv6(p.ipv6SrcHi, p.ipv6SrcLo).dstAddressIpv6(p.ipv6DstHi, p.ipv6DstLo);
        }
        else
        {
            d.srcAddressIpv4(p.ipv4Src).dstAddressIpv4(p.ipv4Dst);
        }
    }

    /**
     * Marks a record the capture reader already found bad (no parse).
     *
     * @param address        native address of its bytes (0 if none).
     * @param capturedLength bytes at {@code address}.
     * @param originalLength bytes on the wire.
     * @param linkType       link type.
     * @param timestampNs    capture time.
     * @param status         the reason code ({@code malformed}, {@code truncated}, {@code unsupported-linktype}).
     * @param d              the slot to fill.
     */
    public static void fillBad(final long address, final int capturedLength, final int originalLength,
        final int linkType, final long timestampNs, final int status, final PacketDescriptor d)
    {
        d.clear();
        d.kind(PacketDescriptor.KIND_PACKET)
            .timestampNs(timestampNs)
            .captureAddress(address)
            .capturedLength(capturedLength)
            .originalLength(originalLength)
            .linkType(linkType)
            .l3Offset(-1)
            .l4Offset(-1)
            .payloadOffset(-1)
            .status(status);
    }
}
