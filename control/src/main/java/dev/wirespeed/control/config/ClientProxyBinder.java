package dev.wirespeed.control.config;

import dev.wirespeed.control.model.AddressFamilies;
import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.MeshNetworks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.control.config.FieldReader.Unknown.IGNORE;

/**
 * Reads what Istio learns of each Pod's proxy that changes its endpoints ({@link ClientProxies}, docs/routing.md §4,
 * "Networks"): its addresses ({@code status.podIP}, {@code status.podIPs}: the agent's {@code INSTANCE_IPS}, whose
 * families are the proxy's IP mode) and its {@code REQUESTED_NETWORK_VIEW} metadata, which the agent takes from its
 * {@code ISTIO_META_REQUESTED_NETWORK_VIEW} environment variable (the {@code istio-proxy} container's {@code env}),
 * else from its ProxyConfig's {@code proxyMetadata}: the Pod annotation {@code proxy.istio.io/config} merged key by key
 * over the mesh config's {@code defaultConfig} (Istio's {@code MergeProxyConfig}); likewise its {@code DNS_CAPTURE}
 * metadata ({@code ISTIO_META_DNS_CAPTURE}, which makes it use auto-allocated ServiceEntry addresses).
 */
final class ClientProxyBinder
{
    /**
     * A Pod's own proxy metadata ({@code podIp}: its {@code status.podIP}, {@code null} for none; {@code cluster}: the
     * id of the cluster whose files give it).
     */
    private record Pod(String ns, String name, List<String> addresses, String podIp, String annotated, String env,
            String cluster, String annotatedCapture, String envCapture)
    {
    }

    /**
     * What the loader knows of the registry when the proxies are resolved.
     *
     * @param services         the merged registry.
     * @param clusterLocal     each cluster-local host with the remote clusters' endpoints its service leaves out.
     * @param clusterAddresses each host with, by remote cluster id, that cluster's addresses of it.
     * @param auto             the ServiceEntry hosts' auto-allocated addresses.
     */
    record Registry(List<dev.wirespeed.control.model.RegistryService> services,
            Map<String, List<dev.wirespeed.control.model.RegistryService.Endpoint>> clusterLocal,
            Map<String, Map<String, List<String>>> clusterAddresses, AutoAllocatedAddresses auto)
    {
    }

    private final Diagnostics diags;
    private final MeshConfigBinder mesh;
    private final List<Pod> pods = new ArrayList<>();

    ClientProxyBinder(final Diagnostics diags, final MeshConfigBinder mesh)
    {
        this.diags = diags;
        this.mesh = mesh;
    }

    /**
     * @param specNode    the Pod's {@code spec}.
     * @param statusNode  its {@code status}.
     * @param annotations its {@code metadata.annotations}, or {@code null}.
     * @param cluster     the id of the cluster whose files give it ({@link MeshNetworks#CLUSTER_ID}: the config
     *                    cluster's).
     */
    void pod(final YamlNode specNode, final YamlNode statusNode, final YamlNode annotations, final String ns,
            final String name, final String cluster)
    {
        final FieldReader status = FieldReader.of(statusNode, diags, IGNORE);
        final List<String> addresses = new ArrayList<>();
        final String ip = status.string("podIP");
        if (ip != null && ClientProxies.key(ip) != null)
        {
            addresses.add(ip);
        }
        for (final YamlNode item : status.list("podIPs"))
        {
            final String a = FieldReader.of(item, diags, IGNORE).string("ip");
            if (a != null && ClientProxies.key(a) != null && !addresses.contains(a))
            {
                addresses.add(a);
            }
        }
        if (addresses.isEmpty())
        {
            return; // no request names it
        }
        String annotated = null;
        String annotatedCapture = null;
        final YamlNode config = annotations == null || !annotations.isMap() ? null
                : annotations.fields().get(ClientProxies.PROXY_CONFIG_ANNOTATION);
        if (config != null)
        {
            final List<YamlNode> docs = mesh.embedded(config);
            final YamlNode root = docs == null || docs.isEmpty() ? null : docs.get(0);
            if (root != null && root.isMap())
            {
                final Map<String, String> meta = FieldReader.of(root, diags, IGNORE).stringMap("proxyMetadata");
                annotated = meta.get(ClientProxies.VIEW_KEY);
                annotatedCapture = meta.get(ClientProxies.DNS_CAPTURE_KEY);
            }
            else if (root != null && !root.isNull())
            {
                diags.error(root, "annotation " + ClientProxies.PROXY_CONFIG_ANNOTATION
                        + " must hold a YAML mapping (Istio's ProxyConfig), got " + root.describe());
            }
        }
        String env = null;
        String envCapture = null;
        for (final YamlNode c : FieldReader.of(specNode, diags, IGNORE).list("containers"))
        {
            final FieldReader cr = FieldReader.of(c, diags, IGNORE);
            if (!"istio-proxy".equals(cr.string("name")))
            {
                continue;
            }
            for (final YamlNode e : cr.list("env"))
            {
                final FieldReader er = FieldReader.of(e, diags, IGNORE);
                if (ClientProxies.VIEW_KEY.equals(er.string("name")))
                {
                    env = er.string("value") == null ? "" : er.string("value");
                }
                if (ClientProxies.DNS_CAPTURE_KEY.equals(er.string("name")))
                {
                    envCapture = er.string("value") == null ? "" : er.string("value");
                }
            }
        }
        pods.add(new Pod(ns, name, List.copyOf(addresses), ip != null && addresses.contains(ip) ? ip : null, annotated,
                env, cluster, annotatedCapture, envCapture));
    }

