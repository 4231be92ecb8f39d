package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A service the registry knows: a Kubernetes {@code Service} (with the Pods its selector picks) or a
 * {@code ServiceEntry} host (with its endpoints and the WorkloadEntries its selector picks).
 *
 * @param host      the FQDN ({@code name.namespace.svc.cluster.local} for a Service; the ServiceEntry's
 *                  host, lower-case).
 * @param namespace the namespace of the Service/ServiceEntry.
 * @param addresses cluster IP / ServiceEntry addresses (may be empty).
 * @param ports     the service ports.
 * @param endpoints its endpoints, sorted by address then port (so picks are deterministic).
 * @param source    the document.
 * @param exportTo  the namespaces that see it (names, or {@code *} alone for every one; empty for none: Istio's
 *                  {@code ~}): ServiceEntry {@code exportTo}, a Service's {@code networking.istio.io/exportTo}
 *                  annotation, else the mesh config's {@code defaultServiceExportTo}, else {@code *}.
 * @param meshExternal whether Istio takes it as outside the mesh ({@code MeshExternal}): a ServiceEntry with
 *                  {@code location: MESH_EXTERNAL} (the default) or a Service of type {@code ExternalName}. An
 *                  east-west gateway's {@code AUTO_PASSTHROUGH} server builds no chain for it (docs/routing.md §5.2).
 * @param passthrough Istio's {@code Passthrough} resolution: a ServiceEntry with {@code resolution: NONE} or a
 *                  headless Service ({@code clusterIP: None}); a sidecar's cluster for it is Envoy's
 *                  {@code ORIGINAL_DST} kind, a gateway's uses its endpoints (docs/routing.md §4).
 * @param passthroughTargetPorts Istio's {@code PassthroughTargetPorts}: for a ServiceEntry with {@code resolution:
 *                  NONE}, the {@code targetPort} each port that writes one has, by port number (empty otherwise).
 *                  An {@code ORIGINAL_DST} cluster Istio builds for such a port sends to the original destination's
 *                  address on that port (Envoy's {@code upstream_port_override}, docs/routing.md §4).
 * @param endpointListenersOnly whether Istio binds this passthrough service's TCP and sniffed listeners to its
 *                  endpoints only: a headless Kubernetes Service, or a ServiceEntry with a {@code workloadSelector}
 *                  (its {@code LabelSelectors}). Without endpoints such a service has no TCP or sniffed listener at
 *                  all; another passthrough service without endpoints gets the wildcard listener
 *                  ({@code buildSidecarOutboundListeners}; docs/routing.md §1 item 8).
 * @param trafficDistribution a Service's {@code spec.trafficDistribution}, else its (or a ServiceEntry's)
 *                  {@code networking.istio.io/traffic-distribution} annotation: Istio then orders the endpoints by a
 *                  failover priority of its own (docs/routing.md §4).
 */
