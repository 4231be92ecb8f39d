package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.AddressFamilies;
import dev.wirespeed.control.model.ClientProxies;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.OutboundListeners;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.reference.RouteTrace;
import dev.wirespeed.control.sample.RandomRoutingModels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The differential property: for random models and random requests biased to hit them, the compiled
 * FIB and the reference interpreter give identical decisions. Prints its seed; replay with
 * {@code -Dwirespeed.seed=N}.
 */
class RoutingDifferentialProperties
{
    /** Whether an authority could name a host (same first label): tells the egress proxy's routes apart. */
    private static final class RequestFactsHosts
    {
        static boolean mayName(final String authority, final String host)
        {
            final String a = authority.toLowerCase(java.util.Locale.ROOT);
            final String first = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
            return a.contains(first) || a.matches("[0-9.:\\[\\]a-f]+");
        }
    }

    private static final int MODELS = Integer.getInteger("wirespeed.models", 500);
    private static final int REQUESTS_PER_MODEL = Integer.getInteger("wirespeed.requests", 30);

    /** What the reference's explain steps say, in the order of the flags the trace of the test sets. */
    private static final String[] STEP_MARKERS = {ReferenceRouter.NOT_BUILT, ReferenceRouter.OUTSIDE_NOT_SERVED,
        ReferenceRouter.OUTSIDE_NO_DOMAIN, ReferenceRouter.UNDECLARED_PORT, ReferenceRouter.AS_WRITTEN,
        ReferenceRouter.NO_HTTP_LISTENER, ReferenceRouter.AT_DESTINATION, ReferenceRouter.NO_VIRTUAL_HOST,
        OutboundListeners.AT_ENDPOINT,
        // an east-west gateway's DNS-SRV cluster leaving an endpoint out (docs/routing.md §5.2): one without Istio's
        // TLS mode, one whose port a PeerAuthentication DISABLEs
        "left out of the DNS-SRV cluster: no mTLS to it (tlsMode",
        "left out of the DNS-SRV cluster: no mTLS to it (PeerAuthentication", OutboundListeners.IN_CIDR,
        ReferenceRouter.OWN_CLUSTER_ADDRESSES, dev.wirespeed.control.model.AddressFamilies.OWN_FAMILY_ADDRESSES,
        AddressFamilies.FIRST_FAMILY_ADDRESSES, AddressFamilies.AUTO_ADDRESSES};

