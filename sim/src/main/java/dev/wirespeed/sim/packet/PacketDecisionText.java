package dev.wirespeed.sim.packet;

import dev.wirespeed.control.compile.CompiledRouter;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.NextHopGroups;
import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7Layout;
import dev.wirespeed.fib.l7.L7Lookup;
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

/**
 * The writer side of packet decisions: turns a {@link DecisionDescriptor} written by
 * {@link PacketForwarder} (ints) into the decision record of docs/formats.md (strings), reading the same FIB. For an L7
 * decision it rebuilds the {@link L7Result} from the descriptor's slots and, for the segment that carried
 * the request, re-reads method, path and authority from the packet bytes (still alive: a record's memory is
 * kept until its decision is out), then uses the router's materializer. A segment that followed its flow
 * ({@link DecisionDescriptor#FLAG_FOLLOW}) gets the flow's routing fields without path and authority (they are
 * not in that segment). Runs on one thread (the pipeline's driving thread); allocates freely.
 */
public final class PacketDecisionText
{
    private static final byte[] EMPTY = new byte[0];

    private final CompiledRouter router;
    private final ReasonTable reasons;
    private final NextHopGroups nextHops;
    private final IndexedTable actions;
    private final PacketRequestView view;
    private final L7Result result = new L7Result();
    private final ParsedPacket parsed = new ParsedPacket();
    private final HttpRequestStart start = new HttpRequestStart();

    /**
     * @param router    the router compiled with the FIB (materializer, lookup tables).
     * @param image     the FIB (L3 next-hop texts).
     * @param directory the registry facts (for the request view).
     * @param reasons   reason names.
     */
    public PacketDecisionText(final CompiledRouter router, final FibImage image, final MeshDirectory directory,
        final ReasonTable reasons)
    {
        this.router = router;
        this.reasons = reasons;
        this.nextHops = new L3Forwarding(image).nextHopGroups();
        final L7Lookup lookup = router.newLookup();
        this.actions = lookup.actionTable();
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
        final RouteDecision out = decision(d, address, length, origLen, linkType);
        final int flags = d.flags();
        if (flags == DecisionDescriptor.NULL || (flags & DecisionDescriptor.TUNNEL_MASK) == 0)
        {
            return out;
        }
        int vni = -1;
        if (address != 0)
        {
            PacketParser.parse(address, length, origLen, linkType, parsed);
            vni = parsed.tunnel == ParsedPacket.TUNNEL_NONE ? -1 : parsed.tunnelVni;
        }
        return out.withTunnel((flags & DecisionDescriptor.FLAG_VXLAN) != 0 ? "vxlan" : "geneve", vni);
    }

    private RouteDecision decision(final DecisionDescriptor d, final long address, final int length,
        final int origLen, final int linkType)
    {
        final int flags = d.flags();
        if (flags != DecisionDescriptor.NULL && (flags & DecisionDescriptor.FLAG_L7) != 0)
        {
            return l7(d, flags, address, length, origLen, linkType);
        }
        final int action = d.action();
        final String reason = action == Actions.DROP || action == Actions.PUNT ? reasons.name(d.reason()) : null;
        final int port = d.egressPort();
        return new RouteDecision(Actions.name(action), null, null, null, null, null, -1, null, null, null, -1, null,
            null, -1, null, null, port, nextHop(d.nextHop()), reason);
    }

    private String nextHop(final int nextHop)
    {
        return nextHop < 0 || nextHops == null ? null : nextHops.nextHopText(nextHop);
    }

    private RouteDecision l7(final DecisionDescriptor d, final int flags, final long address, final int length,
        final int origLen, final int linkType)
    {
        final L7Result r = result;
        final boolean follow = (flags & DecisionDescriptor.FLAG_FOLLOW) != 0;
        final boolean tcp = (flags & DecisionDescriptor.FLAG_TCP) != 0;
        int dstPort = d.destinationPort();
        boolean haveRequest = false;
        if (!follow && !tcp && address != 0)
        {
            PacketParser.parse(address, length, origLen, linkType, parsed);
            dstPort = parsed.dstPort;
            haveRequest = parsed.payloadOffset >= 0
                && HttpRequestSniffer.sniff(address + parsed.payloadOffset, parsed.payloadLength, start);
            if (haveRequest)
            {
                final long srcLo = parsed.ipVersion == 4 ? parsed.ipv4Src & 0xFFFF_FFFFL : parsed.ipv6SrcLo;
                view.resetHttp(d.recordIndex(), address + parsed.payloadOffset, parsed.payloadLength, start, dstPort,
                    parsed.ipVersion, parsed.ipv6SrcHi, srcLo)
                    .destination(parsed.ipVersion, parsed.ipv6DstHi,
                        parsed.ipVersion == 4 ? parsed.ipv4Dst & 0xFFFF_FFFFL : parsed.ipv6DstLo, dstPort);
            }
        }
        if (!haveRequest)
        {
            view.resetTcp(d.recordIndex(), EMPTY, dstPort, 4, 0L, 0L);
            if (address != 0 && d.cluster() == L7Result.CLUSTER_PASSTHROUGH)
            {
                // a connection (or a follower) passed through: its endpoint is the packet's own destination
                PacketParser.parse(address, length, origLen, linkType, parsed);
                view.destination(parsed.ipVersion, parsed.ipv6DstHi,
                    parsed.ipVersion == 4 ? parsed.ipv4Dst & 0xFFFF_FFFFL : parsed.ipv6DstLo, parsed.dstPort);
            }
        }
        r.reset(d.recordIndex(), dstPort);
        r.tcp = tcp || !haveRequest; // no request bytes in this segment: no path to rewrite
        r.action = d.action() == Actions.NONE ? Actions.DROP : d.action();
        r.virtualHost = d.virtualHost();
        r.route = d.route();
        r.destination = d.destination();
        r.cluster = d.cluster();
        r.endpoint = d.endpoint();
        r.port = d.destinationPort();
        r.status = d.status();
        r.flags = flags & DecisionDescriptor.L7_FLAGS_MASK;
        r.reason = d.action() == Actions.DROP ? d.reason() : Reasons.NONE;
        r.mirrorMask = (flags >>> DecisionDescriptor.MIRROR_SHIFT) & 0xFFFFL;
        r.prefixLength = d.prefixLength();
        if ((r.flags & L7Result.FLAG_DI) != 0 && r.route >= 0)
        {
            final int a = actions.intAt(L7Layout.A_ROUTE_START) + r.route * L7Layout.ROUTE_SIZE;
            r.delayMillis = actions.longAt(actions.intAt(a + L7Layout.R_DELAY_MILLIS));
        }
        RouteDecision out = router.materialize(r, view);
        if (!haveRequest)
        {
            out = new RouteDecision(out.action(), out.vs(), out.route(), out.cluster(), out.host(), out.subset(),
                out.port(), out.endpoint(), null, null, out.status(), null, out.flags(), out.delayMillis(), null,
                out.body(), -1, null, out.reason());
        }
        if (d.egressPort() >= 0)
        {
            out = out.withL3(d.egressPort(), nextHop(d.nextHop()));
        }
        return out;
    }
}
