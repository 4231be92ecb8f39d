package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of random routing models and of requests biased to hit what a model configures
 * (its hosts, short names and addresses, its paths, headers, query parameters, ports, namespaces,
 * gateways). Deterministic for a given seed. Covers every condition kind and action of
 * {@code docs/routing.md}.
 */
public final class RandomRoutingModels extends Dice
{
    static final String[] NAMESPACES = {"default", "ns1", "ns2", "istio-system"};
    static final String[] GATEWAYS = {"mesh", "ns1/gw1", "default/edge"};
    static final String[] PATHS = {"/", "/api", "/api/v1", "/api/v1/users", "/API/V1", "/static", "/static/css/a.css",
        "/wpcatalog", "/login", "/Login", "/books/1", "/b", ""};
    static final String[] REGEXES = {"/api/v[0-9]+/.*", ".*books.*", "/static/.*\\.css", "[a-z]+", "GET|POST",
        "ja.*", "(?i)/login", "v[12]", ".*"};
    static final String[] HEADERS = {"end-user", "x-version", "cookie", "x-hash"};
    /**
     * The mesh's {@code localityLbSetting}: Istio's default mostly, sometimes off or with a failover entry; drawn
     * from the services, not the random stream, so the rest of a model stays as it was.
     */
    private static DestinationRule.LocalitySetting meshLocality(final List<RegistryService> services)
    {
        final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(services.stream().mapToLong(s -> s.host().length())
                .sum() * 977 + services.size());
        switch ((int)Math.floorMod(mix, 7L))
        {
            case 0:
                return new DestinationRule.LocalitySetting(false, List.of(), List.of(), List.of());
            case 1:
                return new DestinationRule.LocalitySetting(true, List.of(new DestinationRule.Failover("eu-west",
                        "ap-south")), List.of(), List.of());
            case 2:
                return new DestinationRule.LocalitySetting(true, List.of(), RandomDestinationPolicies.distribute(
                        new java.util.SplittableRandom(mix)), List.of());
            case 3:
                return new DestinationRule.LocalitySetting(true, List.of(), List.of(),
                        RandomDestinationPolicies.failoverPriority(new java.util.SplittableRandom(mix), false));
            default:
                return MeshConfig.DEFAULT_LOCALITY;
        }
    }

    /**
     * The mesh's networks (docs/routing.md §4, "Networks"): none, or gateways for net1 (in the registry's cluster,
     * sometimes also a meshNetworks address) and net2 (two addresses, sometimes an IPv6 third, sometimes one in the
     * remote cluster), none for net3 (or sometimes an IPv6 one); sometimes {@code fromCidr} networks placing the
     * clients' Pods ({@link #CIDR_NETWORKS}); sometimes clients in the remote cluster ({@link #REMOTE}); and the
     * clients' proxies ({@link #clientProxies}); drawn from the
     * services, not the random stream.
     */
    static MeshNetworks meshNetworks(final List<RegistryService> services)
    {
        final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(services.stream().mapToLong(s -> s.host().length())
                .sum() * 7919 + services.size() + 3);
        final int cidrVariant = (int)(mix >>> 17 & 3);
        final List<MeshNetworks.Network> cidrs = CIDR_NETWORKS.get(cidrVariant);
        final List<ClientProxies.Remote> remote = REMOTE.get((int)(mix >>> 46 & 3));
        final ClientProxies drawn = clientProxies(mix >>> 20).withPlaced(PLACED.get(cidrVariant).stream()
                .filter(p -> remote.stream().noneMatch(r -> r.addresses().equals(p.addresses()))).toList())
                .withRemote(remote).withClusterLocal(clusterLocal(services, mix >>> 48))
                .withClusterAddresses(RandomClusterAddresses.draw(services, mix));
        final ClientProxies proxies = RandomAutoAddresses.draw(drawn, services, mix);
        if ((mix & 3) == 0)
        {
            return new MeshNetworks(cidrs, List.of(), "").withProxies(proxies);
        }
        final List<MeshNetworks.Gateway> gateways = new ArrayList<>(List.of(
                new MeshNetworks.Gateway("net1", MeshNetworks.CLUSTER_ID, "198.51.100.1", 15443),
                new MeshNetworks.Gateway("net2", "", "198.51.100.2", 15443),
                new MeshNetworks.Gateway("net2", "", "198.51.100.3", 15443)));
        if ((mix >>> 8 & 1) == 0)
        {
            gateways.add(new MeshNetworks.Gateway("net1", "", "198.51.100.4", 15443));
        }
        if ((mix >>> 9 & 3) == 0)
        {
            gateways.add(new MeshNetworks.Gateway("net3", MeshNetworks.CLUSTER_ID, "198.51.100.5", 15006));
        }
        else if ((mix >>> 9 & 3) == 1)
        {
            gateways.add(new MeshNetworks.Gateway("net3", "", "2001:db8:3::5", 15443)); // IPv6 only
        }
        if ((mix >>> 14 & 1) == 0)
        {
            gateways.add(new MeshNetworks.Gateway("net2", "", "::ffff:198.51.100.6", 15443)); // IPv4-mapped: IPv4
            gateways.add(new MeshNetworks.Gateway("net2", "", "2001:db8:2::2", 15443));
        }
        if ((mix >>> 19 & 1) == 0)
        {
            // a gateway Service of net2 in the remote cluster: that cluster's net2 endpoints use it alone, the
            // config cluster's (no net2 gateway of their own) all of net2's (docs/routing.md §4 "Clusters")
            gateways.add(new MeshNetworks.Gateway("net2", RandomServices.REMOTE_CLUSTER, "198.51.100.7", 15443));
        }
        gateways.addAll(RandomNetworkGateways.named(mix)); // bits 4 to 6
        gateways.addAll(RandomNetworkGateways.gatewayApiTwin(mix)); // a stream of its own
        // sometimes a meshNetworks network of the registry's cluster: the network Istio adds to a proxy's labels when
        // neither its Pod nor istio-system names one (docs/routing.md "The client's labels")
        final List<MeshNetworks.Network> written = new ArrayList<>();
        if ((mix >>> 16 & 1) != 0)
        {
            written.add(new MeshNetworks.Network("net2", List.of(), List.of(MeshNetworks.CLUSTER_ID), List.of()));
        }
        written.addAll(cidrs);
        final MeshNetworks base = new MeshNetworks(List.copyOf(written), List.of(), "");
        return base.with(gateways, (mix >>> 12 & 3) == 0 ? "net1" : "").withProxies(proxies);
    }

