package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.fib.l7.L7Layout;

import java.util.List;

/**
 * Which of a sidecar's outbound listeners takes a request on a port (docs/routing.md §1 item 8), as Istio builds
 * them ({@code buildSidecarOutboundListeners}, {@code buildSidecarOutboundListener}): a service port with an HTTP
 * protocol gives the wildcard listener {@code 0.0.0.0_PORT}, whose HTTP chain reads route configuration
 * {@code PORT}; a sniffed port (no protocol) gives the service's address its own listener with an HTTP chain, or
 * the wildcard listener when the service has no address literal; a TCP (or TLS) port gives the service's address
 * a TCP listener. A request on a port with no listener for it goes to the virtual outbound listener, which proxies
 * it as TCP: {@code PassthroughCluster} or {@code BlackHoleCluster}. The Sidecar's egress listener for the port,
 * when it names the port, replaces the protocol of every service port it builds a listener for.
 */
public final class OutboundListeners
{
    /** The kind of a listener's protocol (the FIB's port kinds): TCP and any other protocol but those below. */
    public static final int TCP = L7Layout.PORT_TCP;
    /** HTTP, HTTP2, GRPC, GRPC-WEB or HTTP_PROXY. */
    public static final int HTTP = L7Layout.PORT_HTTP;
    /** TLS or HTTPS. */
    public static final int TLS = L7Layout.PORT_TLS;
    /** Not declared: sniffed per connection. */
    public static final int AUTO = L7Layout.PORT_AUTO;

    private OutboundListeners()
    {
    }

    /**
     * @param protocol a protocol as {@link RegistryService.ServicePort#protocol()} writes it.
     * @return its kind.
     */
    public static int kind(final String protocol)
    {
        switch (protocol)
        {
            case "HTTP", "HTTP2", "GRPC", "GRPC-WEB", "HTTP_PROXY":
                return HTTP;
            case "HTTPS", "TLS":
                return TLS;
            case RegistryService.ServicePort.AUTO:
                return AUTO;
            default:
                return TCP;
        }
    }

