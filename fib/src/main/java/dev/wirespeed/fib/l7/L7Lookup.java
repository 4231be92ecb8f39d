package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;

import java.nio.charset.StandardCharsets;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The L7 lookup: walks host stage, URI stage, classifier, action, cluster and endpoint sections of one
 * {@link FibImage} for a request read through an {@link L7RequestView}, and writes an
 * {@link L7Result}. One instance per worker thread (it owns its scratch buffers); re-used for every
 * request; allocates nothing, except when a regex condition is evaluated (RE2/J needs a
 * {@code CharSequence} and allocates a matcher) or when a request field is longer than any seen before
 * (the scratch buffer grows once).
 *
 * <p>Semantics: {@code docs/routing.md}; layouts: {@link L7Layout} and {@code docs/fib.md}.
 */
public final class L7Lookup
{
    private static final byte[] SVC_CLUSTER_LOCAL = ".svc.cluster.local".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLUSTER_LOCAL = ".cluster.local".getBytes(StandardCharsets.US_ASCII);

    private final FibImage image;
    private final StringPool strings;
    private final IndexedTable hosts;
    private final IndexedTable uris;
    private final IndexedTable classifier;
    private final IndexedTable actions;
    private final IndexedTable clusters;
    private final IndexedTable endpoints;
    private final IndexedTable l4;
    private final L7Regexes regexes;
    private final int meshId;
    private final int vsStart;
    private final int svcStart;
    private final int classifierVsStart;
    private final int fieldStart;
    private final int blockStart;
    private final int routeStart;
    private final int nsCount;
    private final int nsStart;
    private final int destStart;
    private final int clusterStart;
    private final int endpointStart;
    private final int l4VsStart;
    private final long[] vec;

    private byte[] host = new byte[256];
    private int hostLen;
    private byte[] alt = new byte[256];
    private byte[] path = new byte[1024];
    private int pathLen;
    private int uriEnd;
    private int[] pathHash = new int[1025];      // FNV state after i bytes of the path
    private int[] pathHashLower = new int[1025]; // the same, ASCII-lower-cased; valid up to pathHashedLower
    private int pathHashedLower;
    private byte[] val = new byte[256];
    private int valLen;
    private byte[] cur;
    private int curOff;
    private int curLen;
    private int queryOff;
    private int queryLen;

    private L7RequestView req;
    private L7Result res;
    private int nsId;
    private int gwId;
    private int hostId;

    /**
     * @param image   a FIB image with the L7 sections.
     * @param regexes the patterns compiled with it.
     */
    public L7Lookup(final FibImage image, final L7Regexes regexes)
    {
        this.image = image;
        this.strings = new StringPool(image);
        this.hosts = new IndexedTable(image, FibSection.HOST_STAGE);
        this.uris = new IndexedTable(image, FibSection.URI_STAGE);
        this.classifier = new IndexedTable(image, FibSection.CLASSIFIER);
        this.actions = new IndexedTable(image, FibSection.ACTIONS);
        this.clusters = new IndexedTable(image, FibSection.CLUSTERS);
        this.endpoints = new IndexedTable(image, FibSection.ENDPOINTS);
        this.l4 = new IndexedTable(image, FibSection.L4_ROUTES);
        this.regexes = regexes;
        this.meshId = hosts.intAt(H_MESH_ID);
        this.vsStart = hosts.intAt(H_VS_START);
        this.svcStart = hosts.intAt(H_SVC_START);
        this.classifierVsStart = classifier.intAt(C_VS_START);
        this.fieldStart = classifier.intAt(C_FIELD_START);
        this.blockStart = classifier.intAt(C_BLOCK_START);
        this.routeStart = actions.intAt(A_ROUTE_START);
        this.nsCount = clusters.intAt(K_NS_COUNT);
        this.nsStart = clusters.intAt(K_NS_START);
        this.destStart = clusters.intAt(K_DEST_START);
        this.clusterStart = clusters.intAt(K_CLUSTER_START);
        this.endpointStart = endpoints.intAt(E_START);
        this.l4VsStart = l4.intAt(L_VS_START);
        int maxWords = 1;
        final int vsCount = classifier.intAt(C_VS_COUNT);
        for (int v = 0; v < vsCount; v++)
        {
            maxWords = Math.max(maxWords, classifier.intAt(classifierVsStart + v * CV_SIZE + CV_WORDS));
        }
        this.vec = new long[maxWords];
    }

