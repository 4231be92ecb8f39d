package dev.wirespeed.fib.jwt;

import dev.wirespeed.fib.l7.L7RequestView;

/**
 * Envoy's {@code QueryParamsMulti::parseAndDecodeQueryString} then {@code getFirstValue}, allocation-free: the query
 * is what follows the first {@code ?} of the path, split on {@code &}, each part split at its first {@code =}
 * (none: an empty value), names and values percent-decoded.
 */
final class QueryParams
{
    private QueryParams()
    {
    }

    /**
     * @param r    the request.
     * @param name the parameter's (decoded) name.
     * @param into where to copy its first value, decoded ({@code null}: only say whether it is there).
     * @return whether the parameter is there.
     */
    static boolean first(final L7RequestView r, final String name, final JwtStage into)
    {
        final int len = r.length(L7RequestView.PATH);
        int q = -1;
        for (int i = 0; i < len && q < 0; i++)
        {
            if (r.byteAt(L7RequestView.PATH, i) == '?')
            {
                q = i + 1;
            }
        }
        if (q < 0)
        {
            return false;
        }
        int start = q;
        while (start < len)
        {
            int end = start;
            while (end < len && r.byteAt(L7RequestView.PATH, end) != '&')
            {
                end++;
            }
            int eq = start;
            while (eq < end && r.byteAt(L7RequestView.PATH, eq) != '=')
            {
                eq++;
            }
            if (decodedEquals(r, start, eq, name))
            {
                if (into != null)
                {
                    into.reserve(end - eq);
                    decode(r, Math.min(eq + 1, end), end, into);
                }
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static int hex(final byte b)
    {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F'
                ? b - 'A' + 10 : -1;
    }

    /** The byte at {@code i} decoded, its width in the high bits (1 or 3). */
    private static int decodedAt(final L7RequestView r, final int i, final int end)
    {
        final byte b = r.byteAt(L7RequestView.PATH, i);
        if (b == '%' && i + 2 < end + 0 + 1 && i + 2 < end)
        {
            final int h = hex(r.byteAt(L7RequestView.PATH, i + 1));
            final int l = hex(r.byteAt(L7RequestView.PATH, i + 2));
            if (h >= 0 && l >= 0)
            {
                return 3 << 8 | h << 4 | l;
            }
        }
        return 1 << 8 | b & 0xFF;
    }

    private static boolean decodedEquals(final L7RequestView r, final int start, final int end, final String name)
    {
        int k = 0;
        for (int i = start; i < end;)
        {
            final int d = decodedAt(r, i, end);
            if (k >= name.length() || name.charAt(k) != (char)(d & 0xFF))
            {
                return false;
            }
            k++;
            i += d >>> 8;
        }
        return k == name.length();
    }

    private static void decode(final L7RequestView r, final int start, final int end, final JwtStage into)
    {
        for (int i = start; i < end;)
        {
            final int d = decodedAt(r, i, end);
            into.put((byte)d);
            i += d >>> 8;
        }
    }
}
