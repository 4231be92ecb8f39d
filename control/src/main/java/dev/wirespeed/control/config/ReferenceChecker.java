package dev.wirespeed.control.config;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the references routes make once everything is loaded. Istio accepts all of these and fails at
 * request time (503 NC, or a VirtualService that never applies), so they are warnings: a destination host
 * no Service or ServiceEntry defines, a port the service does not have, a subset no DestinationRule for
 * the host defines, a gateway no Gateway document defines.
 */
final class ReferenceChecker
{
    private final Diagnostics diags;
    private final RoutingModel model;

    ReferenceChecker(final Diagnostics diags, final RoutingModel model)
    {
        this.diags = diags;
        this.model = model;
    }

    void check(final References refs)
    {
        for (final dev.wirespeed.control.model.VirtualService vs : model.virtualServices())
        {
            for (final dev.wirespeed.control.model.HttpRoute r : vs.http())
            {
                if (r.delegate() != null && dev.wirespeed.control.reference.Delegates.find(model, vs, r) == null)
                {
                    diags.warning(r.source(), "delegate " + r.delegate().namespace() + "/" + r.delegate().name()
                            + " is no VirtualService without hosts exported to " + vs.namespace()
                            + "; Istio drops this route");
                }
            }
        }
        for (final References.DestinationRef r : refs.destinations)
        {
            destination(r.destination(), r.where());
        }
        final Set<String> gateways = new HashSet<>();
        for (final GatewaySpec g : model.gateways())
        {
            gateways.add(g.qualifiedName());
        }
        for (final References.GatewayRef g : refs.gateways)
        {
            if (!g.gateway().equals(Names.MESH) && !gateways.contains(g.gateway()))
            {
                diags.warning(g.where(), "gateway " + g.gateway() + " is not defined by any loaded Gateway; "
                        + "routes bound to it apply to no traffic until it exists");
            }
        }
    }

    private void destination(final Destination d, final YamlNode where)
    {
        final YamlNode hostNode = where.get("host") == null ? where : where.get("host");
        final List<RegistryService> services = services(d.host());
        if (services.isEmpty())
        {
            diags.warning(hostNode, "host " + d.host() + " has no registry service (no Service or ServiceEntry "
                    + "defines it); Istio accepts this and requests to it fail with 503 NC");
        }
        else if (d.port() != 0 && !hasPort(services, d.port()))
        {
            final YamlNode portNode = where.get("port") == null ? where : where.get("port");
            diags.warning(portNode, "service " + d.host() + " has no port " + d.port()
                    + "; requests to it fail with 503 NC");
        }
        if (d.subset() != null && !subsetDefined(d.host(), d.subset()))
        {
            final YamlNode subsetNode = where.get("subset") == null ? where : where.get("subset");
            diags.warning(subsetNode, "subset " + d.subset() + " of host " + d.host() + " is not defined by any "
                    + "DestinationRule; Istio accepts this and requests to it fail with 503 NC");
        }
    }

    private List<RegistryService> services(final String host)
    {
        final List<RegistryService> exact = new java.util.ArrayList<>();
        for (final RegistryService s : model.services())
        {
            if (hostMatches(s.host(), host))
            {
                exact.add(s);
            }
        }
        return exact;
    }

    private static boolean hasPort(final List<RegistryService> services, final int port)
    {
        for (final RegistryService s : services)
        {
            for (final RegistryService.ServicePort p : s.ports())
            {
                if (p.number() == port)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean subsetDefined(final String host, final String subset)
    {
        for (final DestinationRule dr : model.destinationRules())
        {
            if (hostMatches(dr.host(), host))
            {
                for (final DestinationRule.Subset s : dr.subsets())
                {
                    if (s.name().equals(subset))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * @param pattern a host, {@code *.suffix} or {@code *}.
     * @param host    a concrete host (or a wildcard, compared literally).
     * @return whether {@code pattern} covers {@code host}.
     */
    static boolean hostMatches(final String pattern, final String host)
    {
        if (pattern.equals(host) || pattern.equals("*"))
        {
            return true;
        }
        return pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }
}
