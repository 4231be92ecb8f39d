package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.jsonl.PacketContext;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * The ingress arena of a capture replay: an off-heap FIFO byte ring into which each record's bytes are
 * copied when it enters the pipeline, plus a ring of per-record facts indexed by record index, so that a
 * record's bytes stay valid from ingress until its decision has been written (the workers read them, and
 * the writer reads them again for the decision text and the output captures), and of the facts of each record's
 * ingress parse (the writer's stages read them instead of parsing again).
 *
 * <p>Why a copy: the capture reader reads large files one window at a time into one buffer, which the next
 * window overwrites, so a record's address is valid only until the next {@code next()}. Keeping windows
 * alive until every record in them is decided would tie the reader's window to the pipeline's depth; one
 * memcpy per record into a bounded arena (the parser touches those bytes anyway) keeps memory bounded
 * (arena + reader window) however large the file or the pipeline is.
 *
 * <p>Records are released in input order ({@link #release}), so space is freed FIFO. Single-threaded: the
 * pipeline's driving thread both polls the source and runs the sink.
 *
 * <p>The bytes are not zeroed when allocated (every byte read was copied in first): a zeroed direct buffer touches
 * all its pages at the start, 16,384 page faults and a 64 MiB {@code memset} (~45 ms of a 1.5 s capture replay,
 * {@code perf}, docs/performance.md), while an inline replay, which starts again at the arena's start whenever it
 * is empty, only ever touches the first few hundred kilobytes.
 */
final class CaptureArena implements AutoCloseable
{
    private static final OffHeap U = OffHeap.MEMORY;

    /**
     * Longs of ingress-parse facts per record: version, protocol, ports flag, status, tunnel and ports; source and
     * destination; L3 offset, IP header length and payload offset; payload length and tunnel VNI. Kept compact (56
     * bytes a record, written once in record order): a {@code ParsedPacket} per record in flight was measured
     * slower than parsing again, its ~50 fields reset into cold cache lines for every packet.
     */
    private static final int FACT_LONGS = 7;
    private static final long PORTS = 1L << 16;
    private static final int CAPTURED_AT = FACT_LONGS * 8;
    private static final int ORIGINAL_AT = CAPTURED_AT + 4;
    private static final int LINK_TYPE_AT = CAPTURED_AT + 8;
    private static final int TIMESTAMP_AT = CAPTURED_AT + 16;
    /** Bytes of a record's facts as {@link #copyFacts} copies them (a multiple of 8). */
    static final int FACT_BYTES = TIMESTAMP_AT + 8;
    private static final long BAD = 1L << 17;

    private final BytesStore<?, Void> bytes;
    private final long base;
    private final long capacity;
    private final long mask;
    private final int recordMask;
    private final long[] start;
    private final long[] end;
    private final int[] capturedLength;
    private final int[] originalLength;
    private final int[] linkType;
    private final long[] timestamp;
    private final long[] facts;
    private long head;
    private long tail;
    private boolean closed;

    /**
     * @param capacityBytes arena bytes (a power of two, at least the largest record).
     * @param records       records in flight at most (a power of two).
     */
    CaptureArena(final int capacityBytes, final int records)
    {
        this.facts = new long[records * FACT_LONGS];
        this.bytes = BytesStore.lazyNativeBytesStoreWithFixedCapacity(capacityBytes);
        this.base = bytes.addressForWrite(0);
        this.capacity = capacityBytes;
        this.mask = capacityBytes - 1L;
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
        if (head == tail && (head & mask) != 0)
        {
            // Empty (every record with bytes released): start again at the ring's start, so that a replay that
            // keeps few records in flight (inline: one batch) copies into the same few hot cache lines instead of
            // streaming through the whole arena (measured with small rings: ~10% less CPU, inline capture replay).
            head = (head | mask) + 1;
            tail = head;
        }
        long at = head;
        if (length > 0)
        {
            final long offset = at & mask;
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
        final long dst = base + (at & mask);
        U.copyMemory(src, dst, length);
        return dst;
    }

    /** @param index a record in flight. @return native address of its bytes, 0 if none. */
    long address(final long index)
    {
        final int r = (int)index & recordMask;
        return capturedLength[r] == 0 ? 0L : base + (start[r] & mask);
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
        tail = Math.max(tail, end[(int)index & recordMask]); // a record without bytes may end before a restart
    }

    /**
     * Keeps the facts of a record's ingress parse for the writer's stages (request text, tunnel VNI, egress rewrite,
     * packet context), so that none of them parses the packet again.
     *
     * @param index the record index.
     * @param p     its parse result (the ingress scratch, reused for the next record).
     * @param d     its descriptor, filled at ingress from {@code p}.
     */
    void keep(final long index, final ParsedPacket p, final PacketDescriptor d)
    {
        final int at = ((int)index & recordMask) * FACT_LONGS;
        final long[] c = facts;
        final long ports = p.hasPorts && p.fragment == ParsedPacket.FRAG_NONE ? PORTS : 0L;
        c[at] = (p.ipVersion & 0xFF) | (long)(Math.max(p.protocol, 0) & 0xFF) << 8 | ports
            | (d.status() != 0 ? BAD : 0L) | (long)(p.tunnel & 0x3) << 18 | (long)(p.srcPort & 0xFFFF) << 32
            | (long)(p.dstPort & 0xFFFF) << 48;
        if (p.ipVersion == 6)
        {
            c[at + 1] = p.ipv6SrcHi;
            c[at + 2] = p.ipv6SrcLo;
            c[at + 3] = p.ipv6DstHi;
            c[at + 4] = p.ipv6DstLo;
        }
        else
        {
            c[at + 1] = 0L;
            c[at + 2] = p.ipv4Src & 0xFFFF_FFFFL;
            c[at + 3] = 0L;
            c[at + 4] = p.ipv4Dst & 0xFFFF_FFFFL;
        }
        c[at + 5] = (p.l3Offset + 1 & 0xFF_FFFFL) | (long)(p.ipHeaderLength & 0xFFFF) << 24
            | (long)(p.payloadOffset + 1 & 0xFF_FFFF) << 40;
        c[at + 6] = (p.payloadLength & 0xFFFF_FFFFL) | (long)p.tunnelVni << 32;
    }

    /**
     * Restores the kept facts of a record's ingress parse into a parse result: the fields the writer's stages read
     * (IP version, addresses, ports, L3 offset, IP header length, payload offset and length, tunnel and VNI,
     * captured length). No parse.
     *
     * @param index a record in flight that has bytes.
     * @param out   receives the facts.
     * @return {@code out}.
     */
    ParsedPacket parsed(final long index, final ParsedPacket out)
    {
        final int r = (int)index & recordMask;
        final int at = r * FACT_LONGS;
        final long[] c = facts;
        return restore(c[at], c[at + 1], c[at + 2], c[at + 3], c[at + 4], c[at + 5], c[at + 6], capturedLength[r],
            originalLength[r], linkType[r], out);
    }

    /**
     * As {@link #parsed(long, ParsedPacket)}, from the copy {@link #copyFacts} made.
     *
     * @param from native address of the copy.
     * @param out  receives the facts.
     * @return {@code out}.
     */
    static ParsedPacket parsedCopy(final long from, final ParsedPacket out)
    {
        return restore(U.getLong(from), U.getLong(from + 8), U.getLong(from + 16), U.getLong(from + 24),
            U.getLong(from + 32), U.getLong(from + 40), U.getLong(from + 48), U.getInt(from + CAPTURED_AT),
            U.getInt(from + ORIGINAL_AT), U.getInt(from + LINK_TYPE_AT), out);
    }

    private static ParsedPacket restore(final long meta, final long srcHi, final long srcLo, final long dstHi,
        final long dstLo, final long offsets, final long tail, final int captured, final int original,
        final int type, final ParsedPacket out)
    {
        out.capturedLength = captured;
        out.originalLength = original;
        out.linkType = type;
        out.ipVersion = (int)(meta & 0xFF);
        out.protocol = (int)(meta >>> 8) & 0xFF;
        out.tunnel = (int)(meta >>> 18) & 0x3;
        out.srcPort = (int)(meta >>> 32) & 0xFFFF;
        out.dstPort = (int)(meta >>> 48) & 0xFFFF;
        out.ipv6SrcHi = srcHi;
        out.ipv6SrcLo = srcLo;
        out.ipv6DstHi = dstHi;
        out.ipv6DstLo = dstLo;
        out.ipv4Src = (int)srcLo;
        out.ipv4Dst = (int)dstLo;
        out.l3Offset = (int)(offsets & 0xFF_FFFF) - 1;
        out.ipHeaderLength = (int)(offsets >>> 24) & 0xFFFF;
        out.payloadOffset = (int)(offsets >>> 40 & 0xFF_FFFF) - 1;
        out.payloadLength = (int)tail;
        out.tunnelVni = (int)(tail >>> 32);
        return out;
    }

    /**
     * @param index a record in flight.
     * @param out   receives its timestamp and IP facts (as the ingress descriptor had them).
     * @return {@code out}.
     */
    PacketContext context(final long index, final PacketContext out)
    {
        final int r = (int)index & recordMask;
        final int at = r * FACT_LONGS;
        final long[] c = facts;
        return context(timestamp[r], c[at], c[at + 1], c[at + 2], c[at + 3], c[at + 4], out);
    }

    /**
     * As {@link #context(long, PacketContext)}, from the copy {@link #copyFacts} made.
     *
     * @param from native address of the copy.
     * @param out  receives the record's timestamp and IP facts.
     * @return {@code out}.
     */
    static PacketContext contextCopy(final long from, final PacketContext out)
    {
        return context(U.getLong(from + TIMESTAMP_AT), U.getLong(from), U.getLong(from + 8), U.getLong(from + 16),
            U.getLong(from + 24), U.getLong(from + 32), out);
    }

    private static PacketContext context(final long ts, final long meta, final long srcHi, final long srcLo,
        final long dstHi, final long dstLo, final PacketContext out)
    {
        out.reset(ts);
        final int version = (meta & BAD) != 0 ? 0 : (int)(meta & 0xFF);
        if (version == 4 || version == 6)
        {
            final boolean ports = (meta & PORTS) != 0;
            out.ip(version, (int)(meta >>> 8) & 0xFF, ports, ports ? (int)(meta >>> 32) & 0xFFFF : 0,
                ports ? (int)(meta >>> 48) & 0xFFFF : 0, version == 6 ? srcHi : 0L, srcLo,
                version == 6 ? dstHi : 0L, dstLo);
        }
        return out;
    }

    /**
     * Copies a record's kept facts ({@link #FACT_BYTES}: parse facts, captured and original length, link type,
     * timestamp) to native memory, for {@link #parsedCopy} and {@link #contextCopy} on another
     * thread once the record is released.
     *
     * @param index a record in flight.
     * @param to    native address of {@link #FACT_BYTES} bytes.
     */
    void copyFacts(final long index, final long to)
    {
        final int r = (int)index & recordMask;
        final int at = r * FACT_LONGS;
        final long[] c = facts;
        for (int k = 0; k < FACT_LONGS; k++)
        {
            U.putLong(to + 8L * k, c[at + k]);
        }
        U.putInt(to + CAPTURED_AT, capturedLength[r]);
        U.putInt(to + ORIGINAL_AT, originalLength[r]);
        U.putInt(to + LINK_TYPE_AT, linkType[r]);
        U.putInt(to + LINK_TYPE_AT + 4, 0);
        U.putLong(to + TIMESTAMP_AT, timestamp[r]);
    }

    /** @param index a record in flight. @return its payload's offset in its bytes, -1 when it has none. */
    int payloadOffset(final long index)
    {
        return (int)(facts[((int)index & recordMask) * FACT_LONGS + 5] >>> 40 & 0xFF_FFFF) - 1;
    }

    /** @param index a record in flight. @return its payload's length. */
    int payloadLength(final long index)
    {
        return (int)facts[((int)index & recordMask) * FACT_LONGS + 6];
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            bytes.releaseLast();
        }
    }
}
