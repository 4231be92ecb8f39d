package dev.wirespeed.control.reference;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l7.ConnectionCookie;

import java.nio.charset.StandardCharsets;

/**
 * The reference interpreter's form of the cookie Envoy's router makes up for a cookie hash policy with a {@code ttl}
 * when the request has none (router {@code addDownstreamSetCookie}, docs/routing.md §4): the hex of the xxHash64 of
 * the downstream connection's remote address then local address, each as Envoy prints an address
 * ({@code 10.0.0.1:5000}, {@code [2001:db8::1]:5000}, IPv6 as glibc's {@code inet_ntop}), built with Strings.
 */
final class ReferenceCookies
{
    private ReferenceCookies()
    {
    }

    /**
     * @param r a request: {@code src} and its source port are the remote address, {@code dst} (its port, else the
     *          request's) the local one.
     * @return the cookie value, or {@code null} when the connection is not known.
     */
    static String generated(final RequestFacts r)
    {
        final String text = connectionText(r);
        if (text == null)
        {
            return null;
        }
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return String.format("%016x", ConnectionCookie.xxHash64(b, 0, b.length));
    }

    /** @return the remote then local {@code ip:port} Envoy hashes, or {@code null}. */
    static String connectionText(final RequestFacts r)
    {
        if (r.src() == null || r.srcPort() < 1 || r.srcPort() > 65535 || r.dst() == null)
        {
            return null;
        }
        String host = RequestFacts.authorityHost(r.dst());
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int written = RequestFacts.authorityPort(r.dst());
        final int port = written > 0 ? written : r.port();
        final String remote = address(r.src());
        final String local = address(host);
        if (remote == null || local == null || port < 1 || port > 65535)
        {
            return null;
        }
        return remote + ":" + r.srcPort() + local + ":" + port;
    }

    /** @return an IP literal as Envoy prints it (IPv6 in brackets), {@code null} for anything else. */
    static String address(final String ip)
    {
        if (ip.isEmpty() || ip.length() > 45)
        {
            return null;
        }
        final long v4 = IpText.parseIpv4(ip);
        if (v4 != IpText.INVALID)
        {
            return IpText.formatIpv4((int)v4);
        }
        final long[] v6 = new long[2];
        return IpText.parseIpv6(ip, v6) ? "[" + inetNtop(v6[0], v6[1]) + "]" : null;
    }

    /**
     * glibc's {@code inet_ntop} for IPv6: RFC 5952 text, except that an IPv4-mapped address ({@code ::ffff:a.b.c.d})
     * and an IPv4-compatible one (six zero groups, then a non-zero one) end in dotted IPv4.
     */
    static String inetNtop(final long hi, final long lo)
    {
        final String dotted = IpText.formatIpv4((int)lo);
        if (hi == 0 && (lo >>> 32) == 0xffffL)
        {
            return "::ffff:" + dotted;
        }
        if (hi == 0 && (lo >>> 32) == 0 && ((lo >>> 16) & 0xffff) != 0)
        {
            return "::" + dotted;
        }
        return IpText.formatIpv6(hi, lo);
    }
}
