package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.l3.IpText;

/**
 * The cookie Envoy's router makes up for a cookie hash policy with a {@code ttl} when the request has no such
 * cookie ({@code Filter::addDownstreamSetCookie}): {@code Hex::uint64ToHex(HashUtil::xxHash64(remote + local))},
 * where {@code remote} and {@code local} are the downstream connection's addresses as Envoy prints them
 * ({@code Address::Instance::asString}: {@code 10.0.0.1:5000}, {@code [2001:db8::1]:5000}, the IPv6 text as glibc's
 * {@code inet_ntop} writes it). The hash policy then hashes that value as it hashes a cookie the request carries.
 *
 * <p>Allocation-free: one instance per lookup thread keeps the text and value buffers. Also the split of a trace's
 * {@code src} written {@code address:port}.
 */
public final class ConnectionCookie
{
    /** Length of a cookie value: 16 lower-case hex digits (the 64-bit hash, big-endian). */
    public static final int LENGTH = 16;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    /** Longest {@code [v6]:port}: brackets, 45 characters of address, colon, five digits. */
    private static final int MAX_ADDRESS = 53;

    private final byte[] text = new byte[2 * MAX_ADDRESS];
    private final byte[] value = new byte[LENGTH];
    private final long[] v6 = new long[2];
    private final int[] groups = new int[8];
    private int length;

    /**
     * @param b   bytes.
     * @param off where they start.
     * @param len how many.
     * @return their xxHash64 with seed 0.
     */
    public static long xxHash64(final byte[] b, final int off, final int len)
    {
        return RequestHash.xxHash64(b, off, len);
    }

    /**
     * Writes a hash as Envoy's {@code Hex::uint64ToHex} does: 16 lower-case hex digits, most significant first.
     *
     * @param h   the hash.
     * @param out where to write.
     * @param at  the offset.
     */
    public static void hex(final long h, final byte[] out, final int at)
    {
        for (int i = 0; i < LENGTH; i++)
        {
            out[at + i] = HEX[(int)(h >>> (60 - 4 * i)) & 0xF];
        }
    }

    /** @return this, emptied: the remote address comes next. */
    public ConnectionCookie begin()
    {
        length = 0;
        return this;
    }

    /**
     * Appends an address as Envoy prints it.
     *
     * @param b    the address text (an IP literal, IPv6 without brackets).
     * @param from its first byte.
     * @param to   one past its last byte.
     * @param port the port, 1..65535.
     * @return false when the text is not an IP address or the port is out of range (the cookie is not known).
     */
    public boolean address(final byte[] b, final int from, final int to, final int port)
    {
        if (port < 1 || port > 65535 || to - from > 45 || to <= from)
        {
            return false;
        }
        final long v4 = IpText.parseIpv4(b, from, to);
        int n = length;
        if (v4 != IpText.INVALID)
        {
            // parseIpv4 takes only dotted decimal without leading zeros: the text is already as Envoy prints it
            System.arraycopy(b, from, text, n, to - from);
            n += to - from;
        }
        else if (IpText.parseIpv6(b, from, to, v6, groups))
        {
            text[n++] = '[';
            n = ipv6(v6[0], v6[1], text, n);
            text[n++] = ']';
        }
        else
        {
            return false;
        }
        text[n++] = ':';
        length = decimal(port, text, n);
        return true;
    }

    /**
     * Appends the local address: a request's original destination {@code dst} ({@code address}, {@code address:port},
     * {@code [v6]:port}), its port defaulting to the request's, as the {@code ORIGINAL_DST} endpoint reads it.
     *
     * @param b           the destination text.
     * @param from        its first byte.
     * @param to          one past its last byte.
     * @param requestPort the request's port.
     * @return false when it is not an IP address with a port in range.
     */
    public boolean destination(final byte[] b, final int from, final int to, final int requestPort)
    {
        int hostFrom = from;
        int hostTo = to;
        int portFrom = -1;
        if (to > from && b[from] == '[')
        {
            final int close = indexOf(b, from, to, (byte)']');
            if (close < 0)
            {
                return false;
            }
            hostFrom = from + 1;
            hostTo = close;
            portFrom = close + 1 < to && b[close + 1] == ':' ? close + 2 : -1;
        }
        else
        {
            final int colon = indexOf(b, from, to, (byte)':');
            if (colon >= 0 && indexOf(b, colon + 1, to, (byte)':') < 0)
            {
                hostTo = colon;
                portFrom = colon + 1;
            }
        }
        final int written = portFrom < 0 ? -1 : digits(b, portFrom, to);
        return address(b, hostFrom, hostTo, written > 0 ? written : requestPort);
    }

    /** @return the cookie's value (valid until the next {@link #begin}): hex of the xxHash64 of the text. */
    public byte[] finish()
    {
        hex(xxHash64(text, 0, length), value, 0);
        return value;
    }

    /**
     * The text Envoy's {@code Ip::addressAsString} gives an IP address: an IPv4 literal as it is (the parser takes
     * only dotted decimal without leading zeros), an IPv6 one as {@code inet_ntop} writes it. Resets the cookie text.
     *
     * @param b    the address text.
     * @param from its first byte.
     * @param to   one past its last byte.
     * @return the length of the IPv6 text at {@link #ipv6Text()}; 0 when the address is IPv4 or not an IP literal
     *         (its text is the one to use).
     */
    int ipv6AddressText(final byte[] b, final int from, final int to)
    {
        begin();
        // "[v6]:1": the brackets and ":1" around the address
        return address(b, from, to, 1) && text[0] == '[' ? length - 4 : 0;
    }

