package dev.wirespeed.pipeline.parse;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The plain reference for {@link TlsClientHelloParser}: the same contract over a {@code byte[]}, written as the
 * RFC's structures read, each vector a bounds-checked {@link ByteBuffer} slice; a read past a slice's end
 * throws, and the catch decides the outcome. Used by the differential tests, never on the forwarding path.
 */
public final class ReferenceTlsClientHelloParser
{
    /** Thrown when a structure contradicts the TLS grammar. */
    private static final class Bad extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Bad()
        {
            super(null, null, false, false);
        }
    }

    private ReferenceTlsClientHelloParser()
    {
    }

    /**
     * @param bytes  the start of the TCP stream.
     * @param length bytes of it available.
     * @param out    filled in; reset first.
     * @return the {@code TlsClientHelloParser} outcome.
     */
    public static int parse(final byte[] bytes, final int length, final TlsClientHello out)
    {
        out.reset();
        final ByteBuffer stream = ByteBuffer.wrap(bytes, 0, length).slice();
        if (length < 1 || stream.get(0) != 22)
        {
            return out.outcome = TlsClientHelloParser.NOT_TLS;
        }
        if (length >= 2 && stream.get(1) != 3)
        {
            return out.outcome = TlsClientHelloParser.NOT_TLS;
        }
        if (length < 5)
        {
            return out.outcome = TlsClientHelloParser.INCOMPLETE;
        }
        final int recordLength = stream.getShort(3) & 0xFFFF;
        if (recordLength < 4 || recordLength > TlsClientHelloParser.MAX_RECORD_LENGTH)
        {
            return out.outcome = TlsClientHelloParser.MALFORMED;
        }
        out.recordLength = 5 + recordLength;
        if (length < 5 + recordLength)
        {
            return out.outcome = TlsClientHelloParser.INCOMPLETE;
        }
        final ByteBuffer record = slice(stream, 5, recordLength);
        if (record.get() != 1)
        {
            return out.outcome = TlsClientHelloParser.MALFORMED;
        }
        final int helloLength = ((record.get() & 0xFF) << 16) | (record.getShort() & 0xFFFF);
        final boolean split = helloLength > record.remaining();
        final ByteBuffer hello = slice(record, record.position(), split ? record.remaining() : helloLength);
        try
        {
            return out.outcome = clientHello(hello, split, out);
        }
        catch (final BufferUnderflowException | IndexOutOfBoundsException e)
        {
            return out.outcome = !split ? TlsClientHelloParser.MALFORMED
                : out.sniOffset >= 0 ? TlsClientHelloParser.SNI : TlsClientHelloParser.NO_SNI;
        }
        catch (final Bad e)
        {
            return out.outcome = TlsClientHelloParser.MALFORMED;
        }
    }

    private static int clientHello(final ByteBuffer hello, final boolean split, final TlsClientHello out)
    {
        skip(hello, 2 + 32);
        final int sessionId = hello.get() & 0xFF;
        check(sessionId <= 32);
        skip(hello, sessionId);
        final int suites = hello.getShort() & 0xFFFF;
        check(suites > 0 && suites % 2 == 0);
        skip(hello, suites);
        final int compression = hello.get() & 0xFF;
        check(compression > 0);
        skip(hello, compression);
        if (!hello.hasRemaining())
        {
            return TlsClientHelloParser.NO_SNI;
        }
        final int extensionsLength = hello.getShort() & 0xFFFF;
        if (!split)
        {
            check(extensionsLength == hello.remaining());
        }
        final ByteBuffer extensions = slice(hello, hello.position(), Math.min(extensionsLength, hello.remaining()));
        boolean sniSeen = false;
        boolean alpnSeen = false;
        while (extensions.hasRemaining())
        {
            final int type = extensions.getShort() & 0xFFFF;
            final int length = extensions.getShort() & 0xFFFF;
            final ByteBuffer body = slice(extensions, extensions.position(), length);
            skip(extensions, length);
            if (type == 0 && !sniSeen)
            {
                sniSeen = true;
                serverNameList(body, out);
            }
            else if (type == 16 && !alpnSeen)
            {
                alpnSeen = true;
                protocolNameList(body, out);
            }
        }
        return out.sniOffset >= 0 ? TlsClientHelloParser.SNI : TlsClientHelloParser.NO_SNI;
    }

    private static void serverNameList(final ByteBuffer body, final TlsClientHello out)
    {
        try
        {
            final int listLength = body.getShort() & 0xFFFF;
            check(listLength == body.remaining());
            while (body.hasRemaining())
            {
                final int type = body.get() & 0xFF;
                final int length = body.getShort() & 0xFFFF;
                final int at = body.position();
                skip(body, length);
                if (type == 0)
                {
                    check(length >= 1 && length <= 255);
                    for (int i = 0; i < length; i++)
                    {
                        final int b = body.get(at + i) & 0xFF;
                        check(b > 0x20 && b < 0x7F);
                    }
                    out.sniOffset = body.arrayOffset() + at;
                    out.sniLength = length;
                    return;
                }
            }
        }
        catch (final BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e)
        {
            throw new Bad(); // the extension itself was whole: its insides are wrong
        }
    }

    /** RFC 7301: {@code ProtocolName protocol_name_list<2..2^16-1>}, each {@code opaque ProtocolName<1..2^8-1>}. */
    private static void protocolNameList(final ByteBuffer body, final TlsClientHello out)
    {
        try
        {
            final int listLength = body.getShort() & 0xFFFF;
            check(listLength == body.remaining() && listLength >= 2);
            final int at = body.position();
            while (body.hasRemaining())
            {
                final int length = body.get() & 0xFF;
                check(length >= 1);
                skip(body, length);
            }
            out.alpnOffset = body.arrayOffset() + at;
            out.alpnLength = listLength;
        }
        catch (final BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e)
        {
            throw new Bad();
        }
    }

    private static ByteBuffer slice(final ByteBuffer b, final int at, final int length)
    {
        if (at + length > b.limit())
        {
            throw new BufferUnderflowException();
        }
        return ByteBuffer.wrap(b.array(), b.arrayOffset() + at, length).slice();
    }

    private static void skip(final ByteBuffer b, final int n)
    {
        if (n > b.remaining())
        {
            throw new BufferUnderflowException();
        }
        b.position(b.position() + n);
    }

    private static void check(final boolean condition)
    {
        if (!condition)
        {
            throw new Bad();
        }
    }
}
