package dev.wirespeed.control.compile;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.TcpRoute;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.control.reference.IpLiterals;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import dev.wirespeed.fib.l7.IndexedTableWriter;
import dev.wirespeed.fib.l7.L7Regexes;
import dev.wirespeed.fib.l7.StringPoolWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Compiles a {@link RoutingModel} into the L7 sections of the FIB (layouts in
 * {@link dev.wirespeed.fib.l7.L7Layout}, semantics in {@code docs/routing.md}). User errors and exceeded
 * capacities come back as messages in {@link CompiledL7#errors()}, all of them, never as exceptions.
 *
 * <p>What is decided here rather than per request: bit vectors per (virtual host, field, value) and per
 * URI prefix (pre-OR-ed with the shorter prefixes), the DestinationRule, subset, endpoints and load
 * balancer of every (destination, client-namespace class, service port) — client namespaces that no
 * DestinationRule names or exports to all behave alike, so they share one class.
 */
public final class L7Compiler
{
    private final RoutingModel model;
    private final L7Capacities caps;
    private final List<String> errors = new ArrayList<>();
    private final StringPoolWriter pool = new StringPoolWriter();
    private final IndexedTableWriter hostStage = new IndexedTableWriter();
    private final IndexedTableWriter uriStage = new IndexedTableWriter();
    private final IndexedTableWriter classifier = new IndexedTableWriter();
    private final IndexedTableWriter actions = new IndexedTableWriter();
    private final IndexedTableWriter clusters = new IndexedTableWriter();
    private final IndexedTableWriter endpoints = new IndexedTableWriter();
    private final IndexedTableWriter l4 = new IndexedTableWriter();
    private final List<Pattern> patterns = new ArrayList<>();
    private final Map<String, Integer> patternIndex = new HashMap<>();
    private final Map<String, Integer> serviceByHost = new HashMap<>();
    private final Map<List<Object>, Integer> destinationIds = new LinkedHashMap<>();
    private final List<Destination> destinations = new ArrayList<>();
    private final Map<List<Object>, Integer> fieldIds = new LinkedHashMap<>();

    private L7Compiler(final RoutingModel model, final L7Capacities caps)
    {
        this.model = model;
        this.caps = caps;
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
        pool.intern("mesh");
        compileServices();
        compileVirtualHosts();
        compileClassifier();
        compileActions();
        compileL4();
        compileClusters();
        capacity("STRINGS", "strings", pool.count(), caps.maxStrings());
        capacity("HOST_STAGE", "virtual hosts", model.virtualServices().size(), caps.maxVirtualHosts());
        capacity("CLASSIFIER", "fields", fieldIds.size(), caps.maxFields());
        if (!errors.isEmpty())
        {
            return new CompiledL7(Map.of(), L7Regexes.NONE, List.copyOf(errors));
        }
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        sections.put(FibSection.HOST_STAGE, hostStage);
        sections.put(FibSection.URI_STAGE, uriStage);
        sections.put(FibSection.CLASSIFIER, classifier);
        sections.put(FibSection.ACTIONS, actions);
        sections.put(FibSection.CLUSTERS, clusters);
        sections.put(FibSection.ENDPOINTS, endpoints);
        sections.put(FibSection.L4_ROUTES, l4);
        sections.put(FibSection.STRINGS, pool);
        return new CompiledL7(sections, new L7Regexes(patterns.toArray(new Pattern[0])), List.of());
    }

    private void capacity(final String table, final String what, final long used, final long max)
    {
        if (used > max)
        {
            errors.add("capacity exceeded: " + table + " " + what + ": " + used + " > " + max);
        }
    }

    private int s(final String v)
    {
        return pool.intern(v);
    }

    private int pattern(final String regex, final SourceRef where)
    {
        final Integer known = patternIndex.get(regex);
        if (known != null)
        {
            return known;
        }
        try
        {
            patterns.add(Pattern.compile(regex));
        }
        catch (final PatternSyntaxException e)
        {
            errors.add(where + ": invalid RE2 regex '" + regex + "': " + e.getMessage());
            patterns.add(Pattern.compile("(?:a^)"));
        }
        patternIndex.put(regex, patterns.size() - 1);
        return patterns.size() - 1;
    }

    private int destination(final Destination d)
    {
        final List<Object> key = java.util.Arrays.asList(d.host(), d.subset(), d.port());
        final Integer known = destinationIds.get(key);
        if (known != null)
        {
            return known;
        }
        destinations.add(d);
        destinationIds.put(key, destinations.size() - 1);
        return destinations.size() - 1;
    }

    // ------------------------------------------------------------------------------------ host stage

    private void compileServices()
    {
        final List<RegistryService> services = model.services();
        for (int i = 0; i < services.size(); i++)
        {
            serviceByHost.putIfAbsent(services.get(i).host(), i);
        }
        final int header = hostStage.reserveInts(H_HEADER_SIZE);
        hostStage.setInt(header + H_MESH_ID, s("mesh"));
        hostStage.setInt(header + H_SVC_COUNT, services.size());
        final int start = hostStage.reserveInts(services.size() * SVC_SIZE);
        hostStage.setInt(header + H_SVC_START, start);
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            final int rec = start + i * SVC_SIZE;
            final int hostId = s(svc.host());
            hostStage.setInt(rec + SVC_HOST, hostId);
            hostStage.setInt(rec + SVC_NAMESPACE, s(svc.namespace()));
            hostStage.setInt(rec + SVC_DEFAULT_DEST, destination(new Destination(svc.host(), null, 0)));
            final long hostKey = hostKey(KEY_SVC_BY_HOST, 0, hostId);
            if (hostStage.get(hostKey) < 0)
            {
                hostStage.put(hostKey, i);
            }
            for (final String a : svc.addresses())
            {
                final long k = hostKey(KEY_SVC_BY_ADDRESS, 0, s(asciiLower(a)));
                if (hostStage.get(k) < 0)
                {
                    hostStage.put(k, i);
                }
            }
            final byte[] address = svc.addresses().isEmpty() ? null : IpLiterals.parse(svc.addresses().get(0));
            if (address != null)
            {
                hostStage.setInt(rec + SVC_FAMILY, address.length == 4 ? 4 : 6);
                final int[] words = words(address);
                for (int w = 0; w < 4; w++)
                {
                    hostStage.setInt(rec + SVC_ADDR + w, words[w]);
                }
            }
        }
        for (int i = 0; i < services.size(); i++)
        {
            final RegistryService svc = services.get(i);
            final int rec = start + i * SVC_SIZE;
            hostStage.setInt(rec + SVC_PORT_COUNT, svc.ports().size());
            hostStage.setInt(rec + SVC_PORT_START, hostStage.intCount());
            for (final RegistryService.ServicePort p : svc.ports())
            {
                hostStage.addInt(p.number());
                hostStage.addInt(p.isHttp() ? 1 : 0);
            }
        }
    }

    static int[] words(final byte[] address)
    {
        final int[] w = new int[4];
        for (int i = 0; i < address.length; i++)
        {
            w[i >> 2] |= (address[i] & 0xff) << (24 - 8 * (i & 3));
        }
        return w;
    }

    static String asciiLower(final String v)
    {
        final StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++)
        {
            final char c = v.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
        }
        return b.toString();
    }

    private void compileVirtualHosts()
    {
        final List<VirtualService> all = model.virtualServices();
        hostStage.setInt(H_VS_COUNT, all.size());
        final int start = hostStage.reserveInts(all.size() * VS_SIZE);
        hostStage.setInt(H_VS_START, start);
        final Map<Long, List<Integer>> candidates = new LinkedHashMap<>();
        for (int v = 0; v < all.size(); v++)
        {
            final VirtualService vs = all.get(v);
            final int rec = start + v * VS_SIZE;
            hostStage.setInt(rec + VS_NAME, s(vs.qualifiedName()));
            hostStage.setInt(rec + VS_EXPORT_ALL, vs.exportTo().contains("*") ? 1 : 0);
            hostStage.setInt(rec + VS_EXPORT_COUNT, vs.exportTo().size());
            hostStage.setInt(rec + VS_EXPORT_START, hostStage.intCount());
            for (final String ns : vs.exportTo())
            {
                hostStage.addInt(s(ns));
            }
            for (final String gw : vs.gateways())
            {
                final int gwId = s(gw);
                for (final String h : vs.hosts())
                {
                    final long key;
                    if (h.equals("*"))
                    {
                        key = hostKey(KEY_HOST_ANY, gwId, 0);
                    }
                    else if (h.startsWith("*."))
                    {
                        key = hostKey(KEY_HOST_WILDCARD, gwId, s(h.substring(1)));
                    }
                    else
                    {
                        key = hostKey(KEY_HOST_EXACT, gwId, s(h));
                    }
                    final List<Integer> list = candidates.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!list.contains(v))
                    {
                        list.add(v);
                    }
                }
            }
        }
        for (final Map.Entry<Long, List<Integer>> e : candidates.entrySet())
        {
            final int list = hostStage.addInt(e.getValue().size());
            for (final int v : e.getValue())
            {
                hostStage.addInt(v);
            }
            hostStage.put(e.getKey(), list);
        }
    }

    // ------------------------------------------------------------------------------------ classifier

    /** One match block and what it compiles to. */
    private static final class Block
    {
        final int route;
        final HttpMatch match;
        final Map<Integer, Set<Integer>> exact = new LinkedHashMap<>();
        final List<int[]> residuals = new ArrayList<>();

        Block(final int route, final HttpMatch match)
        {
            this.route = route;
            this.match = match;
        }
    }

    private int field(final int kind, final int name)
    {
        return fieldIds.computeIfAbsent(List.of(kind, name), k -> fieldIds.size());
    }

    private void exact(final Block b, final int kind, final int name, final int valueKey)
    {
        b.exact.computeIfAbsent(field(kind, name), k -> new TreeSet<>()).add(valueKey & 0xFFFFFF);
    }

    private void condition(final Block b, final int kind, final int name, final StringMatch m, final SourceRef where)
    {
        if (m.kind() == StringMatch.Kind.EXACT)
        {
            exact(b, kind, name, s(m.value()));
        }
        else
        {
            b.residuals.add(residual(kind, name, m, false, where));
        }
    }

    private int[] residual(final int kind, final int name, final StringMatch m, final boolean negate,
            final SourceRef where)
    {
        final int match;
        final int arg;
        switch (m.kind())
        {
            case EXACT:
                match = M_EXACT;
                arg = s(m.value());
                break;
            case PREFIX:
                match = M_PREFIX;
                arg = s(m.value());
                break;
            case REGEX:
                match = M_REGEX;
                arg = pattern(m.value(), where);
                break;
            default:
                match = M_PRESENT;
                arg = -1;
                break;
        }
        return new int[] {kind, name, match, arg, negate ? 1 : 0};
    }

    private Block block(final int route, final HttpMatch m, final SourceRef where)
    {
        final Block b = new Block(route, m);
        if (m.uri() != null && m.uri().kind() == StringMatch.Kind.REGEX)
        {
            b.residuals.add(residual(F_URI, -1, m.uri(), false, where));
        }
        if (m.scheme() != null)
        {
            condition(b, F_SCHEME, -1, m.scheme(), where);
        }
        if (m.method() != null)
        {
            condition(b, F_METHOD, -1, m.method(), where);
        }
        if (m.authority() != null)
        {
            condition(b, F_AUTHORITY, -1, m.authority(), where);
        }
        for (final Map.Entry<String, StringMatch> e : m.headers().entrySet())
        {
            condition(b, F_HEADER, s(e.getKey()), e.getValue(), where);
        }
        for (final Map.Entry<String, StringMatch> e : m.withoutHeaders().entrySet())
        {
            b.residuals.add(residual(F_HEADER, s(e.getKey()), e.getValue(), true, where));
        }
        for (final Map.Entry<String, StringMatch> e : m.queryParams().entrySet())
        {
            condition(b, F_QUERY, s(e.getKey()), e.getValue(), where);
        }
        if (m.port() != 0)
        {
            exact(b, F_PORT, -1, m.port());
        }
        for (final Map.Entry<String, String> e : m.sourceLabels().entrySet())
        {
            exact(b, F_LABEL, s(e.getKey()), s(e.getValue()));
        }
        if (m.sourceNamespace() != null)
        {
            exact(b, F_SOURCE_NAMESPACE, -1, s(m.sourceNamespace()));
        }
        for (final String gw : m.gateways())
        {
            exact(b, F_GATEWAY, -1, s(gw));
        }
        return b;
    }

    private int vector(final long[] v)
    {
        final int ref = classifier.longCount();
        for (final long w : v)
        {
            classifier.addLong(w);
        }
        return ref;
    }

    private static void set(final long[] v, final int bit)
    {
        v[bit >> 6] |= 1L << bit;
    }

    private void compileClassifier()
    {
        final List<VirtualService> all = model.virtualServices();
        final List<List<Block>> perVs = new ArrayList<>();
        int route = 0;
        int totalBlocks = 0;
        for (final VirtualService vs : all)
        {
            final List<Block> blocks = new ArrayList<>();
            for (final HttpRoute r : vs.http())
            {
                final List<HttpMatch> ms = r.matches().isEmpty() ? List.of(HttpMatch.ANY) : r.matches();
                for (final HttpMatch m : ms)
                {
                    blocks.add(block(route, m, r.source()));
                }
                route++;
            }
            capacity("CLASSIFIER", "blocks of virtual host " + vs.qualifiedName(), blocks.size(),
                    caps.maxBlocksPerVirtualHost());
            perVs.add(blocks);
            totalBlocks += blocks.size();
        }
        final int header = classifier.reserveInts(C_HEADER_SIZE);
        classifier.setInt(header + C_VS_COUNT, all.size());
        final int vsStart = classifier.reserveInts(all.size() * CV_SIZE);
        classifier.setInt(header + C_VS_START, vsStart);
        final int blockStart = classifier.reserveInts(totalBlocks * BLOCK_SIZE);
        classifier.setInt(header + C_BLOCK_START, blockStart);
        uriStage.reserveInts(all.size() * URI_VS_SIZE);

        int blockBase = 0;
        for (int v = 0; v < all.size(); v++)
        {
            final List<Block> blocks = perVs.get(v);
            final int n = blocks.size();
            final int words = Math.max(1, (n + 63) >> 6);
            final int rec = vsStart + v * CV_SIZE;
            classifier.setInt(rec + CV_BLOCKS, n);
            classifier.setInt(rec + CV_WORDS, words);
            classifier.setInt(rec + CV_BLOCK_BASE, blockBase);
            for (int i = 0; i < n; i++)
            {
                final Block b = blocks.get(i);
                final int br = blockStart + (blockBase + i) * BLOCK_SIZE;
                classifier.setInt(br + B_ROUTE, b.route);
                final StringMatch uri = b.match.uri();
                classifier.setInt(br + B_PREFIX_LENGTH,
                        uri != null && uri.kind() == StringMatch.Kind.PREFIX ? uri.value().length() : -1);
                classifier.setInt(br + B_RESIDUAL_COUNT, b.residuals.size());
                classifier.setInt(br + B_RESIDUAL_START, classifier.intCount());
                for (final int[] r : b.residuals)
                {
                    for (final int x : r)
                    {
                        classifier.addInt(x);
                    }
                }
            }
            compileFields(v, blocks, words, rec);
            compileUri(v, blocks, words);
            blockBase += n;
        }
        classifier.setInt(header + C_FIELD_COUNT, fieldIds.size());
        classifier.setInt(header + C_FIELD_START, classifier.intCount());
        for (final List<Object> f : fieldIds.keySet())
        {
            classifier.addInt((Integer)f.get(0));
            classifier.addInt((Integer)f.get(1));
        }
    }

    private void compileFields(final int v, final List<Block> blocks, final int words, final int rec)
    {
        final Set<Integer> fields = new TreeSet<>();
        for (final Block b : blocks)
        {
            fields.addAll(b.exact.keySet());
        }
        classifier.setInt(rec + CV_FIELD_COUNT, fields.size());
        final List<int[]> list = new ArrayList<>();
        for (final int f : fields)
        {
            final long[] dflt = new long[words];
            final Set<Integer> values = new TreeSet<>();
            for (int i = 0; i < blocks.size(); i++)
            {
                final Set<Integer> accepted = blocks.get(i).exact.get(f);
                if (accepted == null)
                {
                    set(dflt, i);
                }
                else
                {
                    values.addAll(accepted);
                }
            }
            list.add(new int[] {f, vector(dflt)});
            for (final int value : values)
            {
                final long[] vec = dflt.clone();
                for (int i = 0; i < blocks.size(); i++)
                {
                    final Set<Integer> accepted = blocks.get(i).exact.get(f);
                    if (accepted != null && accepted.contains(value))
                    {
                        set(vec, i);
                    }
                }
                classifier.put(classifierKey(v, f, value), vector(vec));
            }
        }
        classifier.setInt(rec + CV_FIELD_START, classifier.intCount());
        for (final int[] fd : list)
        {
            classifier.addInt(fd[0]);
            classifier.addInt(fd[1]);
        }
    }

    private void compileUri(final int v, final List<Block> blocks, final int words)
    {
        final long[] base = new long[words];
        final Map<String, long[]> exactCs = new LinkedHashMap<>();
        final Map<String, long[]> exactCi = new LinkedHashMap<>();
        final Map<String, long[]> prefixCs = new LinkedHashMap<>();
        final Map<String, long[]> prefixCi = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++)
        {
            final HttpMatch m = blocks.get(i).match;
            final StringMatch uri = m.uri();
            if (uri == null || uri.kind() == StringMatch.Kind.REGEX || uri.kind() == StringMatch.Kind.PRESENT)
            {
                set(base, i);
                continue;
            }
            final boolean prefix = uri.kind() == StringMatch.Kind.PREFIX;
            final Map<String, long[]> target = prefix
                    ? (m.ignoreUriCase() ? prefixCi : prefixCs)
                    : (m.ignoreUriCase() ? exactCi : exactCs);
            final String key = m.ignoreUriCase() ? asciiLower(uri.value()) : uri.value();
            set(target.computeIfAbsent(key, k -> new long[words]), i);
        }
        final int u = v * URI_VS_SIZE;
        uriStage.setInt(u + U_BASE, vector(base));
        for (final Map.Entry<String, long[]> e : exactCs.entrySet())
        {
            uriStage.put(uriKey(v, URI_EXACT, s(e.getKey())), vector(e.getValue()));
        }
        for (final Map.Entry<String, long[]> e : exactCi.entrySet())
        {
            uriStage.put(uriKey(v, URI_EXACT_CI, s(e.getKey())), vector(e.getValue()));
        }
        uriStage.setInt(u + U_EXACT_KINDS, (exactCs.isEmpty() ? 0 : 1) | (exactCi.isEmpty() ? 0 : 2));
        prefixes(v, prefixCs, URI_PREFIX, u + U_CS_COUNT, u + U_CS_START);
        prefixes(v, prefixCi, URI_PREFIX_CI, u + U_CI_COUNT, u + U_CI_START);
    }

    private void prefixes(final int v, final Map<String, long[]> direct, final int kind, final int countAt,
            final int startAt)
    {
        final TreeSet<Integer> lengths = new TreeSet<>(Comparator.reverseOrder());
        for (final Map.Entry<String, long[]> e : direct.entrySet())
        {
            final long[] vec = e.getValue().clone();
            for (final Map.Entry<String, long[]> shorter : direct.entrySet())
            {
                if (e.getKey().startsWith(shorter.getKey()))
                {
                    for (int w = 0; w < vec.length; w++)
                    {
                        vec[w] |= shorter.getValue()[w];
                    }
                }
            }
            uriStage.put(uriKey(v, kind, s(e.getKey())), vector(vec));
            lengths.add(e.getKey().getBytes(StandardCharsets.UTF_8).length);
        }
        uriStage.setInt(countAt, lengths.size());
        uriStage.setInt(startAt, uriStage.intCount());
        for (final int len : lengths)
        {
            uriStage.addInt(len);
        }
    }

    // ------------------------------------------------------------------------------------ actions

    private void compileActions()
    {
        int routeCount = 0;
        for (final VirtualService vs : model.virtualServices())
        {
            routeCount += vs.http().size();
        }
        capacity("ACTIONS", "routes", routeCount, caps.maxRoutes());
        final int header = actions.reserveInts(2);
        actions.setInt(header + A_ROUTE_COUNT, routeCount);
        final int start = actions.reserveInts(routeCount * ROUTE_SIZE);
        actions.setInt(header + A_ROUTE_START, start);
        int id = 0;
        for (int v = 0; v < model.virtualServices().size(); v++)
        {
            for (final HttpRoute r : model.virtualServices().get(v).http())
            {
                compileRoute(start + id * ROUTE_SIZE, v, r);
                id++;
            }
        }
    }

    private void compileRoute(final int a, final int v, final HttpRoute r)
    {
        final SourceRef where = r.source() == null ? SourceRef.NONE : r.source();
        actions.setInt(a + R_NAME, s(r.name()));
        actions.setInt(a + R_VS, v);
        actions.setInt(a + R_DELAY_PCT, -1);
        actions.setInt(a + R_ABORT_PCT, -1);
        actions.setInt(a + R_REGEX_REWRITE, -1);
        for (final int f : new int[] {R_REWRITE_URI, R_REWRITE_AUTHORITY, R_REGEX_REPLACEMENT, R_REDIRECT_URI,
                R_REDIRECT_AUTHORITY, R_REDIRECT_SCHEME, R_DIRECT_BODY})
        {
            actions.setInt(a + f, -1);
        }
        if (r.redirect() != null)
        {
            final HttpRoute.Redirect rd = r.redirect();
            actions.setInt(a + R_KIND, KIND_REDIRECT);
            actions.setInt(a + R_REDIRECT_URI, s(rd.uri()));
            actions.setInt(a + R_REDIRECT_AUTHORITY, s(rd.authority()));
            actions.setInt(a + R_REDIRECT_PORT, rd.port());
            actions.setInt(a + R_REDIRECT_SCHEME, s(rd.scheme()));
            actions.setInt(a + R_REDIRECT_CODE, rd.redirectCode() == 0 ? 301 : rd.redirectCode());
            return;
        }
        if (r.directResponse() != null)
        {
            actions.setInt(a + R_KIND, KIND_DIRECT);
            actions.setInt(a + R_DIRECT_STATUS, r.directResponse().status());
            actions.setInt(a + R_DIRECT_BODY, s(r.directResponse().body()));
            return;
        }
        actions.setInt(a + R_KIND, KIND_ROUTE);
        if (r.route().isEmpty())
        {
            errors.add(where + ": route has neither destinations, redirect nor directResponse");
            return;
        }
        actions.setInt(a + R_DEST_COUNT, r.route().size());
        actions.setInt(a + R_DEST_START, actions.intCount());
        int sum = 0;
        for (final RouteDestination rd : r.route())
        {
            if (rd.weight() < 0)
            {
                errors.add(where + ": negative weight " + rd.weight() + " for " + rd.destination().host());
            }
            sum += Math.max(0, rd.weight());
            actions.addInt(destination(rd.destination()));
            actions.addInt(Math.max(0, rd.weight()));
        }
        actions.setInt(a + R_WEIGHT_SUM, sum);
        if (r.fault() != null && r.fault().delay() != null)
        {
            actions.setInt(a + R_DELAY_PCT, actions.addDouble(r.fault().delay().percentage()));
            actions.setInt(a + R_DELAY_MILLIS, actions.addLong(r.fault().delay().fixedDelayMillis()));
        }
        if (r.fault() != null && r.fault().abort() != null)
        {
            actions.setInt(a + R_ABORT_PCT, actions.addDouble(r.fault().abort().percentage()));
            actions.setInt(a + R_ABORT_STATUS, r.fault().abort().httpStatus());
        }
        if (r.mirrors().size() > caps.maxMirrorsPerRoute())
        {
            errors.add("capacity exceeded: ACTIONS mirrors of route at " + where + ": " + r.mirrors().size()
                    + " > " + caps.maxMirrorsPerRoute());
        }
        actions.setInt(a + R_MIRROR_COUNT, r.mirrors().size());
        actions.setInt(a + R_MIRROR_START, actions.intCount());
        for (final HttpRoute.Mirror m : r.mirrors())
        {
            actions.addInt(destination(m.destination()));
            actions.addInt(actions.addDouble(m.percentage()));
        }
        final HttpRoute.HeaderOperations ops = r.headers() == null ? HttpRoute.HeaderOperations.NONE : r.headers();
        actions.setInt(a + R_OP_COUNT, ops.set().size() + ops.add().size() + ops.remove().size());
        actions.setInt(a + R_OP_START, actions.intCount());
        for (final Map.Entry<String, String> e : ops.set().entrySet())
        {
            actions.addInt(OP_SET);
            actions.addInt(s(e.getKey()));
            actions.addInt(s(e.getValue()));
        }
        for (final Map.Entry<String, String> e : ops.add().entrySet())
        {
            actions.addInt(OP_ADD);
            actions.addInt(s(e.getKey()));
            actions.addInt(s(e.getValue()));
        }
        for (final String name : ops.remove())
        {
            actions.addInt(OP_REMOVE);
            actions.addInt(s(name));
            actions.addInt(-1);
        }
        if (r.rewrite() != null)
        {
            actions.setInt(a + R_REWRITE_URI, s(r.rewrite().uri()));
            actions.setInt(a + R_REWRITE_AUTHORITY, s(r.rewrite().authority()));
            if (r.rewrite().uriRegexRewrite() != null)
            {
                actions.setInt(a + R_REGEX_REWRITE, pattern(r.rewrite().uriRegexRewrite().match(), where));
                actions.setInt(a + R_REGEX_REPLACEMENT, s(r.rewrite().uriRegexRewrite().rewrite()));
            }
        }
    }

    // ------------------------------------------------------------------------------------ L4

    private void compileL4()
    {
        final List<VirtualService> all = model.virtualServices();
        final int header = l4.reserveInts(2);
        l4.setInt(header + L_VS_COUNT, all.size());
        final int start = l4.reserveInts(all.size() * LV_SIZE);
        l4.setInt(header + L_VS_START, start);
        for (int v = 0; v < all.size(); v++)
        {
            final List<int[]> blocks = new ArrayList<>();
            for (final TcpRoute r : all.get(v).tcp())
            {
                final int route = l4.addInt(r.route().size());
                l4.addInt(l4.intCount() + 2);
                final int sumAt = l4.addInt(0);
                int sum = 0;
                for (final RouteDestination rd : r.route())
                {
                    l4.addInt(destination(rd.destination()));
                    l4.addInt(Math.max(0, rd.weight()));
                    sum += Math.max(0, rd.weight());
                    if (rd.weight() < 0)
                    {
                        errors.add(r.source() + ": negative weight " + rd.weight());
                    }
                }
                l4.setInt(sumAt, sum);
                if (r.route().isEmpty())
                {
                    errors.add(r.source() + ": tcp route has no destination");
                }
                final List<TcpRoute.L4Match> ms = r.matches().isEmpty()
                        ? List.of(new TcpRoute.L4Match(List.of(), 0, Map.of(), null, List.of()))
                        : r.matches();
                for (final TcpRoute.L4Match m : ms)
                {
                    final int[] b = new int[L4_BLOCK_SIZE];
                    b[LB_ROUTE] = route;
                    b[LB_PORT] = m.port();
                    b[LB_NAMESPACE] = m.sourceNamespace() == null ? -1 : s(m.sourceNamespace());
                    b[LB_LABEL_COUNT] = m.sourceLabels().size();
                    b[LB_LABEL_START] = l4.intCount();
                    for (final Map.Entry<String, String> e : m.sourceLabels().entrySet())
                    {
                        l4.addInt(s(e.getKey()));
                        l4.addInt(s(e.getValue()));
                    }
                    b[LB_GW_COUNT] = m.gateways().size();
                    b[LB_GW_START] = l4.intCount();
                    for (final String gw : m.gateways())
                    {
                        l4.addInt(s(gw));
                    }
                    b[LB_SUBNET_COUNT] = m.destinationSubnets().size();
                    b[LB_SUBNET_START] = l4.intCount();
                    for (final String cidr : m.destinationSubnets())
                    {
                        final Object[] c = IpLiterals.parseCidr(cidr);
                        if (c == null)
                        {
                            errors.add(r.source() + ": invalid destinationSubnets entry '" + cidr + "'");
                            l4.reserveInts(SUBNET_SIZE);
                            continue;
                        }
                        final byte[] net = (byte[])c[0];
                        l4.addInt(net.length == 4 ? 4 : 6);
                        l4.addInt((Integer)c[1]);
                        for (final int w : words(net))
                        {
                            l4.addInt(w);
                        }
                    }
                    blocks.add(b);
                }
            }
            l4.setInt(start + v * LV_SIZE + LV_BLOCK_COUNT, blocks.size());
            l4.setInt(start + v * LV_SIZE + LV_BLOCK_START, l4.intCount());
            for (final int[] b : blocks)
            {
                for (final int x : b)
                {
                    l4.addInt(x);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ clusters

    private void compileClusters()
    {
        final Set<String> nsClasses = new LinkedHashSet<>();
        for (final DestinationRule dr : model.destinationRules())
        {
            nsClasses.add(dr.namespace());
            for (final String ns : dr.exportTo())
            {
                if (!ns.equals("*"))
                {
                    nsClasses.add(ns);
                }
            }
        }
        final List<String> classes = new ArrayList<>(nsClasses);
        final int header = clusters.reserveInts(6);
        clusters.setInt(header + K_NS_COUNT, classes.size());
        clusters.setInt(header + K_NS_START, clusters.intCount());
        for (final String ns : classes)
        {
            clusters.addInt(s(ns));
        }
        final int destCount = destinations.size();
        clusters.setInt(header + K_DEST_COUNT, destCount);
        final int destStart = clusters.reserveInts(destCount * DEST_SIZE);
        clusters.setInt(header + K_DEST_START, destStart);

        final Map<List<Object>, Integer> clusterIds = new LinkedHashMap<>();
        final List<int[]> clusterRecords = new ArrayList<>();
        final List<List<Object>> endpointList = new ArrayList<>();
        for (int d = 0; d < destCount; d++)
        {
            final Destination dest = destinations.get(d);
            final int rec = destStart + d * DEST_SIZE;
            final Integer svcIndex = serviceByHost.get(dest.host());
            clusters.setInt(rec + D_HOST, s(dest.host()));
            clusters.setInt(rec + D_SUBSET, s(dest.subset()));
            clusters.setInt(rec + D_PORT, dest.port());
            clusters.setInt(rec + D_SERVICE, svcIndex == null ? -1 : svcIndex);
            if (svcIndex == null)
            {
                clusters.setInt(rec + D_TABLE, -1);
                continue;
            }
            final RegistryService svc = model.services().get(svcIndex);
            clusters.setInt(rec + D_TABLE, clusters.intCount());
            for (int c = 0; c <= classes.size(); c++)
            {
                final String ns = c < classes.size() ? classes.get(c) : null;
                final int ruleIndex = applicableRule(svc, ns);
                final DestinationRule rule = ruleIndex < 0 ? null : model.destinationRules().get(ruleIndex);
                for (final RegistryService.ServicePort port : svc.ports())
                {
                    clusters.addInt(cluster(svcIndex, svc, port, dest, rule, ruleIndex, clusterIds, clusterRecords,
                            endpointList));
                }
            }
        }
        capacity("CLUSTERS", "clusters", clusterRecords.size(), caps.maxClusters());
        capacity("ENDPOINTS", "endpoints", endpointList.size(), caps.maxEndpoints());
        clusters.setInt(header + K_CLUSTER_COUNT, clusterRecords.size());
        clusters.setInt(header + K_CLUSTER_START, clusters.intCount());
        for (final int[] cr : clusterRecords)
        {
            for (final int x : cr)
            {
                clusters.addInt(x);
            }
        }
        endpoints.reserveInts(2);
        endpoints.setInt(E_COUNT, endpointList.size());
        endpoints.setInt(E_START, endpoints.intCount());
        for (final List<Object> ep : endpointList)
        {
            final String address = (String)ep.get(0);
            final int port = (Integer)ep.get(1);
            endpoints.addInt(s(address));
            endpoints.addInt(port);
            endpoints.addInt(s(address + ":" + port));
            final byte[] literal = IpLiterals.parse(address);
            endpoints.addInt(literal == null ? 0 : literal.length == 4 ? 4 : 6);
            for (final int w : literal == null ? new int[4] : words(literal))
            {
                endpoints.addInt(w);
            }
        }
    }

    private int cluster(final int svcIndex, final RegistryService svc, final RegistryService.ServicePort port,
            final Destination dest, final DestinationRule rule, final int ruleIndex,
            final Map<List<Object>, Integer> clusterIds, final List<int[]> records, final List<List<Object>> eps)
    {
        DestinationRule.Subset subset = null;
        if (dest.subset() != null)
        {
            if (rule != null)
            {
                for (final DestinationRule.Subset sub : rule.subsets())
                {
                    if (sub.name().equals(dest.subset()))
                    {
                        subset = sub;
                        break;
                    }
                }
            }
            if (subset == null)
            {
                return -1;
            }
        }
        final List<Object> key = java.util.Arrays.asList(svcIndex, port.number(), dest.subset(), ruleIndex);
        final Integer known = clusterIds.get(key);
        if (known != null)
        {
            return known;
        }
        final List<List<Object>> selected = new ArrayList<>();
        for (final RegistryService.Endpoint e : svc.endpoints())
        {
            if (e.healthy() && (subset == null || e.labels().entrySet().containsAll(subset.labels().entrySet())))
            {
                final Integer override = e.ports().get(port.name());
                selected.add(List.of(e.address(), override != null ? override : port.targetPort()));
            }
        }
        selected.sort(Comparator.<List<Object>, String>comparing(e -> (String)e.get(0))
                .thenComparingInt(e -> (Integer)e.get(1)));
        DestinationRule.LoadBalancer lb = null;
        if (subset != null && subset.trafficPolicy() != null && subset.trafficPolicy().loadBalancer() != null)
        {
            lb = subset.trafficPolicy().loadBalancer();
        }
        else if (rule != null && rule.trafficPolicy() != null)
        {
            lb = rule.trafficPolicy().loadBalancer();
        }
        final int[] rec = new int[CLUSTER_SIZE];
        rec[CL_NAME] = s("outbound|" + port.number() + "|" + (dest.subset() == null ? "" : dest.subset()) + "|"
                + svc.host());
        rec[CL_HOST] = s(svc.host());
        rec[CL_SUBSET] = s(dest.subset());
        rec[CL_PORT] = port.number();
        rec[CL_HASH_NAME] = -1;
        if (lb != null && lb.consistentHash() != null)
        {
            rec[CL_LB] = LB_CONSISTENT_HASH;
            switch (lb.consistentHash().kind())
            {
                case USE_SOURCE_IP:
                    rec[CL_HASH_KIND] = HASH_SOURCE_IP;
                    break;
                case HTTP_QUERY_PARAMETER:
                    rec[CL_HASH_KIND] = HASH_QUERY;
                    rec[CL_HASH_NAME] = s(lb.consistentHash().name());
                    break;
                default:
                    rec[CL_HASH_KIND] = HASH_HEADER;
                    rec[CL_HASH_NAME] = s(lb.consistentHash().name());
                    break;
            }
        }
        else
        {
            final DestinationRule.Simple simple = lb == null || lb.simple() == null
                    ? DestinationRule.Simple.LEAST_REQUEST : lb.simple();
            rec[CL_LB] = simple == DestinationRule.Simple.ROUND_ROBIN ? LB_ROUND_ROBIN
                    : simple == DestinationRule.Simple.RANDOM ? LB_RANDOM : LB_LEAST_REQUEST;
        }
        rec[CL_EP_START] = eps.size();
        rec[CL_EP_COUNT] = selected.size();
        eps.addAll(selected);
        records.add(rec);
        clusterIds.put(key, records.size() - 1);
        return records.size() - 1;
    }

    /** docs/routing.md §4: rules in the client's namespace, the service's, istio-system, then any. */
    private int applicableRule(final RegistryService svc, final String ns)
    {
        final List<DestinationRule> rules = model.destinationRules();
        int best = -1;
        int bestGroup = Integer.MAX_VALUE;
        int bestScore = -1;
        for (int i = 0; i < rules.size(); i++)
        {
            final DestinationRule dr = rules.get(i);
            if (!(dr.exportTo().isEmpty() || dr.exportTo().contains("*") || (ns != null && dr.exportTo().contains(ns))))
            {
                continue;
            }
            final int score;
            if (dr.host().equals(svc.host()))
            {
                score = Integer.MAX_VALUE;
            }
            else if (dr.host().equals("*"))
            {
                score = 0;
            }
            else if (dr.host().startsWith("*.") && svc.host().endsWith(dr.host().substring(1))
                    && svc.host().length() > dr.host().length() - 1)
            {
                score = dr.host().length();
            }
            else
            {
                continue;
            }
            final int group = dr.namespace().equals(ns) ? 0
                    : dr.namespace().equals(svc.namespace()) ? 1
                    : dr.namespace().equals("istio-system") ? 2 : 3;
            if (group < bestGroup || (group == bestGroup && score > bestScore))
            {
                best = i;
                bestGroup = group;
                bestScore = score;
            }
        }
        return best;
    }
}
