package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.TlsRoute;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.GatewayPassthrough;
import dev.wirespeed.control.reference.IpLiterals;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Compiles what routes connections (docs/routing.md §5): the TCP and TLS match blocks of every VirtualService
 * ({@code L4_ROUTES}), the per-service and per-gateway-port lists of VirtualServices their filter chains come from,
 * and the gateways' TCP and AUTO_PASSTHROUGH servers (host-stage keys {@code GW_TCP}, {@code GW_AUTO}).
 */
final class L4Compiler
{
    final IndexedTableWriter l4 = new IndexedTableWriter();
    private final CompileContext ctx;
    private final IndexedTableWriter hostStage;

    L4Compiler(final CompileContext ctx, final IndexedTableWriter hostStage)
    {
        this.ctx = ctx;
        this.hostStage = hostStage;
    }

    /**
     * Per gateway and service, the VirtualServices a connection's filter chains come from: those with tcp or tls
     * routes with a host covering the service's (the host itself, a {@code *.suffix} of it, {@code *}), in load
     * order; the lookup orders them by the client's namespace (docs/routing.md §5).
     */
    void connectionCandidates(final Map<Long, List<Integer>> lists)
    {
        final List<VirtualService> all = ctx.model.virtualServices();
        final List<RegistryService> services = ctx.model.services();
        for (int v = 0; v < all.size(); v++)
        {
            final VirtualService vs = all.get(v);
            if (vs.tcp().isEmpty() && vs.tls().isEmpty())
            {
                continue;
            }
            for (int i = 0; i < services.size(); i++)
            {
                final String host = services.get(i).host();
                boolean covers = false;
                for (final String h : vs.hosts())
                {
                    covers |= h.equals(host) || h.equals("*")
                            || h.startsWith("*.") && host.endsWith(h.substring(1)) && host.length() > h.length() - 1;
                }
                if (!covers)
                {
                    continue;
                }
                for (final String gw : vs.gateways())
                {
                    final List<Integer> list = lists.computeIfAbsent(hostKey(KEY_SVC_CONNECTION, ctx.s(gw), i),
                            k -> new ArrayList<>());
                    if (!list.contains(v))
                    {
                        list.add(v);
                    }
                }
            }
        }
    }

    /** Per gateway and port with a TLS passthrough server, the VirtualServices it takes tls routes from. */
    void passthroughServers(final Map<Long, List<Integer>> lists)
    {
        final List<VirtualService> all = ctx.model.virtualServices();
        for (final GatewaySpec g : ctx.model.gateways())
        {
            for (final GatewaySpec.Server server : g.servers())
            {
                if (!server.passthrough() && !server.autoPassthrough()
                        || !g.mergedOn(server.port()).contains(server))
                {
                    continue; // an AUTO_PASSTHROUGH port gets a list too: no chain by its names closes the connection
                }
                final List<Integer> list = lists.computeIfAbsent(
                        hostKey(KEY_GW_PASSTHROUGH, ctx.s(g.qualifiedName()), server.port()), k -> new ArrayList<>());
                for (int v = 0; v < all.size(); v++)
                {
                    if (!list.contains(v) && GatewayPassthrough.takes(g, server.port(), all.get(v)))
                    {
                        list.add(v);
                    }
                }
                list.sort(null);
            }
        }
    }

