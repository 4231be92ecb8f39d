package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.OffHeap;
import org.agrona.BufferUtil;

import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * Decodes one HPACK header block (RFC 7541) from native memory into an {@link Http2Headers}, updating the
 * connection's dynamic table ({@link HpackTables}) as the encoder did: indexed fields (§6.1), literals with
 * incremental indexing, without indexing and never indexed (§6.2), dynamic table size updates (§6.3), integers
 * with N-bit prefixes (§5.1) and string literals, raw or Huffman-coded (§5.2, {@link HpackHuffman}).
 * Allocation-free; one decoder per worker (it keeps a read position), one {@link HpackTables} per connection.
 *
 * <p>Outcomes: {@link #OK}; {@link #MALFORMED} (an index out of range, an integer over 2<sup>28</sup>, a
 * string running past the block, bad Huffman padding, a size update above the limit: the connection's
 * compression state is lost, counted as {@code malformed-h2}); {@link #TOO_LARGE} (the decoded list does not
 * fit the {@link Http2Headers}: the block is not routed and, because the dynamic table may now be out of step,
 * neither is the rest of the connection).
 */
public final class HpackDecoder
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** The block decoded. */
    public static final int OK = 0;
    /** The block contradicts HPACK. */
    public static final int MALFORMED = 1;
    /** The decoded list is larger than the space for it. */
    public static final int TOO_LARGE = 2;

    private static final int INTEGER_LIMIT = 1 << 28;

    /** Where the last integer or string literal ended. */
    private long next;

    /**
     * @param address native address of the header block.
     * @param length  bytes in it.
     * @param table   the connection's dynamic table (updated).
     * @param out     receives the fields; reset first.
     * @return {@link #OK}, {@link #MALFORMED} or {@link #TOO_LARGE}.
     */
    public int decode(final long address, final int length, final HpackTables table, final Http2Headers out)
    {
        out.reset();
        final long end = address + length;
        long p = address;
        while (p < end)
        {
            final int b = u8(p);
            if ((b & 0x80) != 0)
            {
                final long index = integer(p, end, 7);
                if (index < 0)
                {
                    return MALFORMED;
                }
                p = next;
                final int r = indexed((int)index, table, out);
                if (r != OK)
                {
                    return r;
                }
            }
            else if ((b & 0xE0) == 0x20)
            {
                final long newSize = integer(p, end, 5);
                if (newSize < 0 || !table.updateMaxSize((int)newSize))
                {
                    return MALFORMED;
                }
                p = next;
            }
            else
            {
                final boolean incremental = (b & 0xC0) == 0x40;
                final long nameIndex = integer(p, end, incremental ? 6 : 4);
                if (nameIndex < 0)
                {
                    return MALFORMED;
                }
                p = next;
                final int r = literal((int)nameIndex, p, end, incremental, table, out);
                if (r != OK)
                {
                    return r;
                }
                p = next;
            }
        }
        return OK;
    }

    private long integer(final long at, final long end, final int prefixBits)
    {
        final int mask = (1 << prefixBits) - 1;
        long value = u8(at) & mask;
        long p = at + 1;
        if (value == mask)
        {
            int shift = 0;
            int b;
            do
            {
                if (p >= end || shift > 21)
                {
                    return -1;
                }
                b = u8(p++);
                value += (long)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            if (value > INTEGER_LIMIT)
            {
                return -1;
            }
        }
        next = p;
        return value;
    }

    private int indexed(final int index, final HpackTables table, final Http2Headers out)
    {
        if (index == 0 || index > HpackTables.STATIC_COUNT + table.count() || out.count == Http2Headers.MAX_FIELDS)
        {
            return index == 0 || index > HpackTables.STATIC_COUNT + table.count() ? MALFORMED : TOO_LARGE;
        }
        final int field = out.count;
        if (!copyName(index, table, out, field))
        {
            return TOO_LARGE;
        }
        final int valueLength = index <= HpackTables.STATIC_COUNT
            ? HpackTables.staticValue(index).length : table.valueLength(index - HpackTables.STATIC_COUNT);
        if (out.used + valueLength > out.data.length)
        {
            return TOO_LARGE;
        }
        if (index <= HpackTables.STATIC_COUNT)
        {
            System.arraycopy(HpackTables.staticValue(index), 0, out.data, out.used, valueLength);
        }
        else
        {
            table.copyValue(index - HpackTables.STATIC_COUNT, out.data, out.used);
        }
        out.valueOffset[field] = out.used;
        out.valueLength[field] = valueLength;
        out.used += valueLength;
        out.count++;
        out.classify(field);
        return OK;
    }

    private static boolean copyName(final int index, final HpackTables table, final Http2Headers out,
        final int field)
    {
        final int nameLength = index <= HpackTables.STATIC_COUNT
            ? HpackTables.staticName(index).length : table.nameLength(index - HpackTables.STATIC_COUNT);
        if (out.used + nameLength > out.data.length)
        {
            return false;
        }
        if (index <= HpackTables.STATIC_COUNT)
        {
            System.arraycopy(HpackTables.staticName(index), 0, out.data, out.used, nameLength);
        }
        else
        {
            table.copyName(index - HpackTables.STATIC_COUNT, out.data, out.used);
        }
        out.nameOffset[field] = out.used;
        out.nameLength[field] = nameLength;
        out.used += nameLength;
        return true;
    }

    private int literal(final int nameIndex, final long at, final long end, final boolean incremental,
        final HpackTables table, final Http2Headers out)
    {
        if (nameIndex > HpackTables.STATIC_COUNT + table.count())
        {
            return MALFORMED;
        }
        if (out.count == Http2Headers.MAX_FIELDS)
        {
            return TOO_LARGE;
        }
        final int field = out.count;
        long p = at;
        if (nameIndex == 0)
        {
            final int r = string(p, end, out);
            if (r < 0)
            {
                return r == HpackHuffman.OVERFLOW ? TOO_LARGE : MALFORMED;
            }
            out.nameOffset[field] = out.used;
            out.nameLength[field] = r;
            out.used += r;
            p = next;
        }
        else if (!copyName(nameIndex, table, out, field))
        {
            return TOO_LARGE;
        }
        if (p >= end)
        {
            return MALFORMED;
        }
        final int r = string(p, end, out);
        if (r < 0)
        {
            return r == HpackHuffman.OVERFLOW ? TOO_LARGE : MALFORMED;
        }
        out.valueOffset[field] = out.used;
        out.valueLength[field] = r;
        out.used += r;
        out.count++;
        out.classify(field);
        if (incremental)
        {
            table.add(out.data, out.nameOffset[field], out.nameLength[field], out.valueOffset[field], r);
        }
        return OK;
    }

    /** Decodes a string literal to {@code out.data[out.used...]}; returns its length or a negative error. */
    private int string(final long at, final long end, final Http2Headers out)
    {
        if (at >= end)
        {
            return HpackHuffman.INVALID;
        }
        final boolean huffman = (u8(at) & 0x80) != 0;
        final long length = integer(at, end, 7);
        if (length < 0)
        {
            return HpackHuffman.INVALID;
        }
        final long p = next;
        if (p + length > end)
        {
            return HpackHuffman.INVALID;
        }
        final int n = (int)length;
        next = p + n;
        if (huffman)
        {
            return HpackHuffman.decode(p, n, out.data, out.used, out.data.length);
        }
        if (out.used + n > out.data.length)
        {
            return HpackHuffman.OVERFLOW;
        }
        U.copyMemory(null, p, out.data, BufferUtil.ARRAY_BASE_OFFSET + out.used, n);
        return n;
    }
}
