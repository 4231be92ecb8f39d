package dev.wirespeed.sim.trace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Test-side writer of pcap and pcapng bytes, including the damaged kinds a reader must survive. */
public final class CaptureBuilder
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    private CaptureBuilder(final ByteOrder order)
    {
        this.order = order;
    }

    /** A pcap file header. */
    public static CaptureBuilder pcap(final ByteOrder order, final boolean nanos, final int linkType, final int snaplen)
    {
        final CaptureBuilder b = new CaptureBuilder(order);
        final ByteBuffer h = b.buffer(24);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(snaplen).putInt(linkType);
        b.write(h);
        return b;
    }

    /** An empty pcapng stream: start with {@link #section}. */
    public static CaptureBuilder pcapng()
    {
        return new CaptureBuilder(ByteOrder.LITTLE_ENDIAN);
    }

    /** A pcap record. */
    public CaptureBuilder record(final long seconds, final long fraction, final byte[] data, final int origlen)
    {
        return record(seconds, fraction, data, data.length, origlen);
    }

    /** A pcap record whose header claims {@code caplen} while {@code data} is written as is. */
    public CaptureBuilder record(
        final long seconds, final long fraction, final byte[] data, final int caplen, final int origlen)
    {
        final ByteBuffer h = buffer(16);
        h.putInt((int)seconds).putInt((int)fraction).putInt(caplen).putInt(origlen);
        write(h);
        out.writeBytes(data);
        return this;
    }

    /** A section header block in the given byte order (interfaces restart). */
    public CaptureBuilder section(final ByteOrder sectionOrder)
    {
        order = sectionOrder;
        final ByteBuffer body = buffer(16);
        body.putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1L);
        return block(0x0A0D0D0A, body.array());
    }

    /** An interface description block with optional if_tsresol (−1: none) and if_tsoffset (0: none). */
    public CaptureBuilder interfaceBlock(final int linkType, final int snaplen, final int tsresol, final long tsoffset)
    {
        final ByteBuffer body = buffer(64);
        body.putShort((short)linkType).putShort((short)0).putInt(snaplen);
        body.putShort((short)2).putShort((short)4).put("eth0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (tsresol >= 0)
        {
            body.putShort((short)9).putShort((short)1).put((byte)tsresol).put(new byte[3]);
        }
        if (tsoffset != 0)
        {
            body.putShort((short)14).putShort((short)8).putLong(tsoffset);
        }
        body.putShort((short)0).putShort((short)0);
        return block(1, Arrays.copyOf(body.array(), body.position()));
    }

    /** An enhanced packet block. */
    public CaptureBuilder epb(final int interfaceId, final long ticks, final byte[] data, final int origlen)
    {
        return epb(interfaceId, ticks, data, data.length, origlen);
    }

    /** An enhanced packet block whose caplen field may lie. */
    public CaptureBuilder epb(
        final int interfaceId, final long ticks, final byte[] data, final int caplen, final int origlen)
    {
        final int padded = (data.length + 3) & ~3;
        final ByteBuffer body = buffer(20 + padded + 8);
        body.putInt(interfaceId).putInt((int)(ticks >>> 32)).putInt((int)ticks).putInt(caplen).putInt(origlen);
        body.put(data).put(new byte[padded - data.length]);
        body.putShort((short)1).putShort((short)2).put(new byte[] {'h', 'i'}).put(new byte[2]); // opt_comment
        return block(6, body.array());
    }

    /** An obsolete packet block (16-bit interface id). */
    CaptureBuilder opb(final int interfaceId, final long ticks, final byte[] data, final int origlen)
    {
        final int padded = (data.length + 3) & ~3;
        final ByteBuffer body = buffer(20 + padded);
        body.putShort((short)interfaceId).putShort((short)0).putInt((int)(ticks >>> 32)).putInt((int)ticks)
            .putInt(data.length).putInt(origlen).put(data).put(new byte[padded - data.length]);
        return block(2, body.array());
    }

    /** A simple packet block: the data written is {@code data}, the original length {@code origlen}. */
    CaptureBuilder spb(final byte[] data, final int origlen)
    {
        final int padded = (data.length + 3) & ~3;
        final ByteBuffer body = buffer(4 + padded);
        body.putInt(origlen).put(data).put(new byte[padded - data.length]);
        return block(3, body.array());
    }

    /** Any block: type, body (padded to 4 here), lengths before and after. */
    CaptureBuilder block(final int type, final byte[] body)
    {
        final int padded = (body.length + 3) & ~3;
        final int length = 12 + padded;
        final ByteBuffer b = buffer(length);
        b.putInt(type).putInt(length).put(body).put(new byte[padded - body.length]).putInt(length);
        write(b);
        return this;
    }

    /** A block header with an arbitrary total length, and nothing else. */
    CaptureBuilder blockHeader(final int type, final int length)
    {
        final ByteBuffer b = buffer(8);
        b.putInt(type).putInt(length);
        write(b);
        return this;
    }

    /** Bytes appended as they are (garbage, a cut record…). */
    public CaptureBuilder raw(final byte[] bytes)
    {
        out.writeBytes(bytes);
        return this;
    }

    public byte[] build()
    {
        return out.toByteArray();
    }

    private ByteBuffer buffer(final int size)
    {
        return ByteBuffer.allocate(size).order(order);
    }

    private void write(final ByteBuffer b)
    {
        out.write(b.array(), 0, b.position());
    }

    /** A frame of {@code length} bytes whose contents identify {@code seed}. */
    static byte[] frame(final int seed, final int length)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(seed * 31 + i * 7);
        }
        return b;
    }
}
