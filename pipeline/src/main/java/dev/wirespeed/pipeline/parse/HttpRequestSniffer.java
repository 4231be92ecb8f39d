package dev.wirespeed.pipeline.parse;

import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * Tells whether a TCP payload starts an HTTP/1.x request whose head is in this very segment, and where its
 * method, request-target and Host value are. No reassembly: a request whose Host header is not in this
 * segment is "not a request start" for the L7 path.
 *
 * <p>Accepted: {@code token SP request-target SP "HTTP/1." ("0"|"1") CRLF}, then header lines
 * ({@code name ":" OWS value OWS}, ended by CRLF or a bare LF) up to the empty line or the end of the
 * segment. The method is any RFC 9110 token of at most {@value #MAX_METHOD_LENGTH} characters (so
 * {@code M-SEARCH} of SSDP counts as well as {@code GET}); the request-target any run of visible bytes.
 * The Host header name is matched case-insensitively, its value trimmed of spaces and tabs; the first
 * complete Host line is {@link HttpRequestStart#hostOffset}, and {@link HttpRequestStart#hostLines} counts the
 * Host lines: Envoy's header map joins them into one {@code :authority} ({@link #joinHostValues}). A Host line cut
 * by the end of the segment is not used. Scanning goes on after the Host line to the empty line that ends the
 * head: {@link HttpRequestStart#headLength} tells whether the whole head (every header a route may match on) is
 * in this segment, or is -1.
 *
 * <p>Reads only inside {@code [address, address + length)}; allocates nothing.
 */
public final class HttpRequestSniffer
{
    /** Longest method token accepted. */
    public static final int MAX_METHOD_LENGTH = 32;

    private static final boolean[] TCHAR = new boolean[256];

    static
    {
        for (int c = '0'; c <= '9'; c++)
        {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++)
        {
            TCHAR[c] = true;
            TCHAR[c + 32] = true;
        }
        for (final char c : "!#$%&'*+-.^_`|~".toCharArray())
        {
            TCHAR[c] = true;
        }
    }

    private HttpRequestSniffer()
    {
    }

    /**
     * @param address native address of the TCP payload.
     * @param length  captured payload bytes.
     * @param out     filled with offsets when the answer is true; reset first.
     * @return whether the payload starts an HTTP/1.x request with its Host header in this segment.
     */
    public static boolean sniff(final long address, final int length, final HttpRequestStart out)
    {
        return scan(address, length, out, false, null) >= 0;
    }

    /**
     * The authority Envoy's HTTP/1 codec makes of a head with several Host lines: each line's value is appended to
     * the {@code :authority} inline header ({@code host} maps to it), after a {@code ,} when the value so far is not
     * empty, an empty value adding nothing ({@code HeaderMapImpl::appendToHeader}). {@code authorityIsValid} lets
     * {@code ,} through, so the request is routed on the joined value. The lines are those {@link #sniff} reads.
     *
     * @param address native address of the TCP payload.
     * @param length  captured payload bytes.
     * @param out     filled as by {@link #sniff}.
     * @param dst     where the joined value is written: at least {@code length} bytes.
     * @return the joined value's length, or -1 when the payload does not start a request with a Host line.
     */
    public static int joinHostValues(final long address, final int length, final HttpRequestStart out,
        final byte[] dst)
    {
        return scan(address, length, out, false, dst);
    }

    /**
     * As {@link #sniff}, but stops at the first complete Host line, so {@link HttpRequestStart#headLength} stays -1:
     * for a reader of a head the forwarder already sniffed and routed (the decision writer needs method, target and
     * Host, not the end of the head). Over the same bytes it answers as {@link #sniff} does for those fields:
     * both walk the same lines up to the first Host line.
     *
     * @param address native address of the TCP payload.
     * @param length  captured payload bytes.
     * @param out     filled with offsets when the answer is true; reset first.
     * @return whether the payload starts an HTTP/1.x request with its Host header in this segment.
     */
    public static boolean sniffUntilHost(final long address, final int length, final HttpRequestStart out)
    {
        return scan(address, length, out, true, null) >= 0;
    }

    /** @return -1 when not a request with a Host line, else the length of the Host values joined into {@code join}. */
    private static int scan(final long address, final int length, final HttpRequestStart out,
        final boolean untilHost, final byte[] join)
    {
        out.reset();
        int i = requestLine(address, length, out);
        if (i < 0)
        {
            return -1;
        }
        boolean host = false;
        int joined = 0;
        while (i < length)
        {
            final int first = u8(address + i);
            if (first == '\n' || (first == '\r' && i + 1 < length && u8(address + i + 1) == '\n'))
            {
                out.headLength = i + (first == '\n' ? 1 : 2); // the empty line: end of the head
                break;
            }
            final int lineEnd = PacketBytes.indexOfLineFeed(address, i, length);
            if (lineEnd >= length)
            {
                break; // the segment ends inside this header line
            }
            int contentEnd = lineEnd;
            if (contentEnd > i && u8(address + contentEnd - 1) == '\r')
            {
                contentEnd--;
            }
            int colon = i;
            while (colon < contentEnd && TCHAR[u8(address + colon)])
            {
                colon++;
            }
            if (colon == i || colon >= contentEnd || u8(address + colon) != ':')
            {
                break; // not a header line: the head ends here as far as we are concerned
            }
            if (colon - i == 4 && isHost(address + i))
            {
                int valueStart = colon + 1;
                int valueEnd = contentEnd;
                while (valueStart < valueEnd && isOws(u8(address + valueStart)))
                {
                    valueStart++;
                }
                while (valueEnd > valueStart && isOws(u8(address + valueEnd - 1)))
                {
                    valueEnd--;
                }
                out.hostLines++;
                if (!host)
                {
                    out.hostOffset = valueStart;
                    out.hostLength = valueEnd - valueStart;
                    host = true;
                    if (untilHost)
                    {
                        break;
                    }
                }
                if (join != null && valueEnd > valueStart)
                {
                    joined = append(join, joined, address + valueStart, valueEnd - valueStart);
                }
            }
            i = lineEnd + 1;
        }
        if (!host)
        {
            out.reset();
            return -1;
        }
        return joined;
    }

    /** Reads the request line into {@code out}. @return the offset of the first header line, or -1. */
    private static int requestLine(final long address, final int length, final HttpRequestStart out)
    {
        int i = 0;
        while (i < length && i <= MAX_METHOD_LENGTH && TCHAR[u8(address + i)])
        {
            i++;
        }
        if (i == 0 || i > MAX_METHOD_LENGTH || i >= length || u8(address + i) != ' ')
        {
            return -1;
        }
        final int methodLength = i;
        final int targetOffset = ++i;
        while (i < length && isTargetByte(u8(address + i)))
        {
            i++;
        }
        if (i == targetOffset || i >= length || u8(address + i) != ' ')
        {
            return -1;
        }
        final int targetLength = i - targetOffset;
        i++;
        if (i + 10 > length
            || u8(address + i) != 'H' || u8(address + i + 1) != 'T' || u8(address + i + 2) != 'T'
            || u8(address + i + 3) != 'P' || u8(address + i + 4) != '/' || u8(address + i + 5) != '1'
            || u8(address + i + 6) != '.' || u8(address + i + 8) != '\r' || u8(address + i + 9) != '\n')
        {
            return -1;
        }
        final int minor = u8(address + i + 7) - '0';
        if (minor != 0 && minor != 1)
        {
            return -1;
        }
        out.methodOffset = 0;
        out.methodLength = methodLength;
        out.targetOffset = targetOffset;
        out.targetLength = targetLength;
        out.minorVersion = minor;
        return i + 10;
    }

    /** Appends a Host value to the joined authority, after a comma when it is not empty. @return its new length. */
    private static int append(final byte[] join, final int at, final long value, final int n)
    {
        int w = at;
        if (w > 0)
        {
            join[w++] = ',';
        }
        for (int k = 0; k < n; k++)
        {
            join[w++] = (byte)u8(value + k);
        }
        return w;
    }

    /**
     * Whether a payload that {@link #sniff} refused may be the first segment of a request head that goes on in
     * later segments: an upper-case method token, then (if the segment goes that far) a space and the first byte
     * of an origin-form ({@code /}), asterisk-form or absolute-form ({@code h}) target.
     *
     * @param address native address of the TCP payload.
     * @param length  captured payload bytes.
     * @return whether reassembling it may yield a request head.
     */
    public static boolean mayStartRequest(final long address, final int length)
    {
        if (length < 1 || u8(address) < 'A' || u8(address) > 'Z')
        {
            return false;
        }
        int i = 1;
        while (i < length && i <= MAX_METHOD_LENGTH && TCHAR[u8(address + i)])
        {
            i++;
        }
        if (i > MAX_METHOD_LENGTH || (i < length && u8(address + i) != ' '))
        {
            return false;
        }
        if (i + 1 < length)
        {
            final int t = u8(address + i + 1);
            if (t != '/' && t != '*' && t != 'h')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the payload's request line is complete and says {@code HTTP/1.0}: Envoy's {@code http_inspector} then
     * gives the connection the application protocol {@code http/1.0}, which Istio's sniffing filter chains do not
     * match (they take {@code http/1.1} and {@code h2c} unless {@code PILOT_HTTP10} is set), so the connection goes
     * to the listener's TCP chain (docs/routing.md §1 item 8). The inspector reads up to the first CR or LF.
     *
     * @param address native address of the TCP payload.
     * @param length  captured payload bytes.
     * @return whether the first line is a request line ending in {@code HTTP/1.0}.
     */
    public static boolean http10RequestLine(final long address, final int length)
    {
        if (!mayStartRequest(address, length))
        {
            return false;
        }
        int end = 0;
        while (end < length && u8(address + end) != '\r' && u8(address + end) != '\n')
        {
            end++;
        }
        if (end == length || end < 9)
        {
            return false;
        }
        final long v = address + end - 9;
        return u8(v) == ' ' && u8(v + 1) == 'H' && u8(v + 2) == 'T' && u8(v + 3) == 'T' && u8(v + 4) == 'P'
            && u8(v + 5) == '/' && u8(v + 6) == '1' && u8(v + 7) == '.' && u8(v + 8) == '0';
    }

    private static boolean isHost(final long name)
    {
        return (u8(name) | 0x20) == 'h' && (u8(name + 1) | 0x20) == 'o'
            && (u8(name + 2) | 0x20) == 's' && (u8(name + 3) | 0x20) == 't';
    }

    private static boolean isTargetByte(final int b)
    {
        return b > 0x20 && b != 0x7F;
    }

    private static boolean isOws(final int b)
    {
        return b == ' ' || b == '\t';
    }
}
