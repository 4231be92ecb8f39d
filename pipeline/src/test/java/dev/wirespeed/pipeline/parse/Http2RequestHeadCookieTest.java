package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.OffHeap;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 cookie crumbs (RFC 9113 §8.2.3) in the rendered head: one {@code cookie} line after the other fields,
 * joined with {@code "; "} as Envoy's codec rebuilds them ({@code reconstituteCrumbledCookies}); and {@code host}
 * fields, which Envoy's codec drops beside {@code :authority} and otherwise joins into it.
 */
class Http2RequestHeadCookieTest
{
    private static final int CAPACITY = 512;

    @Test
    void shouldJoinCrumbsIntoOneLineAfterTheOtherFields()
    {
        assertThat(render("cookie", "a=1", "x-tag", "p", "cookie", "b=2", "x-tag", "q", "cookie", "c=3"))
            .isEqualTo("GET /cart HTTP/1.1\r\nHost: cart\r\nx-tag: p\r\nx-tag: q\r\ncookie: a=1; b=2; c=3\r\n\r\n");
    }

    @Test
    void shouldSkipEmptyCrumbsBeforeTheFirstValueAndKeepThoseAfterAsEnvoyDoes()
    {
        assertThat(render("cookie", "", "cookie", "a=1", "cookie", "", "cookie", "b=2"))
            .isEqualTo("GET /cart HTTP/1.1\r\nHost: cart\r\ncookie: a=1; ; b=2\r\n\r\n");
        assertThat(render("cookie", "", "cookie", "")).as("every crumb empty: no cookie line")
            .isEqualTo("GET /cart HTTP/1.1\r\nHost: cart\r\n\r\n");
    }

    @Test
    void shouldRefuseACrumbWithALineFeedAndReportAHeadTooLarge()
    {
        final Http2Headers h = headers("cookie", "a=1", "cookie", "b=\n2");
        final ByteBuffer out = ByteBuffer.allocateDirect(CAPACITY);
        assertThat(Http2RequestHead.render(h, org.agrona.BufferUtil.address(out), CAPACITY))
            .isEqualTo(Http2RequestHead.MALFORMED);
        final Http2Headers big = headers("cookie", "a=" + "x".repeat(200), "cookie", "b=" + "y".repeat(200));
        assertThat(Http2RequestHead.render(big, org.agrona.BufferUtil.address(out), 300))
            .isEqualTo(Http2RequestHead.TOO_LARGE);
    }

    @Test
    void shouldDropHostFieldsBesideTheAuthorityAndKeepEveryHostFieldWithoutIt()
    {
        assertThat(render("host", "other", "x-tag", "p", "host", "third")).as("http2_discard_host_header")
            .isEqualTo("GET /cart HTTP/1.1\r\nHost: cart\r\nx-tag: p\r\n\r\n");
        final Http2Headers h = new Http2Headers();
        h.reset();
        add(h, ":method", "GET");
        add(h, ":path", "/cart");
        for (final String[] f : new String[][] {{"host", ""}, {"x-tag", "p"}, {"host", "b"}, {"host", "c"}})
        {
            add(h, f[0], f[1]);
        }
        final String head = render(h);
        assertThat(head).as("no :authority: the first host is the Host line, the others stay host lines")
            .isEqualTo("GET /cart HTTP/1.1\r\nHost: \r\nx-tag: p\r\nhost: b\r\nhost: c\r\n\r\n");
        final ByteBuffer at = ByteBuffer.allocateDirect(CAPACITY);
        final byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        at.put(b);
        final byte[] joined = new byte[b.length];
        final int n = HttpRequestSniffer.joinHostValues(org.agrona.BufferUtil.address(at), b.length,
            new HttpRequestStart(), joined);
        assertThat(new String(joined, 0, n, StandardCharsets.ISO_8859_1)).as("Envoy's :authority").isEqualTo("b,c");
    }

    private static String render(final String... fields)
    {
        return render(headers(fields));
    }

    private static String render(final Http2Headers h)
    {
        final ByteBuffer out = ByteBuffer.allocateDirect(CAPACITY);
        final long at = org.agrona.BufferUtil.address(out);
        final int n = Http2RequestHead.render(h, at, CAPACITY);
        assertThat(n).isPositive();
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = OffHeap.MEMORY.getByte(at + i);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A decoded list: {@code :method GET}, {@code :path /cart}, {@code :authority cart}, then the pairs given. */
    private static Http2Headers headers(final String... fields)
    {
        final Http2Headers h = new Http2Headers();
        h.reset();
        add(h, ":method", "GET");
        add(h, ":path", "/cart");
        add(h, ":authority", "cart");
        for (int i = 0; i < fields.length; i += 2)
        {
            add(h, fields[i], fields[i + 1]);
        }
        return h;
    }

    private static void add(final Http2Headers h, final String name, final String value)
    {
        final int f = h.count++;
        final byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, h.data, h.used, n.length);
        h.nameOffset[f] = h.used;
        h.nameLength[f] = n.length;
        h.used += n.length;
        System.arraycopy(v, 0, h.data, h.used, v.length);
        h.valueOffset[f] = h.used;
        h.valueLength[f] = v.length;
        h.used += v.length;
        h.classify(f);
    }
}
