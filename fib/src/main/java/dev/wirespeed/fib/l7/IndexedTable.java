package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;
import dev.wirespeed.fib.OffHeap;

/**
 * Flyweight over one L7 section: a 64-bit-key hash index, an int area and a long area. Every L7 section
 * but the string pool has this shape; what the keys and ints mean is per section ({@link L7Layout}).
 *
 * <pre>
 *   0        4            8          12          16
 *   +--------+------------+----------+-----------+
 *   | mask   | slotsOff   | intsOff  | longsOff  |   offsets relative to the section start
 *   +--------+------------+----------+-----------+
 *   | slots: (mask+1) x { key long, value int, used int }   open addressing, linear probing
 *   | ints:  int[]
 *   | longs: long[] (8-aligned)
 * </pre>
 */
public final class IndexedTable
{
    /** Bytes before the slots. */
    public static final int HEADER_SIZE = 16;
    /** Bytes per slot. */
    public static final int SLOT_SIZE = 16;

    private static final OffHeap U = OffHeap.MEMORY;

    private final int mask;
    private final long slots;
    private final long ints;
    private final long longs;

    /**
     * @param image   the image.
     * @param section an L7 section of it with this shape.
     */
    public IndexedTable(final FibImage image, final FibSection section)
    {
        final BytesStore<?, ?> store = image.store();
        final long base = image.sectionOffset(section);
        final long address = store.addressForRead(base);
        this.mask = U.getInt(address);
        this.slots = address + U.getInt(address + 4);
        this.ints = address + U.getInt(address + 8);
        this.longs = address + U.getInt(address + 12);
    }

    /**
     * @param key a key.
     * @return the value stored under it, or -1.
     */
    public int find(final long key)
    {
        int h = (int)RequestHash.mix64(key) & mask;
        while (true)
        {
            final long slot = slots + (long)h * SLOT_SIZE;
            if (U.getInt(slot + 12) == 0)
            {
                return -1;
            }
            if (U.getLong(slot) == key)
            {
                return U.getInt(slot + 8);
            }
            h = (h + 1) & mask;
        }
    }

    /**
     * @param index an index into the int area.
     * @return the int.
     */
    public int intAt(final int index)
    {
        return U.getInt(ints + ((long)index << 2));
    }

    /**
     * @param index an index into the int area.
     * @return the absolute address of that int (bytes stored inline in the int area are read from there).
     */
    long intAddress(final int index)
    {
        return ints + ((long)index << 2);
    }

    /**
     * @param index an index into the long area.
     * @return the long.
     */
    public long longAt(final int index)
    {
        return U.getLong(longs + ((long)index << 3));
    }

    /**
     * @param index an index into the long area holding a double's bits.
     * @return the double.
     */
    public double doubleAt(final int index)
    {
        return Double.longBitsToDouble(longAt(index));
    }
}
