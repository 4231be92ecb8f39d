package dev.wirespeed.control.model;

/**
 * A route destination: {@code host} + optional {@code subset} + optional {@code port.number}.
 *
 * @param host   the host, already resolved by the loader: a name without a dot becomes
 *               {@code name.<namespace of the document>.svc.cluster.local}; anything else is kept
 *               (lower-cased) as written, like Istio.
 * @param subset the DestinationRule subset name, or {@code null}.
 * @param port   the destination port, 0 when not written.
 */
public record Destination(String host, String subset, int port)
{
}
