package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.reference.OutboundListeners;
import dev.wirespeed.control.reference.SidecarScopes;
import dev.wirespeed.pipeline.forward.MeshDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outbound listeners of one client's sidecar, as Istio builds them ({@code buildSidecarOutboundListeners},
 * {@code buildSidecarOutboundListener}; docs/routing.md §1 item 8 and §1.6), for the packet forwarder's client classes
 * ({@code MeshDirectory}): the client's Sidecar (the first of its namespace whose selector its labels match, else its
 * namespace's without selector, else the root namespace's without selector); for each port of each service exported
 * to the client's namespace, the Sidecar's egress listener for that port (else its listener without port; a Sidecar
 * without egress sees everything, one whose listeners do not take the port nothing on it) must see the service, and
 * the listener's protocol is that egress listener's when it names the port, else the port's own. An HTTP protocol
 * puts an HTTP chain on the wildcard listener {@code 0.0.0.0_PORT}; a TCP (TLS, ...) or sniffed one a listener at the
 * service's addresses (its first a literal), at its endpoints' addresses (a passthrough service, on the catch-all
 * egress listener), nowhere (a headless Service without endpoints) or on the wildcard listener. An {@code HTTP_PROXY}
 * egress listener naming a port puts every service of its hosts, whatever its ports, on the wildcard listener as
 * HTTP. Listeners on one address and port merge: one kind stays, two kinds are sniffed (Istio's conflict rules). The
 * client's virtual outbound listener sniffs when its outbound traffic policy (its Sidecar's, else the mesh's) is
 * {@code ALLOW_ANY_DYNAMIC_DNS}.
 *
 * @param http    the ports whose wildcard listener is HTTP.
 * @param sniffed the ports whose wildcard listener is sniffed.
 * @param tcp     the ports whose wildcard listener is TCP.
 * @param atAddress per port, the listeners bound to an address that read a segment otherwise than the port's
 *                wildcard listener (or, without one, the virtual outbound listener) does: address text to
 *                {@code MeshDirectory.LISTENER_*} kind.
 * @param sniffsUndeclaredPorts whether the virtual outbound listener sniffs.
 */
public record ClientListenerPorts(Set<Integer> http, Set<Integer> sniffed, Set<Integer> tcp,
    Map<Integer, Map<String, Integer>> atAddress, boolean sniffsUndeclaredPorts)
{
    /**
     * @param model     the model.
     * @param namespace the client's namespace.
     * @param labels    its labels.
     * @return its listener ports.
     */
    public static ClientListenerPorts of(final RoutingModel model, final String namespace,
        final Map<String, String> labels)
    {
        return of(model, namespace, sidecarOf(model, namespace, labels));
    }

    /**
     * @param model     the model.
     * @param namespace the client's namespace.
     * @param sidecar   its Sidecar ({@link #sidecarOf}), or {@code null}: what its listeners depend on besides the
     *                  namespace.
     * @return its listener ports.
     */
    static ClientListenerPorts of(final RoutingModel model, final String namespace, final SidecarSpec sidecar)
    {
        final Map<Integer, Slot> wildcard = new TreeMap<>();
        final Map<Integer, Map<String, Slot>> bound = new TreeMap<>();
        for (final RegistryService s : model.services())
        {
            if (!s.visibleTo(namespace))
            {
                continue;
            }
            for (final RegistryService.ServicePort p : s.ports())
            {
                String protocol = p.protocol();
                boolean named = false;
                if (sidecar != null && !sidecar.egress().isEmpty())
                {
                    final SidecarSpec.EgressListener l = egressFor(sidecar, p.number());
                    if (l == null || !SidecarScopes.visible(l.hosts(), s.namespace(), s.host()))
                    {
                        continue; // no listener of the Sidecar takes the port, or it hides the service
                    }
                    named = l.port() == p.number() && l.protocol() != null;
                    protocol = named ? l.protocol() : protocol;
                }
                final int kind = OutboundListeners.kind(protocol);
                final int listener = kind == OutboundListeners.HTTP ? MeshDirectory.LISTENER_HTTP
                    : kind == OutboundListeners.AUTO ? MeshDirectory.LISTENER_SNIFFED : MeshDirectory.LISTENER_TCP;
                final int bind = OutboundListeners.bind(s, p.number());
                if (listener == MeshDirectory.LISTENER_HTTP || OutboundListeners.wildcardBind(bind, named))
                {
                    wildcard.computeIfAbsent(p.number(), k -> new Slot()).add(listener, protocol);
                }
                else if (bind == OutboundListeners.BIND_ADDRESS)
                {
                    final Map<String, Slot> at = bound.computeIfAbsent(p.number(), k -> new TreeMap<>());
                    for (final String a : s.addresses())
                    {
                        at.computeIfAbsent(a.toLowerCase(Locale.ROOT), k -> new Slot()).add(listener, protocol);
                    }
                }
                else if (bind == OutboundListeners.BIND_ENDPOINTS)
                {
                    final Map<String, Slot> at = bound.computeIfAbsent(p.number(), k -> new TreeMap<>());
                    for (final RegistryService.Endpoint e : s.endpoints())
                    {
                        if (e.serves(p) && OutboundListeners.endpointListener(e, e.address().toLowerCase(Locale.ROOT)))
                        {
                            at.computeIfAbsent(e.address().toLowerCase(Locale.ROOT), k -> new Slot())
                                .add(listener, protocol);
                        }
                    }
                }
            }
        }
        httpProxies(model, namespace, sidecar, wildcard);
        final MeshConfig policy = sidecar != null && sidecar.outbound() != null ? sidecar.outbound() : model.mesh();
        final boolean sniffs = policy.outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS;
        final Map<Integer, Map<String, Integer>> atAddress = new TreeMap<>();
        bound.forEach((port, at) ->
        {
            final int w = wildcard.containsKey(port) ? wildcard.get(port).kind : MeshDirectory.LISTENER_NONE;
            final Map<String, Integer> differing = new TreeMap<>();
            at.forEach((address, slot) ->
            {
                final int kind = slot.kind;
                // a TCP listener reads as the virtual outbound listener does unless that one sniffs
                final boolean same = kind == w || !sniffs && (kind == MeshDirectory.LISTENER_TCP
                    && w == MeshDirectory.LISTENER_NONE || kind == MeshDirectory.LISTENER_NONE
                    && w == MeshDirectory.LISTENER_TCP);
                if (!same)
                {
                    differing.put(address, kind);
                }
            });
            if (!differing.isEmpty())
            {
                atAddress.put(port, differing);
            }
        });
        return new ClientListenerPorts(ports(wildcard, MeshDirectory.LISTENER_HTTP),
            ports(wildcard, MeshDirectory.LISTENER_SNIFFED), ports(wildcard, MeshDirectory.LISTENER_TCP), atAddress,
            sniffs);
    }

    /**
     * The Sidecar's {@code HTTP_PROXY} egress listeners: Istio matches their services without their port
     * ({@code needsPortMatch}), so any service of their hosts the client sees puts an HTTP chain on the wildcard
     * listener of their port.
     */
    private static void httpProxies(final RoutingModel model, final String namespace, final SidecarSpec sidecar,
        final Map<Integer, Slot> wildcard)
    {
        if (sidecar == null)
        {
            return;
        }
        for (final SidecarSpec.EgressListener l : sidecar.egress())
        {
            if (l.port() <= 0 || !"HTTP_PROXY".equals(l.protocol()) || egressFor(sidecar, l.port()) != l)
            {
                continue;
            }
            for (final RegistryService s : model.services())
            {
                if (s.visibleTo(namespace) && SidecarScopes.visible(l.hosts(), s.namespace(), s.host()))
                {
                    wildcard.computeIfAbsent(l.port(), k -> new Slot()).add(MeshDirectory.LISTENER_HTTP, "HTTP_PROXY");
                    break;
                }
            }
        }
    }

    /**
     * A listener key (address and port) as the services build it in turn (Istio's conflict rules in
     * {@code buildSidecarOutboundListener}): one kind stays; an HTTP chain on a listener with one adds nothing; any
     * other mix is sniffed; a {@code MONGO} or {@code MYSQL} port meeting another protocol is left out
     * ({@code isConflictWithWellKnownPort}).
     */
    private static final class Slot
    {
        private int kind = MeshDirectory.LISTENER_NONE;
        private String protocol;

        void add(final int listener, final String with)
        {
            final boolean wellKnown = "MONGO".equals(protocol) || "MYSQL".equals(protocol) || "MONGO".equals(with)
                || "MYSQL".equals(with);
            if (kind == MeshDirectory.LISTENER_NONE)
            {
                kind = listener;
                protocol = with;
            }
            else if (listener == MeshDirectory.LISTENER_HTTP && kind != MeshDirectory.LISTENER_TCP
                || wellKnown && !with.equals(protocol) || listener == kind)
            {
                return;
            }
            else
            {
                kind = MeshDirectory.LISTENER_SNIFFED;
                protocol = RegistryService.ServicePort.AUTO;
            }
        }
    }

    private static Set<Integer> ports(final Map<Integer, Slot> wildcard, final int kind)
    {
        final Set<Integer> out = new TreeSet<>();
        wildcard.forEach((port, slot) ->
        {
            if (slot.kind == kind)
            {
                out.add(port);
            }
        });
        return out;
    }

    /** @return the listeners bound to addresses that read otherwise than their port's wildcard listener. */
    public List<MeshDirectory.AddressListener> bound()
    {
        final List<MeshDirectory.AddressListener> out = new ArrayList<>();
        atAddress.forEach((port, at) -> at.forEach((address, kind) ->
            out.add(new MeshDirectory.AddressListener(port, address, kind))));
        return out;
    }

    /** The Sidecar of a client: a selector of its namespace that its labels match, its namespace's, the root's. */
    static SidecarSpec sidecarOf(final RoutingModel model, final String namespace,
        final Map<String, String> labels)
    {
        SidecarSpec namespaceWide = null;
        SidecarSpec rootWide = null;
        for (final SidecarSpec s : model.sidecars())
        {
            final boolean own = s.namespace().equals(namespace);
            if (own && !s.workloadSelector().isEmpty() && selects(s.workloadSelector(), labels))
            {
                return s;
            }
            if (own && s.workloadSelector().isEmpty() && namespaceWide == null)
            {
                namespaceWide = s;
            }
            final boolean root = s.namespace().equals(model.mesh().rootNamespace());
            if (root && s.workloadSelector().isEmpty() && rootWide == null)
            {
                rootWide = s;
            }
        }
        return namespaceWide != null ? namespaceWide : rootWide;
    }

    private static boolean selects(final Map<String, String> selector, final Map<String, String> labels)
    {
        for (final Map.Entry<String, String> e : selector.entrySet())
        {
            if (!e.getValue().equals(labels.get(e.getKey())))
            {
                return false;
            }
        }
        return true;
    }

    /** The Sidecar's egress listener that names the port, else its listener without port, else none. */
    private static SidecarSpec.EgressListener egressFor(final SidecarSpec sidecar, final int port)
    {
        SidecarSpec.EgressListener any = null;
        for (final SidecarSpec.EgressListener l : sidecar.egress())
        {
            if (l.port() == port)
            {
                return l;
            }
            any = any == null && l.port() == 0 ? l : any;
        }
        return any;
    }
}