    /**
     * Sometimes a cluster-local host (docs/routing.md §4 "Clusters"), by bits of the networks' mix: one service's
     * endpoints labelled of the remote cluster are those a client of that cluster gets (none when it has none); its
     * own list stays as drawn (a config cluster's client's).
     */
    private static Map<String, List<RegistryService.Endpoint>> clusterLocal(final List<RegistryService> services,
            final long bits)
    {
        if ((bits & 1) == 0 || services.isEmpty())
        {
            return Map.of();
        }
        final RegistryService s = services.get((int)((bits >>> 1 & 0xff) % services.size()));
        return Map.of(s.host(), s.endpoints().stream().filter(e -> RandomServices.REMOTE_CLUSTER.equals(
                MeshNetworks.clusterOf(e.labels()))).toList());
    }

    /** The Pods at the addresses {@link RandomRequests} sends from, each one's {@code status.podIP} first. */
    private static final String[][] PODS = {{"10.200.0.0"}, {"10.200.0.1"}, {"2001:db8:0::1"},
        {"10.200.0.2", "2001:db8::2"}};

    /**
     * meshNetworks {@code fromCidr} networks (docs/routing.md "The client's labels"): none, or networks holding some of
     * {@link #PODS}, overlapping (the first written wins) and holding a Pod's second address but not its first.
     */
    private static final List<List<MeshNetworks.Network>> CIDR_NETWORKS = List.of(List.of(),
            List.of(cidr("net3", "10.200.0.0/31"), cidr("net1", "2001:db8::/64")),
            List.of(cidr("net2", "10.200.0.0/30", "2001:db8::1/128"), cidr("net3", "10.200.0.0/31")),
            List.of(cidr("net1", "10.200.0.1/32"), cidr("net2", "10.200.0.0/24")));

    /** Per {@link #CIDR_NETWORKS} variant, the network of each Pod of {@link #PODS} by its first address (by hand). */
    private static final List<List<ClientProxies.Placed>> PLACED = List.of(List.of(),
            List.of(placed(0, "net3"), placed(1, "net3"), placed(2, "net1")),
            List.of(placed(0, "net2"), placed(1, "net2"), placed(2, "net2"), placed(3, "net2")),
            List.of(placed(0, "net2"), placed(1, "net1"), placed(3, "net2")));

