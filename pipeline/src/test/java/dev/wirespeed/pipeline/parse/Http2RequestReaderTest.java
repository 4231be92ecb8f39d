package dev.wirespeed.pipeline.parse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The h2c request reader on real nghttp and curl connections, under any segmentation, and under mutation. */
class Http2RequestReaderTest
{
    private final Frames.Native mem = new Frames.Native();
    private final HpackDecoder decoder = new HpackDecoder();
    private final Http2Headers headers = new Http2Headers();

    @Test
    void shouldReadEveryRequestOfTheRecordedConnectionsIncludingDynamicTableReferences()
    {
        final Map<Integer, List<byte[]>> streams = CaptureFrames.read("h2c.pcap").tcpStreams(9080);
        assertThat(streams).hasSize(2);
        final List<String> requests = new ArrayList<>();
        for (final List<byte[]> segments : streams.values())
        {
            final Http2RequestReader reader = new Http2RequestReader(16384, 4096);
            for (final byte[] s : segments)
            {
                requests.addAll(read(reader, s));
            }
        }
        assertThat(requests).containsExactly(
            "13 GET reviews /reviews/1 null", // nghttp opens streams 3..11 with PRIORITY frames first
            "15 GET reviews /reviews/2 null",
            "17 GET reviews /ratings null",
            "1 POST reviews:9080 /reviews.Reviews/Get application/grpc");
    }

