package dev.wirespeed.pipeline.egress;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.parse.ParsedPacket;

import static dev.wirespeed.pipeline.parse.PacketBytes.u16;
import static dev.wirespeed.pipeline.parse.PacketBytes.u8;

/**
 * The rewrite a router does on a packet it forwards: copy the frame into the egress port's output buffer,
 * then decrement the IPv4 TTL and patch the header checksum incrementally (RFC 1624, equation 3:
 * {@code HC' = ~(~HC + ~m + m')}), or decrement the IPv6 hop limit (no checksum). Reads the source frame,
 * writes only the caller-owned destination; allocates nothing.
 *
 * <p>A packet whose TTL/hop limit is 0 or 1 is not forwarded ({@link #TTL_EXPIRED}, drop reason
 * {@code ttl-expired}); generating the ICMP time-exceeded error is the control plane's business.
 */
public final class IpRewrite
{
    private static final OffHeap U = OffHeap.MEMORY;

    /** Result: TTL or hop limit would reach 0; drop with reason {@code ttl-expired}. */
    public static final int TTL_EXPIRED = -1;
    /** Result: the output buffer is smaller than the frame; drop with reason {@code no-buffer-space}. */
    public static final int NO_BUFFER_SPACE = -2;
    /** Result: the frame is not an IPv4/IPv6 packet with a complete IP header. */
    public static final int NOT_IP = -3;

    private IpRewrite()
    {
    }

    /**
     * Copies and rewrites a parsed packet ({@code p.ipVersion} 4 or 6, {@code p.l3Offset} set).
     *
     * @param src         native address of the received frame.
     * @param p           the packet's parse result (its captured length is copied).
     * @param dst         native address of the output buffer.
     * @param dstCapacity bytes available at {@code dst}.
     * @return bytes written, or {@link #TTL_EXPIRED}, {@link #NO_BUFFER_SPACE}, {@link #NOT_IP}.
     */
    public static int rewrite(final long src, final ParsedPacket p, final long dst, final int dstCapacity)
    {
        if (p.ipVersion == 4 && p.ipHeaderLength >= 20)
        {
            return ipv4(src, p.capturedLength, p.l3Offset, dst, dstCapacity);
        }
        if (p.ipVersion == 6 && p.ipHeaderLength == 40)
        {
            return ipv6(src, p.capturedLength, p.l3Offset, dst, dstCapacity);
        }
        return NOT_IP;
    }

    /**
     * @param src         native address of the frame.
     * @param length      frame bytes to copy.
     * @param l3Offset    offset of the IPv4 header (its 20 fixed bytes must lie inside {@code length}).
     * @param dst         output buffer address.
     * @param dstCapacity output buffer size.
     * @return bytes written or a negative result code.
     */
    public static int ipv4(final long src, final int length, final int l3Offset, final long dst, final int dstCapacity)
    {
        if (l3Offset < 0 || l3Offset + 20 > length)
        {
            return NOT_IP;
        }
        final int ttl = u8(src + l3Offset + 8);
        if (ttl <= 1)
        {
            return TTL_EXPIRED;
        }
        if (length > dstCapacity)
        {
            return NO_BUFFER_SPACE;
        }
        U.copyMemory(src, dst, length);
        final long ip = dst + l3Offset;
        final int oldWord = u16(ip + 8); // TTL << 8 | protocol
        final int newWord = oldWord - 0x0100;
        final int checksum = incrementalChecksum(u16(ip + 10), oldWord, newWord);
        U.putByte(ip + 8, (byte)(ttl - 1));
        U.putByte(ip + 10, (byte)(checksum >>> 8));
        U.putByte(ip + 11, (byte)checksum);
        return length;
    }

    /**
     * @param src         native address of the frame.
     * @param length      frame bytes to copy.
     * @param l3Offset    offset of the IPv6 header (its 40 bytes must lie inside {@code length}).
     * @param dst         output buffer address.
     * @param dstCapacity output buffer size.
     * @return bytes written or a negative result code.
     */
    public static int ipv6(final long src, final int length, final int l3Offset, final long dst, final int dstCapacity)
    {
        if (l3Offset < 0 || l3Offset + 40 > length)
        {
            return NOT_IP;
        }
        final int hopLimit = u8(src + l3Offset + 7);
        if (hopLimit <= 1)
        {
            return TTL_EXPIRED;
        }
        if (length > dstCapacity)
        {
            return NO_BUFFER_SPACE;
        }
        U.copyMemory(src, dst, length);
        U.putByte(dst + l3Offset + 7, (byte)(hopLimit - 1));
        return length;
    }

    /**
     * RFC 1624 equation 3: the new checksum after one 16-bit word of the header changed.
     *
     * @param checksum old header checksum.
     * @param oldWord  old value of the changed word.
     * @param newWord  new value of the changed word.
     * @return new checksum.
     */
    public static int incrementalChecksum(final int checksum, final int oldWord, final int newWord)
    {
        int sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    /**
     * The reference: full IPv4 header checksum (RFC 791/1071) of a header, its checksum field counted as 0.
     *
     * @param header       native address of the IPv4 header.
     * @param headerLength IHL × 4.
     * @return the checksum the header should carry.
     */
    public static int ipv4HeaderChecksum(final long header, final int headerLength)
    {
        int sum = 0;
        for (int i = 0; i < headerLength; i += 2)
        {
            if (i != 10)
            {
                sum += u16(header + i);
            }
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }
}
