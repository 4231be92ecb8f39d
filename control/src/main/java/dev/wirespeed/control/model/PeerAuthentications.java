package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The PeerAuthentications of a mesh and the mTLS mode they give a workload's port (Istio's
 * {@code AuthenticationPolicies.GetPeerAuthenticationsForWorkload} and {@code ComposePeerAuthentication};
 * docs/routing.md §4 "Networks"). Policies are taken oldest first ({@code metadata.creationTimestamp}, absent: the
 * oldest; then name, then namespace). For a workload (its namespace and labels) the applicable ones are those of its
 * namespace and of the root namespace whose selector labels its labels hold (no selector: all). Of those, the oldest
 * without selector in the root namespace is the mesh-wide policy, the oldest without selector in the workload's
 * namespace the namespace-wide one, the oldest with a selector outside the root namespace the workload's (a
 * selector in the root namespace is not used). The mode starts as {@code PERMISSIVE}; the mesh-wide, namespace-wide
 * then workload policy's mode replaces it unless {@code UNSET}. A port named in the workload policy's
 * {@code portLevelMtls} has that entry's mode ({@code UNSET}: the workload's mode); other ports the workload's.
 */
public final class PeerAuthentications
{
    /** None: every port {@code PERMISSIVE}. */
    public static final PeerAuthentications NONE = new PeerAuthentications(List.of(), MeshConfig.ISTIO_SYSTEM);

    private static final Comparator<PeerAuthentication> OLDEST_FIRST = Comparator
            .comparing(PeerAuthentication::created).thenComparing(PeerAuthentication::name)
            .thenComparing(PeerAuthentication::namespace);

    private final List<PeerAuthentication> sorted;
    private final String rootNamespace;

    /**
     * @param policies      the mesh's PeerAuthentications, in any order.
     * @param rootNamespace the mesh config's {@code rootNamespace}.
     */
    public PeerAuthentications(final List<PeerAuthentication> policies, final String rootNamespace)
    {
        final List<PeerAuthentication> s = new ArrayList<>(policies);
        s.sort(OLDEST_FIRST);
        this.sorted = List.copyOf(s);
        this.rootNamespace = rootNamespace;
    }

    /** @return whether there are none (every port {@code PERMISSIVE}). */
    public boolean isEmpty()
    {
        return sorted.isEmpty();
    }

    /**
     * The policies that decide a workload's mode: {mesh-wide, namespace-wide, workload}, each {@code null} when none.
     *
     * @param namespace the workload's namespace.
     * @param labels    its labels.
     * @return the three levels.
     */
    public PeerAuthentication[] levels(final String namespace, final Map<String, String> labels)
    {
        final PeerAuthentication[] out = new PeerAuthentication[3];
        for (final PeerAuthentication p : sorted)
        {
            final boolean inRoot = p.namespace().equals(rootNamespace);
            if (!inRoot && !p.namespace().equals(namespace)
                    || !labels.entrySet().containsAll(p.selector().entrySet()))
            {
                continue;
            }
            final int level = p.namespaceWide() ? inRoot ? 0 : 1 : inRoot ? -1 : 2;
            if (level >= 0 && out[level] == null)
            {
                out[level] = p;
            }
        }
        return out;
    }

    /**
     * @param namespace the workload's namespace.
     * @param labels    its labels.
     * @param port      the workload's port (an endpoint's target port).
     * @return the composed mode: {@code DISABLE}, {@code PERMISSIVE} or {@code STRICT}.
     */
    public PeerAuthentication.Mode mode(final String namespace, final Map<String, String> labels, final int port)
    {
        PeerAuthentication.Mode mode = PeerAuthentication.Mode.PERMISSIVE;
        if (sorted.isEmpty())
        {
            return mode;
        }
        final PeerAuthentication[] levels = levels(namespace, labels);
        for (final PeerAuthentication p : levels)
        {
            if (p != null && p.mode() != PeerAuthentication.Mode.UNSET)
            {
                mode = p.mode();
            }
        }
        final PeerAuthentication.Mode portMode = levels[2] == null ? null : levels[2].portLevel().get(port);
        return portMode == null || portMode == PeerAuthentication.Mode.UNSET ? mode : portMode;
    }

    /**
     * Whether a client's sidecar sends Istio mTLS to an endpoint (Istio's {@code mtlsChecker.checkMtlsEnabled}, then
     * the endpoint's metadata {@code tlsMode} that {@code EndpointsByNetworkFilter} and
     * {@code EndpointsWithMTLSFilter} read): the endpoint's TLS mode is {@code istio}, and the DestinationRule's TLS
     * mode for the cluster is {@code ISTIO_MUTUAL} when it sets one, else the PeerAuthentications do not
     * {@code DISABLE} the endpoint's port.
     *
     * @param e         the endpoint.
     * @param namespace its namespace (its service's).
     * @param port      its port (the service port's target port or the endpoint's own).
     * @param ruleTls   the DestinationRule's TLS mode for the cluster, {@code null} when it sets none.
     * @return whether mTLS reaches it.
     */
    public boolean mtlsReaches(final RegistryService.Endpoint e, final String namespace, final int port,
            final String ruleTls)
    {
        if (!e.istioMtls())
        {
            return false;
        }
        return ruleTls != null ? ruleTls.equals("ISTIO_MUTUAL")
                : mode(namespace, e.labels(), port) != PeerAuthentication.Mode.DISABLE;
    }

    /**
     * Why {@link #mtlsReaches} says no, for a trace.
     *
     * @return a phrase, {@code null} when mTLS reaches the endpoint.
     */
    public String whyNoMtls(final RegistryService.Endpoint e, final String namespace, final int port,
            final String ruleTls)
    {
        if (mtlsReaches(e, namespace, port, ruleTls))
        {
            return null;
        }
        if (!e.istioMtls())
        {
            return "tlsMode " + e.tlsMode() + (ruleTls == null ? "" : ", whatever the DestinationRule's tls.mode "
                    + ruleTls);
        }
        if (ruleTls != null)
        {
            return "DestinationRule tls.mode " + ruleTls;
        }
        final PeerAuthentication[] levels = levels(namespace, e.labels());
        PeerAuthentication decides = null;
        for (final PeerAuthentication p : levels)
        {
            if (p != null && (p.mode() != PeerAuthentication.Mode.UNSET || p.portLevel().containsKey(port)))
            {
                decides = p;
            }
        }
        return "PeerAuthentication " + (decides == null ? "?" : decides.namespace() + "/" + decides.name())
                + " DISABLEs port " + port;
    }
}