    /**
     * Pods of {@link #PODS} in the remote cluster (docs/routing.md §4 "Clusters"): none, or some with their cluster's
     * network (its {@code istio-system} label, also their {@code NETWORK} metadata; else a {@code fromRegistry} or
     * {@code fromCidr} one, metadata none; or none at all).
     */
    private static final List<List<ClientProxies.Remote>> REMOTE = List.of(List.of(),
            List.of(remote(1, "net2", "net2")),
            List.of(remote(0, "net3", ""), remote(3, "net3", "")),
            List.of(remote(2, "", ""), remote(1, "net1", "net1")));

    private static ClientProxies.Remote remote(final int pod, final String network, final String metadata)
    {
        return new ClientProxies.Remote(List.of(PODS[pod]), RandomServices.REMOTE_CLUSTER, network, metadata);
    }

    private static MeshNetworks.Network cidr(final String name, final String... cidrs)
    {
        return new MeshNetworks.Network(name, List.of(cidrs), List.of(), List.of());
    }

    private static ClientProxies.Placed placed(final int pod, final String network)
    {
        return new ClientProxies.Placed(List.of(PODS[pod]), network);
    }

    /**
     * The clients' proxies (docs/routing.md §4, "Networks"): none, or a mesh default {@code REQUESTED_NETWORK_VIEW}
     * and Pods at the addresses {@link RandomRequests} sends from, each with its view and IP families.
     */
    static ClientProxies clientProxies(final long bits)
    {
        if ((bits & 3) == 0)
        {
            return ClientProxies.NONE;
        }
        final List<List<String>> views = java.util.Arrays.asList(null, List.of("net1"), List.of("net1", "net2"),
                List.of("net3"), List.of(""), List.of("net2", " net1"));
        final ClientProxies.IpMode[] modes = ClientProxies.IpMode.values();
        final List<String> defaultView = views.get((int)(bits >>> 2 & 3) % 3);
        final String[][] pods = PODS;
        final List<ClientProxies.Proxy> out = new ArrayList<>();
        long b = bits >>> 4;
        for (int k = 0; k < pods.length; k++, b >>>= 5)
        {
            if ((b & 7) == 0)
            {
                continue;
            }
            final ClientProxies.IpMode mode = (b >>> 3 & 1) == 0 ? ClientProxies.ipMode(List.of(pods[k]))
                    : modes[1 + (int)(b >>> 4 & 1)]; // sometimes single-stack whatever its address
            out.add(new ClientProxies.Proxy("default", "client-" + k, List.of(pods[k]),
                    new ClientProxies.View(views.get((int)(b & 7) % views.size()), mode)));
        }
        return new ClientProxies(defaultView, List.copyOf(out));
    }

    /** Regex rewrites: groups swapped, every match, empty matches, groups that take no part, escapes. */
    static final HttpRoute.RegexRewrite[] REGEX_REWRITES = {
        new HttpRoute.RegexRewrite("^/api/(v[0-9])/(.*)$", "/\\2/\\1"),
        new HttpRoute.RegexRewrite("/", "_"),
        new HttpRoute.RegexRewrite("s*", "-"),
        new HttpRoute.RegexRewrite("(a)|(p)", "[\\1\\2]"),
        new HttpRoute.RegexRewrite("^/(api|static)", "/$x\\\\\\1\\1"),
        new HttpRoute.RegexRewrite("v([0-9])", "\\12"),
        new HttpRoute.RegexRewrite("^/API/V1$", "\\0/")};
    static final String[] VALUES = {"jason", "Jason", "v1", "v2", "session=1", "", "jas"};
    static final String[] QUERY = {"a", "debug", "b"};
    static final String[] VERSIONS = {"v1", "v2", "v3"};
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

    private final List<RegistryService> services = new ArrayList<>();
    private int selectorTurn; // the tcp and tls matches take ClientSelectors.LABELS in turn: no draw of their own

    private final RandomServices serviceDice;

    /** CORS policies, and faults on redirects and direct responses: a stream of its own, seeded once services exist. */
    private RandomCors corsDice;

    private RandomRoutingModels(final SplittableRandom rnd)
    {
        super(rnd);
        this.serviceDice = new RandomServices(rnd);
    }

    /**
     * @param rnd the random source.
     * @return a random model.
     */
    public static RoutingModel model(final SplittableRandom rnd)
    {
        return new RandomRoutingModels(rnd).generate();
    }

