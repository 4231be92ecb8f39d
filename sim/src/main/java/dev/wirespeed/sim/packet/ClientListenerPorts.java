package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.reference.OutboundListeners;
import dev.wirespeed.control.reference.SidecarScopes;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ports on which one client's sidecar has an HTTP or a sniffed outbound listener, as Istio builds them
 * ({@code buildSidecarOutboundListeners}; docs/routing.md §1 item 8 and §1.6), for the packet forwarder's client
 * classes ({@code MeshDirectory}): the client's Sidecar (the first of its namespace whose selector its labels match,
 * else its namespace's without selector, else the root namespace's without selector); for each port of each service
 * exported to the client's namespace, the Sidecar's egress listener for that port (else its listener without port; a
 * Sidecar without egress sees everything, one whose listeners do not take the port nothing on it) must see the
 * service, and the listener's protocol is that egress listener's when it names the port, else the port's own: an HTTP
 * protocol gives an HTTP listener, none a sniffed one, another a TCP one. The client's virtual outbound listener sniffs
 * when its outbound traffic policy (its Sidecar's, else the mesh's) is {@code ALLOW_ANY_DYNAMIC_DNS}.
 *
 * @param http    the ports with an HTTP listener.
 * @param sniffed the ports with a sniffed listener.
 * @param sniffsUndeclaredPorts whether the virtual outbound listener sniffs.
 */
public record ClientListenerPorts(Set<Integer> http, Set<Integer> sniffed, boolean sniffsUndeclaredPorts)
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
        final Set<Integer> http = new TreeSet<>();
        final Set<Integer> sniffed = new TreeSet<>();
        for (final RegistryService s : model.services())
        {
            if (!s.visibleTo(namespace))
            {
                continue;
            }
            for (final RegistryService.ServicePort p : s.ports())
            {
                String protocol = p.protocol();
                if (sidecar != null && !sidecar.egress().isEmpty())
                {
                    final SidecarSpec.EgressListener l = egressFor(sidecar, p.number());
                    if (l == null || !SidecarScopes.visible(l.hosts(), s.namespace(), s.host()))
                    {
                        continue; // no listener of the Sidecar takes the port, or it hides the service
                    }
                    protocol = l.port() == p.number() && l.protocol() != null ? l.protocol() : protocol;
                }
                final int kind = OutboundListeners.kind(protocol);
                if (kind == OutboundListeners.HTTP)
                {
                    http.add(p.number());
                }
                else if (kind == OutboundListeners.AUTO)
                {
                    sniffed.add(p.number());
                }
            }
        }
        final MeshConfig policy = sidecar != null && sidecar.outbound() != null ? sidecar.outbound() : model.mesh();
        return new ClientListenerPorts(http, sniffed,
            policy.outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS);
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
