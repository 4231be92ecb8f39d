package dev.wirespeed.pipeline.descriptor;

import org.agrona.MutableDirectBuffer;

/**
 * Layout and flyweight of an ingress slot: one parsed packet, or one request whose bytes live in an arena
 * owned by the reader.
 *
 * <pre>
 *   0                   4                   8                  12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   |             record index (long)       |            timestamp ns (long)        |   0
 *   +-------------------+-------------------+-------------------+-------------------+
 *   |      capture record address (long)    |  request ref: arena offset/index(long)|  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | captured length   | original length   | flow hash         | request length    |  32
 *   +----+----+----+----+-------------------+-------------------+---------+---------+
 *   |kind|ipv |prot|ttl | status (reason)   | link type         | src port| dst port|  48
 *   +----+----+----+----+-------------------+-------------------+---------+---------+
 *   | l3 offset         | l4 offset         | payload offset    | payload length    |  64
 *   +-------------------+-------------------+-------------------+-------------------+
 *   |                     source address (16 bytes; IPv4 in the first 4)           |  80
 *   +-------------------+-------------------+-------------------+-------------------+
 *   |                   destination address (16 bytes; IPv4 in the first 4)        |  96
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | ingress port      |pkt flags|IP hdr len|            user long                  | 112
 *   +-------------------+-------------------+-------------------+-------------------+ 128
 * </pre>
 *
 * <p>Multi-byte fields are in native byte order except the addresses, which keep network byte order (as on
 * the wire), so {@code srcAddressIpv4()} returns the big-endian int a.b.c.d = a&lt;&lt;24|b&lt;&lt;16|c&lt;&lt;8|d.
 * Ports are unsigned 16-bit. {@code status} is 0 ({@link ReasonTable#NONE}) for a forwardable record, or
 * the reason code ingress found it unforwardable for ({@code malformed}, {@code truncated}, ...): the
 * agent drops such a record with that reason without calling the forwarder.
 *
 * <p>{@code packet flags} (16 bits) holds {@link #FLAG_ARP} and {@link #FLAG_PORTS}; {@code IP hdr len} (16
 * bits) the IP header length in bytes (IPv4 IHL x 4, 40 for IPv6, 0 when not IP).
 *
 * <p>One flyweight is re-pointed at each slot with {@link #wrap}; nothing is allocated per record.
 */
public final class PacketDescriptor
{
    /** Bytes per slot. */
    public static final int LENGTH = 128;

    public static final int RECORD_INDEX_OFFSET = 0;
    public static final int TIMESTAMP_NS_OFFSET = 8;
    public static final int CAPTURE_ADDRESS_OFFSET = 16;
    public static final int REQUEST_REF_OFFSET = 24;
    public static final int CAPTURED_LENGTH_OFFSET = 32;
    public static final int ORIGINAL_LENGTH_OFFSET = 36;
    public static final int FLOW_HASH_OFFSET = 40;
    public static final int REQUEST_LENGTH_OFFSET = 44;
    public static final int KIND_OFFSET = 48;
    public static final int IP_VERSION_OFFSET = 49;
    public static final int PROTOCOL_OFFSET = 50;
    public static final int TTL_OFFSET = 51;
    public static final int STATUS_OFFSET = 52;
    public static final int LINK_TYPE_OFFSET = 56;
    public static final int SRC_PORT_OFFSET = 60;
    public static final int DST_PORT_OFFSET = 62;
    public static final int L3_OFFSET_OFFSET = 64;
    public static final int L4_OFFSET_OFFSET = 68;
    public static final int PAYLOAD_OFFSET_OFFSET = 72;
    public static final int PAYLOAD_LENGTH_OFFSET = 76;
    public static final int SRC_ADDRESS_OFFSET = 80;
    public static final int DST_ADDRESS_OFFSET = 96;
    public static final int ADDRESS_LENGTH = 16;
    public static final int INGRESS_PORT_OFFSET = 112;
    public static final int PACKET_FLAGS_OFFSET = 116;
    public static final int IP_HEADER_LENGTH_OFFSET = 118;
    public static final int USER_LONG_OFFSET = 120;

