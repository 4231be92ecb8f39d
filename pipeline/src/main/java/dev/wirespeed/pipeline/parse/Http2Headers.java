package dev.wirespeed.pipeline.parse;

/**
 * One decoded HTTP/2 header list (a request's HEADERS block after HPACK): names and values copied into one
 * byte array sized once, with the pseudo-headers a route reads found by index. Caller-owned, re-filled for
 * every block; nothing is allocated after construction.
 */
public final class Http2Headers
{
    /** Bytes of names and values one block may decode to (Envoy's default request header limit is 60 KiB). */
    public static final int DEFAULT_CAPACITY = 16 * 1024;
    /** Header fields one block may hold. */
    public static final int MAX_FIELDS = 128;

    /** Decoded names and values. */
    public final byte[] data;
    /** Name offsets in {@link #data}. */
    public final int[] nameOffset = new int[MAX_FIELDS];
    /** Name lengths. */
    public final int[] nameLength = new int[MAX_FIELDS];
    /** Value offsets in {@link #data}. */
    public final int[] valueOffset = new int[MAX_FIELDS];
    /** Value lengths. */
    public final int[] valueLength = new int[MAX_FIELDS];
    /** Fields decoded. */
    public int count;
    /** Bytes of {@link #data} used. */
    public int used;
    /** Field index of {@code :method}, or -1. */
    public int method;
    /** Field index of {@code :path}, or -1. */
    public int path;
    /** Field index of {@code :authority}, or -1. */
    public int authority;
    /** Field index of {@code :scheme}, or -1. */
    public int scheme;
    /** Field index of the first {@code host} (the authority when {@code :authority} is absent), or -1. */
    public int host;
    /** Stream the block opened. */
    public int streamId;

    /** A list of {@link #DEFAULT_CAPACITY} bytes. */
    public Http2Headers()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity bytes of names and values.
     */
    public Http2Headers(final int capacity)
    {
        this.data = new byte[capacity];
        reset();
    }

    /** Empties the list. */
    public void reset()
    {
        count = 0;
        used = 0;
        method = -1;
        path = -1;
        authority = -1;
        scheme = -1;
        host = -1;
        streamId = 0;
    }

    /**
     * @param field a field index.
     * @return its name as text (for tests and diagnostics, not the hot path).
     */
    public String name(final int field)
    {
        return new String(data, nameOffset[field], nameLength[field], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * @param field a field index.
     * @return its value as text (for tests and diagnostics, not the hot path).
     */
    public String value(final int field)
    {
        return new String(data, valueOffset[field], valueLength[field], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Records the pseudo-header (or host) that the field just added is, if any. */
    void classify(final int field)
    {
        final int n = nameLength[field];
        final int o = nameOffset[field];
        if (n == 4 && data[o] == 'h' && data[o + 1] == 'o' && data[o + 2] == 's' && data[o + 3] == 't')
        {
            if (host < 0)
            {
                host = field;
            }
            return;
        }
        if (n < 5 || data[o] != ':')
        {
            return;
        }
        final int c = data[o + 1];
        if (n == 5 && c == 'p' && data[o + 2] == 'a' && data[o + 3] == 't' && data[o + 4] == 'h')
        {
            path = field;
        }
        else if (n == 7 && c == 'm' && equals(o, ":method"))
        {
            method = field;
        }
        else if (n == 7 && c == 's' && equals(o, ":scheme"))
        {
            scheme = field;
        }
        else if (n == 10 && c == 'a' && equals(o, ":authority"))
        {
            authority = field;
        }
    }

    private boolean equals(final int off, final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            if (data[off + i] != s.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
