package dev.wirespeed.fib.jwt;

import dev.wirespeed.fib.l7.L7RequestView;

import java.nio.charset.StandardCharsets;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Envoy's {@code Utility::parseCookies} for one name, allocation-free: every {@code cookie} header value split on
 * {@code ;}, leading spaces skipped, each part split at its first {@code =}; the first part with the name gives the
 * value, its surrounding double quotes removed.
 */
final class Cookies
{
    private static final BytesStore<?, ?> COOKIE = BytesStore.wrap("cookie".getBytes(StandardCharsets.US_ASCII));

    private Cookies()
    {
    }

    static boolean find(final L7RequestView r, final String name, final JwtStage into)
    {
        final int h = r.header(COOKIE, 0, 6);
        if (h < 0)
        {
            return false;
        }
        for (int v = 0; v < r.valueCount(h); v++)
        {
            final int vh = r.value(h, v);
            final int len = r.length(vh);
            int start = 0;
            while (start < len)
            {
                int end = start;
                while (end < len && r.byteAt(vh, end) != ';')
                {
                    end++;
                }
                int s = start;
                while (s < end && r.byteAt(vh, s) == ' ')
                {
                    s++;
                }
                int eq = s;
                while (eq < end && r.byteAt(vh, eq) != '=')
                {
                    eq++;
                }
                if (eq < end && eq - s == name.length() && same(r, vh, s, name))
                {
                    int a = eq + 1;
                    int b = end;
                    if (b - a >= 2 && r.byteAt(vh, a) == '"' && r.byteAt(vh, b - 1) == '"')
                    {
                        a++;
                        b--;
                    }
                    if (into != null)
                    {
                        into.reserve(b - a);
                        for (int i = a; i < b; i++)
                        {
                            into.put(r.byteAt(vh, i));
                        }
                    }
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    private static boolean same(final L7RequestView r, final int vh, final int s, final String name)
    {
        for (int i = 0; i < name.length(); i++)
        {
            if (r.byteAt(vh, s + i) != name.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
