package dev.wirespeed.pipeline.forward;

import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.pipeline.parse.ParseReason;

/**
 * The reason codes the packet path uses beyond the built-in ones of {@link ReasonTable}: registered once,
 * before the pipeline is built, and handed to ingress and to every worker's forwarder as plain ints.
 */
public final class PacketReasons
{
    /** {@code unsupported-ethertype}: neither IPv4, IPv6 nor ARP (drop). */
    public final int unsupportedEthertype;
    /** {@code arp}: punted to the control plane. */
    public final int arp;
    /** {@code local-address}: the destination is one of the engine's own addresses (punt). */
    public final int localAddress;
    /** {@code malformed-tunnel}: a VXLAN or GENEVE header that breaks its RFC or is cut short (drop). */
    public final int malformedTunnel;
    /** {@code malformed-tls}: a TLS handshake record whose ClientHello contradicts itself (drop). */
    public final int malformedTls;
    /** {@code malformed-h2}: an h2c connection whose frames or HPACK block break RFC 9113 / 7541 (drop). */
    public final int malformedH2;
    /** {@code h2-headers-too-large}: an h2c header block over the per-connection buffer (drop). */
    public final int h2HeadersTooLarge;
    /** {@code reassembly-overflow}: a request head that outgrew its flow's reassembly buffer (drop). */
    public final int reassemblyOverflow;
    private final ReasonTable table;

    /**
     * @param table the table to register into (its built-in codes are used as they are).
     */
    public PacketReasons(final ReasonTable table)
    {
        this.table = table;
        this.unsupportedEthertype = table.register("unsupported-ethertype");
        this.arp = table.register("arp");
        this.localAddress = table.register("local-address");
        this.malformedTunnel = table.register("malformed-tunnel");
        this.malformedTls = table.register("malformed-tls");
        this.malformedH2 = table.register("malformed-h2");
        this.h2HeadersTooLarge = table.register("h2-headers-too-large");
        this.reassemblyOverflow = table.register("reassembly-overflow");
    }

    /** @return the table the codes live in. */
    public ReasonTable table()
    {
        return table;
    }

    /**
     * @param parseReason a {@link ParseReason} code of a dropped packet.
     * @return the descriptor status (reason code) for it.
     */
    public int ofParseReason(final int parseReason)
    {
        switch (parseReason)
        {
            case ParseReason.OK, ParseReason.ARP:
                return ReasonTable.NONE;
            case ParseReason.TRUNCATED:
                return ReasonTable.TRUNCATED;
            case ParseReason.UNSUPPORTED_LINKTYPE:
                return ReasonTable.UNSUPPORTED_LINKTYPE;
            case ParseReason.UNSUPPORTED_ETHERTYPE:
                return unsupportedEthertype;
            case ParseReason.MALFORMED_TUNNEL:
                return malformedTunnel;
            default:
                return ReasonTable.MALFORMED;
        }
    }
}