    /** The L4_ROUTES section: per VirtualService its TCP blocks and TLS blocks, and the gateways' TCP and
     * AUTO_PASSTHROUGH servers. */
    void compile()
    {
        final List<VirtualService> all = ctx.model.virtualServices();
        final int header = l4.reserveInts(2);
        l4.setInt(header + L_VS_COUNT, all.size());
        final int start = l4.reserveInts(all.size() * LV_SIZE);
        l4.setInt(header + L_VS_START, start);
        for (int v = 0; v < all.size(); v++)
        {
            final List<int[]> blocks = new ArrayList<>();
            for (final TcpRoute r : all.get(v).tcp())
            {
                final int route = l4Route(r.route(), r.source());
                final List<TcpRoute.L4Match> ms = r.matches().isEmpty()
                        ? List.of(new TcpRoute.L4Match(List.of(), 0, Map.of(), null, List.of()))
                        : r.matches();
                for (final TcpRoute.L4Match m : ms)
                {
                    blocks.add(l4Block(new int[L4_BLOCK_SIZE], route, m.port(), m.sourceNamespace(),
                            m.sourceLabels(), m.gateways(), m.destinationSubnets(), r.source()));
                }
            }
            final List<int[]> tlsBlocks = new ArrayList<>();
            for (final TlsRoute r : all.get(v).tls())
            {
                if (r.route().isEmpty())
                {
                    continue; // Istio builds no filter chain for a TLS route without destinations
                }
                final int route = l4Route(r.route(), r.source());
                for (final TlsRoute.TlsMatch m : r.matches())
                {
                    final int[] b = l4Block(new int[TLS_BLOCK_SIZE], route, m.port(), m.sourceNamespace(),
                            m.sourceLabels(), m.gateways(), m.destinationSubnets(), r.source());
                    b[LB_SNI_COUNT] = m.sniHosts().size();
                    b[LB_SNI_START] = l4.intCount();
                    for (final String sni : m.sniHosts())
                    {
                        l4.addInt(ctx.s(sni));
                    }
                    b[LB_TLS_KEY] = ctx.s(String.join(",", m.sniHosts()) + "|"
                            + String.join(",", m.destinationSubnets()));
                    tlsBlocks.add(b);
                }
            }
            l4.setInt(start + v * LV_SIZE + LV_BLOCK_COUNT, blocks.size());
            l4.setInt(start + v * LV_SIZE + LV_BLOCK_START, l4.intCount());
            addBlocks(blocks);
            l4.setInt(start + v * LV_SIZE + LV_TLS_COUNT, tlsBlocks.size());
            l4.setInt(start + v * LV_SIZE + LV_TLS_START, l4.intCount());
            l4.setInt(start + v * LV_SIZE + LV_TLS_FALLBACK, all.get(v).fromTlsRoute() ? 1 : 0);
            addBlocks(tlsBlocks);
        }
        boolean anyTcp = false;
        for (final GatewaySpec g : ctx.model.gateways())
        {
            anyTcp |= gatewayTcpServers(g);
            autoPassthroughServers(g);
        }
        if (anyTcp)
        {
            // GW_TCP(0, 0): some gateway has TCP servers (no gateway is string 0, "mesh", and no port is 0)
            hostStage.put(hostKey(KEY_GW_TCP, 0, 0), 0);
        }
    }

