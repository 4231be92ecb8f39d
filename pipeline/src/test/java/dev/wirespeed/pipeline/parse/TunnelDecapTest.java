package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.decision.Reasons;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** VXLAN and GENEVE decapsulation on recorded tunnels and on broken tunnel headers. */
class TunnelDecapTest
{
    private final Frames.Native mem = new Frames.Native();
    private final ParsedPacket p = new ParsedPacket();
    private final HttpRequestStart start = new HttpRequestStart();

    @Test
    void shouldRouteTheInnerRequestOfTheRecordedVxlanTunnel()
    {
        assertInnerRequest("vxlan-http.pcap", ParsedPacket.TUNNEL_VXLAN, 42);
    }

    @Test
    void shouldRouteTheInnerRequestOfTheGeneveTunnel()
    {
        assertInnerRequest("geneve-http.pcap", ParsedPacket.TUNNEL_GENEVE, 7);
    }

    private void assertInnerRequest(final String capture, final int tunnel, final int vni)
    {
        final CaptureFrames c = CaptureFrames.read(capture);
        int requests = 0;
        int arps = 0;
        for (final byte[] f : c.frames)
        {
            final long a = mem.put(f);
            final int reason = PacketParser.parse(a, f.length, c.linkType, p);
            assertThat(p.tunnel).isEqualTo(tunnel);
            assertThat(p.tunnelVni).isEqualTo(vni);
            arps += reason == Reasons.ARP ? 1 : 0;
            if (reason == Reasons.NONE && p.protocol == 6 && p.dstPort == 9080 && p.payloadLength > 0
                && HttpRequestSniffer.sniff(a + p.payloadOffset, p.payloadLength, start))
            {
                requests++;
                assertThat(p.ipv4Dst).isEqualTo(0x0AC80002); // 10.200.0.2, the inner address
                assertThat(new String(f, p.payloadOffset + start.hostOffset, start.hostLength,
                    StandardCharsets.US_ASCII)).isEqualTo("reviews");
            }
        }
        assertThat(requests).isEqualTo(1);
        assertThat(arps).as("the inner ARP exchange is punted as ARP").isEqualTo(2);
    }

    @Test
    void shouldCountBrokenTunnelHeadersAsMalformedTunnelAndSnaplenCutsAsTruncated()
    {
        final byte[] inner = Frames.ethernet(0x0800, Frames.ipv4(17, 1, 2, Frames.udp(1, 2, new byte[4])));
        final byte[] vxlan = outer(4789, Frames.concat(new byte[] {0x08, 0, 0, 0, 0, 0, 42, 0}, inner));
        assertThat(PacketParser.parse(mem.put(vxlan), vxlan.length, 1, p)).isEqualTo(Reasons.NONE);
        final int header = vxlan.length - inner.length - 8;
        final byte[] noFlag = vxlan.clone();
        noFlag[header] = 0;
        assertThat(PacketParser.parse(mem.put(noFlag), noFlag.length, 1, p)).isEqualTo(Reasons.MALFORMED_TUNNEL);
        final byte[] geneveV1 = outer(6081, Frames.concat(new byte[] {0x40, 0, 0x65, 0x58, 0, 0, 7, 0}, inner));
        assertThat(PacketParser.parse(mem.put(geneveV1), geneveV1.length, 1, p))
            .isEqualTo(Reasons.MALFORMED_TUNNEL);
        final byte[] geneveLongOptions = outer(6081, new byte[] {0x3F, 0, 0x65, 0x58, 0, 0, 7, 0});
        assertThat(PacketParser.parse(mem.put(geneveLongOptions), geneveLongOptions.length, 1, p))
            .isEqualTo(Reasons.MALFORMED_TUNNEL);
        final byte[] cutHeader = outer(4789, new byte[] {0x08, 0, 0});
        assertThat(PacketParser.parse(mem.put(cutHeader), cutHeader.length, 1, p))
            .isEqualTo(Reasons.MALFORMED_TUNNEL);
        final byte[] snap = Arrays.copyOf(vxlan, header + 4);
        assertThat(PacketParser.parse(mem.put(snap), snap.length, vxlan.length, 1, p)).isEqualTo(Reasons.TRUNCATED);
    }

    private static byte[] outer(final int port, final byte[] udpPayload)
    {
        return Frames.ethernet(0x0800, Frames.ipv4(17, 0x0A630001, 0x0A630002, Frames.udp(40000, port, udpPayload)));
    }
}
