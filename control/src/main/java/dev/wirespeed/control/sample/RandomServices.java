package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.wirespeed.control.sample.RandomRoutingModels.NAMESPACES;
import static dev.wirespeed.control.sample.RandomRoutingModels.VERSIONS;

/**
 * Random registry services for {@link RandomRoutingModels}: Kubernetes-style and ServiceEntry hosts, addresses or
 * none, HTTP, TCP, TLS, UDP and sniffed (undeclared) ports, endpoints with labels, exportTo, location and resolution.
 */
final class RandomServices extends Dice
{
    /** Endpoint weights: mostly 1 (equal weights keep the unweighted picks), a uint32-sized one. */
    private static final long[] WEIGHTS = {1, 1, 1, 1, 2, 3, 5, 4_000_000_000L};
    /** Endpoint localities: none, regions, zones, subzones ({@link RandomRequests} clients share them). */
    /** Endpoint networks (docs/routing.md §4, "Networks"): none, or one of three (net3 has no gateway). */
    static final String[] NETWORKS = {"", "net1", "net1", "net2", "net3"};
    /** The nodes of Pods and of clients ({@code kubernetes.io/hostname}). */
    static final String[] NODES = {"node-1", "node-2"};
    static final String[] LOCALITIES = {"", "us-east", "us-east/a", "us-east/a/1", "us-east/a/2", "us-east/b",
        "eu-west/c", "eu-west/c/1", "ap-south"};

    RandomServices(final SplittableRandom rnd)
    {
        super(rnd);
    }

    /**
     * @param i the service's index (in its host, addresses and endpoint addresses).
     * @return a random registry service.
     */
    RegistryService service(final int i)
    {
        final String ns = pick(NAMESPACES);
        final String host = chance(75) ? "svc" + i + "." + ns + ".svc.cluster.local"
                : chance(50) ? "api" + i + ".example.com" : "ext" + i + ".a.example.com";
        final List<String> drawn = chance(70) ? List.of("10.0." + i + ".1")
                : chance(30) ? List.of("fd00::" + (i + 1)) : List.of();
        // sometimes a first address that is a CIDR (/24, or a /16 that overlaps others): its listener chains match the
        // CIDR and its other address (docs/routing.md §1 item 8); not from the random stream
        final int cidr = (i * 13 + host.length()) % 8;
        // sometimes a dual-stack one, IPv4 or IPv6 first: a single-stack client reaches it by its family's addresses
        // only (docs/routing.md §4 "Clusters"); not from the random stream
        final int dual = (i * 7 + host.length()) % 6;
        final List<String> addresses = drawn.size() != 1 || !drawn.get(0).startsWith("10.") ? drawn
                : cidr > 1 && dual == 0 ? List.of(drawn.get(0), "fd00:1::" + (i + 1))
                : cidr > 1 && dual == 1 ? List.of("fd00:1::" + (i + 1), drawn.get(0))
                : cidr > 1 ? drawn : List.of(cidr == 0 ? "10.0." + i + ".0/24" : "10.0.0.0/16", drawn.get(0));
        final List<RegistryService.ServicePort> ports = new ArrayList<>();
        ports.add(new RegistryService.ServicePort("http", 80, 8080, "HTTP"));
        if (chance(40))
        {
            ports.add(new RegistryService.ServicePort("http-web", 9080, 9080, "HTTP"));
        }
        if (chance(25))
        {
            ports.add(new RegistryService.ServicePort("mysql", 3306, 3306, "TCP"));
        }
        if (chance(10))
        {
            ports.add(new RegistryService.ServicePort("dns", 53, 53, "UDP"));
        }
        if (chance(30))
        {
            ports.add(chance(50) ? new RegistryService.ServicePort("tls", 443, 8443, "TLS")
                    : new RegistryService.ServicePort("https", 8443, 8443, "HTTPS"));
        }
        if (chance(35))
        {
            // port 8000 sniffed (no protocol), TCP or HTTP: which services give a sidecar an HTTP listener there
            // (docs/routing.md §1 item 8)
            final int kind = rnd.nextInt(4);
            ports.add(kind < 2 ? new RegistryService.ServicePort("web", 8000, 8000, RegistryService.ServicePort.AUTO)
                    : kind == 2 ? new RegistryService.ServicePort("tcp-app", 8000, 8000, "TCP")
                    : new RegistryService.ServicePort("http-app", 8000, 8000, "HTTP"));
        }
        if (chance(20))
        {
            ports.remove(0);
            if (ports.isEmpty())
            {
                ports.add(new RegistryService.ServicePort("grpc", 7070, 7070, "GRPC"));
            }
        }
        final List<RegistryService.Endpoint> eps = endpoints(host, i);
        final List<String> exportTo = ModelEdits.exportTo(rnd, ns);
        // a ServiceEntry's location: MESH_EXTERNAL (its default) leaves it out of AUTO_PASSTHROUGH chains
        final boolean meshExternal = chance(host.endsWith(".cluster.local") ? 5 : 40);
        // resolution NONE / headless: ORIGINAL_DST on a sidecar, the endpoints on a gateway; a NONE ServiceEntry's
        // port that writes a targetPort makes Istio's ORIGINAL_DST clusters send there (upstream_port_override)
        final boolean passthrough = chance(15);
        final Map<Integer, Integer> targetPorts = new LinkedHashMap<>();
        for (final RegistryService.ServicePort p : ports)
        {
            final int mix = (i * 31 + p.number()) % 10; // not from the random stream: the rest stays as it was
            if (passthrough && mix < 4)
            {
                targetPorts.put(p.number(), mix < 2 ? p.targetPort() : 20000 + mix % 3);
            }
        }
        // a headless Kubernetes Service (or a ServiceEntry with a selector) binds its passthrough listeners to its
        // endpoints only: without endpoints it has none (docs/routing.md §1 item 8); not from the random stream
        final boolean endpointListenersOnly = passthrough && (host.endsWith(".cluster.local") || i % 2 == 0);
        // Service.spec.trafficDistribution: a failover priority of Istio's own (docs/routing.md §4)
        final int distribution = Math.floorMod(host.hashCode() * 7 + 3, 10);
        if (host.endsWith(".cluster.local"))
        {
            withPortMembership(host, ports, eps);
        }
        return new RegistryService(host, ns, addresses, ports, eps, SourceRef.NONE, exportTo, meshExternal, passthrough,
                Map.copyOf(targetPorts), endpointListenersOnly,
                distribution < 2 ? RegistryService.TrafficDistribution.PREFER_SAME_ZONE
                : distribution == 2 ? RegistryService.TrafficDistribution.PREFER_SAME_NODE
                : RegistryService.TrafficDistribution.ANY);
    }

