package dev.wirespeed.sim.packet;

import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.forward.MeshDirectory;
import dev.wirespeed.pipeline.forward.PacketRequestView;
import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;

/**
 * The writer side's view of the HTTP request a packet decision was made for: for an L7 decision of the
 * segment that carried the request (not a follower, not a TCP route), the request is found again in the
 * packet bytes (still alive: a record's memory is kept until its decision is out), so the decision line can
 * carry its path and authority. For a decision to {@code PassthroughCluster} or {@code BlackHoleCluster} of a
 * connection or a follower, a view of the packet's original destination (the passthrough endpoint).
 * Allocation-free; one per writing thread.
 */
public final class PacketRequestText
{
    private final PacketRequestView view;
    private final ParsedPacket parsed = new ParsedPacket();
    private final HttpRequestStart start = new HttpRequestStart();
    private static final byte[] NO_TEXT = new byte[0];

    /** @param directory the registry facts (source workloads). */
    public PacketRequestText(final MeshDirectory directory)
    {
        this.view = new PacketRequestView(directory);
    }

    /**
     * The VNI of the tunnel a decision names ({@link DecisionDescriptor#TUNNEL_MASK}), read again from the packet
     * (only for such decisions).
     *
     * @param d        the decision.
     * @param address  native address of the packet bytes (0 when none).
     * @param length   captured bytes there.
     * @param origLen  bytes on the wire.
     * @param linkType the packet's link type.
     * @return the VNI, or -1.
     */
    public int tunnelVni(final DecisionDescriptor d, final long address, final int length, final int origLen,
        final int linkType)
    {
        if (address == 0 || !namesTunnel(d))
        {
            return -1;
        }
        PacketParser.parse(address, length, origLen, linkType, parsed);
        return tunnelVni(d, parsed);
    }

    /**
     * The VNI of the tunnel a decision names, from the packet's ingress parse (no parse here).
     *
     * @param d the decision.
     * @param p the packet's parse result (from ingress), or {@code null} when the record has no bytes.
     * @return the VNI, or -1.
     */
    public static int tunnelVni(final DecisionDescriptor d, final ParsedPacket p)
    {
        if (p == null || !namesTunnel(d))
        {
            return -1;
        }
        return p.tunnel == ParsedPacket.TUNNEL_NONE ? -1 : p.tunnelVni;
    }

    private static boolean namesTunnel(final DecisionDescriptor d)
    {
        final int flags = d.flags();
        return flags != DecisionDescriptor.NULL && (flags & DecisionDescriptor.TUNNEL_MASK) != 0;
    }

    /**
     * @param d        the decision.
     * @param address  native address of the packet bytes (0 when none).
     * @param length   captured bytes there.
     * @param origLen  bytes on the wire.
     * @param linkType the packet's link type.
     * @return the request view, or {@code null} when the decision has no request text.
     */
    public L7RequestView requestOf(final DecisionDescriptor d, final long address, final int length,
        final int origLen, final int linkType)
    {
        if (address == 0 || !hasRequestText(d))
        {
            return null;
        }
        PacketParser.parse(address, length, origLen, linkType, parsed);
        return requestOf(d, address, parsed);
    }

    /**
     * As {@link #requestOf(DecisionDescriptor, long, int, int, int)} from the packet's ingress parse: the packet is
     * not parsed again (only the request head, for an L7 decision of the segment that carried it, is found again
     * in the payload the parse located).
     *
     * @param d       the decision.
     * @param address native address of the packet bytes (0 when none).
     * @param p       the packet's parse result, made at ingress over the same bytes.
     * @return the request view, or {@code null} when the decision has no request text.
     */
    public L7RequestView requestOf(final DecisionDescriptor d, final long address, final ParsedPacket p)
    {
        if (address == 0 || !hasRequestText(d))
        {
            return null;
        }
        final int flags = d.flags();
        final boolean original = d.cluster() == L7Result.CLUSTER_PASSTHROUGH
            || d.cluster() == L7Result.CLUSTER_BLACKHOLE || L7Result.isOriginalDestination(d.endpoint());
        if (original && (flags & (DecisionDescriptor.FLAG_TCP | DecisionDescriptor.FLAG_FOLLOW)) != 0)
        {
            // the packet's own destination is where PassthroughCluster connects
            return view.resetTcp(d.recordIndex(), NO_TEXT, p.dstPort, p.ipVersion, p.ipv6SrcHi,
                p.ipVersion == 4 ? p.ipv4Src & 0xFFFF_FFFFL : p.ipv6SrcLo)
                .destination(p.ipVersion, p.ipv6DstHi, p.ipVersion == 4 ? p.ipv4Dst & 0xFFFF_FFFFL : p.ipv6DstLo,
                    p.dstPort);
        }
        // the forwarder sniffed and routed this head: only method, target and Host are read again (to the Host line,
        // or to the end of the head when it has several Host lines: the authority is their values joined)
        final boolean hostLines = (flags & DecisionDescriptor.FLAG_HOST_LINES) != 0;
        if (p.payloadOffset < 0 || !(hostLines
            ? HttpRequestSniffer.sniff(address + p.payloadOffset, p.payloadLength, start)
            : HttpRequestSniffer.sniffUntilHost(address + p.payloadOffset, p.payloadLength, start)))
        {
            return null;
        }
        return view.resetHttp(d.recordIndex(), address + p.payloadOffset, p.payloadLength, start, p.dstPort,
            p.ipVersion, p.ipv6SrcHi, p.ipVersion == 4 ? p.ipv4Src & 0xFFFF_FFFFL : p.ipv6SrcLo)
            .destination(p.ipVersion, p.ipv6DstHi, p.ipVersion == 4 ? p.ipv4Dst & 0xFFFF_FFFFL : p.ipv6DstLo,
                p.dstPort);
    }

    /** @return whether an L7 decision carries request text (not a follower or TCP route, unless passed through). */
    private static boolean hasRequestText(final DecisionDescriptor d)
    {
        final int flags = d.flags();
        if (flags == DecisionDescriptor.NULL || (flags & DecisionDescriptor.FLAG_L7) == 0)
        {
            return false;
        }
        final boolean original = d.cluster() == L7Result.CLUSTER_PASSTHROUGH
            || d.cluster() == L7Result.CLUSTER_BLACKHOLE || L7Result.isOriginalDestination(d.endpoint());
        return original || (flags & (DecisionDescriptor.FLAG_TCP | DecisionDescriptor.FLAG_FOLLOW)) == 0;
    }
}
