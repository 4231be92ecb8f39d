package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.reference.RequestFacts;
import dev.wirespeed.fib.l7.L7RequestView;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;
import java.util.Map;

/**
 * A heap {@link L7RequestView} over an {@link HttpRequest}: {@link #reset} encodes the request's strings
 * as UTF-8 into one reusable byte arena (defaults of {@code docs/routing.md} applied), so a single view
 * can be re-pointed at every request of a trace. Lookups through it allocate nothing; {@link #reset}
 * allocates only when the arena or the header tables must grow (and iterates the request's maps).
 */
public final class HttpRequestView implements L7RequestView
{
    private static final int FIXED = 10;
    private static final int HEADER_BASE = 1 << 16;
    private static final int LABEL_BASE = 2 << 16;

    private static final byte[] GET = {'G', 'E', 'T'};
    private static final byte[] HTTP = {'h', 't', 't', 'p'};
    private static final byte[] HTTPS = {'h', 't', 't', 'p', 's'};
    private static final byte[] EMPTY = {};
    private static final byte[] MESH = {'m', 'e', 's', 'h'};
    private static final byte[] DEFAULT = {'d', 'e', 'f', 'a', 'u', 'l', 't'};

    private byte[] arena = new byte[512];
    private int used;
    private final int[] offsets = new int[FIXED];
    private final int[] lengths = new int[FIXED];
    private int[] headers = new int[32];   // {nameOff, nameLen, valueOff, valueLen} per header
    private int headerCount;
    private int[] labels = new int[32];
    private int labelCount;
    private long id;
    private long ts;
    private int port;
    private int sourcePort;

    /** An empty view; call {@link #reset} before use. */
    public HttpRequestView()
    {
    }

    /**
     * @param request a request.
     * @return a new view over it.
     */
    public static HttpRequestView of(final HttpRequest request)
    {
        return new HttpRequestView().reset(request);
    }

    /**
     * Re-points the view at another request.
     *
     * @param r the request.
     * @return this.
     */
    public HttpRequestView reset(final HttpRequest r)
    {
        used = 0;
        id = r.id();
        ts = r.ts();
        final String scheme = r.scheme() == null ? "http" : r.scheme();
        final String authority = r.authority() == null ? "" : r.authority();
        port = RequestFacts.effectivePort(r.port(), authority, scheme);
        sourcePort = r.srcPort();
        put(METHOD, r.method() == null ? "GET" : r.method());
        put(SCHEME, scheme);
        put(AUTHORITY, authority);
        put(PATH, r.path() == null ? "" : r.path());
        put(GATEWAY, r.gateway() == null ? "mesh" : r.gateway());
        put(SOURCE_NAMESPACE, r.sourceNamespace() == null ? "default" : r.sourceNamespace());
        if (r.src() == null)
        {
            offsets[SOURCE_IP] = 0;
            lengths[SOURCE_IP] = -1;
        }
        else
        {
            put(SOURCE_IP, r.src());
        }
        if (r.dst() == null)
        {
            offsets[DST] = 0;
            lengths[DST] = -1;
        }
        else
        {
            put(DST, r.dst());
        }
        if (r.sni() == null)
        {
            offsets[SNI] = 0;
            lengths[SNI] = -1;
        }
        else
        {
            put(SNI, r.sni());
        }
        if (r.alpn() == null)
        {
            offsets[ALPN] = 0;
            lengths[ALPN] = -1;
        }
        else
        {
            put(ALPN, r.alpn());
        }
        headerCount = 0;
        if (r.headers() != null)
        {
            for (final Map.Entry<String, String> e : r.headers().entrySet())
            {
                headers = grow(headers, headerCount * 4 + 4);
                encodePair(headers, headerCount++, e.getKey(), e.getValue());
            }
        }
        labelCount = 0;
        if (r.sourceLabels() != null)
        {
            for (final Map.Entry<String, String> e : r.sourceLabels().entrySet())
            {
                labels = grow(labels, labelCount * 4 + 4);
                encodePair(labels, labelCount++, e.getKey(), e.getValue());
            }
        }
        return this;
    }

    // ------------------------------------------------------------------ filling from bytes

