package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link StringPool} section: intern strings, get ids. */
public final class StringPoolWriter implements SectionWriter
{
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<byte[]> bytes = new ArrayList<>();
    private long dataSize;

    /**
     * @param s a string, or {@code null}.
     * @return its id (-1 for {@code null}).
     */
    public int intern(final String s)
    {
        if (s == null)
        {
            return -1;
        }
        final Integer id = ids.get(s);
        if (id != null)
        {
            return id;
        }
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        bytes.add(b);
        dataSize += b.length;
        ids.put(s, bytes.size() - 1);
        return bytes.size() - 1;
    }

    /**
     * @param id a string id.
     * @return a copy of its UTF-8 bytes.
     */
    public byte[] bytes(final int id)
    {
        return bytes.get(id).clone();
    }

    /** @return strings interned. */
    public int count()
    {
        return bytes.size();
    }

    private int slotCount()
    {
        int n = 2;
        while (n < bytes.size() * 2)
        {
            n <<= 1;
        }
        return n;
    }

    private long slotsOffset()
    {
        return (16 + 8L * bytes.size() + 15) & ~15L;
    }

    private long dataOffset()
    {
        return slotsOffset() + 16L * slotCount();
    }

    @Override
    public long sizeInBytes()
    {
        return dataOffset() + dataSize;
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        final int slots = slotCount();
        final int mask = slots - 1;
        final int n = bytes.size();
        store.writeInt(offset, n);
        store.writeInt(offset + 4, mask);
        store.writeInt(offset + 8, (int)dataOffset());
        store.writeInt(offset + 12, (int)slotsOffset());
        final long entries = offset + 16;
        final long slotBase = offset + slotsOffset();
        final long data = offset + dataOffset();
        int cursor = 0;
        for (int id = 0; id < n; id++)
        {
            final byte[] b = bytes.get(id);
            store.writeInt(entries + 8L * id, cursor);
            store.writeInt(entries + 8L * id + 4, b.length);
            store.write(data + cursor, b, 0, b.length);
            final int hash = StringPool.hash(b, 0, b.length, false);
            int h = hash & mask;
            while (store.readInt(slotBase + 16L * h + 4) != 0)
            {
                h = (h + 1) & mask;
            }
            final long slot = slotBase + 16L * h;
            store.writeInt(slot, hash);
            store.writeInt(slot + 4, id + 1);
            store.writeInt(slot + 8, cursor);
            store.writeInt(slot + 12, b.length);
            cursor += b.length;
        }
    }
}
