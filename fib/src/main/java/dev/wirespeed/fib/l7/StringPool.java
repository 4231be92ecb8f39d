package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;
import dev.wirespeed.fib.OffHeap;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Flyweight over the {@link FibSection#STRINGS} section: interned UTF-8 strings addressed by id, with a
 * hash index so a lookup can turn request bytes into an id (or learn that no rule mentions them) with
 * one probe. Every string comparison of the L7 lookup is an id comparison after that probe.
 *
 * <pre>
 *   0        4        8            12            16
 *   +--------+--------+------------+-------------+
 *   | count  | mask   | dataOffset | slotsOffset |
 *   +--------+--------+------------+-------------+
 *   | entries: count x { offset int (from dataOffset), length int }
 *   | slots:   (mask+1) x { hash int, id + 1 int (0 = empty), offset int, length int }   16-aligned,
 *   |          open addressing on {@link #hash}
 *   | data:    the UTF-8 bytes, back to back
 * </pre>
 *
 * A slot repeats its string's hash, offset and length, so a probe reads the slot and, only when the hash
 * and length agree, the bytes: one cache line for a miss, two for a hit (the entries, for id to bytes,
 * are not on the probe's way).
 */
public final class StringPool
{
    private static final OffHeap U = OffHeap.MEMORY;
    private static final long BYTES = OffHeap.ARRAY_BYTE_BASE_OFFSET;
    private static final boolean ORDER_IS_LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final BytesStore<?, ?> store;
    private final long base;
    private final int count;
    private final int mask;
    /** Absolute addresses (OffHeap) of the entries, the slots and the data; {@link #address} is the store's. */
    private final long entries;
    private final long slots;
    private final long data;
    private final long dataOffset;

    /** @param image an image with a STRINGS section. */
    public StringPool(final FibImage image)
    {
        this.store = image.store();
        this.base = image.sectionOffset(FibSection.STRINGS);
        final long address = store.addressForRead(base);
        this.count = U.getInt(address);
        this.mask = U.getInt(address + 4);
        this.dataOffset = base + U.getInt(address + 8);
        this.data = address + U.getInt(address + 8);
        this.entries = address + 16;
        this.slots = address + U.getInt(address + 12);
    }

    /**
     * The pool's hash, eight bytes at a time (optionally ASCII-lower-cased on the fly): each full 8-byte word
     * (little-endian) and then the zero-padded tail word go through {@link #hashWord}; {@link #hashFinish}
     * mixes in the length. A prefix of a request value therefore hashes from the state after its full
     * words plus one masked word ({@link RequestScratch} keeps those states for the path), with no per-byte
     * dependency chain.
     *
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @param lower whether to lower-case ASCII letters first.
     * @return the hash.
     */
    public static int hash(final byte[] b, final int off, final int len, final boolean lower)
    {
        return (int)hash64(b, off, len, lower);
    }

    /**
     * The 64 bits {@link #hash} keeps the low half of (the URI stage keys its literals by all of them).
     *
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @param lower whether to lower-case ASCII letters first.
     * @return the 64-bit hash.
     */
    public static long hash64(final byte[] b, final int off, final int len, final boolean lower)
    {
        Objects.checkFromIndexSize(off, len, b.length);
        long h = HASH_START;
        final int full = len & ~7;
        for (int i = 0; i < full; i += 8)
        {
            final long w = word(b, off + i);
            h = hashWord(h, lower ? lowerAscii8(w) : w);
        }
        if (full < len)
        {
            final long w = tailWord(b, off + full, len - full);
            h = hashWord(h, lower ? lowerAscii8(w) : w);
        }
        return hashFinish64(h, len);
    }

    /** Start state of {@link #hash}. */
    public static final long HASH_START = 0x243F6A8885A308D3L;

    /**
     * @param h state.
     * @param w the next 8 bytes (little-endian; a tail word zero-padded), already lower-cased if wanted.
     * @return new state.
     */
    public static long hashWord(final long h, final long w)
    {
        return Long.rotateLeft((h ^ w) * 0x9E3779B97F4A7C15L, 29);
    }

    /**
     * @param h   state after the last word.
     * @param len the byte length hashed.
     * @return the hash {@link #hash} returns.
     */
    public static int hashFinish(final long h, final int len)
    {
        return (int)hashFinish64(h, len);
    }

    /**
     * @param h   state after the last word.
     * @param len the byte length hashed.
     * @return the 64-bit hash {@link #hash64} returns ({@link #hashFinish} is its low half).
     */
    public static long hashFinish64(final long h, final int len)
    {
        long z = h ^ len;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /**
     * @param b   bytes.
     * @param off start of the tail.
     * @param n   1..7 bytes.
     * @return them as the low bytes of a native-order word, the rest zero.
     */
    static long tailWord(final byte[] b, final int off, final int n)
    {
        if (off + 8 <= b.length)
        {
            return word(b, off) & ((1L << (n << 3)) - 1); // one load when the array has room past the tail
        }
        long w = 0;
        for (int k = n - 1; k >= 0; k--)
        {
            w = (w << 8) | (b[off + k] & 0xFF);
        }
        return w;
    }

    /**
     * @param b   bytes, at least {@code off + 8} long (unchecked).
     * @param off where.
     * @return eight bytes as a little-endian word (the hash is defined on little-endian words everywhere).
     */
    static long word(final byte[] b, final int off)
    {
        final long w = U.getLong(b, BYTES + off);
        return ORDER_IS_LITTLE ? w : Long.reverseBytes(w);
    }

    /**
     * @param b   bytes, at least {@code off + 8} long (unchecked).
     * @param off where.
     * @param w   eight bytes as a little-endian word ({@link #word}'s order), stored there.
     */
    static void putWord(final byte[] b, final int off, final long w)
    {
        U.putLong(b, BYTES + off, ORDER_IS_LITTLE ? w : Long.reverseBytes(w));
    }

    /**
     * @param w eight bytes.
     * @param c an ASCII byte.
     * @return 0x80 in each byte of {@code w} that equals {@code c}, 0 in the others (exact: no carry between
     *         bytes).
     */
    static long bytesEqual(final long w, final int c)
    {
        final long x = w ^ (c * 0x0101010101010101L);
        final long t = (x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL;
        return ~(t | x | 0x7F7F7F7F7F7F7F7FL);
    }

    /**
     * ASCII-lower-cases eight bytes at once, as {@link #lowerAscii} does each (bytes with the high bit set
     * are left alone).
     *
     * @param w eight bytes.
     * @return them lower-cased.
     */
    public static long lowerAscii8(final long w)
    {
        final long heptets = w & 0x7F7F7F7F7F7F7F7FL;
        final long atLeastA = heptets + 0x3F3F3F3F3F3F3F3FL; // 0x80 set where the byte is >= 'A'
        final long aboveZ = heptets + 0x2525252525252525L;   // 0x80 set where the byte is > 'Z'
        final long capitals = atLeastA & ~aboveZ & ~w & 0x8080808080808080L;
        return w | (capitals >>> 2);                           // 0x80 >>> 2 = 0x20, the case bit
    }

    /**
     * @param b a byte.
     * @return it lower-cased if it is an ASCII capital.
     */
    public static byte lowerAscii(final byte b)
    {
        // branch-free: t = b - 'A' is in [0, 25] exactly for capitals, then (t | (25 - t)) is non-negative and
        // bit 5 (the case bit, clear in every capital) is set; hosts and paths mix cases unpredictably
        final int t = b - 'A';
        return (byte)(b | ((~(t | (25 - t)) >>> 31) << 5));
    }

    /** @return the store the strings live in. */
    public BytesStore<?, ?> store()
    {
        return store;
    }

    /** @return number of strings. */
    public int count()
    {
        return count;
    }

    /**
     * @param id a string id.
     * @return the absolute offset of its bytes in {@link #store()}.
     */
    public long address(final int id)
    {
        return dataOffset + U.getInt(entries + 8L * id);
    }

    /** @return the absolute (native) address of a string's bytes. */
    long rawAddress(final int id)
    {
        return data + U.getInt(entries + 8L * id);
    }

    /**
     * @param id a string id.
     * @return its length in bytes.
     */
    public int length(final int id)
    {
        return U.getInt(entries + 8L * id + 4);
    }

    /**
     * @param id    a string id.
     * @param index byte index.
     * @return the byte.
     */
    public byte byteAt(final int id, final int index)
    {
        return U.getByte(rawAddress(id) + index);
    }

    /**
     * Finds the id of a byte string.
     *
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @param lower compare ASCII-case-insensitively against the (lower-case) pooled string.
     * @return the id, or -1 when the pool does not hold it.
     */
    public int find(final byte[] b, final int off, final int len, final boolean lower)
    {
        return find(b, off, len, lower, hash(b, off, len, lower));
    }

    /**
     * Like {@link #find(byte[], int, int, boolean)} with the hash already known (e.g. every prefix of a
     * path hashed in one pass).
     *
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @param lower compare ASCII-case-insensitively.
     * @param hash  {@link #hash} of the bytes.
     * @return the id, or -1.
     */
    public int find(final byte[] b, final int off, final int len, final boolean lower, final int hash)
    {
        Objects.checkFromIndexSize(off, len, b.length); // the array side of the unchecked reads below
        int h = hash & mask;
        while (true)
        {
            final long slot = slots + ((long)h << 4);
            final int idPlusOne = U.getInt(slot + 4);
            if (idPlusOne == 0)
            {
                return -1;
            }
            if (U.getInt(slot) == hash && U.getInt(slot + 12) == len
                    && sameBytes(data + U.getInt(slot + 8), b, off, len, lower))
            {
                return idPlusOne - 1;
            }
            h = (h + 1) & mask;
        }
    }

    /**
     * @param id    a string id.
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @param lower lower-case {@code b} before comparing.
     * @return whether the string equals the bytes.
     */
    public boolean equalsBytes(final int id, final byte[] b, final int off, final int len, final boolean lower)
    {
        if (length(id) != len)
        {
            return false;
        }
        return startsWith(b, off, len, id, lower);
    }

    /**
     * @param b     bytes.
     * @param off   start.
     * @param len   length of the bytes.
     * @param id    a string id.
     * @param lower lower-case {@code b} before comparing.
     * @return whether the bytes start with the string.
     */
    public boolean startsWith(final byte[] b, final int off, final int len, final int id, final boolean lower)
    {
        final long e = entries + 8L * id;
        final int n = U.getInt(e + 4);
        if (n > len)
        {
            return false;
        }
        Objects.checkFromIndexSize(off, n, b.length); // the array side of the unchecked reads below
        return sameBytes(data + U.getInt(e), b, off, n, lower);
    }

    /** Compares n native bytes with n array bytes (checked by the caller to be inside the array). */
    static boolean sameBytes(final long a, final byte[] b, final int off, final int n, final boolean lower)
    {
        int i = 0;
        if (!lower)
        {
            final long at = BYTES + off;
            for (; i + 8 <= n; i += 8)
            {
                if (U.getLong(a + i) != U.getLong(b, at + i))
                {
                    return false;
                }
            }
            for (; i < n; i++)
            {
                if (U.getByte(a + i) != U.getByte(b, at + i))
                {
                    return false;
                }
            }
            return true;
        }
        for (; i < n; i++)
        {
            if (U.getByte(a + i) != lowerAscii(b[off + i]))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies a string's bytes.
     *
     * @param id  a string id.
     * @param dst destination.
     * @param off where.
     * @return bytes copied.
     */
    public int copyTo(final int id, final byte[] dst, final int off)
    {
        final int n = length(id);
        if (off < 0 || off + n > dst.length)
        {
            throw new IndexOutOfBoundsException("copyTo: " + n + " bytes at " + off + " of " + dst.length);
        }
        U.copyMemory(null, rawAddress(id), dst, BYTES + off, n);
        return n;
    }

    /**
     * Not for the hot path: allocates.
     *
     * @param id a string id, or -1.
     * @return the string, or {@code null} for -1.
     */
    public String string(final int id)
    {
        if (id < 0)
        {
            return null;
        }
        final byte[] b = new byte[length(id)];
        copyTo(id, b, 0);
        return new String(b, StandardCharsets.UTF_8);
    }
}
