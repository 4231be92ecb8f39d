package dev.wirespeed.control.model;

import dev.wirespeed.fib.l3.IpText;

import java.util.ArrayList;
import java.util.List;

/**
 * What Istio knows of a client's proxy that changes which endpoints it gets (docs/routing.md §4, "Networks"): the
 * networks it asks to see (its {@code REQUESTED_NETWORK_VIEW} metadata, Istio's {@code ProxyView}) and the IP families
 * of its addresses (Istio's {@code DiscoverIPMode}, which {@code filterGatewaysByIPFamily} reads). Every proxy gets the
 * mesh config's {@code defaultConfig.proxyMetadata}; a Pod's own come from its annotation {@code proxy.istio.io/config}
 * and its {@code istio-proxy} container's environment, and its families from {@code status.podIP(s)}. A sidecar's
 * request names its Pod by its source address ({@code src}); a gateway's request, or one whose source is no Pod's
 * address, is a proxy of the mesh default view and of unknown IP family.
 *
 * @param defaultView the mesh default's requested networks, {@code null} when it asks for none (every network).
 * @param proxies     the Pods whose view is not the default one, each with its addresses.
 * @param placed      the Pods a meshNetworks {@code fromCidr} network holds ({@link Placed}), in load order.
 * @param remote      the Pods of remote clusters ({@link Remote}), in load order.
 * @param clusterLocal each cluster-local host (docs/routing.md §4 "Clusters") with the endpoints of the remote
 *                     clusters its service left out (its own are the config cluster's): a remote cluster's client gets
 *                     those of its own cluster ({@link #clusterLocalEndpoints}).
 * @param autoAddresses the ServiceEntry hosts' auto-allocated addresses ({@link AutoAddresses}).
 * @param clusterAddresses each host some remote cluster has with, by cluster id, that cluster's addresses of it (its
 *                     Service's {@code clusterIP}s, empty when headless there), for each cluster that has the host,
 *                     the config cluster's ({@link MeshNetworks#CLUSTER_ID}) among them when it has it (Istio's
 *                     {@code Service.ClusterVIPs}): a client reaches the host by its own cluster's
 *                     ({@link #ownAddresses}).
 */
