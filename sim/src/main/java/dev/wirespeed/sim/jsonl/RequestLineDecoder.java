package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.fib.l7.ConnectionCookie;
import dev.wirespeed.fib.l7.L7RequestView;

import java.nio.charset.StandardCharsets;

/**
 * Parses one JSONL request line at the byte level straight into an {@link HttpRequestView}: string values are
 * unescaped into the view's arena, header names lower-cased there, numbers checked and read in place. No
 * String, no Map, no token objects: a good line allocates nothing (once the arena is large enough).
 *
 * <p>Why hand-written: the replay needs the values as UTF-8 bytes in one arena (the view the L7 lookup
 * reads), not as Java objects, and it must decide exactly as the reference parser ({@link RequestLineParser},
 * Jackson) does for every line. A JSON library that binds to objects or hands out Strings (Jackson, DSL-JSON)
 * allocates per value; this parser copies each value once, unescaping in place. Measured against the Jackson
 * path it replaces in {@code RequestLineBenchmark} (docs/performance.md). DSL-JSON was not measured.
 *
 * <p>Anything unusual — a syntax error, a field of the wrong type, a missing or empty {@code path}, a
 * field name with escapes, a non-ASCII header name, bytes that are not strict UTF-8 — returns
 * {@link #FALLBACK}: the caller hands the line to {@link RequestLineParser}, which gives the bad-record
 * message with its column (or accepts the rare line this parser leaves to it). So both parsers agree by
 * construction on what the fast path accepts, and a differential test checks they agree on the values.
 */
public final class RequestLineDecoder extends JsonLineScanner
{
    /** The line is a request; the view holds it. */
    public static final int OK = 0;
    /** The line is empty or JSON whitespace only (skipped, as blank lines are). */
    public static final int BLANK = 1;
    /** The fast path does not take the line: parse it with {@link RequestLineParser}. */
    public static final int FALLBACK = 2;

    /** Handle of the optional {@code dst} (original destination, {@code address} or {@code address:port}). */
    public static final int DESTINATION = L7RequestView.DST;

    private static final byte[][] FIELDS = {
        ascii("ts"), ascii("src"), ascii("port"), ascii("gateway"), ascii("sourceNamespace"), ascii("sourceLabels"),
        ascii("method"), ascii("scheme"), ascii("authority"), ascii("path"), ascii("headers"), ascii("dst"),
        ascii("sni"), ascii("alpn")};
    private static final int[][] BY_LENGTH = fieldsByLength();
    /** Each known name's first and second eight bytes (zero-padded, native order) and their masks. */
    private static final long[] WORD0 = words(0, false);
    private static final long[] WORD1 = words(8, false);
    private static final long[] MASK0 = words(0, true);
    private static final long[] MASK1 = words(8, true);
    private static final int F_TS = 0;
    private static final int F_SRC = 1;
    private static final int F_PORT = 2;
    private static final int F_GATEWAY = 3;
    private static final int F_NAMESPACE = 4;
    private static final int F_LABELS = 5;
    private static final int F_METHOD = 6;
    private static final int F_SCHEME = 7;
    private static final int F_AUTHORITY = 8;
    private static final int F_PATH = 9;
    private static final int F_HEADERS = 10;
    private static final int F_DST = 11;
    private static final int F_ALPN = 13;
    private static final int BAD_VALUE = -1;
    private static final int NULL_VALUE = -2;
    private static final int[] HANDLES = {
        -1, L7RequestView.SOURCE_IP, -1, L7RequestView.GATEWAY, L7RequestView.SOURCE_NAMESPACE, -1,
        L7RequestView.METHOD, L7RequestView.SCHEME, L7RequestView.AUTHORITY, L7RequestView.PATH, -1, DESTINATION,
        L7RequestView.SNI, -1};