    @Test
    void shouldReadTheSameRequestsWhateverTheSegmentBoundaries()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("shouldReadTheSameRequestsWhateverTheSegmentBoundaries seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        final JdkHpack jdk = new JdkHpack(4096);
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(stream, 4, 0, 0, new byte[12]);
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            final List<String[]> fields = HpackDecoderTest.randomFields(r);
            final int streamId = 1 + 2 * i;
            expected.add(streamId + " " + fields.get(0)[1] + " " + fields.get(3)[1] + " " + fields.get(2)[1]);
            headersFrames(stream, streamId, jdk.encode(fields, false), r);
            frame(stream, 0, 1, streamId, new byte[r.nextInt(100)]);
            frame(stream, 8, 0, 0, new byte[4]);
        }
        final byte[] all = stream.toByteArray();
        for (int round = 0; round < 200; round++)
        {
            final Http2RequestReader reader = new Http2RequestReader(16384, 4096);
            final List<String> got = new ArrayList<>();
            int at = 0;
            while (at < all.length)
            {
                final int n = Math.min(all.length - at, 1 + r.nextInt(r.nextBoolean() ? 20 : 2000));
                final byte[] s = java.util.Arrays.copyOfRange(all, at, at + n);
                for (final String req : read(reader, s))
                {
                    got.add(req.substring(0, req.lastIndexOf(' ')));
                }
                at += n;
            }
            assertThat(got).as("round " + round).isEqualTo(expected);
        }
    }

    @Test
    void shouldTellOtherProtocolsFromBrokenFrames()
    {
        final Http2RequestReader reader = new Http2RequestReader(16384, 4096);
        final byte[] http1 = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        reader.segment(mem.put(http1), http1.length);
        assertThat(reader.next(decoder, headers)).isEqualTo(Http2RequestReader.NOT_H2);
        final ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(s, 4, 0, 0, new byte[7]); // SETTINGS not a multiple of 6
        final Http2RequestReader broken = new Http2RequestReader(16384, 4096);
        final byte[] b = s.toByteArray();
        broken.segment(mem.put(b), b.length);
        assertThat(broken.next(decoder, headers)).isEqualTo(Http2RequestReader.MALFORMED);
        broken.segment(mem.put(b), b.length);
        assertThat(broken.next(decoder, headers)).as("the connection stays refused")
            .isEqualTo(Http2RequestReader.MALFORMED);
    }

    @Test
    void shouldTurnMutatedConnectionsIntoACountedOutcomeNeverAnException()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("shouldTurnMutatedConnectionsIntoACountedOutcomeNeverAnException seed=" + seed);
        final SplittableRandom r = new SplittableRandom(seed);
        final int[] seen = new int[5];
        for (int i = 0; i < 5_000; i++)
        {
            final JdkHpack jdk = new JdkHpack(4096);
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            stream.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int k = 1 + r.nextInt(4); k > 0; k--)
            {
                headersFrames(stream, 1 + 2 * k, jdk.encode(HpackDecoderTest.randomFields(r), false), r);
            }
            final byte[] all = stream.toByteArray();
            for (int m = 1 + r.nextInt(3); m > 0; m--)
            {
                all[r.nextInt(all.length)] = (byte)r.nextInt(256);
            }
            final Http2RequestReader reader = new Http2RequestReader(r.nextInt(5) == 0 ? 64 : 16384, 4096);
            int last = Http2RequestReader.NEED_MORE;
            for (int at = 0; at < all.length; )
            {
                final int n = Math.min(all.length - at, 1 + r.nextInt(300));
                reader.segment(mem.put(java.util.Arrays.copyOfRange(all, at, at + n)), n);
                int outcome;
                while ((outcome = reader.next(decoder, headers)) == Http2RequestReader.HEADERS)
                {
                    seen[outcome]++;
                }
                last = outcome;
                at += n;
            }
            seen[last]++;
        }
        System.out.println("outcomes NEED_MORE, HEADERS, NOT_H2, MALFORMED, TOO_LARGE: "
            + java.util.Arrays.toString(seen));
        assertThat(seen).doesNotContain(0);
    }

    private List<String> read(final Http2RequestReader reader, final byte[] segment)
    {
        final List<String> out = new ArrayList<>();
        reader.segment(mem.put(segment), segment.length);
        int outcome;
        while ((outcome = reader.next(decoder, headers)) == Http2RequestReader.HEADERS)
        {
            out.add(headers.streamId + " " + value(headers.method) + " " + value(headers.authority) + " "
                + value(headers.path) + " " + contentType());
        }
        assertThat(outcome).isEqualTo(Http2RequestReader.NEED_MORE);
        return out;
    }

    private String value(final int field)
    {
        return field < 0 ? null : headers.value(field);
    }

    private String contentType()
    {
        for (int i = 0; i < headers.count; i++)
        {
            if (headers.name(i).equals("content-type"))
            {
                return headers.value(i);
            }
        }
        return null;
    }

    /** A HEADERS frame, maybe padded and with priority, maybe split into CONTINUATION frames. */
    private static void headersFrames(final ByteArrayOutputStream out, final int stream, final byte[] block,
        final SplittableRandom r)
    {
        final int first = r.nextBoolean() ? block.length : r.nextInt(block.length + 1);
        final boolean padded = r.nextBoolean();
        final boolean priority = r.nextBoolean();
        final ByteBuffer payload = ByteBuffer.allocate(first + 1 + 5 + 7);
        final int pad = padded ? r.nextInt(8) : 0;
        if (padded)
        {
            payload.put((byte)pad);
        }
        if (priority)
        {
            payload.putInt(0).put((byte)15);
        }
        payload.put(block, 0, first).put(new byte[pad]);
        final byte[] p = java.util.Arrays.copyOf(payload.array(), payload.position());
        final int flags = (first == block.length ? 0x4 : 0) | (padded ? 0x8 : 0) | (priority ? 0x20 : 0);
        frame(out, 1, flags, stream, p);
        int at = first;
        while (at < block.length)
        {
            final int n = Math.min(block.length - at, 1 + r.nextInt(block.length));
            frame(out, 9, at + n == block.length ? 0x4 : 0, stream, java.util.Arrays.copyOfRange(block, at, at + n));
            at += n;
        }
    }

    private static void frame(final ByteArrayOutputStream out, final int type, final int flags, final int stream,
        final byte[] payload)
    {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.writeBytes(ByteBuffer.allocate(4).putInt(stream).array());
        out.writeBytes(payload);
    }
}
