package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.OffHeap;

import java.nio.ByteOrder;

/**
 * The lexical half of the byte-level request parser: a cursor over one line's bytes and the JSON syntax
 * checks (numbers, literals, strings in strict UTF-8, nested values skipped with their syntax checked,
 * whitespace). {@link RequestLineDecoder} adds what the fields mean.
 */
abstract class JsonLineScanner
{
    /** Eight-byte loads of a line and stores into an arena (heap arrays, bounds checked by the callers). */
    static final OffHeap U = OffHeap.MEMORY;
    /** Offset of a byte array's element 0. */
    static final long BYTES = OffHeap.ARRAY_BYTE_BASE_OFFSET;
    /** Whether words are loaded low byte first (where {@link #firstSpecial} is exact). */
    static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /** The line's bytes. */
    byte[] line;
    /** The cursor. */
    int pos;
    /** The end of the line (exclusive). */
    int end;

    final boolean isNull()
    {
        return pos + 4 <= end && line[pos] == 'n' && line[pos + 1] == 'u' && line[pos + 2] == 'l'
            && line[pos + 3] == 'l';
    }

    final boolean regionEquals(final int start, final byte[] name)
    {
        for (int i = 0; i < name.length; i++)
        {
            if (line[start + i] != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /** JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    final boolean number()
    {
        final int start = pos;
        if (pos < end && line[pos] == '-')
        {
            pos++;
        }
        if (pos >= end)
        {
            return false;
        }
        if (line[pos] == '0')
        {
            pos++;
        }
        else if (line[pos] >= '1' && line[pos] <= '9')
        {
            digits();
        }
        else
        {
            return false;
        }
        if (pos < end && line[pos] == '.')
        {
            pos++;
            if (digits() == 0)
            {
                return false;
            }
        }
        if (pos < end && (line[pos] == 'e' || line[pos] == 'E'))
        {
            pos++;
            if (pos < end && (line[pos] == '+' || line[pos] == '-'))
            {
                pos++;
            }
            if (digits() == 0)
            {
                return false;
            }
        }
        // Jackson refuses numbers longer than 1000 characters: leave those to it
        return pos - start <= 1000 && (pos >= end || isDelimiter(line[pos]));
    }

    static boolean isDelimiter(final byte c)
    {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    final int digits()
    {
        final int start = pos;
        while (pos < end && line[pos] >= '0' && line[pos] <= '9')
        {
            pos++;
        }
        return pos - start;
    }

    final int hex4(final int from)
    {
        if (from + 4 > end)
        {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + 4; i++)
        {
            final int c = line[i];
            final int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
            {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    final boolean validUtf8(final int from, final int to)
    {
        int i = from;
        while (i < to)
        {
            if (line[i] >= 0)
            {
                i++;
                continue;
            }
            final int n = utf8Length(i);
            if (n < 0 || i + n > to)
            {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** @return the length of the strict UTF-8 sequence at {@code i} (see {@link Utf8#sequenceLength}), or -1. */
    final int utf8Length(final int i)
    {
        return Utf8.sequenceLength(line, i, end);
    }

    /** Skips any JSON value, checking its syntax (strings are checked in place, not copied). */
    final boolean skipValue(final int depth)
    {
        if (pos >= end || depth > 64)
        {
            return false;
        }
        final byte c = line[pos];
        if (c == '"')
        {
            return skipString();
        }
        if (c == '{' || c == '[')
        {
            return skipContainer(c == '{', depth);
        }
        if (c == 't')
        {
            return literal("true");
        }
        if (c == 'f')
        {
            return literal("false");
        }
        if (c == 'n')
        {
            return literal("null");
        }
        return number();
    }

    final boolean literal(final String word)
    {
        if (pos + word.length() > end)
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if (line[pos + i] != word.charAt(i))
            {
                return false;
            }
        }
        pos += word.length();
        return pos >= end || isDelimiter(line[pos]);
    }

    final boolean skipContainer(final boolean object, final int depth)
    {
        final byte close = object ? (byte)'}' : (byte)']';
        pos++;
        skipWhitespace();
        if (pos < end && line[pos] == close)
        {
            pos++;
            return true;
        }
        while (pos < end)
        {
            skipWhitespace();
            if (object)
            {
                if (pos >= end || !skipString())
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
            }
            if (!skipValue(depth + 1))
            {
                return false;
            }
            skipWhitespace();
            if (pos >= end)
            {
                return false;
            }
            final byte c = line[pos++];
            if (c == close)
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

    final boolean skipString()
    {
        if (line[pos] != '"')
        {
            return false;
        }
        pos++;
        while (pos < end)
        {
            final byte c = line[pos];
            if (c == '"')
            {
                pos++;
                return true;
            }
            if (c == '\\')
            {
                if (pos + 1 >= end)
                {
                    return false;
                }
                final byte e = line[pos + 1];
                if (e == 'u')
                {
                    final int u = hex4(pos + 2);
                    if (u < 0 || Character.isSurrogate((char)u))
                    {
                        // a surrogate escape, even one of a good pair, goes to the reference: Jackson refuses a
                        // broken one in a field name (also in a skipped object) and its message is the one shown
                        return false;
                    }
                    pos += 6;
                }
                else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't')
                {
                    pos += 2;
                }
                else
                {
                    return false;
                }
            }
            else if (c >= 0 && c < 0x20)
            {
                return false;
            }
            else if (c >= 0)
            {
                pos++;
            }
            else
            {
                final int n = utf8Length(pos);
                if (n < 0)
                {
                    return false;
                }
                pos += n;
            }
        }
        return false;
    }

    final void skipWhitespace()
    {
        while (pos < end)
        {
            final byte c = line[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            pos++;
        }
    }

    /**
     * Whether any of eight bytes ends or interrupts a plain run of string bytes: a quote, a backslash, a control
     * byte below 0x20 or a non-ASCII byte (SWAR: each test is the exact "has a zero byte" or "has a byte below n"
     * word trick, so the answer is exact for the word, not per byte).
     *
     * @param w eight bytes in any order.
     * @return whether one of them is special.
     */
    static boolean special(final long w)
    {
        return specialMask(w) != 0;
    }

    /**
     * As {@link #special}, the flags: the high bit of each flagged byte. The flag of the byte at the lowest
     * address is exact on a little-endian machine (a borrow only runs towards higher addresses there), the
     * ones above it may not be.
     *
     * @param w eight bytes loaded in native order.
     * @return the flags, 0 when none of the eight is special.
     */
    static long specialMask(final long w)
    {
        final long quote = w ^ 0x2222_2222_2222_2222L;
        final long backslash = w ^ 0x5C5C_5C5C_5C5C_5C5CL;
        final long zeroQuote = (quote - ONES) & ~quote;
        final long zeroBackslash = (backslash - ONES) & ~backslash;
        final long control = (w - 0x2020_2020_2020_2020L) & ~w;
        return (zeroQuote | zeroBackslash | control | w) & HIGHS;
    }

    /**
     * Flags for the bytes of a word past the end of the text ({@link #LITTLE_ENDIAN} order), so that a word
     * loaded across the end stops where the text does.
     *
     * @param left bytes of the text left in the word (more than 0).
     * @return the high bit of each byte from {@code left} on; 0 when the whole word is text.
     */
    static long beyondEnd(final int left)
    {
        return left >= 8 ? 0 : HIGHS & (-1L << (left << 3));
    }

    /**
     * @param mask flags from {@link #specialMask} (not 0) on a {@link #LITTLE_ENDIAN} machine.
     * @return the index (0..7) of the first special byte.
     */
    static int firstSpecial(final long mask)
    {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
