package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The per-worker scratch state of one {@link L7Lookup}: the request being routed, its path (with the hash
 * state after each of its full 8-byte words, from which any prefix hashes in one step), a value buffer, and
 * the helpers every stage uses to read request values (header, query parameter, label) as bytes and turn
 * them into string-pool ids. Grows its buffers once when a request field is longer than any seen before;
 * otherwise allocates nothing.
 */
final class RequestScratch
{
    final StringPool strings;
    private final ProxyLabels proxy;

    L7RequestView req;
    L7Result res;
    int nsId;
    int gwId;

    byte[] path = new byte[1024];       // 8 bytes of room past the path: see loadPath
    int pathLen;
    int uriEnd;
    long[] pathWords = new long[129];      // hash state after k full 8-byte words of the uri
    long[] pathWordsLower = new long[129]; // the same, ASCII-lower-cased, for the first lowerWords words
    int lowerWords;
    byte[] val = new byte[256];
    int valLen;
    byte[] cur;
    int curOff;
    int curLen;
    int queryOff;
    int queryLen;
    private final Memo nsMemo = new Memo();
    private final Memo gwMemo = new Memo();

    /**
     * @param strings  the FIB's string pool.
     * @param clusters the {@code CLUSTERS} table (its header names the labels Istio writes on the client's proxy).
     */
    RequestScratch(final StringPool strings, final IndexedTable clusters)
    {
        this.strings = strings;
        this.proxy = new ProxyLabels(clusters, strings);
    }

    /** Points the scratch at a new request: path loaded and hashed, gateway and namespace ids found. */
    void start(final L7RequestView request, final L7Result result)
    {
        this.req = request;
        this.res = result;
        proxy.forget();
        loadPath();
        nsId = findRepeated(L7RequestView.SOURCE_NAMESPACE, nsMemo);
        gwId = findRepeated(L7RequestView.GATEWAY, gwMemo);
    }

    /**
     * {@link #findValue} for a field that is usually the same from one request to the next (gateway, source
     * namespace): when the bytes equal the previous request's, its id is reused without a pool probe.
     */
    int findRepeated(final int handle, final Memo memo)
    {
        if (memo.length >= 0 && req.contentEquals(handle, memo.bytes, memo.length))
        {
            return memo.id; // compared in place: nothing copied
        }
        if (!loadHandle(handle))
        {
            return -1;
        }
        final int id = strings.find(val, 0, valLen, false);
        memo.bytes = ensure(memo.bytes, valLen);
        System.arraycopy(val, 0, memo.bytes, 0, valLen);
        memo.length = valLen;
        memo.id = id;
        return id;
    }

    /** The last value of a field and its string id. */
    static final class Memo
    {
        byte[] bytes = new byte[64];
        int length = -1;
        int id = -1;
    }

    static int[] ensureInts(final int[] b, final int n)
    {
        return b.length >= n ? b : java.util.Arrays.copyOf(b, Math.max(n, b.length * 2));
    }

    static byte[] ensure(final byte[] b, final int n)
    {
        if (b.length >= n)
        {
            return b;
        }
        int size = b.length;
        while (size < n)
        {
            size <<= 1;
        }
        return new byte[size];
    }

    /**
     * Copies the path (with 8 bytes of room past it, for the masked tail loads of {@link #pathHash}), finds
     * the query, and keeps the hash state after each full 8-byte word of the uri (the lower-cased states follow on
     * the first case-insensitive probe).
     */
    void loadPath()
    {
        final int n = Math.max(0, req.length(L7RequestView.PATH));
        path = ensure(path, n + 8);
        req.copyTo(L7RequestView.PATH, path, 0);
        pathLen = n;
        final byte[] p = path;
        if (pathWords.length <= (n >> 3))
        {
            pathWords = new long[path.length / 8 + 1];
            pathWordsLower = new long[path.length / 8 + 1];
        }
        // one pass, eight bytes a step: the query's '?' found by a SWAR compare while the full words before it
        // are hashed (the bytes past n are masked off, so stale bytes of an earlier path never count)
        final long[] cs = pathWords;
        long h = StringPool.HASH_START;
        cs[0] = h;
        pathWordsLower[0] = h;
        int end = n;
        for (int at = 0; at < n; at += 8)
        {
            long w = StringPool.word(p, at);
            if (n - at < 8)
            {
                w &= (1L << ((n - at) << 3)) - 1;
            }
            final long q = StringPool.bytesEqual(w, '?');
            if (q != 0)
            {
                end = at + (Long.numberOfTrailingZeros(q) >> 3);
                break;
            }
            if (n - at < 8)
            {
                break;
            }
            h = StringPool.hashWord(h, w);
            cs[(at >> 3) + 1] = h;
        }
        uriEnd = end;
        lowerWords = 0;
    }

    /**
     * The lower-cased states of {@link #loadPath} up to {@code words} full words, made on the case-insensitive
     * probes of a request as far as they reach (a virtual host's case-insensitive prefixes are usually short).
     */
    private void hashLower(final int words)
    {
        final long[] ci = pathWordsLower;
        int k = lowerWords;
        long l = ci[k];
        for (; k < words; k++)
        {
            l = StringPool.hashWord(l, StringPool.lowerAscii8(StringPool.word(path, k << 3)));
            ci[k + 1] = l;
        }
        lowerWords = k;
    }

