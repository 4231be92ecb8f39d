package dev.wirespeed.flink;

/**
 * One record of a trace on its way from a source to an engine instance: a JSONL request line or a captured
 * frame, with its record index in the whole input (the request id every per-request choice is seeded with,
 * and the order the merged decisions are written in). A Flink POJO: public fields, a no-argument constructor.
 */
public final class TraceRecord
{
    /** A JSONL request line. */
    public static final int KIND_REQUEST = 0;
    /** A captured frame. */
    public static final int KIND_PACKET = 1;
    /**
     * A Kafka message holding one JSONL request line: {@link #input} is its partition, {@link #line} its offset,
     * and a byte order mark at its start is skipped (each message is read as a file of one line).
     */
    public static final int KIND_MESSAGE = 2;

    /** {@link #KIND_REQUEST}, {@link #KIND_PACKET} or {@link #KIND_MESSAGE}. */
    public int kind;
    /** Record index in the whole input (inputs counted in the order given). */
    public long index;
    /** The key records are partitioned by: the request's or packet's flow hash. */
    public int flowHash;
    /** Which input the record comes from (its position on the command line; a Kafka message's partition). */
    public int input;
    /** Line number in the input (requests; for messages about bad records), or a Kafka message's offset. */
    public long line;
    /** Packets: pcap LINKTYPE_. */
    public int linkType;
    /** Packets: bytes on the wire. */
    public int originalLength;
    /** Packets: the reader's status, 0 when the record is well formed (else the drop reason code). */
    public int status;
    /** Packets: capture time in ns. */
    public long timestampNanos;
    /** The line's bytes (terminator excluded) or the captured frame; empty for a line that is too long. */
    public byte[] bytes;
    /**
     * Requests: the line's length when it is over the replay's line cap (its bytes are not kept: the reader
     * skips to its end, as the replay's line reader does), else -1.
     */
    public long tooLongBytes = -1;

    /** For Flink's POJO serializer. */
    public TraceRecord()
    {
    }

    /** @return whether this is a request line over the line cap (a bad record). */
    public boolean tooLong()
    {
        return tooLongBytes >= 0;
    }
}