    /** @return the buffer whose bytes from 1 hold the text {@link #ipv6AddressText} measured. */
    byte[] ipv6Text()
    {
        return text;
    }

    /** @return the hashed text so far (remote then local address), for tests and {@code explain}. */
    public String text()
    {
        return new String(text, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Splits a trace's {@code src} written with a port: {@code address:port} (one colon) or {@code [v6]:port}, the
     * port 1..65535 in decimal. Anything else is an address as written, without a port.
     *
     * @param b    the text.
     * @param from its first byte.
     * @param to   one past its last byte.
     * @return -1 when there is no port; else {@code (addressFrom << 40) | (addressTo << 16) | port}, offsets
     *         relative to {@code from}.
     */
    public static long splitSource(final byte[] b, final int from, final int to)
    {
        int addressFrom = from;
        int addressTo;
        int portFrom;
        if (to > from && b[from] == '[')
        {
            final int close = indexOf(b, from, to, (byte)']');
            if (close < 0 || close + 1 >= to || b[close + 1] != ':')
            {
                return -1;
            }
            addressFrom = from + 1;
            addressTo = close;
            portFrom = close + 2;
        }
        else
        {
            final int colon = indexOf(b, from, to, (byte)':');
            if (colon < 0 || indexOf(b, colon + 1, to, (byte)':') >= 0)
            {
                return -1;
            }
            addressTo = colon;
            portFrom = colon + 1;
        }
        final int port = digits(b, portFrom, to);
        if (port < 1 || port > 65535)
        {
            return -1;
        }
        return ((long)(addressFrom - from) << 40) | ((long)(addressTo - from) << 16) | port;
    }

    /**
     * {@link #splitSource(byte[], int, int)} of a String (the Jackson trace parser's).
     *
     * @param src a trace's {@code src}, or {@code null}.
     * @return {@code {address, port}}: the address alone and the port, or {@code src} and 0 when it writes none.
     */
    public static Object[] splitSource(final String src)
    {
        if (src == null)
        {
            return new Object[] {null, 0};
        }
        final byte[] b = src.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final long split = splitSource(b, 0, b.length);
        if (split < 0)
        {
            return new Object[] {src, 0};
        }
        final int addressFrom = (int)(split >>> 40);
        final int addressTo = (int)((split >>> 16) & 0xFFFFFF);
        return new Object[] {new String(b, addressFrom, addressTo - addressFrom,
            java.nio.charset.StandardCharsets.UTF_8), (int)(split & 0xFFFF)};
    }

    /** @return the decimal number of 1..5 digits in {@code [from, to)}, -1 when it is not one. */
    private static int digits(final byte[] b, final int from, final int to)
    {
        if (from >= to || to - from > 5)
        {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++)
        {
            if (b[i] < '0' || b[i] > '9')
            {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static int indexOf(final byte[] b, final int from, final int to, final byte c)
    {
        for (int i = from; i < to; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static int ipv4(final int a, final byte[] out, final int at)
    {
        int n = at;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            n = decimal((a >>> shift) & 0xFF, out, n);
            if (shift > 0)
            {
                out[n++] = '.';
            }
        }
        return n;
    }

    /** Writes 0..99999 in decimal, last digit first (divisions by the constant 10, which the JIT multiplies). */
    private static int decimal(final int v, final byte[] out, final int at)
    {
        final int digits = v >= 10000 ? 5 : v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
        int x = v;
        for (int i = at + digits - 1; i >= at; i--)
        {
            out[i] = (byte)('0' + x % 10);
            x /= 10;
        }
        return at + digits;
    }

    /**
     * An IPv6 address as glibc's {@code inet_ntop} writes it: lower-case hex groups, the first longest run of two or
     * more zero groups as {@code ::}, and the last 32 bits dotted when the address is IPv4-compatible ({@code ::} then
     * six zero groups' worth) or IPv4-mapped ({@code ::ffff:}).
     */
    private int ipv6(final long hi, final long lo, final byte[] out, final int at)
    {
        final int[] g = groups;
        for (int k = 0; k < 4; k++)
        {
            g[k] = (int)((hi >>> (48 - 16 * k)) & 0xffff);
            g[k + 4] = (int)((lo >>> (48 - 16 * k)) & 0xffff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i <= 8; i++)
        {
            if (i < 8 && g[i] == 0)
            {
                curBase = curBase < 0 ? i : curBase;
                curLen++;
            }
            else if (curBase >= 0)
            {
                if (bestBase < 0 || curLen > bestLen)
                {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
                curLen = 0;
            }
        }
        if (bestLen < 2)
        {
            bestBase = -1;
        }
        int n = at;
        for (int i = 0; i < 8; i++)
        {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen)
            {
                if (i == bestBase)
                {
                    out[n++] = ':';
                }
                continue;
            }
            if (i != 0)
            {
                out[n++] = ':';
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 5 && g[5] == 0xffff))
            {
                return ipv4((int)lo, out, n);
            }
            n = hexGroup(g[i], out, n);
        }
        if (bestBase >= 0 && bestBase + bestLen == 8)
        {
            out[n++] = ':';
        }
        return n;
    }

    private static int hexGroup(final int v, final byte[] out, final int at)
    {
        int n = at;
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            final int d = (v >>> shift) & 0xF;
            if (d != 0 || started || shift == 0)
            {
                out[n++] = HEX[d];
                started = true;
            }
        }
        return n;
    }
}
