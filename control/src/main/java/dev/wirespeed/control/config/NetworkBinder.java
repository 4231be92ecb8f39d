package dev.wirespeed.control.config;

import dev.wirespeed.control.model.GatewayNames;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.reference.IpLiterals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.control.config.FieldReader.Unknown.WARN;

/**
 * The networks of a multi-network mesh as Istio's Kubernetes registry finds them (docs/routing.md §4, "Networks"):
 * each endpoint's network ({@code Controller.Network}: the endpoint's own, its label, the {@code istio-system}
 * Namespace's label, meshNetworks {@code fromRegistry}, then {@code fromCidr}) and the network gateways
 * ({@code NetworkManager}: meshNetworks {@code address} gateways, and the external addresses of Services labelled
 * {@code topology.istio.io/network} or named by a {@code registryServiceName} of a network of this registry). One
 * binder a cluster's registry ({@link ClusterRegistries}): its Namespace, its {@code fromRegistry} and its gateways.
 */
final class NetworkBinder
{
    private final Diagnostics diags;
    /** The id of the cluster whose registry this is ({@link MeshNetworks#CLUSTER_ID} for the config cluster's). */
    private final String cluster;
    /** meshNetworks as read (no gateways resolved yet). */
    MeshNetworks meshNetworks = MeshNetworks.NONE;
    /** The {@code istio-system} Namespace's network label, {@code ""} for none. */
    String systemNetwork = "";
    private final Set<MeshNetworks.Gateway> gateways = new LinkedHashSet<>();
    /** The DNS answers for gateway host names (set before the gateways are resolved). */
    GatewayNames names = GatewayNames.NONE;
    /** The gateways whose address is a host name, each with where it was found, until {@link #resolveNames}. */
    private final Map<MeshNetworks.Gateway, SourceRef> named = new java.util.LinkedHashMap<>();
    /** The Services read, each to be checked as a gateway once meshNetworks is known. */
    private final List<Runnable> services = new ArrayList<>();
    /** Each Node's labels and its first {@code ExternalIP} (Nodes without one are left out, as Istio does). */
    private final Map<String, Map<String, String>> nodeLabels = new java.util.TreeMap<>();
    private final Map<String, String> nodeAddresses = new java.util.TreeMap<>();

    /** The annotation making a {@code NodePort} Service a gateway reached at its Nodes' external addresses. */
    static final String NODE_SELECTOR_ANNOTATION = "traffic.istio.io/nodeSelector";

    /**
     * A {@code NodePort} gateway Service's node ports (Istio's {@code ClusterExternalPorts}) and node selector.
     *
     * @param selector  the {@code traffic.istio.io/nodeSelector} labels (empty: every Node).
     * @param nodePorts each service port's {@code nodePort} (0 when not written).
     */
    record NodePorts(Map<String, String> selector, Map<Integer, Integer> nodePorts)
    {
    }

    NetworkBinder(final Diagnostics diags, final String cluster)
    {
        this.diags = diags;
        this.cluster = cluster;
    }

    /** A core Namespace: the system namespace's network label is every unlabelled endpoint's network. */
    void namespace(final String name, final Map<String, String> labels)
    {
        if (name.equals(dev.wirespeed.control.model.MeshConfig.ISTIO_SYSTEM))
        {
            systemNetwork = labels.getOrDefault(MeshNetworks.NETWORK_LABEL, "");
        }
    }

    /**
     * @param e an endpoint (its {@code network} its own or its label's).
     * @return it on its network, the network label added as Istio's {@code AugmentLabels} adds it.
     */
    RegistryService.Endpoint place(final RegistryService.Endpoint e)
    {
        if (!e.network().isEmpty())
        {
            return e.onNetwork(e.network());
        }
        if (!systemNetwork.isEmpty())
        {
            return e.onNetwork(systemNetwork);
        }
        return e.onNetwork(fromMeshNetworks(e.address()));
    }

