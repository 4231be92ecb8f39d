package dev.wirespeed.sim.packet;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.pipeline.forward.MeshDirectory;
import dev.wirespeed.pipeline.forward.PacketForwarder;
import dev.wirespeed.pipeline.forward.PacketRequestView;
import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.jsonl.ReferenceDecision;

/**
 * The writer side of packet decisions: turns a {@link DecisionDescriptor} written by
 * {@link PacketForwarder} (ints) into the decision record of docs/formats.md (strings), reading the same FIB. For
 * an L7 decision it rebuilds the {@link L7Result} from the descriptor's slots ({@link ReferenceDecision}) and, for
 * the segment that carried the request, reads method, path and authority from the packet's payload (still alive: a
 * record's memory is kept until its decision is out; located by one parse per decision, or by the caller's
 * ingress parse), then uses the router's materializer. A segment that followed its flow
 * ({@link DecisionDescriptor#FLAG_FOLLOW}) gets the flow's routing fields without path and authority (they are
 * not in that segment). Runs on one thread (the pipeline's driving thread); allocates freely.
 */
public final class PacketDecisionText
{
    private static final byte[] EMPTY = new byte[0];

    private final ReasonTable reasons;
    private final ReferenceDecision reference;
    private final PacketRequestView view;
    private final ParsedPacket parsed = new ParsedPacket();
    private final HttpRequestStart start = new HttpRequestStart();

    /**
     * @param router    the router compiled with the FIB (materializer, lookup tables).
     * @param directory the registry facts (for the request view).
     * @param reasons   reason names.
     */
    public PacketDecisionText(final CompiledRouter router, final MeshDirectory directory,
        final ReasonTable reasons)
    {
        this.reasons = reasons;
        this.reference = new ReferenceDecision(router);
        this.view = new PacketRequestView(directory);
    }

    /**
     * @param d        the decision.
     * @param address  native address of the packet bytes (0 when none).
     * @param length   captured bytes there.
     * @param origLen  bytes on the wire.
     * @param linkType the packet's link type.
     * @return the decision record.
     */
    public RouteDecision toDecision(final DecisionDescriptor d, final long address, final int length, final int origLen,
        final int linkType)
    {
        final int flags = d.flags();
        ParsedPacket p = null;
        if (address != 0 && flags != DecisionDescriptor.NULL
            && (flags & (DecisionDescriptor.FLAG_L7 | DecisionDescriptor.TUNNEL_MASK)) != 0)
        {
            PacketParser.parse(address, length, origLen, linkType, parsed); // once: every field below reads it
            p = parsed;
        }
        return toDecision(d, address, p);
    }

    /**
     * As {@link #toDecision(DecisionDescriptor, long, int, int, int)} over the packet's parse result (made at
     * ingress, or by the caller): the packet is not parsed here.
     *
     * @param d       the decision.
     * @param address native address of the packet bytes (0 when none).
     * @param p       the packet's parse result, or {@code null} when there are no bytes.
     * @return the decision record.
     */
    public RouteDecision toDecision(final DecisionDescriptor d, final long address, final ParsedPacket p)
    {
        final int flags = d.flags();
        final RouteDecision out = flags != DecisionDescriptor.NULL && (flags & DecisionDescriptor.FLAG_L7) != 0
            ? l7(d, flags, address, p) : l3(d);
        if (flags == DecisionDescriptor.NULL || (flags & DecisionDescriptor.TUNNEL_MASK) == 0)
        {
            return out;
        }
        final int vni = p == null || p.tunnel == ParsedPacket.TUNNEL_NONE ? -1 : p.tunnelVni;
        return out.withTunnel((flags & DecisionDescriptor.FLAG_VXLAN) != 0 ? "vxlan" : "geneve", vni);
    }

    private RouteDecision l3(final DecisionDescriptor d)
    {
        final int action = d.action();
        final String reason = action == Actions.DROP || action == Actions.PUNT ? reasons.name(d.reason()) : null;
        final int port = d.egressPort();
        return new RouteDecision(Actions.name(action), null, null, null, null, null, -1, null, null, null, -1, null,
            null, -1, null, null, port, reference.nextHop(d.nextHop()), reason);
    }

    private RouteDecision l7(final DecisionDescriptor d, final int flags, final long address, final ParsedPacket p)
    {
        final boolean follow = (flags & DecisionDescriptor.FLAG_FOLLOW) != 0;
        final boolean tcp = (flags & DecisionDescriptor.FLAG_TCP) != 0;
        int dstPort = d.destinationPort();
        boolean haveRequest = false;
        if (!follow && !tcp && p != null)
        {
            dstPort = p.dstPort;
            haveRequest = p.payloadOffset >= 0
                && HttpRequestSniffer.sniff(address + p.payloadOffset, p.payloadLength, start);
            if (haveRequest)
            {
                final long srcLo = p.ipVersion == 4 ? p.ipv4Src & 0xFFFF_FFFFL : p.ipv6SrcLo;
                view.resetHttp(d.recordIndex(), address + p.payloadOffset, p.payloadLength, start, dstPort,
                    p.ipVersion, p.ipv6SrcHi, srcLo)
                    .destination(p.ipVersion, p.ipv6DstHi,
                        p.ipVersion == 4 ? p.ipv4Dst & 0xFFFF_FFFFL : p.ipv6DstLo, dstPort);
            }
        }
        if (!haveRequest)
        {
            view.resetTcp(d.recordIndex(), EMPTY, dstPort, 4, 0L, 0L);
            if (p != null && (d.cluster() == L7Result.CLUSTER_PASSTHROUGH
                || L7Result.isOriginalDestination(d.endpoint())))
            {
                // a connection (or a follower) passed through: its endpoint is the packet's own destination
                view.destination(p.ipVersion, p.ipv6DstHi, p.ipVersion == 4 ? p.ipv4Dst & 0xFFFF_FFFFL : p.ipv6DstLo,
                    p.dstPort);
            }
        }
        final L7Result r = reference.result(d, dstPort);
        r.tcp = tcp || !haveRequest; // no request bytes in this segment: no path to rewrite
        r.action = d.action() == Actions.NONE ? Actions.DROP : d.action();
        RouteDecision out = reference.materialize(r, view);
        if (!haveRequest)
        {
            out = new RouteDecision(out.action(), out.vs(), out.route(), out.cluster(), out.host(), out.subset(),
                out.port(), out.endpoint(), null, null, out.status(), null, out.flags(), out.delayMillis(), null,
                out.body(), -1, null, out.reason(), null, null, null, -1, out.grpcStatus(), out.authz());
        }
        return reference.withL3(out, d);
    }
}
