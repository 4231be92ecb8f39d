package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpMatch;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import dev.wirespeed.control.model.VirtualService;
import dev.wirespeed.fib.l7.IndexedTableWriter;
import dev.wirespeed.fib.l7.StringPool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Compiles the URI stage and the classifier of every virtual host. Each match block (route order, then
 * block order) becomes a list of tests, one per condition, and is filed under one <em>index key</em>: a
 * condition every request it matches must satisfy and that a lookup can turn into one hash probe — its
 * uri exact or prefix literal, the literal prefix of its uri regex, or the exact value(s) of another field
 * (method, header, query parameter, ...). Of the keys a block offers, the one shared by the fewest blocks
 * is taken, so a lookup reads only lists of blocks that can still match; a block offering none goes to
 * the virtual host's base list. Prefix lists are leaf-pushed (each holds the blocks of every shorter
 * indexed prefix of it), so the longest prefix hit is the whole uri answer.
 *
 * <p>Adding a match kind: map it to a test in {@link #condition} (and an {@code M_*} test kind in
 * {@code L7Layout} with its evaluation in the classifier); offer an index key only if a request value
 * determines it with one probe.
 */
final class ClassifierCompiler
{
    private final CompileContext ctx;
    final IndexedTableWriter uriStage = new IndexedTableWriter();
    final IndexedTableWriter classifier = new IndexedTableWriter();
    final Map<List<Integer>, Integer> fieldIds = new LinkedHashMap<>();
    /** The F_* kind of each field id. */
    private final List<Integer> fieldKinds = new ArrayList<>();
    /** Global block index to Istio's "catch-all route" (uri "/" or absent or ".*", no header or query match). */
    final BitSet catchAll = new BitSet();
    private final List<Long> filterKeys = new ArrayList<>();
    /** The uri filter of the virtual host being written (CV_URI_FILTER_*). */
    private long vsUriFilter;
    /** Every tests record, for the action compiler to fill in BT_SIMPLE_DEST. */
    final List<Integer> testsRecords = new ArrayList<>();
    /** Pairs {copy in URI_STAGE, original in CLASSIFIER} of the tests records inline in uri lists. */
    private final List<int[]> uriRecordCopies = new ArrayList<>();
    /**
     * Per virtual host, its uri and FIELD keys' {uriTag or fieldTag, first list}, for the exact host buckets
     * (HB_URI_*).
     */
    final Map<Integer, List<int[]>> uriHeads = new HashMap<>();
    /** URI key to the last uri list filed under it (lists of colliding literals are chained). */
    private final Map<Long, Integer> uriTails = new HashMap<>();

    ClassifierCompiler(final CompileContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * An index key: a uri literal under a URI_* kind, or a field value.
     *
     * @param uriKind  URI_* kind, or -1 for a field key.
     * @param literal  the uri literal (lower-cased for the _CI kinds).
     * @param fieldId  the field, for a field key.
     * @param valueKey the value, for a field key.
     */
    private record Key(int uriKind, String literal, int fieldId, int valueKey)
    {
        static Key uri(final int kind, final String literal)
        {
            return new Key(kind, literal, -1, 0);
        }

        static Key field(final int fieldId, final int valueKey)
        {
            return new Key(-1, null, fieldId, valueKey);
        }

        // Written out: a record's generated equals and hashCode link through an invokedynamic bootstrap
        // (ObjectMethods) on first use, ~10 ms of every command's start (docs/performance.md, "Round 5").
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Key k && uriKind == k.uriKind && fieldId == k.fieldId && valueKey == k.valueKey
                && Objects.equals(literal, k.literal);
        }

        @Override
        public int hashCode()
        {
            return ((uriKind * 31 + Objects.hashCode(literal)) * 31 + fieldId) * 31 + valueKey;
        }
    }

    /** One match block: its tests and the index keys it could be filed under (each option complete). */
    private static final class Block
    {
        final int route;
        final HttpMatch match;
        final List<int[]> tests = new ArrayList<>();
        final List<List<Key>> options = new ArrayList<>();
        final List<Integer> optionTests = new ArrayList<>();
        List<Key> chosen = List.of();
        int chosenTest = -1;
        /** Its tests record in the CLASSIFIER int area. */
        int record = -1;

