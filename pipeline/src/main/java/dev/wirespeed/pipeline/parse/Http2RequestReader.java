package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.OffHeap;
import org.agrona.BufferUtil;

import java.nio.ByteBuffer;

import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * The client-to-server byte stream of one HTTP/2 connection with prior knowledge (h2c, RFC 9113 §3.3), read
 * segment by segment as it arrives: the connection preface, then frames. HEADERS (with its PADDED and PRIORITY
 * fields removed) and CONTINUATION fragments are gathered into one header block, which {@link HpackDecoder}
 * decodes against this connection's dynamic table; every other frame (DATA, SETTINGS, WINDOW_UPDATE, PING, ...)
 * is skipped by its length, so a frame may end in a later segment. One reader per connection, sized once;
 * nothing is allocated per segment.
 *
 * <p>Use: {@link #segment} with the next in-order payload, then {@link #next} until it returns something else
 * than {@link #HEADERS}. Outcomes: {@link #HEADERS} (a request's header list is in the {@link Http2Headers},
 * {@code streamId} set), {@link #NEED_MORE} (the segment is consumed), {@link #NOT_H2} (the stream does not
 * start with the preface), {@link #MALFORMED} (a frame contradicts RFC 9113: counted as {@code malformed-h2};
 * the reader then refuses the rest of the connection), {@link #TOO_LARGE} (a header block over the buffer's
 * capacity; also final).
 */
public final class Http2RequestReader
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** The segment is consumed; no header block completed in what is left of it. */
    public static final int NEED_MORE = 0;
    /** A header block was decoded. */
    public static final int HEADERS = 1;
    /** The stream does not start with the HTTP/2 connection preface. */
    public static final int NOT_H2 = 2;
    /** A frame or header block contradicts the protocol. */
    public static final int MALFORMED = 3;
    /** A header block does not fit the buffer. */
    public static final int TOO_LARGE = 4;
    /** Bytes of header block one connection may gather (HEADERS plus CONTINUATION). */
    public static final int DEFAULT_BLOCK_CAPACITY = 16 * 1024;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII);
    private static final int TYPE_HEADERS = 1;
    private static final int TYPE_PRIORITY = 2;
    private static final int TYPE_RST_STREAM = 3;
    private static final int TYPE_SETTINGS = 4;
    private static final int TYPE_PING = 6;
    private static final int TYPE_WINDOW_UPDATE = 8;
    private static final int TYPE_CONTINUATION = 9;
    private static final int FLAG_END_HEADERS = 0x4;
    private static final int FLAG_PADDED = 0x8;
    private static final int FLAG_PRIORITY = 0x20;

    private final HpackTables table;
    private final ByteBuffer blockBuffer;
    private final long block;
    private final int blockCapacity;
    private int prefaceMatched;
    private int failed;
    private final byte[] header = new byte[9];
    private int headerFill;
    private int frameLength;
    private int frameType;
    private int frameFlags;
    private int frameStream;
    private int payloadLeft;
    private int frameStart;
    private int blockLength;
    private int continuationStream;
    private HpackDecoder decoder;
    private Http2Headers out;
    private long address;
    private int length;
    private int position;

    /**
     * @param blockCapacity bytes of header block gathered at most.
     * @param tableLimit    the largest HPACK dynamic table size followed.
     */
    public Http2RequestReader(final int blockCapacity, final int tableLimit)
    {
        this.blockCapacity = blockCapacity;
        this.blockBuffer = ByteBuffer.allocateDirect(blockCapacity);
        this.block = BufferUtil.address(blockBuffer);
        this.table = new HpackTables(tableLimit);
        reset();
    }

    /**
     * @param address native address of a flow's first payload.
     * @param length  bytes there.
     * @return whether they are the start of the HTTP/2 connection preface (at least its first 4 bytes).
     */
    public static boolean mayStartPreface(final long address, final int length)
    {
        if (length < 4)
        {
            return false;
        }
        final int n = Math.min(length, PREFACE.length);
        for (int i = 0; i < n; i++)
        {
            if (u8(address + i) != (PREFACE[i] & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    /** Forgets the connection (a new one starts on this reader). */
    public void reset()
    {
        table.clear();
        prefaceMatched = 0;
        failed = 0;
        headerFill = 0;
        payloadLeft = -1;
        blockLength = 0;
        continuationStream = 0;
        length = 0;
        position = 0;
    }

    /** @return the connection's HPACK dynamic table. */
    public HpackTables table()
    {
        return table;
    }

    /**
     * @param address native address of the next in-order payload of the client's direction.
     * @param length  bytes there.
     */
    public void segment(final long address, final int length)
    {
        this.address = address;
        this.length = length;
        this.position = 0;
    }

    /**
     * Reads on in the current segment.
     *
     * @param decoder the worker's HPACK decoder.
     * @param out     receives a decoded header list.
     * @return an outcome.
     */
    public int next(final HpackDecoder decoder, final Http2Headers out)
    {
        this.decoder = decoder;
        this.out = out;
        if (failed != 0)
        {
            position = length;
            return failed;
        }
        while (prefaceMatched < PREFACE.length)
        {
            if (position == length)
            {
                return NEED_MORE;
            }
            if (u8(address + position) != (PREFACE[prefaceMatched] & 0xFF))
            {
                return fail(NOT_H2);
            }
            position++;
            prefaceMatched++;
        }
        while (position < length)
        {
            if (payloadLeft < 0)
            {
                final int r = frameHeader();
                if (r != NEED_MORE)
                {
                    return r == HEADERS ? HEADERS : fail(r);
                }
                continue;
            }
            final int n = Math.min(payloadLeft, length - position);
            if (frameType == TYPE_HEADERS || frameType == TYPE_CONTINUATION)
            {
                U.copyMemory(address + position, block + blockLength, n);
                blockLength += n;
            }
            position += n;
            payloadLeft -= n;
            if (payloadLeft == 0)
            {
                payloadLeft = -1;
                final int r = frameEnd();
                if (r != NEED_MORE)
                {
                    return r == HEADERS ? HEADERS : fail(r);
                }
            }
        }
        return NEED_MORE;
    }

    private int frameHeader()
    {
        while (headerFill < 9 && position < length)
        {
            header[headerFill++] = U.getByte(address + position++);
        }
        if (headerFill < 9)
        {
            return NEED_MORE;
        }
        headerFill = 0;
        frameLength = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
        frameType = header[3] & 0xFF;
        frameFlags = header[4] & 0xFF;
        frameStream = ((header[5] & 0x7F) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
            | (header[8] & 0xFF);
        if (continuationStream != 0 && (frameType != TYPE_CONTINUATION || frameStream != continuationStream))
        {
            return MALFORMED; // §6.10: nothing may come between HEADERS and its CONTINUATION frames
        }
        final int r = checkFrame();
        if (r != NEED_MORE)
        {
            return r;
        }
        if (frameType == TYPE_HEADERS)
        {
            blockLength = 0;
        }
        if ((frameType == TYPE_HEADERS || frameType == TYPE_CONTINUATION) && blockLength + frameLength > blockCapacity)
        {
            return TOO_LARGE;
        }
        frameStart = blockLength;
        payloadLeft = frameLength;
        if (frameLength == 0)
        {
            payloadLeft = -1;
            return frameEnd();
        }
        return NEED_MORE;
    }

    private int checkFrame()
    {
        switch (frameType)
        {
            case TYPE_HEADERS:
            case TYPE_CONTINUATION:
                return frameStream == 0 || (frameType == TYPE_CONTINUATION && continuationStream == 0)
                    ? MALFORMED : NEED_MORE;
            case TYPE_PRIORITY:
                return frameLength != 5 || frameStream == 0 ? MALFORMED : NEED_MORE;
            case TYPE_RST_STREAM:
                return frameLength != 4 || frameStream == 0 ? MALFORMED : NEED_MORE;
            case TYPE_SETTINGS:
                return frameLength % 6 != 0 || frameStream != 0 ? MALFORMED : NEED_MORE;
            case TYPE_PING:
                return frameLength != 8 || frameStream != 0 ? MALFORMED : NEED_MORE;
            case TYPE_WINDOW_UPDATE:
                return frameLength != 4 ? MALFORMED : NEED_MORE;
            default:
                return NEED_MORE; // DATA, GOAWAY, unknown types (§5.5: ignored) are skipped by length
        }
    }

    /** A frame's payload is complete: trim a HEADERS frame, decode a finished block. */
    private int frameEnd()
    {
        if (frameType == TYPE_HEADERS)
        {
            int from = frameStart;
            int to = blockLength;
            if ((frameFlags & FLAG_PADDED) != 0)
            {
                if (to - from < 1)
                {
                    return MALFORMED;
                }
                final int pad = u8(block + from);
                from++;
                if (pad > to - from)
                {
                    return MALFORMED;
                }
                to -= pad;
            }
            if ((frameFlags & FLAG_PRIORITY) != 0)
            {
                if (to - from < 5)
                {
                    return MALFORMED;
                }
                from += 5;
            }
            U.copyMemory(block + from, block + frameStart, to - from);
            blockLength = frameStart + to - from;
            continuationStream = frameStream;
        }
        else if (frameType != TYPE_CONTINUATION)
        {
            return NEED_MORE;
        }
        if ((frameFlags & FLAG_END_HEADERS) == 0)
        {
            return NEED_MORE;
        }
        final int stream = continuationStream;
        continuationStream = 0;
        final int r = decoder.decode(block, blockLength, table, out);
        out.streamId = stream;
        blockLength = 0;
        switch (r)
        {
            case HpackDecoder.OK:
                return HEADERS;
            case HpackDecoder.TOO_LARGE:
                return TOO_LARGE;
            default:
                return MALFORMED;
        }
    }

    private int fail(final int outcome)
    {
        failed = outcome;
        position = length;
        return outcome;
    }
}