    /**
     * @param networks the resolved networks and gateways.
     * @return them with the clients' proxies: the Pods whose view differs from the mesh default's, and those whose
     *         {@code status.podIP} a {@code fromCidr} network holds (Istio's {@code Controller.Network} of the Pod's
     *         address, which {@code GetProxyWorkloadLabels} adds to its proxy's labels), and those of remote
     *         clusters with their cluster's id and network ({@link ClientProxies.Remote}).
     * @param systemNetworks a remote cluster's id to its {@code istio-system} Namespace's network label.
     */
    MeshNetworks resolve(final MeshNetworks networks, final java.util.function.Function<String, String> systemNetworks,
            final Registry known)
    {
        final Map<String, String> defaults = mesh.defaultProxyMetadata;
        final boolean defaultCapture = stringBool(defaults.get(ClientProxies.DNS_CAPTURE_KEY));
        final ClientProxies.View fallback = new ClientProxies.View(
                ClientProxies.parseView(defaults.get(ClientProxies.VIEW_KEY)), ClientProxies.IpMode.UNKNOWN, false,
                defaultCapture);
        final ClientProxies.AutoAddresses auto = known.auto().resolve(defaultCapture);
        final Map<ClientProxies.IpMode, Boolean> matters = new java.util.EnumMap<>(ClientProxies.IpMode.class);
        final List<ClientProxies.Proxy> out = new ArrayList<>();
        final List<ClientProxies.Placed> placed = new ArrayList<>();
        final List<ClientProxies.Remote> remote = new ArrayList<>();
        final java.util.Set<List<Long>> claimed = new java.util.HashSet<>();
        for (final Pod p : pods)
        {
            final List<String> own = new ArrayList<>(); // an address an earlier Pod has names that Pod
            for (final String a : p.addresses())
            {
                final long[] k = ClientProxies.key(a);
                if (claimed.add(List.of(k[0], k[1], k[2])))
                {
                    own.add(a);
                }
            }
            final String value = p.env() != null ? p.env() : p.annotated() != null ? p.annotated()
                    : defaults.get(ClientProxies.VIEW_KEY);
            ClientProxies.IpMode mode = ClientProxies.ipMode(p.addresses());
            final String capture = p.envCapture() != null ? p.envCapture() : p.annotatedCapture() != null
                    ? p.annotatedCapture() : defaults.get(ClientProxies.DNS_CAPTURE_KEY);
            final ClientProxies.IpMode m = mode;
            if (keepsEveryGateway(mode, networks) && !matters.computeIfAbsent(mode, k -> AddressFamilies.matters(m,
                    known.services(), known.clusterAddresses(), auto)))
            {
                mode = ClientProxies.IpMode.UNKNOWN; // the same endpoints and addresses as a proxy of unknown family
            }
            final ClientProxies.View view = new ClientProxies.View(ClientProxies.parseView(value), mode, false,
                    stringBool(capture));
            if (!view.equals(fallback) && !own.isEmpty())
            {
                out.add(new ClientProxies.Proxy(p.ns(), p.name(), List.copyOf(own), view));
            }
            final String network = p.podIp() == null ? "" : NetworkBinder.cidrNetwork(networks.networks(), p.podIp());
            if (!p.cluster().equals(MeshNetworks.CLUSTER_ID) && !own.isEmpty())
            {
                final String system = systemNetworks.apply(p.cluster());
                final String registry = registryNetwork(networks, p.cluster());
                remote.add(new ClientProxies.Remote(List.copyOf(own), p.cluster(), !system.isEmpty() ? system
                        : !registry.isEmpty() ? registry : network, system));
            }
            else if (!network.isEmpty() && !own.isEmpty())
            {
                placed.add(new ClientProxies.Placed(List.copyOf(own), network));
            }
        }
        return networks.withProxies(new ClientProxies(fallback.networks(), List.copyOf(out), List.copyOf(placed),
                List.copyOf(remote), Map.copyOf(known.clusterLocal()), Map.copyOf(known.clusterAddresses()),
                auto));
    }

    /**
     * Istio's {@code StringBool} metadata ({@code strconv.ParseBool}; a value it does not parse is not true).
     *
     * @param value a metadata value, or {@code null}.
     * @return whether it is true.
     */
    static boolean stringBool(final String value)
    {
        return value != null && List.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }

    /** @return the first meshNetworks network whose {@code fromRegistry} names the cluster, {@code ""} for none. */
    private static String registryNetwork(final MeshNetworks networks, final String cluster)
    {
        for (final MeshNetworks.Network n : networks.networks())
        {
            if (n.fromRegistry().contains(cluster))
            {
                return n.name();
            }
        }
        return "";
    }

    private static boolean keepsEveryGateway(final ClientProxies.IpMode mode, final MeshNetworks networks)
    {
        final ClientProxies.View v = new ClientProxies.View(null, mode);
        return v.reachable(networks.gateways()).size() == networks.gateways().size();
    }
}
