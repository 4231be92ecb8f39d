package dev.wirespeed.sim.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test-side builder of Ethernet frames (IPv4/IPv6 with TCP or UDP, ARP) with valid IPv4 header checksums. */
public final class TestPackets
{
    private TestPackets()
    {
    }

    /** @param a text a.b.c.d. @return it as a big-endian int. */
    public static int ip(final String a)
    {
        final String[] p = a.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
            | Integer.parseInt(p[3]);
    }

    /** An Ethernet + IPv4 + TCP frame. */
    public static byte[] tcp(final String src, final String dst, final int sport, final int dport, final int ttl,
        final int flags, final String payload)
    {
        final byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer l4 = ByteBuffer.allocate(20 + data.length);
        l4.putShort((short)sport).putShort((short)dport).putInt(1000).putInt(0).put((byte)0x50).put((byte)flags)
            .putShort((short)65535).putShort((short)0).putShort((short)0).put(data);
        return ipv4(src, dst, 6, ttl, l4.array());
    }

    /** An Ethernet + IPv4 + UDP frame. */
    public static byte[] udp(final String src, final String dst, final int sport, final int dport, final int ttl,
        final int payloadLength)
    {
        final ByteBuffer l4 = ByteBuffer.allocate(8 + payloadLength);
        l4.putShort((short)sport).putShort((short)dport).putShort((short)(8 + payloadLength)).putShort((short)0);
        return ipv4(src, dst, 17, ttl, l4.array());
    }

    /** An Ethernet + IPv4 frame around an L4 segment. */
    public static byte[] ipv4(final String src, final String dst, final int protocol, final int ttl, final byte[] l4)
    {
        final ByteBuffer f = ByteBuffer.allocate(14 + 20 + l4.length);
        f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)0x0800);
        final int ipStart = f.position();
        f.put((byte)0x45).put((byte)0).putShort((short)(20 + l4.length)).putShort((short)7).putShort((short)0)
            .put((byte)ttl).put((byte)protocol).putShort((short)0).putInt(ip(src)).putInt(ip(dst));
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += ((f.get(ipStart + i) & 0xFF) << 8) | (f.get(ipStart + i + 1) & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        f.putShort(ipStart + 10, (short)~sum);
        f.put(l4);
        return f.array();
    }

    /** An Ethernet + IPv6 + UDP frame. */
    public static byte[] udp6(final long dstLo, final int hopLimit, final int payloadLength)
    {
        final ByteBuffer f = ByteBuffer.allocate(14 + 40 + 8 + payloadLength);
        f.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)0x86DD);
        f.putInt(0x60000000).putShort((short)(8 + payloadLength)).put((byte)17).put((byte)hopLimit);
        f.putLong(0x20010db800000000L).putLong(1L).putLong(0x20010db800000000L).putLong(dstLo);
        f.putShort((short)5000).putShort((short)53).putShort((short)(8 + payloadLength)).putShort((short)0);
        return f.array();
    }

    /** An Ethernet ARP request. */
    public static byte[] arp()
    {
        final ByteBuffer f = ByteBuffer.allocate(42);
        f.put(new byte[] {-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 2}).putShort((short)0x0806);
        f.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)1);
        return f.array();
    }

    /** An Ethernet frame of an unsupported ethertype (LLDP). */
    public static byte[] lldp()
    {
        final ByteBuffer f = ByteBuffer.allocate(60);
        f.put(new byte[] {1, -128, -62, 0, 0, 14, 2, 0, 0, 0, 0, 2}).putShort((short)0x88CC);
        return f.array();
    }
}
