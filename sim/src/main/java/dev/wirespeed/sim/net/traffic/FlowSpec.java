package dev.wirespeed.sim.net.traffic;

/**
 * A UDP flow between two hosts.
 *
 * <p>{@link Pattern#CBR}: packets at {@code start + k × intervalNs} while that is before {@code stopNs}.
 * {@link Pattern#POISSON}: exponential gaps of mean {@code intervalNs} (rounded to the nanosecond) from
 * {@code start}, while before {@code stopNs}, drawn from the flow's own generator seeded from the run's
 * seed and the flow's index.
 *
 * @param name        a unique name (reports).
 * @param src         the sending host's name.
 * @param dst         the receiving host's name.
 * @param pattern     CBR or Poisson.
 * @param packetBytes IP length of every packet (28..65535: IPv4 and UDP headers included).
 * @param intervalNs  the gap (CBR) or mean gap (Poisson).
 * @param startNs     first send time.
 * @param stopNs      no packet is sent at or after this time.
 * @param srcPort     UDP source port.
 * @param dstPort     UDP destination port.
 */
public record FlowSpec(String name, String src, String dst, Pattern pattern, int packetBytes, long intervalNs,
    long startNs, long stopNs, int srcPort, int dstPort)
{
    /** Inter-packet gaps. */
    public enum Pattern
    {
        /** Constant bit rate. */
        CBR,
        /** Poisson arrivals. */
        POISSON
    }

    /** Validates. */
    public FlowSpec
    {
        if (packetBytes < 28 || packetBytes > 65535)
        {
            throw new IllegalArgumentException("flow '" + name + "': packet size " + packetBytes + " is not 28..65535");
        }
        if (intervalNs <= 0 || startNs < 0 || stopNs < startNs)
        {
            throw new IllegalArgumentException("flow '" + name + "': needs interval > 0 and 0 <= start <= stop");
        }
    }

    /**
     * @param packetBytes IP bytes a packet.
     * @param rateBps     bits per second of IP packets.
     * @return the gap between packets for that rate, rounded to the nanosecond.
     */
    public static long intervalForRate(final int packetBytes, final long rateBps)
    {
        return (packetBytes * 8L * 1_000_000_000L + rateBps / 2) / rateBps;
    }
}
