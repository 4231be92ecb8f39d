package dev.wirespeed.fib.l3;

/**
 * Parsing and printing of IPv4 and IPv6 addresses over ASCII bytes, without allocation on the parse
 * side (the routes-file parser calls it a million times). IPv4 addresses are ints (network byte order
 * in the int's value: {@code 10.0.0.1} is {@code 0x0A000001}); IPv6 addresses are two longs, the high
 * 64 bits and the low 64 bits.
 */
public final class IpText
{
    /** Returned by {@link #parseIpv4} for text that is not a dotted-quad IPv4 address. */
    public static final long INVALID = -1L;

    private IpText()
    {
    }

    /**
     * Parses a dotted-quad IPv4 address ({@code 10.1.2.3}; no leading zeros beyond a single {@code 0}).
     *
     * @param b    bytes.
     * @param from first byte.
     * @param to   one past the last byte.
     * @return the address as an unsigned value in a long, or {@link #INVALID}.
     */
    public static long parseIpv4(final byte[] b, final int from, final int to)
    {
        long result = 0;
        int octets = 0;
        int i = from;
        while (i < to)
        {
            final int start = i;
            int v = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9')
            {
                v = v * 10 + (b[i] - '0');
                i++;
                if (v > 255)
                {
                    return INVALID;
                }
            }
            final int digits = i - start;
            if (digits == 0 || (digits > 1 && b[start] == '0'))
            {
                return INVALID;
            }
            result = (result << 8) | v;
            octets++;
            if (i < to)
            {
                if (b[i] != '.' || octets == 4)
                {
                    return INVALID;
                }
                i++;
                if (i == to)
                {
                    return INVALID;
                }
            }
        }
        return octets == 4 ? result : INVALID;
    }

    /**
     * Parses an IPv6 address in any RFC 4291 text form ({@code ::}, {@code 2001:db8::1},
     * {@code ::ffff:10.0.0.1}).
     *
     * @param b    bytes.
     * @param from first byte.
     * @param to   one past the last byte.
     * @param out  receives the high 64 bits at [0] and the low 64 bits at [1].
     * @return whether the text was a valid IPv6 address.
     */
    public static boolean parseIpv6(final byte[] b, final int from, final int to, final long[] out)
    {
        return parseIpv6(b, from, to, out, new int[8]);
    }

    /**
     * {@link #parseIpv6(byte[], int, int, long[])} with a caller's scratch for the groups: allocation-free.
     *
     * @param b      bytes.
     * @param from   first byte.
     * @param to     one past the last byte.
     * @param out    receives the high 64 bits at [0] and the low 64 bits at [1].
     * @param groups scratch of eight ints.
     * @return whether the text was a valid IPv6 address.
     */
    public static boolean parseIpv6(final byte[] b, final int from, final int to, final long[] out, final int[] groups)
    {
        // Up to 8 groups; 'gap' is the group index where "::" stands, or -1.
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from < 2)
        {
            return false;
        }
        if (b[i] == ':')
        {
            if (b[i + 1] != ':')
            {
                return false;
            }
            gap = 0;
            i += 2;
            if (i == to)
            {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        }
        while (i < to)
        {
            if (count == 8)
            {
                return false;
            }
            final int start = i;
            int v = 0;
            while (i < to && i - start < 5 && hex(b[i]) >= 0)
            {
                v = (v << 4) | hex(b[i]);
                i++;
            }
            final int digits = i - start;
            if (i < to && b[i] == '.')
            {
                // Embedded IPv4 in the last 32 bits.
                final long v4 = parseIpv4(b, start, to);
                if (v4 == INVALID || count > 6)
                {
                    return false;
                }
                groups[count++] = (int)(v4 >>> 16);
                groups[count++] = (int)(v4 & 0xffff);
                i = to;
                break;
            }
            if (digits == 0 || digits > 4)
            {
                return false;
            }
            groups[count++] = v;
            if (i < to)
            {
                if (b[i] != ':')
                {
                    return false;
                }
                i++;
                if (i < to && b[i] == ':')
                {
                    if (gap >= 0)
                    {
                        return false;
                    }
                    gap = count;
                    i++;
                }
                else if (i == to)
                {
                    return false;
                }
            }
        }
        return expandAndPack(groups, count, gap, out);
    }

    /**
     * Expands the {@code ::} of parsed IPv6 groups to eight groups and packs them into two longs.
     *
     * @param groups the groups as written.
     * @param count  how many groups were written.
     * @param gap    the group index where {@code ::} stands, or -1.
     * @param out    receives the high 64 bits at [0] and the low 64 bits at [1].
     * @return whether the groups make a valid address (eight, or fewer than eight around a {@code ::}).
     */
    private static boolean expandAndPack(final int[] groups, final int count, final int gap, final long[] out)
    {
        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }
        // group k of the eight: as written before the gap, zero inside it, the written tail after it
        final int tailStart = gap < 0 ? 8 : 8 - (count - gap);
        final int head = gap < 0 ? 8 : gap;
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 8; k++)
        {
            final int g = k < head ? groups[k] : k >= tailStart ? groups[gap + k - tailStart] : 0;
            if (k < 4)
            {
                hi = (hi << 16) | g;
            }
            else
            {
                lo = (lo << 16) | g;
            }
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    private static int hex(final byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * @param s text (ASCII).
     * @return the IPv4 address as an unsigned value, or {@link #INVALID}.
     */
    public static long parseIpv4(final String s)
    {
        final byte[] b = ascii(s);
        return parseIpv4(b, 0, b.length);
    }

    /**
     * @param s   text (ASCII).
     * @param out receives high and low 64 bits.
     * @return whether it was a valid IPv6 address.
     */
    public static boolean parseIpv6(final String s, final long[] out)
    {
        final byte[] b = ascii(s);
        return parseIpv6(b, 0, b.length, out);
    }

    private static byte[] ascii(final String s)
    {
        final byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++)
        {
            final char c = s.charAt(i);
            b[i] = c < 128 ? (byte)c : (byte)'?';
        }
        return b;
    }

    /**
     * @param address an IPv4 address.
     * @return dotted-quad text.
     */
    public static String formatIpv4(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /**
     * @param hi high 64 bits.
     * @param lo low 64 bits.
     * @return the RFC 5952 canonical text (lower case, longest run of zero groups as {@code ::}).
     */
    public static String formatIpv6(final long hi, final long lo)
    {
        final int[] g = new int[8];
        for (int k = 0; k < 4; k++)
        {
            g[k] = (int)((hi >>> (48 - 16 * k)) & 0xffff);
            g[k + 4] = (int)((lo >>> (48 - 16 * k)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; )
        {
            if (g[i] == 0)
            {
                int j = i;
                while (j < 8 && g[j] == 0)
                {
                    j++;
                }
                if (j - i > bestLen)
                {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