    /**
     * Starts filling the view from raw UTF-8 bytes (a byte-level trace parser): clears every field. Write
     * values into {@link #arena()} at {@link #arenaPosition()} (after {@link #reserve}), then name them with
     * {@link #field}, {@link #addHeader} or {@link #addLabel}; finish with {@link #end}.
     *
     * @param requestId the request id.
     * @return this.
     */
    public HttpRequestView begin(final long requestId)
    {
        used = 0;
        id = requestId;
        ts = 0;
        port = 0;
        sourcePort = 0;
        headerCount = 0;
        labelCount = 0;
        for (int f = 0; f < FIXED; f++)
        {
            lengths[f] = -1;
            offsets[f] = 0;
        }
        return this;
    }

    /**
     * @param n bytes about to be written at {@link #arenaPosition()}.
     * @return the arena (it may have been replaced by a larger one).
     */
    public byte[] reserve(final int n)
    {
        if (arena.length < used + n)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + n));
        }
        return arena;
    }

    /** @return the arena bytes are written into. */
    public byte[] arena()
    {
        return arena;
    }

    /** @return where the next value starts in the arena. */
    public int arenaPosition()
    {
        return used;
    }

    /** @param position the arena position after the bytes just written. */
    public void arenaPosition(final int position)
    {
        used = position;
    }

    /**
     * Names a fixed field ({@link #METHOD} ... {@link #SOURCE_IP}); a later call for the same field wins.
     *
     * @param field  the handle.
     * @param offset the value's offset in the arena.
     * @param length its length.
     */
    public void field(final int field, final int offset, final int length)
    {
        offsets[field] = offset;
        lengths[field] = length;
    }

    /** Forgets the headers added so far (a second {@code headers} object replaces the first). */
    public void clearHeaders()
    {
        headerCount = 0;
    }

    /** Forgets the source labels added so far. */
    public void clearLabels()
    {
        labelCount = 0;
    }

    /**
     * Adds a header (name already lower-case); the first of equal names is the one found.
     *
     * @param nameOffset  arena offset of the name.
     * @param nameLength  its length.
     * @param valueOffset arena offset of the value.
     * @param valueLength its length.
     */
    public void addHeader(final int nameOffset, final int nameLength, final int valueOffset, final int valueLength)
    {
        headers = addPair(headers, headerCount++, nameOffset, nameLength, valueOffset, valueLength);
    }

    /**
     * Adds a source label; the first of equal names is the one found.
     *
     * @param nameOffset  arena offset of the name.
     * @param nameLength  its length.
     * @param valueOffset arena offset of the value.
     * @param valueLength its length.
     */
    public void addLabel(final int nameOffset, final int nameLength, final int valueOffset, final int valueLength)
    {
        labels = addPair(labels, labelCount++, nameOffset, nameLength, valueOffset, valueLength);
    }

    private static int[] addPair(final int[] table, final int index, final int nameOffset, final int nameLength,
        final int valueOffset, final int valueLength)
    {
        final int[] t = grow(table, index * 4 + 4);
        t[4 * index] = nameOffset;
        t[4 * index + 1] = nameLength;
        t[4 * index + 2] = valueOffset;
        t[4 * index + 3] = valueLength;
        return t;
    }

    /**
     * Applies the defaults of {@code docs/routing.md} to the fields not given and sets the port.
     *
     * @param requestPort the port given (0 when absent: the authority's, else 80, 443 for https).
     * @return this.
     */
    public HttpRequestView end(final int requestPort)
    {
        defaultTo(METHOD, GET);
        defaultTo(SCHEME, HTTP);
        defaultTo(AUTHORITY, EMPTY);
        defaultTo(GATEWAY, MESH);
        defaultTo(SOURCE_NAMESPACE, DEFAULT);
        if (requestPort > 0)
        {
            port = requestPort;
            return this;
        }
        final int p = RequestFacts.authorityPort(arena, offsets[AUTHORITY], lengths[AUTHORITY]);
        port = p > 0 ? p : lengths[SCHEME] == 5 && startsWith(offsets[SCHEME], HTTPS) ? 443 : 80;
        return this;
    }

    private boolean startsWith(final int offset, final byte[] text)
    {
        for (int i = 0; i < text.length; i++)
        {
            if (arena[offset + i] != text[i])
            {
                return false;
            }
        }
        return true;
    }

    private void defaultTo(final int field, final byte[] value)
    {
        if (lengths[field] < 0)
        {
            reserve(value.length);
            System.arraycopy(value, 0, arena, used, value.length);
            offsets[field] = used;
            lengths[field] = value.length;
            used += value.length;
        }
    }

    private static int[] grow(final int[] a, final int n)
    {
        return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    private void encodePair(final int[] table, final int i, final String name, final String value)
    {
        table[4 * i] = used;
        table[4 * i + 1] = encode(name);
        table[4 * i + 2] = used;
        table[4 * i + 3] = encode(value);
    }

    private void put(final int field, final String v)
    {
        offsets[field] = used;
        lengths[field] = encode(v);
    }

    /** UTF-8 encodes into the arena without allocating (except to grow it). */
    private int encode(final String s)
    {
        final int start = used;
        if (arena.length < used + 4 * s.length())
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + 4 * s.length()));
        }
        for (int i = 0; i < s.length(); i++)
        {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char)c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                c = Character.toCodePoint((char)c, s.charAt(++i));
            }
            if (c < 0x80)
            {
                arena[used++] = (byte)c;
            }
            else if (c < 0x800)
            {
                arena[used++] = (byte)(0xC0 | (c >> 6));
                arena[used++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (c < 0x10000)
            {
                arena[used++] = (byte)(0xE0 | (c >> 12));
                arena[used++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                arena[used++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                arena[used++] = (byte)(0xF0 | (c >> 18));
                arena[used++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                arena[used++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                arena[used++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return used - start;
    }

    @Override
    public long id()
    {
        return id;
    }

    /** @return the record's {@code ts} (trace time, carried for reports; 0 when absent). */
    public long ts()
    {
        return ts;
    }

    /**
     * @param value the record's {@code ts} (integer part).
     * @return this.
     */
    public HttpRequestView ts(final long value)
    {
        ts = value;
        return this;
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

    /**
     * @param p the downstream connection's source port (a trace's {@code src} written {@code address:port}), 0 none.
     * @return this.
     */
    public HttpRequestView sourcePort(final int p)
    {
        sourcePort = p;
        return this;
    }

    /**
     * @param handle a fixed field or a header/label handle whose value is present.
     * @return the value's offset in {@link #arena()}.
     */
    public int offset(final int handle)
    {
        if (handle < FIXED)
        {
            return offsets[handle];
        }
        return handle >= LABEL_BASE ? labels[4 * (handle - LABEL_BASE) + 2] : headers[4 * (handle - HEADER_BASE) + 2];
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
            return lengths[handle];
        }
        return handle >= LABEL_BASE ? labels[4 * (handle - LABEL_BASE) + 3] : headers[4 * (handle - HEADER_BASE) + 3];
    }

    @Override
    public byte byteAt(final int handle, final int index)
    {
        return arena[offset(handle) + index];
    }

    @Override
    public int copyTo(final int handle, final byte[] dst, final int offset)
    {
        final int n = length(handle);
        System.arraycopy(arena, offset(handle), dst, offset, n);
        return n;
    }

    private int find(final int[] table, final int count, final BytesStore<?, ?> names, final long offset,
            final int length)
    {
        for (int i = 0; i < count; i++)
        {
            if (table[4 * i + 1] != length)
            {
                continue;
            }
            final int at = table[4 * i];
            int k = 0;
            while (k < length && arena[at + k] == names.readByte(offset + k))
            {
                k++;
            }
            if (k == length)
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int header(final BytesStore<?, ?> names, final long offset, final int length)
    {
        final int i = find(headers, headerCount, names, offset, length);
        return i < 0 ? -1 : HEADER_BASE + i;
    }

    @Override
    public int sourceLabel(final BytesStore<?, ?> names, final long offset, final int length)
    {
        final int i = find(labels, labelCount, names, offset, length);
        return i < 0 ? -1 : LABEL_BASE + i;
    }
}
