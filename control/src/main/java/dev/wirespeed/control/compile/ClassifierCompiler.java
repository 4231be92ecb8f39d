package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.fib.l7.IndexedTableWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Compiles the URI stage and the bit-vector classifier of every virtual host: one bit per match block
 * (route order, then block order), per-field value vectors with the default vector for values no block
 * names, uri literal vectors (prefixes pre-OR-ed with their shorter prefixes) and residual conditions.
 */
final class ClassifierCompiler
{
    private final CompileContext ctx;
    final IndexedTableWriter uriStage = new IndexedTableWriter();
    final IndexedTableWriter classifier = new IndexedTableWriter();
    final Map<List<Object>, Integer> fieldIds = new LinkedHashMap<>();
    /** Global block index to Istio's "catch-all route" (uri "/" or absent or ".*", no header or query match). */
    final java.util.BitSet catchAll = new java.util.BitSet();

    ClassifierCompiler(final CompileContext ctx)
    {
        this.ctx = ctx;
    }

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
            exact(b, kind, name, ctx.s(m.value()));
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
                arg = ctx.s(m.value());
                break;
            case PREFIX:
                match = M_PREFIX;
                arg = ctx.s(m.value());
                break;
            case REGEX:
                match = M_REGEX;
                arg = ctx.pattern(m.value(), where);
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
            condition(b, F_HEADER, ctx.s(e.getKey()), e.getValue(), where);
        }
        for (final Map.Entry<String, StringMatch> e : m.withoutHeaders().entrySet())
        {
            b.residuals.add(residual(F_HEADER, ctx.s(e.getKey()), e.getValue(), true, where));
        }
        for (final Map.Entry<String, StringMatch> e : m.queryParams().entrySet())
        {
            condition(b, F_QUERY, ctx.s(e.getKey()), e.getValue(), where);
        }
        if (m.port() != 0)
        {
            exact(b, F_PORT, -1, m.port());
        }
        for (final Map.Entry<String, String> e : m.sourceLabels().entrySet())
        {
            exact(b, F_LABEL, ctx.s(e.getKey()), ctx.s(e.getValue()));
        }
        if (m.sourceNamespace() != null)
        {
            exact(b, F_SOURCE_NAMESPACE, -1, ctx.s(m.sourceNamespace()));
        }
        for (final String gw : m.gateways())
        {
            exact(b, F_GATEWAY, -1, ctx.s(gw));
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

    void compile()
    {
        final List<VirtualService> all = ctx.model.virtualServices();
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
            ctx.capacity("CLASSIFIER", "blocks of virtual host " + vs.qualifiedName(), blocks.size(),
                    ctx.caps.maxBlocksPerVirtualHost());
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
                catchAll.set(blockBase + i, isCatchAll(b.match));
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

    /**
     * Istio's {@code IsCatchAllRoute} of the Envoy route a match block becomes: path prefix {@code /} (also
     * when no uri is written) or regex {@code .*}, and no header matcher (headers, withoutHeaders, method,
     * authority, scheme become header matchers) or query parameter matcher. Port, source and gateway
     * conditions are decided when Istio builds a proxy's routes, so they do not count.
     *
     * @param m a match block.
     * @return whether it is a catch-all.
     */
    static boolean isCatchAll(final HttpMatch m)
    {
        final StringMatch uri = m.uri();
        final boolean anyPath = uri == null || uri.kind() == StringMatch.Kind.PREFIX && uri.value().equals("/")
                || uri.kind() == StringMatch.Kind.REGEX && uri.value().equals(".*");
        return anyPath && m.headers().isEmpty() && m.withoutHeaders().isEmpty() && m.queryParams().isEmpty()
                && m.method() == null && m.authority() == null && m.scheme() == null;
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
            final String key = m.ignoreUriCase() ? CompileContext.asciiLower(uri.value()) : uri.value();
            set(target.computeIfAbsent(key, k -> new long[words]), i);
        }
        final int u = v * URI_VS_SIZE;
        uriStage.setInt(u + U_BASE, vector(base));
        for (final Map.Entry<String, long[]> e : exactCs.entrySet())
        {
            uriStage.put(uriKey(v, URI_EXACT, ctx.s(e.getKey())), vector(e.getValue()));
        }
        for (final Map.Entry<String, long[]> e : exactCi.entrySet())
        {
            uriStage.put(uriKey(v, URI_EXACT_CI, ctx.s(e.getKey())), vector(e.getValue()));
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
            uriStage.put(uriKey(v, kind, ctx.s(e.getKey())), vector(vec));
            lengths.add(e.getKey().getBytes(StandardCharsets.UTF_8).length);
        }
        uriStage.setInt(countAt, lengths.size());
        uriStage.setInt(startAt, uriStage.intCount());
        for (final int len : lengths)
        {
            uriStage.addInt(len);
        }
    }
}