    private HttpRequestView view;

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param bytes  the line's bytes (without its terminator).
     * @param offset where it starts.
     * @param length its length.
     * @param id     the record index (the request id).
     * @param out    the view to fill (valid when this returns {@link #OK}).
     * @return {@link #OK}, {@link #BLANK} or {@link #FALLBACK}.
     */
    public int decode(final byte[] bytes, final int offset, final int length, final long id, final HttpRequestView out)
    {
        line = bytes;
        pos = offset;
        end = offset + length;
        view = out;
        skipWhitespace();
        if (pos == end)
        {
            return BLANK;
        }
        return object(id) ? OK : FALLBACK;
    }

    /** @return the flow hash of the last request decoded (source address, authority, port), for sharding. */
    public int flowHash()
    {
        return hash(view); // on demand: the replay spreads records by index and does not need it per line
    }

    private boolean object(final long id)
    {
        if (line[pos] != '{')
        {
            return false;
        }
        pos++;
        final HttpRequestView v = view;
        v.begin(id);
        int port = 0;
        boolean first = true;
        while (true)
        {
            skipWhitespace();
            if (pos >= end)
            {
                return false;
            }
            if (first && line[pos] == '}')
            {
                pos++;
                break;
            }
            first = false;
            final int field = fieldName();
            if (field == -2)
            {
                return false;
            }
            skipWhitespace();
            if (pos >= end || line[pos] != ':')
            {
                return false;
            }
            pos++;
            skipWhitespace();
            if (pos >= end)
            {
                return false;
            }
            final int value = value(field);
            if (value == BAD_VALUE)
            {
                return false;
            }
            if (field == F_PORT && value != NULL_VALUE)
            {
                port = value;
            }
            skipWhitespace();
            if (pos >= end)
            {
                return false;
            }
            final byte c = line[pos++];
            if (c == '}')
            {
                break;
            }
            if (c != ',')
            {
                return false;
            }
        }
        skipWhitespace();
        if (pos != end || v.length(L7RequestView.PATH) <= 0)
        {
            return false;
        }
        v.end(port);
        return true;
    }

    /**
     * Reads one field's value into the view.
     *
     * @return {@link #BAD_VALUE}, {@link #NULL_VALUE}, the port for {@code port}, else 0.
     */
    private int value(final int field)
    {
        final HttpRequestView v = view;
        if (isNull())
        {
            if (field == F_PATH)
            {
                return BAD_VALUE;
            }
            pos += 4;
            return NULL_VALUE;
        }
        if (field == F_ALPN)
        {
            return BAD_VALUE; // a list: RequestLineParser reads it (connection records with alpn are rare)
        }
        if (field == F_PORT)
        {
            final int port = port();
            return port < 0 ? BAD_VALUE : port;
        }
        if (field == F_TS)
        {
            if (plainTimestamp())
            {
                return 0;
            }
            final int start = pos;
            if (!timestamp())
            {
                return BAD_VALUE;
            }
            view.ts(integerPart(start, pos));
            return 0;
        }
        if (field == -1)
        {
            return skipValue(0) ? 0 : BAD_VALUE;
        }
        if (field == F_LABELS || field == F_HEADERS)
        {
            return stringMap(field == F_HEADERS) ? 0 : BAD_VALUE;
        }
        final int at = v.arenaPosition();
        final int n = string();
        if (n < 0)
        {
            return BAD_VALUE;
        }
        if (field == F_SRC)
        {
            source(at, n);
            return 0;
        }
        v.field(HANDLES[field], at, n);
        return 0;
    }

    /** {@code src}: the address, and the connection's source port when it is written {@code address:port}. */
    private void source(final int at, final int n)
    {
        final long split = ConnectionCookie.splitSource(view.arena(), at, at + n);
        if (split < 0)
        {
            view.field(L7RequestView.SOURCE_IP, at, n);
            view.sourcePort(0);
            return;
        }
        final int from = (int)(split >>> 40);
        view.field(L7RequestView.SOURCE_IP, at + from, (int)((split >>> 16) & 0xFFFFFF) - from);
        view.sourcePort((int)(split & 0xFFFF));
    }

    /**
     * The sharding hash of a request replay: source IPv4 (else the source text's String hash), the
     * authority's String hash, the port; one client's requests to a host stay on one worker.
     *
     * @param v a filled view.
     * @return the flow hash.
     */
    public static int hash(final HttpRequestView v)
    {
        final byte[] a = v.arena();
        final int srcLength = v.length(L7RequestView.SOURCE_IP);
        int srcWord = 0;
        if (srcLength >= 0)
        {
            final int off = v.offset(L7RequestView.SOURCE_IP);
            final long src = IpText.parseIpv4(a, off, off + srcLength);
            srcWord = src == IpText.INVALID ? stringHash(a, off, srcLength) : (int)src;
        }
        final int authority = stringHash(a, v.offset(L7RequestView.AUTHORITY), v.length(L7RequestView.AUTHORITY));
        return FlowHash.ipv4(srcWord, authority, 0, v.port(), 6);
    }

    /** {@code String.hashCode()} of UTF-8 bytes (UTF-16 code units, surrogate pairs for the supplementary planes). */
    static int stringHash(final byte[] b, final int offset, final int length)
    {
        int h = 0;
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
            final int c = b[i] & 0xFF;
            int cp;
            if (c < 0x80)
            {
                cp = c;
                i++;
            }
            else if (c < 0xE0)
            {
                cp = ((c & 0x1F) << 6) | (b[i + 1] & 0x3F);
                i += 2;
            }
            else if (c < 0xF0)
            {
                cp = ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
                i += 3;
            }
            else
            {
                cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
                i += 4;
                h = 31 * h + Character.highSurrogate(cp);
                cp = Character.lowSurrogate(cp);
            }
            h = 31 * h + cp;
        }
        return h;
    }

    /** @return the index of a known field, -1 for another name, -2 when the name is not a plain string. */
    private int fieldName()
    {
        if (line[pos] != '"')
        {
            return -2;
        }
        final int start = ++pos;
        final int plain = plainFieldName(start);
        if (plain != -3)
        {
            return plain;
        }
        byte seen = 0; // the OR of the name's bytes: negative when one is not ASCII
        while (pos < end && line[pos] != '"')
        {
            final byte c = line[pos];
            if (c == '\\' || (c >= 0 && c < 0x20))
            {
                return -2;
            }
            seen |= c;
            pos++;
        }
        if (pos >= end)
        {
            return -2;
        }
        final int n = pos - start;
        pos++;
        if (seen < 0)
        {
            return validUtf8(start, start + n) ? -1 : -2; // the known names are ASCII
        }
        if (n < BY_LENGTH.length)
        {
            for (final int f : BY_LENGTH[n])
            {
                if (regionEquals(start, FIELDS[f]))
                {
                    return f;
                }
            }
        }
        return -1;
    }

    private static long[] words(final int from, final boolean mask)
    {
        final long[] words = new long[FIELDS.length];
        for (int f = 0; f < FIELDS.length; f++)
        {
            final byte[] padded = new byte[16];
            for (int i = 0; i < FIELDS[f].length; i++)
            {
                padded[i] = mask ? (byte)0xFF : FIELDS[f][i];
            }
            words[f] = U.getLong(padded, BYTES + from);
        }
        return words;
    }

    /**
     * The common case of a field name, eight bytes a step: a known name of at most 15 plain bytes (no escape,
     * control or non-ASCII byte) whose closing quote is in the next 16 bytes, compared as two masked words.
     *
     * @return the field, -1 for another plain name, -3 when the name is not such (the byte loop decides).
     */
    private int plainFieldName(final int start)
    {
        if (!LITTLE_ENDIAN || start + 16 > end)
        {
            return -3;
        }
        final long w0 = U.getLong(line, BYTES + start);
        final long m0 = specialMask(w0);
        final int n;
        if (m0 != 0)
        {
            n = firstSpecial(m0);
        }
        else
        {
            final long m1 = specialMask(U.getLong(line, BYTES + start + 8));
            if (m1 == 0)
            {
                return -3;
            }
            n = 8 + firstSpecial(m1);
        }
        if (line[start + n] != '"')
        {
            return -3;
        }
        pos = start + n + 1;
        if (n < BY_LENGTH.length)
        {
            for (final int f : BY_LENGTH[n])
            {
                if ((w0 & MASK0[f]) == WORD0[f]
                    && (n <= 8 || (U.getLong(line, BYTES + start + 8) & MASK1[f]) == WORD1[f]))
                {
                    return f;
                }
            }
        }
        return -1;
    }

    /** The known fields by the length of their names (at most three share one). */
    private static int[][] fieldsByLength()
    {
        int longest = 0;
        for (final byte[] name : FIELDS)
        {
            longest = Math.max(longest, name.length);
        }
        final int[][] byLength = new int[longest + 1][];
        for (int n = 0; n <= longest; n++)
        {
            int count = 0;
            for (final byte[] name : FIELDS)
            {
                count += name.length == n ? 1 : 0;
            }
            byLength[n] = new int[count];
            count = 0;
            for (int f = 0; f < FIELDS.length; f++)
            {
                if (FIELDS[f].length == n)
                {
                    byLength[n][count++] = f;
                }
            }
        }
        return byLength;
    }

    /** @return the port (1..65535), or -1 when the value is not such an integer. */
    private int port()
    {
        final int start = pos;
        if (!number())
        {
            return -1;
        }
        final int n = pos - start;
        if (n > 5)
        {
            return -1;
        }
        int value = 0;
        for (int i = start; i < pos; i++)
        {
            final byte c = line[i];
            if (c < '0' || c > '9')
            {
                return -1; // a sign, fraction or exponent: not an integer 1..65535
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1 && value <= 65535 ? value : -1;
    }

    /**
     * A timestamp the reference reads as a long: at most 18 integer digits and no exponent (larger ones, which
     * may not fit, are left to the reference).
     */
    private boolean timestamp()
    {
        final int start = pos;
        if (!number())
        {
            return false;
        }
        int digits = 0;
        boolean fraction = false;
        for (int i = start; i < pos; i++)
        {
            final byte c = line[i];
            if (c == 'e' || c == 'E')
            {
                return false;
            }
            fraction |= c == '.';
            digits += !fraction && c >= '0' && c <= '9' ? 1 : 0;
        }
        return digits <= 18;
    }

    /**
     * The common timestamp, in one pass: 1 to 18 digits without a leading zero, sign, fraction or exponent,
     * then a delimiter. Anything else is left to {@link #timestamp} (false, nothing consumed).
     */
    private boolean plainTimestamp()
    {
        int p = pos;
        if (line[p] < '1' || line[p] > '9')
        {
            return false;
        }
        long value = 0;
        while (p < end && p - pos < 18 && line[p] >= '0' && line[p] <= '9')
        {
            value = value * 10 + (line[p] - '0');
            p++;
        }
        if (p < end && !isDelimiter(line[p]))
        {
            return false; // a fraction, an exponent, a 19th digit or bad syntax
        }
        pos = p;
        view.ts(value);
        return true;
    }

    /** The integer part of a number {@link #timestamp} accepted (as Jackson's {@code getValueAsLong} truncates). */
    private long integerPart(final int start, final int end)
    {
        long value = 0;
        final boolean negative = line[start] == '-';
        for (int i = negative ? start + 1 : start; i < end && line[i] != '.'; i++)
        {
            value = value * 10 + (line[i] - '0');
        }
        return negative ? -value : value;
    }

    /** An object of string values into the view's headers (names lower-cased) or source labels. */
    private boolean stringMap(final boolean headers)
    {
        if (line[pos] != '{')
        {
            return false;
        }
        pos++;
        final HttpRequestView v = view;
        if (headers)
        {
            v.clearHeaders();
        }
        else
        {
            v.clearLabels();
        }
        skipWhitespace();
        if (pos < end && line[pos] == '}')
        {
            pos++;
            return true;
        }
        while (pos < end)
        {
            skipWhitespace();
            final int nameAt = v.arenaPosition();
            final int nameLength = pos < end ? string() : -1;
            if (nameLength < 0 || headers && !lowerAscii(nameAt, nameLength))
            {
                return false;
            }
            skipWhitespace();
            if (pos >= end || line[pos] != ':')
            {
                return false;
            }
            pos++;
            skipWhitespace();
            final int valueAt = v.arenaPosition();
            final int valueLength = pos < end ? string() : -1;
            if (valueLength < 0)
            {
                return false;
            }
            if (headers)
            {
                v.addHeader(nameAt, nameLength, valueAt, valueLength);
            }
            else
            {
                v.addLabel(nameAt, nameLength, valueAt, valueLength);
            }
            skipWhitespace();
            if (pos >= end)
            {
                return false;
            }
            final byte c = line[pos++];
            if (c == '}')
            {
                return true;
            }
            if (c != ',')
            {
                return false;
            }
        }
        return false;
    }

    private boolean lowerAscii(final int at, final int n)
    {
        final byte[] a = view.arena();
        for (int i = at; i < at + n; i++)
        {
            final byte c = a[i];
            if (c < 0)
            {
                return false; // non-ASCII: Unicode lower-casing is the reference's job
            }
            if (c >= 'A' && c <= 'Z')
            {
                a[i] = (byte)(c + ('a' - 'A'));
            }
        }
        return true;
    }

    /**
     * Unescapes a JSON string at {@code pos} into the view's arena at its position, moving the position.
     *
     * @return its length in bytes, or -1 when it is not a (strict UTF-8) string.
     */
    private int string()
    {
        if (line[pos] != '"')
        {
            return -1;
        }
        pos++;
        final HttpRequestView v = view;
        final int start = v.arenaPosition();
        final byte[] a = v.reserve(end - pos + 8);
        int at = start;
        // eight plain bytes at a time (no quote, backslash, control or non-ASCII byte among them): the arena has
        // room for the rest of the line and a word more, and a value never unescapes to more bytes than its
        // source; the last word of a line may reach past its end (inside the array), where it stops
        final int limit = LITTLE_ENDIAN ? line.length : end;
        while (pos < end && pos + 8 <= limit)
        {
            final long w = U.getLong(line, BYTES + pos);
            final long mask = specialMask(w) | beyondEnd(end - pos);
            U.putLong(a, BYTES + at, w); // within the room reserved: at most the rest of the line
            if (mask != 0)
            {
                if (LITTLE_ENDIAN)
                {
                    final int k = firstSpecial(mask); // the plain bytes before the first special one are copied
                    pos += k;
                    at += k;
                }
                break;
            }
            pos += 8;
            at += 8;
        }
        while (pos < end)
        {
            final byte c = line[pos];
            if (c == '"')
            {
                pos++;
                v.arenaPosition(at);
                return at - start;
            }
            if (c == '\\')
            {
                at = escape(a, at);
                if (at < 0)
                {
                    return -1;
                }
            }
            else if (c >= 0 && c < 0x20)
            {
                return -1;
            }
            else if (c >= 0)
            {
                a[at++] = c;
                pos++;
            }
            else
            {
                final int n = utf8Length(pos);
                if (n < 0)
                {
                    return -1;
                }
                System.arraycopy(line, pos, a, at, n);
                at += n;
                pos += n;
            }
        }
        return -1;
    }

    private int escape(final byte[] a, final int at)
    {
        if (pos + 1 >= end)
        {
            return -1;
        }
        final byte e = line[pos + 1];
        pos += 2;
        switch (e)
        {
            case '"':
            case '\\':
            case '/':
                a[at] = e;
                return at + 1;
            case 'b':
                a[at] = '\b';
                return at + 1;
            case 'f':
                a[at] = '\f';
                return at + 1;
            case 'n':
                a[at] = '\n';
                return at + 1;
            case 'r':
                a[at] = '\r';
                return at + 1;
            case 't':
                a[at] = '\t';
                return at + 1;
            case 'u':
                return unicode(a, at);
            default:
                return -1;
        }
    }

    /**
     * {@code \\uXXXX} or a surrogate pair of two such escapes. A lone or broken surrogate goes to the reference
     * parser (-1): Jackson takes one in a value but not in a field name, and its message is the one users see.
     */
    private int unicode(final byte[] a, final int at)
    {
        final int u = hex4(pos);
        if (u < 0)
        {
            return -1;
        }
        pos += 4;
        int cp = u;
        if (Character.isHighSurrogate((char)u) && pos + 6 <= end && line[pos] == '\\' && line[pos + 1] == 'u')
        {
            final int low = hex4(pos + 2);
            if (low >= 0 && Character.isLowSurrogate((char)low))
            {
                cp = Character.toCodePoint((char)u, (char)low);
                pos += 6;
            }
        }
        if (cp < 0x10000 && Character.isSurrogate((char)cp))
        {
            return -1;
        }
        int i = at;
        if (cp < 0x80)
        {
            a[i++] = (byte)cp;
        }
        else if (cp < 0x800)
        {
            a[i++] = (byte)(0xC0 | (cp >> 6));
            a[i++] = (byte)(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            a[i++] = (byte)(0xE0 | (cp >> 12));
            a[i++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            a[i++] = (byte)(0x80 | (cp & 0x3F));
        }
        else
        {
            a[i++] = (byte)(0xF0 | (cp >> 18));
            a[i++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
            a[i++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
            a[i++] = (byte)(0x80 | (cp & 0x3F));
        }
        return i;
    }

}