    /** Packet flags bit: an ARP frame (punted). */
    public static final int FLAG_ARP = 1;
    /** Packet flags bit: the ports come from a TCP/UDP/SCTP header of an unfragmented packet. */
    public static final int FLAG_PORTS = 2;
    /** Packet flags bit: the frame came out of a VXLAN tunnel (the fields describe the inner frame). */
    public static final int FLAG_VXLAN = 4;
    /** Packet flags bit: the frame came out of a GENEVE tunnel. */
    public static final int FLAG_GENEVE = 8;

    /** Slot not filled. */
    public static final byte KIND_NONE = 0;
    /** A parsed packet: the capture fields and the L3/L4 fields are set. */
    public static final byte KIND_PACKET = 1;
    /** An HTTP request: request ref/length point into the reader's request arena. */
    public static final byte KIND_HTTP_REQUEST = 2;
    /** A TCP (L4) request: request ref/length point into the reader's request arena. */
    public static final byte KIND_TCP_REQUEST = 3;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points this flyweight at a slot.
     *
     * @param buffer the ring's buffer.
     * @param offset the slot's offset.
     * @return this.
     */
    public PacketDescriptor wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the buffer this flyweight reads. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the slot offset this flyweight reads. */
    public int offset()
    {
        return offset;
    }

    /**
     * Zeroes the slot (kind {@link #KIND_NONE}, status ok, every field 0).
     *
     * @return this.
     */
    public PacketDescriptor clear()
    {
        buffer.setMemory(offset, LENGTH, (byte)0);
        return this;
    }

    public long recordIndex()
    {
        return buffer.getLong(offset + RECORD_INDEX_OFFSET);
    }

    public PacketDescriptor recordIndex(final long value)
    {
        buffer.putLong(offset + RECORD_INDEX_OFFSET, value);
        return this;
    }

    public long timestampNs()
    {
        return buffer.getLong(offset + TIMESTAMP_NS_OFFSET);
    }

    public PacketDescriptor timestampNs(final long value)
    {
        buffer.putLong(offset + TIMESTAMP_NS_OFFSET, value);
        return this;
    }

    /** @return native address of the capture record's first byte (owned by the reader), 0 if none. */
    public long captureAddress()
    {
        return buffer.getLong(offset + CAPTURE_ADDRESS_OFFSET);
    }

    public PacketDescriptor captureAddress(final long value)
    {
        buffer.putLong(offset + CAPTURE_ADDRESS_OFFSET, value);
        return this;
    }

    /** @return for requests, an offset or index into the reader's request arena (the embedding code defines which). */
    public long requestRef()
    {
        return buffer.getLong(offset + REQUEST_REF_OFFSET);
    }

    public PacketDescriptor requestRef(final long value)
    {
        buffer.putLong(offset + REQUEST_REF_OFFSET, value);
        return this;
    }

    public int capturedLength()
    {
        return buffer.getInt(offset + CAPTURED_LENGTH_OFFSET);
    }

    public PacketDescriptor capturedLength(final int value)
    {
        buffer.putInt(offset + CAPTURED_LENGTH_OFFSET, value);
        return this;
    }

    public int originalLength()
    {
        return buffer.getInt(offset + ORIGINAL_LENGTH_OFFSET);
    }

    public PacketDescriptor originalLength(final int value)
    {
        buffer.putInt(offset + ORIGINAL_LENGTH_OFFSET, value);
        return this;
    }

    /** @return symmetric 5-tuple flow hash: the same for both directions of a flow; chooses the worker. */
    public int flowHash()
    {
        return buffer.getInt(offset + FLOW_HASH_OFFSET);
    }

