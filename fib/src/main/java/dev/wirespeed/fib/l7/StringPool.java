package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over the {@link FibSection#STRINGS} section: interned UTF-8 strings addressed by id, with a
 * hash index so a lookup can turn request bytes into an id (or learn that no rule mentions them) with
 * one probe. Every string comparison of the L7 lookup is an id comparison after that probe.
 *
 * <pre>
 *   0        4        8            12        16
 *   +--------+--------+------------+---------+
 *   | count  | mask   | dataOffset | pad     |
 *   +--------+--------+------------+---------+
 *   | entries: count x { offset int (from dataOffset), length int }
 *   | slots:   (mask+1) x int  (id + 1; 0 = empty)  open addressing on {@link #hash}
 *   | data:    the UTF-8 bytes, back to back
 * </pre>
 */
public final class StringPool
{
    /** Eight bytes of a {@code byte[]} at once, in the native order the store reads longs in. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final BytesStore<?, ?> store;
    private final long base;
    private final int count;
    private final int mask;
    private final long entries;
    private final long slots;
    private final long data;

    /** @param image an image with a STRINGS section. */
    public StringPool(final FibImage image)
    {
        this.store = image.store();
        this.base = image.sectionOffset(FibSection.STRINGS);
        this.count = store.readInt(base);
        this.mask = store.readInt(base + 4);
        this.data = base + store.readInt(base + 8);
        this.entries = base + 16;
        this.slots = entries + 8L * count;
    }

    /**
     * The pool's hash: FNV-1a over the bytes, optionally ASCII-lower-cased on the fly.
     *
     * @param b     bytes.
     * @param off   start.
     * @param len   length.
     * @param lower whether to lower-case ASCII letters first.
     * @return the hash.
     */
    public static int hash(final byte[] b, final int off, final int len, final boolean lower)
    {
        int h = HASH_START;
        if (lower)
        {
            for (int i = 0; i < len; i++)
            {
                h = hashStep(h, lowerAscii(b[off + i]));
            }
        }
        else
        {
            for (int i = 0; i < len; i++)
            {
                h = hashStep(h, b[off + i]);
            }
        }
        return hashFinish(h);
    }

    /** Start state of a streamed {@link #hash}. */
    public static final int HASH_START = 0x811c9dc5;

    /**
     * @param h state.
     * @param c next byte (already lower-cased if wanted).
     * @return new state.
     */
    public static int hashStep(final int h, final byte c)
    {
        return (h ^ (c & 0xff)) * 0x01000193;
    }

    /**
     * @param h state after the last byte.
     * @return the hash {@link #hash} returns.
     */
    public static int hashFinish(final int h)
    {
        return h ^ (h >>> 16);
    }

    /**
     * @param b a byte.
     * @return it lower-cased if it is an ASCII capital.
     */
    public static byte lowerAscii(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
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
        return data + store.readInt(entries + 8L * id);
    }

    /**
     * @param id a string id.
     * @return its length in bytes.
     */
    public int length(final int id)
    {
        return store.readInt(entries + 8L * id + 4);
    }

    /**
     * @param id    a string id.
     * @param index byte index.
     * @return the byte.
     */
    public byte byteAt(final int id, final int index)
    {
        return store.readByte(address(id) + index);
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
        int h = hash & mask;
        while (true)
        {
            final int slot = store.readInt(slots + 4L * h);
            if (slot == 0)
            {
                return -1;
            }
            final int id = slot - 1;
            if (equalsBytes(id, b, off, len, lower))
            {
                return id;
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
        final int n = length(id);
        if (n > len)
        {
            return false;
        }
        final long a = address(id);
        int i = 0;
        if (!lower)
        {
            for (; i + 8 <= n; i += 8)
            {
                if (store.readLong(a + i) != (long)LONGS.get(b, off + i))
                {
                    return false;
                }
            }
        }
        for (; i < n; i++)
        {
            final byte c = lower ? lowerAscii(b[off + i]) : b[off + i];
            if (store.readByte(a + i) != c)
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
        final long a = address(id);
        for (int i = 0; i < n; i++)
        {
            dst[off + i] = store.readByte(a + i);
        }
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
