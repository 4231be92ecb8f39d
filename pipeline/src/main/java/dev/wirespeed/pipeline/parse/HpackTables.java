package dev.wirespeed.pipeline.parse;

import java.nio.charset.StandardCharsets;

/**
 * HPACK's static table (RFC 7541 Appendix A) and the dynamic table of one connection's decoder (§2.3.2, §4):
 * a FIFO of header fields in a byte ring sized once, nothing allocated after construction.
 *
 * <p>Entry {@code 1} of the dynamic table (index 62 of the address space) is the newest. Sizes follow §4.1: an
 * entry costs its name and value lengths plus 32; adding an entry evicts the oldest ones until it fits, and an
 * entry larger than the maximum size empties the table. The live bytes never exceed the maximum size, so a
 * ring of that many bytes holds them without overwriting a live entry.
 */
public final class HpackTables
{
    /** Entries of the static table. */
    public static final int STATIC_COUNT = 61;

    private static final String[][] STATIC_TEXT = {
        {":authority", ""},
        {":method", "GET"},
        {":method", "POST"},
        {":path", "/"},
        {":path", "/index.html"},
        {":scheme", "http"},
        {":scheme", "https"},
        {":status", "200"},
        {":status", "204"},
        {":status", "206"},
        {":status", "304"},
        {":status", "400"},
        {":status", "404"},
        {":status", "500"},
        {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"},
        {"accept-language", ""},
        {"accept-ranges", ""},
        {"accept", ""},
        {"access-control-allow-origin", ""},
        {"age", ""},
        {"allow", ""},
        {"authorization", ""},
        {"cache-control", ""},
        {"content-disposition", ""},
        {"content-encoding", ""},
        {"content-language", ""},
        {"content-length", ""},
        {"content-location", ""},
        {"content-range", ""},
        {"content-type", ""},
        {"cookie", ""},
        {"date", ""},
        {"etag", ""},
        {"expect", ""},
        {"expires", ""},
        {"from", ""},
        {"host", ""},
        {"if-match", ""},
        {"if-modified-since", ""},
        {"if-none-match", ""},
        {"if-range", ""},
        {"if-unmodified-since", ""},
        {"last-modified", ""},
        {"link", ""},
        {"location", ""},
        {"max-forwards", ""},
        {"proxy-authenticate", ""},
        {"proxy-authorization", ""},
        {"range", ""},
        {"referer", ""},
        {"refresh", ""},
        {"retry-after", ""},
        {"server", ""},
        {"set-cookie", ""},
        {"strict-transport-security", ""},
        {"transfer-encoding", ""},
        {"user-agent", ""},
        {"vary", ""},
        {"via", ""},
        {"www-authenticate", ""},
    };
    private static final byte[][] STATIC_NAMES = new byte[STATIC_COUNT + 1][];
    private static final byte[][] STATIC_VALUES = new byte[STATIC_COUNT + 1][];

    static
    {
        for (int i = 0; i < STATIC_COUNT; i++)
        {
            STATIC_NAMES[i + 1] = STATIC_TEXT[i][0].getBytes(StandardCharsets.US_ASCII);
            STATIC_VALUES[i + 1] = STATIC_TEXT[i][1].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Protocol default of SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2). */
    public static final int DEFAULT_MAX_SIZE = 4096;

    private final int limit;
    private final byte[] ring;
    private final int[] entryStart;
    private final int[] entryName;
    private final int[] entryValue;
    private int maxSize;
    private int size;
    private int count;
    private int newest;
    private long written;

    /**
     * @param limit the largest maximum size this decoder follows (the SETTINGS_HEADER_TABLE_SIZE the server is
     *              assumed to have sent); a size update above it makes the connection unreadable.
     */
    public HpackTables(final int limit)
    {
        this.limit = limit;
        this.ring = new byte[Math.max(1, limit)];
        final int entries = limit / 32 + 1;
        this.entryStart = new int[entries];
        this.entryName = new int[entries];
        this.entryValue = new int[entries];
        clear();
    }

    /** Empties the dynamic table and restores the protocol default maximum size (a new connection). */
    public void clear()
    {
        maxSize = Math.min(DEFAULT_MAX_SIZE, limit);
        size = 0;
        count = 0;
        newest = -1;
        written = 0;
    }

    /**
     * @param index 1-based index in the static table.
     * @return the name bytes (shared; do not modify).
     */
    static byte[] staticName(final int index)
    {
        return STATIC_NAMES[index];
    }

    /**
     * @param index 1-based index in the static table.
     * @return the value bytes (shared; do not modify).
     */
    static byte[] staticValue(final int index)
    {
        return STATIC_VALUES[index];
    }

    /** @return entries in the dynamic table. */
    public int count()
    {
        return count;
    }

    /** @return the table's size as RFC 7541 §4.1 counts it. */
    public int size()
    {
        return size;
    }

    /** @return the current maximum size. */
    public int maxSize()
    {
        return maxSize;
    }

    /**
     * A dynamic table size update (§6.3).
     *
     * @param newMaxSize the new maximum size.
     * @return false when it exceeds this decoder's limit (the update is not applied).
     */
    public boolean updateMaxSize(final int newMaxSize)
    {
        if (newMaxSize > limit)
        {
            return false;
        }
        maxSize = newMaxSize;
        while (size > maxSize)
        {
            evict();
        }
        return true;
    }

    /**
     * Adds an entry (literal with incremental indexing), evicting as §4.4 says.
     *
     * @param src       the bytes the name and value are in.
     * @param nameOff   name offset.
     * @param nameLen   name length.
     * @param valueOff  value offset.
     * @param valueLen  value length.
     */
    public void add(final byte[] src, final int nameOff, final int nameLen, final int valueOff, final int valueLen)
    {
        final int entrySize = nameLen + valueLen + 32;
        if (entrySize > maxSize)
        {
            while (count > 0)
            {
                evict();
            }
            return;
        }
        while (size + entrySize > maxSize)
        {
            evict();
        }
        final int slot = (newest + 1) % entryStart.length;
        final int start = (int)(written % ring.length);
        put(src, nameOff, nameLen);
        put(src, valueOff, valueLen);
        entryStart[slot] = start;
        entryName[slot] = nameLen;
        entryValue[slot] = valueLen;
        newest = slot;
        count++;
        size += entrySize;
    }

    private void put(final byte[] src, final int off, final int len)
    {
        for (int i = 0; i < len; i++)
        {
            ring[(int)(written++ % ring.length)] = src[off + i];
        }
    }

    private void evict()
    {
        final int oldest = Math.floorMod(newest - count + 1, entryStart.length);
        size -= entryName[oldest] + entryValue[oldest] + 32;
        count--;
    }

    /**
     * @param index 1-based index in the dynamic table (1 = newest), at most {@link #count()}.
     * @return that entry's name length.
     */
    public int nameLength(final int index)
    {
        return entryName[slot(index)];
    }

    /**
     * @param index 1-based index in the dynamic table.
     * @return that entry's value length.
     */
    public int valueLength(final int index)
    {
        return entryValue[slot(index)];
    }

    /**
     * Copies an entry's name.
     *
     * @param index 1-based index in the dynamic table.
     * @param dst   destination.
     * @param off   first index written.
     */
    public void copyName(final int index, final byte[] dst, final int off)
    {
        final int s = slot(index);
        copy(entryStart[s], entryName[s], dst, off);
    }

    /**
     * Copies an entry's value.
     *
     * @param index 1-based index in the dynamic table.
     * @param dst   destination.
     * @param off   first index written.
     */
    public void copyValue(final int index, final byte[] dst, final int off)
    {
        final int s = slot(index);
        copy(entryStart[s] + entryName[s], entryValue[s], dst, off);
    }

    private int slot(final int index)
    {
        return Math.floorMod(newest - index + 1, entryStart.length);
    }

    private void copy(final int from, final int len, final byte[] dst, final int off)
    {
        final int n = ring.length;
        for (int i = 0; i < len; i++)
        {
            dst[off + i] = ring[(from + i) % n];
        }
    }
}
