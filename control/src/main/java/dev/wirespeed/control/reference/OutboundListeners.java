package dev.wirespeed.control.reference;

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

    /**
     * @param s a service.
     * @return whether Istio binds its TCP and sniffed listeners to the wildcard address: it has no address literal
     *         (none, or a CIDR), and it is not a passthrough service with endpoints (those get one listener per
     *         endpoint address).
     */
    public static boolean wildcardBind(final RegistryService s)
    {
        final boolean literal = !s.addresses().isEmpty() && IpLiterals.parse(s.addresses().get(0)) != null;
        return !literal && (!s.passthrough() || s.endpoints().isEmpty());
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
            if (kind == HTTP || kind == AUTO && wildcardBind(s))
            {
                return true;
            }
        }
        return false;
    }
}