    private RoutingModel generate()
    {
        final int serviceCount = 2 + rnd.nextInt(6);
        for (int i = 0; i < serviceCount; i++)
        {
            services.add(serviceDice.service(i));
        }
        long corsSeed = serviceCount;
        for (final RegistryService s : services)
        {
            corsSeed = corsSeed * 31 + s.host().hashCode() * 7L + s.ports().size() * 131L + s.endpoints().size();
        }
        corsDice = new RandomCors(new SplittableRandom(dev.wirespeed.fib.l7.RequestHash.mix64(corsSeed)));
        final List<VirtualService> vss = new ArrayList<>();
        final int vsCount = 1 + rnd.nextInt(5);
        for (int i = 0; i < vsCount; i++)
        {
            vss.add(virtualService(i));
        }
        if (chance(40))
        {
            addConnectionSplits(vss);
        }
        if (chance(35))
        {
            addDelegates(vss);
        }
        final List<DestinationRule> rules = new ArrayList<>();
        final RandomDestinationPolicies policies = new RandomDestinationPolicies(rnd, services);
        final int ruleCount = rnd.nextInt(3);
        for (int i = 0; i < ruleCount; i++)
        {
            rules.add(policies.rule(i, null));
        }
        for (int i = 0; i < services.size(); i++)
        {
            if (chance(60))
            {
                rules.add(policies.rule(ruleCount + i, services.get(i)));
            }
        }
        final int single = rules.size();
        for (int i = 0; i < single; i++)
        {
            if (chance(35))
            {
                rules.add(policies.sibling(ruleCount + services.size() + i, rules.get(i))); // merged by Istio
            }
        }
        rules.addAll(policies.backendPolicyRules()); // a stream of their own: the model's stream stays as it was
        // ALLOW_ANY_DYNAMIC_DNS for some of the default's models, by their service count: the stream stays as it was
        final MeshConfig policy = chance(60) ? services.size() % 3 == 0
                ? new MeshConfig(MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS, null, SourceRef.NONE)
                : MeshConfig.DEFAULT
                : chance(70) ? new MeshConfig(MeshConfig.OutboundPolicy.REGISTRY_ONLY, null, SourceRef.NONE)
                : new MeshConfig(MeshConfig.OutboundPolicy.ALLOW_ANY, destination(), SourceRef.NONE);
        final MeshConfig rooted = chance(25) ? policy.withRootNamespace(pick(new String[] {"ns2", "istio-config"}))
                : policy;
        final MeshConfig mesh = rooted.withLocalityLbSetting(meshLocality(services)).withNetworks(
                meshNetworks(services));
        final List<SidecarSpec> sidecars = new ArrayList<>();
        if (chance(35))
        {
            final int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++)
            {
                sidecars.add(sidecar(i));
            }
        }
        final List<GatewaySpec> gateways = chance(60) ? ModelEdits.gateways(rnd) : List.of();
        return new RoutingModel(vss, rules, services, gateways, List.of(), mesh, sidecars,
                RandomPeerAuthentications.draw(services, mesh.rootNamespace()))
                .withAuthorization(RandomAuthorization.draw(services, gateways, mesh.rootNamespace()));
    }

    private SidecarSpec sidecar(final int i)
    {
        final String ns = pick(NAMESPACES);
        final Map<String, String> selector = chance(40) ? ClientSelectors.selector(pick(ClientSelectors.LABELS))
                : Map.of();
        final List<SidecarSpec.EgressListener> egress = new ArrayList<>();
        if (chance(80))
        {
            if (chance(40))
            {
                // a listener naming its port replaces the protocol of the services' ports there (§1 item 8)
                egress.add(new SidecarSpec.EgressListener(pick(new Integer[] {80, 9080, 8000, 3306}), egressHosts(ns),
                        pick(new String[] {"HTTP", "HTTP", "TCP", RegistryService.ServicePort.AUTO})));
            }
            if (egress.isEmpty() || chance(60))
            {
                egress.add(new SidecarSpec.EgressListener(0, egressHosts(ns)));
            }
        }
        final MeshConfig outbound = chance(50) ? null : new MeshConfig(chance(50)
                ? MeshConfig.OutboundPolicy.REGISTRY_ONLY : MeshConfig.OutboundPolicy.ALLOW_ANY, null, SourceRef.NONE);
        return new SidecarSpec(ns, "sc" + i, selector, egress, outbound, SourceRef.NONE);
    }

    private List<String> egressHosts(final String ns)
    {
        final List<String> hosts = new ArrayList<>();
        final int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++)
        {
            final int kind = rnd.nextInt(6);
            hosts.add(kind == 0 ? ns + "/*" : kind == 1 ? "*/*" : kind == 2 ? "istio-system/*"
                    : kind == 3 ? "*/*.example.com" : kind == 4 ? "~/*"
                    : pick(NAMESPACES) + "/" + pick(services).host());
        }
        return hosts;
    }

    /**
     * VirtualServices for a host another one has, with only tcp or tls routes (Istio's operations guide splits a
     * large VirtualService that way): a connection's filter chains come from all of them, in the client's order.
     */
    private void addConnectionSplits(final List<VirtualService> vss)
    {
        final int n = 1 + rnd.nextInt(2);
        for (int k = 0; k < n; k++)
        {
            final VirtualService base = pick(vss.toArray(new VirtualService[0]));
            final String ns = chance(50) ? base.namespace() : pick(NAMESPACES);
            final List<String> exportTo = chance(50) ? List.of("*") : chance(50) ? List.of(ns) : List.of("ns1", "ns2");
            final List<TcpRoute> tcp = new ArrayList<>();
            final List<TlsRoute> tls = new ArrayList<>();
            for (int r = rnd.nextInt(3) + 2; r > 0; r--)
            {
                tls.add(tlsRoute(base.hosts()));
                tcp.addAll(r % 2 == 0 ? List.of(tcpRoute()) : List.of());
            }
            vss.add(new VirtualService(ns, "split" + k, base.hosts(), base.gateways(), exportTo, List.of(), tcp, tls,
                    SourceRef.NONE));
        }
    }

    /** Delegate VirtualServices (no hosts) and root routes that name them (some missing, some not exported). */
    private void addDelegates(final List<VirtualService> vss)
    {
        final int roots = vss.size();
        final int delegates = 1 + rnd.nextInt(2);
        for (int k = 0; k < delegates; k++)
        {
            final String ns = pick(NAMESPACES);
            final List<HttpRoute> http = new ArrayList<>();
            final int n = 1 + rnd.nextInt(4);
            for (int r = 0; r < n; r++)
            {
                http.add(httpRoute("d" + k + "-" + r, false));
            }
            final List<String> exportTo = chance(75) ? List.of("*") : List.of(pick(NAMESPACES));
            vss.add(new VirtualService(ns, "dvs" + k, List.of(), List.of("mesh"), exportTo, http, List.of(),
                    SourceRef.NONE));
        }
        for (int v = 0; v < roots; v++)
        {
            final VirtualService vs = vss.get(v);
            if (!chance(60))
            {
                continue;
            }
            final int k = rnd.nextInt(delegates + 1); // == delegates: a delegate that does not exist
            final VirtualService target = k < delegates ? vss.get(roots + k) : null;
            final HttpRoute.Delegate ref = new HttpRoute.Delegate(target == null ? "missing" : target.name(),
                    target == null || chance(80) ? (target == null ? vs.namespace() : target.namespace())
                            : pick(NAMESPACES));
            final HttpRoute template = httpRoute("root" + v, false);
            final List<HttpMatch> matches = chance(40) ? List.of() : template.matches();
            final HttpRoute root = new HttpRoute(chance(70) ? "root" + v : null, matches, List.of(), null, null,
                    template.rewrite(), template.fault(), template.mirrors(), template.headers(), SourceRef.NONE, ref,
                    template.cors());
            final List<HttpRoute> http = new ArrayList<>(vs.http());
            http.add(rnd.nextInt(http.size() + 1), root);
            vss.set(v, new VirtualService(vs.namespace(), vs.name(), vs.hosts(), vs.gateways(), vs.exportTo(),
                    List.copyOf(http), vs.tcp(), vs.tls(), vs.source()));
        }
    }

    private String vsHost(final String ns)
    {
        switch (rnd.nextInt(8))
        {
            case 0:
                return "*.example.com";
            case 1:
                return "*.a.example.com";
            case 2:
                return chance(30) ? "*" : "*." + ns + ".svc.cluster.local";
            case 3:
                return "nowhere.example.org";
            case 4:
                // outside the registry, under "*.example.com" (which may cover a service): mixed with the registry
                // hosts of the same VirtualService, Istio serves it on their HTTP ports only
                return "www.example.com";
            default:
                return pick(services).host();
        }
    }

    private VirtualService virtualService(final int i)
    {
        final String ns = pick(NAMESPACES);
        final List<String> hosts = new ArrayList<>();
        final int hostCount = 1 + rnd.nextInt(chance(25) ? 3 : 2);
        for (int k = 0; k < hostCount; k++)
        {
            final String h = vsHost(ns);
            if (!hosts.contains(h))
            {
                hosts.add(h);
            }
        }
        final List<String> gateways = chance(70) ? List.of("mesh")
                : chance(40) ? List.of("ns1/gw1") : chance(50) ? List.of("mesh", "ns1/gw1")
                : List.of("default/edge", "ns1/gw1");
        final List<String> exportTo = chance(70) ? List.of("*")
                : chance(50) ? List.of(ns) : List.of("ns1", "ns2");
        final List<HttpRoute> http = new ArrayList<>();
        final boolean many = chance(6); // sometimes more than 64 match blocks: multi-word bit vectors
        final int routes = many ? 40 + rnd.nextInt(40) : rnd.nextInt(7);
        for (int r = 0; r < routes; r++)
        {
            http.add(httpRoute("r" + i + "-" + r, many));
        }
        if (chance(15))
        {
            // every block on one listener port, as the Gateway API translation restricts a listener's routes (and a
            // GAMMA route its parentRef's port): on another port Istio builds none of them
            final int port = pick(new Integer[] {80, 9080, 8080});
            http.replaceAll(h -> ModelEdits.onPort(h, port));
        }
        final List<TcpRoute> tcp = new ArrayList<>();
        if (chance(30))
        {
            final int n = 1 + rnd.nextInt(2);
            for (int r = 0; r < n; r++)
            {
                tcp.add(tcpRoute());
            }
        }
        final List<TlsRoute> tls = new ArrayList<>();
        if (chance(35))
        {
            final int n = 1 + rnd.nextInt(3);
            for (int r = 0; r < n; r++)
            {
                tls.add(tlsRoute(hosts));
            }
        }
        return new VirtualService(ns, "vs" + i, hosts, gateways, exportTo, http, tcp, tls, SourceRef.NONE);
    }

    /** Server names under a VirtualService's hosts: the hosts, wildcards under them, names they cover. */
    private String sniHost(final List<String> hosts)
    {
        final String h = pick(hosts);
        if (h.equals("*"))
        {
            return pick(new String[] {"*.example.com", "api0.example.com", "*"});
        }
        if (h.startsWith("*.") && chance(60))
        {
            return pick(new String[] {"x", "*.b", "api1", "svc0"}) + h.substring(1);
        }
        return h;
    }

    private TlsRoute tlsRoute(final List<String> hosts)
    {
        final List<TlsRoute.TlsMatch> matches = new ArrayList<>();
        final int blocks = 1 + rnd.nextInt(3);
        for (int b = 0; b < blocks; b++)
        {
            final List<String> sni = new ArrayList<>();
            final int names = 1 + rnd.nextInt(2);
            for (int k = 0; k < names; k++)
            {
                sni.add(sniHost(hosts));
            }
            matches.add(new TlsRoute.TlsMatch(List.copyOf(sni),
                    chance(25) ? List.of(pick(new String[] {
                        "10.0.0.0/16", "10.0.1.0/24", "10.0.1.1", "192.168.0.0/16", "::/0", "fd00::/120"}))
                            : List.of(),
                    chance(20) ? pick(new Integer[] {443, 8443}) : 0,
                    chance(10) ? nextSelector() : Map.of(),
                    chance(10) ? pick(NAMESPACES) : null,
                    chance(10) ? List.of(pick(GATEWAYS)) : List.of()));
        }
        final List<RouteDestination> dests = new ArrayList<>();
        final int n = 1 + rnd.nextInt(2);
        for (int k = 0; k < n; k++)
        {
            dests.add(new RouteDestination(destination(), rnd.nextInt(100)));
        }
        return new TlsRoute(matches, dests, SourceRef.NONE);
    }

    private StringMatch stringMatch(final String[] literals, final boolean allowPresent)
    {
        final int k = rnd.nextInt(allowPresent ? 4 : 3);
        switch (k)
        {
            case 0:
                return StringMatch.exact(pick(literals));
            case 1:
                final String p = pick(literals);
                return StringMatch.prefix(p.isEmpty() ? p : p.substring(0, 1 + rnd.nextInt(p.length())));
            case 2:
                return StringMatch.regex(pick(REGEXES));
            default:
                return StringMatch.present();
        }
    }

    private HttpMatch match(final boolean specific)
    {
        final StringMatch uri = specific
                ? (chance(50)
                        ? StringMatch.exact("/p" + rnd.nextInt(90))
                        : StringMatch.prefix("/p" + rnd.nextInt(90) + "/"))
                : chance(50) ? stringMatch(PATHS, false) : null;
        final StringMatch scheme = chance(10) ? StringMatch.exact(chance(50) ? "http" : "https") : null;
        final StringMatch method = chance(20) ? stringMatch(METHODS, false) : null;
        final StringMatch authority = chance(10) ? stringMatch(new String[] {"svc0", "api1.example.com", "svc1:80"},
                false) : null;
        final Map<String, StringMatch> headers = new LinkedHashMap<>();
        if (chance(25))
        {
            headers.put(pick(HEADERS), stringMatch(VALUES, true));
        }
        if (chance(10))
        {
            headers.put(pick(HEADERS), stringMatch(VALUES, true));
        }
        final Map<String, StringMatch> without = chance(12)
                ? Map.of(pick(HEADERS), stringMatch(VALUES, true))
                : Map.of();
        final Map<String, StringMatch> query = new LinkedHashMap<>();
        if (chance(15))
        {
            final int k = rnd.nextInt(4);
            query.put(pick(QUERY), k == 0 ? StringMatch.exact(pick(new String[] {"1", "", "true"}))
                    : k == 1 ? StringMatch.regex("[0-9]+")
                    : k == 2 ? StringMatch.prefix(pick(new String[] {"1", "t", "tr"})) : StringMatch.present());
        }
        final int port = chance(10) ? pick(new Integer[] {80, 9080, 8080}) : 0;
        final Map<String, String> labels = chance(10) ? ClientSelectors.selector(pick(ClientSelectors.LABELS))
                : Map.of();
        final String sourceNamespace = chance(10) ? pick(NAMESPACES) : null;
        final List<String> gateways = chance(10) ? List.of(pick(GATEWAYS)) : List.of();
        return new HttpMatch(null, uri, scheme, method, authority, headers, without, query, chance(20), port, labels,
                sourceNamespace, gateways);
    }

    private Destination destination()
    {
        final String host = chance(90) ? pick(services).host() : "unknown.example.net";
        final String subset = chance(40) ? null : chance(90) ? pick(VERSIONS) : "missing";
        final int port = chance(70) ? 0 : pick(new Integer[] {80, 9080, 3306, 1234});
        return new Destination(host, subset, port, chance(10) ? 500 : 0); // 500: a Gateway API backend's NC
    }

    private double percentage()
    {
        return pick(new Double[] {0.0, 10.5, 50.0, 100.0, 99.9});
    }

    /** An abort: an HTTP status, or now and then a gRPC status (Envoy answers it with 200 and the status). */
    private HttpRoute.Abort abort()
    {
        return chance(25) ? new HttpRoute.Abort(200, percentage(), rnd.nextInt(17))
                : new HttpRoute.Abort(pick(new Integer[] {500, 503}), percentage());
    }

    private HttpRoute httpRoute(final String name, final boolean specific)
    {
        return corsDice.decorate(plainHttpRoute(name, specific));
    }

    private HttpRoute plainHttpRoute(final String name, final boolean specific)
    {
        final List<HttpMatch> matches = new ArrayList<>();
        final int blocks = specific ? 1 + rnd.nextInt(3) : rnd.nextInt(4);
        for (int b = 0; b < blocks; b++)
        {
            matches.add(match(specific));
        }
        final String routeName = chance(85) ? name : null;
        final int kind = rnd.nextInt(100);
        if (kind < 10)
        {
            final HttpRoute.Redirect rd = new HttpRoute.Redirect(
                    chance(60) ? pick(new String[] {"/moved", "/x?y=1"}) : null,
                    chance(50) ? "new.example.com" : null,
                    chance(30) ? pick(new Integer[] {80, 443, 8443, HttpRoute.Redirect.FROM_REQUEST_PORT}) : 0,
                    chance(40) ? pick(new String[] {"http", "https"}) : null, chance(50) ? 302 : 0);
            // A redirect whose path comes from a prefix rewrite, as the Gateway API's ReplacePrefixMatch gives.
            final HttpRoute.Rewrite rdRewrite = rd.uri() == null && chance(30)
                    ? new HttpRoute.Rewrite(pick(new String[] {"/new/", "/"}), null, null) : null;
            return new HttpRoute(routeName, matches, List.of(), rd, null, rdRewrite, null, List.of(),
                    HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        }
        if (kind < 18)
        {
            return new HttpRoute(routeName, matches, List.of(), null,
                    new HttpRoute.DirectResponse(pick(new Integer[] {200, 418, 503}), chance(50) ? "body" : null),
                    null, null, List.of(), HttpRoute.HeaderOperations.NONE, SourceRef.NONE);
        }
        final List<RouteDestination> dests = new ArrayList<>();
        final int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++)
        {
            dests.add(new RouteDestination(destination(), chance(10) ? 0 : rnd.nextInt(101),
                    chance(15) ? headerOps() : HttpRoute.HeaderOperations.NONE));
        }
        HttpRoute.Rewrite rewrite = null;
        if (chance(30))
        {
            final int k = rnd.nextInt(3);
            rewrite = new HttpRoute.Rewrite(k == 0 ? pick(new String[] {"/new", "/", "/v2/"}) : null,
                    chance(40) ? "rewritten.local" : null,
                    k == 1 ? pick(REGEX_REWRITES) : null);
        }
        HttpRoute.Fault fault = null;
        if (chance(20))
        {
            fault = new HttpRoute.Fault(
                    chance(50) ? abort() : null,
                    chance(60) ? new HttpRoute.Delay(100 + rnd.nextInt(5000), percentage()) : null);
        }
        final List<HttpRoute.Mirror> mirrors = new ArrayList<>();
        final int m = chance(20) ? 1 + rnd.nextInt(2) : 0;
        for (int k = 0; k < m; k++)
        {
            mirrors.add(new HttpRoute.Mirror(destination(), percentage()));
        }
        final HttpRoute.HeaderOperations ops = chance(25) ? headerOps() : HttpRoute.HeaderOperations.NONE;
        return new HttpRoute(routeName, matches, dests, null, null, rewrite, fault, mirrors, ops, SourceRef.NONE);
    }

    private HttpRoute.HeaderOperations headerOps()
    {
        return new HttpRoute.HeaderOperations(
                chance(50) ? entries() : Map.of(),
                chance(50) ? entries() : Map.of(),
                chance(50) ? List.of(pick(HEADERS)) : List.of(),
                chance(15) ? pick(new String[] {"via-host.local", "other.example.com"}) : null);
    }

    /**
     * One or two header names with values (set or add); a {@code cookie} gets a cookie header's value, so a cookie
     * hash may find its cookie in a value the route adds (one draw either way: the rest of the model stays).
     */
    private Map<String, String> entries()
    {
        final Map<String, String> m = new LinkedHashMap<>();
        entry(m);
        if (chance(30))
        {
            entry(m);
        }
        return m;
    }

    private void entry(final Map<String, String> m)
    {
        final String name = pick(HEADERS);
        m.put(name, name.equals("cookie") ? RandomDestinationPolicies.cookieHeader(rnd) : pick(VALUES));
    }

    /** @return the next of {@link ClientSelectors#LABELS} as a selector, in turn (not drawn: the stream stays). */
    private Map<String, String> nextSelector()
    {
        final String[][] labels = ClientSelectors.LABELS;
        return ClientSelectors.selector(labels[Math.floorMod(services.size() * 3 + 5 * selectorTurn++, labels.length)]);
    }

    private TcpRoute tcpRoute()
    {
        final List<TcpRoute.L4Match> matches = new ArrayList<>();
        final int blocks = rnd.nextInt(3);
        for (int b = 0; b < blocks; b++)
        {
            matches.add(new TcpRoute.L4Match(
                    chance(30)
                            ? List.of(pick(new String[] {
                                "10.0.0.0/16", "10.0.1.0/24", "192.168.0.0/16", "::/0", "fd00::/120"}))
                            : List.of(),
                    chance(30) ? pick(new Integer[] {3306, 3306, 31400, 9443}) : 0,
                    chance(15) ? nextSelector() : Map.of(),
                    chance(15) ? pick(NAMESPACES) : null,
                    chance(10) ? List.of(pick(GATEWAYS)) : List.of()));
        }
        final List<RouteDestination> dests = new ArrayList<>();
        final int n = 1 + rnd.nextInt(2);
        for (int k = 0; k < n; k++)
        {
            dests.add(new RouteDestination(destination(), rnd.nextInt(100)));
        }
        return new TcpRoute(matches, dests, SourceRef.NONE);
    }

    // ------------------------------------------------------------------------------------ requests

    /**
     * @param model the model the requests should exercise.
     * @param rnd   the random source.
     * @param id    the request id.
     * @return a request biased towards the model's hosts, paths and conditions.
     */
    public static HttpRequest request(final RoutingModel model, final SplittableRandom rnd, final long id)
    {
        return new RandomRequests(rnd).randomRequest(model, id);
    }
}
