package dev.wirespeed.fib;

import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * The one way Wirespeed reads and writes off-heap memory by address: FIB table sections, packet bytes,
 * capture windows, scratch arenas. Every class that touches native memory by address holds the one instance
 * in a constant and calls it as it would {@code Unsafe}:
 *
 * <pre>
 *     private static final OffHeap U = OffHeap.MEMORY;
 *     ...
 *     final int word = U.getInt(tbl24 + ((long)(address &gt;&gt;&gt; 8) &lt;&lt; 2));
 * </pre>
 *
 * <p>Why this shape: it is the JDK's own idiom ({@code private static final Unsafe U}), the constant folds and
 * the final class's methods inline to the single {@code mov} of the intrinsic, so a lookup loop costs what it
 * did through {@code Unsafe} (measured in docs/performance.md, "One off-heap idiom"). The methods keep
 * {@code Unsafe}'s names and argument shapes, so the table code reads as before.
 *
 * <p>Why this backing: {@code sun.misc.Unsafe} (module {@code jdk.unsupported}), taken once here. It is the one
 * raw-memory API of JDK 17 that needs no JVM flag, and the library promises that loading, compiling and
 * {@code Engine.route} (FIB lookups) work without flags (docs/embedding.md, {@code EmbeddingExampleTest}); Agrona's
 * {@code UnsafeApi} reads through {@code jdk.internal.misc.Unsafe} and fails with {@code IllegalAccessError}
 * unless {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} is given. Both compile to the same
 * intrinsics, so the choice costs nothing on the hot path (docs/performance.md). On JDK 23+ the launcher adds
 * {@code --sun-misc-unsafe-memory-access=allow} ({@code JvmFlags}); when the project moves to a JDK with the
 * foreign-memory API, this class is the one place to change.
 *
 * <p>Who owns the memory: not this class. Chronicle Bytes allocates and maps the FIB image and releases it;
 * Agrona and the JDK allocate buffers. This class only reads and writes addresses inside a region its caller
 * holds. There are no bounds checks: each caller validates its indices against its region once (the FIB
 * tables at build and load time, the capture reader against the bytes it has read). Agrona's
 * {@code UnsafeBuffer}/{@code AtomicBuffer} stay the flyweight for the descriptor ring slots and counters, where
 * ordered and volatile accesses are part of the contract (docs/architecture.md, "Off-heap memory").
 *
 * <p>The build's style gate (config/checkstyle.xml) refuses {@code sun.misc.Unsafe}, {@code jdk.internal.misc},
 * {@code UnsafeApi} and Chronicle's raw {@code OS.memory()} anywhere but here.
 */
public final class OffHeap
{
    /** The one instance; hold it in a {@code private static final} field. */
    public static final OffHeap MEMORY = new OffHeap();

    private static final Unsafe UNSAFE;

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

    /** Offset of element 0 of a {@code byte[]}, for the copies and reads that take an array and an offset. */
    public static final long ARRAY_BYTE_BASE_OFFSET = Unsafe.ARRAY_BYTE_BASE_OFFSET;

    /** Offset of element 0 of an {@code int[]} (the Poptrie's route words). */
    public static final long ARRAY_INT_BASE_OFFSET = Unsafe.ARRAY_INT_BASE_OFFSET;

    /** Offset of element 0 of a {@code long[]} (the Poptrie's node blocks). */
    public static final long ARRAY_LONG_BASE_OFFSET = Unsafe.ARRAY_LONG_BASE_OFFSET;

    private OffHeap()
    {
    }

    /**
     * @param address native address.
     * @return the byte there.
     */
    public byte getByte(final long address)
    {
        return UNSAFE.getByte(address);
    }

    /**
     * @param address native address.
     * @return the short there, in native byte order.
     */
    public short getShort(final long address)
    {
        return UNSAFE.getShort(address);
    }

    /**
     * @param address native address.
     * @return the int there, in native byte order.
     */
    public int getInt(final long address)
    {
        return UNSAFE.getInt(address);
    }

    /**
     * @param address native address.
     * @return the long there, in native byte order.
     */
    public long getLong(final long address)
    {
        return UNSAFE.getLong(address);
    }

