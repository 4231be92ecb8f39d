package dev.wirespeed.sim.trace;

/** Why a record is not {@link RecordStatus#OK}: the detail behind its status, kebab-case for counters. */
public enum RecordAnomaly
{
    /** Nothing wrong. */
    NONE("none", RecordStatus.OK),
    /** The file ends inside the record (header or data): only the bytes present are given. */
    CUT_SHORT("record-cut-short", RecordStatus.TRUNCATED),
    /** A pcap caplen or pcapng block length that cannot be right (over the limit, under the minimum, not a
     * multiple of 4, or the trailing copy differs): the rest of the file is this one record; reading ends. */
    BAD_LENGTH("bad-record-length", RecordStatus.MALFORMED),
    /** Bytes after the last block that do not form a block (fewer than a block header). */
    TRAILING_GARBAGE("trailing-garbage", RecordStatus.MALFORMED),
    /** caplen greater than the original (wire) length: the header contradicts itself. */
    CAPLEN_OVER_ORIGLEN("caplen-over-origlen", RecordStatus.MALFORMED),
    /** pcapng: packet data length larger than its block. */
    CAPLEN_OVER_BLOCK("caplen-over-block", RecordStatus.MALFORMED),
    /** Timestamp fraction out of range (µs ≥ 10^6, ns ≥ 10^9) or a time not representable in int64 ns. */
    BAD_TIMESTAMP("bad-timestamp", RecordStatus.MALFORMED),
    /** pcapng: a packet block names an interface not described in its section. */
    UNKNOWN_INTERFACE("unknown-interface", RecordStatus.MALFORMED),
    /** pcapng: a section header block with a bad byte-order magic or version; the rest of the file is dropped. */
    BAD_SECTION("bad-section-header", RecordStatus.MALFORMED),
    /** The link type is not decoded by the parser. */
    UNSUPPORTED_LINKTYPE("unsupported-linktype", RecordStatus.UNSUPPORTED_LINKTYPE);

    private final String id;
    private final RecordStatus status;

    RecordAnomaly(final String id, final RecordStatus status)
    {
        this.id = id;
        this.status = status;
    }

    /** @return the kebab-case id. */
    public String id()
    {
        return id;
    }

    /** @return the status a record with this anomaly gets. */
    public RecordStatus status()
    {
        return status;
    }
}
