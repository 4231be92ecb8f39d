package dev.wirespeed.pipeline.parse;

/**
 * What {@link TlsClientHelloParser} found at the start of a TCP stream: a caller-owned record re-filled for
 * every call. {@link #sniOffset} and {@link #alpnOffset} are relative to the address the parser was given.
 */
public final class TlsClientHello
{
    /** The outcome, one of the {@code TlsClientHelloParser} codes. */
    public int outcome;
    /** Offset of the {@code host_name} of the {@code server_name} extension, or -1. */
    public int sniOffset;
    /** Length of that host name in bytes, or 0. */
    public int sniLength;
    /**
     * Offset of the protocol names of the {@code application_layer_protocol_negotiation} extension (RFC 7301: the
     * first name's length byte, after the list's own length), or -1 without that extension.
     */
    public int alpnOffset;
    /** Length of those names (each a length byte and 1 to 255 bytes), or 0. */
    public int alpnLength;
    /** Bytes of the first TLS record (5-byte header included), or 0 when the header was not read. */
    public int recordLength;

    /** Clears every field to "not found". */
    public void reset()
    {
        outcome = TlsClientHelloParser.NOT_TLS;
        sniOffset = -1;
        sniLength = 0;
        alpnOffset = -1;
        alpnLength = 0;
        recordLength = 0;
    }
}
