package dev.wirespeed.fib.l3;

/**
 * The caller-owned, reusable result of {@link L3Forwarding}: one instance per worker, overwritten by
 * every decision (fields are public for the hot path, as in a descriptor).
 */
public final class L3Result
{
    /** Forward out of {@link #egressPort} to {@link #nextHop}. */
    public static final int ACTION_FORWARD = 0;
    /** The destination is one of the engine's own addresses: hand to the control plane. */
    public static final int ACTION_PUNT = 1;
    /** Drop; {@link #reason} says why. */
    public static final int ACTION_DROP = 2;

    /** One of {@link #ACTION_FORWARD}, {@link #ACTION_PUNT}, {@link #ACTION_DROP}. */
    public int action;
    /** {@link L3DropReason#NONE} unless dropped. */
    public int reason;
    /** The matched {@link RouteWord} ({@link RouteWord#MISS} if none or not looked up). */
    public int routeWord;
    /** Length of the matched prefix, -1 if none. */
    public int prefixLength;
    /** Next-hop group id, -1 if none. */
    public int group;
    /** Member index within the group, -1 if none. */
    public int member;
    /** Egress port, -1 if none. */
    public int egressPort;
    /** Next-hop index ({@link NextHopGroups#nextHopText}), -1 if none. */
    public int nextHop;
    /** The TTL / hop limit to write into the forwarded packet (input minus one). */
    public int ttl;

    /** Clears every field to "nothing decided". */
    public void reset()
    {
        action = ACTION_DROP;
        reason = L3DropReason.NONE;
        routeWord = RouteWord.MISS;
        prefixLength = -1;
        group = -1;
        member = -1;
        egressPort = -1;
        nextHop = -1;
        ttl = 0;
    }

    /**
     * @param action an action constant.
     * @return {@code forward}, {@code punt} or {@code drop}.
     */
    public static String actionName(final int action)
    {
        switch (action)
        {
            case ACTION_FORWARD:
                return "forward";
            case ACTION_PUNT:
                return "punt";
            default:
                return "drop";
        }
    }
}