public record ClientProxies(List<String> defaultView, List<Proxy> proxies, List<Placed> placed, List<Remote> remote,
        java.util.Map<String, List<RegistryService.Endpoint>> clusterLocal,
        java.util.Map<String, java.util.Map<String, List<String>>> clusterAddresses,
        AutoAddresses autoAddresses)
{
    /** The proxy metadata turning DNS capture on (Istio's {@code DNSCapture}, {@code ISTIO_META_DNS_CAPTURE}). */
    public static final String DNS_CAPTURE_KEY = "ISTIO_META_DNS_CAPTURE";

    /**
     * Every host at its first cluster's addresses, no auto-allocated address.
     *
     * @param defaultView  the mesh default's requested networks, {@code null} for every network.
     * @param proxies      the Pods whose view is not the default one.
     * @param placed       the Pods a meshNetworks {@code fromCidr} network holds.
     * @param remote       the Pods of remote clusters.
     * @param clusterLocal each cluster-local host with the remote clusters' endpoints its service left out.
     * @param clusterAddresses each host with, by remote cluster id, that cluster's addresses of it.
     */
    public ClientProxies(final List<String> defaultView, final List<Proxy> proxies, final List<Placed> placed,
            final List<Remote> remote, final java.util.Map<String, List<RegistryService.Endpoint>> clusterLocal,
            final java.util.Map<String, java.util.Map<String, List<String>>> clusterAddresses)
    {
        this(defaultView, proxies, placed, remote, clusterLocal, clusterAddresses, AutoAddresses.NONE);
    }

    /** The proxy metadata (an environment variable of the sidecar, or a {@code proxyMetadata} key) naming the view. */
    public static final String VIEW_KEY = "ISTIO_META_REQUESTED_NETWORK_VIEW";
    /** The Pod annotation holding a ProxyConfig (its {@code proxyMetadata} among it). */
    public static final String PROXY_CONFIG_ANNOTATION = "proxy.istio.io/config";
    /** Every proxy sees every network and is of unknown family. */
    public static final ClientProxies NONE = new ClientProxies(null, List.of());

    /**
     * Proxies no meshNetworks {@code fromCidr} network places.
     *
     * @param defaultView the mesh default's requested networks, {@code null} for every network.
     * @param proxies     the Pods whose view is not the default one.
     */
    public ClientProxies(final List<String> defaultView, final List<Proxy> proxies)
    {
        this(defaultView, proxies, List.of(), List.of(), java.util.Map.of(), java.util.Map.of());
    }

    /**
     * Proxies of the config cluster and of remote clusters, every host at its first cluster's addresses.
     *
     * @param defaultView  the mesh default's requested networks, {@code null} for every network.
     * @param proxies      the Pods whose view is not the default one.
     * @param placed       the Pods a meshNetworks {@code fromCidr} network holds.
     * @param remote       the Pods of remote clusters.
     * @param clusterLocal each cluster-local host with the remote clusters' endpoints its service left out.
     */
    public ClientProxies(final List<String> defaultView, final List<Proxy> proxies, final List<Placed> placed,
            final List<Remote> remote, final java.util.Map<String, List<RegistryService.Endpoint>> clusterLocal)
    {
        this(defaultView, proxies, placed, remote, clusterLocal, java.util.Map.of());
    }

    /**
     * Proxies of the config cluster only.
     *
     * @param defaultView the mesh default's requested networks, {@code null} for every network.
     * @param proxies     the Pods whose view is not the default one.
     * @param placed      the Pods a meshNetworks {@code fromCidr} network holds.
     */
    public ClientProxies(final List<String> defaultView, final List<Proxy> proxies, final List<Placed> placed)
    {
        this(defaultView, proxies, placed, List.of(), java.util.Map.of(), java.util.Map.of());
    }

    /**
     * Proxies of the config cluster and of remote clusters, no cluster-local host.
     *
     * @param defaultView the mesh default's requested networks, {@code null} for every network.
     * @param proxies     the Pods whose view is not the default one.
     * @param placed      the Pods a meshNetworks {@code fromCidr} network holds.
     * @param remote      the Pods of remote clusters.
     */
    public ClientProxies(final List<String> defaultView, final List<Proxy> proxies, final List<Placed> placed,
            final List<Remote> remote)
    {
        this(defaultView, proxies, placed, remote, java.util.Map.of(), java.util.Map.of());
    }

    /**
     * A Pod of a remote cluster (docs/routing.md §4 "Clusters"): its proxy runs in that cluster, so Istio's
     * {@code AugmentLabels} writes that cluster's id as its {@code topology.istio.io/cluster} label, and its network
     * is that cluster's: the Pod's {@code topology.istio.io/network} label (the request's), else that cluster's
     * {@code istio-system} Namespace label, else the meshNetworks network whose {@code fromRegistry} names that
     * cluster, else the first {@code fromCidr} network holding its {@code status.podIP}.
     *
     * @param addresses       its addresses no earlier Pod has: a sidecar's request from one of them is its proxy's.
     * @param cluster         its cluster's id.
     * @param network         the network its proxy's labels get when the Pod has no (or an empty) network label,
     *                        {@code ""} for none.
     * @param metadataNetwork its proxy's {@code NETWORK} metadata when the Pod has no network label (the injector's
     *                        {@code values.global.network} of its cluster, taken as that cluster's
     *                        {@code istio-system} Namespace label), which the network filter reads.
     */
    public record Remote(List<String> addresses, String cluster, String network, String metadataNetwork)
    {
    }

    /**
     * A Pod whose {@code status.podIP} a meshNetworks {@code fromCidr} holds: the network Istio's
     * {@code Controller.Network} gives its proxy's labels when neither the Pod, nor the {@code istio-system}
     * Namespace, nor a {@code fromRegistry} network names one (docs/routing.md "The client's labels").
     *
     * @param addresses its addresses no earlier Pod has ({@code status.podIP} and {@code podIPs}): a sidecar's
     *                  request from one of them is its proxy's.
     * @param network   the first network (as written) with a {@code fromCidr} holding its {@code status.podIP}.
     */
    public record Placed(List<String> addresses, String network)
    {
    }

    /**
     * @param p the Pods a {@code fromCidr} network holds.
     * @return a copy with them.
     */
    public ClientProxies withPlaced(final List<Placed> p)
    {
        return new ClientProxies(defaultView, proxies, List.copyOf(p), remote, clusterLocal, clusterAddresses,
                autoAddresses);
    }

    /**
     * @param r the Pods of remote clusters.
     * @return a copy with them.
     */
    public ClientProxies withRemote(final List<Remote> r)
    {
        return new ClientProxies(defaultView, proxies, placed, List.copyOf(r), clusterLocal, clusterAddresses,
                autoAddresses);
    }

    /**
     * @param hosts each cluster-local host with the remote clusters' endpoints its service left out.
     * @return a copy with them.
     */
    public ClientProxies withClusterLocal(final java.util.Map<String, List<RegistryService.Endpoint>> hosts)
    {
        return new ClientProxies(defaultView, proxies, placed, remote, java.util.Map.copyOf(hosts), clusterAddresses,
                autoAddresses);
    }

    /**
     * @param hosts each host with, by remote cluster id, that cluster's addresses of it ({@link #clusterAddresses}).
     * @return a copy with them.
     */
    public ClientProxies withClusterAddresses(final java.util.Map<String, java.util.Map<String, List<String>>> hosts)
    {
        return new ClientProxies(defaultView, proxies, placed, remote, clusterLocal, java.util.Map.copyOf(hosts),
                autoAddresses);
    }

    /**
     * @param hosts each ServiceEntry host with its auto-allocated addresses ({@link #autoAddresses}).
     * @return a copy with them.
     */
    public ClientProxies withAutoAddresses(final AutoAddresses hosts)
    {
        return new ClientProxies(defaultView, proxies, placed, remote, clusterLocal, clusterAddresses, hosts);
    }

    /**
     * The ServiceEntry addresses Istio allocates (docs/routing.md §4 "Clusters"; its {@code ipallocate} controller
     * writes them to {@code status.addresses}, {@code convertServices} reads them into
     * {@code AutoAllocatedIPv4Address}/{@code IPv6Address}) and whether a proxy of the mesh default uses them.
     *
     * @param hosts          each ServiceEntry host that gets auto-allocated addresses (no {@code spec.addresses},
     *                       resolution not {@code NONE}, no opt-out label) with {IPv4, IPv6}, {@code ""} for none.
     * @param defaultCapture whether the mesh config's {@code defaultConfig.proxyMetadata} turns DNS capture on (the
     *                       view of a source that is no Pod's).
     */
    public record AutoAddresses(java.util.Map<String, List<String>> hosts, boolean defaultCapture)
    {
        /** None allocated, no DNS capture. */
        public static final AutoAddresses NONE = new AutoAddresses(java.util.Map.of(), false);

        /**
         * @param host a host.
         * @return its {IPv4, IPv6} auto-allocated addresses ({@code ""} for none), {@code null} for none at all.
         */
        public List<String> of(final String host)
        {
            return hosts.get(host);
        }
    }

    /**
     * @param service a service.
     * @param cluster the client's cluster id ({@code null}: the config cluster's).
     * @return its cluster's addresses of the host (Istio's {@code ClusterVIPs.GetAddressesFor}; empty when headless
     *         there), {@code null} when its cluster does not have the host: a host without {@link #clusterAddresses}
     *         is the config cluster's only; with them, the config cluster has it when they name its id.
     */
    public List<String> ownAddresses(final RegistryService service, final String cluster)
    {
        final java.util.Map<String, List<String>> byCluster = clusterAddresses.get(service.host());
        if (byCluster == null)
        {
            return cluster == null ? service.addresses() : null; // a host of the config cluster only
        }
        return byCluster.get(cluster == null ? MeshNetworks.CLUSTER_ID : cluster);
    }

    /**
     * Istio's {@code GetAllAddressesForProxy} for a Kubernetes Service (docs/routing.md §4 "Clusters"): a client
     * reaches a host by its own cluster's addresses of it ({@code ClusterVIPs} of its {@code CLUSTER_ID}; none when
     * the Service is headless there), else, when its cluster does not have the host, by the service's (its first
     * cluster's, {@code DefaultAddress}).
     *
     * @param service a service.
     * @param cluster the client's cluster id ({@code null} or the config cluster's: the service's own addresses).
     * @return the addresses the client reaches it by.
     */
    public List<String> addressesFor(final RegistryService service, final String cluster)
    {
        final java.util.Map<String, List<String>> byCluster = cluster == null ? null
                : clusterAddresses.get(service.host());
        final List<String> own = byCluster == null ? null : byCluster.get(cluster);
        return own == null ? service.addresses() : own;
    }

    /**
     * @param services the registry's services.
     * @param cluster  a remote cluster's id.
     * @return whether a client of that cluster reaches some service by other addresses than its first cluster's.
     */
    public boolean seesOtherAddresses(final List<RegistryService> services, final String cluster)
    {
        for (final RegistryService s : services)
        {
            if (!addressesFor(s, cluster).equals(s.addresses()))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the distinct clusters of the remote clients, in load order (1 + index: a cluster's ordinal). */
    public List<String> remoteClusters()
    {
        final List<String> out = new ArrayList<>();
        for (final Remote r : remote)
        {
            if (!out.contains(r.cluster()))
            {
                out.add(r.cluster());
            }
        }
        return out;
    }

    /** @return whether a host's endpoints depend on the client's cluster: it is cluster-local, with remote clients. */
    public boolean splitsByCluster(final String host)
    {
        return !remote.isEmpty() && clusterLocal.containsKey(host);
    }

    /**
     * Istio's {@code EndpointBuilder.clusterLocal}: a cluster-local host's endpoints for a client of a remote cluster
     * are its own cluster's only.
     *
     * @param host    a host.
     * @param cluster the client's cluster (a remote one).
     * @return the endpoints of that cluster, {@code null} when the host is not cluster-local (all of its service's).
     */
    public List<RegistryService.Endpoint> clusterLocalEndpoints(final String host, final String cluster)
    {
        final List<RegistryService.Endpoint> all = clusterLocal.get(host);
        if (all == null)
        {
            return null;
        }
        final List<RegistryService.Endpoint> out = new ArrayList<>();
        for (final RegistryService.Endpoint e : all)
        {
            if (cluster.equals(MeshNetworks.clusterOf(e.labels())))
            {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The remote cluster's Pod that sent a request (the Pod with the source address when the request is a
     * sidecar's).
     *
     * @param src     the request's source address (without port), or {@code null}.
     * @param sidecar whether the request is a sidecar's (gateway {@code mesh}).
     * @return the Pod, {@code null} when the client is the config cluster's.
     */
    public Remote remoteClient(final String src, final boolean sidecar)
    {
        final long[] key = sidecar && src != null && !remote.isEmpty() ? key(src) : null;
        if (key != null)
        {
            for (final Remote p : remote)
            {
                for (final String a : p.addresses())
                {
                    if (java.util.Arrays.equals(key, key(a)))
                    {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The {@code fromCidr} network of the Pod that sent a request (the Pod with the source address when the request
     * is a sidecar's; its {@code status.podIP} decides, whichever of its addresses the request comes from).
     *
     * @param src     the request's source address (without port), or {@code null}.
     * @param sidecar whether the request is a sidecar's (gateway {@code mesh}).
     * @return the network, {@code ""} for none.
     */
    public String placedNetwork(final String src, final boolean sidecar)
    {
        final long[] key = sidecar && src != null ? key(src) : null;
        if (key != null)
        {
            for (final Placed p : placed)
            {
                for (final String a : p.addresses())
                {
                    if (java.util.Arrays.equals(key, key(a)))
                    {
                        return p.network();
                    }
                }
            }
        }
        return "";
    }

    /** Istio's {@code IPMode} of a proxy, from its addresses ({@code UNKNOWN}: not known, every gateway kept). */
    public enum IpMode
    {
        /** Not known: Istio keeps every gateway. */
        UNKNOWN,
        /** Only IPv4 addresses. */
        IPV4,
        /** Only IPv6 addresses. */
        IPV6,
        /** Both: every gateway kept. */
        DUAL
    }

    /**
     * What a client's proxy sees.
     *
     * @param networks its requested networks ({@code null}: every network); an endpoint of no network is always seen.
     * @param ipMode   its IP families.
     * @param router   whether the proxy is a gateway's (Istio's {@code Router}), which, unlike a sidecar, also uses a
     *                 network gateway without an mTLS port (an HBONE-only one, {@link MeshNetworks#gatewaysFor}).
     * @param dnsCapture whether its {@code DNS_CAPTURE} metadata is true (Istio's {@code nodeUsesAutoallocatedIPs}
     *                 with {@code PILOT_ENABLE_IP_AUTOALLOCATE}'s default): it reaches a ServiceEntry host without
     *                 addresses by its auto-allocated ones ({@link #autoAddresses}).
     */
    public record View(List<String> networks, IpMode ipMode, boolean router, boolean dnsCapture)
    {
        /** A sidecar's view, without DNS capture. */
        public View(final List<String> networks, final IpMode ipMode)
        {
            this(networks, ipMode, false, false);
        }

        /** A view without DNS capture. */
        public View(final List<String> networks, final IpMode ipMode, final boolean router)
        {
            this(networks, ipMode, router, false);
        }

        /** Istio's {@code ProxyView.IsVisible}: the endpoint's network is requested, or empty. */
        public boolean visible(final String network)
        {
            return networks == null || network.isEmpty() || networks.contains(network);
        }

        /**
         * Istio's {@code filterGatewaysByIPFamily}: a single-stack proxy keeps the gateways of its family (an
         * IPv4-mapped IPv6 address counts as IPv4); a dual-stack or unknown one keeps all.
         */
        public List<MeshNetworks.Gateway> reachable(final List<MeshNetworks.Gateway> gateways)
        {
            if (ipMode == IpMode.UNKNOWN || ipMode == IpMode.DUAL)
            {
                return gateways;
            }
            final List<MeshNetworks.Gateway> out = new ArrayList<>();
            for (final MeshNetworks.Gateway g : gateways)
            {
                final IpMode family = family(g.address());
                if (family != IpMode.UNKNOWN && family == ipMode)
                {
                    out.add(g);
                }
            }
            return out;
        }
    }

    /**
     * A Pod whose proxy sees otherwise than the default.
     *
     * @param namespace its namespace.
     * @param name      its name.
     * @param addresses its {@code status.podIP} and {@code podIPs}, as written.
     * @param view      what its proxy sees.
     */
    public record Proxy(String namespace, String name, List<String> addresses, View view)
    {
    }

    /** @return the view of a proxy Istio knows nothing particular of (class 0 of the compiled FIB). */
    public View fallback()
    {
        return new View(defaultView, IpMode.UNKNOWN, false, autoAddresses.defaultCapture());
    }

    /** @return the view of a gateway's proxy: the mesh default's, of unknown IP family. */
    public View router()
    {
        return new View(defaultView, IpMode.UNKNOWN, true);
    }

    /** @return the distinct views, the default one first (a view's index is its class in the compiled FIB). */
    public List<View> views()
    {
        final List<View> out = new ArrayList<>();
        out.add(fallback());
        for (final Proxy p : proxies)
        {
            if (!out.contains(p.view()))
            {
                out.add(p.view());
            }
        }
        return out;
    }

    /**
     * The view of the proxy that sent a request: the Pod with the source address when the request is a sidecar's.
     *
     * @param src     the request's source address (without port), or {@code null}.
     * @param sidecar whether the request is a sidecar's (gateway {@code mesh}).
     * @return its view ({@link #router} for a gateway's request).
     */
    public View viewOf(final String src, final boolean sidecar)
    {
        if (!sidecar)
        {
            return router();
        }
        if (sidecar && src != null)
        {
            final long[] key = key(src);
            for (final Proxy p : proxies)
            {
                for (final String a : p.addresses())
                {
                    if (key != null && java.util.Arrays.equals(key, key(a)))
                    {
                        return p.view();
                    }
                }
            }
        }
        return fallback();
    }

    /**
     * An address's family and value, the key a source address is matched with: {family (4 or 6), high, low}.
     *
     * @param address an IP literal.
     * @return the key, {@code null} when it is not one.
     */
    public static long[] key(final String address)
    {
        final long v4 = IpText.parseIpv4(address);
        if (v4 != IpText.INVALID)
        {
            return new long[] {4, 0, v4};
        }
        final long[] v6 = new long[2];
        return IpText.parseIpv6(address, v6) ? new long[] {6, v6[0], v6[1]} : null;
    }

    /**
     * The family of an address as Istio's {@code filterGatewaysByIPFamily} reads it ({@code netip.ParseAddr} then
     * {@code Unmap}: an IPv4-mapped IPv6 address is IPv4).
     *
     * @param address an address.
     * @return {@code IPV4}, {@code IPV6}, or {@code UNKNOWN} for no IP literal.
     */
    public static IpMode family(final String address)
    {
        final long[] k = key(address);
        if (k == null)
        {
            return IpMode.UNKNOWN;
        }
        return k[0] == 4 || k[1] == 0 && (k[2] >>> 32) == 0xffffL ? IpMode.IPV4 : IpMode.IPV6;
    }

    /**
     * Istio's {@code DiscoverIPMode}: all IPv4, all IPv6, else dual ({@code netutil.AllIPv4} and {@code AllIPv6} parse
     * with {@code netip.ParseAddr}, which does not unmap: an IPv4-mapped address is IPv6 there; a text that is no
     * address is skipped).
     *
     * @param addresses a proxy's addresses (at least one).
     * @return its mode.
     */
    public static IpMode ipMode(final List<String> addresses)
    {
        boolean v4 = true;
        boolean v6 = true;
        for (final String a : addresses)
        {
            final long[] k = key(a); // not an IP literal: skipped, as Istio's AllIPv4 and AllIPv6 skip it
            v4 &= k == null || k[0] == 4;
            v6 &= k == null || k[0] == 6;
        }
        return addresses.isEmpty() ? IpMode.UNKNOWN : v4 ? IpMode.IPV4 : v6 ? IpMode.IPV6 : IpMode.DUAL;
    }

    /**
     * Istio's {@code StringList} (the metadata's JSON string split on {@code ,}, nothing trimmed; empty: no view).
     *
     * @param value a {@code REQUESTED_NETWORK_VIEW} value, or {@code null}.
     * @return the networks, {@code null} for none (every network).
     */
    public static List<String> parseView(final String value)
    {
        return value == null || value.isEmpty() ? null : List.of(value.split(",", -1));
    }
}
