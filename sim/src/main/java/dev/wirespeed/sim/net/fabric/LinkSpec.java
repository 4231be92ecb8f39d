package dev.wirespeed.sim.net.fabric;

/**
 * A full-duplex point-to-point link: both directions have the same rate, propagation delay, framing and
 * egress queue discipline. A packet of {@code n} IP bytes occupies the wire for
 * {@code (n + framingBytes) × 8 / rate} seconds, rounded to the nanosecond, and reaches the far end
 * {@code delayNs} after its last bit left (store and forward).
 *
 * @param rateBps      bits per second.
 * @param delayNs      propagation delay.
 * @param framingBytes bytes added to every IP packet on the wire (2 for PPP, 38 for Ethernet with preamble
 *                     and inter-frame gap).
 * @param queue        the egress queue at each end.
 */
public record LinkSpec(long rateBps, long delayNs, int framingBytes, QueueSpec queue)
{
    /** Validates. */
    public LinkSpec
    {
        if (rateBps <= 0 || delayNs < 0 || framingBytes < 0 || queue == null)
        {
            throw new IllegalArgumentException("a link needs rate > 0, delay >= 0, framing >= 0 and a queue");
        }
    }

    /**
     * @param ipBytes an IP packet's length.
     * @return its serialisation time in nanoseconds, rounded to the nearest.
     */
    public long serialisationNs(final int ipBytes)
    {
        return serialisationNs(ipBytes, framingBytes, rateBps);
    }

    /**
     * @param ipBytes      an IP packet's length.
     * @param framingBytes framing bytes.
     * @param rateBps      the rate.
     * @return the serialisation time in nanoseconds, rounded to the nearest.
     */
    public static long serialisationNs(final int ipBytes, final int framingBytes, final long rateBps)
    {
        final long bits = (ipBytes + (long)framingBytes) * 8L;
        return (bits * 1_000_000_000L + rateBps / 2) / rateBps;
    }
}