    /**
     * @param len   a prefix length of the uri, at most {@link #uriEnd}.
     * @param lower hash it ASCII-lower-cased.
     * @return {@link StringPool#hash64} of the path's first {@code len} bytes.
     */
    long pathHash(final int len, final boolean lower)
    {
        final int full = len >> 3;
        if (lower && full > lowerWords)
        {
            hashLower(full);
        }
        long h = lower ? pathWordsLower[full] : pathWords[full];
        final int tail = len & 7;
        if (tail != 0)
        {
            final long w = StringPool.word(path, full << 3) & ((1L << (tail << 3)) - 1);
            h = StringPool.hashWord(h, lower ? StringPool.lowerAscii8(w) : w);
        }
        return StringPool.hashFinish64(h, len);
    }

    /** Copies a value into {@code val}; returns false when absent. */
    boolean loadHandle(final int handle)
    {
        if (ProxyLabels.owns(handle))
        {
            return loadProxyLabel(handle);
        }
        final int n = handle < 0 ? -1 : req.length(handle);
        if (n < 0)
        {
            return false;
        }
        val = ensure(val, n);
        req.copyTo(handle, val, 0);
        valLen = n;
        cur = val;
        curOff = 0;
        curLen = n;
        return true;
    }

    /** {@link #loadHandle} of a label value Istio writes on the client's proxy ({@link ProxyLabels}). */
    private boolean loadProxyLabel(final int handle)
    {
        final int id = ProxyLabels.poolId(handle);
        if (id >= 0)
        {
            loadString(id);
        }
        else
        {
            final int n = proxy.partLength(handle);
            val = ensure(val, n);
            System.arraycopy(proxy.part(handle), 0, val, 0, n);
            valLen = n;
        }
        cur = val;
        curOff = 0;
        curLen = valLen;
        return true;
    }

    int findValue(final int handle)
    {
        final int id = ProxyLabels.owns(handle) ? ProxyLabels.poolId(handle) : -1;
        if (id >= 0)
        {
            return id; // a pool string already
        }
        if (!loadHandle(handle))
        {
            return -1;
        }
        return strings.find(val, 0, valLen, false);
    }

    int header(final int nameId)
    {
        return req.header(strings.store(), strings.address(nameId), strings.length(nameId));
    }

    /**
     * @param nameId a label name's string id.
     * @return the handle of the client's value of that label as Istio has it on its proxy ({@link ProxyLabels}), -1
     *         when absent; read it with {@link #loadHandle} or {@link #findValue} only.
     */
    int sourceLabel(final int nameId)
    {
        return proxy.label(this, nameId);
    }

    /**
     * @return the string id of the client proxy's {@code NETWORK} metadata when it is a remote cluster's Pod and the
     *         request writes no network label ({@link ProxyLabels#remoteMetadataNetwork}), -2 when it is the config
     *         cluster's.
     */
    int remoteMetadataNetwork()
    {
        return proxy.remoteMetadataNetwork(this);
    }

    /** @return the client's cluster ordinal ({@link ProxyLabels#remoteClusterOrdinal}), 0 for the config cluster's. */
    int remoteClusterOrdinal()
    {
        return proxy.remoteClusterOrdinal(this);
    }

    /** @return the handle of a source label as the request writes it (a request view's handle), -1 when absent. */
    int writtenSourceLabel(final int nameId)
    {
        return req.sourceLabel(strings.store(), strings.address(nameId), strings.length(nameId));
    }

    /** Finds the first query parameter named {@code nameId}: sets queryOff/queryLen. */
    boolean findQuery(final int nameId)
    {
        int i = uriEnd + 1;
        while (i <= pathLen)
        {
            int end = i;
            while (end < pathLen && path[end] != '&')
            {
                end++;
            }
            int eq = i;
            while (eq < end && path[eq] != '=')
            {
                eq++;
            }
            if (strings.equalsBytes(nameId, path, i, eq - i, false))
            {
                queryOff = eq < end ? eq + 1 : end;
                queryLen = end - queryOff;
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    static byte[] ensure2(final byte[] b, final int n)
    {
        if (b.length >= n)
        {
            return b;
        }
        final byte[] bigger = ensure(b, n);
        System.arraycopy(b, 0, bigger, 0, b.length);
        return bigger;
    }

    /** Points cur/curOff/curLen at a field's value; false when absent. */
    boolean loadField(final int kind, final int name)
    {
        switch (kind)
        {
            case F_URI:
                cur = path;
                curOff = 0;
                curLen = uriEnd;
                return true;
            case F_METHOD:
                return loadHandle(L7RequestView.METHOD);
            case F_SCHEME:
                return loadHandle(L7RequestView.SCHEME);
            case F_AUTHORITY:
                return loadHandle(L7RequestView.AUTHORITY);
            case F_HEADER:
                return loadHandle(header(name));
            case F_LABEL:
                return loadHandle(sourceLabel(name));
            case F_QUERY:
                if (!findQuery(name))
                {
                    return false;
                }
                cur = path;
                curOff = queryOff;
                curLen = queryLen;
                return true;
            default:
                return false;
        }
    }

    long hashBytes(final byte[] b, final int off, final int len)
    {
        final long r = RequestHash.xxHash64(b, off, len); // Envoy's HashUtil::xxHash64 of the key
        return r == 0 ? 1 : r; // 0 means "no key"
    }

    long hashString(final int id)
    {
        loadString(id);
        return hashBytes(val, 0, valLen);
    }

    /** Copies a pool string into {@code val}. */
    void loadString(final int id)
    {
        val = ensure(val, strings.length(id));
        valLen = strings.copyTo(id, val, 0);
    }
}
