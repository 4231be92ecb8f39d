package dev.wirespeed.pipeline.parse;

import dev.wirespeed.fib.OffHeap;

import java.nio.ByteOrder;

/**
 * Unchecked big-endian (network order) reads of packet bytes at a native address.
 *
 * <p>The hot loops read packet headers straight through {@link OffHeap} rather than a bounds-checked
 * buffer: the parser proves every read lies inside {@code [address, address + capturedLength)} before it
 * makes it, so a second check per read would only cost time (measured: bounds checks cost 20–40%).
 */
public final class PacketBytes
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private PacketBytes()
    {
    }

    /**
     * @param address native address.
     * @return the unsigned byte there.
     */
    public static int u8(final long address)
    {
        return U.getByte(address) & 0xFF;
    }

    /**
     * @param address native address.
     * @return the unsigned big-endian 16-bit value there.
     */
    public static int u16(final long address)
    {
        final short v = U.getShort(address);
        return (NATIVE_BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFF;
    }

    /**
     * @param address native address.
     * @return the big-endian 32-bit value there.
     */
    public static int i32(final long address)
    {
        final int v = U.getInt(address);
        return NATIVE_BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /**
     * @param address native address.
     * @return the big-endian 64-bit value there.
     */
    public static long i64(final long address)
    {
        final long v = U.getLong(address);
        return NATIVE_BIG_ENDIAN ? v : Long.reverseBytes(v);
    }

    /**
     * @param address native address.
     * @return the little-endian 32-bit value there.
     */
    public static int i32le(final long address)
    {
        final int v = U.getInt(address);
        return NATIVE_BIG_ENDIAN ? Integer.reverseBytes(v) : v;
    }
}
