package dev.wirespeed.sim.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON text is appended to, escaping exactly as Jackson's generator does with
 * its default settings (so byte output equals the Jackson-written reference): {@code "} and {@code \}
 * escaped with a backslash; {@code \b \t \n \f \r} by name; other control characters below 0x20 as
 * a six-character escape (backslash, {@code u}, four upper-case hex digits); everything else, non-ASCII
 * included, as UTF-8 as it is.
 *
 * <p>Appending allocates nothing once the buffer is large enough.
 */
public final class JsonBytes
{
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** "00", "01", ... "99": the two ASCII digits of n at 2n and 2n + 1. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** 10^t for t = 0..9 (an int's bit length, at most 31, gives t of at most 9 in {@link #digits}). */
    private static final int[] POWERS_OF_TEN = {
        1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    };
    /** 0: copy; -1: six-character hex escape; else the letter after the backslash. */
    private static final int[] ESCAPES = new int[128];

    static
    {
        for (int n = 0; n < 100; n++)
        {
            DIGIT_PAIRS[2 * n] = (byte)('0' + n / 10);
            DIGIT_PAIRS[2 * n + 1] = (byte)('0' + n % 10);
        }
        for (int c = 0; c < 0x20; c++)
        {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private byte[] bytes;
    private int length;

    /** @param capacity initial capacity in bytes. */
    public JsonBytes(final int capacity)
    {
        this.bytes = new byte[Math.max(capacity, 64)];
    }

    /** @return the backing array (valid up to {@link #length()}). */
    public byte[] array()
    {
        return bytes;
    }

    /** @return bytes written. */
    public int length()
    {
        return length;
    }

    /** Forgets what was written. */
    public void clear()
    {
        length = 0;
    }

    /** @param n keep only the first n bytes written (n at most {@link #length()}). */
    public void truncate(final int n)
    {
        length = Math.min(length, Math.max(0, n));
    }

    /** @param n bytes about to be written. */
    public void ensure(final int n)
    {
        if (length + n > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    /** @param b a byte (ASCII). @return this. */
    public JsonBytes put(final byte b)
    {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    /** @param src bytes copied as they are. @return this. */
    public JsonBytes put(final byte[] src)
    {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, length, src.length);
        length += src.length;
        return this;
    }

    /**
     * @param src    bytes.
     * @param offset the first.
     * @param n      how many.
     * @return this.
     */
    public JsonBytes put(final byte[] src, final int offset, final int n)
    {
        ensure(n);
        System.arraycopy(src, offset, bytes, length, n);
        length += n;
        return this;
    }

    /** @param value a number written in decimal. @return this. */
    public JsonBytes putLong(final long value)
    {
        ensure(20);
        if (value >= 0 && value <= Integer.MAX_VALUE)
        {
            return putInt((int)value);
        }
        if (value < 0)
        {
            if (value == Long.MIN_VALUE)
            {
                return put(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            }
            bytes[length++] = '-';
            return putLong(-value);
        }
        if (value < 10)
        {
            bytes[length++] = (byte)('0' + value);
            return this;
        }
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10)
        {
            digits++;
        }
        long v = value;
        for (int i = length + digits - 1; i >= length; i--)
        {
            bytes[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * Non-negative int in decimal: the digit count without a branch, then two digits per step from a table (int
     * division by a constant is a multiply; two digits a step halve the chain of dependent multiplies, which the
     * record index of every decision line, six or seven digits, waits on).
     */
    private JsonBytes putInt(final int value)
    {
        int v = value;
        final int digits = digits(v);
        final byte[] b = bytes;
        int i = length + digits;
        length = i;
        while (v >= 100)
        {
            final int q = v / 100;
            final int r = (v - q * 100) << 1;
            b[--i] = DIGIT_PAIRS[r + 1];
            b[--i] = DIGIT_PAIRS[r];
            v = q;
        }
        if (v >= 10)
        {
            b[--i] = DIGIT_PAIRS[(v << 1) + 1];
            b[--i] = DIGIT_PAIRS[v << 1];
        }
        else
        {
            b[--i] = (byte)('0' + v);
        }
        return this;
    }

    /**
     * The decimal digits of a non-negative int, by arithmetic rather than a chain of comparisons: the JIT compiles
     * a comparison chain with only the branches seen so far and deoptimises the whole inlining tree (a decision
     * line's encoder, ~30 kB of machine code, recompiled) when the record index first reaches 100,000 and again at
     * 1,000,000 (docs/performance.md, "Round 5").
     *
     * @param v a non-negative int.
     * @return 1 to 10.
     */
    static int digits(final int v)
    {
        // floor(log10(v)) from the bit length (1233 / 4096 ~ log10(2)), then one more digit when v reaches the next
        // power of ten; the comparison is folded into arithmetic: ((v | 1) - 10^t) >>> 31 is 1 when v < 10^t
        // (v | 1: zero has one digit, and no power of ten above 1 is odd).
        final int t = ((32 - Integer.numberOfLeadingZeros(v | 1)) * 1233) >>> 12;
        return t + 1 - (((v | 1) - POWERS_OF_TEN[t]) >>> 31);
    }

    /**
     * Appends UTF-8 bytes JSON-escaped (no quotes).
     *
     * @param src    the bytes (valid UTF-8).
     * @param offset where they start.
     * @param n      how many.
     * @return this.
     */
    public JsonBytes putEscaped(final byte[] src, final int offset, final int n)
    {
        ensure(6 * n + 8);
        final byte[] b = bytes;
        int at = length;
        int i = offset;
        final int end = offset + n;
        // eight bytes at a time while none needs an escape (nor is non-ASCII: those take the loop below); the plain
        // bytes before the first such one are kept from its word, and the last word may reach past the end (inside
        // the array), where it stops
        final int limit = JsonLineScanner.LITTLE_ENDIAN ? src.length : end;
        while (i < end && i + 8 <= limit)
        {
            final long w = JsonLineScanner.U.getLong(src, JsonLineScanner.BYTES + i);
            final long mask = JsonLineScanner.specialMask(w) | JsonLineScanner.beyondEnd(end - i);
            JsonLineScanner.U.putLong(b, JsonLineScanner.BYTES + at, w);
            if (mask != 0)
            {
                if (JsonLineScanner.LITTLE_ENDIAN)
                {
                    final int k = JsonLineScanner.firstSpecial(mask);
                    i += k;
                    at += k;
                }
                break;
            }
            i += 8;
            at += 8;
        }
        for (; i < end; i++)
        {
            final int c = src[i];
            final int e = c >= 0 ? ESCAPES[c] : 0;
            if (e == 0)
            {
                b[at++] = (byte)c;
            }
            else if (e > 0)
            {
                b[at++] = '\\';
                b[at++] = (byte)e;
            }
            else
            {
                b[at++] = '\\';
                b[at++] = 'u';
                b[at++] = '0';
                b[at++] = '0';
                b[at++] = HEX[c >> 4];
                b[at++] = HEX[c & 0xF];
            }
        }
        length = at;
        return this;
    }

    /**
     * @param s a string (off the hot path: used to pre-encode names once).
     * @return its JSON-escaped UTF-8 bytes, without quotes.
     */
    public static byte[] escape(final String s)
    {
        final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        final JsonBytes out = new JsonBytes(utf8.length + 16);
        out.putEscaped(utf8, 0, utf8.length);
        return Arrays.copyOf(out.bytes, out.length);
    }

    /**
     * @param src    bytes.
     * @param offset first.
     * @param n      how many.
     * @return whether all are ASCII (below 0x80).
     */
    public static boolean isAscii(final byte[] src, final int offset, final int n)
    {
        final int end = offset + n;
        int i = offset;
        long seen = 0; // the OR of eight bytes at a time: a high bit set means a non-ASCII byte
        for (; i + 8 <= end; i += 8)
        {
            seen |= JsonLineScanner.U.getLong(src, JsonLineScanner.BYTES + i);
        }
        if (i < end && JsonLineScanner.LITTLE_ENDIAN && i + 8 <= src.length)
        {
            // the last bytes as one word read inside the array, the bytes past the end masked off (little-endian:
            // the first bytes are the low ones)
            seen |= JsonLineScanner.U.getLong(src, JsonLineScanner.BYTES + i) & ((1L << ((end - i) << 3)) - 1);
            i = end;
        }
        if ((seen & 0x8080_8080_8080_8080L) != 0)
        {
            return false;
        }
        for (; i < end; i++)
        {
            if (src[i] < 0)
            {
                return false;
            }
        }
        return true;
    }
}
