package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet path on the protocol captures recorded on loopback and veth ({@code
 * pipeline/src/test/resources/captures}, see {@code record.sh} there): h2c streams routed per request, a
 * request head split over four segments routed by the one that completes it, and HTTP inside VXLAN and GENEVE
 * routed by its inner frame.
 */
class ProtocolCaptureTest
{
    static final String CONFIG = String.join("\n",
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: reviews, namespace: default}",
        "spec:",
        "  clusterIP: 10.96.0.90",
        "  selector: {app: reviews}",
        "  ports: [{name: http, port: 9080}, {name: http-alt, port: 9081}]",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: reviews-v1, namespace: default, labels: {app: reviews, version: v1}}",
        "spec: {containers: [{name: reviews, ports: [{containerPort: 9080}]}]}",
        "status: {phase: Running, podIP: 10.1.0.11, conditions: [{type: Ready, status: 'True'}]}",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: reviews-v2, namespace: default, labels: {app: reviews, version: v2}}",
        "spec: {containers: [{name: reviews, ports: [{containerPort: 9080}]}]}",
        "status: {phase: Running, podIP: 10.1.0.12, conditions: [{type: Ready, status: 'True'}]}",
        "---",
        "apiVersion: networking.istio.io/v1",
        "kind: DestinationRule",
        "metadata: {name: reviews, namespace: default}",
        "spec:",
        "  host: reviews",
        "  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]",
        "---",
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata: {name: reviews, namespace: default}",
        "spec:",
        "  hosts: [reviews]",
        "  http:",
        "  - match: [{headers: {end-user: {exact: jason}}}]",
        "    route: [{destination: {host: reviews, subset: v2}}]",
        "  - match: [{uri: {prefix: /reviews.Reviews/}}]",
        "    route: [{destination: {host: reviews, subset: v2}}]",
        "  - match: [{uri: {exact: /ratings}}]",
        "    route: [{destination: {host: reviews, subset: v2}}]",
        "  - route: [{destination: {host: reviews, subset: v1}}]",
        "");

    @Test
    void shouldRouteH2cConnectionsByTheirDecodedRequests() throws IOException
    {
        final List<String> d = new ArrayList<>();
        for (final RouteDecision x : replay("h2c.pcap", 9080))
        {
            d.add(x.action() + " " + (x.cluster() != null ? x.cluster() : x.reason()));
        }
        final String v1 = "route outbound|9080|v1|reviews.default.svc.cluster.local";
        final String v2 = "route outbound|9080|v2|reviews.default.svc.cluster.local";
        assertThat(d).containsExactly(
            v1, // nghttp: preface, SETTINGS, PRIORITY x5, HEADERS x3 in one segment: stream 13, GET /reviews/1
            v1, // its GOAWAY follows the connection's decision
            "drop no-route", // curl: preface and SETTINGS alone, no request yet: the L3 path (no route to 127/8)
            v2, // HEADERS of POST /reviews.Reviews/Get (application/grpc)
            v2, // DATA
            v2); // and the rest of the stream
    }

    @Test
    void shouldRouteARequestHeadSplitOverFourSegmentsByAllItsHeaders() throws IOException
    {
        final List<RouteDecision> d = replay("split-head.pcap", 9081);
        assertThat(d).hasSize(4);
        assertThat(d.subList(0, 3)).allSatisfy(x -> assertThat(x.cluster()).isNull());
        assertThat(d.get(3).action()).isEqualTo("route");
        assertThat(d.get(3).cluster()).as("end-user: jason was split over two segments")
            .isEqualTo("outbound|9081|v2|reviews.default.svc.cluster.local");
    }

    @Test
    void shouldRouteTheInnerRequestOfVxlanAndGeneve() throws IOException
    {
        for (final String capture : List.of("vxlan-http.pcap", "geneve-http.pcap"))
        {
            final List<RouteDecision> d = replay(capture, 9080);
            assertThat(routed(d)).as(capture).containsExactly("outbound|9080|v1|reviews.default.svc.cluster.local");
            assertThat(d).as("the decision names the tunnel").allSatisfy(x -> assertThat(x.tunnel())
                .isEqualTo(capture.startsWith("vxlan") ? "vxlan" : "geneve"));
            assertThat(d).allSatisfy(x -> assertThat(x.vni()).isEqualTo(capture.startsWith("vxlan") ? 42 : 7));
        }
    }

    @Test
    void shouldNameTheTunnelInEveryDecisionLineOfATunnelCapture() throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/vxlan-http.pcap"));
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            int records = 0;
            for (int off = 24; off + 16 <= file.length; off += 16 + b.getInt(off + 8))
            {
                final RouteDecision d = engine.forward(Arrays.copyOfRange(file, off + 16,
                    off + 16 + b.getInt(off + 8)), b.getInt(20));
                assertThat(d.tunnel()).as("record %d (%s)", records, d.action()).isEqualTo("vxlan");
                assertThat(d.vni()).isEqualTo(42);
                records++;
            }
            assertThat(records).isGreaterThan(3);
        }
        // a packet outside any tunnel names none
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            assertThat(engine.forward(segment(40002, 1, "GET / HTTP/1.1\r\nHost: reviews\r\n\r\n"), 1).tunnel())
                .isNull();
        }
    }

    @Test
    void shouldRouteH2cSplitHeadsAndTunnelsWithoutAllocating() throws IOException
    {
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> linkTypes = new ArrayList<>();
        for (final String capture : List.of("h2c.pcap", "split-head.pcap", "vxlan-http.pcap", "geneve-http.pcap"))
        {
            final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures", capture));
            final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 24; off + 16 <= file.length; off += 16 + b.getInt(off + 8))
            {
                frames.add(Arrays.copyOfRange(file, off + 16, off + 16 + b.getInt(off + 8)));
                linkTypes.add(b.getInt(20));
            }
        }
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            assertThat(CaptureAllocation.check(engine.packets(), "protocol captures", frames, linkTypes).routed())
                .isPositive();
        }
    }

    @Test
    void shouldDropABrokenH2cConnectionAsMalformedH2AndAnOversizedHeadAsReassemblyOverflow()
    {
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            final String preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
            final String badSettings = "\0\0\7\4\0\0\0\0\0" + "\0".repeat(7); // a length not a multiple of 6
            assertThat(engine.forward(segment(40000, 1, preface + badSettings), 1).reason()).isEqualTo("malformed-h2");
            assertThat(engine.forward(segment(40000, 1 + 40, "\0\0\0\4\1\0\0\0\0"), 1).reason())
                .as("the refused connection's later segments follow its drop").isEqualTo("malformed-h2");
            final String line = "GET /reviews/1 HTTP/1.1\r\nx-filler: " + "a".repeat(1000) + "\r\n";
            int seq = 1;
            RouteDecision last = null;
            for (int i = 0; i < 9; i++)
            {
                final String part = i == 0 ? line : "x-more: " + "b".repeat(1000) + "\r\n";
                last = engine.forward(segment(40001, seq, part), 1);
                seq += part.length();
            }
            assertThat(last.reason()).as("a head over 8 KiB").isEqualTo("reassembly-overflow");
        }
    }

    private static byte[] segment(final int sport, final int seq, final String payload)
    {
        final byte[] f = dev.wirespeed.sim.replay.TestPackets.tcp("10.2.0.9", "10.96.0.90", sport, 9080, 64, 0x18,
            payload);
        ByteBuffer.wrap(f).putInt(14 + 20 + 4, seq);
        return f;
    }

    private static List<String> routed(final List<RouteDecision> d)
    {
        final List<String> out = new ArrayList<>();
        for (final RouteDecision x : d)
        {
            if ("route".equals(x.action()) && !"-F".equals(x.flags()))
            {
                out.add(x.cluster());
            }
        }
        return out;
    }

    /** Decisions of the capture's client-to-server payload segments towards {@code port}. */
    private static List<RouteDecision> replay(final String capture, final int port) throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures", capture));
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        final int linkType = b.getInt(20);
        final List<RouteDecision> out = new ArrayList<>();
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            int off = 24;
            while (off + 16 <= file.length)
            {
                final int incl = b.getInt(off + 8);
                final byte[] frame = Arrays.copyOfRange(file, off + 16, off + 16 + incl);
                final RouteDecision d = engine.forward(frame, linkType);
                if (carriesPayloadTo(frame, linkType, port))
                {
                    out.add(d);
                }
                off += 16 + incl;
            }
        }
        return out;
    }

    private static boolean carriesPayloadTo(final byte[] frame, final int linkType, final int port)
    {
        final dev.wirespeed.pipeline.parse.ParsedPacket p = new dev.wirespeed.pipeline.parse.ParsedPacket();
        final ByteBuffer direct = ByteBuffer.allocateDirect(frame.length);
        direct.put(frame);
        dev.wirespeed.pipeline.parse.PacketParser.parse(org.agrona.BufferUtil.address(direct), frame.length, linkType,
            p);
        return p.isForward() && p.protocol == 6 && p.dstPort == port && p.payloadLength > 0;
    }
}
