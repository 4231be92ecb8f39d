package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * URI stage and classifier (reads {@code URI_STAGE}, {@code CLASSIFIER}, the string pool and the regex
 * side array). Every match block of a virtual host is filed under one index key chosen at compile time
 * (its uri exact or prefix literal, the literal prefix of its uri regex, or one exact value of another
 * field), or in the virtual host's base list when it has none. A lookup probes only the keys the request
 * carries — the exact path, the longest indexed prefix (whose list already holds every shorter indexed
 * prefix's blocks), the request's value of each indexed field — and so reads only candidate lists of
 * blocks that can still match. Each list is sorted in route order; its blocks are tested (every
 * condition of the block) from the front until one holds or the best match found so far comes first
 * (Istio: first match wins). The cost depends on the candidates, not on the number of routes.
 * Next: the action stage of {@link L7Lookup}.
 */
final class Classifier
{
    private static final int NONE = Integer.MAX_VALUE;

    private final IndexedTable uris;
    private final IndexedTable classifier;
    /** HOST_STAGE: an exact host bucket carries a copy of its first candidate's virtual-host record. */
    private final IndexedTable hosts;
    private final StringPool strings;
    private final L7Regexes regexes;
    private final RequestScratch q;
    private final int classifierVsStart;
    private final int fieldStart;
    private final int blockStart;
    private final int[] fieldValue;
    private final int[] fieldStamp;
    private final long filterMask;
    private int stamp;
    private int blockBase;
    /** The uri filter of the virtual host being classified (CV_URI_FILTER_*). */
    private long vsUriFilter;
    /** Its uri keys in the host's exact host bucket (HB_URI_*): their count, -1 when the index is probed instead. */
    private int bucketUriCount;
    private int bucketUriStart;
    /** The tests record of the best block found so far (valid when classify matched), and its table. */
    private int bestRecord;
    private IndexedTable bestTable;

    Classifier(final IndexedTable uris, final IndexedTable classifier, final IndexedTable hosts,
            final StringPool strings, final L7Regexes regexes, final RequestScratch q)
    {
        this.uris = uris;
        this.classifier = classifier;
        this.hosts = hosts;
        this.strings = strings;
        this.regexes = regexes;
        this.q = q;
        this.classifierVsStart = classifier.intAt(C_VS_START);
        this.fieldStart = classifier.intAt(C_FIELD_START);
        this.blockStart = classifier.intAt(C_BLOCK_START);
        this.filterMask = uris.longAt(0);
        this.bestTable = classifier;
        final int fields = classifier.intAt(C_FIELD_COUNT);
        this.fieldValue = new int[Math.max(1, fields)];
        this.fieldStamp = new int[Math.max(1, fields)];
    }

    /**
     * @param vs a virtual host.
     * @return whether it has any HTTP match block (a VirtualService with only tcp routes has none).
     */
    boolean hasRoutes(final int vs)
    {
        return classifier.intAt(classifierVsStart + vs * CV_SIZE + CV_BLOCKS) > 0;
    }

    /**
     * @param block a matched block.
     * @return its route.
     */
    int route(final int block)
    {
        return classifier.intAt(blockStart + block * BLOCK_SIZE + B_ROUTE);
    }

    /**
     * @param block a matched block.
     * @return the length of its uri prefix condition, -1 when it has none.
     */
    int prefixLength(final int block)
    {
        return classifier.intAt(blockStart + block * BLOCK_SIZE + B_PREFIX_LENGTH);
    }

    /**
     * @param vs         a virtual host with routes.
     * @param hostRecord the copy of its virtual-host record in the request's exact host bucket
     *                   ({@link HostStage#classifierRecord}), read instead of CLASSIFIER's; -1 for none.
     * @return the first matching block (global index), or -1.
     */
    int classify(final int vs, final int hostRecord)
    {
        // the virtual host's record and its index-field and prefix-length lists: in the host's bucket when it
        // carries them (one line fewer in the chain of a request), else in CLASSIFIER
        final IndexedTable rt = hostRecord >= 0 ? hosts : classifier;
        final int rec = hostRecord >= 0 ? hostRecord : classifierVsStart + vs * CV_SIZE;
        if (rt.intAt(rec + CV_BLOCKS) == 0)
        {
            return -1;
        }
        stamp++;
        if (stamp == 0)
        {
            java.util.Arrays.fill(fieldStamp, 0);
            stamp = 1;
        }
        blockBase = rt.intAt(rec + CV_BLOCK_BASE);
        vsUriFilter = (rt.intAt(rec + CV_URI_FILTER_LO) & 0xFFFFFFFFL) | (long)rt.intAt(rec + CV_URI_FILTER_HI) << 32;
        bucketUriCount = hostRecord >= 0 ? hosts.intAt(hostRecord - HB_CV + HB_URI_COUNT) : -1;
        bucketUriStart = hostRecord >= 0 ? hosts.intAt(hostRecord - HB_CV + HB_URI_START) : 0;
        int best = scan(classifier, rt.intAt(rec + CV_BASE_LIST), NONE, false);
        best = uriStage(vs, rt, rec, best);
        final int fields = rt.intAt(rec + CV_INDEX_COUNT);
        final int fstart = rt.intAt(rec + CV_INDEX_START);
        for (int f = 0; f < fields; f++)
        {
            final int fieldId = rt.intAt(fstart + f);
            final int fr = fieldStart + fieldId * FIELD_SIZE;
            final int kind = classifier.intAt(fr);
            if (isHashed(kind))
            {
                best = scanUri(fieldList(vs, fieldId, kind, classifier.intAt(fr + 1)), best);
                continue;
            }
            final int key = value(fieldId);
            if (key >= 0)
            {
                best = scan(classifier, classifier.find(classifierKey(vs, fieldId, key)), best, true);
            }
        }
        return best == NONE ? -1 : blockBase + best;
    }

    /** @return whether a field's index lists are literal lists found by the value's hash (the compiler's choice). */
    private static boolean isHashed(final int kind)
    {
        return kind == F_HEADER || kind == F_QUERY || kind == F_LABEL || kind == F_METHOD || kind == F_SCHEME
                || kind == F_AUTHORITY;
    }

    /**
     * The literal list of a string-valued field's value: found by the value's 64-bit hash and proven by the bytes
     * it carries, as a uri list is, so a hit reads the index slot and the list, not the string pool.
     *
     * @return the list, -1 when the field is absent or no list has its value.
     */
    private int fieldList(final int vs, final int fieldId, final int kind, final int name)
    {
        final byte[] b;
        final int off;
        final int len;
        if (kind == F_QUERY)
        {
            if (!q.findQuery(name))
            {
                return -1;
            }
            b = q.path;
            off = q.queryOff;
            len = q.queryLen;
        }
        else
        {
            if (!q.loadField(kind, name))
            {
                return -1;
            }
            b = q.cur;
            off = q.curOff;
            len = q.curLen;
        }
        final long hash = StringPool.hash64(b, off, len, false);
        if (bucketUriCount >= 0)
        {
            return bucketList(fieldTag(fieldId, hash), b, off, len, false);
        }
        return literalChain(uris.find(fieldKey(vs, fieldId, hash)), b, off, len, false);
    }

    /**
     * The URI stage: the candidate lists of the exact path and of its longest indexed prefix. A uri list is
     * found by the 64-bit hash of the path (or prefix) and proven by the literal it carries inline, so a hit
     * reads the index slot and the list (with its candidates), not the string pool.
     */
    private int uriStage(final int vs, final IndexedTable rt, final int rec, final int bestSoFar)
    {
        int best = bestSoFar;
        final int exact = rt.intAt(rec + CV_EXACT_KINDS);
        // no exact literal has the path's length: no hash and no probe (no bit at all when there is no exact list)
        final int exactKinds = (exact & exactLengthBit(q.uriEnd)) == 0 ? 0 : exact;
        if ((exactKinds & 1) != 0)
        {
            best = scanUri(uriList(vs, URI_EXACT, q.uriEnd, false), best);
        }
        if ((exactKinds & 2) != 0)
        {
            best = scanUri(uriList(vs, URI_EXACT_CI, q.uriEnd, true), best);
        }
        best = scanUri(longestPrefix(vs, rt, rt.intAt(rec + CV_CS_COUNT), rt.intAt(rec + CV_CS_START),
                URI_PREFIX, false), best);
        return scanUri(longestPrefix(vs, rt, rt.intAt(rec + CV_CI_COUNT), rt.intAt(rec + CV_CI_START),
                URI_PREFIX_CI, true), best);
    }

    /**
     * @return the uri list of the longest indexed prefix of the path, -1 when none (entries in rt). A length whose
     *         literals do not end with the path's byte at that length (its entry's last-byte set) costs no hash and
     *         no probe.
     */
    private int longestPrefix(final int vs, final IndexedTable rt, final int count, final int start, final int kind,
            final boolean lower)
    {
        final byte[] path = q.path;
        final int uriEnd = q.uriEnd;
        for (int k = 0, e = start; k < count; k++, e += PL_SIZE)
        {
            final int len = rt.intAt(e + PL_LENGTH);
            if (len > uriEnd)
            {
                continue;
            }
            if (len > 0)
            {
                final int b = path[len - 1] & 63;
                final int last = rt.intAt(e + (b < 32 ? PL_LAST_LO : PL_LAST_HI));
                if ((last & (1 << b)) == 0)
                {
                    continue;
                }
            }
            final int ref = uriList(vs, kind, len, lower);
            if (ref >= 0)
            {
                return ref;
            }
        }
        return -1;
    }

    /** @return the uri list whose literal is the path's first {@code len} bytes, -1 when none. */
    private int uriList(final int vs, final int kind, final int len, final boolean lower)
    {
        final long hash = q.pathHash(len, lower);
        if ((vsUriFilter & uriVsFilterBit(kind, hash)) == 0)
        {
            return -1;
        }
        if (bucketUriCount >= 0)
        {
            return bucketList(uriTag(kind, hash), q.path, 0, len, lower);
        }
        if (!mayHold(vs, kind, (int)hash))
        {
            return -1;
        }
        return literalChain(uris.find(uriKey(vs, kind, hash)), q.path, 0, len, lower);
    }

    /**
     * A literal list by the virtual host's keys in the host's bucket: every uri and FIELD key of it is there, so a
     * tag no entry has is no literal, and a matching tag leads to the key's lists without the Bloom filter or an index
     * slot.
     *
     * @return the list whose literal is the bytes, -1 when none.
     */
    private int bucketList(final int tag, final byte[] b, final int off, final int len, final boolean lower)
    {
        for (int k = 0, e = bucketUriStart; k < bucketUriCount; k++, e += HBU_SIZE)
        {
            if (hosts.intAt(e) == tag)
            {
                final int ref = literalChain(hosts.intAt(e + 1), b, off, len, lower);
                if (ref >= 0)
                {
                    return ref;
                }
            }
        }
        return -1;
    }

    /** @return the list of the chain starting at {@code first} whose literal is the bytes, -1 when none. */
    private int literalChain(final int first, final byte[] b, final int off, final int len, final boolean lower)
    {
        for (int ref = first; ref >= 0; ref = uris.intAt(ref + UL_NEXT))
        {
            if (uris.intAt(ref + UL_LENGTH) == len
                    && StringPool.sameBytes(uris.intAddress(ref + UL_BYTES), b, off, len, lower))
            {
                return ref;
            }
        }
        return -1;
    }

    /** {@link #scan} of a uri list (its candidates follow the literal). */
    private int scanUri(final int ref, final int best)
    {
        if (ref < 0)
        {
            return best;
        }
        final int first = ref + UL_BYTES + ((uris.intAt(ref + UL_LENGTH) + 3) >> 2);
        return scanEntries(uris, first, first + uris.intAt(ref + UL_COUNT) * CANDIDATE_SIZE, best, true);
    }

    /** @return false when the URI stage surely has no literal with this hash (Bloom filter, one hash). */
    private boolean mayHold(final int vs, final int kind, final int hash)
    {
        final long bit = uriFilterKey(vs, kind, hash) & filterMask;
        return (uris.longAt(1 + (int)(bit >>> 6)) & (1L << bit)) != 0;
    }

    /**
     * Tests a candidate list's blocks in order, stopping at the first that holds or at {@code best}.
     *
     * @param keyed whether the list is an index key's: the key's own test (a keyed block's first) holds.
     * @return the first holding block before {@code best}, else {@code best}.
     */
    private int scan(final IndexedTable t, final int list, final int best, final boolean keyed)
    {
        if (list < 0)
        {
            return best;
        }
        return scanEntries(t, list + 1, list + 1 + t.intAt(list) * CANDIDATE_SIZE, best, keyed);
    }

    /** {@link #scan} over the entries {@code [first, end)} of a list. */
    private int scanEntries(final IndexedTable t, final int first, final int end, final int best, final boolean keyed)
    {
        for (int e = first; e < end; e += CANDIDATE_SIZE)
        {
            final int b = t.intAt(e);
            if (b >= best)
            {
                return best;
            }
            final int ref = t.intAt(e + 1);
            // a uri list carries its first candidate's tests record inline (~index, URI_STAGE): no extra line
            final IndexedTable rt = ref >= 0 ? classifier : uris;
            final int record = ref >= 0 ? ref : ~ref;
            if (holds(rt, record, keyed))
            {
                bestRecord = record;
                bestTable = rt;
                return b;
            }
        }
        return best;
    }

    /** @return the route of the block the last {@link #classify} matched (from its tests record). */
    int matchedRoute()
    {
        return bestTable.intAt(bestRecord + BT_ROUTE);
    }

    /**
     * @return the destination of the route the last {@link #classify} matched when it is a plain
     *         one-destination route (no fault, mirror or per-destination header operation), else -1.
     */
    int matchedSimpleDestination()
    {
        return bestTable.intAt(bestRecord + BT_SIMPLE_DEST);
    }

    /** @return the uri prefix length of the block the last {@link #classify} matched, -1 when none. */
    int matchedPrefixLength()
    {
        return bestTable.intAt(bestRecord + BT_PREFIX_LENGTH);
    }

    /** @return the request's value key of a field (string id or port; -1 absent or unknown), cached. */
    private int value(final int fieldId)
    {
        if (fieldStamp[fieldId] == stamp)
        {
            return fieldValue[fieldId];
        }
        final int v = valueKey(fieldId);
        fieldValue[fieldId] = v;
        fieldStamp[fieldId] = stamp;
        return v;
    }

    private int valueKey(final int fieldId)
    {
        final int f = fieldStart + fieldId * FIELD_SIZE;
        final int kind = classifier.intAt(f);
        final int name = classifier.intAt(f + 1);
        switch (kind)
        {
            case F_METHOD:
                return q.findValue(L7RequestView.METHOD);
            case F_SCHEME:
                return q.findValue(L7RequestView.SCHEME);
            case F_AUTHORITY:
                return q.findValue(L7RequestView.AUTHORITY);
            case F_PORT:
                return q.res.requestPort & 0xFFFFFF;
            case F_GATEWAY:
                return q.gwId;
            case F_SOURCE_NAMESPACE:
                return q.nsId;
            case F_HEADER:
                return q.findValue(q.header(name));
            case F_LABEL:
                return q.findValue(q.sourceLabel(name));
            case F_QUERY:
                return q.findQuery(name) ? strings.find(q.path, q.queryOff, q.queryLen, false) : -1;
            default:
                return -1;
        }
    }

    /**
     * A {@code withoutHeaders} value condition on a missing header: Istio sets Envoy's
     * {@code treat_missing_header_as_empty} on it, so the header reads as the empty string; a presence
     * condition is not met by a missing header.
     */
    private boolean matchesEmpty(final int match, final int arg)
    {
        switch (match)
        {
            case M_EXACT:
            case M_PREFIX:
                return strings.length(arg) == 0;
            case M_ONE_OF:
                for (int i = 1, n = classifier.intAt(arg); i <= n; i++)
                {
                    if (strings.length(classifier.intAt(arg + i)) == 0)
                    {
                        return true;
                    }
                }
                return false;
            case M_REGEX:
                return regexes.pattern(arg).matches("");
            default:
                return false;
        }
    }

    /**
     * @param rt the table holding the tests record (CLASSIFIER, or URI_STAGE for a copy inline in a uri list; the
     *           arguments of its tests are CLASSIFIER's either way).
     * @return whether every condition of a block (its tests record) holds.
     */
    private boolean holds(final IndexedTable rt, final int record, final boolean keyed)
    {
        final int count = rt.intAt(record + BT_TEST_COUNT);
        final int start = record + BT_TESTS;
        for (int k = keyed ? rt.intAt(record + BT_KEYED) : 0; k < count; k++)
        {
            final int t = start + k * TEST_SIZE;
            final boolean negate = rt.intAt(t + T_NEGATE) != 0;
            final int field = rt.intAt(t + T_FIELD);
            final int match = rt.intAt(t + T_MATCH);
            final int arg = rt.intAt(t + T_ARG);
            final boolean matched = negate && absentHeader(field) ? matchesEmpty(match, arg)
                    : test(field, match, arg);
            if (negate == matched)
            {
                return false;
            }
        }
        return true;
    }

    private boolean test(final int fieldId, final int match, final int arg)
    {
        switch (match)
        {
            case M_EXACT:
            {
                final int f = fieldStart + fieldId * FIELD_SIZE;
                final int kind = classifier.intAt(f);
                if (kind == F_URI)
                {
                    return strings.equalsBytes(arg, q.path, 0, q.uriEnd, false);
                }
                if (isHashed(kind))
                {
                    // a string value: its bytes against the literal's, not a string-pool probe for the value's id
                    return q.loadField(kind, classifier.intAt(f + 1))
                            && strings.equalsBytes(arg, q.cur, q.curOff, q.curLen, false);
                }
                return value(fieldId) == arg;
            }
            case M_ONE_OF:
            {
                final int v = value(fieldId);
                final int n = classifier.intAt(arg);
                for (int i = 1; i <= n; i++)
                {
                    if (classifier.intAt(arg + i) == v)
                    {
                        return true;
                    }
                }
                return false;
            }
            case M_EXACT_CI:
                return strings.equalsBytes(arg, q.path, 0, q.uriEnd, true);
            case M_PREFIX_CI:
                return strings.startsWith(q.path, 0, q.uriEnd, arg, true);
            default:
                break;
        }
        final int f = fieldStart + fieldId * FIELD_SIZE;
        if (!q.loadField(classifier.intAt(f), classifier.intAt(f + 1)))
        {
            return false;
        }
        switch (match)
        {
            case M_PREFIX:
                return strings.startsWith(q.cur, q.curOff, q.curLen, arg, false);
            case M_REGEX:
                // allocation-free for ASCII values of simple regexes; RE2/J (allocates) for the rest
                return regexes.matches(arg, q.cur, q.curOff, q.curLen);
            default:
                return true; // M_PRESENT
        }
    }

    /** @return whether a field is a header the request does not carry. */
    private boolean absentHeader(final int fieldId)
    {
        final int f = fieldStart + fieldId * FIELD_SIZE;
        return classifier.intAt(f) == F_HEADER && !q.loadField(F_HEADER, classifier.intAt(f + 1));
    }

    private int fieldKind(final int fieldId)
    {
        return classifier.intAt(fieldStart + fieldId * FIELD_SIZE);
    }
}
