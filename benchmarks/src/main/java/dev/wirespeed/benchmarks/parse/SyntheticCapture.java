package dev.wirespeed.benchmarks.parse;

import dev.wirespeed.sim.trace.PcapWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Writes (once, then reuses) a large pcap of realistic traffic for the benchmarks: by count 35% 60-byte
 * TCP ACKs, 10% 128-byte VLAN-tagged UDP, 30% 1514-byte IPv4 TCP segments, 10% 1514-byte IPv6 TCP,
 * 10% 200-byte IPv6 UDP, 5% ~400-byte HTTP GET requests; random ports and addresses per packet, so
 * branch predictors and caches see variety. The mean packet is ~700 bytes.
 */
public final class SyntheticCapture
{
    private SyntheticCapture()
    {
    }

    /**
     * @param megabytes approximate file size.
     * @return the capture in the temp directory, generated if absent.
     * @throws IOException on a write error.
     */
    public static Path ensure(final int megabytes) throws IOException
    {
        final Path file =
                Path.of(System.getProperty("java.io.tmpdir"), "wirespeed-synthetic-v1-" + megabytes + "MB.pcap");
        if (Files.exists(file))
        {
            return file;
        }
        final Path tmp = Files.createTempFile(file.getParent(), "wirespeed-synthetic", ".tmp");
        final long target = (long)megabytes << 20;
        final SplittableRandom random = new SplittableRandom(42);
        final byte[][] templates = templates();
        long written = 24;
        long ts = 1_700_000_000_000_000_000L;
        try (PcapWriter w = PcapWriter.create(tmp, 1, PcapWriter.Precision.NANOS, 65535))
        {
            while (written < target)
            {
                final int t = pickTemplate(random);
                final byte[] frame = templates[t];
                randomise(frame, t, random);
                ts += random.nextInt(2000);
                w.write(ts, frame, 0, frame.length, frame.length);
                written += 16 + frame.length;
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** @return the six frame templates of the mix, in the order {@link #pickTemplate} uses. */
    static byte[][] templates()
    {
        return new byte[][] {
            eth(0x0800, ipv4(6, tcp(0x10, 0)), 60),
            vlan(ipv4(17, udp(82))),
            eth(0x0800, ipv4(6, tcp(0x18, 1460)), 0),
            eth(0x86DD, ipv6(6, tcp(0x18, 1440)), 0),
            eth(0x86DD, ipv6(17, udp(138)), 0),
            eth(0x0800, ipv4(6, http()), 0),
        };
    }

    /** @return a template index drawn with the mix's weights (35, 10, 30, 10, 10, 5 %). */
    static int pickTemplate(final SplittableRandom random)
    {
        final int pick = random.nextInt(100);
        return pick < 35 ? 0 : pick < 45 ? 1 : pick < 75 ? 2 : pick < 85 ? 3 : pick < 95 ? 4 : 5;
    }

    /** Random source address and port in a template's copy. */
    static void randomise(final byte[] frame, final int template, final SplittableRandom random)
    {
        final int l3 = template == 1 ? 18 : 14;
        final boolean v6 = template == 3 || template == 4;
        final int l4 = l3 + (v6 ? 40 : 20);
        final int addr = random.nextInt(1 << 16);
        final int srcOffset = l3 + (v6 ? 22 : 14);
        frame[srcOffset] = (byte)(addr >>> 8);
        frame[srcOffset + 1] = (byte)addr;
        final int port = 1024 + random.nextInt(60000);
        frame[l4] = (byte)(port >>> 8);
        frame[l4 + 1] = (byte)port;
    }

    private static byte[] eth(final int etherType, final byte[] payload, final int minLength)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(14 + payload.length, minLength));
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)etherType).put(payload);
        return b.array();
    }

    private static byte[] vlan(final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(18 + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)0x8100).putShort((short)100)
            .putShort((short)0x0800).put(payload);
        return b.array();
    }

    private static byte[] ipv4(final int protocol, final byte[] l4)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte)0x45).put((byte)0).putShort((short)(20 + l4.length)).putInt(0x40000000).put((byte)64)
            .put((byte)protocol).putShort((short)0).putInt(0x0A000001).putInt(0x0A010001).put(l4);
        return b.array();
    }

    private static byte[] ipv6(final int nextHeader, final byte[] l4)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
        b.putInt(0x60000000).putShort((short)l4.length).put((byte)nextHeader).put((byte)64)
            .putLong(0x20010db800000000L).putLong(1).putLong(0x20010db800010000L).putLong(2).put(l4);
        return b.array();
    }

    private static byte[] tcp(final int flags, final int payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + payload);
        b.putShort((short)40000).putShort((short)443).putInt(1).putInt(2).put((byte)0x50).put((byte)flags)
            .putShort((short)65535).putInt(0);
        return b.array();
    }

    private static byte[] udp(final int payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putShort((short)40000).putShort((short)53).putShort((short)(8 + payload)).putShort((short)0);
        return b.array();
    }

    private static byte[] http()
    {
        final byte[] request = ("GET /reviews/0?user=jason HTTP/1.1\r\nHost: reviews.default.svc.cluster.local:9080\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: text/html,application/xhtml+xml\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate\r\nend-user: jason\r\n"
            + "x-request-id: 8f7c2a5e-3b1d-4c9e-a2f0-6d5b4e3c2a10\r\nConnection: keep-alive\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer b = ByteBuffer.allocate(20 + request.length);
        b.putShort((short)40000).putShort((short)9080).putInt(1).putInt(2).put((byte)0x50).put((byte)0x18)
            .putShort((short)65535).putInt(0).put(request);
        return b.array();
    }
}
