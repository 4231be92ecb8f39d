package dev.wirespeed.pipeline.parse;

import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * The static Huffman code of HPACK (RFC 7541 Appendix B): decoding of Huffman-coded string literals straight
 * from native memory into a byte array.
 *
 * <p>The code is canonical (codes of one length are consecutive and follow the shorter ones), so it is fully
 * described by the 257 code lengths below; the codes are rebuilt from them at class load, and the test checks
 * them against the RFC's table. Decoding reads bit by bit and, at each code length, asks whether the bits so far
 * are a code of that length ({@code code - FIRST[len] < COUNT[len]}): at most 30 steps a symbol, no table per
 * byte state, nothing allocated. A request head is a few hundred bits, so the simple loop is enough here; a
 * nibble-driven state machine (as nghttp2 has) would trade 4 KiB of tables for fewer branches.
 */
public final class HpackHuffman
{
    /** Symbol 256, which must never be decoded (RFC 7541 §5.2). */
    public static final int EOS = 256;
    /** Decode result: the input is not a valid Huffman string. */
    public static final int INVALID = -1;
    /** Decode result: the output does not fit in the space given. */
    public static final int OVERFLOW = -2;

    /** Code length in bits of each symbol 0..256 (RFC 7541 Appendix B). */
    static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6,
        6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5,
        6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24,
        23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22, 23, 23, 21,
        23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26,
        26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21,
        26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26,
        26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30
    };

    private static final int[] CODES = new int[257];
    private static final int[] FIRST = new int[31];
    private static final int[] COUNT = new int[31];
    private static final int[] OFFSET = new int[31];
    private static final int[] SYMBOLS = new int[257];

    static
    {
        int n = 0;
        for (int len = 1; len <= 30; len++)
        {
            OFFSET[len] = n;
            for (int s = 0; s <= 256; s++)
            {
                if (LENGTHS[s] == len)
                {
                    SYMBOLS[n++] = s;
                }
            }
            COUNT[len] = n - OFFSET[len];
        }
        int code = 0;
        int prevLength = 0;
        for (int i = 0; i < 257; i++)
        {
            final int s = SYMBOLS[i];
            final int len = LENGTHS[s];
            if (i > 0)
            {
                code = (code + 1) << (len - prevLength);
            }
            if (i == OFFSET[len])
            {
                FIRST[len] = code;
            }
            CODES[s] = code;
            prevLength = len;
        }
    }

    private HpackHuffman()
    {
    }

    /**
     * @param symbol 0..256.
     * @return its code, right-aligned in {@link #length(int)} bits.
     */
    public static int code(final int symbol)
    {
        return CODES[symbol];
    }

    /**
     * @param symbol 0..256.
     * @return its code length in bits.
     */
    public static int length(final int symbol)
    {
        return LENGTHS[symbol];
    }

    /**
     * Decodes a Huffman-coded string literal.
     *
     * @param address native address of the coded bytes.
     * @param length  coded bytes.
     * @param dst     where the decoded bytes go.
     * @param dstOff  first index to write.
     * @param dstEnd  index after the last that may be written.
     * @return the number of decoded bytes, {@link #INVALID} (EOS decoded, padding longer than 7 bits or not all
     *         ones) or {@link #OVERFLOW}.
     */
    public static int decode(final long address, final int length, final byte[] dst, final int dstOff,
        final int dstEnd)
    {
        int out = dstOff;
        int code = 0;
        int bits = 0;
        for (int i = 0; i < length; i++)
        {
            final int b = u8(address + i);
            for (int shift = 7; shift >= 0; shift--)
            {
                code = (code << 1) | ((b >>> shift) & 1);
                bits++;
                final int k = code - FIRST[bits];
                if (k >= 0 && k < COUNT[bits])
                {
                    final int symbol = SYMBOLS[OFFSET[bits] + k];
                    if (symbol == EOS)
                    {
                        return INVALID;
                    }
                    if (out >= dstEnd)
                    {
                        return OVERFLOW;
                    }
                    dst[out++] = (byte)symbol;
                    code = 0;
                    bits = 0;
                }
                else if (bits >= 30)
                {
                    return INVALID;
                }
            }
        }
        if (bits > 7 || code != (1 << bits) - 1)
        {
            return INVALID; // padding must be the most significant bits of EOS (all ones), shorter than a byte
        }
        return out - dstOff;
    }
}
