package dev.wirespeed.sim.trace;

/**
 * Whether a capture record can be forwarded, and if not the drop reason to count ({@link #reasonId()}).
 * A bad record never throws: the reader returns it with its status and goes on when it can.
 */
public enum RecordStatus
{
    /** A whole record with a sound header (its packet may still be snaplen-shortened: caplen &lt; origlen). */
    OK("ok"),
    /** The file ends inside the record: only the bytes present are given (capturedLength); reading then ends. */
    TRUNCATED("truncated"),
    /** The record contradicts the format (see {@link CaptureRecord#anomaly()} for which way). */
    MALFORMED("malformed"),
    /** The record's link type is not one the parser decodes. */
    UNSUPPORTED_LINKTYPE("unsupported-linktype");

    private final String reasonId;

    RecordStatus(final String reasonId)
    {
        this.reasonId = reasonId;
    }

    /** @return the kebab-case counter id. */
    public String reasonId()
    {
        return reasonId;
    }
}
