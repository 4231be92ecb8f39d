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
     * The first line feed in {@code [address + from, address + end)}, eight bytes a step (SWAR: a word's bytes
     * XOR {@code '\n'} are zero where a line feed is; {@code (x - 0x01..01) & ~x & 0x80..80} marks the lowest such
     * byte exactly, false marks only above it). Header lines of 20–100 bytes are scanned by every request head
     * this way, once by the forwarder's sniffer and once by a header lookup: a byte loop was the sniffer's cost.
     *
     * @param address native address of the bytes (readable from {@code from} to {@code end}).
     * @param from    first offset looked at.
     * @param end     offset past the last one.
     * @return the offset of the first {@code '\n'}, or {@code end} when there is none.
     */
    public static int indexOfLineFeed(final long address, final int from, final int end)
    {
        int i = from;
        while (i + 8 <= end)
        {
            final long x = U.getLong(address + i) ^ 0x0A0A_0A0A_0A0A_0A0AL;
            final long found = (x - 0x0101_0101_0101_0101L) & ~x & 0x8080_8080_8080_8080L;
            if (found != 0)
            {
                return i + ((NATIVE_BIG_ENDIAN ? Long.numberOfLeadingZeros(found) : Long.numberOfTrailingZeros(found))
                    >>> 3);
            }
            i += 8;
        }
        while (i < end && U.getByte(address + i) != '\n')
        {
            i++;
        }
        return i;
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
