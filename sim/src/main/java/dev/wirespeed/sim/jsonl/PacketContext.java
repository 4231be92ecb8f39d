package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;

import java.nio.charset.StandardCharsets;

/**
 * The packet a capture decision was made for, as a decision line can carry it ({@code replay --context}): the
 * capture timestamp and, for an IP packet, its addresses, ports and transport protocol, so that a decision
 * joins back to the packet in tshark ({@code frame.time_epoch}, {@code ip.src}/{@code ipv6.src}, ...). For a
 * decapsulated VXLAN/GENEVE packet these are the inner packet's, which the engine forwarded on.
 *
 * <p>A mutable holder, reused per record; the byte encoder writes it without allocating
 * ({@link #writeTo(JsonBytes)}), the reference writer through Strings ({@link #timestampText()},
 * {@link #sourceText()}, {@link #destinationText()}).
 */
public final class PacketContext
{
    private static final long NANOS = 1_000_000_000L;
    private static final byte[] TS = ascii(",\"ts\":\"");
    private static final byte[] SRC = ascii(",\"src\":\"");
    private static final byte[] DST = ascii(",\"dst\":\"");
    private static final byte[] SPORT = ascii(",\"sport\":");
    private static final byte[] DPORT = ascii(",\"dport\":");
    private static final byte[] PROTO = ascii(",\"proto\":");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private long timestampNanos;
    private int ipVersion;
    private int protocol;
    private boolean ports;
    private int srcPort;
    private int dstPort;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param timestampNanos the capture time, ns since the epoch.
     * @return this, with no IP facts (a record that is not an IP packet, or a bad record).
     */
    public PacketContext reset(final long timestampNanos)
    {
        this.timestampNanos = timestampNanos;
        this.ipVersion = 0;
        this.protocol = 0;
        this.ports = false;
        return this;
    }

    /**
     * Takes the IP facts the ingress parser wrote into a descriptor.
     *
     * @param d a filled packet descriptor.
     * @return this.
     */
    public PacketContext from(final PacketDescriptor d)
    {
        reset(d.timestampNs());
        final int version = d.status() == 0 ? d.ipVersion() : 0;
        if (version != 4 && version != 6)
        {
            return this;
        }
        return ip(version, d.protocol(), (d.packetFlags() & PacketDescriptor.FLAG_PORTS) != 0, d.srcPort(),
            d.dstPort(), version == 6 ? d.srcAddressPart(0) : 0L,
            version == 6 ? d.srcAddressPart(1) : d.srcAddressIpv4() & 0xFFFF_FFFFL,
            version == 6 ? d.dstAddressPart(0) : 0L,
            version == 6 ? d.dstAddressPart(1) : d.dstAddressIpv4() & 0xFFFF_FFFFL);
    }

    /**
     * Sets the IP facts (after {@link #reset}).
     *
     * @param version  4 or 6.
     * @param proto    the transport protocol number.
     * @param hasPorts whether the packet carries TCP/UDP ports (an unfragmented TCP or UDP packet).
     * @param sport    source port.
     * @param dport    destination port.
     * @param sHi      IPv6 source high half (0 for IPv4).
     * @param sLo      IPv6 source low half, or the IPv4 source in the low 32 bits.
     * @param dHi      IPv6 destination high half.
     * @param dLo      IPv6 destination low half, or the IPv4 destination.
     * @return this.
     */
    public PacketContext ip(final int version, final int proto, final boolean hasPorts, final int sport,
        final int dport, final long sHi, final long sLo, final long dHi, final long dLo)
    {
        this.ipVersion = version;
        this.protocol = proto;
        this.ports = hasPorts;
        this.srcPort = sport;
        this.dstPort = dport;
        this.srcHi = sHi;
        this.srcLo = sLo;
        this.dstHi = dHi;
        this.dstLo = dLo;
        return this;
    }

    /** @return the capture time in ns. */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /** @return 4, 6, or 0 when the record is not an IP packet. */
    public int ipVersion()
    {
        return ipVersion;
    }

