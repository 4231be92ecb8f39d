package dev.wirespeed.pipeline.parse;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static dev.wirespeed.pipeline.parse.Frames.bytes;
import static dev.wirespeed.pipeline.parse.Frames.concat;
import static org.assertj.core.api.Assertions.assertThat;

/** Differential property: the fast parser and {@link ReferencePacketParser} agree on random frames. */
class PacketParserProperties
{
    private static final int[] LINK_TYPES = {1, 113, 276, 101, 228, 229, 12, 0, 108, 160};

    @Test
    void shouldAgreeWithTheReferenceOnRandomFrames()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("shouldAgreeWithTheReferenceOnRandomFrames seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        final Frames.Native mem = new Frames.Native();
        final ParsedPacket fast = new ParsedPacket();
        final ParsedPacket slow = new ParsedPacket();
        final ReferencePacketParser reference = new ReferencePacketParser();
        final int[] seen = new int[ParseReason.COUNT];
        for (int i = 0; i < 200_000; i++)
        {
            final int linkType = LINK_TYPES[r.nextInt(LINK_TYPES.length)];
            final byte[] frame = frame(r, linkType);
            for (int m = r.nextInt(4); m > 0; m--)
            {
                frame[r.nextInt(frame.length)] = (byte)r.nextInt(256);
            }
            final int cap = r.nextInt(3) == 0 ? r.nextInt(frame.length + 1) : frame.length;
            final int orig = r.nextBoolean() ? frame.length : cap;
            final int a = PacketParser.parse(mem.put(frame), cap, orig, linkType, fast);
            final int b = reference.parse(frame, cap, orig, linkType, slow);
            seen[a]++;
            final boolean agree = a == b && fast.verdict == slow.verdict && fast.ipVersion == slow.ipVersion
                && fast.l3Offset == slow.l3Offset && fast.etherType == slow.etherType
                && fast.vlanCount == slow.vlanCount
                && (a != ParseReason.OK && a != ParseReason.ARP || sameFields(fast, slow));
            if (!agree)
            {
                final String context = "frame " + i + " linkType " + linkType + " cap " + cap + " orig " + orig;
                assertThat(a).as(context).isEqualTo(b);
                assertThat(fast).as(context).usingRecursiveComparison().isEqualTo(slow);
            }
        }
        System.out.println("outcomes by reason code: " + java.util.Arrays.toString(seen));
        assertThat(seen).as("every outcome exercised").doesNotContain(0);
    }

    private static boolean sameFields(final ParsedPacket x, final ParsedPacket y)
    {
        return x.verdict == y.verdict && x.reason == y.reason && x.linkType == y.linkType
            && x.capturedLength == y.capturedLength && x.originalLength == y.originalLength && x.l2Kind == y.l2Kind
            && x.vlanCount == y.vlanCount && x.outerVlanId == y.outerVlanId && x.innerVlanId == y.innerVlanId
            && x.outerTpid == y.outerTpid && x.etherType == y.etherType && x.l3Offset == y.l3Offset
            && x.ipVersion == y.ipVersion && x.ipv4Src == y.ipv4Src && x.ipv4Dst == y.ipv4Dst
            && x.ipv6SrcHi == y.ipv6SrcHi && x.ipv6SrcLo == y.ipv6SrcLo && x.ipv6DstHi == y.ipv6DstHi
            && x.ipv6DstLo == y.ipv6DstLo && x.protocol == y.protocol && x.ttl == y.ttl
            && x.ipHeaderLength == y.ipHeaderLength && x.ipOptionsLength == y.ipOptionsLength
            && x.ipTotalLength == y.ipTotalLength && x.fragment == y.fragment && x.fragmentOffset == y.fragmentOffset
            && x.fragmentId == y.fragmentId && x.l4Offset == y.l4Offset && x.hasPorts == y.hasPorts
            && x.srcPort == y.srcPort && x.dstPort == y.dstPort && x.tcpFlags == y.tcpFlags
            && x.icmpType == y.icmpType && x.icmpCode == y.icmpCode && x.payloadOffset == y.payloadOffset
            && x.payloadLength == y.payloadLength && x.payloadTruncated == y.payloadTruncated;
    }

    private static byte[] frame(final SplittableRandom r, final int linkType)
    {
        final boolean v6 = r.nextBoolean();
        final byte[] ip = v6 ? ipv6(r) : ipv4(r);
        final int etherType = r.nextInt(20) == 0 ? 0x0806 : v6 ? 0x86DD : 0x0800;
        switch (linkType)
        {
            case 1:
            {
                final int tags = r.nextInt(3);
                final int[] pairs = new int[2 * tags];
                for (int t = 0; t < tags; t++)
                {
                    pairs[2 * t] = t == 0 && r.nextBoolean() ? 0x88A8 : 0x8100;
                    pairs[2 * t + 1] = r.nextInt(4096);
                }
                return concat(Frames.ethernet(etherType, ip, pairs), new byte[r.nextInt(3) == 0 ? r.nextInt(20) : 0]);
            }
            case 113:
                return Frames.sll(etherType, ip);
            case 276:
                return Frames.sll2(etherType, ip);
            case 0, 108:
                return Frames.nullHeader(v6 ? new int[] {24, 28, 30}[r.nextInt(3)] : 2,
                    r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, ip);
            default:
                return ip;
        }
    }

    private static byte[] l4(final SplittableRandom r, final int protocol)
    {
        final byte[] payload = bytes(r.nextInt(3) == 0 ? 0 : r.nextInt(200));
        switch (protocol)
        {
            case 6:
                return Frames.tcp(r.nextInt(65536), r.nextInt(65536), r.nextInt(256), payload);
            case 17:
                return Frames.udp(r.nextInt(65536), r.nextInt(65536), payload);
            case 1, 58:
                return Frames.icmp(r.nextInt(256), r.nextInt(256), payload);
            default:
                return payload;
        }
    }

    private static int protocol(final SplittableRandom r, final boolean v6)
    {
        final int[] choices = v6 ? new int[] {6, 17, 58, 47, 132} : new int[] {6, 17, 1, 47, 132};
        return choices[r.nextInt(choices.length)];
    }

    private static byte[] ipv4(final SplittableRandom r)
    {
        final int protocol = protocol(r, false);
        final byte[] options = new byte[4 * r.nextInt(3)];
        final int fragment = r.nextInt(5) == 0 ? (r.nextBoolean() ? 0x2000 : 0) | r.nextInt(3) * 100 : 0x4000;
        return Frames.ipv4(protocol, r.nextInt(), r.nextInt(), r.nextInt(256), options, fragment, l4(r, protocol));
    }

    private static byte[] ipv6(final SplittableRandom r)
    {
        final int protocol = protocol(r, true);
        byte[] chain = l4(r, protocol);
        int next = protocol;
        for (int e = r.nextInt(4); e > 0; e--)
        {
            final int kind = new int[] {0, 43, 60, 51, 44}[r.nextInt(5)];
            final byte[] header;
            if (kind == 44)
            {
                header = Frames.fragmentHeader(
                    next, r.nextInt(3) == 0 ? 8 * r.nextInt(100) : 0, r.nextBoolean(), r.nextInt());
            }
            else if (kind == 51)
            {
                header = Frames.authHeader(next, 12 + 4 * r.nextInt(4));
            }
            else
            {
                header = Frames.extension(next, r.nextInt(3));
            }
            chain = concat(header, chain);
            next = kind;
        }
        return Frames.ipv6(next, r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextInt(256), chain);
    }
}
