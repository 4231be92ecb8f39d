package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;

import java.util.List;
import java.util.Map;

/**
 * Coverage of a remote cluster's client reaching hosts by its own cluster's addresses (docs/routing.md §4
 * "Clusters") in the differential tests: {@code cluster-address-own} for a request of such a client that names a
 * host by its cluster's address of it (authority or {@code dst}), other than the host's first cluster's, and is
 * routed to that host; {@code cluster-address-first-not-seen} for one that names a host by its first cluster's
 * address while its cluster has another, and is not routed to it; {@code cluster-address-headless-there} likewise
 * for a host its cluster has no address of.
 */
final class ClusterAddressCoverage
{
    /** The keys the random models reach with the default seeds. */
    static final String[] KINDS = {"cluster-address-own", "cluster-address-first-not-seen",
        "cluster-address-headless-there"};

    private ClusterAddressCoverage()
    {
    }

    static void tally(final Map<String, Integer> coverage, final RoutingModel model, final HttpRequest r,
            final RouteDecision d)
    {
        final ClientProxies proxies = model.mesh().networks().proxies();
        final ClientProxies.Remote remote = proxies.remoteClient(r.src(), r.gateway() == null
                || "mesh".equals(r.gateway()));
        if (remote == null)
        {
            return;
        }
        final String authority = address(r.authority());
        final String dst = address(r.dst());
        for (final RegistryService s : model.services())
        {
            final List<String> own = proxies.addressesFor(s, remote.cluster());
            if (own.equals(s.addresses()))
            {
                continue;
            }
            final boolean routed = s.host().equals(d.host());
            if (routed && (own.contains(authority) || own.contains(dst)) && !s.addresses().contains(authority)
                    && !s.addresses().contains(dst))
            {
                coverage.merge("cluster-address-own", 1, Integer::sum);
            }
            if (!routed && (s.addresses().contains(authority) || s.addresses().contains(dst)))
            {
                coverage.merge(own.isEmpty() ? "cluster-address-headless-there" : "cluster-address-first-not-seen",
                        1, Integer::sum);
            }
        }
    }

    /** @return the address an authority or destination names (brackets and port stripped), {@code ""} for none. */
    private static String address(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return "";
        }
        final String t = text.toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("[") && t.indexOf(']') > 0)
        {
            return t.substring(1, t.indexOf(']'));
        }
        return t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') > 0 ? t.substring(0, t.indexOf(':')) : t;
    }
}