    /**
     * @param s        a service.
     * @param port     a port.
     * @param listener the client's Sidecar egress listener for the port ({@code null}: none).
     * @return the protocol of the client's listener for the service's port: the egress listener's when it names the
     *         port, else the port's own; {@code null} when the service does not declare the port.
     */
    public static String protocol(final RegistryService s, final int port, final SidecarSpec.EgressListener listener)
    {
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.number() == port)
            {
                return listener != null && listener.port() == port && listener.protocol() != null
                        ? listener.protocol() : p.protocol();
            }
        }
        return null;
    }

    /** Where Istio binds a service's TCP and sniffed listeners: its address (a literal). */
    public static final int BIND_ADDRESS = L7Layout.BIND_ADDRESS;
    /** The wildcard address: no address literal (none, or a CIDR). */
    public static final int BIND_WILDCARD = L7Layout.BIND_WILDCARD;
    /** Each endpoint's address: a passthrough service with endpoints, on the Sidecar's catch-all egress listener. */
    public static final int BIND_ENDPOINTS = L7Layout.BIND_ENDPOINTS;
    /** Nowhere: a headless Kubernetes Service (or a ServiceEntry with a selector) without endpoints. */
    public static final int BIND_NONE = L7Layout.BIND_NONE;

    /**
     * @param s    a service.
     * @param port one of its port numbers.
     * @return where Istio binds its TCP and sniffed listeners on the port on the client's catch-all egress listener
     *         ({@code buildSidecarOutboundListeners}): its address when it is a literal; else, for a passthrough
     *         service, one listener per address of its endpoints on the port ({@code ServiceEndpointsByPort}), and
     *         without any the wildcard address, or nothing for a headless Kubernetes Service or a ServiceEntry with a
     *         selector ("a Kubernetes service with no endpoints means there are no endpoints at all"); else the
     *         wildcard address. An egress listener that names the port binds every service without address literal to
     *         the wildcard address.
     */
    public static int bind(final RegistryService s, final int port)
    {
        if (!s.addresses().isEmpty() && IpLiterals.parse(s.addresses().get(0)) != null)
        {
            return BIND_ADDRESS;
        }
        if (!s.passthrough())
        {
            return BIND_WILDCARD;
        }
        for (final RegistryService.Endpoint e : s.endpoints())
        {
            if (serves(s, e, port))
            {
                return BIND_ENDPOINTS;
            }
        }
        return s.endpointListenersOnly() ? BIND_NONE : BIND_WILDCARD;
    }

    /**
     * @param s    a service.
     * @param e    one of its endpoints.
     * @param port a port number.
     * @return whether the endpoint is one of the service's on that port ({@link RegistryService.Endpoint#serves}; a
     *         port the service does not declare: yes).
     */
    public static boolean serves(final RegistryService s, final RegistryService.Endpoint e, final int port)
    {
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.number() == port)
            {
                return e.serves(p);
            }
        }
        return true;
    }

    /**
     * @param bind  {@link #bind}.
     * @param named whether the client's Sidecar egress listener for the port names the port.
     * @return whether the service's TCP or sniffed listener on the port is the wildcard listener.
     */
    public static boolean wildcardBind(final int bind, final boolean named)
    {
        return bind == BIND_WILDCARD || named && bind != BIND_ADDRESS;
    }

    /**
     * The service whose TCP or sniffed listener Envoy picks by the request's original destination (docs/routing.md §1
     * item 8): Envoy chooses a listener by the destination address and port before it reads a byte, so a request whose
     * {@code dst} is the address of a service the client sees, on a port where the client's listener for that service
     * is TCP, TLS or sniffed and bound to that address, belongs to that service whatever its authority.
     *
     * @param model    the model.
     * @param r        the request (on {@code mesh}).
     * @param egress   the hosts of its Sidecar's egress listener for the port ({@code null}: everything visible).
     * @param listener that egress listener ({@code null}: none).
     * @return the service, or {@code null} (no {@code dst}, or no such listener: the authority decides).
     */
    public static RegistryService atDestination(final RoutingModel model, final RequestFacts r,
            final List<String> egress, final SidecarSpec.EgressListener listener)
    {
        if (r.dst() == null)
        {
            return null;
        }
        final String address = HostCandidates.normaliseHost(r.dst());
        RegistryService s = null;
        for (final RegistryService c : model.services())
        {
            if (s == null && c.addresses().stream().anyMatch(a -> RequestFacts.asciiLower(a).equals(address)))
            {
                s = c; // the first service with that address, as an address alias takes it
            }
        }
        if (s == null || bind(s, r.port()) != BIND_ADDRESS || !s.visibleTo(r.sourceNamespace())
                || !SidecarScopes.visible(egress, s.namespace(), s.host()))
        {
            return elsewhere(model, r, address, egress, listener);
        }
        final String protocol = protocol(s, r.port(), listener);
        return protocol != null && kind(protocol) != HTTP ? s : elsewhere(model, r, address, egress, listener);
    }

    /** No service address listener at the destination: an endpoint's listener, else a CIDR chain of the wildcard's. */
    private static RegistryService elsewhere(final RoutingModel model, final RequestFacts r, final String address,
            final List<String> egress, final SidecarSpec.EgressListener listener)
    {
        final RegistryService s = atEndpoint(model, r, address, egress, listener);
        return s != null ? s : inCidr(model, r, address, egress, listener);
    }

    /** No service address listener at the destination: an endpoint's, else a CIDR chain of the wildcard listener. */
    public static final String IN_CIDR = "is inside an address prefix of the wildcard listener's chain of";

    /**
     * @param s a service.
     * @return whether its first address is a CIDR (Istio: it contains {@code /}), so its TCP and sniffed listeners on
     *         the wildcard address match the destination on its addresses' prefixes.
     */
    public static boolean cidrFirst(final RegistryService s)
    {
        return !s.addresses().isEmpty() && s.addresses().get(0).indexOf('/') >= 0;
    }

    /**
     * The service whose TCP or sniffed filter chain of the wildcard listener matches the request's original destination
     * (docs/routing.md §1 item 8; Istio's {@code buildSidecarOutboundListener}): a service whose first address is a
     * CIDR binds those listeners to the wildcard address and matches its chains on the prefixes of all its addresses
     * (the CIDR and {@code GetExtraAddressesForProxy}, an address alone being a full-length prefix). Envoy takes the
     * chain with the longest matching prefix; on a tie, the first such service the client sees (load order). Only on a
     * port where the client's listener for the service is not HTTP, and only where the service is bound to the
     * wildcard address (not a passthrough service with per-endpoint listeners, nor one without any).
     *
     * @param address the request's {@code dst} address (lower-case, port and brackets stripped).
     * @return the service, or {@code null}.
     */
    static RegistryService inCidr(final RoutingModel model, final RequestFacts r, final String address,
            final List<String> egress, final SidecarSpec.EgressListener listener)
    {
        final byte[] dst = IpLiterals.parse(address);
        if (dst == null)
        {
            return null;
        }
        final boolean named = listener != null && listener.port() == r.port() && listener.protocol() != null;
        RegistryService best = null;
        int bestLength = -1;
        for (final RegistryService s : model.services())
        {
            final String protocol = protocol(s, r.port(), listener);
            if (!cidrFirst(s) || protocol == null || kind(protocol) == HTTP
                    || !wildcardBind(bind(s, r.port()), named) || !s.visibleTo(r.sourceNamespace())
                    || !SidecarScopes.visible(egress, s.namespace(), s.host()))
            {
                continue;
            }
            for (final String a : s.addresses())
            {
                final Object[] c = IpLiterals.parseCidr(a);
                final int length = c == null ? -1 : (Integer)c[1];
                if (length > bestLength && IpLiterals.inCidr(dst, a))
                {
                    best = s;
                    bestLength = length;
                }
            }
        }
        return best;
    }

    /** What the explain trace says when a request's {@code dst} picks a passthrough service's per-endpoint listener. */
    public static final String AT_ENDPOINT = "is an endpoint address with a per-endpoint listener of";

    /**
     * The passthrough service whose per-endpoint listener is at the request's original destination (docs/routing.md
     * §1 item 8; Istio's {@code buildSidecarOutboundListeners}, catch-all egress listener): a passthrough service
     * without address literal gets, for each of its ports that is not HTTP (TCP, TLS or sniffed), a listener on each
     * endpoint address that is an IP literal — except the client's own address ("traffic to self does not flow
     * through an outbound listener"), and not on a port the client's Sidecar egress listener names (every service is
     * bound to the wildcard address there). The first such service the client sees (load order) takes the address.
     *
     * @param address the request's {@code dst} address (lower-case, port and brackets stripped).
     * @return the service, or {@code null}.
     */
    static RegistryService atEndpoint(final RoutingModel model, final RequestFacts r, final String address,
            final List<String> egress, final SidecarSpec.EgressListener listener)
    {
        if (listener != null && listener.port() == r.port() && listener.protocol() != null
                || r.src() != null && RequestFacts.asciiLower(r.src()).equals(address))
        {
            return null;
        }
        for (final RegistryService s : model.services())
        {
            final String protocol = protocol(s, r.port(), null);
            if (protocol != null && kind(protocol) != HTTP && bind(s, r.port()) == BIND_ENDPOINTS
                    && s.visibleTo(r.sourceNamespace()) && SidecarScopes.visible(egress, s.namespace(), s.host())
                    && s.endpoints().stream().anyMatch(e -> serves(s, e, r.port()) && endpointListener(e, address)))
            {
                return s;
            }
        }
        return null;
    }

    /** @return whether Istio binds a listener to the endpoint's address, and that address is {@code address}. */
    public static boolean endpointListener(final RegistryService.Endpoint e, final String address)
    {
        return IpLiterals.parse(e.address()) != null && RequestFacts.asciiLower(e.address()).equals(address);
    }

    /**
     * @param model    the model.
     * @param ns       the client's namespace.
     * @param egress   the hosts of its Sidecar's egress listener for the port ({@code null}: everything visible).
     * @param listener that egress listener ({@code null}: none).
     * @param port     the request's port.
     * @return whether the client's wildcard listener on the port has an HTTP chain: a service it sees declares the
     *         port with an HTTP protocol, or sniffed on the wildcard address.
     */
    public static boolean httpListener(final RoutingModel model, final String ns, final List<String> egress,
            final SidecarSpec.EgressListener listener, final int port)
    {
        for (final RegistryService s : model.services())
        {
            if (!s.visibleTo(ns) || !SidecarScopes.visible(egress, s.namespace(), s.host()))
            {
                continue;
            }
            final String protocol = protocol(s, port, listener);
            if (protocol == null)
            {
                continue;
            }
            final int kind = kind(protocol);
            final boolean named = listener != null && listener.port() == port && listener.protocol() != null;
            if (kind == HTTP || kind == AUTO && wildcardBind(bind(s, port), named))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The kind of the client's listener for the service's port (§1 item 8): the Sidecar's egress listener's protocol
     * when it names the port, else the port's; a sniffed port routes an HTTP request as HTTP, a connection as TCP.
     *
     * @return an {@link OutboundListeners} kind, -1 when there is no service or it does not declare the port.
     */
    static int listenerKind(final RegistryService service, final SidecarSpec.EgressListener listener,
            final RequestFacts r)
    {
        final String protocol = service == null ? null : OutboundListeners.protocol(service, r.port(), listener);
        return protocol == null ? -1 : OutboundListeners.kind(protocol);
    }

    /** Whether the service's own port is HTTP or sniffed (Istio's {@code IsHTTPOrSniffed}). */
    static boolean httpOrSniffed(final RegistryService service, final int port)
    {
        for (final RegistryService.ServicePort p : service.ports())
        {
            if (p.number() == port)
            {
                return p.isHttpOrSniffed();
            }
        }
        return false;
    }

    /**
     * An HTTP request from a sidecar for no service: whether no service the client sees gives it an HTTP listener on
     * the port; then the virtual outbound listener proxies the request as a connection ({@code d.tcp} is set).
     */
    static boolean noHttpListener(final RoutingModel model, final List<String> egress,
            final SidecarSpec.EgressListener listener,
            final RequestFacts r, final DecisionBuilder d)
    {
        if (OutboundListeners.httpListener(model, r.sourceNamespace(), egress, listener, r.port()))
        {
            return false;
        }
        RouteSteps.step(d.trace, "host", ReferenceRouter.NO_HTTP_LISTENER + " " + r.port());
        // the virtual outbound listener proxies it as TCP; under the mesh's ALLOW_ANY_DYNAMIC_DNS its HTTP inspector
        // sends plain-text HTTP to the dynamic forward proxy chain instead
        final SidecarSpec sidecar = SidecarScopes.select(model, r.sourceNamespace(), r.sourceLabels());
        final MeshConfig policy = sidecar != null && sidecar.outbound() != null ? sidecar.outbound() : model.mesh();
        d.tcp = policy.outboundPolicy() != MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS;
        return true;
    }
}
