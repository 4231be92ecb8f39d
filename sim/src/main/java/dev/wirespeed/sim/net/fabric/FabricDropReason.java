package dev.wirespeed.sim.net.fabric;

import dev.wirespeed.fib.l3.L3DropReason;

/**
 * Why the simulated fabric dropped a packet: one id and one kebab-case name each. Ids 0..2 are
 * {@link L3DropReason}'s own (a switch's L3 stage reports them unchanged); the rest are the fabric's.
 */
public final class FabricDropReason
{
    /** Not dropped. */
    public static final int NONE = L3DropReason.NONE;
    /** A switch's L3 stage: TTL expired. */
    public static final int TTL_EXPIRED = L3DropReason.TTL_EXPIRED;
    /** A switch's L3 stage: no route to the destination. */
    public static final int NO_ROUTE = L3DropReason.NO_ROUTE;
    /** Tail drop: the egress queue was at its limit (packets or bytes). */
    public static final int QUEUE_FULL = 3;
    /** Shared buffer: the port's queue was at its dynamic threshold, or the switch's buffer was full. */
    public static final int BUFFER_FULL = 4;
    /** The egress link was down (queued or on the wire when it failed, or sent to it while down). */
    public static final int LINK_DOWN = 5;
    /** A host received a packet addressed to another host. */
    public static final int WRONG_HOST = 6;
    /** Number of reasons. */
    public static final int COUNT = 7;

    private static final String[] NAMES = {
        L3DropReason.name(0), L3DropReason.name(1), L3DropReason.name(2),
        "queue-full", "buffer-full", "link-down", "wrong-host",
    };

    private FabricDropReason()
    {
    }

    /**
     * @param reason a reason id.
     * @return its kebab-case name.
     */
    public static String name(final int reason)
    {
        return NAMES[reason];
    }
}