        Block(final int route, final HttpMatch match)
        {
            this.route = route;
            this.match = match;
        }
    }

    /**
     * Offers keys to file the block under.
     *
     * @param keys         the keys (a request matching the block has one of them).
     * @param impliesTest  whether finding the block under them proves the test added last (an exact
     *                     value, a uri literal; not a regex's literal prefix).
     */
    private static void offer(final Block b, final List<Key> keys, final boolean impliesTest)
    {
        b.options.add(keys);
        b.optionTests.add(impliesTest ? b.tests.size() - 1 : -1);
    }

    private int field(final int kind, final int name)
    {
        return fieldIds.computeIfAbsent(List.of(kind, name), k ->
        {
            fieldKinds.add(kind);
            return fieldIds.size();
        });
    }

    private void condition(final Block b, final int kind, final int name, final StringMatch m, final boolean negate,
            final SourceRef where)
    {
        final int f = field(kind, name);
        switch (m.kind())
        {
            case EXACT:
                final int id = ctx.s(m.value());
                b.tests.add(new int[] {f, M_EXACT, id, negate ? 1 : 0});
                if (!negate)
                {
                    offer(b, List.of(Key.field(f, id)), true);
                }
                break;
            case PREFIX:
                b.tests.add(new int[] {f, M_PREFIX, ctx.s(m.value()), negate ? 1 : 0});
                break;
            case REGEX:
                b.tests.add(new int[] {f, M_REGEX, ctx.pattern(m.value(), where), negate ? 1 : 0});
                break;
            default:
                b.tests.add(new int[] {f, M_PRESENT, -1, negate ? 1 : 0});
                break;
        }
    }

    private void exactValues(final Block b, final int kind, final List<Integer> values)
    {
        final int f = field(kind, -1);
        final List<Key> keys = new ArrayList<>();
        for (final int v : values)
        {
            keys.add(Key.field(f, v & 0xFFFFFF));
        }
        if (values.size() == 1)
        {
            b.tests.add(new int[] {f, M_EXACT, values.get(0) & 0xFFFFFF, 0});
        }
        else
        {
            final int[] t = new int[TEST_SIZE + values.size()]; // the values follow; written as a list later
            t[T_FIELD] = f;
            t[T_MATCH] = M_ONE_OF;
            for (int i = 0; i < values.size(); i++)
            {
                t[TEST_SIZE + i] = values.get(i) & 0xFFFFFF;
            }
            b.tests.add(t);
        }
        offer(b, keys, true);
    }

    private void uri(final Block b, final HttpMatch m, final SourceRef where)
    {
        final StringMatch uri = m.uri();
        if (uri == null || uri.kind() == StringMatch.Kind.PRESENT)
        {
            return;
        }
        final int f = field(F_URI, -1);
        final boolean ci = m.ignoreUriCase();
        final String literal = ci ? CompileContext.asciiLower(uri.value()) : uri.value();
        switch (uri.kind())
        {
            case EXACT:
                b.tests.add(new int[] {f, ci ? M_EXACT_CI : M_EXACT, ctx.s(literal), 0});
                offer(b, List.of(Key.uri(ci ? URI_EXACT_CI : URI_EXACT, literal)), true);
                break;
            case PREFIX:
                b.tests.add(new int[] {f, ci ? M_PREFIX_CI : M_PREFIX, ctx.s(literal), 0});
                offer(b, List.of(Key.uri(ci ? URI_PREFIX_CI : URI_PREFIX, literal)), true);
                break;
            default:
                b.tests.add(new int[] {f, M_REGEX, ctx.pattern(uri.value(), where), 0});
                final String required = RegexLiteralPrefix.of(uri.value());
                if (!required.isEmpty())
                {
                    offer(b, List.of(Key.uri(URI_PREFIX, required)), false);
                }
                break;
        }
    }

