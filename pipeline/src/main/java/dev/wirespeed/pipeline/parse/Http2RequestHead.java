package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.OffHeap;

/**
 * Writes a decoded HTTP/2 request header list as the HTTP/1.1 request head it stands for (RFC 9113 §8.3.1:
 * {@code :method SP :path SP HTTP/1.1}, {@code Host: :authority}, then the regular fields), into native memory,
 * so the packet path routes an h2c stream with exactly the request view and the {@link HttpRequestSniffer} it
 * uses for HTTP/1.x: one route lookup code for both. Copies bytes only; allocation-free.
 *
 * <p>The {@code cookie} fields (RFC 9113 §8.2.3's crumbs) become one {@code cookie} line after the others, their
 * values joined with {@code "; "}, as Envoy's HTTP/2 codec rebuilds them ({@code reconstituteCrumbledCookies}: no
 * line when every crumb is empty). Any other field sent several times stays several lines. A {@code host} field is
 * dropped when {@code :authority} is there (Envoy's HTTP/2 codec discards it, {@code http2_discard_host_header});
 * without {@code :authority} the first {@code host} is the Host line and any other stays a {@code host} line, so the
 * view joins them into the authority as Envoy's header map does ({@link HttpRequestSniffer#joinHostValues}).
 *
 * <p>A list the HTTP/2 rules call malformed is refused ({@link #MALFORMED}): no {@code :method} or
 * {@code :path} (CONNECT, which has no path, is not routed), neither {@code :authority} nor {@code host}, a
 * field value with CR, LF or NUL (§8.2.1), a {@code :path} with a space or control byte.
 */
public final class Http2RequestHead
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** The list is not a routable, well-formed request. */
    public static final int MALFORMED = -1;
    /** The head does not fit the space given. */
    public static final int TOO_LARGE = -2;

    private static final int BAD_CRUMB = Integer.MIN_VALUE;
    private static final byte[] VERSION = " HTTP/1.1\r\nHost: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Http2RequestHead()
    {
    }

    /**
     * @param h        a decoded header list.
     * @param dst      native address to write at.
     * @param capacity bytes writable there.
     * @return the head's length, {@link #MALFORMED} or {@link #TOO_LARGE}.
     */
    public static int render(final Http2Headers h, final long dst, final int capacity)
    {
        final int authority = h.authority >= 0 ? h.authority : h.host;
        if (h.method < 0 || h.path < 0 || authority < 0 || h.valueLength[h.path] == 0)
        {
            return MALFORMED;
        }
        final byte[] data = h.data;
        if (!clean(data, h.valueOffset[h.path], h.valueLength[h.path], true)
            || !clean(data, h.valueOffset[h.method], h.valueLength[h.method], true))
        {
            return MALFORMED;
        }
        int n = 0;
        n = put(data, h.valueOffset[h.method], h.valueLength[h.method], dst, n, capacity);
        n = put(" ", dst, n, capacity);
        n = put(data, h.valueOffset[h.path], h.valueLength[h.path], dst, n, capacity);
        n = put(VERSION, 0, VERSION.length, dst, n, capacity);
        n = put(data, h.valueOffset[authority], h.valueLength[authority], dst, n, capacity);
        n = put("\r\n", dst, n, capacity);
        for (int i = 0; i < h.count; i++)
        {
            final boolean pseudo = h.nameLength[i] > 0 && data[h.nameOffset[i]] == ':';
            if (pseudo || isCookie(data, h.nameOffset[i], h.nameLength[i])
                || (i == authority || h.authority >= 0 && isHost(data, h.nameOffset[i], h.nameLength[i])))
            {
                continue;
            }
            if (!clean(data, h.valueOffset[i], h.valueLength[i], false)
                || !clean(data, h.nameOffset[i], h.nameLength[i], true))
            {
                return MALFORMED;
            }
            n = put(data, h.nameOffset[i], h.nameLength[i], dst, n, capacity);
            n = put(": ", dst, n, capacity);
            n = put(data, h.valueOffset[i], h.valueLength[i], dst, n, capacity);
            n = put("\r\n", dst, n, capacity);
        }
        n = cookies(h, dst, n, capacity);
        if (n == BAD_CRUMB)
        {
            return MALFORMED;
        }
        n = put("\r\n", dst, n, capacity);
        return n < 0 ? TOO_LARGE : n;
    }

    /** Writes the cookie crumbs as one line at {@code at}. @return the new end, -1 (too large) or BAD_CRUMB. */
    private static int cookies(final Http2Headers h, final long dst, final int at, final int capacity)
    {
        final byte[] data = h.data;
        int n = at;
        boolean started = false;
        for (int i = 0; i < h.count; i++)
        {
            if (!isCookie(data, h.nameOffset[i], h.nameLength[i]))
            {
                continue;
            }
            if (!clean(data, h.valueOffset[i], h.valueLength[i], false))
            {
                return BAD_CRUMB;
            }
            if (!started && h.valueLength[i] == 0)
            {
                continue; // Envoy appends "; " only after a non-empty start
            }
            n = put(started ? "; " : "cookie: ", dst, n, capacity);
            n = put(data, h.valueOffset[i], h.valueLength[i], dst, n, capacity);
            started = true;
        }
        return started ? put("\r\n", dst, n, capacity) : n;
    }

    private static boolean isHost(final byte[] data, final int off, final int len)
    {
        return len == 4 && data[off] == 'h' && data[off + 1] == 'o' && data[off + 2] == 's' && data[off + 3] == 't';
    }

    private static boolean isCookie(final byte[] data, final int off, final int len)
    {
        return len == 6 && data[off] == 'c' && data[off + 1] == 'o' && data[off + 2] == 'o' && data[off + 3] == 'k'
            && data[off + 4] == 'i' && data[off + 5] == 'e';
    }

    private static boolean clean(final byte[] data, final int off, final int len, final boolean noSpace)
    {
        for (int i = 0; i < len; i++)
        {
            final int b = data[off + i] & 0xFF;
            if (b == '\r' || b == '\n' || b == 0 || (noSpace && (b <= 0x20 || b == 0x7F)))
            {
                return false;
            }
        }
        return true;
    }

    private static int put(final byte[] src, final int off, final int len, final long dst, final int at,
        final int capacity)
    {
        if (at < 0 || at + len > capacity)
        {
            return -1;
        }
        U.copyMemory(src, org.agrona.BufferUtil.ARRAY_BASE_OFFSET + off, null, dst + at, len);
        return at + len;
    }

    private static int put(final String ascii, final long dst, final int at, final int capacity)
    {
        if (at < 0 || at + ascii.length() > capacity)
        {
            return -1;
        }
        for (int i = 0; i < ascii.length(); i++)
        {
            U.putByte(dst + at + i, (byte)ascii.charAt(i));
        }
        return at + ascii.length();
    }
}
