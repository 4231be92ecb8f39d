package dev.wirespeed.control.model;

import java.util.Map;

/**
 * An Istio {@code PeerAuthentication} ({@code security.istio.io/v1}, {@code v1beta1}): the mTLS mode a workload's
 * sidecar accepts. Here it matters where Istio reads it to decide whether a client's mTLS reaches an endpoint
 * (docs/routing.md §4 "Networks", §5.2); {@link PeerAuthentications} composes the policies that apply to one.
 *
 * @param namespace its namespace.
 * @param name      its name.
 * @param selector  {@code selector.matchLabels} (empty: a namespace-wide policy, or mesh-wide in the root namespace).
 * @param mode      {@code mtls.mode} ({@link Mode#UNSET} when not written: inherited).
 * @param portLevel {@code portLevelMtls}: a mode per workload port (only with a selector).
 * @param created   {@code metadata.creationTimestamp} as written, {@code ""} when absent (the oldest).
 * @param source    the document.
 */
public record PeerAuthentication(String namespace, String name, Map<String, String> selector, Mode mode,
        Map<Integer, Mode> portLevel, String created, SourceRef source)
{
    /** {@code PeerAuthentication.MutualTLS.Mode}. */
    public enum Mode
    {
        /** Inherit from the parent level (Istio's default: {@code PERMISSIVE} at the top). */
        UNSET,
        /** Plain text only: a client's sidecar does not send mTLS there. */
        DISABLE,
        /** mTLS and plain text. */
        PERMISSIVE,
        /** mTLS only. */
        STRICT
    }

    /** @return whether it is a namespace-wide (or, in the root namespace, mesh-wide) policy: no selector labels. */
    public boolean namespaceWide()
    {
        return selector.isEmpty();
    }
}
