package dev.wirespeed.pipeline.parse;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static dev.wirespeed.pipeline.parse.Frames.bytes;
import static dev.wirespeed.pipeline.parse.Frames.concat;
import static dev.wirespeed.pipeline.parse.Frames.ethernet;
import static dev.wirespeed.pipeline.parse.Frames.extension;
import static dev.wirespeed.pipeline.parse.Frames.fragmentHeader;
import static dev.wirespeed.pipeline.parse.Frames.icmp;
import static dev.wirespeed.pipeline.parse.Frames.ipv4;
import static dev.wirespeed.pipeline.parse.Frames.ipv6;
import static dev.wirespeed.pipeline.parse.Frames.tcp;
import static dev.wirespeed.pipeline.parse.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

class PacketParserTest
{
    private static final int SRC = 0x0A000001;
    private static final int DST = 0xC0A80102;

    private final Frames.Native mem = new Frames.Native();
    private final ParsedPacket p = new ParsedPacket();

    private int parse(final byte[] frame, final int linkType)
    {
        return PacketParser.parse(mem.put(frame), frame.length, linkType, p);
    }

    private int parse(final byte[] frame, final int captured, final int original, final int linkType)
    {
        return PacketParser.parse(mem.put(frame), captured, original, linkType, p);
    }

    private static byte[] ethTcp()
    {
        return ethernet(0x0800,
            ipv4(6, SRC, DST, tcp(40000, 80, ParsedPacket.TCP_SYN | ParsedPacket.TCP_ACK, bytes(10))));
    }

    @Test
    void shouldParseEthernetIpv4TcpToThePayload()
    {
        assertThat(parse(ethTcp(), 1)).isEqualTo(ParseReason.OK);
        assertThat(p.verdict).isEqualTo(ParsedPacket.VERDICT_FORWARD);
        assertThat(p.l2Kind).isEqualTo(ParsedPacket.L2_ETHERNET);
        assertThat(p.etherType).isEqualTo(0x0800);
        assertThat(p.l3Offset).isEqualTo(14);
        assertThat(p.ipVersion).isEqualTo(4);
        assertThat(p.ipv4Src).isEqualTo(SRC);
        assertThat(p.ipv4Dst).isEqualTo(DST);
        assertThat(p.ttl).isEqualTo(64);
        assertThat(p.protocol).isEqualTo(6);
        assertThat(p.ipHeaderLength).isEqualTo(20);
        assertThat(p.ipTotalLength).isEqualTo(20 + 20 + 10);
        assertThat(p.l4Offset).isEqualTo(34);
        assertThat(p.hasPorts).isTrue();
        assertThat(p.srcPort).isEqualTo(40000);
        assertThat(p.dstPort).isEqualTo(80);
        assertThat(p.tcpFlags).isEqualTo(ParsedPacket.TCP_SYN | ParsedPacket.TCP_ACK);
        assertThat(p.payloadOffset).isEqualTo(54);
        assertThat(p.payloadLength).isEqualTo(10);
        assertThat(p.fragment).isEqualTo(ParsedPacket.FRAG_NONE);
        assertThat(ParseReason.id(p.reason)).isEqualTo("ok");
    }

    @Test
    void shouldExcludeEthernetPaddingFromThePayload()
    {
        final byte[] frame = concat(ethernet(0x0800, ipv4(17, SRC, DST, udp(53, 5353, bytes(2)))), new byte[16]);
        assertThat(parse(frame, 1)).isEqualTo(ParseReason.OK);
        assertThat(p.payloadLength).isEqualTo(2);
    }