    public PacketDescriptor flowHash(final int value)
    {
        buffer.putInt(offset + FLOW_HASH_OFFSET, value);
        return this;
    }

    public int requestLength()
    {
        return buffer.getInt(offset + REQUEST_LENGTH_OFFSET);
    }

    public PacketDescriptor requestLength(final int value)
    {
        buffer.putInt(offset + REQUEST_LENGTH_OFFSET, value);
        return this;
    }

    /** @return one of the {@code KIND_*} constants. */
    public byte kind()
    {
        return buffer.getByte(offset + KIND_OFFSET);
    }

    public PacketDescriptor kind(final byte value)
    {
        buffer.putByte(offset + KIND_OFFSET, value);
        return this;
    }

    /** @return 4, 6, or 0 when not IP. */
    public int ipVersion()
    {
        return buffer.getByte(offset + IP_VERSION_OFFSET);
    }

    public PacketDescriptor ipVersion(final int value)
    {
        buffer.putByte(offset + IP_VERSION_OFFSET, (byte)value);
        return this;
    }

    /** @return IP protocol number (6 TCP, 17 UDP, ...), unsigned. */
    public int protocol()
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    public PacketDescriptor protocol(final int value)
    {
        buffer.putByte(offset + PROTOCOL_OFFSET, (byte)value);
        return this;
    }

    /** @return TTL / hop limit, unsigned. */
    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    public PacketDescriptor ttl(final int value)
    {
        buffer.putByte(offset + TTL_OFFSET, (byte)value);
        return this;
    }

    /** @return 0 when forwardable, else the reason code ingress set. */
    public int status()
    {
        return buffer.getInt(offset + STATUS_OFFSET);
    }

    public PacketDescriptor status(final int value)
    {
        buffer.putInt(offset + STATUS_OFFSET, value);
        return this;
    }

    /** @return the capture's link type (pcap LINKTYPE_*). */
    public int linkType()
    {
        return buffer.getInt(offset + LINK_TYPE_OFFSET);
    }

    public PacketDescriptor linkType(final int value)
    {
        buffer.putInt(offset + LINK_TYPE_OFFSET, value);
        return this;
    }

    public int srcPort()
    {
        return buffer.getShort(offset + SRC_PORT_OFFSET) & 0xFFFF;
    }

    public PacketDescriptor srcPort(final int value)
    {
        buffer.putShort(offset + SRC_PORT_OFFSET, (short)value);
        return this;
    }

    public int dstPort()
    {
        return buffer.getShort(offset + DST_PORT_OFFSET) & 0xFFFF;
    }

    public PacketDescriptor dstPort(final int value)
    {
        buffer.putShort(offset + DST_PORT_OFFSET, (short)value);
        return this;
    }

    /** @return offset of the L3 header from the capture record's first byte. */
    public int l3Offset()
    {
        return buffer.getInt(offset + L3_OFFSET_OFFSET);
    }

    public PacketDescriptor l3Offset(final int value)
    {
        buffer.putInt(offset + L3_OFFSET_OFFSET, value);
        return this;
    }

    /** @return offset of the L4 header from the capture record's first byte. */
    public int l4Offset()
    {
        return buffer.getInt(offset + L4_OFFSET_OFFSET);
    }

    public PacketDescriptor l4Offset(final int value)
    {
        buffer.putInt(offset + L4_OFFSET_OFFSET, value);
        return this;
    }

    /** @return offset of the L4 payload from the capture record's first byte. */
    public int payloadOffset()
    {
        return buffer.getInt(offset + PAYLOAD_OFFSET_OFFSET);
    }

    public PacketDescriptor payloadOffset(final int value)
    {
        buffer.putInt(offset + PAYLOAD_OFFSET_OFFSET, value);
        return this;
    }

