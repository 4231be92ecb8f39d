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

    /** No listener of the client's at the destination: its virtual outbound listener takes the segment. */
    public static final int LISTENER_NONE = 0;
    /** An HTTP listener (the wildcard's HTTP chain only). */
    public static final int LISTENER_HTTP = 1;
    /** A sniffed listener: an HTTP chain and TCP chains (a sniffed service's, or HTTP and TCP merged). */
    public static final int LISTENER_SNIFFED = 2;
    /** A TCP (or TLS) listener. */
    public static final int LISTENER_TCP = 3;

    /**
     * @param model     the model.
     * @param namespace the client's namespace.
     * @param labels    the client's labels.
     * @param workload  whether the client is a mesh workload (a pod with a sidecar).
     * @param port      the segment's destination port.
     * @return the class of a segment to an address where the client has no listener of its own (the wildcard
     *         listener's, else the virtual outbound listener's): {@link #segmentClass(RoutingModel, String, Map,
     *         boolean, String, int)} without destination address.
     */
    public static int segmentClass(final RoutingModel model, final String namespace,
            final Map<String, String> labels, final boolean workload, final int port)
    {
        return segmentClass(model, namespace, labels, workload, null, port);
    }

    /**
     * @param model     the model.
     * @param namespace the client's namespace.
     * @param labels    the client's labels.
     * @param workload  whether the client is a mesh workload (a pod with a sidecar).
     * @param dst       the segment's destination address (as text; {@code null}: none of the client's address
     *                  listeners).
     * @param port      the segment's destination port.
     * @return {@link #CONNECTION}, {@link #HTTP} or {@link #SNIFFED}, by the listener Envoy picks for the segment's
     *         original destination ({@link #listenerAt}): an HTTP listener reads HTTP, a sniffed one sniffs, a TCP one
     *         proxies a connection; without any, a workload whose outbound traffic policy (its Sidecar's, else the
     *         mesh's) is {@code ALLOW_ANY_DYNAMIC_DNS} sniffs (its virtual outbound listener's
     *         {@code http_inspector}), any other client's bytes are a connection.
     */
    public static int segmentClass(final RoutingModel model, final String namespace,
            final Map<String, String> labels, final boolean workload, final String dst, final int port)
    {
        switch (listenerAt(model, namespace, labels, dst, port))
        {
            case LISTENER_HTTP:
                return HTTP;
            case LISTENER_SNIFFED:
                return SNIFFED;
            case LISTENER_TCP:
                return CONNECTION;
            default:
                return workload && sniffsUndeclaredPorts(model, namespace, labels) ? SNIFFED : CONNECTION;
        }
    }

    /**
     * The listener of the client's sidecar that Envoy picks for a segment to {@code dst:port} (docs/routing.md §1
     * item 8; Istio's {@code buildSidecarOutboundListeners} and {@code buildSidecarOutboundListener}): a listener
     * bound to the destination address if the client has one there, else its wildcard listener {@code 0.0.0.0_PORT},
     * else none. For every service the client sees (exported to its namespace, seen by its Sidecar's egress listener
     * for the port) that declares the port, the listener protocol (the egress listener's when it names the port, else
     * the port's) gives: HTTP, the wildcard listener; TCP, TLS or sniffed, a listener at each of the service's
     * addresses when the first is a literal, at each of its endpoints' addresses (a passthrough service, on the
     * catch-all egress listener), nowhere (a headless Service without endpoints), else the wildcard listener. An
     * {@code HTTP_PROXY} egress listener naming the port puts every service of its hosts on the wildcard listener as
     * HTTP, whatever their ports ({@code needsPortMatch}). Listeners on one address and port merge as Istio's
     * conflict rules say: the same kind stays, anything else (HTTP with TCP, sniffed with either) is sniffed.
     *
     * @return {@link #LISTENER_NONE}, {@link #LISTENER_HTTP}, {@link #LISTENER_SNIFFED} or {@link #LISTENER_TCP}.
     */
    public static int listenerAt(final RoutingModel model, final String namespace, final Map<String, String> labels,
            final String dst, final int port)
    {
        return listenerAt(model, namespace, labels, dst, port, true);
    }

    /**
     * {@link #listenerAt(RoutingModel, String, Map, String, int)}, with or without Istio's refusal to merge a
     * {@code MONGO} or {@code MYSQL} listener with one of another protocol on the same address and port
     * ({@code isConflictWithWellKnownPort}: the first stays), for tests that count where it matters.
     */
    public static int listenerAt(final RoutingModel model, final String namespace, final Map<String, String> labels,
            final String dst, final int port, final boolean wellKnownPorts)
    {
        final SidecarSpec sidecar = SidecarScopes.select(model, namespace, labels);
        final SidecarSpec.EgressListener listener = SidecarScopes.listener(sidecar, port);
        final List<String> egress = sidecar == null ? null : SidecarScopes.egressHosts(sidecar, port);
        final boolean named = listener != null && listener.port() == port && listener.protocol() != null;
        final boolean httpProxy = named && "HTTP_PROXY".equals(listener.protocol());
        final String address = dst == null ? null : RequestFacts.asciiLower(dst);
        final Key wildcard = new Key(wellKnownPorts);
        final Key at = new Key(wellKnownPorts);
        for (final RegistryService s : model.services())
        {
            if (!s.visibleTo(namespace) || !SidecarScopes.visible(egress, s.namespace(), s.host()))
            {
                continue;
            }
            if (httpProxy)
            {
                wildcard.add(LISTENER_HTTP, "HTTP_PROXY"); // every service of its hosts, whatever its ports
                continue;
            }
            final String protocol = OutboundListeners.protocol(s, port, listener);
            if (protocol == null)
            {
                continue;
            }
            final int kind = OutboundListeners.kind(protocol);
            final int mine = kind == OutboundListeners.HTTP ? LISTENER_HTTP
                    : kind == OutboundListeners.AUTO ? LISTENER_SNIFFED : LISTENER_TCP;
            final int bind = OutboundListeners.bind(s, port);
            if (mine == LISTENER_HTTP || OutboundListeners.wildcardBind(bind, named))
            {
                wildcard.add(mine, protocol);
            }
            else if (address != null && bind == OutboundListeners.BIND_ADDRESS
                    && s.addresses().stream().anyMatch(a -> RequestFacts.asciiLower(a).equals(address))
                    || address != null && bind == OutboundListeners.BIND_ENDPOINTS && s.endpoints().stream()
                    .anyMatch(e -> OutboundListeners.serves(s, e, port)
                            && OutboundListeners.endpointListener(e, address)))
            {
                at.add(mine, protocol);
            }
        }
        return at.kind != LISTENER_NONE ? at.kind : wildcard.kind;
    }

    /**
     * The listener on one address and port as Istio's {@code buildSidecarOutboundListener} builds it from the services
     * in turn: the first makes it; the same kind again stays; HTTP with TCP, or sniffed with either, make it sniffed
     * ({@code HTTPOverTCP}, {@code TCPOverHTTP}, {@code AutoOverTCP}, {@code AutoOverHTTP}; {@code TCPOverAuto}
     * stays sniffed); but a {@code MONGO} or {@code MYSQL} service port with another protocol, either way round, is
     * left out ({@code isConflictWithWellKnownPort}).
     */
    private static final class Key
    {
        private final boolean wellKnownPorts;
        private int kind = LISTENER_NONE;
        private String protocol;

        Key(final boolean wellKnownPorts)
        {
            this.wellKnownPorts = wellKnownPorts;
        }

        void add(final int incoming, final String incomingProtocol)
        {
            if (kind == LISTENER_NONE)
            {
                kind = incoming;
                protocol = incomingProtocol;
                return;
            }
            if (kind == LISTENER_HTTP && incoming == LISTENER_HTTP
                    || kind == LISTENER_SNIFFED && incoming == LISTENER_HTTP)
            {
                return; // Istio exits early: the listener already has its HTTP chain
            }
            if (wellKnownPorts && (wellKnown(protocol) || wellKnown(incomingProtocol))
                    && !incomingProtocol.equals(protocol))
            {
                return;
            }
            if (kind != incoming)
            {
                kind = LISTENER_SNIFFED;
                protocol = RegistryService.ServicePort.AUTO;
            }
        }

        private static boolean wellKnown(final String protocol)
        {
            return "MONGO".equals(protocol) || "MYSQL".equals(protocol);
        }
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
