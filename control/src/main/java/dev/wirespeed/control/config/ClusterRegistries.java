package dev.wirespeed.control.config;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.reference.IpLiterals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registries of the remote clusters (docs/routing.md §4 "Clusters"): each remote cluster's Services, Pods,
 * Nodes, Namespaces, EndpointSlices and Endpoints are bound apart, in a {@link RegistryBinder} of that cluster's id,
 * and then merged into the config cluster's registry as Istio's aggregate registry merges them
 * ({@code aggregate.Controller.Services}, {@code mergeService}): a host seen in several clusters is one service,
 * the first cluster's (the config cluster's when it has the host, else the first remote cluster given) with its
 * ports, addresses and settings, and its endpoints are those of every cluster, each labelled with its own cluster
 * ({@code topology.istio.io/cluster}) and on its own cluster's network. A remote cluster's network gateways are its
 * Services' ({@link NetworkBinder#clusterGateways}). A remote cluster's Pod is a client of its own cluster's id and
 * network ({@link dev.wirespeed.control.model.ClientProxies.Remote}); a cluster-local host
 * ({@link #clusterLocal}) keeps the config cluster's endpoints, and a remote cluster's client gets its own cluster's
 * ({@link dev.wirespeed.control.model.ClientProxies#clusterLocalEndpoints}).
 */
final class ClusterRegistries
{
    /** One remote cluster's binders. */
    record Remote(RegistryBinder registry, EndpointSliceBinder slices)
    {
    }

    /**
     * A {@code serviceSettings} entry of the mesh config: its {@code hosts} and its {@code settings.clusterLocal}.
     *
     * @param hosts        host names or wildcard patterns ({@code *.ns.svc.cluster.local}).
     * @param clusterLocal whether they are cluster-local.
     */
    record ServiceSetting(List<String> hosts, boolean clusterLocal)
    {
    }

    /**
     * Istio's default cluster-local hosts ({@code defaultClusterLocalNamespaces}, {@code defaultClusterLocalServices}
     * and the default discovery address {@code istiod.istio-system.svc}, each with the domain suffix).
     */
    static final List<String> DEFAULT_CLUSTER_LOCAL = List.of("*.kube-system.svc.cluster.local",
            "kubernetes.default.svc.cluster.local", "istiod.istio-system.svc.cluster.local");

    /** The kinds a remote cluster's files give (its registry); any other is a warning there. */
    static final java.util.Set<String> REMOTE_KINDS = java.util.Set.of(ConfigLoader.SERVICE, ConfigLoader.POD,
            ConfigLoader.NODE, ConfigLoader.NAMESPACE, ConfigLoader.ENDPOINT_SLICE, ConfigLoader.ENDPOINTS);

    private final Diagnostics diags;
    private final Map<String, Remote> remotes = new LinkedHashMap<>();
    /** Each merged host's addresses in each remote cluster that has it but is not its first ({@link #merge}). */
    private final Map<String, Map<String, List<String>>> addresses = new LinkedHashMap<>();
    /** The DNS answers for gateway host names, which every cluster's gateways read. */
    dev.wirespeed.control.model.GatewayNames names = dev.wirespeed.control.model.GatewayNames.NONE;
    /** The cluster whose files are being read. */
    private String cluster = MeshNetworks.CLUSTER_ID;

    ClusterRegistries(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * Reads a remote cluster's files.
     *
     * @param id   the cluster's id.
     * @param read reads them (its documents go to this cluster's binders).
     */
    void reading(final String id, final Runnable read)
    {
        if (id.equals(MeshNetworks.CLUSTER_ID) || !id.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"))
        {
            diags.error(new dev.wirespeed.control.model.SourceRef("--cluster " + id, 0, 0, ""), id.equals(
                    MeshNetworks.CLUSTER_ID) ? "cluster id " + id + " is the config cluster's (its files are -c)"
                    : "expected a cluster id (letters, digits, '-', '_' or '.'), got \"" + id + "\"");
            return;
        }
        cluster = id;
        try
        {
            read.run();
        }
        finally
        {
            cluster = MeshNetworks.CLUSTER_ID;
        }
    }

    /** @return the id of the cluster whose files are being read. */
    String cluster()
    {
        return cluster;
    }

    /**
     * @param id a remote cluster's id.
     * @return the network label of its {@code istio-system} Namespace, {@code ""} for none.
     */
    String systemNetwork(final String id)
    {
        final Remote r = remotes.get(id);
        return r == null ? "" : r.registry().networks.systemNetwork;
    }

    /** @return whether the files being read are a remote cluster's. */
    boolean remote()
    {
        return !cluster.equals(MeshNetworks.CLUSTER_ID);
    }

    /** @param action runs unless a remote cluster's files are being read. */
    void inConfigCluster(final Runnable action)
    {
        if (!remote())
        {
            action.run();
        }
    }

    /** @return {@code " in cluster ID"} while a remote cluster's files are read, else {@code ""}. */
    String inCluster()
    {
        return remote() ? " in cluster " + cluster : "";
    }

    /**
     * @param root    a document.
     * @param kindKey its kind's key ({@link ConfigLoader#KINDS}).
     * @param kind    its kind as written.
     * @return whether it is skipped: a kind a remote cluster does not give (warned).
     */
    boolean skips(final YamlNode root, final String kindKey, final String kind)
    {
        if (!remote() || REMOTE_KINDS.contains(kindKey))
        {
            return false;
        }
        diags.warning(root, "skipping " + kind + " of remote cluster " + cluster + ": Istio reads routing and mesh "
                + "config from the config cluster only (a remote cluster gives Services, Pods, Nodes, Namespaces, "
                + "EndpointSlices and Endpoints)");
        return true;
    }

    /** @return the registry of the cluster being read ({@code primary} for the config cluster). */
    RegistryBinder registry(final RegistryBinder primary)
    {
        return remote() ? of(cluster).registry() : primary;
    }

    /** @return the EndpointSlices and Endpoints of the cluster being read ({@code primary} for the config cluster). */
    EndpointSliceBinder slices(final EndpointSliceBinder primary)
    {
        return remote() ? of(cluster).slices() : primary;
    }

    /**
     * @param id a remote cluster's id.
     * @return its binders (made on first use).
     */
    private Remote of(final String id)
    {
        return remotes.computeIfAbsent(id, c -> new Remote(new RegistryBinder(diags, c),
                new EndpointSliceBinder(diags)));
    }

    /** @return whether any remote cluster was given. */
    boolean any()
    {
        return !remotes.isEmpty();
    }

    /**
     * Resolves every remote registry and merges it into the config cluster's services.
     *
     * @param primary      the config cluster's services (Kubernetes Services first, then ServiceEntry hosts).
     * @param kubernetes   how many of them are Kubernetes Services (the first ones).
     * @param meshNetworks meshNetworks as read (no gateways resolved).
     * @param exportTo     the mesh config's {@code defaultServiceExportTo}, or {@code null}.
     * @param settings     the mesh config's {@code serviceSettings}.
     * @param clusterLocalOut gets each cluster-local host with the remote clusters' endpoints its service leaves out.
     * @return the merged registry, and the remote clusters' gateways in {@code gateways}.
     */
    List<RegistryService> merge(final List<RegistryService> primary, final int kubernetes,
            final MeshNetworks meshNetworks, final List<String> exportTo, final List<ServiceSetting> settings,
            final List<MeshNetworks.Gateway> gateways,
            final Map<String, List<RegistryService.Endpoint>> clusterLocalOut)
    {
        final List<RegistryService> out = new ArrayList<>(primary);
        final Map<String, Integer> byHost = new HashMap<>();
        for (int i = 0; i < kubernetes; i++)
        {
            byHost.putIfAbsent(out.get(i).host(), i); // Istio's mergeService: Kubernetes Services only
        }
        final Map<Integer, List<RegistryService.Endpoint>> added = new LinkedHashMap<>();
        for (final Map.Entry<String, Remote> byId : remotes.entrySet())
        {
            final Remote r = byId.getValue();
            r.registry().networks.meshNetworks = meshNetworks;
            r.registry().networks.names = names;
            r.registry().defaultExportTo = exportTo;
            for (final RegistryService s : r.registry().resolve(r.slices()))
            {
                final Integer at = byHost.get(s.host());
                // Istio's mergeService: the cluster's own ClusterVIPs of the host (none when headless there), and
                // the first cluster's (the config cluster's when it has the host)
                final Map<String, List<String>> vips = addresses.computeIfAbsent(s.host(), h -> new LinkedHashMap<>());
                if (at != null && at < primary.size())
                {
                    vips.putIfAbsent(MeshNetworks.CLUSTER_ID, out.get(at).addresses());
                }
                vips.putIfAbsent(byId.getKey(), s.addresses());
                if (at == null)
                {
                    byHost.put(s.host(), out.size());
                    out.add(s);
                }
                else
                {
                    final List<RegistryService.Endpoint> more = added.computeIfAbsent(at, k -> new ArrayList<>());
                    for (final RegistryService.Endpoint e : s.endpoints())
                    {
                        more.add(withEveryPort(e, s.ports()));
                    }
                }
            }
            gateways.addAll(r.registry().networks.clusterGateways());
        }
        for (final Map.Entry<Integer, List<RegistryService.Endpoint>> e : added.entrySet())
        {
            final RegistryService s = out.get(e.getKey());
            final List<RegistryService.Endpoint> all = new ArrayList<>(s.endpoints());
            all.addAll(e.getValue());
            all.sort(RegistryBinder.ENDPOINT_ORDER);
            out.set(e.getKey(), s.withEndpoints(List.copyOf(all)));
        }
        overEntries(out, kubernetes, primary.size());
        final Map<String, Boolean> local = clusterLocalHosts(settings);
        for (final RegistryService s : out)
        {
            if (clusterLocal(s.host(), local))
            {
                clusterLocalOut.put(s.host(), s.endpoints().stream()
                        .filter(e -> !MeshNetworks.clusterOf(e.labels()).equals(MeshNetworks.CLUSTER_ID)).toList());
            }
        }
        out.replaceAll(s -> clusterLocal(s.host(), local) ? s.withEndpoints(s.endpoints().stream()
                .filter(e -> MeshNetworks.clusterOf(e.labels()).equals(MeshNetworks.CLUSTER_ID))
                .toList()) : s);
        return out;
    }

    /**
     * A remote cluster's Service whose host only the config cluster's ServiceEntries have (docs/routing.md §4
     * "Clusters"): Istio's aggregate registry merges Kubernetes Services only, so the ServiceEntry stays a service of
     * its own, and a proxy's scope keeps the Kubernetes one for the host ({@code SidecarScope.appendSidecarServices}:
     * it takes the ServiceEntry's place, whichever came first). Here the remote Service (with the later remote
     * clusters' merged in) takes the place of the first ServiceEntry service of the host and the others of the host
     * are left out; its endpoints get those of the ServiceEntries of its namespace (Istio's endpoint shards are per
     * host and namespace, the ServiceEntry registry's beside each cluster's), on each of its ports whose name a port
     * of theirs has (an endpoint of an IP address; the host a DNS ServiceEntry resolves is no endpoint here).
     *
     * @param out        the merged services.
     * @param kubernetes how many of the first are the config cluster's Kubernetes Services.
     * @param primary    how many are the config cluster's.
     */
    private static void overEntries(final List<RegistryService> out, final int kubernetes, final int primary)
    {
        for (int k = 0; k < kubernetes; k++)
        {
            // a config cluster Service of the host: it keeps its place, the entries are left out likewise
            final List<RegistryService.Endpoint> more = entriesOf(out, out.get(k), kubernetes, primary);
            if (more != null)
            {
                out.set(k, withMore(out.get(k), more));
            }
        }
        for (int r = out.size() - 1; r >= primary; r--)
        {
            int first = -1;
            for (int i = kubernetes; i < primary && first < 0; i++)
            {
                first = out.get(i) != null && out.get(i).host().equals(out.get(r).host()) ? i : -1;
            }
            if (first >= 0)
            {
                final RegistryService remote = out.remove(r);
                final List<RegistryService.Endpoint> more = entriesOf(out, remote, kubernetes, primary);
                out.set(first, withMore(remote, more));
            }
        }
        out.removeIf(java.util.Objects::isNull);
    }

    /**
     * Leaves out (sets to {@code null}) the config cluster's ServiceEntry services of a Kubernetes Service's host.
     *
     * @return the endpoints of those of its namespace on its ports, {@code null} when there is none of its host.
     */
    private static List<RegistryService.Endpoint> entriesOf(final List<RegistryService> out,
            final RegistryService service, final int kubernetes, final int primary)
    {
        List<RegistryService.Endpoint> more = null;
        for (int i = kubernetes; i < primary; i++)
        {
            final RegistryService entry = out.get(i);
            if (entry == null || !entry.host().equals(service.host()))
            {
                continue;
            }
            more = more == null ? new ArrayList<>() : more;
            if (entry.namespace().equals(service.namespace()))
            {
                for (final RegistryService.Endpoint e : entry.endpoints())
                {
                    if (IpLiterals.parse(e.address()) != null)
                    {
                        more.add(onPortsOf(e, entry.ports(), service.ports()));
                    }
                }
            }
            out.set(i, null);
        }
        return more;
    }

    private static RegistryService withMore(final RegistryService s, final List<RegistryService.Endpoint> more)
    {
        final List<RegistryService.Endpoint> all = new ArrayList<>(s.endpoints());
        all.addAll(more);
        all.sort(RegistryBinder.ENDPOINT_ORDER);
        return s.withEndpoints(List.copyOf(all));
    }

    /**
     * A ServiceEntry's endpoint as an endpoint of a Kubernetes Service of its host and namespace: on each port of the
     * Service whose name a port of the ServiceEntry has, its port there (its own, else the ServiceEntry port's
     * {@code targetPort}); on the others, none (Istio matches an endpoint to a port by the port's name).
     */
    private static RegistryService.Endpoint onPortsOf(final RegistryService.Endpoint e,
            final List<RegistryService.ServicePort> entryPorts, final List<RegistryService.ServicePort> ports)
    {
        final Map<String, Integer> every = new LinkedHashMap<>();
        for (final RegistryService.ServicePort p : ports)
        {
            int at = RegistryService.Endpoint.NOT_SERVED;
            for (final RegistryService.ServicePort q : entryPorts)
            {
                if (q.name().equals(p.name()))
                {
                    at = e.ports().getOrDefault(q.name(), q.targetPort());
                    break;
                }
            }
            every.put(p.name(), at);
        }
        return new RegistryService.Endpoint(e.address(), e.labels(), Map.copyOf(every), e.healthy(), e.name(),
                e.weight(), e.locality(), e.network(), e.tlsMode());
    }

    /**
     * @return after {@link #merge}, each host some remote cluster has with, by cluster id, that cluster's addresses of
     *         it, for each cluster that has it, the config cluster's among them when it has the host
     *         ({@code ClientProxies.clusterAddresses}).
     */
    Map<String, Map<String, List<String>>> addresses()
    {
        return addresses;
    }

    /**
     * A remote endpoint with its port for each of its own cluster's service ports written out (its Service's
     * {@code targetPort} there), as Istio's endpoint shard of that cluster holds it; the merged service matches it
     * to its own ports by name.
     */
    private static RegistryService.Endpoint withEveryPort(final RegistryService.Endpoint e,
            final List<RegistryService.ServicePort> ports)
    {
        final Map<String, Integer> every = new LinkedHashMap<>();
        for (final RegistryService.ServicePort p : ports)
        {
            every.put(p.name(), e.ports().getOrDefault(p.name(), p.targetPort()));
        }
        return new RegistryService.Endpoint(e.address(), e.labels(), Map.copyOf(every), e.healthy(), e.name(),
                e.weight(), e.locality(), e.network(), e.tlsMode());
    }

    /**
     * Istio's {@code clusterLocalProvider.onMeshUpdated}: each host of the {@code serviceSettings} entries with its
     * {@code clusterLocal} value (a later entry's value wins), and its defaults ({@link #DEFAULT_CLUSTER_LOCAL}) as
     * cluster-local unless a {@code clusterLocal: false} entry names a host the default covers.
     */
    static Map<String, Boolean> clusterLocalHosts(final List<ServiceSetting> settings)
    {
        final List<String> defaults = new ArrayList<>(DEFAULT_CLUSTER_LOCAL);
        final Map<String, Boolean> out = new LinkedHashMap<>();
        for (final ServiceSetting s : settings)
        {
            for (final String h : s.hosts())
            {
                if (!s.clusterLocal())
                {
                    defaults.removeIf(d -> h.equals(d) || d.startsWith("*") && h.endsWith(d.substring(1)));
                }
                out.put(h, s.clusterLocal());
            }
        }
        for (final String d : defaults)
        {
            out.put(d, true);
        }
        return out;
    }

    /**
     * Istio's {@code ClusterLocalHosts.IsClusterLocal} ({@code MostSpecificHostMatch}): the value of the host when
     * listed, else of the longest wildcard that covers it, else not cluster-local.
     */
    static boolean clusterLocal(final String host, final Map<String, Boolean> hosts)
    {
        final Boolean exact = hosts.get(host);
        if (exact != null)
        {
            return exact;
        }
        String best = null;
        for (final String h : hosts.keySet())
        {
            if (h.startsWith("*") && host.endsWith(h.substring(1)) && (best == null || h.length() > best.length()))
            {
                best = h;
            }
        }
        return best != null && hosts.get(best);
    }
}
