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
            default:
                return ReasonTable.MALFORMED;
        }
    }
}