    /**
     * Per port with servers that proxy connections, the listener record (docs/routing.md §5.1 to §5.3): whether an
     * AUTO_PASSTHROUGH or a TLS passthrough server is on it (the passthrough server's list of VirtualServices was
     * written with the host stage's lists), and each TCP server's names and the VirtualServices with tcp routes
     * bound to the gateway whose hosts it serves ({@link GatewayPassthrough#serves}), in load order, then the port's
     * HTTP chains ({@link GatewaySpec#httpChainsOn}).
     *
     * @return whether a port of the gateway has TCP servers.
     */
    private boolean gatewayTcpServers(final GatewaySpec g)
    {
        boolean any = false;
        final List<VirtualService> all = ctx.model.virtualServices();
        final List<Integer> ports = new ArrayList<>();
        for (final GatewaySpec.Server server : g.servers())
        {
            if (!ports.contains(server.port()))
            {
                ports.add(server.port());
            }
        }
        final int gw = ctx.s(g.qualifiedName());
        for (final int port : ports)
        {
            final List<GatewaySpec.Server> servers = g.tcpServersOn(port);
            final List<GatewaySpec.HttpChain> http = g.httpChainsOn(port);
            int flags = (g.autoPassthroughOn(port).isEmpty() ? 0 : GP_AUTO)
                    | (g.passthroughOn(port) ? GP_PASSTHROUGH : 0);
            if (servers.isEmpty() && flags == 0)
            {
                continue;
            }
            flags |= http.isEmpty() ? 0 : GP_HTTP;
            final int[] httpNames = new int[http.size()];
            for (int c = 0; c < http.size(); c++)
            {
                httpNames[c] = hostStage.intCount();
                for (final String name : http.get(c).serverNames())
                {
                    hostStage.addInt(ctx.s(name));
                }
            }
            final int[] lists = new int[servers.size()];
            final int[] names = new int[servers.size()];
            for (int c = 0; c < servers.size(); c++)
            {
                final List<Integer> vss = new ArrayList<>();
                for (int v = 0; v < all.size(); v++)
                {
                    final VirtualService vs = all.get(v);
                    if ((!vs.tcp().isEmpty() || vs.fromTlsRoute() && !vs.tls().isEmpty())
                            && vs.gateways().contains(g.qualifiedName())
                            && GatewayPassthrough.serves(g, servers.get(c), vs))
                    {
                        vss.add(v);
                    }
                }
                lists[c] = hostStage.addInt(vss.size());
                for (final int v : vss)
                {
                    hostStage.addInt(v);
                    hostStage.addInt(VirtualHostFlags.candidateFlags(all.get(v)));
                }
                names[c] = hostStage.intCount();
                for (final String name : servers.get(c).serverNames())
                {
                    hostStage.addInt(ctx.s(name));
                }
            }
            final int rec = hostStage.addInt(flags);
            final int passthroughList = hostStage.get(hostKey(KEY_GW_PASSTHROUGH, gw, port));
            hostStage.addInt((flags & GP_PASSTHROUGH) == 0 ? -1 : passthroughList);
            hostStage.addInt(servers.size());
            for (int c = 0; c < servers.size(); c++)
            {
                hostStage.addInt(servers.get(c).serverNames().size());
                hostStage.addInt(names[c]);
                hostStage.addInt(lists[c]);
            }
            if (!http.isEmpty())
            {
                hostStage.addInt(http.size());
                for (int c = 0; c < http.size(); c++)
                {
                    hostStage.addInt(http.get(c).serverNames().size());
                    hostStage.addInt(httpNames[c]);
                    hostStage.addInt(http.get(c).plainText() ? 1 : 0);
                }
            }
            hostStage.put(hostKey(KEY_GW_TCP, gw, port), rec);
            any |= !servers.isEmpty();
        }
        return any;
    }

    /**
     * Per server name {@code outbound_.PORT_.SUBSET_.HOST} an AUTO_PASSTHROUGH server of the gateway accepts
     * (docs/routing.md §5.2, Istio's {@code builtAutoPassthroughFilterChains}): a chain per registry service inside
     * the mesh (not {@code MESH_EXTERNAL}) whose host one of the server's hosts covers, per service port but UDP,
     * without subset and with each subset a DestinationRule for the host names (whether the client's rule defines it
     * is decided per request).
     */
    private void autoPassthroughServers(final GatewaySpec g)
    {
        final Map<String, List<int[]>> byName = new java.util.LinkedHashMap<>();
        final List<RegistryService> services = ctx.model.services();
        for (final GatewaySpec.Server server : g.servers())
        {
            if (!server.autoPassthrough() || !g.mergedOn(server.port()).contains(server))
            {
                continue; // a server Istio skips when it merges the port's servers builds nothing
            }
            for (int i = 0; i < services.size(); i++)
            {
                final RegistryService svc = services.get(i);
                if (svc.meshExternal() || !GatewayPassthrough.autoPassthroughCovers(server, svc.host()))
                {
                    continue; // Istio builds no AUTO_PASSTHROUGH chain for a MESH_EXTERNAL service
                }
                final List<String> subsets = new ArrayList<>();
                subsets.add("");
                for (final var rule : ctx.model.destinationRules())
                {
                    for (final var subset : rule.subsets())
                    {
                        if (GatewayPassthrough.covers(rule.host(), svc.host()) && !subsets.contains(subset.name()))
                        {
                            subsets.add(subset.name());
                        }
                    }
                }
                for (final RegistryService.ServicePort p : svc.ports())
                {
                    for (final String subset : "UDP".equals(p.protocol()) ? List.<String>of() : subsets)
                    {
                        final int dest = ctx.dnsSrvDestination(new dev.wirespeed.control.model.Destination(svc.host(),
                                subset.isEmpty() ? null : subset, p.number()));
                        byName.computeIfAbsent("outbound_." + p.number() + "_." + subset + "_." + svc.host(),
                                k -> new ArrayList<>()).add(new int[] {server.port(), i, dest});
                    }
                }
            }
        }
        final int gw = ctx.s(g.qualifiedName());
        for (final Map.Entry<String, List<int[]>> e : byName.entrySet())
        {
            final int rec = hostStage.addInt(e.getValue().size());
            for (final int[] chain : e.getValue())
            {
                for (final int x : chain)
                {
                    hostStage.addInt(x);
                }
            }
            hostStage.put(hostKey(KEY_GW_AUTO, gw, ctx.s(e.getKey())), rec);
        }
    }

