package dev.wirespeed.sim.trace;

/**
 * One capture record: a caller-owned flyweight that {@link CaptureReader#next} re-fills for every record.
 * The packet bytes are not copied per record: {@link #address()} points into the reader's window (a chunk of
 * the file read in one positional read) and stays valid until the next call to {@code next} or {@code close} on
 * the reader that filled it, even if the file is truncated meanwhile.
 */
public final class CaptureRecord
{
    long index = -1;
    long fileOffset;
    long address;
    int capturedLength;
    int originalLength;
    int linkType;
    int interfaceId;
    long timestampNanos;
    boolean hasTimestamp;
    RecordStatus status = RecordStatus.OK;
    RecordAnomaly anomaly = RecordAnomaly.NONE;

    /** @return 0-based index of this record in the file (every record counts, bad ones too). */
    public long index()
    {
        return index;
    }

    /** @return byte offset of the record's header (pcap record header or pcapng block) in the file. */
    public long fileOffset()
    {
        return fileOffset;
    }

    /** @return native address of the first packet byte; {@link #capturedLength()} bytes are readable. */
    public long address()
    {
        return address;
    }

    /** @return packet bytes present at {@link #address()} (0 when the record has no usable data). */
    public int capturedLength()
    {
        return capturedLength;
    }

    /** @return the packet's length on the wire, as the record header says. */
    public int originalLength()
    {
        return originalLength;
    }

    /** @return LINKTYPE_ value of the record's interface (pcap: the file header's), or -1 if unknown. */
    public int linkType()
    {
        return linkType;
    }

    /** @return pcapng interface id within its section (0 for pcap and for Simple Packet Blocks). */
    public int interfaceId()
    {
        return interfaceId;
    }

    /**
     * @return capture time in nanoseconds since the Unix epoch (int64). Simple Packet Blocks carry none:
     * they get the previous packet's time and {@link #hasTimestamp()} false.
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /** @return whether the record carried its own timestamp. */
    public boolean hasTimestamp()
    {
        return hasTimestamp;
    }

    /** @return whether this record can be parsed and forwarded, or the reason to count its drop. */
    public RecordStatus status()
    {
        return status;
    }

    /** @return the detail behind a non-OK status ({@link RecordAnomaly#NONE} when OK). */
    public RecordAnomaly anomaly()
    {
        return anomaly;
    }

    /** @return whether the capture kept fewer bytes than were on the wire (snaplen), not an error. */
    public boolean isSnaplenShortened()
    {
        return capturedLength < originalLength;
    }

    void set(
        final long index, final long fileOffset, final long address, final int capturedLength,
        final int originalLength, final int linkType, final int interfaceId, final long timestampNanos,
        final boolean hasTimestamp, final RecordAnomaly anomaly)
    {
        this.index = index;
        this.fileOffset = fileOffset;
        this.address = address;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.timestampNanos = timestampNanos;
        this.hasTimestamp = hasTimestamp;
        this.anomaly = anomaly;
        this.status = anomaly.status();
    }

    @Override
    public String toString()
    {
        return "CaptureRecord{index=" + index + ", offset=" + fileOffset + ", caplen=" + capturedLength
            + ", origlen=" + originalLength + ", linkType=" + linkType + ", if=" + interfaceId
            + ", ts=" + timestampNanos + ", status=" + status + ", anomaly=" + anomaly.id() + '}';
    }
}
