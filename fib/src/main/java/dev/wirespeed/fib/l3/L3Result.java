package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;

/**
 * The caller-owned, reusable result of {@link L3Forwarding}: one instance per worker, overwritten by
 * every decision (fields are public for the hot path, as in a descriptor).
 */
public final class L3Result
{
    /** {@link Actions#FORWARD}, {@link Actions#PUNT} or {@link Actions#DROP}. */
    public int action;
    /** A {@link Reasons} code: {@code ttl-expired} or {@code no-route} for a drop, {@code local-address} for a punt. */
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
        action = Actions.DROP;
        reason = Reasons.NONE;
        routeWord = RouteWord.MISS;
        prefixLength = -1;
        group = -1;
        member = -1;
        egressPort = -1;
        nextHop = -1;
        ttl = 0;
    }
}
