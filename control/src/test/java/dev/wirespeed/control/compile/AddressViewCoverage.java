package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.AddressFamilies;
import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;

import java.util.List;
import java.util.Map;

/**
 * Coverage of the addresses a client sees (docs/routing.md §4 "Clusters") in the differential tests, for requests
 * routed over a dual-stack client's or a DNS-capture client's view: {@code dual-stack-client-first-family} (a
 * dual-stack client's request over its view), {@code dual-stack-client-second-family-address} (one naming a Service's
 * address of its second family, which the client does not reach it by), {@code auto-allocated-address-routed} (a
 * DNS-capture client's request naming a host's auto-allocated address and routed to that host),
 * {@code auto-allocated-address-not-seen} (one naming an auto-allocated address and not routed to its host), and
 * {@code listener-address-not-domain} (an authority that is a listener address of a host but no domain, not routed
 * to that host by it); {@code remote-only-host-other-address} (a config cluster's client naming another address
 * than the DefaultAddress of a host of remote clusters only, not routed to it).
 */
final class AddressViewCoverage
{
    /** The keys the random models reach with the default seeds. */
    static final String[] KINDS = {"dual-stack-client-first-family", "dual-stack-client-second-family-address",
        "auto-allocated-address-routed", "auto-allocated-address-not-seen", "listener-address-not-domain",
        "remote-only-host-other-address"};

    private AddressViewCoverage()
    {
    }

    static void tally(final Map<String, Integer> coverage, final RoutingModel model, final HttpRequest r,
            final RouteDecision d, final boolean dual, final boolean capture)
    {
        final ClientProxies proxies = model.mesh().networks().proxies();
        final String authority = address(r.authority());
        final String dst = address(r.dst());
        final ClientProxies.Remote remote = proxies.remoteClient(r.src(), true);
        final int variant = AddressFamilies.variant(proxies.viewOf(r.src(), true));
        if (dual)
        {
            coverage.merge("dual-stack-client-first-family", 1, Integer::sum);
        }
        for (final RegistryService s : model.services())
        {
            final boolean routed = s.host().equals(d.host());
            final AddressFamilies.Seen seen = AddressFamilies.seen(proxies, s, remote == null ? null
                    : remote.cluster(), variant);
            if (dual && !routed && s.addresses().size() > 1 && !seen.listener().contains(authority)
                    && !seen.listener().contains(dst) && (s.addresses().contains(authority)
                    || s.addresses().contains(dst)))
            {
                coverage.merge("dual-stack-client-second-family-address", 1, Integer::sum);
            }
            final List<String> auto = proxies.autoAddresses().of(s.host());
            if (capture && auto != null && (auto.contains(authority) || auto.contains(dst)))
            {
                coverage.merge(routed ? "auto-allocated-address-routed" : "auto-allocated-address-not-seen", 1,
                        Integer::sum);
            }
            final Map<String, List<String>> vips = proxies.clusterAddresses().get(s.host());
            if (!routed && remote == null && vips != null && !vips.containsKey(
                    dev.wirespeed.control.model.MeshNetworks.CLUSTER_ID) && s.addresses().size() > 1
                    && s.addresses().subList(1, s.addresses().size()).stream().anyMatch(a -> a.equals(authority)
                    || a.equals(dst)))
            {
                coverage.merge("remote-only-host-other-address", 1, Integer::sum);
            }
            if (!routed && seen.notDomains().contains(authority) && !authority.isEmpty())
            {
                coverage.merge("listener-address-not-domain", 1, Integer::sum);
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
