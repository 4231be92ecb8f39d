package dev.wirespeed.sim.net.timeline;

/**
 * One change applied at a simulated time.
 *
 * <ul>
 *   <li>{@link Kind#LINK_DOWN} / {@link Kind#LINK_UP}: the link between nodes {@code a} and {@code b};
 *       switches recompute routes and swap in new FIBs.</li>
 *   <li>{@link Kind#ROUTE_WITHDRAW} / {@link Kind#ROUTE_ANNOUNCE}: switch {@code a}'s route to host
 *       {@code b}.</li>
 *   <li>{@link Kind#CONFIG_SWAP}: sidecars move to the Istio configuration named {@code a} (a new L7 FIB
 *       generation).</li>
 * </ul>
 *
 * @param atNs when.
 * @param kind what.
 * @param a    first name.
 * @param b    second name (unused by a config swap).
 */
public record TimelineAction(long atNs, Kind kind, String a, String b)
{
    /** Kinds of change. */
    public enum Kind
    {
        /** A link fails. */
        LINK_DOWN,
        /** A link comes back. */
        LINK_UP,
        /** A switch withdraws its route to a host. */
        ROUTE_WITHDRAW,
        /** A switch announces its route to a host again. */
        ROUTE_ANNOUNCE,
        /** Sidecars swap to another Istio configuration. */
        CONFIG_SWAP
    }
}
