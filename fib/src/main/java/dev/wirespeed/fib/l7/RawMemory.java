package dev.wirespeed.fib.l7;

import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * Raw native reads for the L7 flyweights, the idiom the L3 tables use: each flyweight takes the absolute
 * address of its section once ({@code store.addressForRead(offset)}) and reads it through {@link Unsafe}.
 * Chronicle's {@code BytesStore.readInt} goes through an interface call, a virtual {@code translate} and a
 * field load per read, which the JIT does not always flatten; a lookup makes dozens of reads. Chronicle
 * does not bounds-check native reads either: the compiler builds every index a lookup forms inside its
 * section, and the image stays mapped while a lookup holds it.
 */
final class RawMemory
{
    static final Unsafe U;

    static
    {
        try
        {
            final Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (Unsafe)f.get(null);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private RawMemory()
    {
    }
}