    public int payloadLength()
    {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET);
    }

    public PacketDescriptor payloadLength(final int value)
    {
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, value);
        return this;
    }

    /** @return the IPv4 source address as a big-endian int (a.b.c.d = a&lt;&lt;24 | ... | d). */
    public int srcAddressIpv4()
    {
        return buffer.getInt(offset + SRC_ADDRESS_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
    }

    /**
     * Sets an IPv4 source address (first 4 bytes, network order) and zeroes the other 12.
     *
     * @param value a.b.c.d as a&lt;&lt;24 | b&lt;&lt;16 | c&lt;&lt;8 | d.
     * @return this.
     */
    public PacketDescriptor srcAddressIpv4(final int value)
    {
        putIpv4(SRC_ADDRESS_OFFSET, value);
        return this;
    }

    public int dstAddressIpv4()
    {
        return buffer.getInt(offset + DST_ADDRESS_OFFSET, java.nio.ByteOrder.BIG_ENDIAN);
    }

    public PacketDescriptor dstAddressIpv4(final int value)
    {
        putIpv4(DST_ADDRESS_OFFSET, value);
        return this;
    }

    /**
     * Reads 8 bytes of the source address as a big-endian long (IPv6 high half: {@code part} 0, low: 1).
     *
     * @param part 0 or 1.
     * @return the half.
     */
    public long srcAddressPart(final int part)
    {
        return buffer.getLong(offset + SRC_ADDRESS_OFFSET + (part << 3), java.nio.ByteOrder.BIG_ENDIAN);
    }

    public long dstAddressPart(final int part)
    {
        return buffer.getLong(offset + DST_ADDRESS_OFFSET + (part << 3), java.nio.ByteOrder.BIG_ENDIAN);
    }

    /**
     * Sets the 16-byte source address from two big-endian halves.
     *
     * @param high bytes 0..7.
     * @param low  bytes 8..15.
     * @return this.
     */
    public PacketDescriptor srcAddressIpv6(final long high, final long low)
    {
        buffer.putLong(offset + SRC_ADDRESS_OFFSET, high, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + SRC_ADDRESS_OFFSET + 8, low, java.nio.ByteOrder.BIG_ENDIAN);
        return this;
    }

    public PacketDescriptor dstAddressIpv6(final long high, final long low)
    {
        buffer.putLong(offset + DST_ADDRESS_OFFSET, high, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + DST_ADDRESS_OFFSET + 8, low, java.nio.ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** @return the port the record arrived on (caller-defined; 0 by default). */
    public int ingressPort()
    {
        return buffer.getInt(offset + INGRESS_PORT_OFFSET);
    }

    public PacketDescriptor ingressPort(final int value)
    {
        buffer.putInt(offset + INGRESS_PORT_OFFSET, value);
        return this;
    }

    /** @return the {@code FLAG_*} bits. */
    public int packetFlags()
    {
        return buffer.getShort(offset + PACKET_FLAGS_OFFSET) & 0xFFFF;
    }

    public PacketDescriptor packetFlags(final int value)
    {
        buffer.putShort(offset + PACKET_FLAGS_OFFSET, (short)value);
        return this;
    }

    /** @return the IP header length in bytes (0 when not IP). */
    public int ipHeaderLength()
    {
        return buffer.getShort(offset + IP_HEADER_LENGTH_OFFSET) & 0xFFFF;
    }

    public PacketDescriptor ipHeaderLength(final int value)
    {
        buffer.putShort(offset + IP_HEADER_LENGTH_OFFSET, (short)value);
        return this;
    }

    /** @return a spare long the embedding code may define. */
    public long userLong()
    {
        return buffer.getLong(offset + USER_LONG_OFFSET);
    }

    public PacketDescriptor userLong(final long value)
    {
        buffer.putLong(offset + USER_LONG_OFFSET, value);
        return this;
    }

    private void putIpv4(final int fieldOffset, final int value)
    {
        buffer.putInt(offset + fieldOffset, value, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + fieldOffset + 4, 0);
        buffer.putLong(offset + fieldOffset + 8, 0L);
    }
}
