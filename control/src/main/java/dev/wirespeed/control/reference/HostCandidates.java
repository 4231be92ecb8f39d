package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference interpreter's host stage (docs/routing.md §1 items 1-4): normalises an authority, resolves its
 * aliases to a registry service, and groups the candidate VirtualServices by the host that covers the request's.
 */
final class HostCandidates
{
    private final RoutingModel model;
    /** The services' addresses that are no domain of their virtual hosts ("host address", docs/routing.md §4). */
    private final java.util.Set<String> notDomains;

    /** @param model the resolved model. */
    HostCandidates(final RoutingModel model)
    {
        this(model, java.util.Set.of());
    }

    /**
     * @param model      the resolved model (a view of it).
     * @param notDomains its services' listener addresses that are no domain of their virtual hosts.
     */
    HostCandidates(final RoutingModel model, final java.util.Set<String> notDomains)
    {
        this.model = model;
        this.notDomains = notDomains;
    }

    static String normaliseHost(final String authority)
    {
        final String a = RequestFacts.asciiLower(authority);
        if (a.startsWith("[") && a.indexOf(']') > 0)
        {
            return a.substring(1, a.indexOf(']'));
        }
        if (RequestFacts.count(a, ':') == 1)
        {
            return a.substring(0, a.indexOf(':'));
        }
        return a;
    }

    String resolveAlias(final String host, final String sourceNamespace)
    {
        final int dots = RequestFacts.count(host, '.');
        if (dots == 0 && !host.isEmpty())
        {
            return host + "." + sourceNamespace + ".svc.cluster.local";
        }
        if (dots == 2 && host.endsWith(".svc"))
        {
            return host + ".cluster.local";
        }
        if (dots == 1 && serviceByHost(host + ".svc.cluster.local") != null)
        {
            return host + ".svc.cluster.local";
        }
        return host;
    }

    RegistryService serviceByAddress(final String host)
    {
        for (final RegistryService s : model.services())
        {
            for (final String a : s.addresses())
            {
                if (RequestFacts.asciiLower(a).equals(host) && !notDomains.contains(s.host() + " " + host))
                {
                    return s;
                }
            }
        }
        return null;
    }

    RegistryService serviceByHost(final String host)
    {
        for (final RegistryService s : model.services())
        {
            if (s.host().equals(host))
            {
                return s;
            }
        }
        return null;
    }

    /**
     * @param s    a service.
     * @param port a port.
     * @return whether the service declares the port: only then is it in a sidecar's route table of that port.
     */
    static boolean declares(final RegistryService s, final int port)
    {
        for (final RegistryService.ServicePort p : s.ports())
        {
            if (p.number() == port)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The VirtualServices bound to the request's gateway and exported to its namespace whose hosts cover
     * {@code host}, grouped by the host that covers it, most specific first: the exact host, then
     * wildcards longest first, then {@code *}; load order within a group.
     */
    List<List<VirtualService>> candidateGroups(final String host, final RequestFacts r,
            final List<String> egress, final RouteTrace trace)
    {
        return candidateGroups(host, r, egress, trace, null);
    }

    /**
     * {@link #candidateGroups(String, RequestFacts, List, RouteTrace)} counting only the VirtualService hosts
     * {@code domain} accepts ({@code null}: all).
     */
    List<List<VirtualService>> candidateGroups(final String host, final RequestFacts r,
            final List<String> egress, final RouteTrace trace, final java.util.function.Predicate<String> domain)
    {
        final java.util.TreeMap<Integer, List<VirtualService>> byLength =
                new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (final VirtualService vs : model.virtualServices())
        {
            if (!vs.gateways().contains(r.gateway()) || !vs.visibleTo(r.sourceNamespace())
                    || !SidecarScopes.visible(egress, vs))
            {
                RouteSteps.notConsidered(trace, vs, r, egress, host);
                continue;
            }
            int best = -2;
            for (final String h : vs.hosts())
            {
                if (domain != null && !domain.test(h))
                {
                    continue;
                }
                if (h.equals(host))
                {
                    best = Integer.MAX_VALUE;
                }
                else if (h.startsWith("*.") && host.endsWith(h.substring(1)) && host.length() > h.length() - 1)
                {
                    best = Math.max(best, h.length());
                }
                else if (h.equals("*"))
                {
                    best = Math.max(best, -1);
                }
            }
            if (best > -2)
            {
                byLength.computeIfAbsent(best, k -> new ArrayList<>()).add(vs);
            }
            RouteSteps.considered(trace, vs, host, best);
        }
        return new ArrayList<>(byLength.values());
    }
}
