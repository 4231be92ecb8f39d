package dev.wirespeed.control.l3;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;

import java.nio.charset.StandardCharsets;

/**
 * Parses prefixes and addresses as written in route tables, into a reusable holder, returning an error
 * message (what was expected) instead of throwing. Only the error path builds strings.
 */
public final class IpSyntax
{
    /** Family of the last parsed value: 4 or 6. */
    public int family;
    /** IPv6: high 64 bits; IPv4: 0. */
    public long hi;
    /** IPv6: low 64 bits; IPv4: the address in the low 32 bits. */
    public long lo;
    /** Prefix length (prefixes only). */
    public int length;

    private final long[] v6 = new long[2];

    /**
     * Parses {@code ADDRESS/LENGTH} with the host bits zero.
     *
     * @param b    bytes.
     * @param from first byte.
     * @param to   one past the last.
     * @return {@code null} if valid, else the error message.
     */
    public String parsePrefix(final byte[] b, final int from, final int to)
    {
        int slash = -1;
        for (int i = from; i < to; i++)
        {
            if (b[i] == '/')
            {
                slash = i;
                break;
            }
        }
        if (slash < 0)
        {
            return "bad prefix \"" + text(b, from, to)
                    + "\": expected ADDRESS/LENGTH, e.g. 10.0.0.0/8 or 2001:db8::/32";
        }
        final String addressError = parseAddress(b, from, slash);
        if (addressError != null)
        {
            return "bad prefix \"" + text(b, from, to) + "\": expected ADDRESS/LENGTH with an IPv4 or IPv6 address";
        }
        final int max = family == 4 ? 32 : 128;
        int len = 0;
        final int digits = to - slash - 1;
        if (digits < 1 || digits > 3)
        {
            return "bad prefix \"" + text(b, from, to) + "\": expected a prefix length 0.." + max + " after '/'";
        }
        for (int i = slash + 1; i < to; i++)
        {
            if (b[i] < '0' || b[i] > '9')
            {
                return "bad prefix \"" + text(b, from, to) + "\": expected a prefix length 0.." + max + " after '/'";
            }
            len = len * 10 + (b[i] - '0');
        }
        if (len > max)
        {
            return "bad prefix \"" + text(b, from, to) + "\": prefix length " + len + " is out of range 0.." + max;
        }
        length = len;
        if (family == 4)
        {
            final int mask = Ipv4LpmBuilder.mask(len);
            if (((int)lo & ~mask) != 0)
            {
                return "prefix " + text(b, from, to) + " has host bits set (bits after the first " + len
                        + " must be zero; did you mean " + IpText.formatIpv4((int)lo & mask) + "/" + len + "?)";
            }
        }
        else
        {
            final long mh = Ipv6LpmBuilder.maskHi(len);
            final long ml = Ipv6LpmBuilder.maskLo(len);
            if ((hi & ~mh) != 0 || (lo & ~ml) != 0)
            {
                return "prefix " + text(b, from, to) + " has host bits set (bits after the first " + len
                        + " must be zero; did you mean " + IpText.formatIpv6(hi & mh, lo & ml) + "/" + len + "?)";
            }
        }
        return null;
    }

    /**
     * Parses an IPv4 or IPv6 address.
     *
     * @param b    bytes.
     * @param from first byte.
     * @param to   one past the last.
     * @return {@code null} if valid, else the error message.
     */
    public String parseAddress(final byte[] b, final int from, final int to)
    {
        boolean colon = false;
        for (int i = from; i < to; i++)
        {
            if (b[i] == ':')
            {
                colon = true;
                break;
            }
        }
        if (!colon)
        {
            final long v4 = IpText.parseIpv4(b, from, to);
            if (v4 != IpText.INVALID)
            {
                family = 4;
                hi = 0;
                lo = v4;
                return null;
            }
        }
        else if (IpText.parseIpv6(b, from, to, v6))
        {
            family = 6;
            hi = v6[0];
            lo = v6[1];
            return null;
        }
        return "bad address \"" + text(b, from, to) + "\": expected an IPv4 (10.0.0.1) or IPv6 (2001:db8::1) address";
    }

    /**
     * @param s prefix text.
     * @return {@code null} if valid, else the error message.
     */
    public String parsePrefix(final String s)
    {
        final byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        return parsePrefix(b, 0, b.length);
    }

    /**
     * @param s address text.
     * @return {@code null} if valid, else the error message.
     */
    public String parseAddress(final String s)
    {
        final byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        return parseAddress(b, 0, b.length);
    }

    static String text(final byte[] b, final int from, final int to)
    {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