    /** @return the image. */
    public FibImage image()
    {
        return image;
    }

    /** @return the string pool. */
    public StringPool strings()
    {
        return strings;
    }

    /** @return the HOST_STAGE table. */
    public IndexedTable hostStage()
    {
        return hosts;
    }

    /** @return the CLASSIFIER table. */
    public IndexedTable classifierTable()
    {
        return classifier;
    }

    /** @return the ACTIONS table. */
    public IndexedTable actionTable()
    {
        return actions;
    }

    /** @return the CLUSTERS table. */
    public IndexedTable clusterTable()
    {
        return clusters;
    }

    /** @return the ENDPOINTS table. */
    public IndexedTable endpointTable()
    {
        return endpoints;
    }

    /**
     * For the L3 stage: the address family of a chosen endpoint.
     *
     * @param endpoint {@link L7Result#endpoint}.
     * @return 4, 6, or 0 when the endpoint's address is a DNS name.
     */
    public int endpointFamily(final int endpoint)
    {
        return endpoints.intAt(endpointStart + endpoint * EP_SIZE + EP_FAMILY);
    }

    /**
     * For the L3 stage: the chosen endpoint's address, one 32-bit big-endian word at a time.
     *
     * @param endpoint {@link L7Result#endpoint}.
     * @param word     0 (the IPv4 address) .. 3.
     * @return the word.
     */
    public int endpointAddressWord(final int endpoint, final int word)
    {
        return endpoints.intAt(endpointStart + endpoint * EP_SIZE + EP_ADDR + word);
    }

    /**
     * @param endpoint {@link L7Result#endpoint}.
     * @return the endpoint's port.
     */
    public int endpointPort(final int endpoint)
    {
        return endpoints.intAt(endpointStart + endpoint * EP_SIZE + EP_PORT);
    }

    /** @return the regex side array. */
    public L7Regexes regexes()
    {
        return regexes;
    }

    /**
     * Routes one request.
     *
     * @param request the request view (read only).
     * @param result  written with the decision.
     */
    public void route(final L7RequestView request, final L7Result result)
    {
        this.req = request;
        this.res = result;
        result.reset(request.id(), request.port());
        loadPath();
        nsId = findValue(L7RequestView.SOURCE_NAMESPACE);
        gwId = findValue(L7RequestView.GATEWAY);
        final int svc = resolveHost();
        final boolean tcp = svc >= 0 && isTcpPort(svc, result.requestPort);
        result.tcp = tcp;
        final int vs = chooseVirtualHost();
        if (vs < 0)
        {
            defaultRoute(svc);
            return;
        }
        result.virtualHost = vs;
        if (tcp)
        {
            tcpRoute(vs, svc);
            return;
        }
        final int block = classify(vs);
        if (block < 0)
        {
            noRoute();
            return;
        }
        result.block = block;
        final int b = blockStart + block * BLOCK_SIZE;
        result.route = classifier.intAt(b + B_ROUTE);
        result.prefixLength = classifier.intAt(b + B_PREFIX_LENGTH);
        applyAction(result.route);
    }

    // ---------------------------------------------------------------- request bytes

    private static byte[] ensure(final byte[] b, final int n)
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

    private void loadPath()
    {
        final int n = Math.max(0, req.length(L7RequestView.PATH));
        path = ensure(path, n);
        req.copyTo(L7RequestView.PATH, path, 0);
        pathLen = n;
        int q = n;
        for (int i = 0; i < n; i++)
        {
            if (path[i] == '?')
            {
                q = i;
                break;
            }
        }
        uriEnd = q;
        if (pathHash.length <= q)
        {
            pathHash = new int[path.length + 1];
            pathHashLower = new int[path.length + 1];
        }
        int h = StringPool.HASH_START;
        pathHash[0] = h;
        for (int i = 0; i < q; i++)
        {
            h = StringPool.hashStep(h, path[i]);
            pathHash[i + 1] = h;
        }
        pathHashedLower = -1;
    }

