package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PacketRequestView#contentEquals} (eight bytes a step from the packet) against the byte-by-byte rule of
 * {@link L7RequestView}'s default, for random request heads and candidates that equal a field, differ from it in
 * one byte at every position, or are one byte shorter or longer; and the destination text, kept between requests
 * to the same destination, always that of the request's own. Seed: {@code -Dwirespeed.seed=N}.
 */
class PacketRequestViewContentEqualsTest
{
    private static final int[] HANDLES = {
        L7RequestView.METHOD, L7RequestView.PATH, L7RequestView.AUTHORITY, L7RequestView.SCHEME, L7RequestView.DST,
        L7RequestView.SOURCE_IP,
    };

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final long address = BufferUtil.address(buffer);
    private final HttpRequestStart start = new HttpRequestStart();
    private final PacketRequestView view = new PacketRequestView(MeshDirectory.EMPTY);

    /** The interface's rule, a byte a call. */
    private static boolean reference(final L7RequestView v, final int handle, final byte[] b, final int length)
    {
        if (handle < 0 || v.length(handle) != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (v.byteAt(handle, i) != b[i])
            {
                return false;
            }
        }
        return true;
    }

    private static String text(final SplittableRandom random, final int max)
    {
        final StringBuilder b = new StringBuilder();
        final int n = 1 + random.nextInt(max);
        for (int i = 0; i < n; i++)
        {
            b.append((char)('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private void load(final String head, final int dstHost, final int dstPort)
    {
        final byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        buffer.clear();
        buffer.put(b);
        assertThat(HttpRequestSniffer.sniff(address, b.length, start)).as(head).isTrue();
        view.resetHttp(1, address, b.length, start, 9080, 4, 0L, 0x0A00_0001L)
            .destination(4, 0L, 0x7F00_0000L | dstHost, dstPort);
    }

    private String text(final int handle)
    {
        final byte[] b = new byte[view.length(handle)];
        view.copyTo(handle, b, 0);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private void check(final int handle, final byte[] candidate, final int length)
    {
        assertThat(view.contentEquals(handle, candidate, length))
            .as("handle %d, candidate %s", handle, new String(candidate, 0, Math.max(0, length),
                StandardCharsets.ISO_8859_1))
            .isEqualTo(reference(view, handle, candidate, length));
    }

    @Test
    void shouldAnswerAsTheByteByByteRuleForEveryFieldAndEveryOneByteDifference()
    {
        final long seed = Long.getLong("wirespeed.seed", 0xC0DE_E0A1L);
        System.out.println("PacketRequestViewContentEqualsTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        int equal = 0;
        for (int round = 0; round < 200; round++)
        {
            // a few destinations, so the kept destination text is both reused and replaced
            final int dstHost = 1 + random.nextInt(3);
            final int dstPort = random.nextBoolean() ? 9080 : 80;
            load("GET /" + text(random, 40) + " HTTP/1.1\r\nHost: " + text(random, 30) + ".example:80\r\n\r\n",
                dstHost, dstPort);
            assertThat(text(L7RequestView.DST)).isEqualTo("127.0.0." + dstHost + ":" + dstPort);
            for (final int handle : HANDLES)
            {
                final int n = view.length(handle);
                final byte[] same = new byte[Math.max(n, 0) + 8];
                for (int i = 0; i < n; i++)
                {
                    same[i] = view.byteAt(handle, i);
                }
                check(handle, same, n);
                equal += view.contentEquals(handle, same, n) ? 1 : 0;
                check(handle, same, n - 1);
                check(handle, same, n + 1);
                for (int i = 0; i < n; i++)
                {
                    final byte[] other = Arrays.copyOf(same, same.length);
                    other[i] ^= 0x20;
                    check(handle, other, n);
                }
            }
            check(-1, new byte[8], 0);
        }
        assertThat(equal).as("fields equal to their own bytes").isEqualTo(200 * HANDLES.length);
    }
}