    @Test
    void shouldReadVlanAndQinQTags()
    {
        parse(ethernet(0x0800, ipv4(17, SRC, DST, udp(1, 2, bytes(4))), 0x8100, 42), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.vlanCount).isEqualTo(1);
        assertThat(p.outerTpid).isEqualTo(0x8100);
        assertThat(p.outerVlanId).isEqualTo(42);
        assertThat(p.innerVlanId).isEqualTo(-1);
        assertThat(p.l3Offset).isEqualTo(18);

        parse(ethernet(0x86DD, ipv6(17, udp(1, 2, bytes(4))), 0x88A8, 100, 0x8100, 200), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.vlanCount).isEqualTo(2);
        assertThat(p.outerTpid).isEqualTo(0x88A8);
        assertThat(p.outerVlanId).isEqualTo(100);
        assertThat(p.innerVlanId).isEqualTo(200);
        assertThat(p.l3Offset).isEqualTo(22);
        assertThat(p.ipVersion).isEqualTo(6);

        parse(ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(0))), 0x8100, 5, 0x8100, 6, 0x9100, 7), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.vlanCount).isEqualTo(3);
        assertThat(p.l3Offset).isEqualTo(26);
    }

    @Test
    void shouldPuntArpAndDropOtherEthertypes()
    {
        assertThat(parse(ethernet(0x0806, new byte[28]), 1)).isEqualTo(ParseReason.ARP);
        assertThat(p.verdict).isEqualTo(ParsedPacket.VERDICT_PUNT);
        assertThat(ParseReason.id(p.reason)).isEqualTo("arp");
        assertThat(parse(ethernet(0x0806, new byte[28], 0x8100, 9), 1)).isEqualTo(ParseReason.ARP);
        assertThat(parse(ethernet(0x88CC, new byte[40]), 1)).isEqualTo(ParseReason.UNSUPPORTED_ETHERTYPE);
        assertThat(p.verdict).isEqualTo(ParsedPacket.VERDICT_DROP);
        assertThat(ParseReason.id(p.reason)).isEqualTo("unsupported-ethertype");
        // an 802.3 length field where the EtherType would be
        assertThat(parse(ethernet(0x0040, new byte[64]), 1)).isEqualTo(ParseReason.UNSUPPORTED_ETHERTYPE);
        assertThat(parse(new byte[40], 160)).isEqualTo(ParseReason.UNSUPPORTED_LINKTYPE);
        assertThat(ParseReason.id(p.reason)).isEqualTo("unsupported-linktype");
    }

    @Test
    void shouldParseLinuxCookedCaptures()
    {
        assertThat(parse(Frames.sll(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(3)))), 113)).isEqualTo(ParseReason.OK);
        assertThat(p.l2Kind).isEqualTo(ParsedPacket.L2_LINUX_SLL);
        assertThat(p.l3Offset).isEqualTo(16);
        assertThat(p.payloadLength).isEqualTo(3);
        assertThat(parse(Frames.sll2(0x86DD, ipv6(17, udp(1, 2, bytes(3)))), 276)).isEqualTo(ParseReason.OK);
        assertThat(p.l2Kind).isEqualTo(ParsedPacket.L2_LINUX_SLL2);
        assertThat(p.l3Offset).isEqualTo(20);
        assertThat(p.ipVersion).isEqualTo(6);
        assertThat(parse(Frames.sll(0x0806, new byte[28]), 113)).isEqualTo(ParseReason.ARP);
    }

    @Test
    void shouldParseRawIpByVersionNibbleUnderEveryRawLinkType()
    {
        for (final int linkType : new int[] {101, 228, 229, 12, 14})
        {
            assertThat(parse(ipv4(17, SRC, DST, udp(1, 2, bytes(1))), linkType)).isEqualTo(ParseReason.OK);
            assertThat(p.l2Kind).isEqualTo(ParsedPacket.L2_RAW);
            assertThat(p.l3Offset).isZero();
            assertThat(p.ipVersion).isEqualTo(4);
            assertThat(parse(ipv6(6, tcp(1, 2, 0, bytes(1))), linkType)).isEqualTo(ParseReason.OK);
            assertThat(p.ipVersion).isEqualTo(6);
            assertThat(p.etherType).isEqualTo(0x86DD);
        }
        final byte[] notIp = ipv4(17, SRC, DST, udp(1, 2, bytes(1)));
        notIp[0] = 0x55;
        assertThat(parse(notIp, 101)).isEqualTo(ParseReason.MALFORMED);
    }

    @Test
    void shouldReadTheNullFamilyInEitherHostByteOrder()
    {
        final byte[] v4 = ipv4(17, SRC, DST, udp(1, 2, bytes(1)));
        final byte[] v6 = ipv6(17, udp(1, 2, bytes(1)));
        for (final ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN})
        {
            for (final int linkType : new int[] {0, 108})
            {
                assertThat(parse(Frames.nullHeader(2, order, v4), linkType)).isEqualTo(ParseReason.OK);
                assertThat(p.ipVersion).isEqualTo(4);
                assertThat(p.l2Kind).isEqualTo(ParsedPacket.L2_NULL);
                assertThat(p.l3Offset).isEqualTo(4);
                for (final int family : new int[] {24, 28, 30})
                {
                    assertThat(parse(Frames.nullHeader(family, order, v6), linkType)).isEqualTo(ParseReason.OK);
                    assertThat(p.ipVersion).isEqualTo(6);
                }
                assertThat(parse(Frames.nullHeader(7, order, v4), linkType))
                    .isEqualTo(ParseReason.UNSUPPORTED_ETHERTYPE);
            }
        }
    }

    @Test
    void shouldSkipIpv4Options()
    {
        final byte[] options = {(byte)0x94, 4, 0, 0, 1, 0, 0, 0}; // router alert + NOP/EOL padding
        parse(ethernet(0x0800, ipv4(17, SRC, DST, 1, options, 0, udp(520, 520, bytes(4)))), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.ttl).isEqualTo(1);
        assertThat(p.ipHeaderLength).isEqualTo(28);
        assertThat(p.ipOptionsLength).isEqualTo(8);
        assertThat(p.l4Offset).isEqualTo(14 + 28);
        assertThat(p.srcPort).isEqualTo(520);
        assertThat(p.payloadLength).isEqualTo(4);
    }

    @Test
    void shouldRejectBadIpv4Headers()
    {
        final byte[] badIhl = ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(0))));
        badIhl[14] = 0x44;
        assertThat(parse(badIhl, 1)).isEqualTo(ParseReason.MALFORMED);
        final byte[] badVersion = ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(0))));
        badVersion[14] = 0x65;
        assertThat(parse(badVersion, 1)).isEqualTo(ParseReason.MALFORMED);
        assertThat(p.ipVersion).isZero();
        final byte[] shortTotal = ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(0))));
        shortTotal[14 + 3] = 10; // total length 10 < IHL 20
        assertThat(parse(shortTotal, 1)).isEqualTo(ParseReason.MALFORMED);
        final byte[] longTotal = ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(0))));
        longTotal[14 + 2] = 0x05; // total length 1280+ > frame
        assertThat(parse(longTotal, 1)).isEqualTo(ParseReason.MALFORMED);
        final byte[] badDataOffset = ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 2, 0, bytes(8))));
        badDataOffset[14 + 20 + 12] = 0x30;
        assertThat(parse(badDataOffset, 1)).isEqualTo(ParseReason.MALFORMED);
    }

    @Test
    void shouldTakeTheFrameLengthWhenTheIpv4TotalLengthIsZero()
    {
        final byte[] tso = ethernet(0x0800, ipv4(6, SRC, DST, tcp(1, 80, 0, bytes(3000))));
        tso[16] = 0;
        tso[17] = 0;
        assertThat(parse(tso, 1)).isEqualTo(ParseReason.OK);
        assertThat(p.payloadLength).isEqualTo(3000);
        assertThat(p.ipTotalLength).isZero();
    }

    @Test
    void shouldGivePortsOnlyToTheFirstIpv4Fragment()
    {
        parse(ethernet(0x0800, ipv4(17, SRC, DST, 64, new byte[0], 0x2000, udp(7000, 7001, bytes(100)))), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.fragment).isEqualTo(ParsedPacket.FRAG_FIRST);
        assertThat(p.hasPorts).isTrue();
        assertThat(p.srcPort).isEqualTo(7000);
        assertThat(p.fragmentId).isEqualTo(0x1234);

        parse(ethernet(0x0800, ipv4(17, SRC, DST, 64, new byte[0], 0x2000 | 185, bytes(64))), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.verdict).isEqualTo(ParsedPacket.VERDICT_FORWARD);
        assertThat(p.fragment).isEqualTo(ParsedPacket.FRAG_LATER);
        assertThat(p.fragmentOffset).isEqualTo(1480);
        assertThat(p.hasPorts).isFalse();
        assertThat(p.l4Offset).isEqualTo(-1);
        assertThat(p.protocol).isEqualTo(17);
        assertThat(p.payloadOffset).isEqualTo(34);
        assertThat(p.payloadLength).isEqualTo(64);
    }

    @Test
    void shouldWalkTheIpv6ExtensionHeaderChainToL4()
    {
        // hop-by-hop -> routing -> destination options -> AH -> fragment -> TCP
        final byte[] chain = concat(extension(43, 0), extension(60, 1), extension(51, 0), Frames.authHeader(44, 16),
            fragmentHeader(6, 0, true, 77), tcp(443, 50000, ParsedPacket.TCP_ACK, bytes(5)));
        parse(ethernet(0x86DD, ipv6(0, chain)), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.protocol).isEqualTo(6);
        assertThat(p.ipOptionsLength).isEqualTo(8 + 16 + 8 + 16 + 8);
        assertThat(p.l4Offset).isEqualTo(14 + 40 + 56);
        assertThat(p.fragment).isEqualTo(ParsedPacket.FRAG_FIRST);
        assertThat(p.fragmentId).isEqualTo(77);
        assertThat(p.srcPort).isEqualTo(443);
        assertThat(p.payloadLength).isEqualTo(5);
        assertThat(p.ipv6SrcHi).isEqualTo(0x20010db800000000L);
        assertThat(p.ipv6DstLo).isEqualTo(2L);

        parse(ethernet(0x86DD, ipv6(44, concat(fragmentHeader(17, 1232, false, 78), bytes(40)))), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.fragment).isEqualTo(ParsedPacket.FRAG_LATER);
        assertThat(p.fragmentOffset).isEqualTo(1232);
        assertThat(p.protocol).isEqualTo(17);
        assertThat(p.hasPorts).isFalse();
        assertThat(p.payloadLength).isEqualTo(40);

        parse(ethernet(0x86DD, ipv6(59, new byte[0])), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.protocol).isEqualTo(59);
        assertThat(p.hasPorts).isFalse();
    }

    @Test
    void shouldReadTheJumboPayloadLength()
    {
        final byte[] hbh = new byte[8];
        hbh[0] = 6;
        hbh[2] = (byte)0xC2;
        hbh[3] = 4;
        final byte[] l4 = tcp(1, 2, 0, bytes(70_000));
        final int jumbo = 8 + l4.length;
        hbh[4] = (byte)(jumbo >>> 24);
        hbh[5] = (byte)(jumbo >>> 16);
        hbh[6] = (byte)(jumbo >>> 8);
        hbh[7] = (byte)jumbo;
        final byte[] frame = ethernet(0x86DD, ipv6(0, concat(hbh, l4)));
        frame[14 + 4] = 0;
        frame[14 + 5] = 0;
        assertThat(parse(frame, 1)).isEqualTo(ParseReason.OK);
        assertThat(p.ipTotalLength).isEqualTo(40 + jumbo);
        assertThat(p.payloadLength).isEqualTo(70_000);
    }

    @Test
    void shouldReadIcmpTypeAndCode()
    {
        parse(ethernet(0x0800, ipv4(1, SRC, DST, icmp(8, 0, bytes(56)))), 1);
        assertThat(p.reason).isEqualTo(ParseReason.OK);
        assertThat(p.icmpType).isEqualTo(8);
        assertThat(p.icmpCode).isZero();
        assertThat(p.hasPorts).isFalse();
        parse(ethernet(0x86DD, ipv6(58, icmp(135, 0, bytes(24)))), 1);
        assertThat(p.icmpType).isEqualTo(135);
        assertThat(p.protocol).isEqualTo(58);
    }

    @Test
    void shouldCallAHeaderCutBySnaplenTruncatedAndAShortWholeFrameMalformed()
    {
        final byte[][] frames = {
            ethTcp(),
            ethernet(0x86DD, ipv6(0, concat(extension(44, 0), fragmentHeader(17, 0, true, 1), udp(1, 2, bytes(0)))),
                0x88A8, 1, 0x8100, 2),
            Frames.sll(0x0800, ipv4(1, SRC, DST, 64, new byte[] {1, 1, 1, 0}, 0, icmp(0, 0, bytes(0)))),
            Frames.nullHeader(30, ByteOrder.LITTLE_ENDIAN, ipv6(58, icmp(1, 4, bytes(0)))),
        };
        final int[] linkTypes = {1, 1, 113, 0};
        for (int f = 0; f < frames.length; f++)
        {
            final byte[] frame = frames[f];
            assertThat(parse(frame, linkTypes[f])).isEqualTo(ParseReason.OK);
            final int headersEnd = p.payloadOffset;
            for (int cut = 0; cut < headersEnd; cut++)
            {
                assertThat(parse(frame, cut, frame.length, linkTypes[f])).as("frame %d cut at %d", f, cut)
                    .isEqualTo(ParseReason.TRUNCATED);
                assertThat(ParseReason.id(p.reason)).isEqualTo("truncated");
                assertThat(parse(frame, cut, cut, linkTypes[f])).as("frame %d whole at %d", f, cut)
                    .isEqualTo(ParseReason.MALFORMED);
            }
        }
    }

    @Test
    void shouldForwardAPacketWhosePayloadOnlyIsCutBySnaplen()
    {
        final byte[] frame = ethTcp();
        assertThat(parse(frame, frame.length - 4, frame.length, 1)).isEqualTo(ParseReason.OK);
        assertThat(p.payloadTruncated).isTrue();
        assertThat(p.payloadLength).isEqualTo(6);
    }

    @Test
    void shouldStayInsideTheCapturedBytesOnRandomMutations()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("shouldStayInsideTheCapturedBytesOnRandomMutations seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] seeds = {
            ethTcp(),
            ethernet(0x86DD, ipv6(0, concat(extension(43, 0), fragmentHeader(17, 0, true, 1), udp(1, 2, bytes(30))))),
            ethernet(0x0800, ipv4(17, SRC, DST, 64, new byte[] {1, 1, 1, 0}, 0, udp(1, 2, bytes(30))), 0x8100, 3),
        };
        for (int i = 0; i < 200_000; i++)
        {
            final byte[] frame = seeds[random.nextInt(seeds.length)].clone();
            for (int m = random.nextInt(1, 6); m > 0; m--)
            {
                frame[random.nextInt(frame.length)] = (byte)random.nextInt(256);
            }
            final int cap = random.nextInt(frame.length + 1);
            final int linkType = random.nextInt(4) == 0 ? 101 : 1;
            final int reason = PacketParser.parse(mem.put(frame), cap, frame.length, linkType, p);
            assertThat(reason).isBetween(0, ParseReason.COUNT - 1);
            if (reason == ParseReason.OK)
            {
                assertThat(p.payloadOffset).isBetween(0, cap);
                assertThat(p.payloadOffset + p.payloadLength).isLessThanOrEqualTo(cap);
                if (p.l4Offset >= 0)
                {
                    assertThat(p.l4Offset).isLessThanOrEqualTo(p.payloadOffset);
                }
            }
        }
    }
}
