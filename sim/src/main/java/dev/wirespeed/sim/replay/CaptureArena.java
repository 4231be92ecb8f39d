package dev.wirespeed.sim.replay;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ingress arena of a capture replay: an off-heap FIFO byte ring into which each record's bytes are
 * copied when it enters the pipeline, plus a ring of per-record facts indexed by record index, so that a
 * record's bytes stay valid from ingress until its decision has been written (the workers read them, and
 * the writer reads them again for the decision text and the output captures).
 *
 * <p>Why a copy: the capture reader maps large files one window at a time and unmaps the previous window
 * when it moves on, so a record's mapped address is valid only until the next {@code next()}. Keeping
 * windows alive until every record in them is decided would tie the reader's mapping policy to the
 * pipeline's depth; one memcpy per record into a bounded arena (the parser touches those bytes anyway)
 * keeps memory bounded (arena + reader window) however large the file or the pipeline is.
 *
 * <p>Records are released in input order ({@link #release}), so space is freed FIFO. Single-threaded: the
 * pipeline's driving thread both polls the source and runs the sink.
 */
final class CaptureArena implements AutoCloseable
{
    private final UnsafeBuffer bytes;
    private final long base;
    private final long capacity;
    private final int recordMask;
    private final long[] start;
    private final long[] end;
    private final int[] capturedLength;
    private final int[] originalLength;
    private final int[] linkType;
    private final long[] timestamp;
    private long head;
    private long tail;

    /**
     * @param capacityBytes arena bytes (a power of two, at least the largest record).
     * @param records       records in flight at most (a power of two).
     */
    CaptureArena(final int capacityBytes, final int records)
    {
        this.bytes = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacityBytes, 64));
        this.base = bytes.addressOffset();
        this.capacity = capacityBytes;
        this.recordMask = records - 1;
        this.start = new long[records];
        this.end = new long[records];
        this.capturedLength = new int[records];
        this.originalLength = new int[records];
        this.linkType = new int[records];
        this.timestamp = new long[records];
    }

    /**
     * Copies a record's bytes in (or records a record without bytes when {@code length} is 0).
     *
     * @param index    the record index.
     * @param src      native address of the bytes.
     * @param length   captured bytes.
     * @param origLen  bytes on the wire.
     * @param type     link type.
     * @param ts       timestamp ns.
     * @return native address of the copy (0 when no bytes), or -1 when the arena has no room now.
     */
    long admit(final long index, final long src, final int length, final int origLen, final int type, final long ts)
    {
        long at = head;
        if (length > 0)
        {
            final long offset = at % capacity;
            if (offset + length > capacity)
            {
                at += capacity - offset; // do not wrap a record: skip to the start of the ring
            }
            if (at + length - tail > capacity)
            {
                return -1;
            }
        }
        final int r = (int)index & recordMask;
        start[r] = at;
        end[r] = at + length;
        capturedLength[r] = length;
        originalLength[r] = origLen;
        linkType[r] = type;
        timestamp[r] = ts;
        head = at + length;
        if (length == 0)
        {
            return 0L;
        }
        final long dst = base + at % capacity;
        org.agrona.UnsafeApi.copyMemory(src, dst, length);
        return dst;
    }

    /** @param index a record in flight. @return native address of its bytes, 0 if none. */
    long address(final long index)
    {
        final int r = (int)index & recordMask;
        return capturedLength[r] == 0 ? 0L : base + start[r] % capacity;
    }

    int capturedLength(final long index)
    {
        return capturedLength[(int)index & recordMask];
    }

    int originalLength(final long index)
    {
        return originalLength[(int)index & recordMask];
    }

    int linkType(final long index)
    {
        return linkType[(int)index & recordMask];
    }

    long timestamp(final long index)
    {
        return timestamp[(int)index & recordMask];
    }

    /**
     * Frees a record's bytes (and everything before it).
     *
     * @param index the record whose decision is out.
     */
    void release(final long index)
    {
        tail = end[(int)index & recordMask];
    }

    @Override
    public void close()
    {
        // the direct buffer is an aligned slice (no cleaner of its own): the GC frees it with this arena
    }
}