    @Test
    void compiledFibShouldDecideExactlyLikeTheReference()
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("RoutingDifferentialProperties seed=" + seed + " (replay: -Dwirespeed.seed=" + seed + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        int cases = 0;
        final java.util.Map<String, Integer> coverage = new java.util.TreeMap<>();
        for (int m = 0; m < MODELS; m++)
        {
            final long modelSeed = master.nextLong();
            final SplittableRandom rnd = new SplittableRandom(modelSeed);
            final RoutingModel model = RandomRoutingModels.model(rnd);
            final ReferenceRouter reference = new ReferenceRouter(CidrBesideHttpCoverage.check(coverage, model, m));
            try (CompiledRouter compiled = CompiledRouter.compile(model))
            {
                for (int i = 0; i < REQUESTS_PER_MODEL; i++)
                {
                    final HttpRequest request = RandomRoutingModels.request(model, rnd, rnd.nextInt(1000));
                    final boolean[] notBuilt = new boolean[STEP_MARKERS.length];
                    final String[] firstConnectionVs = new String[1];
                    final RouteDecision expected = reference.route(request, new RouteTrace()
                    {
                        @Override
                        public void step(final String stage, final String text)
                        {
                            for (int k = 0; k < STEP_MARKERS.length; k++)
                            {
                                notBuilt[k] |= text.contains(STEP_MARKERS[k]);
                            }
                            if (text.startsWith("filter chains from `"))
                            {
                                firstConnectionVs[0] = text.substring(20, text.indexOf('`', 20));
                            }
                        }
                    });
                    final RouteDecision actual = compiled.route(request);
                    if (!expected.equals(actual))
                    {
                        fail("seed=" + seed + " model#" + m + " (modelSeed=" + modelSeed + ") request#" + i
                                + "\nmodel: " + model + "\nrequest: " + request + "\nreference: " + expected
                                + "\ncompiled:  " + actual);
                    }
                    cases++;
                    tally(coverage, expected, request, model);
                    ProxyLabelCoverage.tally(coverage, model, request);
                    PortMembershipCoverage.tally(coverage, model, request, expected);
                    if (firstConnectionVs[0] != null && expected.vs() != null
                            && !expected.vs().equals(firstConnectionVs[0]))
                    {
                        coverage.merge("connection-chain-of-a-later-vs", 1, Integer::sum);
                    }
                    if (request.alpn() != null && request.sni() != null
                            && !expected.equals(reference.route(request.withAlpn(null))))
                    {
                        coverage.merge("alpn-decided", 1, Integer::sum); // Envoy's ALPN step chose another chain
                    }
                    tallySteps(coverage, notBuilt, request, expected);
                    if (notExported(model, request))
                    {
                        coverage.merge("service-not-exported", 1, Integer::sum);
                    }
                    listeners(coverage, notBuilt, request, expected, model);
                    final String alias = aliasKind(model, request);
                    if (alias != null)
                    {
                        coverage.merge(alias, 1, Integer::sum);
                    }
                    if (sniffedAsHttp(model, expected))
                    {
                        coverage.merge("sniffed-port-routed-as-http", 1, Integer::sum);
                    }
                    if (hiddenByASidecar(model, request, expected))
                    {
                        coverage.merge("sidecar-hidden", 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("RoutingDifferentialProperties cases=" + cases + " coverage=" + coverage);
        assertThat(cases).isGreaterThanOrEqualTo(MODELS * REQUESTS_PER_MODEL);
        assertThat(coverage).containsKeys("action=route", "action=redirect", "action=direct", "action=abort",
                "action=drop", "flags=NR", "flags=NC", "flags=UH", "flags=DI", "flags=FI", "mirrors", "rewritten-path",
                "rewritten-authority", "tcp", "default-route", "weighted-subset", "passthrough-with-dst",
                "passthrough-without-dst", "block-all", "egress-proxy", "delegated-route",
                "delegated-route-joined-name",
                "changed-headers", "removed-headers", "sidecar-hidden", "tls-route", "tls-route-wildcard",
                "connection-passthrough", "connection-blackhole", "sni-named-service", "vs-not-built-for-proxy",
                "connection-chain-of-a-later-vs", "gateway-passthrough", "gateway-auto-passthrough",
                "gateway-auto-passthrough-subset", "gateway-tcp-server", "gateway-tcp-server-request",
                "gateway-tls-terminating-server", "service-not-exported", "alpn-decided",
                "gateway-mixed-port-chain", "gateway-mesh-external-refused", "outside-host-not-served-on-port",
                "outside-wildcard-no-domain", "gateway-http-beside-connections", "gateway-connection-on-http-chain",
                "grpc-abort");
        assertThat(coverage).containsKeys(UndeclaredPorts.KINDS).containsKeys("no-http-listener-PassthroughCluster",
                "no-http-listener-BlackHoleCluster", "sniffed-port-routed-as-http", "alias-on-a-gateway",
                "alias-of-an-unexported-service");
        assertThat(coverage).containsKey("alias-of-no-service-as-written").containsKeys(CorsCoverage.KINDS);
        assertThat(coverage).containsKeys(ProxyLabelCoverage.KINDS);
        assertListenerCoverage(coverage);
        assertThat(coverage).containsKeys(PortMembershipCoverage.KINDS).containsKeys(AuthzCoverage.KINDS);
    }

    /** The listener cases of docs/routing.md §1 item 8 that {@link #listeners} counts. */
    private static void assertListenerCoverage(final java.util.Map<String, Integer> coverage)
    {
        assertThat(coverage).containsKeys("dst-listener-foreign-authority-http", "dst-listener-foreign-authority-tcp",
                "egress-http-over-tcp-port-catch-all", "dynamic-dns-catch-all", "dynamic-dns-without-http-listener",
                "dst-endpoint-listener-http", "dst-endpoint-listener-tcp", "dst-endpoint-of-the-client-itself");
        assertThat(coverage).containsKeys("dst-cidr-listener-http", "dst-cidr-listener-tcp");
        assertThat(coverage).containsKeys("gateway-auto-passthrough-peer-authn-disabled",
                "gateway-auto-passthrough-without-mtls");
        assertThat(coverage).containsKeys(ClusterAddressCoverage.KINDS).containsKey("remote-client-own-addresses")
                .containsKey("single-stack-client-family-addresses")
                .containsKey("single-stack-client-other-family-address").containsKeys(AddressViewCoverage.KINDS)
                .containsKey(CidrBesideHttpCoverage.KEY);
    }

    /**
     * A sidecar's listeners (docs/routing.md §1 item 8): a port without HTTP listener for the request, the listener
     * the original destination picks — a request whose {@code dst} is bound to
     * a service's TCP or sniffed listener while its authority names another host, and a service whose own TCP port a
     * Sidecar egress listener makes HTTP (no virtual host: the catch-all).
     */
    private static void listeners(final java.util.Map<String, Integer> coverage, final boolean[] steps,
            final HttpRequest request, final RouteDecision expected, final RoutingModel model)
    {
        if (steps[5])
        {
            coverage.merge("no-http-listener-" + expected.cluster(), 1, Integer::sum);
        }
        if (steps[6] && expected.host() != null && request.authority() != null
                && !request.authority().contains(expected.host()))
        {
            coverage.merge("dst-listener-foreign-authority-" + (expected.path() != null ? "http" : "tcp"), 1,
                    Integer::sum);
        }
        if (steps[7])
        {
            coverage.merge("egress-http-over-tcp-port-catch-all", 1, Integer::sum);
        }
        if (steps[8])
        {
            coverage.merge("dst-endpoint-listener-" + (expected.path() != null ? "http" : "tcp"), 1, Integer::sum);
        }
        if (steps[13])
        {
            coverage.merge("single-stack-client-family-addresses", 1, Integer::sum); // routed over its family's view
            if (asksByOtherFamily(model, request))
            {
                coverage.merge("single-stack-client-other-family-address", 1, Integer::sum);
            }
        }
        if (steps[14] || steps[15] || request.gateway() == null || "mesh".equals(request.gateway()))
        {
            AddressViewCoverage.tally(coverage, model, request, expected, steps[14], steps[15]);
        }
        if (steps[12])
        {
            coverage.merge("remote-client-own-addresses", 1, Integer::sum); // routed over its cluster's view
            ClusterAddressCoverage.tally(coverage, model, request, expected);
        }
        if (steps[11])
        {
            coverage.merge("dst-cidr-listener-" + (expected.path() != null ? "http" : "tcp"), 1, Integer::sum);
        }
        if (request.src() != null && request.dst() != null && request.dst().startsWith(request.src() + ":")
                && model.services().stream().anyMatch(s -> OutboundListeners.bind(s, request.port())
                == OutboundListeners.BIND_ENDPOINTS
                && s.endpoints().stream().anyMatch(e -> e.address().equals(request.src()))))
        {
            coverage.merge("dst-endpoint-of-the-client-itself", 1, Integer::sum); // no listener for the proxy's own
        }
        if (ReferenceRouter.ALLOW_ANY_DYNAMIC_DNS.equals(expected.route()))
        {
            coverage.merge(steps[5] ? "dynamic-dns-without-http-listener" : "dynamic-dns-catch-all", 1, Integer::sum);
        }
    }

    /** Counts what the reference's explain steps said (the flags the trace of the test sets). */
    private static void tallySteps(final java.util.Map<String, Integer> coverage, final boolean[] steps,
            final HttpRequest request, final RouteDecision expected)
    {
        AuthzCoverage.tally(coverage, request, expected);
        final String[] kinds = {"vs-not-built-for-proxy", "outside-host-not-served-on-port",
            "outside-wildcard-no-domain", null, "alias-of-no-service-as-written", null, null, null, null,
            "gateway-auto-passthrough-without-mtls", "gateway-auto-passthrough-peer-authn-disabled"};
        for (int k = 0; k < kinds.length; k++)
        {
            if (steps[k] && kinds[k] != null)
            {
                coverage.merge(kinds[k], 1, Integer::sum);
            }
        }
        if (steps[3])
        {
            UndeclaredPorts.tally(coverage, request, expected);
        }
    }

    /**
     * A single-stack client's request whose authority or {@code dst} is an address of a dual-stack Service that is
     * not of its family (no domain and no listener of its proxy, docs/routing.md §4 "Clusters").
     */
    private static boolean asksByOtherFamily(final RoutingModel model, final HttpRequest r)
    {
        final ClientProxies proxies = model.mesh().networks().proxies();
        final int variant = AddressFamilies.variant(proxies.viewOf(r.src(), true));
        final String authority = r.authority() == null ? "" : r.authority().replaceFirst(":[0-9]*$", "")
                .replace("[", "").replace("]", "");
        final String dst = r.dst() == null ? "" : r.dst().replaceFirst(":[0-9]*$", "").replace("[", "")
                .replace("]", "");
        for (final RegistryService s : model.services())
        {
            final AddressFamilies.Seen seen = AddressFamilies.seen(proxies, s, null, variant);
            for (final String a : s.addresses())
            {
                final boolean domain = seen.listener().contains(a) && !seen.notDomains().contains(a);
                if (!domain && a.equals(authority) || !seen.listener().contains(a) && a.equals(dst))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A request whose authority is a short name or an address of a service: on a gateway (no alias applies there), or
     * on mesh for a service not exported to the client (its aliases are no domains of the client).
     */
    private static String aliasKind(final RoutingModel model, final HttpRequest r)
    {
        if (r.authority() == null || r.authority().isEmpty())
        {
            return null;
        }
        final String a = r.authority().toLowerCase(java.util.Locale.ROOT).replaceFirst(":[0-9]*$", "");
        final String ns = r.sourceNamespace() == null ? "default" : r.sourceNamespace();
        final boolean mesh = r.gateway() == null || "mesh".equals(r.gateway());
        for (final var s : model.services())
        {
            final boolean alias = s.addresses().contains(a) || !a.contains(".") && s.host().startsWith(a + ".");
            if (alias && !mesh)
            {
                return "alias-on-a-gateway";
            }
            if (alias && !s.visibleTo(ns))
            {
                return "alias-of-an-unexported-service";
            }
        }
        return null;
    }

    /** An HTTP decision (it has a path) for a cluster of a service port that declares no protocol. */
    private static boolean sniffedAsHttp(final RoutingModel model, final RouteDecision d)
    {
        if (d.path() == null || d.cluster() == null || !d.cluster().startsWith("outbound|"))
        {
            return false;
        }
        final String[] parts = d.cluster().split("\\|");
        return model.services().stream().filter(s -> s.host().equals(parts[3]))
                .flatMap(s -> s.ports().stream())
                .anyMatch(p -> p.number() == Integer.parseInt(parts[1]) && p.isAuto());
    }

    /** A request naming by its full host a registry service not exported to the request's namespace. */
    private static boolean notExported(final RoutingModel model, final HttpRequest r)
    {
        final String ns = r.sourceNamespace() == null ? "default" : r.sourceNamespace();
        return r.authority() != null && model.services().stream()
                .anyMatch(s -> s.host().equalsIgnoreCase(r.authority()) && !s.visibleTo(ns));
    }

    /** A request naming a registry service by its full host that its Sidecar sends to the catch-all. */
    private static boolean hiddenByASidecar(final RoutingModel model, final HttpRequest r, final RouteDecision d)
    {
        final boolean catchAll = "PassthroughCluster".equals(d.cluster()) || "block_all".equals(d.route());
        return catchAll && !model.sidecars().isEmpty() && r.authority() != null
                && model.services().stream().anyMatch(s -> s.host().equalsIgnoreCase(r.authority()));
    }

    private static void tally(final java.util.Map<String, Integer> coverage, final RouteDecision d,
            final HttpRequest r, final RoutingModel model)
    {
        final java.util.List<String> keys = new java.util.ArrayList<>();
        CorsCoverage.tally(coverage, d, r, model);
        keys.add("action=" + d.action());
        for (final String f : d.flags().split(","))
        {
            keys.add("flags=" + f);
        }
        if ("NR".equals(d.flags()))
        {
            keys.add(d.vs() == null ? "no-route-without-vs" : "no-route-in-vs");
        }
        if (d.mirrors() != null)
        {
            keys.add("mirrors");
        }
        if (d.path() != null && !d.path().equals(r.path()) && d.action().equals("route"))
        {
            keys.add("rewritten-path");
        }
        if (d.authority() != null && !d.authority().equals(r.authority()))
        {
            keys.add("rewritten-authority");
        }
        if (d.action().equals("route") && d.path() == null)
        {
            keys.add("tcp");
        }
        if (d.action().equals("route") && d.vs() == null)
        {
            keys.add("default-route");
        }
        if ("PassthroughCluster".equals(d.cluster()))
        {
            keys.add(d.endpoint() == null ? "passthrough-without-dst" : "passthrough-with-dst");
        }
        if (d.route() != null && d.route().matches("(root\\d+-)?d\\d+-\\d+"))
        {
            keys.add(d.route().startsWith("root") ? "delegated-route-joined-name" : "delegated-route");
        }
        if (d.headers() != null)
        {
            keys.add("changed-headers");
        }
        if (d.removedHeaders() != null)
        {
            keys.add("removed-headers");
        }
        if (r.sni() != null && d.vs() != null && "route".equals(d.action()))
        {
            keys.add(d.cluster() != null && r.sni().contains(".") && d.host() != null
                    && !d.host().equalsIgnoreCase(r.sni()) && !r.sni().isEmpty() ? "tls-route-wildcard" : "tls-route");
        }
        if (r.sni() != null && "PassthroughCluster".equals(d.cluster()))
        {
            keys.add("connection-passthrough");
        }
        if ("BlackHoleCluster".equals(d.cluster()))
        {
            keys.add("connection-blackhole");
        }
        if (r.sni() != null && (r.authority() == null || r.authority().isEmpty()) && d.host() != null)
        {
            keys.add("sni-named-service");
        }
        gatewayServerKeys(keys, d, r, model);
        if (d.flags().contains("NC") && d.host() != null && !d.host().isEmpty())
        {
            keys.add("no-cluster");
        }
        if ("block_all".equals(d.route()))
        {
            keys.add("block-all");
        }
        if (d.action().equals("route") && d.vs() == null && d.cluster() != null && d.host() != null
                && r.authority() != null && !RequestFactsHosts.mayName(r.authority(), d.host()))
        {
            keys.add("egress-proxy");
        }
        if (d.action().equals("route") && d.subset() != null)
        {
            keys.add("weighted-subset");
        }
        if (d.route() != null && d.route().matches("r\\d+-(4[5-9]|[5-9]\\d)"))
        {
            keys.add("route-after-45-routes");
        }
        if (d.grpcStatus() >= 0)
        {
            keys.add("grpc-abort"); // fault.abort.grpcStatus: status 200 and the gRPC status
        }
        if (d.action().equals("route") && d.vs() != null && !r.headers().isEmpty())
        {
            keys.add("route-with-headers");
        }
        for (final String k : keys)
        {
            coverage.merge(k, 1, Integer::sum);
        }
    }

    /** Decisions of the gateway servers that proxy connections (docs/routing.md §5.1 to §5.3). */
    private static void gatewayServerKeys(final java.util.List<String> keys, final RouteDecision d,
            final HttpRequest r, final RoutingModel model)
    {
        final boolean onGateway = r.gateway() != null && !"mesh".equals(r.gateway());
        if (r.sni() != null && onGateway && d.vs() != null && "route".equals(d.action()) && r.port() != 31400
                && r.port() != 9443)
        {
            keys.add("gateway-passthrough");
        }
        if (onGateway && "route".equals(d.action()) && d.vs() == null && r.sni() != null
                && r.sni().startsWith("outbound_."))
        {
            keys.add(d.subset() == null ? "gateway-auto-passthrough" : "gateway-auto-passthrough-subset");
        }
        if (onGateway && d.path() == null && d.vs() != null && r.port() == 31400)
        {
            keys.add(r.sni() == null ? "gateway-tcp-server-request" : "gateway-tcp-server");
        }
        if (onGateway && d.path() == null && d.vs() != null && r.port() == 9443)
        {
            keys.add("gateway-tls-terminating-server");
        }
        if (onGateway && d.vs() != null && "route".equals(d.action()) && r.port() == 15443)
        {
            keys.add("gateway-mixed-port-chain"); // a passthrough or TCP server's chain beside an AUTO_PASSTHROUGH one
        }
        if (onGateway && "DPE".equals(d.flags()))
        {
            keys.add("gateway-connection-on-http-chain"); // a connection the plain-text HTTP chain takes: 400
        }
        final dev.wirespeed.control.model.GatewaySpec g = onGateway ? model.gateways().stream()
                .filter(x -> x.qualifiedName().equals(r.gateway())).findFirst().orElse(null) : null;
        if (g != null && d.path() != null && !g.httpChainsOn(r.port()).isEmpty() && (g.passthroughOn(r.port())
                || !g.tcpServersOn(r.port()).isEmpty() || !g.autoPassthroughOn(r.port()).isEmpty()))
        {
            keys.add("gateway-http-beside-connections"); // the HTTP routing on a port with connection chains
        }
        if (onGateway && "NR".equals(d.flags()) && r.sni() != null && r.sni().startsWith("outbound_.")
                && model.services().stream().anyMatch(s -> s.meshExternal() && r.sni().toLowerCase(
                        java.util.Locale.ROOT).endsWith("_." + s.host())))
        {
            keys.add("gateway-mesh-external-refused");
        }
    }
}
