package dev.wirespeed.control.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Istio's IP-family filter of a host's addresses for a proxy ({@code FilterAddressesByIPFamily}, read by
 * {@code GetAllAddressesForProxy} for a virtual host's domains and by {@code GetAddressForProxy} for a listener's
 * address; docs/routing.md §4 "Clusters"): a single-stack proxy (IPv4 only or IPv6 only, {@link ClientProxies.IpMode})
 * reaches a Kubernetes Service by the addresses of its family only. A view of the services is named by a row
 * {@code 3 * cluster ordinal + family} (family 0: no filter, 1: IPv4 only, 2: IPv6 only; cluster ordinal 0: the
 * config cluster, else 1 + the index in {@link ClientProxies#remoteClusters}).
 */
public final class AddressFamilies
{
    /** The explain step for a single-stack client of a dual-stack service (docs/routing.md §4 "Clusters"). */
    public static final String OWN_FAMILY_ADDRESSES = "reaches a dual-stack Service by its addresses of that family";

    /** Rows per cluster: unfiltered, IPv4 only, IPv6 only. */
    public static final int FAMILIES = 3;

    private AddressFamilies()
    {
    }

    /**
     * @param mode a proxy's IP mode.
     * @return its family index: 1 for IPv4 only, 2 for IPv6 only, 0 for a dual-stack or unknown proxy (no filter).
     */
    public static int index(final ClientProxies.IpMode mode)
    {
        return mode == ClientProxies.IpMode.IPV4 ? 1 : mode == ClientProxies.IpMode.IPV6 ? 2 : 0;
    }

    /**
     * The addresses a client reaches a service by: its cluster's ({@link ClientProxies#addressesFor}), and for a
     * single-stack client of a Kubernetes Service (a {@code .svc.cluster.local} host) those of its family, when there
     * are some. A ServiceEntry's addresses are all kept (Istio makes a service of each, with no cluster addresses, and
     * keeps its {@code DefaultAddress} whatever the family). When none is of the client's family, all are kept: Istio
     * then keeps the listener at the service's {@code DefaultAddress} but gives the virtual host no address domain,
     * which is not modelled (docs/routing.md §4 "Clusters").
     *
     * @param proxies the clients.
     * @param service a service.
     * @param cluster the client's cluster id ({@code null}: the config cluster's).
     * @param family  the client's family index ({@link #index}).
     * @return the addresses.
     */
    public static List<String> addressesFor(final ClientProxies proxies, final RegistryService service,
            final String cluster, final int family)
    {
        final List<String> own = proxies.addressesFor(service, cluster);
        if (family == 0 || !service.host().endsWith(".svc.cluster.local"))
        {
            return own;
        }
        final List<String> kept = new ArrayList<>();
        for (final String a : own)
        {
            final int slash = a.indexOf('/'); // a CIDR: its prefix's address (netip.ParsePrefix)
            final long[] k = ClientProxies.key(slash < 0 ? a : a.substring(0, slash)); // Is4: IPv4-mapped is IPv6
            if (k != null && k[0] == (family == 1 ? 4 : 6))
            {
                kept.add(a);
            }
        }
        return kept.isEmpty() ? own : kept;
    }

    /**
     * @param proxies  the clients.
     * @param services the registry's services.
     * @param cluster  the clients' cluster id ({@code null}: the config cluster's).
     * @param family   their family index.
     * @return whether such a client reaches some service by other addresses than its first cluster's.
     */
    public static boolean seesOtherAddresses(final ClientProxies proxies, final List<RegistryService> services,
            final String cluster, final int family)
    {
        for (final RegistryService s : services)
        {
            if (!addressesFor(proxies, s, cluster, family).equals(s.addresses()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param proxies  the clients.
     * @param services the registry's services.
     * @param cluster  the clients' cluster id ({@code null}: the config cluster's).
     * @param family   their family index (1 or 2).
     * @return whether the family filter leaves out some address of a service such a client sees (a dual-stack
     *         Service): only then do such clients need a view of their own.
     */
    public static boolean filters(final ClientProxies proxies, final List<RegistryService> services,
            final String cluster, final int family)
    {
        for (final RegistryService s : services)
        {
            if (!addressesFor(proxies, s, cluster, family).equals(proxies.addressesFor(s, cluster)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param proxies the clients.
     * @return the family indexes of single-stack clients' proxies, by bit (bit 1: some IPv4-only, bit 2: IPv6-only).
     */
    public static int present(final ClientProxies proxies)
    {
        int bits = 0;
        for (final ClientProxies.View v : proxies.views())
        {
            bits |= 1 << index(v.ipMode());
        }
        return bits & 6;
    }
}
