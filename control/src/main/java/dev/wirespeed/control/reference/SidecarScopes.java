package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;

import java.util.List;
import java.util.Map;

/**
 * Which {@code Sidecar} applies to a request and what it lets the request see (docs/routing.md §1.6):
 * the oldest Sidecar of the client's namespace whose {@code workloadSelector} its labels match, else the
 * namespace's Sidecar without selector, else the root namespace's ({@code istio-system}) without selector.
 * Its egress listener for the request's port (else its listener without port) lists {@code namespace/host}
 * entries; a service or VirtualService is visible when an entry's namespace ({@code *} or its own) and host
 * ({@code *}, {@code *.suffix} or the name, either side may be the wildcard) cover it.
 */
public final class SidecarScopes
{
    /** Istio's default root namespace: its namespace-wide Sidecar is the mesh-wide default. */
    public static final String ROOT_NAMESPACE = "istio-system";

    private SidecarScopes()
    {
    }

    /**
     * @param model           the model.
     * @param sourceNamespace the client's namespace.
     * @param sourceLabels    the client's labels.
     * @return the Sidecar that applies, or {@code null}.
     */
    public static SidecarSpec select(final RoutingModel model, final String sourceNamespace,
            final Map<String, String> sourceLabels)
    {
        for (final SidecarSpec s : model.sidecars())
        {
            if (s.namespace().equals(sourceNamespace) && !s.workloadSelector().isEmpty()
                    && sourceLabels.entrySet().containsAll(s.workloadSelector().entrySet()))
            {
                return s;
            }
        }
        for (final String ns : new String[] {sourceNamespace, model.mesh().rootNamespace()})
        {
            for (final SidecarSpec s : model.sidecars())
            {
                if (s.namespace().equals(ns) && s.workloadSelector().isEmpty())
                {
                    return s;
                }
            }
        }
        return null;
    }

    /**
     * @param model the model.
     * @param r     a request.
     * @return the egress hosts of the request's Sidecar, {@code null} when everything is visible (no Sidecar
     *         applies, or the request comes through a gateway).
     */
    public static List<String> egressHosts(final RoutingModel model, final RequestFacts r)
    {
        if (!"mesh".equals(r.gateway()))
        {
            return null;
        }
        final SidecarSpec sidecar = select(model, r.sourceNamespace(), r.sourceLabels());
        return sidecar == null ? null : egressHosts(sidecar, r.port());
    }

    /**
     * @param egress egress hosts ({@code null} = everything).
     * @param vs     a VirtualService.
     * @return whether any of its hosts is visible.
     */
    public static boolean visible(final List<String> egress, final dev.wirespeed.control.model.VirtualService vs)
    {
        for (final String h : vs.hosts())
        {
            if (visible(egress, vs.namespace(), h))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param sidecar a Sidecar.
     * @param port    the request's port.
     * @return the egress hosts that apply, or {@code null} when the Sidecar has no egress listener (everything
     *         is visible); an empty list when no listener takes the port.
     */
    public static List<String> egressHosts(final SidecarSpec sidecar, final int port)
    {
        if (sidecar.egress().isEmpty())
        {
            return null;
        }
        final SidecarSpec.EgressListener l = listener(sidecar, port);
        return l == null ? List.of() : l.hosts();
    }

    /**
     * @param model the model.
     * @param r     a request from a sidecar.
     * @return its Sidecar's egress listener for its port, else the Sidecar's listener without port, else {@code null}.
     */
    public static SidecarSpec.EgressListener listener(final RoutingModel model, final RequestFacts r)
    {
        return listener(select(model, r.sourceNamespace(), r.sourceLabels()), r.port());
    }

    /**
     * @param sidecar a Sidecar, or {@code null}.
     * @param port    the request's port.
     * @return its egress listener for the port, else its listener without port, else {@code null}.
     */
    public static SidecarSpec.EgressListener listener(final SidecarSpec sidecar, final int port)
    {
        if (sidecar == null)
        {
            return null;
        }
        for (final SidecarSpec.EgressListener l : sidecar.egress())
        {
            if (l.port() == port)
            {
                return l;
            }
        }
        for (final SidecarSpec.EgressListener l : sidecar.egress())
        {
            if (l.port() == 0)
            {
                return l;
            }
        }
        return null;
    }

    /**
     * @param hosts     egress hosts ({@code null} = everything).
     * @param namespace the namespace of the service or VirtualService.
     * @param host      its host (a VirtualService host may be a wildcard).
     * @return whether an entry covers it.
     */
    public static boolean visible(final List<String> hosts, final String namespace, final String host)
    {
        if (hosts == null)
        {
            return true;
        }
        for (final String entry : hosts)
        {
            final int slash = entry.indexOf('/');
            final String ns = entry.substring(0, slash);
            final String h = entry.substring(slash + 1);
            if (!ns.equals("~") && (ns.equals("*") || ns.equals(namespace)) && (covers(h, host) || covers(host, h)))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(final String pattern, final String host)
    {
        if (pattern.equals("*") || pattern.equals(host))
        {
            return true;
        }
        return pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }

    /** Whether the client does not see the service (exportTo, its Sidecar), said in the trace. */
    static boolean hidden(final RoutingModel model, final RegistryService service, final RequestFacts r,
            final RouteTrace trace)
    {
        if (!service.visibleTo(r.sourceNamespace()))
        {
            RouteSteps.step(trace, "host", "the service is not exported to namespace " + r.sourceNamespace());
            return true;
        }
        final List<String> egress = SidecarScopes.egressHosts(model, r);
        if (!SidecarScopes.visible(egress, service.namespace(), service.host()))
        {
            RouteSteps.sidecarHides(trace, egress);
            return true;
        }
        return false;
    }
}