    /** The id of the remote cluster some endpoints are of (and a gateway, {@link RandomRoutingModels}). */
    static final String REMOTE_CLUSTER = "cluster2";

    /**
     * A Kubernetes Service's endpoints that are not endpoints on some of its ports (docs/routing.md §4: a Pod without
     * the named {@code targetPort}, a slice that does not list the port): one port of an endpoint in 16, and sometimes
     * one port of every endpoint, drawn from the host, the endpoint and the port, not the random stream (its first
     * port keeps every endpoint).
     */
    private static void withPortMembership(final String host, final List<RegistryService.ServicePort> ports,
            final List<RegistryService.Endpoint> eps)
    {
        final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(host.hashCode() * 17L + 5);
        // sometimes a port no endpoint serves (a named targetPort no container declares)
        final int unserved = (mix & 3) == 0 && ports.size() > 1 ? 1 + (int)((mix >>> 2) % (ports.size() - 1)) : -1;
        for (int k = 0; k < eps.size(); k++)
        {
            final RegistryService.Endpoint e = eps.get(k);
            final Map<String, Integer> own = new LinkedHashMap<>(e.ports());
            for (int j = 1; j < ports.size(); j++) // the first port: every endpoint
            {
                final RegistryService.ServicePort p = ports.get(j);
                final long draw = dev.wirespeed.fib.l7.RequestHash.mix64(host.hashCode() * 131L + k * 7919L
                        + p.number());
                if (j == unserved || (draw & 15) == 0)
                {
                    own.put(p.name(), RegistryService.Endpoint.NOT_SERVED);
                }
            }
            eps.set(k, new RegistryService.Endpoint(e.address(), e.labels(), Map.copyOf(own), e.healthy(), e.name(),
                    e.weight(), e.locality(), e.network(), e.tlsMode()));
        }
    }

    /** @return the endpoints of service {@code i} (its host names it): labels, weights, localities, networks. */
    private List<RegistryService.Endpoint> endpoints(final String host, final int i)
    {
        final List<RegistryService.Endpoint> eps = new ArrayList<>();
        final int n = rnd.nextInt(6);
        for (int k = 0; k < n; k++)
        {
            final Map<String, String> labels = new LinkedHashMap<>();
            labels.put("version", pick(VERSIONS));
            if (chance(50))
            {
                labels.put("zone", chance(50) ? "a" : "b");
            }
            final Map<String, Integer> portOverrides = chance(20) ? Map.of("http", 18080) : Map.of();
            // weight and locality drawn from the host and k, not the random stream: the rest stays as it was
            final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(host.hashCode() * 31L + k);
            final String network = NETWORKS[(int)Math.floorMod(mix >>> 36, (long)NETWORKS.length)];
            if ((mix >>> 40 & 3) != 0 && !network.isEmpty())
            {
                labels.put("topology.istio.io/network", network); // as Istio's AugmentLabels writes it
            }
            if ((mix >>> 48 & 7) != 0)
            {
                // AugmentLabels: not a DNS host's; sometimes a remote cluster's (docs/routing.md §4 "Clusters")
                labels.put(TopologyLabels.CLUSTER_LABEL, (mix >>> 60 & 3) == 0 ? REMOTE_CLUSTER
                        : MeshNetworks.CLUSTER_ID);
            }
            if ((mix >>> 52 & 3) != 0)
            {
                labels.put(TopologyLabels.HOSTNAME_LABEL, NODES[(int)(mix >>> 54 & 1)]); // a Pod's node
            }
            final String address = "10." + (1 + rnd.nextInt(3)) + "." + i + "." + (10 + rnd.nextInt(20));
            // a WorkloadEntry without an address names its network: reached through its gateways only
            eps.add(new RegistryService.Endpoint((mix >>> 56 & 15) == 0 && !network.isEmpty() ? "" : address,
                    labels, portOverrides, chance(85), "pod" + k,
                    WEIGHTS[(int)Math.floorMod(mix, (long)WEIGHTS.length)],
                    LOCALITIES[(int)Math.floorMod(mix >>> 20, (long)LOCALITIES.length)],
                    network, (mix >>> 44 & 3) == 0 ? "disabled" : "istio").onNetwork(network));
        }
        return eps;
    }
}
