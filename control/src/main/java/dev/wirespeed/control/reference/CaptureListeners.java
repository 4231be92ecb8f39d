package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;

import java.util.List;
import java.util.Map;

/**
 * The reference's model of a capture (docs/captures.md, docs/routing.md §1 item 8): which listener of the client's
 * sidecar takes a TCP segment to a port, before any byte is read, and so whether its bytes are read as HTTP (an HTTP
 * listener), sniffed (Envoy's {@code http_inspector}: an HTTP/1.1 or h2c request as HTTP, anything else as a
 * connection) or proxied as a connection (a TCP or TLS listener, or none: the virtual outbound listener). The client
 * is its namespace and labels (a source that is no workload: namespace {@code default}, no labels); its listeners are
 * those the services it sees build ({@link SidecarScopes}, {@link OutboundListeners}).
 */
public final class CaptureListeners
{
    /** A TCP or TLS listener, or none (the virtual outbound listener): the connection path. */
    public static final int CONNECTION = 0;
    /** An HTTP listener: request heads are read and routed. */
    public static final int HTTP = 1;
    /** A sniffed listener: an HTTP/1.1 or h2c request is routed as HTTP, other bytes as a connection. */
    public static final int SNIFFED = 2;

    private CaptureListeners()
    {
    }

    /**
     * @param model     the model.
     * @param namespace the client's namespace.
     * @param labels    the client's labels.
     * @param workload  whether the client is a mesh workload (a pod with a sidecar).
     * @param port      the segment's destination port.
     * @return {@link #CONNECTION}, {@link #HTTP} or {@link #SNIFFED}: a sniffed listener for a service the client sees
     *         on the port wins, then an HTTP one; without either, a workload whose outbound traffic policy (its
     *         Sidecar's, else the mesh's) is {@code ALLOW_ANY_DYNAMIC_DNS} sniffs (its virtual outbound listener's
     *         {@code http_inspector}).
     */
    public static int segmentClass(final RoutingModel model, final String namespace,
            final Map<String, String> labels, final boolean workload, final int port)
    {
        final int listener = listenerClass(model, namespace, labels, port);
        return listener == CONNECTION && workload && sniffsUndeclaredPorts(model, namespace, labels) ? SNIFFED
                : listener;
    }

    /**
     * @return the class of the client's listeners on the port: {@link #SNIFFED} when a service it sees has a sniffed
     *         listener there, else {@link #HTTP} when one has an HTTP listener, else {@link #CONNECTION}.
     */
    static int listenerClass(final RoutingModel model, final String namespace, final Map<String, String> labels,
            final int port)
    {
        final SidecarSpec sidecar = SidecarScopes.select(model, namespace, labels);
        final SidecarSpec.EgressListener listener = SidecarScopes.listener(sidecar, port);
        final List<String> egress = sidecar == null ? null : SidecarScopes.egressHosts(sidecar, port);
        int best = CONNECTION;
        for (final RegistryService s : model.services())
        {
            if (!s.visibleTo(namespace) || !SidecarScopes.visible(egress, s.namespace(), s.host()))
            {
                continue;
            }
            final String protocol = OutboundListeners.protocol(s, port, listener);
            final int kind = protocol == null ? -1 : OutboundListeners.kind(protocol);
            if (kind == OutboundListeners.AUTO)
            {
                return SNIFFED;
            }
            if (kind == OutboundListeners.HTTP)
            {
                best = HTTP;
            }
        }
        return best;
    }

    /**
     * @return whether the client's virtual outbound listener has an HTTP inspector: its outbound traffic policy, its
     *         Sidecar's when it sets one, else the mesh's, is {@code ALLOW_ANY_DYNAMIC_DNS} (Istio's
     *         {@code IsAllowAnyDynamicDNSOutbound} over {@code SidecarScope.OutboundTrafficPolicy}).
     */
    static boolean sniffsUndeclaredPorts(final RoutingModel model, final String namespace,
            final Map<String, String> labels)
    {
        final SidecarSpec sidecar = SidecarScopes.select(model, namespace, labels);
        final MeshConfig policy = sidecar != null && sidecar.outbound() != null ? sidecar.outbound() : model.mesh();
        return policy.outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS;
    }
}
