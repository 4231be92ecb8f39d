package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.StringPool;

/**
 * The FIB's string pool as the decision encoder reads it: each string JSON-escaped on first use and kept (one
 * array per pool id, never per record), and byte comparisons against the pool without a String.
 */
final class PooledText
{
    private final StringPool strings;
    private final byte[][] escaped;

    PooledText(final StringPool strings)
    {
        this.strings = strings;
        this.escaped = new byte[strings.count()][];
    }

    StringPool strings()
    {
        return strings;
    }

    /** @return the pool string's JSON-escaped bytes (encoded on first use, then kept), or null for -1. */
    byte[] get(final int id)
    {
        if (id < 0)
        {
            return null;
        }
        byte[] b = escaped[id];
        if (b == null)
        {
            b = JsonBytes.escape(strings.string(id));
            escaped[id] = b;
        }
        return b;
    }

    /** @return whether pool string {@code id} is the first {@code length} bytes of {@code other}. */
    boolean equals(final int id, final byte[] other, final int offset, final int length)
    {
        final int n = strings.length(id);
        if (n != length)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (strings.byteAt(id, i) != other[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    /** @return whether pool string {@code id} holds byte {@code c}. */
    boolean has(final int id, final byte c)
    {
        final int n = strings.length(id);
        for (int i = 0; i < n; i++)
        {
            if (strings.byteAt(id, i) == c)
            {
                return true;
            }
        }
        return false;
    }

    /** @return whether pool string {@code id} is ASCII (so its byte order is its String order). */
    boolean isAscii(final int id)
    {
        final int n = strings.length(id);
        for (int i = 0; i < n; i++)
        {
            if (strings.byteAt(id, i) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the order of two pool strings by their bytes (String order for ASCII strings). */
    int compare(final int a, final int b)
    {
        final int n = strings.length(a);
        final int m = strings.length(b);
        for (int i = 0; i < n && i < m; i++)
        {
            final int c = (strings.byteAt(a, i) & 0xFF) - (strings.byteAt(b, i) & 0xFF);
            if (c != 0)
            {
                return c;
            }
        }
        return n - m;
    }
}
