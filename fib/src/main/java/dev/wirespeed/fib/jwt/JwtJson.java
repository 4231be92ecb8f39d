package dev.wirespeed.fib.jwt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for a token's header and payload (the compiled path reads them only on a cache miss): objects
 * become {@link Map}s, arrays {@link List}s, numbers {@link Double}s (protobuf's {@code Struct}, which Envoy parses
 * into, keeps every number as a double), strings, booleans and {@code null}. Anything else is an error
 * ({@code null} result).
 */
final class JwtJson
{
    private static final Object NULL = new Object();

    private final String s;
    private int i;

    private JwtJson(final String s)
    {
        this.s = s;
    }

    /**
     * @param bytes UTF-8 JSON text.
     * @return the top-level object, or {@code null} when the text is not one JSON object.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final byte[] bytes)
    {
        final JwtJson p = new JwtJson(new String(bytes, StandardCharsets.UTF_8));
        try
        {
            p.ws();
            final Object v = p.value();
            p.ws();
            return p.i == p.s.length() && v instanceof Map ? (Map<String, Object>)v : null;
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }

    /** @return whether a value read is JSON {@code null}. */
    static boolean isNull(final Object v)
    {
        return v == NULL;
    }

    private void ws()
    {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r'))
        {
            i++;
        }
    }

    private Object value()
    {
        final char c = s.charAt(i);
        switch (c)
        {
            case '{':
                return obj();
            case '[':
                return arr();
            case '"':
                return str();
            case 't':
                return lit("true", Boolean.TRUE);
            case 'f':
                return lit("false", Boolean.FALSE);
            case 'n':
                return lit("null", NULL);
            default:
                return num();
        }
    }

    private Object lit(final String word, final Object v)
    {
        if (!s.startsWith(word, i))
        {
            throw new IllegalArgumentException();
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> obj()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (s.charAt(i) == '}')
        {
            i++;
            return m;
        }
        while (true)
        {
            ws();
            if (s.charAt(i) != '"')
            {
                throw new IllegalArgumentException();
            }
            final String k = str();
            ws();
            if (s.charAt(i++) != ':')
            {
                throw new IllegalArgumentException();
            }
            ws();
            m.put(k, value());
            ws();
            final char c = s.charAt(i++);
            if (c == '}')
            {
                return m;
            }
            if (c != ',')
            {
                throw new IllegalArgumentException();
            }
        }
    }

    private List<Object> arr()
    {
        final List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (s.charAt(i) == ']')
        {
            i++;
            return l;
        }
        while (true)
        {
            ws();
            l.add(value());
            ws();
            final char c = s.charAt(i++);
            if (c == ']')
            {
                return l;
            }
            if (c != ',')
            {
                throw new IllegalArgumentException();
            }
        }
    }

    private String str()
    {
        final StringBuilder b = new StringBuilder();
        i++;
        while (true)
        {
            final char c = s.charAt(i++);
            if (c == '"')
            {
                return b.toString();
            }
            if (c < 0x20)
            {
                throw new IllegalArgumentException();
            }
            if (c != '\\')
            {
                b.append(c);
                continue;
            }
            final char e = s.charAt(i++);
            switch (e)
            {
                case '"': case '\\': case '/':
                    b.append(e);
                    break;
                case 'b':
                    b.append('\b');
                    break;
                case 'f':
                    b.append('\f');
                    break;
                case 'n':
                    b.append('\n');
                    break;
                case 'r':
                    b.append('\r');
                    break;
                case 't':
                    b.append('\t');
                    break;
                case 'u':
                    b.append((char)Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default:
                    throw new IllegalArgumentException();
            }
        }
    }

    private Double num()
    {
        final int start = i;
        if (i < s.length() && s.charAt(i) == '-')
        {
            i++;
        }
        final int digits = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)))
        {
            i++;
        }
        if (i == digits || s.charAt(digits) == '0' && i - digits > 1)
        {
            throw new IllegalArgumentException();
        }
        if (i < s.length() && s.charAt(i) == '.')
        {
            i++;
            final int f = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)))
            {
                i++;
            }
            if (i == f)
            {
                throw new IllegalArgumentException();
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E'))
        {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-'))
            {
                i++;
            }
            final int f = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)))
            {
                i++;
            }
            if (i == f)
            {
                throw new IllegalArgumentException();
            }
        }
        return Double.valueOf(s.substring(start, i));
    }
}