    /**
     * @param array  a heap array ({@code byte[]}), or null for an absolute address.
     * @param offset {@link #ARRAY_BYTE_BASE_OFFSET} plus the index, or the address.
     * @return the byte there.
     */
    public byte getByte(final Object array, final long offset)
    {
        return UNSAFE.getByte(array, offset);
    }

    /**
     * @param array  a heap array ({@code byte[]}), or null for an absolute address.
     * @param offset {@link #ARRAY_BYTE_BASE_OFFSET} plus the index, or the address.
     * @return the long there, in native byte order.
     */
    public long getLong(final Object array, final long offset)
    {
        return UNSAFE.getLong(array, offset);
    }

    /**
     * @param array  a heap array, or null for an absolute address.
     * @param offset the array's base offset plus the byte index, or the address.
     * @return the short there, in native byte order.
     */
    public short getShort(final Object array, final long offset)
    {
        return UNSAFE.getShort(array, offset);
    }

    /**
     * @param array  a heap array, or null for an absolute address.
     * @param offset the array's base offset plus the byte index, or the address.
     * @return the int there, in native byte order.
     */
    public int getInt(final Object array, final long offset)
    {
        return UNSAFE.getInt(array, offset);
    }

    /**
     * @param array  a heap array, or null for an absolute address.
     * @param offset the array's base offset plus the byte index, or the address.
     * @param value  written there, in native byte order.
     */
    public void putShort(final Object array, final long offset, final short value)
    {
        UNSAFE.putShort(array, offset, value);
    }

    /**
     * @param array  a heap array, or null for an absolute address.
     * @param offset the array's base offset plus the byte index, or the address.
     * @param value  written there, in native byte order.
     */
    public void putInt(final Object array, final long offset, final int value)
    {
        UNSAFE.putInt(array, offset, value);
    }

    /**
     * @param array  a heap array, or null for an absolute address.
     * @param offset the array's base offset plus the byte index, or the address.
     * @param value  written there, in native byte order.
     */
    public void putLong(final Object array, final long offset, final long value)
    {
        UNSAFE.putLong(array, offset, value);
    }

    /**
     * @param address native address.
     * @param value   written there.
     */
    public void putByte(final long address, final byte value)
    {
        UNSAFE.putByte(address, value);
    }

    /**
     * @param address native address.
     * @param value   written there, in native byte order.
     */
    public void putShort(final long address, final short value)
    {
        UNSAFE.putShort(address, value);
    }

    /**
     * @param address native address.
     * @param value   written there, in native byte order.
     */
    public void putInt(final long address, final int value)
    {
        UNSAFE.putInt(address, value);
    }

    /**
     * @param address native address.
     * @param value   written there, in native byte order.
     */
    public void putLong(final long address, final long value)
    {
        UNSAFE.putLong(address, value);
    }

    /**
     * Copies between native addresses ({@code memmove} semantics for overlapping ranges).
     *
     * @param from   source address.
     * @param to     destination address.
     * @param length bytes.
     */
    public void copyMemory(final long from, final long to, final long length)
    {
        UNSAFE.copyMemory(from, to, length);
    }

    /**
     * Copies between a heap array and native memory, either way (null array = absolute address).
     *
     * @param fromArray  source array, or null.
     * @param fromOffset {@link #ARRAY_BYTE_BASE_OFFSET} plus the index, or the source address.
     * @param toArray    destination array, or null.
     * @param toOffset   {@link #ARRAY_BYTE_BASE_OFFSET} plus the index, or the destination address.
     * @param length     bytes.
     */
    public void copyMemory(
        final Object fromArray, final long fromOffset, final Object toArray, final long toOffset, final long length)
    {
        UNSAFE.copyMemory(fromArray, fromOffset, toArray, toOffset, length);
    }

    /**
     * Fills native memory ({@code memset}).
     *
     * @param address first byte.
     * @param length  bytes.
     * @param value   the byte written.
     */
    public void setMemory(final long address, final long length, final byte value)
    {
        UNSAFE.setMemory(address, length, value);
    }
}
