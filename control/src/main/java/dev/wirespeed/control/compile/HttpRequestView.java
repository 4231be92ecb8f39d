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
    private static final int FIXED = 8;
    private static final int HEADER_BASE = 1 << 16;
    private static final int LABEL_BASE = 2 << 16;

    private byte[] arena = new byte[512];
    private int used;
    private final int[] offsets = new int[FIXED];
    private final int[] lengths = new int[FIXED];
    private int[] headers = new int[32];   // {nameOff, nameLen, valueOff, valueLen} per header
    private int headerCount;
    private int[] labels = new int[32];
    private int labelCount;
    private long id;
    private int port;

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
        final String scheme = r.scheme() == null ? "http" : r.scheme();
        final String authority = r.authority() == null ? "" : r.authority();
        port = RequestFacts.effectivePort(r.port(), authority, scheme);
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

    @Override
    public int port()
    {
        return port;
    }

    private int offset(final int handle)
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
