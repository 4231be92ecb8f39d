package dev.wirespeed.control.compile;

import com.google.re2j.Pattern;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.IpLiterals;
import dev.wirespeed.control.reference.OutboundListeners;
import dev.wirespeed.control.reference.SidecarScopes;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import dev.wirespeed.fib.l7.IndexedTableWriter;
import dev.wirespeed.fib.l7.L7Regexes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Compiles a {@link RoutingModel} into the L7 sections of the FIB (layouts in
 * {@link dev.wirespeed.fib.l7.L7Layout}, semantics in {@code docs/routing.md}). User errors and exceeded
 * capacities come back as messages in {@link CompiledL7#errors()}, all of them, never as exceptions.
 *
 * <p>What is decided here rather than per request: the index key of every match block and the candidate
 * lists per (virtual host, field, value) and per URI literal (prefix lists holding the shorter prefixes'
 * blocks), the DestinationRule, subset, endpoints and load
 * balancer of every (destination, client-namespace class, service port) — client namespaces that no
 * DestinationRule names or exports to all behave alike, so they share one class.
 */
public final class L7Compiler
{
    private final CompileContext ctx;
    private final IndexedTableWriter hostStage = new IndexedTableWriter();
    private final IndexedTableWriter actions = new IndexedTableWriter();
    /** String ids some SVC_BY_HOST or SVC_BY_ADDRESS key names (a lookup skips both probes for any other host). */
    private final java.util.BitSet serviceNames = new java.util.BitSet();
    private final ClassifierCompiler classifier;
    /** The exact host buckets, written with the virtual hosts and completed once the classifier is compiled. */
    private ExactHostRecords exactHosts;
    private final ClusterCompiler clusters;
    private final L4Compiler l4Compiler;

    private L7Compiler(final RoutingModel model, final L7Capacities caps)
    {
        this.ctx = new CompileContext(DelegateFlattener.flatten(model), caps);
        this.classifier = new ClassifierCompiler(ctx);
        this.clusters = new ClusterCompiler(ctx);
        this.l4Compiler = new L4Compiler(ctx, hostStage);
    }

    /**
     * @param model the resolved model.
     * @return sections, regexes and errors.
     */
    public static CompiledL7 compile(final RoutingModel model)
    {
        return compile(model, L7Capacities.DEFAULT);
    }

    /**
     * @param model the resolved model.
     * @param caps  table sizes.
     * @return sections, regexes and errors.
     */
    public static CompiledL7 compile(final RoutingModel model, final L7Capacities caps)
    {
        return new L7Compiler(model, caps).run();
    }

    private CompiledL7 run()
    {
        ctx.pool.intern("mesh");
        compileServices();
        compileVirtualHosts();
        compileSidecars();
        classifier.compile();
        exactHosts.copyClassifierRecords(classifier.classifier, classifier.uriHeads);
        hostStage.setInt(H_CATCH_ALL, bits(classifier.catchAll));
        hostStage.setInt(H_SERVICE_NAMES, bits(serviceNames));
        compileActions();
        simpleDestinations();
        l4Compiler.compile();
        clusters.compile();
        final AuthzCompiler authz = new AuthzCompiler(ctx);
        authz.compile();
        final dev.wirespeed.fib.jwt.JwtPolicies jwt = JwtCompiler.compile(ctx.model, ctx);
        ctx.capacity("STRINGS", "strings", ctx.pool.count(), ctx.caps.maxStrings());
        ctx.capacity("HOST_STAGE", "virtual hosts", ctx.model.virtualServices().size(), ctx.caps.maxVirtualHosts());
        ctx.capacity("CLASSIFIER", "fields", classifier.fieldIds.size(), ctx.caps.maxFields());
        if (!ctx.errors.isEmpty())
        {
            return new CompiledL7(Map.of(), L7Regexes.NONE, List.copyOf(ctx.errors));
        }
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        sections.put(FibSection.HOST_STAGE, hostStage);
        sections.put(FibSection.URI_STAGE, classifier.uriStage);
        sections.put(FibSection.CLASSIFIER, classifier.classifier);
        sections.put(FibSection.ACTIONS, actions);
        sections.put(FibSection.CLUSTERS, clusters.clusters);
        sections.put(FibSection.ENDPOINTS, clusters.endpoints);
        sections.put(FibSection.L4_ROUTES, l4Compiler.l4);
        sections.put(FibSection.AUTHZ, authz.table);
        sections.put(FibSection.STRINGS, ctx.pool);
        return new CompiledL7(sections, new L7Regexes(ctx.patterns.toArray(new Pattern[0])).withJwt(jwt), List.of());
    }

    private void compileServices()
    {
        final List<RegistryService> services = ctx.model.services();
        for (int i = 0; i < services.size(); i++)
        {
            ctx.serviceByHost.putIfAbsent(services.get(i).host(), i);
        }
        final int header = hostStage.reserveInts(H_HEADER_SIZE);
        hostStage.setInt(header + H_MESH_ID, ctx.s("mesh"));
        final MeshConfig mesh = ctx.model.mesh();
        hostStage.setInt(header + H_OUTBOUND, mesh.outboundPolicy() == MeshConfig.OutboundPolicy.REGISTRY_ONLY
                ? OUTBOUND_REGISTRY_ONLY : mesh.outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS
                ? OUTBOUND_ALLOW_ANY_DYNAMIC_DNS : OUTBOUND_ALLOW_ANY);
        hostStage.setInt(header + H_EGRESS_DEST, mesh.egressProxy() == null ? -1 : ctx.destination(mesh.egressProxy()));
        hostStage.setInt(header + H_ROOT_NAMESPACE, ctx.s(mesh.rootNamespace()));
        hostStage.setInt(header + H_SVC_COUNT, services.size());
        final int start = hostStage.reserveInts(services.size() * SVC_SIZE);
        hostStage.setInt(header + H_SVC_START, start);
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            final int rec = start + i * SVC_SIZE;
            final int hostId = ctx.s(svc.host());
            hostStage.setInt(rec + SVC_HOST, hostId);
            hostStage.setInt(rec + SVC_NAMESPACE, ctx.s(svc.namespace()));
            hostStage.setInt(rec + SVC_DEFAULT_DEST, ctx.destination(new Destination(svc.host(), null, 0)));
            serviceNames.set(hostId);
            final long hostKey = hostKey(KEY_SVC_BY_HOST, 0, hostId);
            if (hostStage.get(hostKey) < 0)
            {
                hostStage.put(hostKey, i);
            }
            ClusterAddressRecords.writeAddresses(ctx, hostStage, serviceNames, rec, i, svc.addresses(), List.of(),
                    0);
        }
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            final int rec = start + i * SVC_SIZE;
            hostStage.setInt(rec + SVC_EXPORT_ALL, svc.exportTo().contains("*") ? 1 : 0);
            hostStage.setInt(rec + SVC_EXPORT_COUNT, svc.exportTo().size());
            hostStage.setInt(rec + SVC_EXPORT_START, hostStage.intCount());
            for (final String ns : svc.exportTo())
            {
                hostStage.addInt(ctx.s(ns));
            }
            hostStage.setInt(rec + SVC_PORT_COUNT, svc.ports().size());
            hostStage.setInt(rec + SVC_PORT_START, hostStage.intCount());
            for (final RegistryService.ServicePort p : svc.ports())
            {
                hostStage.addInt(p.number());
                hostStage.addInt(OutboundListeners.kind(p.protocol()));
            }
        }
        final List<List<RegistryService>> views = ClusterAddressRecords.write(ctx, hostStage, serviceNames, start,
                services);
        boolean addressListeners = false;
        for (int view = 0; view < views.size(); view++)
        {
            if (views.get(view) != null)
            {
                addressListeners |= compilePortServices(views.get(view), view);
            }
        }
        if (addressListeners)
        {
            hostStage.put(hostKey(KEY_ADDRESS_LISTENERS, 0, 0), 0); // a request's dst may pick a listener
        }
    }

    /**
     * The services declaring each port, for a sidecar's listeners on it (docs/routing.md §1 item 8), as a view sees
     * them ({@link ClusterAddressRecords}).
     *
     * @return whether some listener may be picked by a request's original destination.
     */
    private boolean compilePortServices(final List<RegistryService> services, final int view)
    {
        boolean addressListeners = false;
        for (final RegistryService svc : services)
        {
            for (final RegistryService.ServicePort p : svc.ports())
            {
                final int bind = OutboundListeners.bind(svc, p.number());
                addressListeners |= (bind == OutboundListeners.BIND_ADDRESS || bind == OutboundListeners.BIND_ENDPOINTS
                        || OutboundListeners.cidrFirst(svc))
                        && OutboundListeners.kind(p.protocol()) != OutboundListeners.HTTP;
            }
        }
        compileEndpointListeners(services, view);
        compileCidrListeners(services, view);
        for (final SidecarSpec sc : ctx.model.sidecars())
        {
            for (final SidecarSpec.EgressListener l : sc.egress())
            {
                addressListeners |= l.protocol() != null
                        && OutboundListeners.kind(l.protocol()) != OutboundListeners.HTTP;
            }
        }
        final Map<Integer, List<int[]>> byPort = new java.util.TreeMap<>();
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            for (final RegistryService.ServicePort p : svc.ports())
            {
                byPort.computeIfAbsent(p.number(), k -> new ArrayList<>()).add(new int[] {i,
                        OutboundListeners.kind(p.protocol()), OutboundListeners.bind(svc, p.number())});
            }
        }
        for (final Map.Entry<Integer, List<int[]>> e : byPort.entrySet())
        {
            final int list = hostStage.addInt(e.getValue().size());
            for (final int[] entry : e.getValue())
            {
                for (final int v : entry)
                {
                    hostStage.addInt(v);
                }
            }
            hostStage.put(hostKey(KEY_PORT_SERVICES, view, e.getKey()), list);
        }
        return addressListeners;
    }

    /**
     * ENDPOINT_LISTENERS: per endpoint address and port, the passthrough services (load order) whose TCP or sniffed
     * listener Istio binds there (docs/routing.md §1 item 8, {@link OutboundListeners#atEndpoint}).
     */
    private void compileEndpointListeners(final List<RegistryService> services, final int view)
    {
        final Map<Long, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            for (final RegistryService.ServicePort p : svc.ports())
            {
                if (OutboundListeners.bind(svc, p.number()) != OutboundListeners.BIND_ENDPOINTS)
                {
                    continue;
                }
                for (final RegistryService.Endpoint e : svc.endpoints())
                {
                    final String address = CompileContext.asciiLower(e.address());
                    if (OutboundListeners.kind(p.protocol()) != OutboundListeners.HTTP
                            && OutboundListeners.serves(svc, e, p.number())
                            && OutboundListeners.endpointListener(e, address))
                    {
                        final List<Integer> list = byKey.computeIfAbsent(
                                hostKey(KEY_ENDPOINT_LISTENERS, view << 16 | p.number(), ctx.s(address)),
                                k -> new ArrayList<>());
                        if (!list.contains(i))
                        {
                            list.add(i);
                        }
                    }
                }
            }
        }
        for (final Map.Entry<Long, List<Integer>> e : byKey.entrySet())
        {
            final int list = hostStage.addInt(e.getValue().size());
            for (final int svc : e.getValue())
            {
                hostStage.addInt(svc);
            }
            hostStage.put(e.getKey(), list);
        }
    }

    /**
     * CIDR_LISTENERS: per port, the address prefixes of the services whose first address is a CIDR (load order), whose
     * TCP and sniffed chains of the wildcard listener match them (docs/routing.md §1 item 8,
     * {@link OutboundListeners#inCidr}).
     */
    private void compileCidrListeners(final List<RegistryService> services, final int view)
    {
        final Map<Integer, List<int[]>> byPort = new java.util.TreeMap<>();
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            if (!OutboundListeners.cidrFirst(svc))
            {
                continue;
            }
            for (final RegistryService.ServicePort p : svc.ports())
            {
                for (final String a : svc.addresses())
                {
                    final Object[] c = IpLiterals.parseCidr(a);
                    if (c == null)
                    {
                        continue;
                    }
                    final byte[] address = (byte[])c[0];
                    final int[] words = CompileContext.words(address);
                    byPort.computeIfAbsent(p.number(), k -> new ArrayList<>()).add(new int[] {i,
                            OutboundListeners.bind(svc, p.number()), address.length == 4 ? 4 : 6,
                            words[0], words[1], words[2], words[3], (Integer)c[1]});
                }
            }
        }
        for (final Map.Entry<Integer, List<int[]>> e : byPort.entrySet())
        {
            final int list = hostStage.addInt(e.getValue().size());
            for (final int[] entry : e.getValue())
            {
                for (final int v : entry)
                {
                    hostStage.addInt(v);
                }
            }
            hostStage.put(hostKey(KEY_CIDR_LISTENERS, e.getKey(), view), list);
        }
    }

    private void compileVirtualHosts()
    {
        final List<VirtualService> all = ctx.model.virtualServices();
        hostStage.setInt(H_VS_COUNT, all.size());
        final int start = hostStage.reserveInts(all.size() * VS_SIZE);
        hostStage.setInt(H_VS_START, start);
        final Map<Long, List<Integer>> candidates = new LinkedHashMap<>();
        for (int v = 0; v < all.size(); v++)
        {
            final VirtualService vs = all.get(v);
            final int rec = start + v * VS_SIZE;
            hostStage.setInt(rec + VS_NAME, ctx.s(vs.qualifiedName()));
            hostStage.setInt(rec + VS_EXPORT_ALL, vs.exportTo().contains("*") ? 1 : 0);
            compileHttpProxyConditions(rec, vs);
            hostStage.setInt(rec + VS_NAMESPACE, ctx.s(vs.namespace()));
            hostStage.setInt(rec + VS_EXPORT_COUNT, vs.exportTo().size());
            hostStage.setInt(rec + VS_EXPORT_START, hostStage.intCount());
            for (final String ns : vs.exportTo())
            {
                hostStage.addInt(ctx.s(ns));
            }
            for (final String gw : vs.gateways())
            {
                final int gwId = ctx.s(gw);
                for (final String h : vs.hosts())
                {
                    final long key;
                    if (h.equals("*"))
                    {
                        key = hostKey(KEY_HOST_ANY, gwId, 0);
                    }
                    else if (h.startsWith("*."))
                    {
                        key = hostKey(KEY_HOST_WILDCARD, gwId, ctx.s(h.substring(1)));
                    }
                    else
                    {
                        key = hostKey(KEY_HOST_EXACT, gwId, ctx.s(h));
                    }
                    final List<Integer> list = candidates.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!list.contains(v))
                    {
                        list.add(v);
                    }
                }
            }
        }
        l4Compiler.connectionCandidates(candidates);
        l4Compiler.passthroughServers(candidates);
        final int[] flags = VirtualHostFlags.candidateFlags(all);
        final Map<Long, Integer> listRefs = new java.util.HashMap<>();
        for (final Map.Entry<Long, List<Integer>> e : candidates.entrySet())
        {
            final int list = hostStage.addInt(e.getValue().size());
            for (final int v : e.getValue())
            {
                hostStage.addInt(v); // with the record's two flags beside it: a lookup reads the list, not the record
                hostStage.addInt(flags[v]);
            }
            hostStage.put(e.getKey(), list);
            listRefs.put(e.getKey(), list);
        }
        exactHosts = ExactHostRecords.write(ctx, hostStage, candidates, listRefs, flags);
        OutsideHostRecords.write(ctx, hostStage, listRefs);
    }

    /**
     * Whether Istio builds HTTP routes of a VirtualService for a proxy: always when a block has no port, source
     * or gateway condition; else when one of its blocks' such conditions hold (docs/routing.md §1 item 4), so
     * the distinct condition sets are written for the lookup to test.
     */
    private void compileHttpProxyConditions(final int rec, final VirtualService vs)
    {
        hostStage.setInt(rec + VS_HTTP_PROXY_REF, -1);
        if (vs.http().isEmpty())
        {
            hostStage.setInt(rec + VS_HTTP, VS_HTTP_NONE);
            return;
        }
        if (VirtualHostFlags.buildsHttpForEveryProxy(vs))
        {
            hostStage.setInt(rec + VS_HTTP, VS_HTTP_ALWAYS);
            return;
        }
        final java.util.Set<List<Object>> distinct = new java.util.LinkedHashSet<>();
        for (final HttpRoute route : vs.http())
        {
            for (final HttpMatch m : route.matches().isEmpty() ? List.of(HttpMatch.ANY) : route.matches())
            {
                final List<Object> c = List.of(m.port(), m.sourceNamespace() == null ? "" : "=" + m.sourceNamespace(),
                        new java.util.TreeMap<>(m.sourceLabels()), m.gateways());
                distinct.add(c);
            }
        }
        final int[][] records = new int[distinct.size()][];
        int k = 0;
        for (final List<Object> c : distinct)
        {
            final String ns = (String)c.get(1);
            @SuppressWarnings("unchecked") final Map<String, String> labels = (Map<String, String>)c.get(2);
            @SuppressWarnings("unchecked") final List<String> gws = (List<String>)c.get(3);
            final int[] p = new int[HP_SIZE];
            p[HP_PORT] = (Integer)c.get(0);
            p[HP_NAMESPACE] = ns.isEmpty() ? -1 : ctx.s(ns.substring(1));
            p[HP_LABEL_COUNT] = labels.size();
            p[HP_LABEL_START] = hostStage.intCount();
            for (final Map.Entry<String, String> e : labels.entrySet())
            {
                hostStage.addInt(ctx.s(e.getKey()));
                hostStage.addInt(ctx.s(e.getValue()));
            }
            p[HP_GW_COUNT] = gws.size();
            p[HP_GW_START] = hostStage.intCount();
            for (final String gw : gws)
            {
                hostStage.addInt(ctx.s(gw));
            }
            records[k++] = p;
        }
        final int list = hostStage.addInt(records.length);
        for (final int[] p : records)
        {
            for (final int v : p)
            {
                hostStage.addInt(v);
            }
        }
        hostStage.setInt(rec + VS_HTTP, VS_HTTP_PROXY);
        hostStage.setInt(rec + VS_HTTP_PROXY_REF, list);
    }

    /**
     * Sidecars: each with its selector, and per egress listener the services and VirtualServices it makes
     * visible, decided here once (docs/routing.md §1.6).
     */
    private void compileSidecars()
    {
        final List<SidecarSpec> sidecars = ctx.model.sidecars();
        hostStage.setInt(H_SIDECAR_COUNT, sidecars.size());
        final int start = hostStage.reserveInts(sidecars.size() * SIDECAR_SIZE);
        hostStage.setInt(H_SIDECAR_START, start);
        for (int i = 0; i < sidecars.size(); i++)
        {
            final SidecarSpec sc = sidecars.get(i);
            final int rec = start + i * SIDECAR_SIZE;
            hostStage.setInt(rec + SC_NAMESPACE, ctx.s(sc.namespace()));
            hostStage.setInt(rec + SC_SELECTOR_COUNT, sc.workloadSelector().size());
            hostStage.setInt(rec + SC_SELECTOR_START, hostStage.intCount());
            for (final Map.Entry<String, String> e : sc.workloadSelector().entrySet())
            {
                hostStage.addInt(ctx.s(e.getKey()));
                hostStage.addInt(ctx.s(e.getValue()));
            }
            hostStage.setInt(rec + SC_LISTENER_COUNT, sc.egress().size());
            final int listeners = hostStage.reserveInts(sc.egress().size() * LISTENER_SIZE);
            hostStage.setInt(rec + SC_LISTENER_START, listeners);
            for (int k = 0; k < sc.egress().size(); k++)
            {
                final SidecarSpec.EgressListener l = sc.egress().get(k);
                final int lr = listeners + k * LISTENER_SIZE;
                hostStage.setInt(lr, l.port());
                final java.util.BitSet services = new java.util.BitSet();
                for (int s = 0; s < ctx.model.services().size(); s++)
                {
                    final RegistryService svc = ctx.model.services().get(s);
                    services.set(s, SidecarScopes.visible(l.hosts(), svc.namespace(), svc.host()));
                }
                final java.util.BitSet vss = new java.util.BitSet();
                for (int v = 0; v < ctx.model.virtualServices().size(); v++)
                {
                    final VirtualService vs = ctx.model.virtualServices().get(v);
                    for (final String h : vs.hosts())
                    {
                        vss.set(v, vss.get(v) || SidecarScopes.visible(l.hosts(), vs.namespace(), h));
                    }
                }
                hostStage.setInt(lr + 1, bits(services));
                hostStage.setInt(lr + 2, bits(vss));
                hostStage.setInt(lr + LISTENER_KIND, l.protocol() == null ? -1 : OutboundListeners.kind(l.protocol()));
            }
            final MeshConfig policy = sc.outbound();
            hostStage.setInt(rec + SC_OUTBOUND, policy == null ? -1
                    : policy.outboundPolicy() == MeshConfig.OutboundPolicy.REGISTRY_ONLY ? OUTBOUND_REGISTRY_ONLY
                    : OUTBOUND_ALLOW_ANY);
            hostStage.setInt(rec + SC_EGRESS_DEST, policy == null || policy.egressProxy() == null ? -1
                    : ctx.destination(policy.egressProxy()));
        }
    }

    /** A bit vector in the host stage's long area: its word count, then the words. */
    private int bits(final java.util.BitSet set)
    {
        final long[] words = set.toLongArray();
        final int ref = hostStage.addLong(words.length);
        for (final long w : words)
        {
            hostStage.addLong(w);
        }
        return ref;
    }

    /** Fills in each tests record's BT_SIMPLE_DEST from its route's action record. */
    private void simpleDestinations()
    {
        final int routeStart = actions.intAt(A_ROUTE_START);
        for (final int rec : classifier.testsRecords)
        {
            final int a = routeStart + classifier.classifier.intAt(rec + BT_ROUTE) * ROUTE_SIZE;
            final boolean simple = actions.intAt(a + R_KIND) == KIND_ROUTE && actions.intAt(a + R_DEST_COUNT) == 1
                    && actions.intAt(a + R_DELAY_PCT) < 0 && actions.intAt(a + R_ABORT_PCT) < 0
                    && actions.intAt(a + R_MIRROR_COUNT) == 0 && actions.intAt(a + R_DEST_OPS) < 0
                    && actions.intAt(a + R_CORS) < 0;
            classifier.classifier.setInt(rec + BT_SIMPLE_DEST, simple ? actions.intAt(a + R_DEST_FIRST) : -1);
        }
        classifier.copySimpleDestinations();
    }

    private void compileActions()
    {
        int routeCount = 0;
        for (final VirtualService vs : ctx.model.virtualServices())
        {
            routeCount += vs.http().size();
        }
        ctx.capacity("ACTIONS", "routes", routeCount, ctx.caps.maxRoutes());
        final int header = actions.reserveInts(2);
        actions.setInt(header + A_ROUTE_COUNT, routeCount);
        final int start = actions.reserveInts(routeCount * ROUTE_SIZE);
        actions.setInt(header + A_ROUTE_START, start);
        int id = 0;
        for (int v = 0; v < ctx.model.virtualServices().size(); v++)
        {
            for (final HttpRoute r : ctx.model.virtualServices().get(v).http())
            {
                compileRoute(start + id * ROUTE_SIZE, v, r);
                id++;
            }
        }
    }

    private void compileRoute(final int a, final int v, final HttpRoute r)
    {
        final SourceRef where = r.source() == null ? SourceRef.NONE : r.source();
        actions.setInt(a + R_NAME, ctx.s(r.name()));
        actions.setInt(a + R_VS, v);
        actions.setInt(a + R_DELAY_PCT, -1);
        actions.setInt(a + R_ABORT_PCT, -1);
        actions.setInt(a + R_REGEX_REWRITE, -1);
        for (final int f : new int[] {R_REWRITE_URI, R_REWRITE_AUTHORITY, R_REGEX_REPLACEMENT, R_REDIRECT_URI,
                R_REDIRECT_AUTHORITY, R_REDIRECT_SCHEME, R_DIRECT_BODY, R_DEST_OPS, R_ABORT_GRPC, R_CORS})
        {
            actions.setInt(a + f, -1);
        }
        // the fault filter reads a route's fault whatever its action (docs/routing.md §3)
        if (r.fault() != null && r.fault().delay() != null)
        {
            actions.setInt(a + R_DELAY_PCT, actions.addDouble(r.fault().delay().percentage()));
            actions.setInt(a + R_DELAY_MILLIS, actions.addLong(r.fault().delay().fixedDelayMillis()));
        }
        if (r.fault() != null && r.fault().abort() != null)
        {
            actions.setInt(a + R_ABORT_PCT, actions.addDouble(r.fault().abort().percentage()));
            actions.setInt(a + R_ABORT_STATUS, r.fault().abort().httpStatus());
            actions.setInt(a + R_ABORT_GRPC, r.fault().abort().grpcStatus());
        }
        if (r.redirect() != null)
        {
            final HttpRoute.Redirect rd = r.redirect();
            actions.setInt(a + R_KIND, KIND_REDIRECT);
            actions.setInt(a + R_REDIRECT_URI, ctx.s(rd.uri()));
            actions.setInt(a + R_REDIRECT_AUTHORITY, ctx.s(rd.authority()));
            actions.setInt(a + R_REDIRECT_PORT, rd.port());
            actions.setInt(a + R_REDIRECT_SCHEME, ctx.s(rd.scheme()));
            actions.setInt(a + R_REDIRECT_CODE, rd.redirectCode() == 0 ? 301 : rd.redirectCode());
            if (r.rewrite() != null && r.rewrite().uri() != null)
            {
                // A redirect's path from a prefix rewrite (the Gateway API's ReplacePrefixMatch).
                actions.setInt(a + R_REWRITE_URI, ctx.s(r.rewrite().uri()));
            }
            return;
        }
        if (r.directResponse() != null)
        {
            actions.setInt(a + R_KIND, KIND_DIRECT);
            actions.setInt(a + R_DIRECT_STATUS, r.directResponse().status());
            actions.setInt(a + R_DIRECT_BODY, ctx.s(r.directResponse().body()));
            return;
        }
        actions.setInt(a + R_KIND, KIND_ROUTE);
        if (r.route().isEmpty())
        {
            ctx.errors.add(where + ": route has neither ctx.destinations, redirect nor directResponse");
            return;
        }
        actions.setInt(a + R_DEST_COUNT, r.route().size());
        actions.setInt(a + R_DEST_START, actions.intCount());
        actions.setInt(a + R_DEST_FIRST, ctx.destination(r.route().get(0).destination()));
        long sum = 0;
        for (final RouteDestination rd : r.route())
        {
            if (rd.weight() < 0)
            {
                ctx.errors.add(where + ": negative weight " + rd.weight() + " for " + rd.destination().host());
            }
            sum += Math.max(0, rd.weight());
            actions.addInt(ctx.destination(rd.destination()));
            actions.addInt(Math.max(0, rd.weight()));
        }
        actions.setInt(a + R_WEIGHT_SUM, storedWeightSum(sum));
        actions.setInt(a + R_CORS, CorsRecords.write(actions, ctx, r.cors(), where));
        compileMirrors(a, r, where);
        compileHeaderOperations(a, r);
        if (r.rewrite() != null)
        {
            actions.setInt(a + R_REWRITE_URI, ctx.s(r.rewrite().uri()));
            if (r.rewrite().authority() != null)
            {
                actions.setInt(a + R_REWRITE_AUTHORITY, ctx.s(r.rewrite().authority()));
            }
            if (r.rewrite().uriRegexRewrite() != null)
            {
                actions.setInt(a + R_REGEX_REWRITE, ctx.pattern(r.rewrite().uriRegexRewrite().match(), where));
                actions.setInt(a + R_REGEX_REPLACEMENT, ctx.s(r.rewrite().uriRegexRewrite().rewrite()));
            }
        }
    }

    /** Appends a route's mirrors ({destination, percentage} pairs) and points the route record at them. */
    private void compileMirrors(final int a, final HttpRoute r, final SourceRef where)
    {
        if (r.mirrors().size() > ctx.caps.maxMirrorsPerRoute())
        {
            ctx.errors.add("capacity exceeded: ACTIONS mirrors of route at " + where + ": " + r.mirrors().size()
                    + " > " + ctx.caps.maxMirrorsPerRoute());
        }
        actions.setInt(a + R_MIRROR_COUNT, r.mirrors().size());
        actions.setInt(a + R_MIRROR_START, actions.intCount());
        for (final HttpRoute.Mirror m : r.mirrors())
        {
            actions.addInt(ctx.destination(m.destination()));
            actions.addInt(actions.addDouble(m.percentage()));
        }
    }

    /** Appends a route's header operations ({op, name, value} triples) and points the route record at them. */
    private void compileHeaderOperations(final int a, final HttpRoute r)
    {
        final HttpRoute.HeaderOperations ops = r.headers() == null ? HttpRoute.HeaderOperations.NONE : r.headers();
        actions.setInt(a + R_OP_COUNT, ops.set().size() + ops.add().size() + ops.remove().size());
        actions.setInt(a + R_OP_START, headerOps(ops));
        boolean destinationOps = false;
        for (final RouteDestination rd : r.route())
        {
            destinationOps |= !rd.headers().isEmpty();
        }
        if (destinationOps)
        {
            final int records = actions.reserveInts(r.route().size() * DEST_OPS_SIZE);
            actions.setInt(a + R_DEST_OPS, records);
            for (int k = 0; k < r.route().size(); k++)
            {
                final HttpRoute.HeaderOperations d = r.route().get(k).headers();
                final int rec = records + k * DEST_OPS_SIZE;
                actions.setInt(rec + DO_OP_COUNT, d.set().size() + d.add().size() + d.remove().size());
                actions.setInt(rec + DO_OP_START, headerOps(d));
                actions.setInt(rec + DO_AUTHORITY, ctx.s(d.authority()));
            }
        }
        // the route's authority rewrite: a host/:authority header operation, replaced by rewrite.authority
        actions.setInt(a + R_REWRITE_AUTHORITY, ctx.s(ops.authority()));
    }

    /** Writes {op, nameId, valueId} entries: sets, then adds, then removes. Returns where they start. */
    private int headerOps(final HttpRoute.HeaderOperations ops)
    {
        final int start = actions.intCount();
        for (final Map.Entry<String, String> e : ops.set().entrySet())
        {
            actions.addInt(OP_SET);
            actions.addInt(ctx.s(e.getKey()));
            actions.addInt(ctx.s(e.getValue()));
        }
        for (final Map.Entry<String, String> e : ops.add().entrySet())
        {
            actions.addInt(OP_ADD);
            actions.addInt(ctx.s(e.getKey()));
            actions.addInt(ctx.s(e.getValue()));
        }
        for (final String name : ops.remove())
        {
            actions.addInt(OP_REMOVE);
            actions.addInt(ctx.s(name));
            actions.addInt(-1);
        }
        return start;
    }

    /**
     * @param sum the weights of one route summed as a long.
     * @return it as stored in the FIB: the sum when it fits an int, else {@code WEIGHT_SUM_WIDE}.
     */
    static int storedWeightSum(final long sum)
    {
        return sum > Integer.MAX_VALUE ? WEIGHT_SUM_WIDE : (int)sum;
    }
}
