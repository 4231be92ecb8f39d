package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds an {@link IndexedTable} section: append ints and longs, put keys, then hand it to
 * {@link dev.wirespeed.fib.FibImage#build}.
 */
public final class IndexedTableWriter implements SectionWriter
{
    private int[] ints = new int[64];
    private int intCount;
    private long[] longs = new long[16];
    private int longCount;
    private final Map<Long, Integer> index = new LinkedHashMap<>();

    /**
     * @param v value.
     * @return its index in the int area.
     */
    public int addInt(final int v)
    {
        if (intCount == ints.length)
        {
            ints = Arrays.copyOf(ints, ints.length * 2);
        }
        ints[intCount] = v;
        return intCount++;
    }

    /**
     * Reserves ints (zero).
     *
     * @param n how many.
     * @return the index of the first.
     */
    public int reserveInts(final int n)
    {
        final int start = intCount;
        for (int i = 0; i < n; i++)
        {
            addInt(0);
        }
        return start;
    }

    /**
     * @param i index.
     * @param v value.
     */
    public void setInt(final int i, final int v)
    {
        ints[i] = v;
    }

    /**
     * @param i index.
     * @return the int written there.
     */
    public int intAt(final int i)
    {
        return ints[i];
    }

    /** @return ints written so far. */
    public int intCount()
    {
        return intCount;
    }

    /**
     * @param v value.
     * @return its index in the long area.
     */
    public int addLong(final long v)
    {
        if (longCount == longs.length)
        {
            longs = Arrays.copyOf(longs, longs.length * 2);
        }
        longs[longCount] = v;
        return longCount++;
    }

    /**
     * @param v a double.
     * @return its index in the long area.
     */
    public int addDouble(final double v)
    {
        return addLong(Double.doubleToLongBits(v));
    }

    /** @return longs written so far. */
    public int longCount()
    {
        return longCount;
    }

    /**
     * @param key   key (unique).
     * @param value value.
     */
    public void put(final long key, final int value)
    {
        if (index.put(key, value) != null)
        {
            throw new IllegalStateException("duplicate key " + key);
        }
    }

    /**
     * @param key a key.
     * @return its value or -1.
     */
    public int get(final long key)
    {
        final Integer v = index.get(key);
        return v == null ? -1 : v;
    }

    private int slotCount()
    {
        int n = 2;
        while (n < index.size() * 2)
        {
            n <<= 1;
        }
        return n;
    }

    private long intsOffset()
    {
        return IndexedTable.HEADER_SIZE + (long)slotCount() * IndexedTable.SLOT_SIZE;
    }

    private long longsOffset()
    {
        return (intsOffset() + 4L * intCount + 7) & ~7L;
    }

    @Override
    public long sizeInBytes()
    {
        return longsOffset() + 8L * longCount;
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        final int slots = slotCount();
        final int mask = slots - 1;
        store.writeInt(offset, mask);
        store.writeInt(offset + 4, IndexedTable.HEADER_SIZE);
        store.writeInt(offset + 8, (int)intsOffset());
        store.writeInt(offset + 12, (int)longsOffset());
        final long slotBase = offset + IndexedTable.HEADER_SIZE;
        for (final Map.Entry<Long, Integer> e : index.entrySet())
        {
            final long key = e.getKey();
            int h = (int)RequestHash.mix64(key) & mask;
            while (store.readInt(slotBase + (long)h * IndexedTable.SLOT_SIZE + 12) != 0)
            {
                h = (h + 1) & mask;
            }
            final long slot = slotBase + (long)h * IndexedTable.SLOT_SIZE;
            store.writeLong(slot, key);
            store.writeInt(slot + 8, e.getValue());
            store.writeInt(slot + 12, 1);
        }
        final long ib = offset + intsOffset();
        for (int i = 0; i < intCount; i++)
        {
            store.writeInt(ib + 4L * i, ints[i]);
        }
        final long lb = offset + longsOffset();
        for (int i = 0; i < longCount; i++)
        {
            store.writeLong(lb + 8L * i, longs[i]);
        }
    }
}