    private void addBlocks(final List<int[]> blocks)
    {
        for (final int[] b : blocks)
        {
            for (final int x : b)
            {
                l4.addInt(x);
            }
        }
    }

    /** A TCP or TLS route's {destCount, destStart, weightSum} and {destId, weight} list; returns where it starts. */
    private int l4Route(final List<RouteDestination> dests, final SourceRef source)
    {
        final int route = l4.addInt(dests.size());
        l4.addInt(l4.intCount() + 2);
        final int sumAt = l4.addInt(0);
        long sum = 0;
        for (final RouteDestination rd : dests)
        {
            l4.addInt(ctx.destination(rd.destination()));
            l4.addInt(Math.max(0, rd.weight()));
            sum += Math.max(0, rd.weight());
            if (rd.weight() < 0)
            {
                ctx.errors.add(source + ": negative weight " + rd.weight());
            }
        }
        l4.setInt(sumAt, L7Compiler.storedWeightSum(sum));
        if (dests.isEmpty())
        {
            ctx.errors.add(source + ": tcp route has no destination");
        }
        return route;
    }

    /** Fills the L4 fields of a block (labels, gateways and subnets go to the int area now). */
    private int[] l4Block(final int[] b, final int route, final int port, final String sourceNamespace,
            final Map<String, String> sourceLabels, final List<String> gateways, final List<String> subnets,
            final SourceRef source)
    {
        b[LB_ROUTE] = route;
        b[LB_PORT] = port;
        b[LB_NAMESPACE] = sourceNamespace == null ? -1 : ctx.s(sourceNamespace);
        b[LB_LABEL_COUNT] = sourceLabels.size();
        b[LB_LABEL_START] = l4.intCount();
        for (final Map.Entry<String, String> e : sourceLabels.entrySet())
        {
            l4.addInt(ctx.s(e.getKey()));
            l4.addInt(ctx.s(e.getValue()));
        }
        b[LB_GW_COUNT] = gateways.size();
        b[LB_GW_START] = l4.intCount();
        for (final String gw : gateways)
        {
            l4.addInt(ctx.s(gw));
        }
        b[LB_SUBNET_COUNT] = subnets.size();
        b[LB_SUBNET_START] = l4.intCount();
        for (final String cidr : subnets)
        {
            final Object[] c = IpLiterals.parseCidr(cidr);
            if (c == null)
            {
                ctx.errors.add(source + ": invalid destinationSubnets entry '" + cidr + "'");
                l4.reserveInts(SUBNET_SIZE);
                continue;
            }
            final byte[] net = (byte[])c[0];
            l4.addInt(net.length == 4 ? 4 : 6);
            l4.addInt((Integer)c[1]);
            for (final int w : CompileContext.words(net))
            {
                l4.addInt(w);
            }
        }
        return b;
    }
}
