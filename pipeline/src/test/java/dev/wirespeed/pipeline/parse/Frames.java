package dev.wirespeed.pipeline.parse;

import org.agrona.BufferUtil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test-side builder of frames (network byte order) and a native copy of them to parse in place. */
final class Frames
{
    private Frames()
    {
    }

    static byte[] concat(final byte[]... parts)
    {
        int n = 0;
        for (final byte[] p : parts)
        {
            n += p.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(n);
        for (final byte[] p : parts)
        {
            b.put(p);
        }
        return b.array();
    }

    static byte[] ethernet(final int etherType, final byte[] payload, final int... tpidVidPairs)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 2 * tpidVidPairs.length + payload.length);
        b.put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        for (int i = 0; i < tpidVidPairs.length; i += 2)
        {
            b.putShort((short)tpidVidPairs[i]).putShort((short)(0x2000 | tpidVidPairs[i + 1]));
        }
        b.putShort((short)etherType).put(payload);
        return b.array();
    }

    static byte[] sll(final int protocol, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort((short)0).putShort((short)1).putShort((short)6).put(new byte[8]).putShort((short)protocol)
            .put(payload);
        return b.array();
    }

    static byte[] sll2(final int protocol, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short)protocol).putShort((short)0).putInt(3).putShort((short)1).put((byte)0).put((byte)6)
            .put(new byte[8]).put(payload);
        return b.array();
    }

    static byte[] nullHeader(final int family, final ByteOrder order, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.order(order).putInt(family).order(ByteOrder.BIG_ENDIAN).put(payload);
        return b.array();
    }

    /** IPv4 header (+ options, padded) + payload; total length, checksum computed. */
    static byte[] ipv4(final int protocol, final int src, final int dst, final int ttl, final byte[] options,
        final int flagsAndOffset, final byte[] payload)
    {
        final int ihl = 20 + ((options.length + 3) & ~3);
        final ByteBuffer b = ByteBuffer.allocate(ihl + payload.length);
        b.put((byte)(0x40 | (ihl / 4))).put((byte)0).putShort((short)(ihl + payload.length)).putShort((short)0x1234)
            .putShort((short)flagsAndOffset).put((byte)ttl).put((byte)protocol).putShort((short)0)
            .putInt(src).putInt(dst).put(options);
        b.position(ihl);
        b.put(payload);
        final byte[] a = b.array();
        int sum = 0;
        for (int i = 0; i < ihl; i += 2)
        {
            sum += ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        final int checksum = ~sum & 0xFFFF;
        a[10] = (byte)(checksum >>> 8);
        a[11] = (byte)checksum;
        return a;
    }

    static byte[] ipv4(final int protocol, final int src, final int dst, final byte[] payload)
    {
        return ipv4(protocol, src, dst, 64, new byte[0], 0, payload);
    }

    /** IPv6 header + payload (extension headers and L4 already in it). */
    static byte[] ipv6(final int nextHeader, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final int hopLimit, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short)payload.length).put((byte)nextHeader).put((byte)hopLimit)
            .putLong(srcHi).putLong(srcLo).putLong(dstHi).putLong(dstLo).put(payload);
        return b.array();
    }

    static byte[] ipv6(final int nextHeader, final byte[] payload)
    {
        return ipv6(nextHeader, 0x20010db800000000L, 1L, 0x20010db800000000L, 2L, 64, payload);
    }

    /** A generic extension header (hop-by-hop, routing, destination options) of 8 × (units + 1) bytes. */
    static byte[] extension(final int nextHeader, final int units)
    {
        final byte[] e = new byte[8 * (units + 1)];
        e[0] = (byte)nextHeader;
        e[1] = (byte)units;
        e[2] = 1; // PadN option spanning the rest
        e[3] = (byte)(e.length - 4);
        return e;
    }

    static byte[] fragmentHeader(final int nextHeader, final int offsetBytes, final boolean more, final int id)
    {
        final ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte)nextHeader).put((byte)0).putShort((short)(offsetBytes | (more ? 1 : 0))).putInt(id);
        return b.array();
    }

    /** AH with {@code words} 32-bit words after its fixed 12 bytes... length field = total/4 − 2. */
    static byte[] authHeader(final int nextHeader, final int totalBytes)
    {
        final byte[] e = new byte[totalBytes];
        e[0] = (byte)nextHeader;
        e[1] = (byte)(totalBytes / 4 - 2);
        return e;
    }

    static byte[] tcp(final int srcPort, final int dstPort, final int flags, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short)srcPort).putShort((short)dstPort).putInt(1000).putInt(0).put((byte)0x50).put((byte)flags)
            .putShort((short)65535).putShort((short)0).putShort((short)0).put(payload);
        return b.array();
    }

    static byte[] udp(final int srcPort, final int dstPort, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short)srcPort).putShort((short)dstPort).putShort((short)(8 + payload.length)).putShort((short)0)
            .put(payload);
        return b.array();
    }

    static byte[] icmp(final int type, final int code, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.put((byte)type).put((byte)code).putShort((short)0).putInt(0x00010002).put(payload);
        return b.array();
    }

    static byte[] bytes(final int n)
    {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)('a' + i % 26);
        }
        return b;
    }

    /** A native copy of frames, one at a time. */
    static final class Native
    {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 17);
        private final long address = BufferUtil.address(buffer);

        long put(final byte[] frame)
        {
            buffer.clear();
            buffer.put(frame);
            return address;
        }

        long address()
        {
            return address;
        }
    }
}
