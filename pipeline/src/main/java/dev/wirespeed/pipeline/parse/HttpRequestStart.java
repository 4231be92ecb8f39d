package dev.wirespeed.pipeline.parse;

/**
 * Where the parts of an HTTP/1.x request head lie in a TCP payload, as found by
 * {@link HttpRequestSniffer#sniff}: offsets from the payload's first byte, lengths in bytes. Caller-owned and
 * reused; nothing is copied.
 */
public final class HttpRequestStart
{
    /** Offset of the method token (always 0). */
    public int methodOffset;
    /** Length of the method token. */
    public int methodLength;
    /** Offset of the request-target. */
    public int targetOffset;
    /** Length of the request-target. */
    public int targetLength;
    /** HTTP minor version: 0 or 1. */
    public int minorVersion;
    /** Offset of the Host header value (trimmed). */
    public int hostOffset;
    /** Length of the Host header value (trimmed; may be 0). */
    public int hostLength;
    /**
     * Complete Host lines of the head ({@link HttpRequestSniffer#sniff}; {@link HttpRequestSniffer#sniffUntilHost}
     * stops at the first): more than 1 when Envoy's authority is their values joined.
     */
    public int hostLines;

    /** Length of the whole head including the empty line, when it ends in this segment; else -1. */
    public int headLength;

    /** @return whether every header of the request is in this segment. */
    public boolean isHeadComplete()
    {
        return headLength > 0;
    }

    /** Clears every field to -1 / 0. */
    public void reset()
    {
        methodOffset = -1;
        methodLength = 0;
        targetOffset = -1;
        targetLength = 0;
        minorVersion = -1;
        hostOffset = -1;
        hostLength = 0;
        hostLines = 0;
        headLength = -1;
    }
}
