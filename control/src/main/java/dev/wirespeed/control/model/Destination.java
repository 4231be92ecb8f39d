package dev.wirespeed.control.model;

/**
 * A route destination: {@code host} + optional {@code subset} + optional {@code port.number}.
 *
 * @param host           the host, already resolved by the loader: a name without a dot becomes
 *                       {@code name.<namespace of the document>.svc.cluster.local}; anything else is kept
 *                       (lower-cased) as written, like Istio.
 * @param subset         the DestinationRule subset name, or {@code null}.
 * @param port           the destination port, 0 when not written.
 * @param notFoundStatus the status of a request whose cluster does not exist ({@code NC}): 0 for Envoy's
 *                       default, 503; 500 for a Gateway API backend (Istio sets the route's
 *                       {@code cluster_not_found_response_code} to 500 there).
 */
public record Destination(String host, String subset, int port, int notFoundStatus)
{
    /** The status of {@code NC} when nothing else is said. */
    public static final int DEFAULT_NOT_FOUND_STATUS = 503;

    /**
     * A destination with the default {@code NC} status.
     *
     * @param host   the host.
     * @param subset the subset, or {@code null}.
     * @param port   the port, 0 when not written.
     */
    public Destination(final String host, final String subset, final int port)
    {
        this(host, subset, port, 0);
    }

    /** @return the status of {@code NC} for this destination: 503 unless set. */
    public int clusterNotFoundStatus()
    {
        return notFoundStatus == 0 ? DEFAULT_NOT_FOUND_STATUS : notFoundStatus;
    }
}
