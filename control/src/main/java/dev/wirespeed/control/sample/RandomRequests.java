package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.wirespeed.control.sample.RandomRoutingModels.GATEWAYS;
import static dev.wirespeed.control.sample.RandomRoutingModels.HEADERS;
import static dev.wirespeed.control.sample.RandomRoutingModels.METHODS;
import static dev.wirespeed.control.sample.RandomRoutingModels.NAMESPACES;
import static dev.wirespeed.control.sample.RandomRoutingModels.PATHS;
import static dev.wirespeed.control.sample.RandomRoutingModels.VALUES;

/**
 * The request half of {@link RandomRoutingModels}: requests and connections biased to hit what a model configures
 * (its hosts, short names and addresses, paths, headers, ports, namespaces, gateways and their servers, TLS server
 * names). Deterministic for a given seed.
 */
final class RandomRequests extends Dice
{

    RandomRequests(final SplittableRandom rnd)
    {
        super(rnd);
    }

    private String authority(final RoutingModel model, final String[] namespace)
    {
        final int k = rnd.nextInt(10);
        String a;
        if (k < 5 && !model.virtualServices().isEmpty())
        {
            final VirtualService vs = pick(model.virtualServices());
            a = vs.hosts().isEmpty() ? "svc0" : pick(vs.hosts()); // a delegate has no hosts
            if (chance(70))
            {
                namespace[1] = pick(vs.gateways());
                final String export = pick(vs.exportTo());
                namespace[0] = export.equals("*") ? namespace[0] : export;
            }
            if (a.startsWith("*"))
            {
                a = pick(new String[] {"x", "a.b", "svc0"}) + a.substring(1);
                if (a.equals("x"))
                {
                    a = "anything.example.net";
                }
            }
            else if (a.endsWith(".svc.cluster.local") && chance(50))
            {
                final String[] parts = a.split("\\.");
                namespace[0] = parts[1];
                a = parts[0];
            }
        }
        else if (k < 8 && !model.services().isEmpty())
        {
            final RegistryService s = pick(model.services());
            final String h = s.host();
            final int dot = h.indexOf('.');
            switch (rnd.nextInt(6))
            {
                case 0:
                    a = h.substring(0, dot);
                    if (chance(80))
                    {
                        namespace[0] = s.namespace();
                    }
                    break;
                case 1:
                    final int second = h.indexOf('.', dot + 1);
                    a = second < 0 ? h : h.substring(0, second);
                    break;
                case 2:
                    a = h.endsWith(".svc.cluster.local") ? h.substring(0, h.length() - ".cluster.local".length()) : h;
                    break;
                case 3:
                    a = s.addresses().isEmpty() ? h : s.addresses().get(0);
                    break;
                default:
                    a = h;
                    break;
            }
        }
        else if (k < 9)
        {
            a = pick(new String[] {"x.example.com", "a.b.example.com", "foo.a.example.com", "nowhere.example.org",
                "other.ns1.svc.cluster.local", "svc0", "[::1]", "example.com", "www.example.com"});
        }
        else
        {
            a = pick(new String[] {"", "unknown", "10.9.9.9", "svc1.ns2"});
        }
        if (chance(15))
        {
            a = a.toUpperCase();
        }
        if (chance(20))
        {
            a = a + ":" + pick(new Integer[] {80, 9080, 3306, 8080});
        }
        return a;
    }

