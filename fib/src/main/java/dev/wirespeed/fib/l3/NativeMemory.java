package dev.wirespeed.fib.l3;

import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * Raw native reads for the hottest lookup loops.
 *
 * <p>The LPM tables read their section through the absolute address of the image region
 * ({@code store.addressForRead(offset)}) and {@link Unsafe}: Chronicle's {@code BytesStore.readInt} goes
 * through several virtual layers that the JIT does not always flatten in a batched loop, and the
 * tables validate their own indices at build time (every index a lookup can form is inside the
 * section by construction), so no bounds check is needed per read.
 */
final class NativeMemory
{
    static final Unsafe UNSAFE;

    static
    {
        try
        {
            final Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (Unsafe)f.get(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private NativeMemory()
    {
    }
}
