package dev.wirespeed.sim.jsonl;

/**
 * Strict UTF-8 validation of a line's bytes (no overlong forms, no surrogates, nothing past U+10FFFF), so a
 * trace line with one bad byte is that line's bad record, not text silently repaired with U+FFFD.
 */
public final class Utf8
{
    private Utf8()
    {
    }

    /**
     * @param bytes the bytes.
     * @param from  the first byte.
     * @param to    the end (exclusive).
     * @return the index of the first byte that does not start a valid UTF-8 sequence, or -1 if all is valid.
     */
    public static int firstInvalid(final byte[] bytes, final int from, final int to)
    {
        int i = from;
        while (i < to)
        {
            if (bytes[i] >= 0)
            {
                i++;
                continue;
            }
            final int n = sequenceLength(bytes, i, to);
            if (n < 0)
            {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /**
     * @param bytes  the line's bytes.
     * @param from   where the line starts.
     * @param length its length.
     * @return {@code null} for valid UTF-8, else where and what is wrong ({@code "COLUMN: not valid UTF-8 (byte
     *         0xNN)"}), as a bad record's description.
     */
    public static String problem(final byte[] bytes, final int from, final int length)
    {
        final int invalid = firstInvalid(bytes, from, from + length);
        return invalid < 0 ? null : column(bytes, from, invalid) + ": not valid UTF-8 (byte 0x"
            + Integer.toHexString(bytes[invalid] & 0xFF) + ")";
    }

    /**
     * @return the 1-based column (in characters, counting each code point once) of the byte at {@code at} in a
     *         line starting at {@code from} whose bytes before {@code at} are valid UTF-8.
     */
    public static int column(final byte[] bytes, final int from, final int at)
    {
        int column = 1;
        for (int i = from; i < at; i++)
        {
            if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }
        return column;
    }

    /**
     * @param bytes the bytes.
     * @param i     where a multi-byte sequence starts.
     * @param to    the end of the line (exclusive).
     * @return the length of the strict UTF-8 sequence at {@code i} (no overlong forms, no surrogates), or -1.
     */
    public static int sequenceLength(final byte[] bytes, final int i, final int to)
    {
        final int c = bytes[i] & 0xFF;
        final int n;
        final int min;
        if (c >= 0xC2 && c <= 0xDF)
        {
            n = 2;
            min = 0x80;
        }
        else if (c >= 0xE0 && c <= 0xEF)
        {
            n = 3;
            min = 0x800;
        }
        else if (c >= 0xF0 && c <= 0xF4)
        {
            n = 4;
            min = 0x10000;
        }
        else
        {
            return -1;
        }
        if (i + n > to)
        {
            return -1;
        }
        int cp = c & (0x7F >> n);
        for (int k = 1; k < n; k++)
        {
            final int b = bytes[i + k] & 0xFF;
            if ((b & 0xC0) != 0x80)
            {
                return -1;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            return -1;
        }
        return n;
    }
}