public record RegistryService(
        String host,
        String namespace,
        List<String> addresses,
        List<ServicePort> ports,
        List<Endpoint> endpoints,
        SourceRef source,
        List<String> exportTo,
        boolean meshExternal,
        boolean passthrough,
        Map<Integer, Integer> passthroughTargetPorts,
        boolean endpointListenersOnly,
        TrafficDistribution trafficDistribution)
{
    /**
     * Istio's {@code TrafficDistribution} of a service, and the failover priority it stands for
     * ({@code GetEffectiveLbSetting}): a DestinationRule's {@code localityLbSetting} overrides it, the mesh config's
     * does not, and it orders the endpoints without {@code outlierDetection}.
     */
    public enum TrafficDistribution
    {
        /** No preference (the default). */
        ANY(List.of()),
        /** {@code PreferClose} or {@code PreferSameZone}: the client's network, then region, then zone. */
        PREFER_SAME_ZONE(List.of("topology.istio.io/network", "topology.kubernetes.io/region",
                "topology.kubernetes.io/zone")),
        /** {@code PreferSameNode}: network, region, zone, subzone, then the node. */
        PREFER_SAME_NODE(List.of("topology.istio.io/network", "topology.kubernetes.io/region",
                "topology.kubernetes.io/zone", "topology.istio.io/subzone", "kubernetes.io/hostname"));

        private final List<String> failoverPriority;

        TrafficDistribution(final List<String> failoverPriority)
        {
            this.failoverPriority = failoverPriority;
        }

        /** @return the {@code failoverPriority} Istio gives it. */
        public List<String> failoverPriority()
        {
            return failoverPriority;
        }
    }

    /**
     * A service without a traffic distribution.
     *
     * @param host         the FQDN.
     * @param namespace    its namespace.
     * @param addresses    its addresses.
     * @param ports        its ports.
     * @param endpoints    its endpoints.
     * @param source       the document.
     * @param exportTo     the namespaces that see it.
     * @param meshExternal whether it is outside the mesh.
     * @param passthrough  whether its resolution is Istio's {@code Passthrough}.
     * @param passthroughTargetPorts the {@code targetPort} of each port that writes one (resolution NONE).
     * @param endpointListenersOnly whether its passthrough listeners are bound to its endpoints only.
     */
    public RegistryService(final String host, final String namespace, final List<String> addresses,
            final List<ServicePort> ports, final List<Endpoint> endpoints, final SourceRef source,
            final List<String> exportTo, final boolean meshExternal, final boolean passthrough,
            final Map<Integer, Integer> passthroughTargetPorts, final boolean endpointListenersOnly)
    {
        this(host, namespace, addresses, ports, endpoints, source, exportTo, meshExternal, passthrough,
                passthroughTargetPorts, endpointListenersOnly, TrafficDistribution.ANY);
    }

    /**
     * A service without a traffic distribution whose passthrough listeners fall back to the wildcard address.
     *
     * @param host         the FQDN.
     * @param namespace    its namespace.
     * @param addresses    its addresses.
     * @param ports        its ports.
     * @param endpoints    its endpoints.
     * @param source       the document.
     * @param exportTo     the namespaces that see it.
     * @param meshExternal whether it is outside the mesh.
     * @param passthrough  whether its resolution is Istio's {@code Passthrough}.
     * @param passthroughTargetPorts the {@code targetPort} of each port that writes one (resolution NONE).
     */
    public RegistryService(final String host, final String namespace, final List<String> addresses,
            final List<ServicePort> ports, final List<Endpoint> endpoints, final SourceRef source,
            final List<String> exportTo, final boolean meshExternal, final boolean passthrough,
            final Map<Integer, Integer> passthroughTargetPorts)
    {
        this(host, namespace, addresses, ports, endpoints, source, exportTo, meshExternal, passthrough,
                passthroughTargetPorts, false);
    }

    /**
     * A service without port overrides.
     *
     * @param host         the FQDN.
     * @param namespace    its namespace.
     * @param addresses    its addresses.
     * @param ports        its ports.
     * @param endpoints    its endpoints.
     * @param source       the document.
     * @param exportTo     the namespaces that see it.
     * @param meshExternal whether it is outside the mesh.
     * @param passthrough  whether its resolution is Istio's {@code Passthrough}.
     */
    public RegistryService(final String host, final String namespace, final List<String> addresses,
            final List<ServicePort> ports, final List<Endpoint> endpoints, final SourceRef source,
            final List<String> exportTo, final boolean meshExternal, final boolean passthrough)
    {
        this(host, namespace, addresses, ports, endpoints, source, exportTo, meshExternal, passthrough, Map.of());
    }

    /**
     * A service inside the mesh that is not {@link #passthrough()}.
     *
     * @param host      the FQDN.
     * @param namespace its namespace.
     * @param addresses its addresses.
     * @param ports     its ports.
     * @param endpoints its endpoints.
     * @param source    the document.
     * @param exportTo  the namespaces that see it.
     */
    public RegistryService(final String host, final String namespace, final List<String> addresses,
            final List<ServicePort> ports, final List<Endpoint> endpoints, final SourceRef source,
            final List<String> exportTo)
    {
        this(host, namespace, addresses, ports, endpoints, source, exportTo, false, false);
    }

    /**
     * A service every namespace sees.
     *
     * @param host      the FQDN.
     * @param namespace its namespace.
     * @param addresses its addresses.
     * @param ports     its ports.
     * @param endpoints its endpoints.
     * @param source    the document.
     */
    public RegistryService(final String host, final String namespace, final List<String> addresses,
            final List<ServicePort> ports, final List<Endpoint> endpoints, final SourceRef source)
    {
        this(host, namespace, addresses, ports, endpoints, source, List.of("*"));
    }

    /**
     * @param ns a client's namespace.
     * @return whether its workloads see this service (Istio's service visibility, docs/routing.md §1 item 3).
     */
    public boolean visibleTo(final String ns)
    {
        return exportTo.contains("*") || exportTo.contains(ns);
    }

    /**
     * @param to the namespaces that see it.
     * @return this service with that visibility.
     */
    public RegistryService withExportTo(final List<String> to)
    {
        return new RegistryService(host, namespace, addresses, ports, endpoints, source, List.copyOf(to), meshExternal,
                passthrough, passthroughTargetPorts, endpointListenersOnly, trafficDistribution);
    }

    /**
     * @param distribution its traffic distribution.
     * @return this service with it.
     */
    public RegistryService withTrafficDistribution(final TrafficDistribution distribution)
    {
        return new RegistryService(host, namespace, addresses, ports, endpoints, source, exportTo, meshExternal,
                passthrough, passthroughTargetPorts, endpointListenersOnly, distribution);
    }

    /**
     * @param list endpoints.
     * @return a copy with these endpoints (a service merged from several clusters, docs/routing.md §4 "Clusters").
     */
    public RegistryService withEndpoints(final List<Endpoint> list)
    {
        return new RegistryService(host, namespace, addresses, ports, list, source, exportTo, meshExternal,
                passthrough, passthroughTargetPorts, endpointListenersOnly, trafficDistribution);
    }

    /**
     * @param list addresses.
     * @return a copy with these addresses (a client of another cluster's, docs/routing.md §4 "Clusters").
     */
    public RegistryService withAddresses(final List<String> list)
    {
        return new RegistryService(host, namespace, List.copyOf(list), ports, endpoints, source, exportTo, meshExternal,
                passthrough, passthroughTargetPorts, endpointListenersOnly, trafficDistribution);
    }

    /**
     * @param external whether it is outside the mesh.
     * @return this service with that location.
     */
    public RegistryService withMeshExternal(final boolean external)
    {
        return new RegistryService(host, namespace, addresses, ports, endpoints, source, exportTo, external,
                passthrough, passthroughTargetPorts, endpointListenersOnly, trafficDistribution);
    }

    /**
     * @param port a service port number.
     * @return the upstream port an {@code ORIGINAL_DST} cluster Istio builds for it sends to (its
     *         {@link #passthroughTargetPorts} entry), 0 for none: the original destination's own port.
     */
    public int passthroughTargetPort(final int port)
    {
        final Integer p = passthroughTargetPorts.get(port);
        return p == null ? 0 : p;
    }

    /**
     * A service port.
     *
     * @param name        the port name ({@code http}, {@code http-web}, {@code grpc}, ...), may be empty.
     * @param number      the service port.
     * @param targetPort  the endpoint port traffic goes to (the numeric {@code targetPort}, or the
     *                    container port a named targetPort names, or {@code number}).
     * @param protocol    upper-case protocol: {@code HTTP}, {@code HTTP2}, {@code GRPC}, {@code HTTPS},
     *                    {@code TLS}, {@code TCP}, {@code UDP}... derived Istio-style from
     *                    {@code appProtocol}, then the name prefix ({@code http-}, {@code http2-},
     *                    {@code grpc-}...); {@link #AUTO} when neither names a protocol Istio knows (a
     *                    ServiceEntry port without {@code protocol}), but {@code TCP} on the well-known ports
     *                    25, 53, 3306 and 27017 of a Kubernetes Service (Istio's {@code ConvertProtocol}).
     */
    public record ServicePort(String name, int number, int targetPort, String protocol)
    {
        /**
         * No protocol declared: Istio's {@code UnsupportedProtocol}, detected per connection (protocol sniffing):
         * an HTTP request is routed as on an HTTP port, a connection as on a TCP port (docs/routing.md §1 item 8).
         */
        public static final String AUTO = "AUTO";

        /** @return whether the protocol is left to protocol sniffing ({@link #AUTO}). */
        public boolean isAuto()
        {
            return protocol.equals(AUTO);
        }

        /** @return whether Istio builds HTTP routes for this port: an HTTP port or a sniffed one (IsHTTPOrSniffed). */
        public boolean isHttpOrSniffed()
        {
            return isHttp() || isAuto();
        }

        /** @return whether traffic on this port is routed by the HTTP (L7) path. */
        public boolean isHttp()
        {
            return protocol.equals("HTTP") || protocol.equals("HTTP2") || protocol.equals("GRPC")
                    || protocol.equals("GRPC-WEB");
        }

        /** @return whether this port carries TLS Istio routes by SNI ({@code HTTPS} or {@code TLS}). */
        public boolean isTls()
        {
            return protocol.equals("HTTPS") || protocol.equals("TLS");
        }
    }

    /**
     * An endpoint (a Pod IP or a WorkloadEntry/ServiceEntry endpoint address).
     *
     * @param address the IP address (or, for a DNS ServiceEntry, the host name).
     * @param labels  its labels (subsets select on them).
     * @param ports   port overrides by service port name (ServiceEntry endpoint {@code ports});
     *                absent → {@link ServicePort#targetPort()}; {@link #NOT_SERVED} → not an endpoint on that port
     *                (a Pod without the named {@code targetPort}, a slice or subset that does not list the port:
     *                Istio's {@code ServiceEndpointsByPort}, docs/routing.md §4).
     * @param healthy false for a Pod that is not Ready (or not Running).
     * @param name    pod / workload name, for display.
     * @param weight  its load-balancing weight, at least 1: ServiceEntry endpoint / WorkloadEntry {@code weight} (0 or
     *                absent reads as 1, as Istio's {@code GetLoadBalancingWeight}); 1 for a Pod (docs/routing.md §4).
     * @param locality its locality {@code region/zone/subzone} (parts may be empty), {@code ""} for none.
     * @param network  its network ({@link MeshNetworks}): a WorkloadEntry's or ServiceEntry endpoint's {@code network},
     *                 else its label {@code topology.istio.io/network}, else the {@code istio-system} Namespace's,
     *                 else the meshNetworks network whose {@code fromRegistry} or {@code fromCidr} holds it;
     *                 {@code ""} for none.
     * @param tlsMode  its label {@code security.istio.io/tlsMode} ({@code istio}: it takes Istio mTLS); for a
     *                 WorkloadEntry or ServiceEntry endpoint without the label, {@code istio} when it names a
     *                 {@code serviceAccount}; else {@code disabled}.
     */
    public record Endpoint(
            String address,
            Map<String, String> labels,
            Map<String, Integer> ports,
            boolean healthy,
            String name,
            long weight,
            String locality,
            String network,
            String tlsMode)
    {
        /** A {@link #ports} value: the endpoint does not serve that service port. */
        public static final int NOT_SERVED = 0;

        /**
         * @param port a service port.
         * @return whether this endpoint is one of the service's on that port (Istio's {@code ServiceEndpointsByPort}:
         *         its EndpointSlice lists the port).
         */
        public boolean serves(final ServicePort port)
        {
            final Integer n = ports.get(port.name());
            return n == null || n != NOT_SERVED;
        }

        /**
         * An endpoint whose network and TLS mode are its labels'.
         *
         * @param address  the IP address (or host name).
         * @param labels   its labels.
         * @param ports    port overrides by service port name.
         * @param healthy  whether it is healthy.
         * @param name     pod / workload name.
         * @param weight   its weight.
         * @param locality its locality.
         */
        public Endpoint(final String address, final Map<String, String> labels, final Map<String, Integer> ports,
                final boolean healthy, final String name, final long weight, final String locality)
        {
            this(address, labels, ports, healthy, name, weight, locality,
                    labels.getOrDefault(MeshNetworks.NETWORK_LABEL, ""),
                    labels.getOrDefault(MeshNetworks.TLS_MODE_LABEL, "disabled"));
        }

        /** @return whether it takes Istio mTLS by its own TLS mode ({@code istio}). */
        public boolean istioMtls()
        {
            return tlsMode.equals("istio");
        }

        /**
         * @param net a network.
         * @return this endpoint on it, its labels holding it as Istio's {@code AugmentLabels} adds it (unless they
         *         name one).
         */
        public Endpoint onNetwork(final String net)
        {
            if (net.isEmpty())
            {
                return this;
            }
            Map<String, String> augmented = labels;
            if (labels.getOrDefault(MeshNetworks.NETWORK_LABEL, "").isEmpty())
            {
                final Map<String, String> copy = new java.util.TreeMap<>(labels);
                copy.put(MeshNetworks.NETWORK_LABEL, net);
                augmented = Map.copyOf(copy);
            }
            return new Endpoint(address, augmented, ports, healthy, name, weight, locality, net, tlsMode);
        }

        /**
         * An endpoint of weight 1 without locality.
         *
         * @param address the IP address (or host name).
         * @param labels  its labels.
         * @param ports   port overrides by service port name.
         * @param healthy whether it is healthy.
         * @param name    pod / workload name.
         */
        public Endpoint(final String address, final Map<String, String> labels, final Map<String, Integer> ports,
                final boolean healthy, final String name)
        {
            this(address, labels, ports, healthy, name, 1, "");
        }
    }
}
