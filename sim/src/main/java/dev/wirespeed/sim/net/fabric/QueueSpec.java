package dev.wirespeed.sim.net.fabric;

/**
 * An egress queue's discipline.
 *
 * <ul>
 *   <li>{@link Mode#PACKETS}: tail drop at {@code limit} packets waiting (the one on the wire not counted);</li>
 *   <li>{@link Mode#BYTES}: tail drop when the bytes waiting would exceed {@code limit};</li>
 *   <li>{@link Mode#SHARED}: the switch's shared buffer with a Broadcom-style dynamic threshold: a packet is
 *       admitted while the port's queued bytes stay below {@code alpha × (buffer − bytes used by every port
 *       of the switch)} and the buffer has room; {@code limit} is unused.</li>
 * </ul>
 *
 * <p>{@code ecnThreshold} (0 = none) marks a packet CE when, on arrival, the queue holds at least that many
 * packets (or bytes, in the byte and shared modes), as an ASIC's ECN marking threshold does.
 *
 * @param mode         the discipline.
 * @param limit        packets or bytes.
 * @param alpha        the dynamic-threshold factor (shared mode).
 * @param ecnThreshold the marking threshold, 0 for none.
 */
public record QueueSpec(Mode mode, long limit, double alpha, long ecnThreshold)
{
    /** Queue disciplines. */
    public enum Mode
    {
        /** Tail drop counted in packets. */
        PACKETS,
        /** Tail drop counted in bytes. */
        BYTES,
        /** Shared buffer with dynamic thresholds. */
        SHARED
    }

    /**
     * @param packets the limit.
     * @return a drop-tail queue of that many packets, without ECN.
     */
    public static QueueSpec packets(final long packets)
    {
        return new QueueSpec(Mode.PACKETS, packets, 0, 0);
    }
}
