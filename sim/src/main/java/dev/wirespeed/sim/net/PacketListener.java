package dev.wirespeed.sim.net;

/**
 * Per-packet callbacks of a {@link NetSimulation}, called inline on the simulation thread with primitives
 * only (so a listener that allocates nothing keeps the run allocation-free). Every method does nothing by
 * default.
 */
public interface PacketListener
{
    /** A listener that ignores everything. */
    PacketListener NONE = new PacketListener()
    {
    };

    /**
     * A packet reached its destination host.
     *
     * @param timeNs    now.
     * @param packet    the packet id (valid only during the call).
     * @param flow      its flow id.
     * @param node      the receiving host.
     * @param latencyNs one-way latency.
     */
    default void delivered(final long timeNs, final int packet, final int flow, final int node, final long latencyNs)
    {
    }

    /**
     * A packet was dropped.
     *
     * @param timeNs now.
     * @param packet the packet id (valid only during the call).
     * @param flow   its flow id.
     * @param port   the port it was dropped at (the egress port, or the ingress port for an L3 drop).
     * @param reason a {@code FabricDropReason}.
     */
    default void dropped(final long timeNs, final int packet, final int flow, final int port, final int reason)
    {
    }

    /**
     * A packet joined an egress queue (not called when it went straight onto an idle wire).
     *
     * @param timeNs        now.
     * @param packet        the packet id.
     * @param port          the egress port.
     * @param queuedPackets packets waiting there now, this one included.
     */
    default void enqueued(final long timeNs, final int packet, final int port, final int queuedPackets)
    {
    }
}
