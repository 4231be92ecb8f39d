package dev.wirespeed.control.model;

/**
 * A weighted destination of an HTTP or TCP route.
 *
 * @param destination where to send.
 * @param weight      relative weight as written (0 when absent); a destination gets
 *                    weight / (sum of weights) of the traffic; a single destination gets all of it
 *                    whatever its weight.
 * @param headers     its own request header operations ({@code route[].headers.request}).
 */
public record RouteDestination(Destination destination, int weight, HttpRoute.HeaderOperations headers)
{
    /**
     * A destination without header operations of its own.
     *
     * @param destination where to send.
     * @param weight      relative weight.
     */
    public RouteDestination(final Destination destination, final int weight)
    {
        this(destination, weight, HttpRoute.HeaderOperations.NONE);
    }
}