    private int[] lowerPathHash()
    {
        if (pathHashedLower < 0)
        {
            int h = StringPool.HASH_START;
            pathHashLower[0] = h;
            for (int i = 0; i < uriEnd; i++)
            {
                h = StringPool.hashStep(h, StringPool.lowerAscii(path[i]));
                pathHashLower[i + 1] = h;
            }
            pathHashedLower = uriEnd;
        }
        return pathHashLower;
    }

    /** Copies a value into {@code val}; returns false when absent. */
    private boolean loadHandle(final int handle)
    {
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

    private int findValue(final int handle)
    {
        if (!loadHandle(handle))
        {
            return -1;
        }
        return strings.find(val, 0, valLen, false);
    }

    private int header(final int nameId)
    {
        return req.header(strings.store(), strings.address(nameId), strings.length(nameId));
    }

    private int sourceLabel(final int nameId)
    {
        return req.sourceLabel(strings.store(), strings.address(nameId), strings.length(nameId));
    }

    /** Finds the first query parameter named {@code nameId}: sets queryOff/queryLen. */
    private boolean findQuery(final int nameId)
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

    // ---------------------------------------------------------------- host stage

    private void appendTo(final byte[] src, final int from, final int n)
    {
        host = ensure2(host, hostLen + n);
        System.arraycopy(src, from, host, hostLen, n);
        hostLen += n;
    }

    private byte[] ensure2(final byte[] b, final int n)
    {
        if (b.length >= n)
        {
            return b;
        }
        final byte[] bigger = ensure(b, n);
        System.arraycopy(b, 0, bigger, 0, b.length);
        return bigger;
    }

    /** Normalises the authority into {@code host}, resolves aliases; returns the registry service or -1. */
    private int resolveHost()
    {
        final int n = Math.max(0, req.length(L7RequestView.AUTHORITY));
        host = ensure(host, n + 64);
        req.copyTo(L7RequestView.AUTHORITY, host, 0);
        int colons = 0;
        int colonAt = -1;
        int close = -1;
        for (int i = 0; i < n; i++)
        {
            host[i] = StringPool.lowerAscii(host[i]);
            if (host[i] == ':')
            {
                colons++;
                colonAt = i;
            }
            else if (host[i] == ']' && close < 0)
            {
                close = i;
            }
        }
        hostLen = n;
        if (n > 0 && host[0] == '[' && close > 0)
        {
            System.arraycopy(host, 1, host, 0, close - 1);
            hostLen = close - 1;
        }
        else if (colons == 1)
        {
            hostLen = colonAt;
        }

        final int id = strings.find(host, 0, hostLen, false);
        if (id >= 0)
        {
            final int s = hosts.find(hostKey(KEY_SVC_BY_ADDRESS, 0, id));
            if (s >= 0)
            {
                final int aliasId = hosts.intAt(svcStart + s * SVC_SIZE + SVC_HOST);
                host = ensure(host, strings.length(aliasId));
                hostLen = strings.copyTo(aliasId, host, 0);
                this.hostId = aliasId;
                return s;
            }
        }
        int dots = 0;
        for (int i = 0; i < hostLen; i++)
        {
            if (host[i] == '.')
            {
                dots++;
            }
        }
        if (dots == 0 && hostLen > 0)
        {
            host = ensure2(host, hostLen + 1);
            host[hostLen++] = '.';
            if (loadHandle(L7RequestView.SOURCE_NAMESPACE))
            {
                appendTo(val, 0, valLen);
            }
            appendTo(SVC_CLUSTER_LOCAL, 0, SVC_CLUSTER_LOCAL.length);
        }
        else if (dots == 2 && endsWithSvc())
        {
            appendTo(CLUSTER_LOCAL, 0, CLUSTER_LOCAL.length);
        }
        else if (dots == 1)
        {
            alt = ensure(alt, hostLen + SVC_CLUSTER_LOCAL.length);
            System.arraycopy(host, 0, alt, 0, hostLen);
            System.arraycopy(SVC_CLUSTER_LOCAL, 0, alt, hostLen, SVC_CLUSTER_LOCAL.length);
            final int altLen = hostLen + SVC_CLUSTER_LOCAL.length;
            final int altId = strings.find(alt, 0, altLen, false);
            if (altId >= 0 && hosts.find(hostKey(KEY_SVC_BY_HOST, 0, altId)) >= 0)
            {
                final byte[] t = host;
                host = alt;
                alt = t;
                hostLen = altLen;
            }
        }
        hostId = strings.find(host, 0, hostLen, false);
        return hostId < 0 ? -1 : hosts.find(hostKey(KEY_SVC_BY_HOST, 0, hostId));
    }

    private boolean endsWithSvc()
    {
        return hostLen >= 4 && host[hostLen - 4] == '.' && host[hostLen - 3] == 's' && host[hostLen - 2] == 'v'
                && host[hostLen - 1] == 'c';
    }

    private boolean isTcpPort(final int svc, final int port)
    {
        final int s = svcStart + svc * SVC_SIZE;
        final int count = hosts.intAt(s + SVC_PORT_COUNT);
        final int start = hosts.intAt(s + SVC_PORT_START);
        for (int k = 0; k < count; k++)
        {
            if (hosts.intAt(start + 2 * k) == port)
            {
                return hosts.intAt(start + 2 * k + 1) == 0;
            }
        }
        return false;
    }

    private int chooseVirtualHost()
    {
        if (gwId < 0)
        {
            return -1;
        }
        if (hostId >= 0)
        {
            final int vs = firstVisible(hosts.find(hostKey(KEY_HOST_EXACT, gwId, hostId)));
            if (vs >= 0)
            {
                return vs;
            }
        }
        for (int i = 1; i < hostLen; i++)
        {
            if (host[i] == '.')
            {
                final int suffix = strings.find(host, i, hostLen - i, false);
                if (suffix >= 0)
                {
                    final int vs = firstVisible(hosts.find(hostKey(KEY_HOST_WILDCARD, gwId, suffix)));
                    if (vs >= 0)
                    {
                        return vs;
                    }
                }
            }
        }
        return firstVisible(hosts.find(hostKey(KEY_HOST_ANY, gwId, 0)));
    }

    private int firstVisible(final int list)
    {
        if (list < 0)
        {
            return -1;
        }
        final int count = hosts.intAt(list);
        for (int k = 0; k < count; k++)
        {
            final int vs = hosts.intAt(list + 1 + k);
            final int rec = vsStart + vs * VS_SIZE;
            if (hosts.intAt(rec + VS_EXPORT_ALL) != 0)
            {
                return vs;
            }
            if (nsId >= 0)
            {
                final int n = hosts.intAt(rec + VS_EXPORT_COUNT);
                final int start = hosts.intAt(rec + VS_EXPORT_START);
                for (int j = 0; j < n; j++)
                {
                    if (hosts.intAt(start + j) == nsId)
                    {
                        return vs;
                    }
                }
            }
        }
        return -1;
    }

    private void defaultRoute(final int svc)
    {
        res.virtualHost = -1;
        if (gwId == meshId && gwId >= 0 && svc >= 0)
        {
            res.action = L7Result.ACTION_ROUTE;
            clusterStage(hosts.intAt(svcStart + svc * SVC_SIZE + SVC_DEFAULT_DEST), -1);
        }
        else
        {
            noRoute();
        }
    }

    private void noRoute()
    {
        res.action = L7Result.ACTION_DROP;
        res.status = 404;
        res.flags |= L7Result.FLAG_NR;
        res.reason = L7Result.REASON_NO_ROUTE;
    }

    // ---------------------------------------------------------------- URI stage + classifier

    private void orVector(final int ref, final int words)
    {
        for (int w = 0; w < words; w++)
        {
            vec[w] |= classifier.longAt(ref + w);
        }
    }

    private void uriStage(final int vs, final int words)
    {
        final int u = vs * URI_VS_SIZE;
        final int base = uris.intAt(u + U_BASE);
        for (int w = 0; w < words; w++)
        {
            vec[w] = classifier.longAt(base + w);
        }
        final int exactKinds = uris.intAt(u + U_EXACT_KINDS);
        int id = (exactKinds & 1) == 0 ? -1
                : strings.find(path, 0, uriEnd, false, StringPool.hashFinish(pathHash[uriEnd]));
        if (id >= 0)
        {
            final int ref = uris.find(uriKey(vs, URI_EXACT, id));
            if (ref >= 0)
            {
                orVector(ref, words);
            }
        }
        id = (exactKinds & 2) == 0 ? -1
                : strings.find(path, 0, uriEnd, true, StringPool.hashFinish(lowerPathHash()[uriEnd]));
        if (id >= 0)
        {
            final int ref = uris.find(uriKey(vs, URI_EXACT_CI, id));
            if (ref >= 0)
            {
                orVector(ref, words);
            }
        }
        longestPrefix(vs, words, uris.intAt(u + U_CS_COUNT), uris.intAt(u + U_CS_START), URI_PREFIX, false);
        longestPrefix(vs, words, uris.intAt(u + U_CI_COUNT), uris.intAt(u + U_CI_START), URI_PREFIX_CI, true);
    }

    private void longestPrefix(final int vs, final int words, final int count, final int start, final int kind,
            final boolean lower)
    {
        if (count == 0)
        {
            return;
        }
        final int[] hashes = lower ? lowerPathHash() : pathHash;
        for (int k = 0; k < count; k++)
        {
            final int len = uris.intAt(start + k);
            if (len > uriEnd)
            {
                continue;
            }
            final int id = strings.find(path, 0, len, lower, StringPool.hashFinish(hashes[len]));
            if (id >= 0)
            {
                final int ref = uris.find(uriKey(vs, kind, id));
                if (ref >= 0)
                {
                    orVector(ref, words);
                    return;
                }
            }
        }
    }

    private int classify(final int vs)
    {
        final int rec = classifierVsStart + vs * CV_SIZE;
        final int blocks = classifier.intAt(rec + CV_BLOCKS);
        if (blocks == 0)
        {
            return -1;
        }
        final int words = classifier.intAt(rec + CV_WORDS);
        final int base = classifier.intAt(rec + CV_BLOCK_BASE);
        uriStage(vs, words);
        final int fields = classifier.intAt(rec + CV_FIELD_COUNT);
        final int fstart = classifier.intAt(rec + CV_FIELD_START);
        for (int f = 0; f < fields; f++)
        {
            final int fieldId = classifier.intAt(fstart + 2 * f);
            final int key = valueKey(fieldId);
            int ref = key < 0 ? -1 : classifier.find(classifierKey(vs, fieldId, key));
            if (ref < 0)
            {
                ref = classifier.intAt(fstart + 2 * f + 1);
            }
            long any = 0;
            for (int w = 0; w < words; w++)
            {
                vec[w] &= classifier.longAt(ref + w);
                any |= vec[w];
            }
            if (any == 0)
            {
                return -1;
            }
        }
        for (int w = 0; w < words; w++)
        {
            long bits = vec[w];
            while (bits != 0)
            {
                final int block = base + (w << 6) + Long.numberOfTrailingZeros(bits);
                if (residualsHold(block))
                {
                    return block;
                }
                bits &= bits - 1;
            }
        }
        return -1;
    }

    private int valueKey(final int fieldId)
    {
        final int f = fieldStart + fieldId * FIELD_SIZE;
        final int kind = classifier.intAt(f);
        final int name = classifier.intAt(f + 1);
        switch (kind)
        {
            case F_METHOD:
                return findValue(L7RequestView.METHOD);
            case F_SCHEME:
                return findValue(L7RequestView.SCHEME);
            case F_AUTHORITY:
                return findValue(L7RequestView.AUTHORITY);
            case F_PORT:
                return res.requestPort & 0xFFFFFF;
            case F_GATEWAY:
                return gwId;
            case F_SOURCE_NAMESPACE:
                return nsId;
            case F_HEADER:
                return findValue(header(name));
            case F_LABEL:
                return findValue(sourceLabel(name));
            case F_QUERY:
                return findQuery(name) ? strings.find(path, queryOff, queryLen, false) : -1;
            default:
                return -1;
        }
    }

    /** Points cur/curOff/curLen at a field's value; false when absent. */
    private boolean loadField(final int kind, final int name)
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

    private boolean residualsHold(final int block)
    {
        final int b = blockStart + block * BLOCK_SIZE;
        final int count = classifier.intAt(b + B_RESIDUAL_COUNT);
        final int start = classifier.intAt(b + B_RESIDUAL_START);
        for (int k = 0; k < count; k++)
        {
            final int r = start + k * RESIDUAL_SIZE;
            final boolean present = loadField(classifier.intAt(r + RES_FIELD), classifier.intAt(r + RES_NAME));
            boolean matched = false;
            if (present)
            {
                final int arg = classifier.intAt(r + RES_ARG);
                switch (classifier.intAt(r + RES_MATCH))
                {
                    case M_EXACT:
                        matched = strings.equalsBytes(arg, cur, curOff, curLen, false);
                        break;
                    case M_PREFIX:
                        matched = strings.startsWith(cur, curOff, curLen, arg, false);
                        break;
                    case M_REGEX:
                        // allocates: RE2/J matches CharSequences (documented exception to zero allocation)
                        matched = regexes.pattern(arg)
                                .matches(new String(cur, curOff, curLen, StandardCharsets.UTF_8));
                        break;
                    default:
                        matched = true;
                        break;
                }
            }
            final boolean negate = classifier.intAt(r + RES_NEGATE) != 0;
            if (negate == matched)
            {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- action stage

    private void applyAction(final int route)
    {
        final int a = routeStart + route * ROUTE_SIZE;
        final long id = res.requestId;
        switch (actions.intAt(a + R_KIND))
        {
            case KIND_REDIRECT:
                res.action = L7Result.ACTION_REDIRECT;
                res.status = actions.intAt(a + R_REDIRECT_CODE);
                return;
            case KIND_DIRECT:
                res.action = L7Result.ACTION_DIRECT;
                res.status = actions.intAt(a + R_DIRECT_STATUS);
                return;
            default:
                break;
        }
        final int delayPct = actions.intAt(a + R_DELAY_PCT);
        if (delayPct >= 0 && RequestHash.pct(id, RequestHash.DELAY) < actions.doubleAt(delayPct))
        {
            res.flags |= L7Result.FLAG_DI;
            res.delayMillis = actions.longAt(actions.intAt(a + R_DELAY_MILLIS));
        }
        final int abortPct = actions.intAt(a + R_ABORT_PCT);
        if (abortPct >= 0 && RequestHash.pct(id, RequestHash.ABORT) < actions.doubleAt(abortPct))
        {
            res.action = L7Result.ACTION_ABORT;
            res.status = actions.intAt(a + R_ABORT_STATUS);
            res.flags |= L7Result.FLAG_FI;
            return;
        }
        final int dest = pickDestination(actions, actions.intAt(a + R_DEST_COUNT), actions.intAt(a + R_DEST_START),
                actions.intAt(a + R_WEIGHT_SUM));
        final int mirrors = actions.intAt(a + R_MIRROR_COUNT);
        final int mstart = actions.intAt(a + R_MIRROR_START);
        long mask = 0;
        for (int k = 0; k < mirrors; k++)
        {
            if (RequestHash.pct(id, RequestHash.MIRROR + k) < actions.doubleAt(actions.intAt(mstart + 2 * k + 1)))
            {
                mask |= 1L << k;
            }
        }
        res.mirrorMask = mask;
        res.action = L7Result.ACTION_ROUTE;
        clusterStage(dest, a);
    }

    private int pickDestination(final IndexedTable t, final int count, final int start, final int sum)
    {
        if (count == 1)
        {
            return t.intAt(start);
        }
        final int h = RequestHash.hash(res.requestId, RequestHash.WEIGHT);
        if (sum == 0)
        {
            return t.intAt(start + 2 * (h % count));
        }
        final int r = h % sum;
        int cumulative = 0;
        for (int k = 0; k < count; k++)
        {
            cumulative += t.intAt(start + 2 * k + 1);
            if (r < cumulative)
            {
                return t.intAt(start + 2 * k);
            }
        }
        return t.intAt(start + 2 * (count - 1));
    }

    // ---------------------------------------------------------------- L4 routes

    private void tcpRoute(final int vs, final int svc)
    {
        final int lv = l4VsStart + vs * LV_SIZE;
        final int count = l4.intAt(lv + LV_BLOCK_COUNT);
        if (count == 0)
        {
            defaultRoute(svc);
            return;
        }
        final int start = l4.intAt(lv + LV_BLOCK_START);
        for (int b = 0; b < count; b++)
        {
            final int blk = start + b * L4_BLOCK_SIZE;
            if (l4BlockHolds(blk, svc))
            {
                final int route = l4.intAt(blk + LB_ROUTE);
                final int dest = pickDestination(l4, l4.intAt(route), l4.intAt(route + 1), l4.intAt(route + 2));
                res.action = L7Result.ACTION_ROUTE;
                clusterStage(dest, -1);
                return;
            }
        }
        noRoute();
    }

    private boolean l4BlockHolds(final int blk, final int svc)
    {
        final int port = l4.intAt(blk + LB_PORT);
        if (port != 0 && port != res.requestPort)
        {
            return false;
        }
        final int ns = l4.intAt(blk + LB_NAMESPACE);
        if (ns != -1 && ns != nsId)
        {
            return false;
        }
        final int labels = l4.intAt(blk + LB_LABEL_COUNT);
        final int lstart = l4.intAt(blk + LB_LABEL_START);
        for (int k = 0; k < labels; k++)
        {
            if (!loadHandle(sourceLabel(l4.intAt(lstart + 2 * k)))
                    || !strings.equalsBytes(l4.intAt(lstart + 2 * k + 1), val, 0, valLen, false))
            {
                return false;
            }
        }
        final int gws = l4.intAt(blk + LB_GW_COUNT);
        if (gws > 0)
        {
            final int gstart = l4.intAt(blk + LB_GW_START);
            boolean found = false;
            for (int k = 0; k < gws && !found; k++)
            {
                found = l4.intAt(gstart + k) == gwId;
            }
            if (!found)
            {
                return false;
            }
        }
        final int subnets = l4.intAt(blk + LB_SUBNET_COUNT);
        if (subnets > 0)
        {
            final int sstart = l4.intAt(blk + LB_SUBNET_START);
            final int s = svcStart + svc * SVC_SIZE;
            final int family = hosts.intAt(s + SVC_FAMILY);
            boolean found = false;
            for (int k = 0; k < subnets && !found; k++)
            {
                final int sn = sstart + k * SUBNET_SIZE;
                found = family != 0 && l4.intAt(sn) == family && inSubnet(s, sn, l4.intAt(sn + 1));
            }
            return found;
        }
        return true;
    }

    private boolean inSubnet(final int svcRec, final int subnet, final int prefixLength)
    {
        int remaining = prefixLength;
        for (int w = 0; w < 4 && remaining > 0; w++)
        {
            final int bits = Math.min(32, remaining);
            final int mask = bits == 32 ? -1 : ~(-1 >>> bits);
            if ((hosts.intAt(svcRec + SVC_ADDR + w) & mask) != (l4.intAt(subnet + 2 + w) & mask))
            {
                return false;
            }
            remaining -= bits;
        }
        return true;
    }

    // ---------------------------------------------------------------- cluster stage

    private int nsClass()
    {
        for (int k = 0; k < nsCount; k++)
        {
            if (clusters.intAt(nsStart + k) == nsId)
            {
                return k;
            }
        }
        return nsCount;
    }

    private int servicePort(final int svc)
    {
        final int s = svcStart + svc * SVC_SIZE;
        final int count = hosts.intAt(s + SVC_PORT_COUNT);
        final int start = hosts.intAt(s + SVC_PORT_START);
        for (int k = 0; k < count; k++)
        {
            if (hosts.intAt(start + 2 * k) == res.requestPort)
            {
                return res.requestPort;
            }
        }
        return count == 1 ? hosts.intAt(start) : res.requestPort;
    }

    private int portIndex(final int svc, final int port)
    {
        final int s = svcStart + svc * SVC_SIZE;
        final int count = hosts.intAt(s + SVC_PORT_COUNT);
        final int start = hosts.intAt(s + SVC_PORT_START);
        for (int k = 0; k < count; k++)
        {
            if (hosts.intAt(start + 2 * k) == port)
            {
                return k;
            }
        }
        return -1;
    }

    private void clusterStage(final int dest, final int actionRec)
    {
        res.destination = dest;
        final int d = destStart + dest * DEST_SIZE;
        final int svc = clusters.intAt(d + D_SERVICE);
        int port = clusters.intAt(d + D_PORT);
        if (port == 0)
        {
            port = svc < 0 ? res.requestPort : servicePort(svc);
        }
        res.port = port;
        final int portIndex = svc < 0 ? -1 : portIndex(svc, port);
        if (portIndex < 0)
        {
            noCluster();
            return;
        }
        final int portCount = hosts.intAt(svcStart + svc * SVC_SIZE + SVC_PORT_COUNT);
        final int cl = clusters.intAt(clusters.intAt(d + D_TABLE) + nsClass() * portCount + portIndex);
        if (cl < 0)
        {
            noCluster();
            return;
        }
        res.cluster = cl;
        final int c = clusterStart + cl * CLUSTER_SIZE;
        final int n = clusters.intAt(c + CL_EP_COUNT);
        if (n == 0)
        {
            res.action = L7Result.ACTION_DROP;
            res.status = 503;
            res.flags |= L7Result.FLAG_UH;
            res.reason = L7Result.REASON_NO_HEALTHY_UPSTREAM;
            return;
        }
        res.endpoint = clusters.intAt(c + CL_EP_START) + pickEndpoint(c, n, actionRec);
    }

    private void noCluster()
    {
        res.action = L7Result.ACTION_DROP;
        res.status = 503;
        res.flags |= L7Result.FLAG_NC;
        res.reason = L7Result.REASON_NO_CLUSTER;
    }

    private int pickEndpoint(final int c, final int n, final int actionRec)
    {
        final long id = res.requestId;
        switch (clusters.intAt(c + CL_LB))
        {
            case LB_ROUND_ROBIN:
                return (int)Math.floorMod(id, (long)n);
            case LB_RANDOM:
                return RequestHash.hash(id, RequestHash.LB) % n;
            case LB_CONSISTENT_HASH:
                final long key = hashKey(clusters.intAt(c + CL_HASH_KIND), clusters.intAt(c + CL_HASH_NAME),
                        actionRec);
                return key == 0 ? RequestHash.hash(id, RequestHash.LB) % n : RequestHash.jump(key, n);
            default:
                return RequestHash.hash(id, RequestHash.LB2) % n;
        }
    }

    private long hashBytes(final byte[] b, final int off, final int len)
    {
        long h = RequestHash.hash64Start();
        for (int i = 0; i < len; i++)
        {
            h = RequestHash.hash64Step(h, b[off + i]);
        }
        final long r = RequestHash.hash64Finish(h);
        return r == 0 ? 1 : r; // 0 means "no key"
    }

    private long hashString(final int id)
    {
        val = ensure(val, strings.length(id));
        final int n = strings.copyTo(id, val, 0);
        return hashBytes(val, 0, n);
    }

    /** @return the consistent-hash key's hash, 0 when the key is absent. */
    private long hashKey(final int kind, final int name, final int actionRec)
    {
        if (kind == HASH_SOURCE_IP)
        {
            return loadHandle(L7RequestView.SOURCE_IP) ? hashBytes(val, 0, valLen) : 0;
        }
        if (res.tcp)
        {
            return 0;
        }
        if (kind == HASH_QUERY)
        {
            return findQuery(name) ? hashBytes(path, queryOff, queryLen) : 0;
        }
        int set = -1;
        int add = -1;
        boolean removed = false;
        if (actionRec >= 0)
        {
            final int ops = actions.intAt(actionRec + R_OP_COUNT);
            final int start = actions.intAt(actionRec + R_OP_START);
            for (int k = 0; k < ops; k++)
            {
                final int o = start + 3 * k;
                if (actions.intAt(o + 1) == name)
                {
                    final int op = actions.intAt(o);
                    if (op == OP_SET)
                    {
                        set = actions.intAt(o + 2);
                    }
                    else if (op == OP_ADD)
                    {
                        add = actions.intAt(o + 2);
                    }
                    else
                    {
                        removed = true;
                    }
                }
            }
        }
        if (set >= 0)
        {
            return hashString(set);
        }
        if (!removed && loadHandle(header(name)))
        {
            return hashBytes(val, 0, valLen);
        }
        return add >= 0 ? hashString(add) : 0;
    }
}
