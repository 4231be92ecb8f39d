package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;

import java.util.List;

/**
 * A sidecar's virtual hosts for hosts outside the registry (docs/routing.md §1 item 5), as Istio builds them per
 * listener port ({@code BuildSidecarVirtualHostWrapper}): the registry there is the services the client sees that
 * declare the request's port. A VirtualService host that is no such service is a domain of the VirtualService's
 * virtual host (a wildcard only when it covers none of them), and that virtual host exists on the port when the
 * port is 80 or an HTTP port of a service the VirtualService claims: one it names, or one under its wildcard whose
 * most specific VirtualService it is.
 */
final class OutsideHosts
{
    /** The start of the explain step for a wildcard host that is no domain of a sidecar virtual host. */
    static final String NO_DOMAIN = "no sidecar virtual host domain";
    /** The start of the explain step for a VirtualService without virtual host for its outside hosts. */
    static final String NOT_SERVED = "no virtual host for its hosts outside the registry";

    private final RoutingModel model;
    private final HostCandidates hosts;

    /**
     * @param model the resolved model.
     * @param hosts its host stage.
     */
    OutsideHosts(final RoutingModel model, final HostCandidates hosts)
    {
        this.model = model;
        this.hosts = hosts;
    }

    /**
     * @param vsHost a VirtualService host.
     * @param r      a sidecar request.
     * @param egress the client's Sidecar egress hosts ({@code null}: all).
     * @return whether the host is a domain of a sidecar virtual host on the request's port: no service the client
     *         sees on that port is or is under it.
     */
    boolean domain(final String vsHost, final RequestFacts r, final List<String> egress)
    {
        for (final RegistryService s : model.services())
        {
            if (covers(vsHost, s.host()) && declares(s, r.port(), false) && seen(s, r, egress))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param vs     a VirtualService bound to {@code mesh}.
     * @param r      a sidecar request.
     * @param egress the client's Sidecar egress hosts.
     * @return whether the sidecar has a virtual host of its hosts outside the registry on the request's port.
     */
    boolean served(final VirtualService vs, final RequestFacts r, final List<String> egress)
    {
        if (r.port() == 80)
        {
            return true; // Istio's port-80 rule: such hosts always get a virtual host there
        }
        for (final RegistryService s : model.services())
        {
            if (!declares(s, r.port(), true) || !seen(s, r, egress))
            {
                continue;
            }
            if (vs.hosts().contains(s.host()))
            {
                return true;
            }
            if (underWildcard(vs, s.host()) && mostSpecific(s, r, egress) == vs)
            {
                return true;
            }
        }
        return false;
    }

    /** The explain step of every candidate host that is no domain on the request's port. */
    void explainDomains(final List<List<VirtualService>> groups, final String host, final RequestFacts r,
            final List<String> egress, final RouteTrace trace)
    {
        for (final List<VirtualService> group : groups)
        {
            for (final VirtualService vs : group)
            {
                for (final String h : vs.hosts())
                {
                    if (covers(h, host) && !domain(h, r, egress))
                    {
                        RouteSteps.step(trace, "host", vs.qualifiedName() + ": " + NO_DOMAIN + " `" + h + "` on port "
                                + r.port() + " (it covers a service of that port, which it claims alone)");
                    }
                }
            }
        }
    }

    /** Istio's most specific VirtualService of a service for the client (its {@code mostSpecificWildcardVsIndex}). */
    private VirtualService mostSpecific(final RegistryService s, final RequestFacts r, final List<String> egress)
    {
        final List<List<VirtualService>> groups = hosts.candidateGroups(s.host(), r, egress, null);
        return groups.isEmpty() ? null : groups.get(0).get(0);
    }

    private static boolean underWildcard(final VirtualService vs, final String host)
    {
        for (final String h : vs.hosts())
        {
            if (h.startsWith("*") && covers(h, host))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean seen(final RegistryService s, final RequestFacts r, final List<String> egress)
    {
        return s.visibleTo(r.sourceNamespace()) && SidecarScopes.visible(egress, s.namespace(), s.host());
    }

    private static boolean declares(final RegistryService s, final int port, final boolean http)
    {
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.number() == port && (!http || p.isHttpOrSniffed()))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether a VirtualService host covers a host: the same, {@code *}, or a wildcard suffix with a label before. */
    private static boolean covers(final String vsHost, final String host)
    {
        return vsHost.equals(host) || vsHost.equals("*")
                || vsHost.startsWith("*.") && host.endsWith(vsHost.substring(1)) && host.length() > vsHost.length() - 1;
    }
}
