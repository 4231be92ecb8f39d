package dev.wirespeed.sim.diff;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.jsonl.RequestLineParser;
import dev.wirespeed.sim.jsonl.Utf8;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replays one input through two engines, record by record on the calling thread, and reports the records whose
 * decision differs ({@link DiffReport}). Requests go through {@link Engine#route} (the session the replay workers
 * use, the record index as the request id), packets through each engine's {@link PacketEngine} (the packet
 * forwarder and flow table the capture replay's workers run): the decisions compared are the ones
 * {@code wirespeed replay} writes for the same input, so a diff is exactly what the change would do to that
 * traffic.
 *
 * <p>A bad record (a trace line that is not a request, over the line cap or not UTF-8, an unreadable capture
 * record) is the same drop on both sides and never counts as a change. The per-record steps are public
 * ({@link #request}, {@link #packet}, {@link #badRecord}) so that a replay spread over several instances (one
 * {@code DecisionDiff} each, their reports merged with {@link DiffReport#merge}) compares exactly as this one.
 * Not thread-safe.
 */
public final class DecisionDiff
{
    private final Engine before;
    private final Engine after;
    private final int examples;
    private final RequestLineParser parser = new RequestLineParser();
    private final RequestLineParser.Result parsed = new RequestLineParser.Result();
    private DecisionDescriptor oldDecision;
    private DecisionDescriptor newDecision;
    private ParsedPacket packetParse;

    /**
     * @param before   the engine of the current config.
     * @param after    the engine of the changed config.
     * @param examples example records kept per change (0 or more).
     */
    public DecisionDiff(final Engine before, final Engine after, final int examples)
    {
        this.before = before;
        this.after = after;
        this.examples = Math.max(0, examples);
    }

    /**
     * @param trace a JSONL request trace.
     * @return what changed.
     * @throws IOException when the trace cannot be read.
     */
    public DiffReport requests(final Path trace) throws IOException
    {
        final DiffReport report = new DiffReport(trace.toString(), false, examples);
        long index = 0;
        try (LineReader in = new LineReader(trace))
        {
            while (in.next())
            {
                if (in.tooLong())
                {
                    badRecord(report, 0);
                    index++;
                    continue;
                }
                final String line = new String(in.array(), in.offset(), in.length(), StandardCharsets.UTF_8);
                if (line.isBlank())
                {
                    continue;
                }
                final long i = index++;
                if (Utf8.problem(in.array(), in.offset(), in.length()) != null)
                {
                    badRecord(report, 0);
                    continue;
                }
                request(report, i, line);
            }
        }
        return report;
    }

    /**
     * Compares one request line (the replay's rules before it: a line over the cap or with invalid UTF-8 is a
     * {@link #badRecord}; blank lines have no record index).
     *
     * @param report the report to count it in.
     * @param index  its record index (the request id, as in the replay).
     * @param line   the line.
     */
    public void request(final DiffReport report, final long index, final String line)
    {
        if (!parser.parse(line, index, parsed))
        {
            badRecord(report, 0);
            return;
        }
        compare(report, index, before.route(parsed.request()), after.route(parsed.request()), line.strip(), 0, null);
    }

    /**
     * Counts a bad record (a trace line that is not a request, an unreadable capture record): the same drop on
     * both sides, never a change.
     *
     * @param report    the report to count it in.
     * @param wireBytes its bytes on the wire (captures; 0 for requests).
     */
    public void badRecord(final DiffReport report, final long wireBytes)
    {
        final DiffReport.Side bad = new DiffReport.Side("drop", null, -1);
        report.record(bad, bad, wireBytes, null);
    }

    /**
     * @param capture a pcap or pcapng file.
     * @return what changed, with bytes and flows.
     * @throws IOException when the capture cannot be read ({@code CaptureFormatException} when it is not one).
     */
    public DiffReport capture(final Path capture) throws IOException
    {
        final DiffReport report = new DiffReport(capture.toString(), true, examples);
        final CaptureRecord rec = new CaptureRecord();
        try (CaptureReader reader = CaptureReader.open(capture))
        {
            long index = 0;
            while (reader.next(rec))
            {
                final long i = index++;
                if (rec.status() != RecordStatus.OK)
                {
                    badRecord(report, rec.originalLength());
                    continue;
                }
                packet(report, i, rec.address(), rec.capturedLength(), rec.originalLength(), rec.linkType());
            }
        }
        return report;
    }

    /**
     * Compares one captured packet. Packets of one flow must come in capture order (each engine's flow table
     * makes a flow's later segments follow its request's decision).
     *
     * @param report   the report to count it in.
     * @param index    its record index in the capture.
     * @param address  native address of the frame.
     * @param length   its captured bytes.
     * @param orig     its bytes on the wire.
     * @param linkType its pcap LINKTYPE_.
     */
    public void packet(final DiffReport report, final long index, final long address, final int length,
        final int orig, final int linkType)
    {
        if (oldDecision == null)
        {
            oldDecision = descriptor();
            newDecision = descriptor();
            packetParse = new ParsedPacket();
        }
        final PacketEngine oldPackets = before.packets();
        final PacketEngine newPackets = after.packets();
        oldPackets.forward(index, address, length, orig, linkType, oldDecision);
        newPackets.forward(index, address, length, orig, linkType, newDecision);
        final RouteDecision a = oldPackets.describe(oldDecision, address, length, linkType);
        final RouteDecision b = newPackets.describe(newDecision, address, length, linkType);
        PacketParser.parse(address, length, orig, linkType, packetParse);
        final String flow = flowKey(packetParse);
        compare(report, index, a, b, packetText(flow, a), orig, flow);
    }

    private static DecisionDescriptor descriptor()
    {
        return new DecisionDescriptor().wrap(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(DecisionDescriptor.LENGTH, 64)), 0);
    }

    private static void compare(final DiffReport report, final long index, final RouteDecision a,
        final RouteDecision b, final String request, final long wireBytes, final String flow)
    {
        final DiffReport.Side from = side(a);
        final DiffReport.Side to = side(b);
        report.record(from, to, wireBytes, flow);
        final Set<String> fields = differences(a, b);
        if (!fields.isEmpty())
        {
            report.change(from, to, fields, index, request, wireBytes, flow);
        }
    }

    private static DiffReport.Side side(final RouteDecision d)
    {
        return new DiffReport.Side(d.action(), d.cluster(), d.status());
    }

    /** The decision fields (their names in the decisions JSONL) whose values differ. */
    static Set<String> differences(final RouteDecision a, final RouteDecision b)
    {
        final Set<String> out = new TreeSet<>();
        diff(out, "action", a.action(), b.action());
        diff(out, "vs", a.vs(), b.vs());
        diff(out, "route", a.route(), b.route());
        diff(out, "cluster", a.cluster(), b.cluster());
        diff(out, "endpoint", a.endpoint(), b.endpoint());
        diff(out, "path", a.path(), b.path());
        diff(out, "authority", a.authority(), b.authority());
        diff(out, "status", a.status(), b.status());
        diff(out, "location", a.location(), b.location());
        diff(out, "flags", a.flags(), b.flags());
        diff(out, "delayMillis", a.delayMillis(), b.delayMillis());
        diff(out, "grpcStatus", a.grpcStatus(), b.grpcStatus());
        diff(out, "mirrors", a.mirrors(), b.mirrors());
        diff(out, "body", a.body(), b.body());
        diff(out, "egressPort", a.egressPort(), b.egressPort());
        diff(out, "nextHop", a.nextHop(), b.nextHop());
        diff(out, "reason", a.reason(), b.reason());
        diff(out, "authz", a.authz(), b.authz());
        diff(out, "headers", a.headers(), b.headers());
        diff(out, "removedHeaders", a.removedHeaders(), b.removedHeaders());
        diff(out, "tunnel", a.tunnel(), b.tunnel());
        diff(out, "vni", a.vni(), b.vni());
        return out;
    }

    private static void diff(final Set<String> out, final String name, final Object a, final Object b)
    {
        if (!Objects.equals(a, b))
        {
            out.add(name);
        }
    }

    /** {@code proto src:sport > dst:dport}, or null for a frame that is not IP. */
    private static String flowKey(final ParsedPacket p)
    {
        final String src;
        final String dst;
        if (p.ipVersion == 4)
        {
            src = IpText.formatIpv4(p.ipv4Src);
            dst = IpText.formatIpv4(p.ipv4Dst);
        }
        else if (p.ipVersion == 6)
        {
            src = "[" + IpText.formatIpv6(p.ipv6SrcHi, p.ipv6SrcLo) + "]";
            dst = "[" + IpText.formatIpv6(p.ipv6DstHi, p.ipv6DstLo) + "]";
        }
        else
        {
            return null;
        }
        final String proto = p.protocol == 6 ? "tcp" : p.protocol == 17 ? "udp" : p.protocol == 1 ? "icmp"
            : "proto-" + p.protocol;
        return p.hasPorts ? proto + " " + src + ":" + p.srcPort + " > " + dst + ":" + p.dstPort
            : proto + " " + src + " > " + dst;
    }

    private static String packetText(final String flow, final RouteDecision d)
    {
        final String what = flow == null ? "non-IP frame" : flow;
        if (d.authority() != null || d.path() != null)
        {
            return what + " " + (d.authority() == null ? "" : d.authority()) + (d.path() == null ? "" : d.path());
        }
        return what;
    }
}