    /** Istio's {@code networkFromMeshNetworks}: the network whose fromRegistry names this cluster, else by CIDR. */
    private String fromMeshNetworks(final String address)
    {
        for (final MeshNetworks.Network n : meshNetworks.networks())
        {
            if (n.fromRegistry().contains(cluster))
            {
                return n.name();
            }
        }
        return cidrNetwork(meshNetworks.networks(), address);
    }

    /**
     * @param networks the meshNetworks networks, as written.
     * @param address  an address.
     * @return the first network with a {@code fromCidr} holding it, {@code ""} for none.
     */
    static String cidrNetwork(final List<MeshNetworks.Network> networks, final String address)
    {
        final byte[] ip = IpLiterals.parse(address);
        for (final MeshNetworks.Network n : networks)
        {
            for (final String cidr : n.fromCidr())
            {
                if (ip != null && contains(cidr, ip))
                {
                    return n.name();
                }
            }
        }
        return "";
    }

    private static boolean contains(final String cidr, final byte[] ip)
    {
        final int slash = cidr.indexOf('/');
        final byte[] net = IpLiterals.parse(cidr.substring(0, slash));
        final int bits;
        try
        {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        }
        catch (final NumberFormatException e)
        {
            return false;
        }
        if (net == null || net.length != ip.length || bits < 0 || bits > 8 * ip.length)
        {
            return false;
        }
        for (int k = 0; k < bits; k++)
        {
            final int mask = 0x80 >>> (k % 8);
            if ((net[k / 8] & mask) != (ip[k / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A Service's external addresses (Istio's {@code ClusterExternalAddresses}): a LoadBalancer's
     * {@code status.loadBalancer.ingress} IPs (or host names), then {@code spec.externalIPs}.
     */
    static List<String> externalAddresses(final FieldReader spec, final YamlNode statusNode, final Diagnostics diags)
    {
        final List<String> out = new ArrayList<>();
        if ("LoadBalancer".equals(spec.string("type")) && statusNode != null)
        {
            final FieldReader status = FieldReader.of(statusNode, diags, WARN, "loadBalancer", "conditions");
            final FieldReader lb = status.object("loadBalancer", WARN, "ingress");
            for (final YamlNode i : lb.list("ingress"))
            {
                final FieldReader ir = FieldReader.of(i, diags, WARN, "ip", "hostname", "ipMode", "ports");
                final String ip = ir.string("ip");
                final String hostname = ir.string("hostname");
                if (ip != null && !ip.isEmpty())
                {
                    out.add(ip);
                }
                else if (hostname != null && !hostname.isEmpty())
                {
                    out.add(hostname);
                }
            }
        }
        for (final String ip : spec.stringList("externalIPs"))
        {
            if (!out.contains(ip))
            {
                out.add(ip);
            }
        }
        return out;
    }

    /**
     * A Service: a network gateway when labelled {@code topology.istio.io/network} (its port the label
     * {@code networking.istio.io/gatewayPort}, default 15443, which it must declare), else when a network of this
     * registry names it as {@code registryServiceName}; one gateway per external address.
     *
     * @param nodePorts for a {@code NodePort} Service annotated {@code traffic.istio.io/nodeSelector}, its node ports
     *                  and selector, else {@code null}.
     */
    void service(final String fqdn, final String ns, final String name, final Map<String, String> labels,
            final List<String> external, final List<Integer> ports, final NodePorts nodePorts, final SourceRef src)
    {
        services.add(() -> gatewayService(fqdn, ns, name, labels, external, ports, nodePorts, src));
    }

    /**
     * Istio's {@code isNodePortGatewayService} and {@code getNodeSelectorsForService}: a {@code NodePort} Service
     * annotated {@code traffic.istio.io/nodeSelector} (a JSON object of labels; empty or unreadable: every Node).
     *
     * @return its node ports and selector, {@code null} for another Service.
     */
    NodePorts nodePorts(final String type, final YamlNode annotations, final Map<Integer, Integer> nodePorts)
    {
        if (!"NodePort".equals(type) || annotations == null || !annotations.isMap()
                || annotations.fields().get(NODE_SELECTOR_ANNOTATION) == null)
        {
            return null;
        }
        final YamlNode written = annotations.fields().get(NODE_SELECTOR_ANNOTATION);
        final String text = FieldReader.asString(written, diags);
        final Map<String, String> selector = new java.util.HashMap<>();
        if (text != null && !text.isEmpty())
        {
            try
            {
                final com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(text);
                json.fields().forEachRemaining(f -> selector.put(f.getKey(), f.getValue().asText()));
                if (!json.isObject() || json.size() != selector.size())
                {
                    throw new java.io.IOException("not an object");
                }
            }
            catch (final java.io.IOException | RuntimeException e)
            {
                selector.clear();
                diags.warning(written, "expected a JSON object of node labels, got \"" + text + "\": every Node "
                        + "is selected, as in Istio");
            }
        }
        return new NodePorts(Map.copyOf(selector), Map.copyOf(nodePorts));
    }

    /** A Node: its labels, and its first {@code ExternalIP} in {@code status.addresses} (a NodePort gateway's). */
    void node(final String name, final Map<String, String> labels, final YamlNode statusNode)
    {
        if (statusNode == null || !statusNode.isMap())
        {
            return;
        }
        final FieldReader status = FieldReader.of(statusNode, diags, FieldReader.Unknown.IGNORE);
        for (final YamlNode a : status.list("addresses"))
        {
            final FieldReader ar = FieldReader.of(a, diags, WARN, "type", "address");
            final String address = ar.string("address");
            if ("ExternalIP".equals(ar.string("type")) && address != null && !address.isEmpty())
            {
                nodeLabels.put(name, labels);
                nodeAddresses.put(name, address);
                return;
            }
        }
    }

    /** The gateways of a Service, once meshNetworks is known. */
    private void gatewayService(final String fqdn, final String ns, final String name,
            final Map<String, String> labels, final List<String> external, final List<Integer> ports,
            final NodePorts nodePorts, final SourceRef src)
    {
        final String network = labels.getOrDefault(MeshNetworks.NETWORK_LABEL, "");
        final List<MeshNetworks.Gateway> found = new ArrayList<>();
        if (!network.isEmpty())
        {
            int port = MeshNetworks.DEFAULT_GATEWAY_PORT;
            final String written = labels.get(MeshNetworks.GATEWAY_PORT_LABEL);
            if (written != null && !written.isEmpty())
            {
                try
                {
                    port = Integer.parseInt(written);
                }
                catch (final NumberFormatException e)
                {
                    diags.warning(src, "Service " + ns + "/" + name + ": could not parse " + MeshNetworks
                            .GATEWAY_PORT_LABEL + " \"" + written + "\"; defaulting to " + port);
                }
            }
            final boolean mtls = ports.contains(port);
            final boolean hbone = ports.contains(MeshNetworks.HBONE_PORT);
            if (!mtls && !hbone)
            {
                diags.warning(src, "Service " + ns + "/" + name + " is labelled as the gateway of network " + network
                        + " but has neither port " + port + " nor port " + MeshNetworks.HBONE_PORT + ": not a gateway");
                return;
            }
            // Istio's getGatewayDetails: no mTLS port, an HBONE-only (ambient) gateway that sidecars do not use
            found.add(new MeshNetworks.Gateway(network, cluster, "", mtls ? port : 0, hbone ? MeshNetworks.HBONE_PORT
                    : 0));
        }
        else
        {
            for (final MeshNetworks.Network n : meshNetworks.networks())
            {
                if (!n.fromRegistry().contains(cluster))
                {
                    continue;
                }
                for (final MeshNetworks.GatewayRef g : n.gateways())
                {
                    if (fqdn.equals(g.registryServiceName()))
                    {
                        found.add(new MeshNetworks.Gateway(n.name(), cluster, "", g.port()));
                    }
                }
            }
        }
        final List<String> addresses = nodePorts != null && external.isEmpty() ? selectedNodes(nodePorts) : external;
        if (!found.isEmpty() && addresses.isEmpty())
        {
            diags.warning(src, "Service " + ns + "/" + name + " is a network gateway without an external address "
                    + (nodePorts != null ? "(spec.externalIPs, or a Node with an ExternalIP that its "
                    + NODE_SELECTOR_ANNOTATION + " selects)" : "(status.loadBalancer.ingress or spec.externalIPs)")
                    + ": no gateway");
        }
        if (nodePorts != null)
        {
            // an HBONE-only gateway (port 0) has no node port to map: -1 while unwritten ones (0) are removed
            found.replaceAll(g -> new MeshNetworks.Gateway(g.network(), g.cluster(), "", g.port() == 0 ? -1
                    : nodePorts.nodePorts().getOrDefault(g.port(), g.port()), g.hbonePort()));
            final boolean unwritten = found.removeIf(g -> g.port() == 0);
            found.replaceAll(g -> g.port() != -1 ? g : new MeshNetworks.Gateway(g.network(), g.cluster(), "", 0,
                    g.hbonePort()));
            if (unwritten && !addresses.isEmpty())
            {
                diags.warning(src, "Service " + ns + "/" + name + " is a NodePort network gateway whose gateway port "
                        + "writes no nodePort (Kubernetes allocates one, which is not known here): no gateway");
            }
        }
        for (final String address : addresses)
        {
            for (final MeshNetworks.Gateway g : found)
            {
                add(g.at(address, g.port()), src);
            }
        }
    }

    /**
     * Istio's {@code updateServiceNodePortAddresses}: the external addresses of the Nodes whose labels hold the
     * selector, in Node name order.
     */
    private List<String> selectedNodes(final NodePorts nodePorts)
    {
        final List<String> out = new ArrayList<>();
        for (final Map.Entry<String, String> n : nodeAddresses.entrySet())
        {
            if (nodeLabels.get(n.getKey()).entrySet().containsAll(nodePorts.selector().entrySet()))
            {
                out.add(n.getValue());
            }
        }
        return out;
    }

    /**
     * A Gateway API {@code Gateway} labelled {@code topology.istio.io/network} (Istio's
     * {@code handleGatewayResource}): a gateway of that network, in this registry's cluster, for each
     * of its {@code spec.addresses} of type {@code IPAddress} (the API server's default) or {@code Hostname} and each
     * auto-passthrough listener (a {@code tls} listener whose {@code tls.options} set
     * {@code gateway.istio.io/listener-protocol: auto-passthrough}, or whose port is the
     * {@code networking.istio.io/gatewayPort} label's, 15443 by default), on its port; and each {@code HBONE}
     * listener (an east-west gateway's ambient listener), on its port as both its mTLS and its HBONE port, as Istio
     * does: a sidecar sends to it as to any gateway. Each runs as the Gateway's service account (Istio's
     * {@code GatewaySA}: the {@code gateway.istio.io/service-account} annotation, else {@code NAME-istio-remote} for
     * the {@code istio-remote} class, else the Gateway's name, in its namespace), so it is another gateway than its
     * labelled Service's at the same address and port.
     */
    void gatewayResource(final YamlNode specNode, final String ns, final String name,
            final Map<String, String> labels, final Map<String, String> annotations, final SourceRef src)
    {
        final String network = labels.getOrDefault(MeshNetworks.NETWORK_LABEL, "");
        if (network.isEmpty() || specNode == null || !specNode.isMap())
        {
            return;
        }
        final FieldReader spec = FieldReader.of(specNode, diags, FieldReader.Unknown.IGNORE);
        final String written = annotations.getOrDefault("gateway.istio.io/service-account", "");
        final String account = ns + "/" + (!written.isEmpty() ? written
                : "istio-remote".equals(spec.string("gatewayClassName")) ? name + "-istio-remote" : name);
        final String expected = labels.getOrDefault(MeshNetworks.GATEWAY_PORT_LABEL,
                String.valueOf(MeshNetworks.DEFAULT_GATEWAY_PORT));
        final List<Integer> ports = new ArrayList<>();
        final List<Integer> hbone = new ArrayList<>();
        for (final YamlNode l : spec.list("listeners"))
        {
            final FieldReader lr = FieldReader.of(l, diags, FieldReader.Unknown.IGNORE);
            final String port = lr.field("port") == null || !lr.field("port").isScalar() ? "" : lr.field("port").text();
            final FieldReader tls = lr.object("tls", FieldReader.Unknown.IGNORE);
            final boolean autoPassthrough = tls.present() && ("auto-passthrough".equals(
                    tls.object("options", FieldReader.Unknown.IGNORE).string("gateway.istio.io/listener-protocol"))
                    || port.equals(expected));
            if (autoPassthrough && port.matches("[0-9]{1,5}"))
            {
                ports.add(Integer.parseInt(port));
            }
            if ("HBONE".equals(lr.string("protocol")) && port.matches("[0-9]{1,5}"))
            {
                hbone.add(Integer.parseInt(port));
            }
        }
        for (final YamlNode a : spec.list("addresses"))
        {
            final FieldReader ar = FieldReader.of(a, diags, FieldReader.Unknown.IGNORE);
            final String type = ar.has("type") ? ar.string("type") : "IPAddress";
            final String value = ar.string("value");
            if (("IPAddress".equals(type) || "Hostname".equals(type)) && value != null && !value.isEmpty())
            {
                for (final int port : ports)
                {
                    add(new MeshNetworks.Gateway(network, cluster, value, port, 0, account), src);
                }
                for (final int port : hbone)
                {
                    add(new MeshNetworks.Gateway(network, cluster, value, port, port, account), src);
                }
            }
        }
        if (ports.isEmpty() && hbone.isEmpty() || spec.list("addresses").isEmpty())
        {
            diags.warning(src, "Gateway " + ns + "/" + name + " is labelled as a gateway of network " + network
                    + " but has no " + (ports.isEmpty() && hbone.isEmpty() ? "auto-passthrough or HBONE listener"
                    : "spec.addresses")
                    + ": no network gateway");
        }
    }

    /** A gateway; one whose address is a host name waits for its DNS answers ({@link #resolveNames}). */
    private void add(final MeshNetworks.Gateway g, final SourceRef src)
    {
        if (IpLiterals.parse(g.address()) == null)
        {
            named.putIfAbsent(g, src);
            return;
        }
        gateways.add(g);
    }

    /**
     * Istio's {@code resolveHostnameGateways}: each gateway whose address is a host name becomes one gateway per DNS
     * answer given for it ({@link #names}); a name without answer gives none, with a warning.
     */
    private void resolveNames()
    {
        for (final Map.Entry<MeshNetworks.Gateway, SourceRef> e : named.entrySet())
        {
            final MeshNetworks.Gateway g = e.getKey();
            if (names.addresses(g.address()) == null)
            {
                diags.warning(e.getValue(), "network gateway address \"" + g.address() + "\" of network "
                        + g.network() + " is a host name with no DNS answer given (--resolve or --hosts-file): "
                        + "unresolved, it is left out, as Istio leaves out a name its DNS does not resolve");
            }
            gateways.addAll(names.expand(g));
        }
        named.clear();
    }

    /**
     * The gateways of a remote cluster's registry (its Services'), found once meshNetworks is known: the config
     * cluster's {@link #resolve} adds them to its own.
     *
     * @return the gateways found in this cluster.
     */
    List<MeshNetworks.Gateway> clusterGateways()
    {
        services.forEach(Runnable::run);
        services.clear();
        resolveNames();
        return new ArrayList<>(gateways);
    }

    /**
     * @param remote the gateways of the remote clusters' registries ({@link #clusterGateways}).
     * @return meshNetworks with the gateways found, those of the remote clusters, and the system network.
     */
    MeshNetworks resolve(final SourceRef meshSource, final List<MeshNetworks.Gateway> remote)
    {
        services.forEach(Runnable::run);
        gateways.addAll(remote);
        for (final MeshNetworks.Network n : meshNetworks.networks())
        {
            for (final MeshNetworks.GatewayRef g : n.gateways())
            {
                if (g.address() != null)
                {
                    add(new MeshNetworks.Gateway(n.name(), "", g.address(), g.port()), meshSource);
                }
            }
        }
        resolveNames();
        return meshNetworks.with(new ArrayList<>(gateways), systemNetwork);
    }
}
