package dev.wirespeed.pipeline.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test-side reader of the small classic pcap files under {@code src/test/resources/captures}. */
final class CaptureFrames
{
    final int linkType;
    final List<byte[]> frames;

    private CaptureFrames(final int linkType, final List<byte[]> frames)
    {
        this.linkType = linkType;
        this.frames = frames;
    }

    static CaptureFrames read(final String name)
    {
        try (InputStream in = CaptureFrames.class.getResourceAsStream("/captures/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing test resource captures/" + name);
            }
            final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes());
            final int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (magic != 0xa1b2c3d4)
            {
                b.order(ByteOrder.BIG_ENDIAN);
            }
            final int linkType = b.getInt(20);
            final List<byte[]> frames = new ArrayList<>();
            int off = 24;
            while (off + 16 <= b.limit())
            {
                final int incl = b.getInt(off + 8);
                frames.add(Arrays.copyOfRange(b.array(), off + 16, off + 16 + incl));
                off += 16 + incl;
            }
            return new CaptureFrames(linkType, frames);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** @return per client port (in order of first appearance), its TCP payloads towards {@code dstPort}. */
    java.util.Map<Integer, List<byte[]>> tcpStreams(final int dstPort)
    {
        final Frames.Native mem = new Frames.Native();
        final ParsedPacket p = new ParsedPacket();
        final java.util.Map<Integer, List<byte[]>> out = new java.util.LinkedHashMap<>();
        for (final byte[] f : frames)
        {
            PacketParser.parse(mem.put(f), f.length, linkType, p);
            if (p.isForward() && p.protocol == 6 && p.dstPort == dstPort && p.payloadLength > 0)
            {
                out.computeIfAbsent(p.srcPort, k -> new ArrayList<>())
                    .add(Arrays.copyOfRange(f, p.payloadOffset, p.payloadOffset + p.payloadLength));
            }
        }
        return out;
    }

    /** @return the TCP payloads (in capture order) of the frames that carry any, towards {@code dstPort}. */
    List<byte[]> tcpPayloads(final int dstPort)
    {
        final Frames.Native mem = new Frames.Native();
        final ParsedPacket p = new ParsedPacket();
        final List<byte[]> out = new ArrayList<>();
        for (final byte[] f : frames)
        {
            PacketParser.parse(mem.put(f), f.length, linkType, p);
            if (p.isForward() && p.protocol == 6 && p.dstPort == dstPort && p.payloadLength > 0)
            {
                out.add(Arrays.copyOfRange(f, p.payloadOffset, p.payloadOffset + p.payloadLength));
            }
        }
        return out;
    }
}
