package dev.wirespeed.pipeline.parse;

import static dev.wirespeed.pipeline.parse.PacketBytes.u16;
import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * Finds the server name (SNI, RFC 6066 {@code server_name}, {@code host_name} entry) and the ALPN protocol names
 * (RFC 7301 {@code application_layer_protocol_negotiation}) in the TLS ClientHello that opens a TCP stream, in
 * place over native memory: reads only inside {@code [address, address + length)},
 * copies nothing, allocates nothing. It is what an Envoy {@code tls_inspector} listener filter reads before it
 * picks a filter chain by {@code server_names} and {@code application_protocols}.
 *
 * <p>Accepted (RFC 8446 §5.1, §4.1.2; RFC 5246 §7.4.1.2): a handshake record (content type 22, legacy
 * version 3.x, length at most 2<sup>14</sup> + 2048) whose first handshake message is a ClientHello (type 1):
 * legacy version, 32-byte random, session id (at most 32 bytes), cipher suites (an even, non-zero length),
 * compression methods (at least one), then optionally the extensions block, which must fill the ClientHello
 * exactly. The SNI host name must be 1 to 255 visible ASCII bytes; the ALPN list must be non-empty and filled
 * exactly by names of 1 to 255 bytes. Every extension of the first record is read (the first {@code server_name}
 * and the first ALPN extension count), so a contradiction in any of them is {@link #MALFORMED}.
 *
 * <p>Outcomes: {@link #SNI}, {@link #NO_SNI} (a well-formed ClientHello without a host name, or one split over
 * several records — the first record's extensions are all that is read), {@link #NOT_TLS} (the stream does not
 * start with a TLS handshake record: another protocol), {@link #INCOMPLETE} (a ClientHello record whose end
 * is not in these bytes yet: the caller may reassemble and call again) and {@link #MALFORMED} (a handshake
 * record whose lengths contradict each other: counted as {@code malformed-tls}).
 *
 * <p>{@link ReferenceTlsClientHelloParser} is the plain reference the differential tests hold this against.
 */
public final class TlsClientHelloParser
{
    /** A ClientHello with a server name: {@code sniOffset}/{@code sniLength} point at it. */
    public static final int SNI = 0;
    /** A well-formed ClientHello without a server name. */
    public static final int NO_SNI = 1;
    /** The bytes do not start a TLS handshake record. */
    public static final int NOT_TLS = 2;
    /** The first record does not end inside these bytes. */
    public static final int INCOMPLETE = 3;
    /** A handshake record that contradicts itself. */
    public static final int MALFORMED = 4;
    /** Largest TLSCiphertext length (RFC 8446 §5.2); a plaintext record is smaller still. */
    public static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;

    private TlsClientHelloParser()
    {
    }

    /**
     * @param address native address of the first byte of the TCP stream (the payload of its first segment, or
     *                a reassembly buffer).
     * @param length  bytes readable there.
     * @param out     filled in; reset first.
     * @return the outcome, also in {@code out.outcome}.
     */
    public static int parse(final long address, final int length, final TlsClientHello out)
    {
        out.reset();
        if (length < 1 || u8(address) != HANDSHAKE)
        {
            return done(out, NOT_TLS);
        }
        if (length < 2)
        {
            return done(out, INCOMPLETE);
        }
        if (u8(address + 1) != 3)
        {
            return done(out, NOT_TLS);
        }
        if (length < 5)
        {
            return done(out, INCOMPLETE);
        }
        final int recordLength = u16(address + 3);
        if (recordLength < 4 || recordLength > MAX_RECORD_LENGTH)
        {
            return done(out, MALFORMED);
        }
        out.recordLength = 5 + recordLength;
        if (length < 5 + recordLength)
        {
            return done(out, INCOMPLETE);
        }
        final long hs = address + 5;
        if (u8(hs) != CLIENT_HELLO)
        {
            return done(out, MALFORMED);
        }
        final int helloLength = (u8(hs + 1) << 16) | u16(hs + 2);
        final boolean split = 4 + helloLength > recordLength;
        final int end = 9 + (split ? recordLength - 4 : helloLength); // offset from address
        return clientHello(address, 9, end, split, out);
    }

    private static int clientHello(final long address, final int start, final int end, final boolean split,
        final TlsClientHello out)
    {
        int p = start + 2 + 32; // legacy_version, random
        if (p + 1 > end)
        {
            return done(out, split ? NO_SNI : MALFORMED);
        }
        final int sessionIdLength = u8(address + p);
        if (sessionIdLength > 32)
        {
            return done(out, MALFORMED);
        }
        p += 1 + sessionIdLength;
        if (p + 2 > end)
        {
            return done(out, split ? NO_SNI : MALFORMED);
        }
        final int suitesLength = u16(address + p);
        if (suitesLength == 0 || (suitesLength & 1) != 0)
        {
            return done(out, MALFORMED);
        }
        p += 2 + suitesLength;
        if (p + 1 > end)
        {
            return done(out, split ? NO_SNI : MALFORMED);
        }
        final int compressionLength = u8(address + p);
        if (compressionLength == 0)
        {
            return done(out, MALFORMED);
        }
        p += 1 + compressionLength;
        if (p > end)
        {
            return done(out, split ? NO_SNI : MALFORMED);
        }
        if (p == end)
        {
            return done(out, NO_SNI); // no extensions block (an SSL 3.0-style hello)
        }
        if (p + 2 > end)
        {
            return done(out, split ? NO_SNI : MALFORMED);
        }
        final int extensionsEnd = p + 2 + u16(address + p);
        if (!split && extensionsEnd != end)
        {
            return done(out, MALFORMED);
        }
        return extensions(address, p + 2, Math.min(extensionsEnd, end), split, out);
    }

    private static int extensions(final long address, final int start, final int end, final boolean split,
        final TlsClientHello out)
    {
        int p = start;
        boolean sniSeen = false;
        boolean alpnSeen = false;
        while (p < end)
        {
            if (p + 4 > end)
            {
                return done(out, split ? found(out) : MALFORMED);
            }
            final int type = u16(address + p);
            final int extLength = u16(address + p + 2);
            final int body = p + 4;
            if (body + extLength > end)
            {
                return done(out, split ? found(out) : MALFORMED);
            }
            if (type == EXT_SERVER_NAME && !sniSeen)
            {
                sniSeen = true;
                if (!serverName(address, body, body + extLength, out))
                {
                    return done(out, MALFORMED);
                }
            }
            else if (type == EXT_ALPN && !alpnSeen)
            {
                alpnSeen = true;
                if (!alpn(address, body, body + extLength, out))
                {
                    return done(out, MALFORMED);
                }
            }
            p = body + extLength;
        }
        return done(out, found(out));
    }

    private static int found(final TlsClientHello out)
    {
        return out.sniOffset >= 0 ? SNI : NO_SNI;
    }

    /** Reads a {@code server_name} extension; @return false when it contradicts itself. */
    private static boolean serverName(final long address, final int start, final int end, final TlsClientHello out)
    {
        if (start + 2 > end || start + 2 + u16(address + start) != end)
        {
            return false;
        }
        int p = start + 2;
        while (p < end)
        {
            if (p + 3 > end)
            {
                return false;
            }
            final int nameType = u8(address + p);
            final int nameLength = u16(address + p + 1);
            final int name = p + 3;
            if (name + nameLength > end)
            {
                return false;
            }
            if (nameType == 0)
            {
                if (nameLength == 0 || nameLength > 255 || !visible(address + name, nameLength))
                {
                    return false;
                }
                out.sniOffset = name;
                out.sniLength = nameLength;
                return true;
            }
            p = name + nameLength;
        }
        return true;
    }

    /** Reads an ALPN extension (a non-empty list of non-empty names); @return false when it contradicts itself. */
    private static boolean alpn(final long address, final int start, final int end, final TlsClientHello out)
    {
        if (start + 2 > end || start + 2 + u16(address + start) != end || end - start < 4)
        {
            return false;
        }
        int p = start + 2;
        while (p < end)
        {
            final int n = u8(address + p);
            if (n == 0 || p + 1 + n > end)
            {
                return false;
            }
            p += 1 + n;
        }
        out.alpnOffset = start + 2;
        out.alpnLength = end - start - 2;
        return true;
    }

    private static boolean visible(final long address, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = u8(address + i);
            if (b <= 0x20 || b >= 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private static int done(final TlsClientHello out, final int outcome)
    {
        out.outcome = outcome;
        return outcome;
    }
}
