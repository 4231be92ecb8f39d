package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.sim.jsonl.PacketContext;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ingress arena of a capture replay: an off-heap FIFO byte ring into which each record's bytes are
 * copied when it enters the pipeline, plus a ring of per-record facts indexed by record index, so that a
 * record's bytes stay valid from ingress until its decision has been written (the workers read them, and
 * the writer reads them again for the decision text and the output captures).
 *
 * <p>Why a copy: the capture reader reads large files one window at a time into one buffer, which the next
 * window overwrites, so a record's address is valid only until the next {@code next()}. Keeping windows
 * alive until every record in them is decided would tie the reader's window to the pipeline's depth; one
 * memcpy per record into a bounded arena (the parser touches those bytes anyway) keeps memory bounded
 * (arena + reader window) however large the file or the pipeline is.
 *
 * <p>Records are released in input order ({@link #release}), so space is freed FIFO. Single-threaded: the
 * pipeline's driving thread both polls the source and runs the sink.
 */
final class CaptureArena implements AutoCloseable
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** Longs of packet context per record: version, protocol, ports flag and ports; source and destination. */
    private static final int CONTEXT_LONGS = 5;

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
    private final long[] ip;
    private long head;
    private long tail;

    /**
     * @param capacityBytes arena bytes (a power of two, at least the largest record).
     * @param records       records in flight at most (a power of two).
     * @param contexts      keep each record's packet context ({@link #keepContext}).
     */
    CaptureArena(final int capacityBytes, final int records, final boolean contexts)
    {
        this.ip = contexts ? new long[records * CONTEXT_LONGS] : null;
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
        U.copyMemory(src, dst, length);
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

    /**
     * Keeps the IP facts of a record's parsed descriptor for its decision line (the sink never re-parses).
     *
     * @param index the record index.
     * @param d     its descriptor, filled at ingress.
     */
    void keepContext(final long index, final PacketDescriptor d)
    {
        final int at = ((int)index & recordMask) * CONTEXT_LONGS;
        final long[] c = ip;
        final int version = d.status() == 0 ? d.ipVersion() : 0;
        final long ports = (d.packetFlags() & PacketDescriptor.FLAG_PORTS) != 0 ? 1L << 16 : 0L;
        c[at] = version | (long)d.protocol() << 8 | ports | (long)d.srcPort() << 32 | (long)d.dstPort() << 48;
        if (version == 6)
        {
            c[at + 1] = d.srcAddressPart(0);
            c[at + 2] = d.srcAddressPart(1);
            c[at + 3] = d.dstAddressPart(0);
            c[at + 4] = d.dstAddressPart(1);
        }
        else
        {
            c[at + 2] = d.srcAddressIpv4() & 0xFFFF_FFFFL;
            c[at + 4] = d.dstAddressIpv4() & 0xFFFF_FFFFL;
        }
    }

    /**
     * @param index a record in flight whose context was kept.
     * @param out   receives its timestamp and IP facts.
     * @return {@code out}.
     */
    PacketContext context(final long index, final PacketContext out)
    {
        final int r = (int)index & recordMask;
        out.reset(timestamp[r]);
        final int at = r * CONTEXT_LONGS;
        final long[] c = ip;
        final long meta = c[at];
        final int version = (int)(meta & 0xFF);
        if (version == 4 || version == 6)
        {
            out.ip(version, (int)(meta >>> 8) & 0xFF, (meta & (1L << 16)) != 0, (int)(meta >>> 32) & 0xFFFF,
                (int)(meta >>> 48) & 0xFFFF, version == 6 ? c[at + 1] : 0L, c[at + 2], version == 6 ? c[at + 3] : 0L,
                c[at + 4]);
        }
        return out;
    }

    @Override
    public void close()
    {
        // the direct buffer is an aligned slice (no cleaner of its own): the GC frees it with this arena
    }
}
