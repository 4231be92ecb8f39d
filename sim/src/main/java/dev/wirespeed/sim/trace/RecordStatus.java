package dev.wirespeed.sim.trace;

import dev.wirespeed.fib.decision.Reasons;

/**
 * Whether a capture record can be forwarded, and if not the drop reason to count ({@link #reasonId()}).
 * A bad record never throws: the reader returns it with its status and goes on when it can.
 */
public enum RecordStatus
{
    /** A whole record with a sound header (its packet may still be snaplen-shortened: caplen &lt; origlen). */
    OK("ok", Reasons.NONE),
    /** The file ends inside the record: only the bytes present are given (capturedLength); reading then ends. */
    TRUNCATED("truncated", Reasons.TRUNCATED),
    /** The record contradicts the format (see {@link CaptureRecord#anomaly()} for which way). */
    MALFORMED("malformed", Reasons.MALFORMED),
    /** The record's link type is not one the parser decodes. */
    UNSUPPORTED_LINKTYPE("unsupported-linktype", Reasons.UNSUPPORTED_LINKTYPE);

    private final String reasonId;
    private final int reason;

    RecordStatus(final String reasonId, final int reason)
    {
        this.reasonId = reasonId;
        this.reason = reason;
    }

    /** @return the drop reason code ({@link Reasons}) a record with this status is counted under. */
    public int reason()
    {
        return reason;
    }

    /** @return the kebab-case counter id. */
    public String reasonId()
    {
        return reasonId;
    }
}
