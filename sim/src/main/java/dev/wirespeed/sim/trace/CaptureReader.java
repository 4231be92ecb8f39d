package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.parse.PacketParser;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a pcap or pcapng capture, record by record into a caller-owned {@link CaptureRecord} whose
 * {@code address()} points at the packet bytes in the reader's window (no allocation or copy per record: the
 * window is filled by positional reads of one chunk at a time, {@link FileWindow}).
 *
 * <p>The format comes from the magic number, never the file name: pcap {@code 0xa1b2c3d4} (µs) and
 * {@code 0xa1b23c4d} (ns) in either byte order; pcapng (section header block {@code 0x0a0d0d0a}) with any
 * number of sections of either byte order, any number of interfaces each with its own link type,
 * {@code if_tsresol} and {@code if_tsoffset}; Enhanced, Simple and (obsolete) Packet Blocks are records,
 * every other block is skipped.
 *
 * <p>A bad record never throws. It is returned with a {@link RecordStatus} (and a {@link RecordAnomaly}
 * saying why) so the caller counts the drop; reading goes on when the framing allows (a bad timestamp,
 * caplen &gt; origlen, an unknown interface). When the framing itself is lost (a corrupt pcap caplen or
 * pcapng block length, bytes after the last block) the rest of the file is one malformed record and
 * reading ends; when the file ends inside a packet, that packet is {@link RecordStatus#TRUNCATED} with the
 * bytes present and reading ends. See docs/captures.md.
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class CaptureReader implements AutoCloseable
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** Largest record (pcap caplen, pcapng block) accepted: 16 MiB, the limit Wireshark uses for blocks. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
    /**
     * The file's size is checked again after each this many bytes read (another process may truncate it): one
     * {@code fstat} per 64 KiB, so the reading ends at a new, shorter size within 64 KiB of the truncation. Records
     * already in the window when the file shrank are returned as they were read (a read never faults).
     */
    static final long SIZE_CHECK_BYTES = 1L << 16;
    /** Window size for large files: bytes read per positional read. */
    public static final long DEFAULT_CHUNK_BYTES = 4L << 20;

    private static final int PCAP_MAGIC_US = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int PCAP_FILE_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_OPB = 2;
    private static final int BLOCK_SPB = 3;
    private static final int BLOCK_EPB = 6;
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    private final Path path;
    private final CaptureFormat format;
    private final FileWindow window;
    private long fileSize;
    private final int maxRecordBytes;
    private long sizeCheckedUpTo;
    private long sizeCheckBytes = SIZE_CHECK_BYTES;
    private boolean shrunk;
    private long position;
    private long recordIndex;
    private boolean finished;
    private boolean swap;

    // pcap file header
    private boolean pcapNanos;
    private int pcapLinkType;
    private int pcapSnaplen;
    private boolean pcapLinkTypeSupported;

    // pcapng: interfaces of the current section
    private int interfaceCount;
    private int[] ifLinkType = new int[8];
    private int[] ifSnaplen = new int[8];
    private int[] ifTsResol = new int[8];
    private long[] ifTsOffset = new long[8];
    private boolean[] ifSupported = new boolean[8];
    private long lastTimestamp;

    private CaptureReader(
        final Path path, final CaptureFormat format, final FileWindow window, final int maxRecordBytes)
    {
        this.path = path;
        this.format = format;
        this.window = window;
        this.fileSize = window.fileSize();
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Opens a capture with the default window (4 MiB chunks) and record limit (16 MiB).
     *
     * @param file the capture.
     * @return a reader positioned before the first record.
     * @throws CaptureFormatException if the file is not a pcap or pcapng capture.
     * @throws IOException            if the file cannot be read.
     */
    public static CaptureReader open(final Path file) throws IOException
    {
        return open(file, DEFAULT_CHUNK_BYTES, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Opens a capture with an explicit window (for tests of records straddling chunks, and for tuning).
     *
     * @param file           the capture.
     * @param chunkBytes     bytes read per window (rounded up to 64 KiB).
     * @param maxRecordBytes largest record accepted (a record larger than the chunk gets a window of its own).
     * @return a reader positioned before the first record.
     * @throws CaptureFormatException if the file is not a pcap or pcapng capture.
     * @throws IOException            if the file cannot be read.
     */
    public static CaptureReader open(final Path file, final long chunkBytes, final int maxRecordBytes)
        throws IOException
    {
        final String name = file.toString();
        if (!Files.isRegularFile(file))
        {
            throw new NoSuchFileException(name, null, "not a regular file");
        }
        final long size = Files.size(file);
        if (size < 4)
        {
            throw new CaptureFormatException(name + ": not a pcap or pcapng file (only " + size + " bytes)");
        }
        final FileWindow window = new FileWindow(file, size, chunkBytes);
        try
        {
            final long a = window.address(0);
            if (window.fileSize() < 4)
            {
                throw new CaptureFormatException(name + ": not a pcap or pcapng file (only " + window.fileSize()
                    + " bytes)");
            }
            final int le = littleEndianInt(a);
            final CaptureReader reader;
            if (le == PCAP_MAGIC_US || le == PCAP_MAGIC_NS
                || le == Integer.reverseBytes(PCAP_MAGIC_US) || le == Integer.reverseBytes(PCAP_MAGIC_NS))
            {
                reader = new CaptureReader(file, CaptureFormat.PCAP, window, maxRecordBytes);
                reader.readPcapHeader(a, le);
            }
            else if (le == PCAPNG_SHB)
            {
                reader = new CaptureReader(file, CaptureFormat.PCAPNG, window, maxRecordBytes);
                reader.checkFirstSection(a);
            }
            else
            {
                throw new CaptureFormatException(String.format(
                    "%s: not a pcap or pcapng file (magic 0x%08x; expected a1b2c3d4, a1b23c4d or 0a0d0d0a)",
                    name, Integer.reverseBytes(le)));
            }
            return reader;
        }
        catch (final IOException | RuntimeException ex)
        {
            window.close();
            throw ex;
        }
    }

    private void readPcapHeader(final long a, final int le) throws CaptureFormatException
    {
        if (fileSize < PCAP_FILE_HEADER)
        {
            throw new CaptureFormatException(
                path + ": truncated pcap file header (" + fileSize + " of " + PCAP_FILE_HEADER + " bytes)");
        }
        final boolean fileLittleEndian = le == PCAP_MAGIC_US || le == PCAP_MAGIC_NS;
        swap = fileLittleEndian != NATIVE_LITTLE_ENDIAN;
        pcapNanos = le == PCAP_MAGIC_NS || le == Integer.reverseBytes(PCAP_MAGIC_NS);
        final int major = read16(a + 4);
        if (major != 2)
        {
            throw new CaptureFormatException(path + ": unsupported pcap version " + major + " (expected 2)");
        }
        pcapSnaplen = read32(a + 16);
        pcapLinkType = read32(a + 20) & 0x03FFFFFF; // upper bits: FCS length flags
        pcapLinkTypeSupported = PacketParser.supportsLinkType(pcapLinkType);
        position = PCAP_FILE_HEADER;
    }

    private void checkFirstSection(final long a) throws CaptureFormatException
    {
        if (fileSize < 28)
        {
            throw new CaptureFormatException(
                path + ": truncated pcapng section header block (" + fileSize + " of 28 bytes)");
        }
        final int bom = U.getInt(a + 8);
        if (bom != PCAPNG_BYTE_ORDER_MAGIC && bom != Integer.reverseBytes(PCAPNG_BYTE_ORDER_MAGIC))
        {
            throw new CaptureFormatException(String.format(
                "%s: pcapng section header has byte-order magic 0x%08x (expected 1a2b3c4d in either byte order)",
                path, Integer.reverseBytes(littleEndianInt(a + 8))));
        }
        position = 0;
    }

    /** @param bytes check the file's size after each this many bytes read (tests: 1, before every record). */
    void sizeCheckBytes(final long bytes)
    {
        sizeCheckBytes = bytes;
        sizeCheckedUpTo = Math.min(sizeCheckedUpTo, position + bytes);
    }

    /** @return the file read. */
    public Path path()
    {
        return path;
    }

    /** @return the container format found by magic number. */
    public CaptureFormat format()
    {
        return format;
    }

    /** @return for pcap, the file header's link type; for pcapng, the link type of the last interface described. */
    public int pcapLinkType()
    {
        return pcapLinkType;
    }

    /** @return for pcap, the file header's snaplen (0 for pcapng). */
    public int pcapSnaplen()
    {
        return pcapSnaplen;
    }

    /** @return for pcap, whether timestamps are nanoseconds (magic a1b23c4d). */
    public boolean pcapNanosecond()
    {
        return pcapNanos;
    }

    /** @return bytes read per window (tests check that records straddle windows). */
    long windowBytes()
    {
        return window.chunkSize();
    }

    /** @return records returned so far. */
    public long recordCount()
    {
        return recordIndex;
    }

    /**
     * Goes back to the first record (record indexes restart at 0), keeping the window: a replay loop or a
     * benchmark can go round a capture without reopening it.
     */
    public void rewind()
    {
        position = format == CaptureFormat.PCAP ? PCAP_FILE_HEADER : 0;
        recordIndex = 0;
        finished = false;
        interfaceCount = 0;
        lastTimestamp = 0;
    }

    /**
     * Reads the next record.
     *
     * @param rec filled in (the previous contents are overwritten; its address is valid until the next call).
     * @return false at the end of the file (or after a record that ended the reading).
     * @throws IOException if reading the file fails.
     */
    public boolean next(final CaptureRecord rec) throws IOException
    {
        if (finished)
        {
            return false;
        }
        if (position >= fileSize)
        {
            if (shrunk)
            {
                // the file shrank to a record boundary: what vanished is one cut record
                return endWith(rec, position, 0L, RecordAnomaly.CUT_SHORT, pcapLinkType);
            }
            finished = true;
            return false;
        }
        if (position >= sizeCheckedUpTo && shrank())
        {
            return next(rec);
        }
        return format == CaptureFormat.PCAP ? nextPcap(rec) : nextPcapng(rec);
    }

    /**
     * Checks the file against the size known. A file truncated while it is read (another process rewriting it)
     * ends at its new size: the record it cuts is {@link RecordAnomaly#CUT_SHORT} (a counted {@code truncated}
     * drop). A positional read that finds the file shorter does the same.
     *
     * @return whether the file is now shorter than known (checked every {@link #SIZE_CHECK_BYTES} read).
     * @throws IOException if the file's size cannot be read.
     */
    public boolean shrank() throws IOException
    {
        sizeCheckedUpTo = position + sizeCheckBytes;
        final long now = window.currentSize();
        if (now >= fileSize)
        {
            return false;
        }
        fileSize = now;
        shrunk = true;
        return true;
    }

    /**
     * @param pos    a file offset below the size known.
     * @param length bytes wanted from there.
     * @return the address of {@code pos} in the window, with {@code length} bytes (or up to the end of the file)
     *         readable; if the read found the file shorter, the size known goes down to it and the reading ends
     *         there with a cut record.
     */
    private long load(final long pos, final long length) throws IOException
    {
        final long a = window.address(pos, length);
        final long known = window.fileSize();
        if (known < fileSize)
        {
            fileSize = known;
            shrunk = true;
        }
        return a;
    }

    private boolean nextPcap(final CaptureRecord rec) throws IOException
    {
        final long pos = position;
        long a = load(pos, PCAP_RECORD_HEADER);
        if (fileSize - pos < PCAP_RECORD_HEADER)
        {
            return endWith(rec, pos, a, RecordAnomaly.CUT_SHORT, pcapLinkType);
        }
        final long seconds = read32(a) & 0xFFFFFFFFL;
        final long fraction = read32(a + 4) & 0xFFFFFFFFL;
        final long caplen = read32(a + 8) & 0xFFFFFFFFL;
        final long origlen = read32(a + 12) & 0xFFFFFFFFL;
        if (caplen > maxRecordBytes)
        {
            return endWith(rec, pos, a, RecordAnomaly.BAD_LENGTH, pcapLinkType);
        }
        final boolean badTime = fraction >= (pcapNanos ? NANOS_PER_SECOND : 1_000_000L);
        final long ts = seconds * NANOS_PER_SECOND + (pcapNanos ? fraction : fraction * 1000L);
        final int orig = (int)Math.min(origlen, Integer.MAX_VALUE);
        a = load(pos, PCAP_RECORD_HEADER + caplen);
        final long available = Math.max(0, fileSize - pos - PCAP_RECORD_HEADER);
        if (caplen > available)
        {
            rec.set(recordIndex++, pos, a + PCAP_RECORD_HEADER, (int)available, orig, pcapLinkType, 0, ts, true,
                RecordAnomaly.CUT_SHORT);
            finished = true;
            position = fileSize;
            return true;
        }
        final RecordAnomaly anomaly;
        if (caplen > origlen)
        {
            anomaly = RecordAnomaly.CAPLEN_OVER_ORIGLEN;
        }
        else if (badTime)
        {
            anomaly = RecordAnomaly.BAD_TIMESTAMP;
        }
        else if (!pcapLinkTypeSupported)
        {
            anomaly = RecordAnomaly.UNSUPPORTED_LINKTYPE;
        }
        else
        {
            anomaly = RecordAnomaly.NONE;
        }
        rec.set(recordIndex++, pos, a + PCAP_RECORD_HEADER, (int)caplen, orig, pcapLinkType, 0, ts, true, anomaly);
        lastTimestamp = ts;
        position = pos + PCAP_RECORD_HEADER + caplen;
        return true;
    }

    private boolean nextPcapng(final CaptureRecord rec) throws IOException
    {
        while (position < fileSize)
        {
            final long pos = position;
            long a = load(pos, 28);
            long remaining = fileSize - pos;
            if (remaining < 12)
            {
                return endWith(rec, pos, a, RecordAnomaly.TRAILING_GARBAGE, -1);
            }
            final int rawType = U.getInt(a);
            if (rawType == PCAPNG_SHB)
            {
                if (remaining < 28)
                {
                    return endWith(rec, pos, a, RecordAnomaly.TRAILING_GARBAGE, -1);
                }
                final int bom = U.getInt(a + 8);
                if (bom == PCAPNG_BYTE_ORDER_MAGIC)
                {
                    swap = false;
                }
                else if (bom == Integer.reverseBytes(PCAPNG_BYTE_ORDER_MAGIC))
                {
                    swap = true;
                }
                else
                {
                    return endWith(rec, pos, a, RecordAnomaly.BAD_SECTION, -1);
                }
            }
            final int type = swap ? Integer.reverseBytes(rawType) : rawType;
            final long length = read32(a + 4) & 0xFFFFFFFFL;
            if (length < 12 || (length & 3) != 0 || length > maxRecordBytes)
            {
                return endWith(rec, pos, a, RecordAnomaly.BAD_LENGTH, -1);
            }
            a = load(pos, length);
            remaining = fileSize - pos;
            if (length > remaining)
            {
                if (type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_OPB)
                {
                    return cutPacketBlock(rec, pos, a, type, (int)length, remaining);
                }
                return endWith(rec, pos, a, RecordAnomaly.TRAILING_GARBAGE, -1);
            }
            if ((read32(a + length - 4) & 0xFFFFFFFFL) != length)
            {
                return endWith(rec, pos, a, RecordAnomaly.BAD_LENGTH, -1);
            }
            position = pos + length;
            switch (type)
            {
                case PCAPNG_SHB:
                    if (read16(a + 12) != 1)
                    {
                        return endWith(rec, pos, a, RecordAnomaly.BAD_SECTION, -1);
                    }
                    interfaceCount = 0;
                    break;
                case BLOCK_IDB:
                    if (length >= 20)
                    {
                        addInterface(a, (int)length);
                    }
                    break;
                case BLOCK_EPB, BLOCK_OPB:
                    if (length < 32)
                    {
                        return shortPacketBlock(rec, pos, a);
                    }
                    packetBlock(rec, pos, a, type, (int)length, (int)length);
                    return true;
                case BLOCK_SPB:
                    if (length < 16)
                    {
                        return shortPacketBlock(rec, pos, a);
                    }
                    simplePacketBlock(rec, pos, a, (int)length, (int)length);
                    return true;
                default:
                    break; // NRB, ISB, DSB, custom and unknown blocks: skipped
            }
        }
        finished = true;
        return false;
    }

    /** A packet block too short for its own fixed fields: a malformed record; the next block follows. */
    private boolean shortPacketBlock(final CaptureRecord rec, final long pos, final long a)
    {
        rec.set(recordIndex++, pos, a, 0, 0, -1, 0, lastTimestamp, false, RecordAnomaly.CAPLEN_OVER_BLOCK);
        return true;
    }

    private boolean cutPacketBlock(
        final CaptureRecord rec, final long pos, final long a, final int type, final int length, final long remaining)
    {
        final int available = (int)remaining;
        if (type == BLOCK_SPB ? available < 12 : available < 28)
        {
            return endWith(rec, pos, a, RecordAnomaly.CUT_SHORT, -1);
        }
        if (type == BLOCK_SPB)
        {
            simplePacketBlock(rec, pos, a, length, available);
        }
        else
        {
            packetBlock(rec, pos, a, type, length, available);
        }
        if (rec.status != RecordStatus.MALFORMED)
        {
            rec.anomaly = RecordAnomaly.CUT_SHORT;
            rec.status = RecordStatus.TRUNCATED;
        }
        finished = true;
        position = fileSize;
        return true;
    }

    /**
     * @param length    block length if whole (used for the caplen check).
     * @param available bytes of the block present in the file (length, or less when cut by the end of file).
     */
    private void packetBlock(
        final CaptureRecord rec, final long pos, final long a, final int type, final int length, final int available)
    {
        final int interfaceId;
        final long ticks;
        if (type == BLOCK_EPB)
        {
            interfaceId = read32(a + 8);
        }
        else
        {
            interfaceId = read16(a + 8);
        }
        ticks = ((read32(a + 12) & 0xFFFFFFFFL) << 32) | (read32(a + 16) & 0xFFFFFFFFL);
        final long caplen = read32(a + 20) & 0xFFFFFFFFL;
        final long origlen = read32(a + 24) & 0xFFFFFFFFL;
        final int orig = (int)Math.min(origlen, Integer.MAX_VALUE);
        final boolean known = interfaceId >= 0 && interfaceId < interfaceCount;
        final int linkType = known ? ifLinkType[interfaceId] : -1;
        long ts = lastTimestamp;
        boolean badTime = false;
        if (known)
        {
            ts = toNanos(ticks, ifTsResol[interfaceId], ifTsOffset[interfaceId]);
            badTime = ts == Long.MIN_VALUE;
            if (badTime)
            {
                ts = lastTimestamp;
            }
        }
        final long data = a + 28;
        final int present = Math.max(0, available - 28);
        RecordAnomaly anomaly;
        int captured = (int)Math.min(caplen, present);
        if (caplen > length - 32L)
        {
            anomaly = RecordAnomaly.CAPLEN_OVER_BLOCK;
            captured = 0;
        }
        else if (!known)
        {
            anomaly = RecordAnomaly.UNKNOWN_INTERFACE;
        }
        else if (caplen > origlen)
        {
            anomaly = RecordAnomaly.CAPLEN_OVER_ORIGLEN;
        }
        else if (badTime)
        {
            anomaly = RecordAnomaly.BAD_TIMESTAMP;
        }
        else if (!ifSupported[interfaceId])
        {
            anomaly = RecordAnomaly.UNSUPPORTED_LINKTYPE;
        }
        else
        {
            anomaly = RecordAnomaly.NONE;
        }
        rec.set(recordIndex++, pos, data, captured, orig, linkType, interfaceId, ts, true, anomaly);
        if (!badTime && known)
        {
            lastTimestamp = ts;
        }
    }

    private void simplePacketBlock(
        final CaptureRecord rec, final long pos, final long a, final int length, final int available)
    {
        final long origlen = read32(a + 8) & 0xFFFFFFFFL;
        final int orig = (int)Math.min(origlen, Integer.MAX_VALUE);
        final long data = a + 12;
        final boolean known = interfaceCount > 0;
        long captured = Math.min(origlen, length - 16L);
        if (known && ifSnaplen[0] > 0)
        {
            captured = Math.min(captured, ifSnaplen[0] & 0xFFFFFFFFL);
        }
        captured = Math.min(captured, Math.max(0, available - 12));
        final RecordAnomaly anomaly;
        if (!known)
        {
            anomaly = RecordAnomaly.UNKNOWN_INTERFACE;
        }
        else if (!ifSupported[0])
        {
            anomaly = RecordAnomaly.UNSUPPORTED_LINKTYPE;
        }
        else
        {
            anomaly = RecordAnomaly.NONE;
        }
        rec.set(recordIndex++, pos, data, (int)captured, orig, known ? ifLinkType[0] : -1, 0, lastTimestamp, false,
            anomaly);
    }

    private void addInterface(final long a, final int length)
    {
        if (interfaceCount == ifLinkType.length)
        {
            final int n = interfaceCount * 2;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnaplen = Arrays.copyOf(ifSnaplen, n);
            ifTsResol = Arrays.copyOf(ifTsResol, n);
            ifTsOffset = Arrays.copyOf(ifTsOffset, n);
            ifSupported = Arrays.copyOf(ifSupported, n);
        }
        final int i = interfaceCount++;
        ifLinkType[i] = read16(a + 8);
        ifSnaplen[i] = read32(a + 12);
        ifTsResol[i] = 6;
        ifTsOffset[i] = 0;
        ifSupported[i] = PacketParser.supportsLinkType(ifLinkType[i]);
        long o = a + 16;
        final long end = a + length - 4;
        while (o + 4 <= end)
        {
            final int code = read16(o);
            final int optionLength = read16(o + 2);
            if (code == 0 || o + 4 + optionLength > end)
            {
                break;
            }
            if (code == 9 && optionLength >= 1)
            {
                ifTsResol[i] = U.getByte(o + 4) & 0xFF;
            }
            else if (code == 14 && optionLength == 8)
            {
                ifTsOffset[i] = swap ? Long.reverseBytes(U.getLong(o + 4)) : U.getLong(o + 4);
            }
            o += 4 + ((optionLength + 3) & ~3);
        }
        pcapLinkType = ifLinkType[i];
    }

    /**
     * Converts a pcapng timestamp to ns since the epoch. The 64-bit tick count is read as two's complement:
     * a count of 2^63 ticks or more would be past the year 292,000 at µs resolution, so a writer that stored
     * one meant a time before 1970 (pcpp_pcapng-example.pcapng has such an interface), and a negative
     * timestamp is what we return.
     *
     * @return ticks at resolution {@code tsResol} (if_tsresol: 10^-n, or 2^-n when the top bit is set) plus
     *         {@code offsetSeconds} (if_tsoffset), in ns; {@link Long#MIN_VALUE} when not representable.
     */
    static long toNanos(final long ticks, final int tsResol, final long offsetSeconds)
    {
        final int exponent = tsResol & 0x7F;
        long nanos;
        if ((tsResol & 0x80) == 0)
        {
            if (exponent <= 9)
            {
                final long mul = POW10[9 - exponent];
                if (ticks > Long.MAX_VALUE / mul || ticks < -(Long.MAX_VALUE / mul))
                {
                    return Long.MIN_VALUE;
                }
                nanos = ticks * mul;
            }
            else if (exponent <= 18)
            {
                nanos = ticks / POW10[exponent - 9];
            }
            else
            {
                nanos = 0;
            }
        }
        else if (exponent >= 63)
        {
            nanos = 0;
        }
        else
        {
            final long whole = ticks >> exponent;
            if (whole > Long.MAX_VALUE / NANOS_PER_SECOND - 1 || whole < -(Long.MAX_VALUE / NANOS_PER_SECOND) + 1)
            {
                return Long.MIN_VALUE;
            }
            final long fraction = ticks & ((1L << exponent) - 1);
            final long fractionNanos = exponent <= 33
                ? (fraction * NANOS_PER_SECOND) >>> exponent
                : (long)(fraction * (double)NANOS_PER_SECOND / Math.scalb(1.0, exponent));
            nanos = whole * NANOS_PER_SECOND + fractionNanos;
        }
        if (offsetSeconds != 0)
        {
            if (offsetSeconds > Long.MAX_VALUE / NANOS_PER_SECOND
                || offsetSeconds < -(Long.MAX_VALUE / NANOS_PER_SECOND))
            {
                return Long.MIN_VALUE;
            }
            final long off = offsetSeconds * NANOS_PER_SECOND;
            final long sum = nanos + off;
            if (((nanos ^ sum) & (off ^ sum)) < 0 || sum == Long.MIN_VALUE)
            {
                return Long.MIN_VALUE;
            }
            nanos = sum;
        }
        return nanos;
    }

    /** The rest of the file is this one record (no usable packet bytes); reading ends. */
    private boolean endWith(
        final CaptureRecord rec, final long pos, final long a, final RecordAnomaly anomaly, final int linkType)
    {
        // after the file shrank under the reader, whatever ends the reading is the cut
        rec.set(recordIndex++, pos, a, 0, 0, linkType, 0, lastTimestamp, false,
            shrunk ? RecordAnomaly.CUT_SHORT : anomaly);
        finished = true;
        position = fileSize;
        return true;
    }

    private int read32(final long address)
    {
        final int v = U.getInt(address);
        return swap ? Integer.reverseBytes(v) : v;
    }

    private int read16(final long address)
    {
        final short v = U.getShort(address);
        return (swap ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    private static int littleEndianInt(final long address)
    {
        final int v = U.getInt(address);
        return NATIVE_LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /** Closes the file and frees the window; record addresses become invalid. */
    @Override
    public void close()
    {
        window.close();
    }
}
