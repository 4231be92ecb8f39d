package dev.wirespeed.pipeline.parse;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's own HPACK encoder and decoder ({@code java.net.http}, package {@code jdk.internal.net.http.hpack}),
 * reached by reflection (the package is exported to the tests by the Surefire argLine): an independent,
 * well-kept implementation the decoder is held against.
 */
final class JdkHpack
{
    private static final String PACKAGE = "jdk.internal.net.http.hpack.";
    private final Object encoder;
    private final Object decoder;
    private final Method header;
    private final Method encode;
    private final Method setMaxCapacity;
    private final Method decode;
    private final Class<?> callback;

    JdkHpack(final int capacity)
    {
        try
        {
            final Class<?> e = Class.forName(PACKAGE + "Encoder");
            final Class<?> d = Class.forName(PACKAGE + "Decoder");
            callback = Class.forName(PACKAGE + "DecodingCallback");
            final Constructor<?> ec = e.getConstructor(int.class);
            encoder = ec.newInstance(capacity);
            decoder = d.getConstructor(int.class).newInstance(capacity);
            header = e.getMethod("header", CharSequence.class, CharSequence.class, boolean.class);
            encode = e.getMethod("encode", ByteBuffer.class);
            setMaxCapacity = e.getMethod("setMaxCapacity", int.class);
            decode = d.getMethod("decode", ByteBuffer.class, boolean.class, callback);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("the JDK's HPACK classes are not reachable", ex);
        }
    }

    /** Encodes a header list into one block. */
    byte[] encode(final List<String[]> fields, final boolean sensitive)
    {
        try
        {
            final ByteBuffer out = ByteBuffer.allocate(1 << 16);
            for (final String[] f : fields)
            {
                header.invoke(encoder, f[0], f[1], sensitive && f[0].startsWith("x-"));
                while (!(boolean)encode.invoke(encoder, out))
                {
                    throw new IllegalStateException("header block over 64 KiB");
                }
            }
            out.flip();
            final byte[] b = new byte[out.remaining()];
            out.get(b);
            return b;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Makes the encoder emit a dynamic table size update with its next block. */
    void setMaxCapacity(final int capacity)
    {
        try
        {
            setMaxCapacity.invoke(encoder, capacity);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Decodes one block with the JDK's decoder. */
    List<String[]> decode(final byte[] block)
    {
        final List<String[]> fields = new ArrayList<>();
        final Object sink = Proxy.newProxyInstance(callback.getClassLoader(), new Class<?>[] {callback},
            (proxy, method, args) ->
            {
                if (method.getName().equals("onDecoded") && args.length == 2)
                {
                    fields.add(new String[] {args[0].toString(), args[1].toString()});
                    return null;
                }
                return method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
            });
        try
        {
            decode.invoke(decoder, ByteBuffer.wrap(block), true, sink);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
        return fields;
    }
}
