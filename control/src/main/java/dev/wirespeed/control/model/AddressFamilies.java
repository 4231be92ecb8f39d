package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses a sidecar reaches a host by (docs/routing.md §4 "Clusters"): Istio's {@code GetAddressForProxy} (its
 * listener's address), {@code GetExtraAddressesForProxy} (the listener's other addresses) and
 * {@code GetAllAddressesForProxy} (its virtual host's address domains), which read the host's addresses of the proxy's
 * cluster ({@code ClusterVIPs}), the auto-allocated addresses of a ServiceEntry host for a proxy with DNS capture, and
 * filter them by the proxy's IP families ({@code FilterAddressesByIPFamily}). A view of the services is named by a row
 * {@code VARIANTS * cluster ordinal + variant}, the variant a client's family index (0: unknown, no filter; 1: IPv4
 * only; 2: IPv6 only; 3: dual-stack, the first address's family) plus 4 with DNS capture; cluster ordinal 0: the
 * config cluster, else 1 + the index in {@link ClientProxies#remoteClusters}.
 */
public final class AddressFamilies
{
    /** The explain step for a single-stack client of a dual-stack service (docs/routing.md §4 "Clusters"). */
    public static final String OWN_FAMILY_ADDRESSES = "reaches a dual-stack Service by its addresses of that family";

    /** The explain step for a dual-stack client: the first address's family only. */
    public static final String FIRST_FAMILY_ADDRESSES = "reaches a dual-stack Service by the addresses of its first"
            + " address's family (Istio without ISTIO_DUAL_STACK)";

    /** The explain step for a client with DNS capture. */
    public static final String AUTO_ADDRESSES = "with DNS capture reaches a ServiceEntry host without addresses by its"
            + " auto-allocated address";

    /** Rows per cluster: four families, without and with DNS capture. */
    public static final int VARIANTS = 8;

    /** Istio's unspecified address, a headless Service's {@code ClusterVIPs} and a service's default without one. */
    private static final String UNSPECIFIED = "0.0.0.0";

    /**
     * The addresses a client sees of a service.
     *
     * @param listener   its listener's addresses ({@code GetAddressForProxy} then {@code GetExtraAddressesForProxy}),
     *                   empty for the wildcard address: the view's {@link RegistryService#addresses}.
     * @param notDomains those of them that are no domain of its virtual host ({@code GetAllAddressesForProxy} leaves
     *                   them out), lower-case.
     */
    public record Seen(List<String> listener, List<String> notDomains)
    {
    }

    private AddressFamilies()
    {
    }

    /**
     * @param mode a proxy's IP mode.
     * @return its family index: 1 for IPv4 only, 2 for IPv6 only, 3 for dual-stack, 0 for unknown (no filter).
     */
    public static int index(final ClientProxies.IpMode mode)
    {
        return switch (mode)
        {
            case IPV4 -> 1;
            case IPV6 -> 2;
            case DUAL -> 3;
            default -> 0;
        };
    }

    /**
     * @param view a proxy's view.
     * @return its variant: its family index, plus 4 with DNS capture.
     */
    public static int variant(final ClientProxies.View view)
    {
        return index(view.ipMode()) + (view.dnsCapture() ? 4 : 0);
    }

    /**
     * The addresses a client of a cluster and variant sees of a service. A Kubernetes Service (a
     * {@code .svc.cluster.local} host, {@code ClusterVIPs} of each cluster) is reached by its cluster's addresses
     * ({@link ClientProxies#ownAddresses}; a headless Service's is the unspecified address) of the client's family;
     * when none is left (its cluster does not have the host, or has no address of that family), its listener is at
     * the service's {@code DefaultAddress} (its first cluster's first address; {@code GetAddressForProxy} does not
     * filter it) and that address is a domain only when of the client's family. A ServiceEntry host keeps its
     * addresses (Istio makes a service of each, with no cluster addresses, whose {@code DefaultAddress} is never
     * filtered); without any, a client with DNS capture reaches it by its auto-allocated addresses: the listener at
     * the IPv4 one (else the IPv6 one) of the families it supports, with the others of its family as extra addresses,
     * and that first address the only domain (Istio's route table copies the service with {@code DefaultAddress} =
     * {@code GetAddressForProxy} and no auto-allocated address).
     *
     * @param proxies the clients.
     * @param service a service.
     * @param cluster the client's cluster id ({@code null}: the config cluster's).
     * @param variant the client's variant ({@link #variant}).
     * @return the addresses.
     */
    public static Seen seen(final ClientProxies proxies, final RegistryService service, final String cluster,
            final int variant)
    {
        final int family = variant & 3;
        final boolean v4 = family != 2;
        final boolean v6 = family != 1;
        if (!service.host().endsWith(".svc.cluster.local"))
        {
            final List<String> auto = proxies.autoAddresses().of(service.host());
            if (variant < 4 || auto == null || !service.addresses().isEmpty() || service.passthrough())
            {
                return new Seen(service.addresses(), List.of());
            }
            final String first = v4 && !auto.get(0).isEmpty() ? auto.get(0) : v6 && !auto.get(1).isEmpty()
                    ? auto.get(1) : null;
            if (first == null)
            {
                return new Seen(service.addresses(), List.of()); // the unspecified address: the wildcard listener
            }
            final List<String> all = new ArrayList<>();
            for (final String a : auto)
            {
                if (!a.isEmpty())
                {
                    all.add(a);
                }
            }
            final List<String> listener = new ArrayList<>(List.of(first));
            final List<String> extra = family == 0 ? all : byFamily(all, v4, v6);
            listener.addAll(extra.subList(Math.min(1, extra.size()), extra.size()));
            final List<String> notDomains = new ArrayList<>();
            for (final String a : listener.subList(1, listener.size()))
            {
                notDomains.add(a.toLowerCase(java.util.Locale.ROOT));
            }
            return new Seen(List.copyOf(listener), List.copyOf(notDomains));
        }
        final List<String> own = proxies.ownAddresses(service, cluster);
        final List<String> vips = own == null ? List.of() : own.isEmpty() ? List.of(UNSPECIFIED) : own;
        final List<String> kept = family == 0 ? vips : byFamily(vips, v4, v6);
        if (!kept.isEmpty())
        {
            return new Seen(kept.equals(List.of(UNSPECIFIED)) ? List.of() : kept, List.of());
        }
        final String fallback = service.addresses().isEmpty() ? UNSPECIFIED : service.addresses().get(0);
        final List<String> listener = fallback.equals(UNSPECIFIED) ? List.of() : List.of(fallback);
        return new Seen(listener, byFamily(listener, v4, v6).isEmpty() && !listener.isEmpty()
                ? List.of(fallback.toLowerCase(java.util.Locale.ROOT)) : List.of());
    }

    /**
     * Istio's {@code FilterAddressesByIPFamily}: the addresses of the supported families (an address's family as Go's
     * {@code Is4} reads it: an IPv4-mapped IPv6 address is IPv6; a CIDR by its prefix's address; a text that is no
     * address is dropped); when both are supported, those of the first address's family only.
     */
    static List<String> byFamily(final List<String> addresses, final boolean v4, final boolean v6)
    {
        final List<String> four = new ArrayList<>();
        final List<String> six = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < addresses.size(); i++)
        {
            final String a = addresses.get(i);
            final int slash = a.indexOf('/'); // a CIDR: its prefix's address (netip.ParsePrefix)
            final long[] k = ClientProxies.key(slash < 0 ? a : a.substring(0, slash));
            if (i == 0 && k != null)
            {
                first = k[0];
            }
            if (k != null && k[0] == 4 && v4)
            {
                four.add(a);
            }
            else if (k != null && k[0] == 6 && v6)
            {
                six.add(a);
            }
        }
        if (v4 && v6 && first != 0)
        {
            return first == 4 ? four : six;
        }
        return four.isEmpty() ? six : four;
    }

    /**
     * @param proxies  the clients.
     * @param services the registry's services.
     * @param cluster  the clients' cluster id ({@code null}: the config cluster's).
     * @param variant  their variant.
     * @return whether such a client sees some service otherwise than by its own addresses, all domains (only then
     *         do such clients need a view of their own).
     */
    public static boolean differs(final ClientProxies proxies, final List<RegistryService> services,
            final String cluster, final int variant)
    {
        for (final RegistryService s : services)
        {
            final Seen seen = seen(proxies, s, cluster, variant);
            if (!seen.listener().equals(s.addresses()) || !seen.notDomains().isEmpty())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param mode             a Pod's IP mode.
     * @param services         the registry.
     * @param clusterAddresses each host with, by remote cluster id, that cluster's addresses of it.
     * @param auto             the auto-allocated addresses.
     * @return whether a proxy of that mode may see some host's addresses otherwise than one of unknown family: a
     *         single-stack one when some Kubernetes Service has an address of the other family (a headless one's
     *         being IPv4), a dual-stack one when some has addresses of both, any when some ServiceEntry host has
     *         auto-allocated addresses.
     */
    public static boolean matters(final ClientProxies.IpMode mode, final List<RegistryService> services,
            final java.util.Map<String, java.util.Map<String, List<String>>> clusterAddresses,
            final ClientProxies.AutoAddresses auto)
    {
        if (mode == ClientProxies.IpMode.UNKNOWN)
        {
            return false;
        }
        if (!auto.hosts().isEmpty())
        {
            return true;
        }
        for (final RegistryService s : services)
        {
            if (!s.host().endsWith(".svc.cluster.local"))
            {
                continue;
            }
            final List<List<String>> lists = new ArrayList<>(List.of(s.addresses()));
            lists.addAll(clusterAddresses.getOrDefault(s.host(), java.util.Map.of()).values());
            for (final List<String> l : lists)
            {
                final List<String> vips = l.isEmpty() ? List.of(UNSPECIFIED) : l;
                final int before = vips.size();
                final int four = byFamily(vips, true, false).size();
                final int six = byFamily(vips, false, true).size();
                if (mode == ClientProxies.IpMode.IPV4 ? four < before : mode == ClientProxies.IpMode.IPV6
                        ? six < before : four > 0 && six > 0)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param proxies the clients.
     * @return the variants of the clients' proxies, by bit (bit {@code v}: some proxy of variant {@code v}); the
     *         fallback view's (a source that is no Pod's) among them.
     */
    public static int present(final ClientProxies proxies)
    {
        int bits = 0;
        for (final ClientProxies.View v : proxies.views())
        {
            bits |= 1 << variant(v);
        }
        return bits;
    }
}
