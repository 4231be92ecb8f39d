package dev.wirespeed.control.sample;

import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.SourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small rewrites and parts of generated models. */
final class ModelEdits
{
    private ModelEdits()
    {
    }

    /**
     * @param h    a route.
     * @param port a listener port.
     * @return the route with every match block restricted to that port (a route without blocks gets one).
     */
    static HttpRoute onPort(final HttpRoute h, final int port)
    {
        final List<HttpMatch> blocks = new ArrayList<>();
        for (final HttpMatch m : h.matches().isEmpty() ? List.of(HttpMatch.ANY) : h.matches())
        {
            blocks.add(new HttpMatch(m.name(), m.uri(), m.scheme(), m.method(), m.authority(), m.headers(),
                    m.withoutHeaders(), m.queryParams(), m.ignoreUriCase(), port, m.sourceLabels(),
                    m.sourceNamespace(), m.gateways()));
        }
        return new HttpRoute(h.name(), List.copyOf(blocks), h.route(), h.redirect(), h.directResponse(), h.rewrite(),
                h.fault(), h.mirrors(), h.headers(), h.source(), h.delegate(), h.cors());
    }

    /**
     * @param rnd the generator's source.
     * @return the non-mesh gateways of {@link RandomRoutingModels#GATEWAYS}, most with a TLS passthrough server on
     *         443 (docs/routing.md §5.1), some with a terminating one.
     */
    static List<GatewaySpec> gateways(final SplittableRandom rnd)
    {
        final String[] hosts = {"*", "./*", "ns1/*", "*/*.example.com", "default/svc0.default.svc.cluster.local"};
        final List<GatewaySpec> out = new ArrayList<>();
        for (final String qualified : new String[] {"ns1/gw1", "default/edge"})
        {
            final List<GatewaySpec.Server> servers = new ArrayList<>();
            servers.add(new GatewaySpec.Server(80, "HTTP", List.of("*"), null));
            if (rnd.nextInt(100) < 80)
            {
                servers.add(new GatewaySpec.Server(443, rnd.nextInt(100) < 85 ? "TLS" : "HTTPS",
                        List.of(hosts[rnd.nextInt(hosts.length)]), rnd.nextInt(100) < 85 ? "PASSTHROUGH" : "SIMPLE"));
            }
            addHttpBesideTls(rnd, servers);
            addConnectionServers(rnd, servers);
            final int slash = qualified.indexOf('/');
            out.add(new GatewaySpec(qualified.substring(0, slash), qualified.substring(slash + 1), Map.of(),
                    List.copyOf(servers), SourceRef.NONE));
        }
        return out;
    }

    /**
     * HTTP servers on ports with TLS servers (docs/routing.md §5.3: Istio builds their HTTP connection managers into
     * the same listener): an HTTPS server terminating TLS for some names on 443, a plain-text HTTP server on 443.
     */
    private static void addHttpBesideTls(final SplittableRandom rnd, final List<GatewaySpec.Server> servers)
    {
        final String[] names = {"x.example.com", "*.example.com", "*", "api0.example.com", "ns1/svc0.example.com"};
        if (rnd.nextInt(100) < 35)
        {
            servers.add(new GatewaySpec.Server(443, "HTTPS", List.of(names[rnd.nextInt(names.length)]), "SIMPLE"));
        }
        if (rnd.nextInt(100) < 25)
        {
            servers.add(new GatewaySpec.Server(443, "HTTP", List.of("*"), null));
        }
    }

    /**
     * Servers that proxy connections (docs/routing.md §5.2, §5.3): AUTO_PASSTHROUGH (east-west) servers, plain TCP
     * servers (sometimes two, or beside an HTTP one, which Istio skips) and TLS-terminating TCP servers.
     */
    private static void addConnectionServers(final SplittableRandom rnd, final List<GatewaySpec.Server> servers)
    {
        final String[] eastWest = {"*.local", "*", "ns1/*.svc.cluster.local", "*.example.com",
            "*.default.svc.cluster.local"};
        if (rnd.nextInt(100) < 50)
        {
            servers.add(new GatewaySpec.Server(15443, "TLS", List.of(eastWest[rnd.nextInt(eastWest.length)]),
                    "AUTO_PASSTHROUGH"));
        }
        if (rnd.nextInt(100) < 10)
        {
            servers.add(new GatewaySpec.Server(443, "TLS", List.of("*.local"), "AUTO_PASSTHROUGH"));
        }
        addMixedPort(rnd, servers);
        final String[] tcpHosts = {"*", "ns1/*", "*.example.com", "./*", "*/svc0.default.svc.cluster.local",
            "nowhere.example.org"};
        final int plain = rnd.nextInt(100) < 55 ? 1 + rnd.nextInt(2) : 0;
        for (int k = 0; k < plain; k++)
        {
            servers.add(new GatewaySpec.Server(31400, rnd.nextInt(100) < 80 ? "TCP" : "MONGO",
                    List.of(tcpHosts[rnd.nextInt(tcpHosts.length)]), null));
        }
        if (plain > 0 && rnd.nextInt(100) < 10)
        {
            servers.add(new GatewaySpec.Server(31400, "HTTP", List.of("*"), null));
        }
        final String[] names = {"x.example.com", "*.example.com", "*", "api0.example.com", "ns1/*.example.com"};
        final int terminating = rnd.nextInt(100) < 45 ? 1 + rnd.nextInt(2) : 0;
        for (int k = 0; k < terminating; k++)
        {
            servers.add(new GatewaySpec.Server(9443, "TLS", List.of(names[rnd.nextInt(names.length)]),
                    rnd.nextInt(100) < 70 ? "SIMPLE" : "ISTIO_MUTUAL"));
        }
        if (terminating > 0 && rnd.nextInt(100) < 30)
        {
            servers.add(new GatewaySpec.Server(9443, "HTTP", List.of("*"), null)); // joins the TLS servers' listener
        }
    }

    /**
     * Servers of other kinds on the east-west port 15443 (docs/routing.md §5.3: Envoy chooses among all the port's
     * filter chains by server name, then ALPN): a TLS passthrough server, a plain TCP server, a TLS-terminating one.
     */
    private static void addMixedPort(final SplittableRandom rnd, final List<GatewaySpec.Server> servers)
    {
        final String[] names = {"*", "*.example.com", "x.example.com", "*.local", "ns1/*.svc.cluster.local"};
        if (rnd.nextInt(100) < 45)
        {
            servers.add(new GatewaySpec.Server(15443, "TLS", List.of(names[rnd.nextInt(names.length)]),
                    "PASSTHROUGH"));
        }
        if (rnd.nextInt(100) < 30)
        {
            servers.add(new GatewaySpec.Server(15443, "TLS", List.of(names[rnd.nextInt(names.length)]), "SIMPLE"));
        }
        if (rnd.nextInt(100) < 35)
        {
            // a plain server after the TLS ones joins their listener (written first, it would push them out)
            servers.add(new GatewaySpec.Server(15443, "TCP", List.of("*"), null));
        }
    }

    /**
     * @param rnd the generator's source.
     * @param ns  a service's namespace.
     * @return its visibility: mostly every namespace; else its own, another, two, or none.
     */
    static List<String> exportTo(final SplittableRandom rnd, final String ns)
    {
        switch (rnd.nextInt(20))
        {
            case 0:
                return List.of(ns);
            case 1:
                return List.of(RandomRoutingModels.NAMESPACES[rnd.nextInt(RandomRoutingModels.NAMESPACES.length)]);
            case 2:
                return List.of("ns1", "ns2");
            case 3:
                return List.of();
            default:
                return List.of("*");
        }
    }
}
