package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.pipeline.parse.HttpRequestSniffer;
import dev.wirespeed.pipeline.parse.HttpRequestStart;
import dev.wirespeed.pipeline.parse.PacketBytes;
import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.BufferUtil;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An {@link L7RequestView} over a request found in place inside a captured packet, allocation-free: the
 * method, request-target (as the path), {@code Host} header (as the authority; the values of several Host lines
 * joined as Envoy's header map joins them) and the other headers are read straight from the packet bytes; the
 * port is the TCP destination port; the gateway is {@code mesh}; the source namespace and labels are those of
 * the workload (pod) whose address sent the packet, else {@code default} and none. For a TCP connection
 * ({@link #resetTcp}) the authority is the service address as written in the config (so the host stage resolves
 * the service by its address alias), or empty for an address no service has; the SNI is present (empty, or the
 * ClientHello's server name).
 *
 * <p>Re-pointed for every packet; valid while the packet bytes are.
 */
public final class PacketRequestView implements L7RequestView
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** Most header lines scanned in one request head. */
    public static final int MAX_HEADERS = 64;

    private static final int FIXED = 10;
    private static final int HEADER_BASE = 1 << 16;
    /** Past {@link #HEADER_BASE}: handles of the joined values of headers written on several lines. */
    private static final int JOINED = 1 << 15;
    private static final int LABEL_BASE = 2 << 16;
    private static final byte[] GET = bytes("GET");
    private static final byte[] HTTP = bytes("http");
    private static final byte[] MESH = bytes("mesh");
    private static final byte[] EMPTY = new byte[0];

    private final MeshDirectory directory;
    private final byte[][] heap = new byte[FIXED][];
    private final long[] address = new long[FIXED];
    private final int[] length = new int[FIXED];
    private byte[] alpnText = new byte[64];
    /** The authority of a head with several Host lines (their values joined), grown to the longest head seen. */
    private byte[] authorityText = new byte[64];
    private final HttpRequestStart joinStart = new HttpRequestStart();
    private final int[] headerName = new int[MAX_HEADERS];
    private final int[] headerNameLength = new int[MAX_HEADERS];
    private final int[] headerValue = new int[MAX_HEADERS];
    private final int[] headerValueLength = new int[MAX_HEADERS];
    /** The headers written on several lines (handles {@code HEADER_BASE + JOINED + slot}). */
    private final RepeatedHeaderLines repeated = new RepeatedHeaderLines(MAX_HEADERS);
    /**
     * Whether two header lines of the head may share a name (a 64-bit filter of each line's name length and first
     * and last bytes, set by {@link #scanHeaders}): when not, a header's first line is its only one.
     */
    private boolean maybeRepeated;
    private static final int NOT_SCANNED = -1;
    /**
     * {@code length[SOURCE_NAMESPACE]}, {@code length[SOURCE_IP]} or {@code length[DST]} not worked out yet: the
     * source workload lookup and the address texts are done by the first read that needs them, since most
     * lookups read neither (a route without source conditions, a request not passed through) and the writer
     * reads only the destination text, of passed-through requests.
     */
    private static final int PENDING = -2;
    private final byte[] sourceText = new byte[16];
    private final byte[] dstText = new byte[48];
    /** The destination {@link #dstText} holds the text of (version 0: none yet). */
    private int textVersion;
    private long textHi;
    private long textLo;
    private int textPort;
    private int textLength;
    private int srcVersion;
    private long srcHi;
    private long srcLo;
    private int dstVersion;
    private long dstHi;
    private long dstLo;
    private int dstPort;
    /** Header lines recorded, or {@link #NOT_SCANNED} until the first header lookup asks for them. */
    private int headerCount;
    private int payloadLength;
    private long payload;
    private int workload;
    private long id;
    private int port;
    private int sourcePort;

    /**
     * @param directory where source workloads are looked up.
     */
    public PacketRequestView(final MeshDirectory directory)
    {
        this.directory = directory;
        heap[SCHEME] = HTTP;
        length[SCHEME] = HTTP.length;
        heap[GATEWAY] = MESH;
        length[GATEWAY] = MESH.length;
        heap[DST] = dstText;
        length[DST] = -1;
        heap[SNI] = EMPTY;
        length[SNI] = -1;
        heap[ALPN] = EMPTY;
        length[ALPN] = -1;
    }

    /**
     * Sets the TCP source port (the downstream connection's, for the cookie Envoy makes up for a cookie hash with a
     * {@code ttl}). Call after a reset, which clears it.
     *
     * @param port the packet's TCP source port.
     * @return this.
     */
    public PacketRequestView sourcePort(final int port)
    {
        this.sourcePort = port;
        return this;
    }

    /**
     * Sets the original destination (the packet's destination address and port), which a request for a
     * host the mesh does not know is passed through to. Call after a reset; allocation-free.
     *
     * @param ipVersion 4 or 6.
     * @param dstHi     IPv6 destination high half (IPv6 only).
     * @param dstLo     IPv6 destination low half, or the IPv4 destination in the low 32 bits.
     * @param dstPort   the TCP destination port.
     * @return this.
     */
    public PacketRequestView destination(final int ipVersion, final long dstHi, final long dstLo, final int dstPort)
    {
        this.dstVersion = ipVersion;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.dstPort = dstPort;
        heap[DST] = dstText;
        length[DST] = PENDING;
        return this;
    }

    /**
     * Formats the destination text {@link #destination} kept, unless {@link #dstText} already holds it: a capture's
     * requests mostly go to a few destinations (kept by address and port, so the text is the same bytes).
     */
    private int formatDestination()
    {
        if (textVersion == dstVersion && textHi == dstHi && textLo == dstLo && textPort == dstPort)
        {
            length[DST] = textLength;
            return textLength;
        }
        int n;
        if (dstVersion == 4)
        {
            n = formatIpv4((int)dstLo, dstText);
        }
        else
        {
            dstText[0] = '[';
            n = 1 + formatIpv6(dstHi, dstLo, dstText, 1);
            dstText[n++] = ']';
        }
        dstText[n++] = ':';
        n += formatDecimal(dstPort, dstText, n);
        length[DST] = n;
        textVersion = dstVersion;
        textHi = dstHi;
        textLo = dstLo;
        textPort = dstPort;
        textLength = n;
        return n;
    }

    /** RFC 5952 text of an IPv6 address (longest run of two or more zero groups as {@code ::}). */
    private static int formatIpv6(final long hi, final long lo, final byte[] out, final int at)
    {
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int g = 0; g <= 8; g++)
        {
            final boolean zero = g < 8 && group(hi, lo, g) == 0;
            if (zero && runStart < 0)
            {
                runStart = g;
            }
            else if (!zero && runStart >= 0)
            {
                if (g - runStart > bestLength)
                {
                    bestStart = runStart;
                    bestLength = g - runStart;
                }
                runStart = -1;
            }
        }
        int n = at;
        for (int g = 0; g < 8; g++)
        {
            if (g == bestStart)
            {
                out[n++] = ':';
                out[n++] = ':';
                g += bestLength - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLength)
            {
                out[n++] = ':';
            }
            final int v = group(hi, lo, g);
            boolean started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                final int digit = (v >>> shift) & 0xF;
                if (digit != 0 || started || shift == 0)
                {
                    out[n++] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
                    started = true;
                }
            }
        }
        return n - at;
    }

    private static int group(final long hi, final long lo, final int g)
    {
        return (int)((g < 4 ? hi >>> (48 - 16 * g) : lo >>> (48 - 16 * (g - 4))) & 0xFFFF);
    }

    private static int formatDecimal(final int v, final byte[] out, final int at)
    {
        int digits = 1;
        for (int x = v; x >= 10; x /= 10)
        {
            digits++;
        }
        int x = v;
        for (int i = digits - 1; i >= 0; i--)
        {
            out[at + i] = (byte)('0' + x % 10);
            x /= 10;
        }
        return digits;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Points the view at an HTTP/1.x request head inside a TCP payload.
     *
     * @param id            the request id (the record index).
     * @param payload       native address of the TCP payload.
     * @param payloadLength captured payload bytes.
     * @param start         where {@code HttpRequestSniffer} found method, target and Host.
     * @param dstPort       the TCP destination port.
     * @param ipVersion     4 or 6.
     * @param srcHi         IPv6 source high half (IPv6 only).
     * @param srcLo         IPv6 source low half, or the IPv4 source in the low 32 bits.
     * @return this.
     */
    public PacketRequestView resetHttp(final long id, final long payload, final int payloadLength,
        final HttpRequestStart start, final int dstPort, final int ipVersion, final long srcHi, final long srcLo)
    {
        sourcePort = 0;
        this.id = id;
        this.port = dstPort;
        this.payload = payload;
        native_(METHOD, payload + start.methodOffset, start.methodLength);
        native_(PATH, payload + start.targetOffset, start.targetLength);
        if (start.hostLines > 1)
        {
            joinHosts(payload, payloadLength);
        }
        else
        {
            native_(AUTHORITY, payload + start.hostOffset, start.hostLength);
        }
        length[DST] = -1;
        length[SNI] = -1;
        length[ALPN] = -1;
        source(ipVersion, srcHi, srcLo);
        this.payloadLength = payloadLength;
        headerCount = NOT_SCANNED; // scanned by the first header lookup: a route without header conditions needs none
        return this;
    }

    /**
     * The authority of a head with several Host lines: their values joined as Envoy's header map joins them
     * ({@link HttpRequestSniffer#joinHostValues}), into {@link #authorityText}.
     */
    private void joinHosts(final long payload, final int payloadLength)
    {
        if (authorityText.length < payloadLength)
        {
            authorityText = new byte[Math.max(payloadLength, 2 * authorityText.length)];
        }
        heap[AUTHORITY] = authorityText;
        length[AUTHORITY] = HttpRequestSniffer.joinHostValues(payload, payloadLength, joinStart, authorityText);
    }

    /**
     * Points the view at a TCP connection to a service address (the {@code tcp} route path).
     *
     * @param id          the request id (the record index).
     * @param serviceText the service address as written in the config (the authority).
     * @param dstPort     the TCP destination port.
     * @param ipVersion   4 or 6.
     * @param srcHi       IPv6 source high half.
     * @param srcLo       IPv6 source low half, or the IPv4 source in the low 32 bits.
     * @return this.
     */
    public PacketRequestView resetTcp(final long id, final byte[] serviceText, final int dstPort, final int ipVersion,
        final long srcHi, final long srcLo)
    {
        sourcePort = 0;
        this.id = id;
        this.port = dstPort;
        heap(METHOD, GET);
        heap(PATH, EMPTY);
        heap(AUTHORITY, serviceText);
        length[DST] = -1;
        heap(SNI, EMPTY); // a connection, without server name until {@link #serverName} sets one
        heap(ALPN, EMPTY); // and offering no ALPN protocol until {@link #alpn} sets them
        source(ipVersion, srcHi, srcLo);
        headerCount = 0;
        return this;
    }

    /**
     * Sets the TLS server name of a connection (after {@link #resetTcp}): the bytes stay in the packet.
     *
     * @param at native address of the name.
     * @param n  its length.
     * @return this.
     */
    public PacketRequestView serverName(final long at, final int n)
    {
        native_(SNI, at, n);
        return this;
    }

    /**
     * Sets the ALPN protocols a connection's ClientHello offers (after {@link #resetTcp}), from RFC 7301's list of
     * length-prefixed names: the names are copied, joined with {@code ,}, into a buffer the view keeps (it grows
     * to the longest list seen; nothing is allocated after that).
     *
     * @param at native address of the first name's length byte.
     * @param n  the list's length in bytes.
     * @return this.
     */
    public PacketRequestView alpn(final long at, final int n)
    {
        if (alpnText.length < n)
        {
            alpnText = new byte[Math.max(n, 2 * alpnText.length)];
        }
        int w = 0;
        int p = 0;
        while (p < n)
        {
            final int len = U.getByte(at + p) & 0xFF;
            if (w > 0)
            {
                alpnText[w++] = ',';
            }
            for (int i = 1; i <= len && p + i < n; i++)
            {
                alpnText[w++] = U.getByte(at + p + i);
            }
            p += 1 + len;
        }
        heap[ALPN] = alpnText;
        length[ALPN] = w;
        return this;
    }

    private void native_(final int handle, final long at, final int n)
    {
        heap[handle] = null;
        address[handle] = at;
        length[handle] = n;
    }

    private void heap(final int handle, final byte[] value)
    {
        heap[handle] = value;
        length[handle] = value.length;
    }

    private void source(final int ipVersion, final long srcHi, final long srcLo)
    {
        this.srcVersion = ipVersion;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        workload = PENDING;
        length[SOURCE_NAMESPACE] = PENDING;
        length[SOURCE_IP] = PENDING;
    }

    /** @return the source workload (looked up once per request, by the first read that needs it), or -1. */
    private int workload()
    {
        if (workload == PENDING)
        {
            resolveSource();
        }
        return workload;
    }

    /** Looks the source address {@link #source} kept up among the workloads and sets the source fields. */
    private void resolveSource()
    {
        final int ipVersion = srcVersion;
        workload = ipVersion == 4 ? directory.workloadIpv4((int)srcLo) : directory.workloadIpv6(srcHi, srcLo);
        if (workload >= 0)
        {
            heap(SOURCE_NAMESPACE, directory.namespace(workload));
            heap(SOURCE_IP, directory.workloadText(workload));
            return;
        }
        heap(SOURCE_NAMESPACE, MeshDirectory.defaultNamespace());
        if (ipVersion == 4)
        {
            heap[SOURCE_IP] = sourceText; // formatted by the first read of SOURCE_IP (length still PENDING)
        }
        else
        {
            heap[SOURCE_IP] = EMPTY;
            length[SOURCE_IP] = -1; // IPv6 text of an unknown source is not built on the hot path
        }
    }

    private static int formatIpv4(final int a, final byte[] out)
    {
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            final int octet = (a >>> shift) & 0xFF;
            if (octet >= 100)
            {
                out[n++] = (byte)('0' + octet / 100);
            }
            if (octet >= 10)
            {
                out[n++] = (byte)('0' + (octet / 10) % 10);
            }
            out[n++] = (byte)('0' + octet % 10);
            if (shift > 0)
            {
                out[n++] = '.';
            }
        }
        return n;
    }

    /** Records name and trimmed value offsets of each complete header line after the request line. */
    private void scanHeaders(final long p, final int n)
    {
        headerCount = 0;
        repeated.reset();
        maybeRepeated = false;
        long seen = 0;
        int i = PacketBytes.indexOfLineFeed(p, 0, n) + 1;
        while (i < n && headerCount < MAX_HEADERS)
        {
            final int lineEnd = PacketBytes.indexOfLineFeed(p, i, n);
            if (lineEnd >= n)
            {
                return; // the segment ends inside this line
            }
            int contentEnd = lineEnd;
            if (contentEnd > i && U.getByte(p + contentEnd - 1) == '\r')
            {
                contentEnd--;
            }
            if (contentEnd == i)
            {
                return; // the empty line: end of the head
            }
            int colon = i;
            while (colon < contentEnd && U.getByte(p + colon) != ':')
            {
                colon++;
            }
            if (colon == i || colon >= contentEnd)
            {
                return;
            }
            int vs = colon + 1;
            int ve = contentEnd;
            while (vs < ve && isOws(U.getByte(p + vs)))
            {
                vs++;
            }
            while (ve > vs && isOws(U.getByte(p + ve - 1)))
            {
                ve--;
            }
            final int mix = (colon - i) * 31 + lower(U.getByte(p + i)) * 7 + lower(U.getByte(p + colon - 1));
            final long bit = 1L << (mix & 63);
            maybeRepeated |= (seen & bit) != 0;
            seen |= bit;
            headerName[headerCount] = i;
            headerNameLength[headerCount] = colon - i;
            headerValue[headerCount] = vs;
            headerValueLength[headerCount] = ve - vs;
            headerCount++;
            i = lineEnd + 1;
        }
    }

    private static boolean isOws(final byte b)
    {
        return b == ' ' || b == '\t';
    }

    @Override
    public long id()
    {
        return id;
    }

    @Override
    public int port()
    {
        return port;
    }

    @Override
    public int sourcePort()
    {
        return sourcePort;
    }

    @Override
    public int length(final int handle)
    {
        if (handle < 0)
        {
            return -1;
        }
        if (handle < FIXED)
        {
            final int n = length[handle];
            return n != PENDING ? n : pending(handle);
        }
        if (handle >= LABEL_BASE)
        {
            return directory.labelValue(workload, handle - LABEL_BASE).length;
        }
        final int h = handle - HEADER_BASE;
        return h < JOINED ? headerValueLength[h] : repeated.length(h - JOINED);
    }

    /** Works out a {@link #PENDING} field. @return its length. */
    private int pending(final int handle)
    {
        if (handle == DST)
        {
            return formatDestination();
        }
        if (workload == PENDING)
        {
            resolveSource();
        }
        if (handle == SOURCE_IP && length[SOURCE_IP] == PENDING)
        {
            length[SOURCE_IP] = formatIpv4((int)srcLo, sourceText); // an IPv4 source no workload has
        }
        return length[handle];
    }

    @Override
    public byte byteAt(final int handle, final int index)
    {
        if (handle < FIXED)
        {
            if (length[handle] == PENDING)
            {
                pending(handle);
            }
            final byte[] h = heap[handle];
            return h != null ? h[index] : U.getByte(address[handle] + index);
        }
        if (handle >= LABEL_BASE)
        {
            return directory.labelValue(workload, handle - LABEL_BASE)[index];
        }
        final int h = handle - HEADER_BASE;
        return h < JOINED ? U.getByte(payload + headerValue[h] + index) : repeated.byteAt(h - JOINED, index);
    }

    /** A bulk copy (the writer copies path, authority and scheme of every request it encodes). */
    @Override
    public int copyTo(final int handle, final byte[] dst, final int offset)
    {
        final int n = length(handle);
        if (n <= 0)
        {
            return n < 0 ? n : 0;
        }
        if (handle < FIXED && heap[handle] != null)
        {
            System.arraycopy(heap[handle], 0, dst, offset, n);
        }
        else if (isJoined(handle))
        {
            repeated.copyTo(handle - HEADER_BASE - JOINED, dst, offset);
        }
        else if (handle < FIXED || handle < LABEL_BASE)
        {
            final long from = handle < FIXED ? address[handle] : payload + headerValue[handle - HEADER_BASE];
            U.copyMemory(null, from, dst, BufferUtil.ARRAY_BASE_OFFSET + offset, n);
        }
        else
        {
            System.arraycopy(directory.labelValue(workload, handle - LABEL_BASE), 0, dst, offset, n);
        }
        return n;
    }

    /**
     * Eight bytes a step from the packet (the interface's default reads a byte a call through {@link #byteAt}):
     * the L7 lookup compares the path and the authority with the last request's on every request.
     */
    @Override
    public boolean contentEquals(final int handle, final byte[] b, final int n)
    {
        if (handle < 0 || length(handle) != n)
        {
            return false;
        }
        if (handle < FIXED && heap[handle] != null)
        {
            return Arrays.equals(heap[handle], 0, n, b, 0, n);
        }
        if (handle >= LABEL_BASE)
        {
            return Arrays.equals(directory.labelValue(workload, handle - LABEL_BASE), 0, n, b, 0, n);
        }
        if (handle >= HEADER_BASE + JOINED)
        {
            return repeated.contentEquals(handle - HEADER_BASE - JOINED, b, n);
        }
        final long from = handle < FIXED ? address[handle] : payload + headerValue[handle - HEADER_BASE];
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES)
        {
            if (U.getLong(from + i) != U.getLong(b, BufferUtil.ARRAY_BASE_OFFSET + i))
            {
                return false;
            }
        }
        for (; i < n; i++)
        {
            if (U.getByte(from + i) != b[i])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public int header(final BytesStore<?, ?> names, final long offset, final int nameLength)
    {
        if (headerCount == NOT_SCANNED)
        {
            scanHeaders(payload, payloadLength);
        }
        for (int h = 0; h < headerCount; h++)
        {
            if (named(h, names, offset, nameLength))
            {
                if (!maybeRepeated)
                {
                    return HEADER_BASE + h;
                }
                int next = h + 1;
                while (next < headerCount && !named(next, names, offset, nameLength))
                {
                    next++;
                }
                return next < headerCount ? joined(h, next, names, offset, nameLength) : HEADER_BASE + h;
            }
        }
        return -1;
    }

    /** @return whether header line {@code h} has the name (lower-case in {@code names}). */
    private boolean named(final int h, final BytesStore<?, ?> names, final long offset, final int nameLength)
    {
        if (headerNameLength[h] != nameLength)
        {
            return false;
        }
        final long at = payload + headerName[h];
        int k = 0;
        while (k < nameLength && lower(U.getByte(at + k)) == names.readByte(offset + k))
        {
            k++;
        }
        return k == nameLength;
    }

    /**
     * The handle of a header written on several lines (the first {@code first}, the second {@code next}): its
     * values joined with {@code ,}, built once per request and header.
     */
    private int joined(final int first, final int next, final BytesStore<?, ?> names, final long offset,
        final int nameLength)
    {
        final int built = repeated.slotOf(first);
        if (built >= 0)
        {
            return HEADER_BASE + JOINED + built;
        }
        repeated.begin(first, CodecJoinedHeaders.joined(payload + headerName[first], nameLength));
        repeated.add(first, payload + headerValue[first], headerValueLength[first]);
        for (int h = next; h < headerCount; h++)
        {
            if (h == next || named(h, names, offset, nameLength))
            {
                repeated.add(h, payload + headerValue[h], headerValueLength[h]);
            }
        }
        return HEADER_BASE + JOINED + repeated.end();
    }

    @Override
    public int valueCount(final int handle)
    {
        return isJoined(handle) ? repeated.valueCount(handle - HEADER_BASE - JOINED) : 1;
    }

    @Override
    public int value(final int handle, final int k)
    {
        if (!isJoined(handle) || repeated.valueCount(handle - HEADER_BASE - JOINED) == 1)
        {
            return handle;
        }
        return HEADER_BASE + repeated.line(handle - HEADER_BASE - JOINED, k);
    }

    private static boolean isJoined(final int handle)
    {
        return handle >= HEADER_BASE + JOINED && handle < LABEL_BASE;
    }

    @Override
    public int sourceLabel(final BytesStore<?, ?> names, final long offset, final int nameLength)
    {
        final int w = workload();
        if (w < 0)
        {
            return -1;
        }
        final int count = directory.labelCount(w);
        for (int k = 0; k < count; k++)
        {
            final byte[] name = directory.labelName(w, k);
            if (name.length != nameLength)
            {
                continue;
            }
            int j = 0;
            while (j < nameLength && name[j] == names.readByte(offset + j))
            {
                j++;
            }
            if (j == nameLength)
            {
                return LABEL_BASE + k;
            }
        }
        return -1;
    }

    private static byte lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
    }
}