    private Block block(final int route, final HttpMatch m, final SourceRef where)
    {
        final Block b = new Block(route, m);
        uri(b, m, where);
        if (m.scheme() != null)
        {
            condition(b, F_SCHEME, -1, m.scheme(), false, where);
        }
        if (m.method() != null)
        {
            condition(b, F_METHOD, -1, m.method(), false, where);
        }
        if (m.authority() != null)
        {
            condition(b, F_AUTHORITY, -1, m.authority(), false, where);
        }
        for (final Map.Entry<String, StringMatch> e : m.headers().entrySet())
        {
            condition(b, F_HEADER, ctx.s(e.getKey()), e.getValue(), false, where);
        }
        for (final Map.Entry<String, StringMatch> e : m.withoutHeaders().entrySet())
        {
            condition(b, F_HEADER, ctx.s(e.getKey()), e.getValue(), true, where);
        }
        for (final Map.Entry<String, StringMatch> e : m.queryParams().entrySet())
        {
            condition(b, F_QUERY, ctx.s(e.getKey()), e.getValue(), false, where);
        }
        if (m.port() != 0)
        {
            exactValues(b, F_PORT, List.of(m.port()));
        }
        for (final Map.Entry<String, String> e : m.sourceLabels().entrySet())
        {
            final int f = field(F_LABEL, ctx.s(e.getKey()));
            final int v = ctx.s(e.getValue());
            b.tests.add(new int[] {f, M_EXACT, v, 0});
            offer(b, List.of(Key.field(f, v)), true);
        }
        if (m.sourceNamespace() != null)
        {
            exactValues(b, F_SOURCE_NAMESPACE, List.of(ctx.s(m.sourceNamespace())));
        }
        if (!m.gateways().isEmpty())
        {
            final List<Integer> ids = new ArrayList<>();
            for (final String gw : m.gateways())
            {
                ids.add(ctx.s(gw));
            }
            exactValues(b, F_GATEWAY, ids);
        }
        return b;
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

        int blockBase = 0;
        for (int v = 0; v < all.size(); v++)
        {
            final List<Block> blocks = perVs.get(v);
            final int rec = vsStart + v * CV_SIZE;
            classifier.setInt(rec + CV_BLOCKS, blocks.size());
            classifier.setInt(rec + CV_BLOCK_BASE, blockBase);
            chooseKeys(blocks);
            for (int i = 0; i < blocks.size(); i++)
            {
                catchAll.set(blockBase + i, isCatchAll(blocks.get(i).match));
                writeBlock(blockStart + (blockBase + i) * BLOCK_SIZE, blocks.get(i));
            }
            writeIndex(v, rec, blocks);
            blockBase += blocks.size();
        }
        writeFilter();
        classifier.setInt(header + C_FIELD_COUNT, fieldIds.size());
        classifier.setInt(header + C_FIELD_START, classifier.intCount());
        for (final List<Integer> f : fieldIds.keySet())
        {
            classifier.addInt(f.get(0));
            classifier.addInt(f.get(1));
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

    private void writeBlock(final int br, final Block b)
    {
        classifier.setInt(br + B_ROUTE, b.route);
        final StringMatch uri = b.match.uri();
        final int prefixLength = uri != null && uri.kind() == StringMatch.Kind.PREFIX ? uri.value().length() : -1;
        classifier.setInt(br + B_PREFIX_LENGTH, prefixLength);
        if (b.chosenTest > 0)
        {
            b.tests.add(0, b.tests.remove(b.chosenTest)); // the key's test first: lists skip it
        }
        classifier.setInt(br + B_KEYED, b.chosenTest >= 0 ? 1 : 0);
        final int[] args = new int[b.tests.size()];
        for (int k = 0; k < args.length; k++)
        {
            final int[] t = b.tests.get(k);
            args[k] = t[T_ARG];
            if (t[T_MATCH] == M_ONE_OF)
            {
                args[k] = classifier.addInt(t.length - TEST_SIZE);
                for (int i = TEST_SIZE; i < t.length; i++)
                {
                    classifier.addInt(t[i]);
                }
            }
        }
        b.record = classifier.addInt(b.route);
        classifier.addInt(prefixLength);
        classifier.addInt(b.tests.size());
        classifier.addInt(b.chosenTest >= 0 ? 1 : 0);
        classifier.addInt(-1); // BT_SIMPLE_DEST: set by the action compiler (testsRecords)
        testsRecords.add(b.record);
        classifier.setInt(br + B_TEST_COUNT, b.tests.size());
        classifier.setInt(br + B_TEST_START, classifier.intCount());
        for (int k = 0; k < args.length; k++)
        {
            final int[] t = b.tests.get(k);
            classifier.addInt(t[T_FIELD]);
            classifier.addInt(t[T_MATCH]);
            classifier.addInt(args[k]);
            classifier.addInt(t[T_NEGATE]);
        }
    }

    /** Files each block under the option whose keys are shared by the fewest blocks of the virtual host. */
    private static void chooseKeys(final List<Block> blocks)
    {
        final Map<Key, Integer> offered = new HashMap<>();
        for (final Block b : blocks)
        {
            for (final List<Key> option : b.options)
            {
                for (final Key k : option)
                {
                    offered.merge(k, 1, Integer::sum);
                }
            }
        }
        for (final Block b : blocks)
        {
            long bestCost = Long.MAX_VALUE;
            for (int o = 0; o < b.options.size(); o++)
            {
                final List<Key> option = b.options.get(o);
                long cost = 0;
                for (final Key k : option)
                {
                    cost += offered.get(k);
                }
                if (cost < bestCost)
                {
                    bestCost = cost;
                    b.chosen = option;
                    b.chosenTest = b.optionTests.get(o);
                }
            }
        }
    }

    private void writeIndex(final int v, final int rec, final List<Block> blocks)
    {
        final List<Integer> base = new ArrayList<>();
        final List<Map<String, List<Integer>>> uriLists = new ArrayList<>();
        for (int k = 0; k < 4; k++)
        {
            uriLists.add(new HashMap<>());
        }
        final Map<Integer, Map<Integer, List<Integer>>> fieldLists = new TreeMap<>();
        for (int i = 0; i < blocks.size(); i++)
        {
            final Block b = blocks.get(i);
            if (b.chosen.isEmpty())
            {
                base.add(i);
            }
            for (final Key k : b.chosen)
            {
                final List<Integer> list = k.uriKind() >= 0
                        ? uriLists.get(k.uriKind()).computeIfAbsent(k.literal(), x -> new ArrayList<>())
                        : fieldLists.computeIfAbsent(k.fieldId(), x -> new HashMap<>())
                                .computeIfAbsent(k.valueKey(), x -> new ArrayList<>());
                if (list.isEmpty() || list.get(list.size() - 1) != i)
                {
                    list.add(i);
                }
            }
        }
        classifier.setInt(rec + CV_BASE_LIST, base.isEmpty() ? -1 : writeList(classifier, base, blocks));
        classifier.setInt(rec + CV_INDEX_COUNT, fieldLists.size());
        for (final Map.Entry<Integer, Map<Integer, List<Integer>>> f : fieldLists.entrySet())
        {
            final boolean hashed = isHashedField(fieldKinds.get(f.getKey()));
            for (final Map.Entry<Integer, List<Integer>> e : f.getValue().entrySet())
            {
                if (hashed)
                {
                    // found by the value's 64-bit hash, not its string id: no pool probe on the lookup
                    final byte[] bytes = ctx.pool.bytes(e.getKey());
                    final long hash = StringPool.hash64(bytes, 0, bytes.length, false);
                    final long key = fieldKey(v, f.getKey(), hash);
                    final boolean first = !uriTails.containsKey(key);
                    literalList(key, bytes, e.getValue(), blocks);
                    if (first)
                    {
                        uriHeads.computeIfAbsent(v, k -> new ArrayList<>()).add(new int[] {fieldTag(f.getKey(), hash),
                            uriTails.get(key)});
                    }
                }
                else
                {
                    classifier.put(classifierKey(v, f.getKey(), e.getKey()),
                            writeList(classifier, e.getValue(), blocks));
                }
            }
        }
        classifier.setInt(rec + CV_INDEX_START, classifier.intCount());
        for (final int f : fieldLists.keySet())
        {
            classifier.addInt(f);
        }
        for (final int kind : new int[] {URI_EXACT, URI_EXACT_CI})
        {
            for (final Map.Entry<String, List<Integer>> e : uriLists.get(kind).entrySet())
            {
                uriEntry(v, kind, e.getKey(), e.getValue(), blocks);
            }
        }
        int exactKinds = (uriLists.get(URI_EXACT).isEmpty() ? 0 : 1) | (uriLists.get(URI_EXACT_CI).isEmpty() ? 0 : 2);
        for (final int kind : new int[] {URI_EXACT, URI_EXACT_CI})
        {
            for (final String literal : uriLists.get(kind).keySet())
            {
                exactKinds |= exactLengthBit(literal.getBytes(StandardCharsets.UTF_8).length);
            }
        }
        classifier.setInt(rec + CV_EXACT_KINDS, exactKinds);
        prefixes(v, uriLists.get(URI_PREFIX), URI_PREFIX, rec + CV_CS_COUNT, rec + CV_CS_START, blocks);
        prefixes(v, uriLists.get(URI_PREFIX_CI), URI_PREFIX_CI, rec + CV_CI_COUNT, rec + CV_CI_START, blocks);
        classifier.setInt(rec + CV_URI_FILTER_LO, (int)vsUriFilter);
        classifier.setInt(rec + CV_URI_FILTER_HI, (int)(vsUriFilter >>> 32));
        vsUriFilter = 0;
    }

    /**
     * Writes a uri list { next, length, count, literal bytes, candidates } and files it under the literal's
     * 64-bit hash; a second literal with the same key (a hash collision) is chained behind the first.
     */
    private void uriEntry(final int v, final int kind, final String literal, final List<Integer> list,
            final List<Block> blocks)
    {
        final byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
        final long hash = StringPool.hash64(bytes, 0, bytes.length, false);
        final long key = uriKey(v, kind, hash);
        final boolean first = !uriTails.containsKey(key);
        literalList(key, bytes, list, blocks);
        if (first)
        {
            uriHeads.computeIfAbsent(v, k -> new ArrayList<>()).add(new int[] {uriTag(kind, hash), uriTails.get(key)});
        }
        filterKeys.add(uriFilterKey(v, kind, (int)hash));
        vsUriFilter |= uriVsFilterBit(kind, hash);
    }

    /**
     * @param kind F_*.
     * @return whether a field's index lists are literal lists in URI_STAGE found by the value's 64-bit hash (the
     *         string-valued fields a request carries as bytes), rather than CLASSIFIER lists under its string id.
     */
    static boolean isHashedField(final int kind)
    {
        return kind == F_HEADER || kind == F_QUERY || kind == F_LABEL || kind == F_METHOD || kind == F_SCHEME
                || kind == F_AUTHORITY;
    }

    /**
     * Writes a literal list (the uri list's layout: { next, length, count, literal bytes, candidates, the first
     * candidate's tests record }) into URI_STAGE under {@code key}; a second literal under the same key (a 64-bit
     * hash collision) is chained behind the first.
     */
    private void literalList(final long key, final byte[] bytes, final List<Integer> list, final List<Block> blocks)
    {
        final int ref = uriStage.addInt(-1);
        uriStage.addInt(bytes.length);
        uriStage.addInt(list.size());
        final ByteBuffer packed = ByteBuffer.allocate((bytes.length + 3) & ~3).order(ByteOrder.nativeOrder());
        packed.put(bytes).rewind();
        while (packed.hasRemaining())
        {
            uriStage.addInt(packed.getInt());
        }
        final int firstCandidate = uriStage.intCount();
        for (final int b : list)
        {
            uriStage.addInt(b);
            uriStage.addInt(blocks.get(b).record);
        }
        if (!list.isEmpty())
        {
            // the first candidate's tests record copied behind the list (its ref written as ~index): a hit on the
            // literal usually tests that block first, and then reads no line of CLASSIFIER for it
            final int original = blocks.get(list.get(0)).record;
            final int size = BT_TESTS + classifier.intAt(original + BT_TEST_COUNT) * TEST_SIZE;
            final int copy = uriStage.intCount();
            for (int i = 0; i < size; i++)
            {
                uriStage.addInt(classifier.intAt(original + i));
            }
            uriStage.setInt(firstCandidate + 1, ~copy);
            uriRecordCopies.add(new int[] {copy, original});
        }
        final Integer tail = uriTails.put(key, ref);
        if (tail == null)
        {
            uriStage.put(key, ref);
        }
        else
        {
            uriStage.setInt(tail + UL_NEXT, ref);
        }
    }

    /** Copies BT_SIMPLE_DEST (filled in by the action compiler) into the tests records inline in uri lists. */
    void copySimpleDestinations()
    {
        for (final int[] c : uriRecordCopies)
        {
            uriStage.setInt(c[0] + BT_SIMPLE_DEST, classifier.intAt(c[1] + BT_SIMPLE_DEST));
        }
    }

    /** The URI stage's Bloom filter: about 16 bits a key, one hash. */
    private void writeFilter()
    {
        long bits = 64;
        while (bits < 16L * filterKeys.size() && bits < (1L << 26))
        {
            bits <<= 1;
        }
        final long[] words = new long[(int)(bits >> 6)];
        for (final long k : filterKeys)
        {
            final long bit = k & (bits - 1);
            words[(int)(bit >> 6)] |= 1L << bit;
        }
        uriStage.addLong(bits - 1);
        for (final long w : words)
        {
            uriStage.addLong(w);
        }
    }

    /** A candidate list: {count, {block, testsRecord}[]} (the records live in the CLASSIFIER int area). */
    private static int writeList(final IndexedTableWriter t, final List<Integer> list, final List<Block> blocks)
    {
        final int ref = t.addInt(list.size());
        for (final int b : list)
        {
            t.addInt(b);
            t.addInt(blocks.get(b).record);
        }
        return ref;
    }

    /**
     * Writes the prefix lists leaf-pushed: shortest first, each list merged with the (already pushed) list
     * of its longest indexed proper prefix.
     */
    private void prefixes(final int v, final Map<String, List<Integer>> own, final int kind, final int countAt,
            final int startAt, final List<Block> blocks)
    {
        final TreeSet<Integer> lengths = new TreeSet<>();
        final Map<Integer, Map<String, String>> byLength = new HashMap<>();
        for (final String p : own.keySet())
        {
            final byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
            lengths.add(bytes.length);
            byLength.computeIfAbsent(bytes.length, x -> new HashMap<>())
                    .put(new String(bytes, StandardCharsets.ISO_8859_1), p);
        }
        final Map<String, List<Integer>> pushed = new HashMap<>();
        for (final int len : lengths)
        {
            for (final Map.Entry<String, String> e : byLength.get(len).entrySet())
            {
                final String raw = e.getKey();
                List<Integer> list = own.get(e.getValue());
                for (final int shorter : lengths.headSet(len, false).descendingSet())
                {
                    final String parent = byLength.get(shorter).get(raw.substring(0, shorter));
                    if (parent != null)
                    {
                        list = merge(list, pushed.get(parent));
                        break;
                    }
                }
                pushed.put(e.getValue(), list);
                uriEntry(v, kind, e.getValue(), list, blocks);
            }
        }
        classifier.setInt(countAt, lengths.size());
        classifier.setInt(startAt, classifier.intCount()); // beside the index field list: one line for both
        for (final int len : lengths.descendingSet())
        {
            long last = 0;
            for (final String raw : byLength.get(len).keySet())
            {
                final int b = len == 0 ? 0 : raw.charAt(len - 1); // ISO-8859-1: one char a byte
                last |= 1L << b;
                if (kind == URI_PREFIX_CI && (b | 0x20) >= 'a' && (b | 0x20) <= 'z')
                {
                    last |= 1L << (b ^ 0x20); // a path's byte is tested as sent: both cases
                }
            }
            classifier.addInt(len);
            classifier.addInt((int)last);
            classifier.addInt((int)(last >>> 32));
        }
    }

    private static List<Integer> merge(final List<Integer> a, final List<Integer> b)
    {
        final List<Integer> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size())
        {
            final int x = i < a.size() ? a.get(i) : Integer.MAX_VALUE;
            final int y = j < b.size() ? b.get(j) : Integer.MAX_VALUE;
            if (x <= y)
            {
                out.add(x);
                i++;
                if (x == y)
                {
                    j++;
                }
            }
            else
            {
                out.add(y);
                j++;
            }
        }
        return out;
    }
}