    HttpRequest randomRequest(final RoutingModel model, final long id)
    {
        final List<String> uris = new ArrayList<>();
        final List<String[]> headerHints = new ArrayList<>();
        for (final VirtualService vs : model.virtualServices())
        {
            for (final HttpRoute r : vs.http())
            {
                for (final HttpMatch m : r.matches())
                {
                    if (m.uri() != null && m.uri().kind() != StringMatch.Kind.REGEX)
                    {
                        uris.add(m.uri().value());
                    }
                    for (final Map.Entry<String, StringMatch> e : m.headers().entrySet())
                    {
                        headerHints.add(new String[] {e.getKey(), e.getValue().value()});
                    }
                }
            }
        }
        String path = !uris.isEmpty() && chance(50) ? pick(uris) : pick(PATHS);
        if (path.isEmpty())
        {
            path = "/";
        }
        if (chance(40))
        {
            path = path + pick(new String[] {"/x", "s", "/books", "/1/2"});
        }
        if (chance(15))
        {
            path = path.toUpperCase();
        }
        if (chance(30))
        {
            path = path + pick(new String[] {"?a=1", "?a", "?debug=true&a=22", "?b=&a=x", "?", "?a=1&a=2"});
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        for (final String h : HEADERS)
        {
            if (chance(30))
            {
                headers.put(h, pick(VALUES) + (chance(20) ? "x" : ""));
            }
        }
        if (chance(25))
        {
            headers.put("cookie", RandomDestinationPolicies.cookieHeader(rnd));
        }
        if (!headerHints.isEmpty() && chance(50))
        {
            final String[] h = pick(headerHints);
            headers.put(h[0], h[1]);
        }
        final Map<String, String> labels = ClientSelectors.podLocality(id, network(id, locality(id, chance(40)
                ? Map.of("app", pick(new String[] {"productpage", "web"})) : Map.of())));
        boolean connection = chance(25);
        int port = chance(connection ? 10 : 50) ? 0
                : connection ? pick(new Integer[] {443, 8443, 3306, 9080, 15443, 31400, 9443, 8000})
                : pick(new Integer[] {80, 9080, 3306, 8080, 7070, 443, 31400, 8000});
        final String scheme = chance(80) ? null : pick(new String[] {"http", "https"});
        final String method = chance(50) ? null : pick(METHODS);
        final String gateway = chance(80) ? null : chance(85) ? pick(GATEWAYS) : "unknown/gw";
        final String[] namespace = {chance(40) ? null : chance(95) ? pick(NAMESPACES) : "elsewhere", gateway};
        final String authority = RandomAutoAddresses.swapBoth(model, id, 1, authority(model, namespace));
        GatewaySpec.Server server = null;
        if (!model.gateways().isEmpty() && chance(15))
        {
            // a record on a server of one of the model's gateways, on that server's port (docs/routing.md §5.1-5.3)
            final GatewaySpec g = pick(model.gateways());
            server = pick(g.servers());
            namespace[1] = g.qualifiedName();
            port = server.port();
            connection = chance(server.http() ? 30 : server.tcpProxy() ? 60 : 90);
        }
        // the connection's source port (src written address:port): a cookie hash with a ttl then has its cookie;
        // drawn from the id, not the random stream, so the rest of the generated requests stay as they were
        final int mix = (int)Math.floorMod(id * 0x9E3779B97F4A7C15L >>> 32, 1000L);
        final String v4 = chance(70) ? "10.200.0." + rnd.nextInt(4) : null;
        final String src = v4 != null ? v4 : mix % 10 < 3 ? "2001:db8::" + mix % 3 : null;
        final int srcPort = src != null && mix % 5 < 3 ? 40000 + mix % 3 : 0;
        final String drawnDst = chance(40) ? null
                : pick(new String[] {"203.0.113.9", "203.0.113.9:8443", "[2001:db8::7]:80", "2001:db8::7", "10.0.0.1"});
        final String dst = RandomAutoAddresses.swapBoth(model, id, 3, serviceDestination(model, id, drawnDst, port));
        final boolean sendAuthority = chance(connection ? 60 : 100);
        final String[] undeclared = UndeclaredPortRequests.pick(model, id, namespace[1], connection || server != null);
        final String sent = undeclared != null ? undeclared[0] : sendAuthority ? authority : "";
        port = undeclared != null ? Integer.parseInt(undeclared[1]) : endpointPort(model, dst, port);
        final String sentMethod = RandomCors.preflight(id, method, headers); // a CORS preflight now and then
        final HttpRequest request = new HttpRequest(id, 0, client(dst, src, mix), port, namespace[1], namespace[0],
                labels, sentMethod, scheme, sent, path, headers).withDst(dst).withSrcPort(srcPort);
        if (!connection)
        {
            return request;
        }
        // an east-west name on an AUTO_PASSTHROUGH server, and sometimes on the other servers of a mixed port
        final boolean eastWest = server != null && !model.services().isEmpty()
                && chance(server.autoPassthrough() ? 70 : 25);
        return request.withSni(eastWest ? eastWestName(model) : serverName(model)).withAlpn(alpn());
    }

    /**
     * The client's network label (docs/routing.md §4, "Networks"), drawn from the id, not the random stream: none,
     * an endpoint network, one no endpoint is on, or empty.
     */
    private static Map<String, String> network(final long id, final Map<String, String> labels)
    {
        final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(id * 104729 + 5);
        final String[] networks = {null, null, "net1", "net2", "net3", "net9", ""};
        final String net = networks[(int)Math.floorMod(mix, (long)networks.length)];
        if (net == null)
        {
            return labels;
        }
        final Map<String, String> out = new java.util.LinkedHashMap<>(labels);
        out.put(dev.wirespeed.control.model.MeshNetworks.NETWORK_LABEL, net);
        return out;
    }

    /**
     * The client's locality labels (docs/routing.md §4), drawn from the id, not the random stream: none, or one of
     * the endpoints' localities (sometimes only its region, or an unknown zone).
     */
    private static Map<String, String> locality(final long id, final Map<String, String> labels)
    {
        final long mix = dev.wirespeed.fib.l7.RequestHash.mix64(id * 7919 + 17);
        final String[] parts = dev.wirespeed.control.model.EndpointOrder.localityParts(
                RandomServices.LOCALITIES[(int)Math.floorMod(mix, (long)RandomServices.LOCALITIES.length)]);
        if (parts[0].isEmpty() || mix >>> 60 < 4)
        {
            return labels;
        }
        final Map<String, String> out = new java.util.LinkedHashMap<>(labels);
        if ((mix >>> 48 & 3) != 0)
        {
            out.put("topology.istio.io/network", (mix >>> 47 & 1) == 0 ? "net1" : "net3"); // failoverPriority
        }
        if ((mix >>> 44 & 3) == 0)
        {
            out.put("version", (mix >>> 43 & 1) == 0 ? "v1" : "v2");
        }
        if ((mix >>> 40 & 3) != 0)
        {
            // the client's node: one of the Pods' or another; a cluster label Istio overwrites with the proxy's cluster
            out.put(dev.wirespeed.control.model.TopologyLabels.HOSTNAME_LABEL, (mix >>> 38 & 3) == 0 ? "node-9"
                    : RandomServices.NODES[(int)(mix >>> 37 & 1)]);
        }
        if ((mix >>> 35 & 3) == 0)
        {
            out.put(dev.wirespeed.control.model.TopologyLabels.CLUSTER_LABEL, RandomServices.REMOTE_CLUSTER);
        }
        out.put(dev.wirespeed.control.model.EndpointOrder.REGION_LABEL, parts[0]);
        final String zone = (mix >>> 56 & 7) == 0 ? "z" : parts[1];
        if (!zone.isEmpty())
        {
            out.put(dev.wirespeed.control.model.EndpointOrder.ZONE_LABEL, zone);
        }
        if (!parts[2].isEmpty() && (mix >>> 52 & 3) != 0)
        {
            out.put(dev.wirespeed.control.model.EndpointOrder.SUBZONE_LABEL, parts[2]);
        }
        return Map.copyOf(out);
    }

    /** The ALPN a connection record offers: not said (a sidecar's), none, Istio's mTLS values, HTTP's. */
    private String alpn()
    {
        return chance(45) ? null
                : pick(new String[] {"", "istio-peer-exchange,istio", "h2,http/1.1", "istio-h2", "http/1.1,istio"});
    }

    /** A TLS server name: a TLS match's, a service's, a wildcard's instance, none, or one nobody knows. */
    private String serverName(final RoutingModel model)
    {
        final List<String> names = new ArrayList<>();
        for (final VirtualService vs : model.virtualServices())
        {
            for (final TlsRoute r : vs.tls())
            {
                for (final TlsRoute.TlsMatch m : r.matches())
                {
                    names.addAll(m.sniHosts());
                }
            }
        }
        final int k = rnd.nextInt(12);
        String n;
        if (k >= 10 && !model.services().isEmpty())
        {
            n = eastWestName(model);
        }
        else if (k < 5 && !names.isEmpty())
        {
            n = pick(names);
        }
        else if (k < 7 && !model.services().isEmpty())
        {
            n = pick(model.services()).host();
        }
        else
        {
            n = pick(new String[] {"", "unknown.example.org", "a.b.example.com", "x.example.com", "example.com"});
        }
        if (n.startsWith("*"))
        {
            n = pick(new String[] {"q", "a.b", "svc0"}) + n.substring(1);
        }
        return chance(10) ? n.toUpperCase() : n;
    }

    /**
     * @return for a destination written without port at an endpoint of a passthrough service without address, that
     *         service's first port that is not HTTP (sniffed first), where its per-endpoint listener is
     *         (docs/routing.md §1 item 8); else {@code port}.
     */
    private static int endpointPort(final RoutingModel model, final String dst, final int port)
    {
        if (dst == null || !dst.startsWith("10.") || dst.indexOf(':') >= 0)
        {
            return port;
        }
        for (final RegistryService s : model.services())
        {
            if (s.addresses().isEmpty() && s.endpoints().stream().anyMatch(e -> e.address().equals(dst)))
            {
                int chosen = port;
                for (final RegistryService.ServicePort p : s.ports())
                {
                    chosen = p.isAuto() || chosen == port && !p.isHttp() ? p.number() : chosen;
                }
                return chosen;
            }
        }
        return port;
    }

    /**
     * @return now and then (drawn from the id) the address of an IPv4 destination in 10/8 itself: a client that sends
     *         to its own address (Istio builds no per-endpoint listener for the proxy's own address); else {@code src}.
     */
    private static String client(final String dst, final String src, final int mix)
    {
        if (dst == null || mix % 11 != 0 || !dst.startsWith("10."))
        {
            return src;
        }
        final int colon = dst.indexOf(':');
        return colon < 0 ? dst : dst.substring(0, colon);
    }

    /**
     * @param model the model.
     * @param id    the request id.
     * @param drawn the destination drawn at random.
     * @param port  the request's port.
     * @return for about one request in three, an address of one of the model's services (with the request's port
     *         written or not), or of one of its endpoints for a service without address, whatever the authority: Envoy
     *         picks a TCP or sniffed listener bound there by the original destination (docs/routing.md §1 item 8);
     *         drawn from the id, not the random stream. Else
     *         {@code drawn}.
     */
    private static String serviceDestination(final RoutingModel model, final long id, final String drawn,
            final int port)
    {
        final int mix = (int)Math.floorMod(id * 0xC2B2AE3D27D4EB4FL >>> 33, 1000L);
        if (mix % 3 != 0 || model.services().isEmpty())
        {
            return drawn;
        }
        final RegistryService s = model.services().get(mix / 3 % model.services().size());
        if (s.addresses().isEmpty() && s.endpoints().isEmpty())
        {
            return drawn;
        }
        // a service without address: one of its endpoints' (a passthrough service's per-endpoint listener)
        final String a = s.addresses().isEmpty() ? s.endpoints().get(mix % s.endpoints().size()).address()
                : s.addresses().get(mix % s.addresses().size());
        return mix % 2 == 0 || port <= 0 ? a : a.indexOf(':') >= 0 ? "[" + a + "]:" + port : a + ":" + port;
    }

    /**
     * A server name as an Istio sidecar sends it to an east-west gateway ({@code outbound_.PORT_.SUBSET_.HOST},
     * docs/routing.md §5.2), mostly of a service and port the model has, with or without a subset.
     */
    private String eastWestName(final RoutingModel model)
    {
        final RegistryService s = pick(model.services());
        final int port = s.ports().isEmpty() || chance(10) ? 1234 : pick(s.ports()).number();
        final String subset = chance(40) ? "" : pick(RandomRoutingModels.VERSIONS);
        final String host = chance(90) ? s.host() : "other.example.org";
        final String n = "outbound_." + port + "_." + subset + "_." + host;
        return chance(5) ? n.replace("outbound_.", "inbound_.") : n;
    }
}
