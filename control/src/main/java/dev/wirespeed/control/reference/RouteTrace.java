package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.VirtualService;

/**
 * A listener on the reference interpreter's walk ({@link ReferenceRouter#route(
 * dev.wirespeed.control.model.HttpRequest, RouteTrace)}): each stage says what it decided and why. The
 * interpreter calls it only when one is given (a {@code null} check per step, no text built otherwise), so the
 * plain {@link ReferenceRouter#route(dev.wirespeed.control.model.HttpRequest)} pays nothing. Every method is a
 * no-op by default: a listener overrides what it needs ({@code explain} all of them, route-test coverage only
 * {@link #block}).
 *
 * <p>Stages, in the order the walk meets them: {@code host}, {@code virtual-service}, {@code route},
 * {@code action}, {@code cluster}, {@code endpoint}.
 */
public interface RouteTrace
{
    /**
     * One step of the walk, for people.
     *
     * @param stage the stage ({@code host}, {@code virtual-service}, {@code route}, {@code action},
     *              {@code cluster}, {@code endpoint}).
     * @param text  what it decided and why.
     */
    default void step(final String stage, final String text)
    {
    }

    /**
     * A match block tried in first-match order.
     *
     * @param vs      its VirtualService (the root one for a delegated route).
     * @param route   its route (for a delegate's route, the route as merged with its root).
     * @param root    the block (the root VirtualService's for a delegated route).
     * @param leaf    the delegate's block that must also hold, or {@code null}.
     * @param failure the first condition that failed, or {@code null}: this block matched and its route acts.
     */
    default void block(final VirtualService vs, final HttpRoute route, final HttpMatch root, final HttpMatch leaf,
            final String failure)
    {
    }

    /**
     * The cluster the action chose, before its endpoints are looked at.
     *
     * @param cluster the Envoy cluster name.
     */
    default void cluster(final String cluster)
    {
    }

    /**
     * The endpoint the load balancer picked.
     *
     * @param policy    the policy ({@code LEAST_REQUEST}, {@code ROUND_ROBIN}, {@code RANDOM},
     *                  {@code consistentHash ...}).
     * @param endpoints how many healthy endpoints it chose among.
     * @param pick      the index picked (endpoints sorted by address, then port).
     * @param endpoint  {@code address:port}.
     */
    default void endpoint(final String policy, final int endpoints, final int pick, final String endpoint)
    {
    }
}