    /** @return the transport protocol number (IP only). */
    public int protocol()
    {
        return protocol;
    }

    /** @return whether {@link #sourcePort()} and {@link #destinationPort()} apply. */
    public boolean hasPorts()
    {
        return ports;
    }

    /** @return the source port. */
    public int sourcePort()
    {
        return srcPort;
    }

    /** @return the destination port. */
    public int destinationPort()
    {
        return dstPort;
    }

    /** @return the timestamp as tshark's {@code frame.time_epoch} prints it: seconds with 9 decimals. */
    public String timestampText()
    {
        final long t = timestampNanos;
        final long abs = t < 0 ? -t : t;
        return (t < 0 ? "-" : "") + abs / NANOS + "." + String.format("%09d", abs % NANOS);
    }

    /** @return the source address text (IPv4 dotted quad, IPv6 RFC 5952), or null when not IP. */
    public String sourceText()
    {
        return addressText(srcHi, srcLo);
    }

    /** @return the destination address text, or null when not IP. */
    public String destinationText()
    {
        return addressText(dstHi, dstLo);
    }

    private String addressText(final long hi, final long lo)
    {
        if (ipVersion == 4)
        {
            return IpText.formatIpv4((int)lo);
        }
        return ipVersion == 6 ? IpText.formatIpv6(hi, lo) : null;
    }

    /**
     * Appends the context fields (each with its leading comma) in the decision line's order: {@code ts},
     * then for an IP packet {@code src}, {@code dst}, {@code sport} and {@code dport} (TCP/UDP), {@code proto}.
     * Allocation-free.
     *
     * @param out where they go.
     */
    public void writeTo(final JsonBytes out)
    {
        final long t = timestampNanos;
        final long abs = t < 0 ? -t : t;
        out.put(TS);
        if (t < 0)
        {
            out.put((byte)'-');
        }
        out.putLong(abs / NANOS).put((byte)'.');
        final long fraction = abs % NANOS;
        for (long scale = NANOS / 10; scale > 0; scale /= 10)
        {
            out.put((byte)('0' + (fraction / scale) % 10));
        }
        out.put((byte)'"');
        if (ipVersion != 4 && ipVersion != 6)
        {
            return;
        }
        out.put(SRC);
        address(srcHi, srcLo, out);
        out.put((byte)'"').put(DST);
        address(dstHi, dstLo, out);
        out.put((byte)'"');
        if (ports)
        {
            out.put(SPORT).putLong(srcPort).put(DPORT).putLong(dstPort);
        }
        out.put(PROTO).putLong(protocol);
    }

    private void address(final long hi, final long lo, final JsonBytes out)
    {
        if (ipVersion == 4)
        {
            final int a = (int)lo;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                out.putLong((a >>> shift) & 0xFF);
                if (shift > 0)
                {
                    out.put((byte)'.');
                }
            }
            return;
        }
        ipv6(hi, lo, out);
    }

    /** RFC 5952 text, as {@link IpText#formatIpv6} writes it (longest run of two or more zero groups as ::). */
    private static void ipv6(final long hi, final long lo, final JsonBytes out)
    {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;)
        {
            if (group(hi, lo, i) == 0)
            {
                int j = i;
                while (j < 8 && group(hi, lo, j) == 0)
                {
                    j++;
                }
                if (j - i > bestLength)
                {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }
        boolean afterColon = true;
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                out.put((byte)':').put((byte)':');
                afterColon = true;
                i += bestLength - 1;
                continue;
            }
            if (!afterColon)
            {
                out.put((byte)':');
            }
            hex(group(hi, lo, i), out);
            afterColon = false;
        }
    }

    private static int group(final long hi, final long lo, final int g)
    {
        return (int)(((g < 4 ? hi : lo) >>> (48 - 16 * (g & 3))) & 0xFFFF);
    }

    private static void hex(final int v, final JsonBytes out)
    {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            final int nibble = (v >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0)
            {
                out.put(HEX[nibble]);
                started = true;
            }
        }
    }
}
