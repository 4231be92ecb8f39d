package dev.wirespeed.sim.explain;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.Explanation;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.fib.decision.Reasons;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.parse.PacketFlowHash;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Explains one frame of a capture as {@code replay} forwards it: the frames before it go through the same
 * one-packet forwarder first (so a later segment of an HTTP flow follows its flow's decision, as in replay);
 * then the frame's parse (link type, layers, flow hash and the worker it shards to), whether it took the L7
 * path, and for an HTTP/1 request the reference walk of the request the packet carries.
 */
public final class PacketExplainer
{
    private PacketExplainer()
    {
    }

    /**
     * @param engine  the engine.
     * @param capture a pcap or pcapng file.
     * @param frame   the frame's index (0-based, every record counts, as replay's {@code i}).
     * @param workers the worker count whose sharding to show.
     * @return the explanation.
     * @throws IOException              when the capture cannot be read.
     * @throws IllegalArgumentException when the capture has no such frame.
     */
    public static Explained explain(final Engine engine, final Path capture, final long frame, final int workers)
            throws IOException
    {
        if (frame < 0)
        {
            throw new IllegalArgumentException("--frame must be 0 or more, not " + frame);
        }
        final PacketEngine packets = new PacketEngine(engine.router(), engine.fib(), engine.model());
        final DecisionDescriptor d = new DecisionDescriptor();
        d.wrap(new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
        final CaptureRecord rec = new CaptureRecord();
        try (CaptureReader in = CaptureReader.open(capture))
        {
            long index = 0;
            while (in.next(rec))
            {
                if (index == frame)
                {
                    return explainFrame(engine, packets, rec, d, workers);
                }
                if (rec.status() == RecordStatus.OK)
                {
                    packets.forward(rec.address(), rec.capturedLength(), rec.originalLength(), rec.linkType(), d);
                }
                index++;
            }
            throw new IllegalArgumentException(capture + ": has " + index + " frames; there is no frame " + frame);
        }
    }

    private static Explained explainFrame(final Engine engine, final PacketEngine packets, final CaptureRecord rec,
            final DecisionDescriptor d, final int workers)
    {
        final Explanation walk = new Explanation();
        walk.add("parse", "frame " + rec.index() + ": " + rec.capturedLength() + " of " + rec.originalLength()
                + " bytes captured, link type " + rec.linkType() + " (" + linkName(rec.linkType()) + ")");
        if (rec.status() != RecordStatus.OK)
        {
            walk.add("parse", "the capture reader found the record bad: " + rec.status());
            final String reason = rec.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
            return new Explained(rec.index(), null, walk, RouteDecision.drop(reason), null);
        }
        final ParsedPacket p = new ParsedPacket();
        final int reason = PacketParser.parse(rec.address(), rec.capturedLength(), rec.originalLength(),
                rec.linkType(), p);
        walk.add("parse", layers(p) + (reason == Reasons.NONE ? "" : "; parser verdict: " + Reasons.name(reason)));
        final int hash = PacketFlowHash.hash(p);
        walk.add("parse", "flow hash " + Integer.toUnsignedString(hash) + " (symmetric 5-tuple) -> worker "
                + (int)(((hash & 0xFFFF_FFFFL) * workers) >>> 32) + " of " + workers);
        packets.forward(rec.address(), rec.capturedLength(), rec.originalLength(), rec.linkType(), d);
        final RouteDecision decision = packets.describe(d, rec.address(), rec.capturedLength(), rec.linkType());
        final int flags = d.flags();
        final boolean l7 = flags != DecisionDescriptor.NULL && (flags & DecisionDescriptor.FLAG_L7) != 0;
        if (!l7)
        {
            walk.add("path", "L3 path: not an HTTP request to a mesh HTTP port (nor a tcp route)");
            return new Explained(rec.index(), null, walk, decision, null);
        }
        if ((flags & DecisionDescriptor.FLAG_FOLLOW) != 0)
        {
            walk.add("path", "L7 path: a later segment of an HTTP flow, following the flow's decision");
            return new Explained(rec.index(), null, walk, decision, null);
        }
        if ((flags & DecisionDescriptor.FLAG_TCP) != 0)
        {
            walk.add("path", "L7 path: TCP route of the destination service");
            return new Explained(rec.index(), null, walk, decision, null);
        }
        final HttpRequest request = request(engine.model(), rec, p);
        if (request == null)
        {
            walk.add("path", "L7 path: an HTTP request the text parser does not read (HTTP/2 or gRPC); the"
                    + " reference walk is not shown");
            return new Explained(rec.index(), null, walk, decision, null);
        }
        walk.add("path", "L7 path: HTTP/1 request " + ExplainOutput.request(request));
        final Explanation routed = Explanation.of(new ReferenceRouter(engine.model()), request);
        for (final Explanation.Step s : routed.steps())
        {
            walk.add(s.stage(), s.text());
        }
        final RouteDecision fib = decision.withL3(-1, null);
        final String disagreement = routed.decision().equals(fib) ? null
                : "reference walk " + routed.decision() + " but packet path " + fib;
        return new Explained(rec.index(), request, walk, decision, disagreement);
    }

    private static String layers(final ParsedPacket p)
    {
        final StringBuilder b = new StringBuilder("layers: ");
        b.append(switch (p.l2Kind)
        {
            case ParsedPacket.L2_ETHERNET -> "Ethernet";
            case ParsedPacket.L2_LINUX_SLL -> "Linux SLL";
            case ParsedPacket.L2_LINUX_SLL2 -> "Linux SLL2";
            case ParsedPacket.L2_NULL -> "BSD loopback";
            case ParsedPacket.L2_RAW -> "raw IP";
            default -> "none";
        });
        if (p.vlanCount > 0)
        {
            b.append(" / VLAN ").append(p.outerVlanId).append(p.vlanCount > 1 ? " / VLAN " + p.innerVlanId : "");
        }
        if (p.tunnel != ParsedPacket.TUNNEL_NONE)
        {
            b.append(p.tunnel == ParsedPacket.TUNNEL_VXLAN ? " / VXLAN (decapsulated)" : " / GENEVE (decapsulated)");
        }
        if (p.ipVersion == 4)
        {
            b.append(" / IPv4 ").append(IpText.formatIpv4(p.ipv4Src)).append(" -> ")
                    .append(IpText.formatIpv4(p.ipv4Dst));
        }
        else if (p.ipVersion == 6)
        {
            b.append(" / IPv6 ").append(IpText.formatIpv6(p.ipv6SrcHi, p.ipv6SrcLo)).append(" -> ")
                    .append(IpText.formatIpv6(p.ipv6DstHi, p.ipv6DstLo));
        }
        if (p.ipVersion != 0)
        {
            b.append(" ttl ").append(p.ttl);
            b.append(switch (p.protocol)
            {
                case 6 -> " / TCP";
                case 17 -> " / UDP";
                case 1, 58 -> " / ICMP";
                default -> " / protocol " + p.protocol;
            });
            if (p.hasPorts)
            {
                b.append(' ').append(p.srcPort).append(" -> ").append(p.dstPort);
            }
            if (p.payloadLength > 0)
            {
                b.append(" / payload ").append(p.payloadLength).append(" bytes");
            }
        }
        return b.toString();
    }

    private static String linkName(final int linkType)
    {
        return switch (linkType)
        {
            case 0 -> "BSD loopback";
            case 1 -> "Ethernet";
            case 101, 228, 229 -> "raw IP";
            case 113 -> "Linux SLL";
            case 276 -> "Linux SLL2";
            default -> "other";
        };
    }

    /** The HTTP/1 request in the packet, as the JSONL trace would give it; {@code null} when not HTTP/1 text. */
    private static HttpRequest request(final RoutingModel model, final CaptureRecord rec, final ParsedPacket p)
    {
        if (p.payloadOffset < 0 || p.payloadLength <= 0)
        {
            return null;
        }
        final byte[] bytes = new byte[p.payloadLength];
        new UnsafeBuffer(rec.address(), rec.capturedLength()).getBytes(p.payloadOffset, bytes);
        final String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        final String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[2].startsWith("HTTP/1"))
        {
            return null;
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        String authority = "";
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++)
        {
            final int colon = lines[i].indexOf(':');
            if (colon > 0)
            {
                final String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                final String value = lines[i].substring(colon + 1).trim();
                if (name.equals("host"))
                {
                    // Envoy's header map appends every Host line to :authority after ',' (an empty one adds nothing)
                    authority = value.isEmpty() ? authority : authority.isEmpty() ? value : authority + "," + value;
                }
                else
                {
                    headers.putIfAbsent(name, value);
                }
            }
        }
        final String src = p.ipVersion == 4 ? IpText.formatIpv4(p.ipv4Src)
                : IpText.formatIpv6(p.ipv6SrcHi, p.ipv6SrcLo);
        final String dst = p.ipVersion == 4 ? IpText.formatIpv4(p.ipv4Dst) + ":" + p.dstPort
                : "[" + IpText.formatIpv6(p.ipv6DstHi, p.ipv6DstLo) + "]:" + p.dstPort;
        String namespace = null;
        Map<String, String> labels = Map.of();
        for (final RegistryService s : model.services())
        {
            for (final RegistryService.Endpoint e : s.endpoints())
            {
                if (namespace == null && e.address().equals(src))
                {
                    namespace = s.namespace();
                    labels = dev.wirespeed.sim.packet.MeshDirectories.withLocality(e);
                }
            }
        }
        return new HttpRequest(rec.index(), rec.timestampNanos(), src, p.dstPort, "mesh", namespace, labels,
                start[0], "http", authority, start[1], headers).withDst(dst).withSrcPort(p.srcPort);
    }
}
