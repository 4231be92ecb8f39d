package dev.wirespeed.sim.gen;

import dev.wirespeed.sim.trace.PcapWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic synthetic Ethernet pcap for replay benchmarks: IPv4 UDP and TCP packets from
 * {@code flows} flows (source 10.2.x.y, destination in 10.0.0.0/8) of 64 to 1500 bytes, a share of them
 * HTTP/1.1 request segments to port 80 ({@code Host: web}) followed by body segments of the same flow, and
 * 1% with TTL 1. Checksums of the IPv4 headers are valid. Same seed, same bytes.
 */
public final class CaptureGenerator
{
    private CaptureGenerator()
    {
    }

    /**
     * @param file      the pcap to write.
     * @param packets   how many packets.
     * @param flows     how many distinct flows.
     * @param httpShare share (0..1) of flows that are HTTP to port 80.
     * @param seed      random seed.
     * @return bytes written.
     * @throws IOException on a write error.
     */
    public static long write(final Path file, final long packets, final int flows, final double httpShare,
        final long seed) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] src = new int[flows];
        final int[] dst = new int[flows];
        final int[] sport = new int[flows];
        final boolean[] http = new boolean[flows];
        final boolean[] started = new boolean[flows];
        for (int f = 0; f < flows; f++)
        {
            src[f] = 0x0A020000 | random.nextInt(1 << 16);
            http[f] = random.nextDouble() < httpShare;
            dst[f] = http[f] ? 0x0A600050 : 0x0A000000 | random.nextInt(1 << 24); // 10.96.0.80 for HTTP
            sport[f] = 1024 + random.nextInt(60000);
        }
        final byte[] frame = new byte[1514];
        final ByteBuffer b = ByteBuffer.wrap(frame);
        final byte[] request = "GET /api/items?page=1 HTTP/1.1\r\nHost: web\r\nUser-Agent: gen\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
        long bytes = 24;
        try (PcapWriter w = PcapWriter.create(file, 1, PcapWriter.Precision.NANOS, PcapWriter.DEFAULT_SNAPLEN))
        {
            for (long i = 0; i < packets; i++)
            {
                final int f = random.nextInt(flows);
                final boolean tcp = http[f] || (f & 1) == 0;
                final int ttl = random.nextInt(100) == 0 ? 1 : 64;
                int payload = 18 + random.nextInt(64) * (random.nextInt(8) == 0 ? 22 : 1);
                b.clear();
                b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)0x0800);
                final int l4Header = tcp ? 20 : 8;
                final boolean sendRequest = http[f] && (!started[f] || random.nextInt(16) == 0);
                if (sendRequest)
                {
                    payload = request.length;
                    started[f] = true;
                }
                final int total = 20 + l4Header + payload;
                b.put((byte)0x45).put((byte)0).putShort((short)total).putShort((short)i).putShort((short)0)
                    .put((byte)ttl).put((byte)(tcp ? 6 : 17)).putShort((short)0).putInt(src[f]).putInt(dst[f]);
                int sum = 0;
                for (int k = 14; k < 34; k += 2)
                {
                    sum += ((frame[k] & 0xFF) << 8) | (frame[k + 1] & 0xFF);
                }
                sum = (sum & 0xFFFF) + (sum >>> 16);
                sum = (sum & 0xFFFF) + (sum >>> 16);
                b.putShort(24, (short)~sum);
                b.putShort((short)sport[f]).putShort((short)(http[f] ? 80 : 5000 + (f & 1023)));
                if (tcp)
                {
                    b.putInt((int)i).putInt(0).put((byte)0x50).put((byte)0x18).putShort((short)65535).putInt(0);
                }
                else
                {
                    b.putShort((short)(8 + payload)).putShort((short)0);
                }
                if (sendRequest)
                {
                    b.put(request);
                }
                else
                {
                    for (int k = 0; k < payload; k++)
                    {
                        b.put((byte)'x');
                    }
                }
                final int length = b.position();
                w.write(i * 1000L, frame, 0, length, length);
                bytes += 16 + length;
            }
        }
        return bytes;
    }
}
