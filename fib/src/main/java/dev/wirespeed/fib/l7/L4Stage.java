package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * TCP (L4) and TLS routes (reads {@code L4_ROUTES}): for a connection to a port its service declares non-HTTP, the
 * chosen virtual host's TCP match blocks in order (port, source namespace, source labels, gateways,
 * destination subnets of the service's first address); the first that holds gives the route. On a TLS or HTTPS
 * port, its TLS blocks instead: Envoy's filter chain selection (most specific destination subnet, then exact
 * server name, then longest wildcard, first on a tie; {@link #tlsMatch}). Next: {@link ClusterStage}.
 */
final class L4Stage
{
    final IndexedTable l4;
    private final HostStage hostStage;
    private final StringPool strings;
    private final RequestScratch q;
    private final int vsStart;
    private byte[] sni = new byte[256];
    private int[] built = new int[16];
    private int builtCount;

    L4Stage(final IndexedTable l4, final HostStage hostStage, final StringPool strings, final RequestScratch q)
    {
        this.l4 = l4;
        this.hostStage = hostStage;
        this.strings = strings;
        this.q = q;
        this.vsStart = l4.intAt(L_VS_START);
    }

    /** The VirtualService whose chain the last {@link #tcpMatch} or {@link #tlsMatch} chose, or -1. */
    int chosenVs = -1;

    /**
     * @param list a connection list ({@link HostStage#connectionList}).
     * @param p    a position in {@code [0, 3 * count)}: pass {@code p / count} (the rank) over entry
     *             {@code p % count}, so that walking p in order visits the rank-0 VirtualServices, then rank 1,
     *             then rank 2, load order within each (the client's order, {@link HostStage#connectionRank}).
     * @return the VirtualService at p when it has that rank for the client, else -1.
     */
    private int at(final int list, final int p)
    {
        final int count = hostStage.hosts.intAt(list);
        final int vs = hostStage.hosts.intAt(list + 1 + HC_SIZE * (p % count));
        return hostStage.connectionRank(vs) == p / count ? vs : -1;
    }

    // ---------------------------------------------------------------- a cursor over the blocks of a list

    private int cursorList;
    private int cursorPasses;
    private int cursorP;
    private int cursorB;
    private int cursorCount;
    private int cursorStart;
    private int cursorSize;
    private int cursorCountField;
    /** A walk of TCP blocks that goes on to the TLS blocks of a VirtualService made from a TLSRoute. */
    private boolean cursorFallback;
    private int cursorTcpCount;
    private int cursorTlsStart;
    /** The VirtualService of the block {@link #nextBlock} returned last. */
    private int cursorVs;

    /**
     * Starts a walk over the TCP ({@code tls} false) or TLS blocks of every VirtualService of a connection list in
     * the client's order (block order within each); {@link #nextBlock} gives them one by one.
     */
    private void startBlocks(final int list, final boolean tls)
    {
        cursorList = list;
        cursorPasses = 3 * hostStage.hosts.intAt(list);
        cursorP = -1;
        cursorB = 0;
        cursorCount = 0;
        cursorCountField = tls ? LV_TLS_COUNT : LV_BLOCK_COUNT;
        cursorSize = tls ? TLS_BLOCK_SIZE : L4_BLOCK_SIZE;
        cursorFallback = false;
    }

    /** @return the next block of the walk, or -1 at its end ({@link #cursorVs} is its VirtualService). */
    private int nextBlock()
    {
        while (cursorB >= cursorCount)
        {
            if (++cursorP >= cursorPasses)
            {
                return -1;
            }
            cursorVs = at(cursorList, cursorP);
            cursorB = 0;
            cursorCount = 0;
            if (cursorVs >= 0)
            {
                final int lv = vsStart + cursorVs * LV_SIZE;
                cursorCount = l4.intAt(lv + cursorCountField);
                cursorStart = l4.intAt(lv + cursorCountField + 1);
                cursorTcpCount = cursorCount;
                if (cursorFallback && l4.intAt(lv + LV_TLS_FALLBACK) != 0)
                {
                    cursorCount += l4.intAt(lv + LV_TLS_COUNT);
                    cursorTlsStart = l4.intAt(lv + LV_TLS_START);
                }
            }
        }
        final int b = cursorB++;
        return b < cursorTcpCount ? cursorStart + cursorSize * b
                : cursorTlsStart + TLS_BLOCK_SIZE * (b - cursorTcpCount);
    }

    /**
     * Envoy's filter chain selection over the chains Istio builds from the TLS blocks that hold, from every
     * VirtualService of the list in the client's order (docs/routing.md §5): a block whose server names and
     * subnets an earlier holding block has builds none; a chain's subnets are those of the last holding block with
     * subnets up to it (Istio's {@code buildSidecarOutboundTLSFilterChainOpts} carries them over).
     *
     * @param list the connection list.
     * @param svc  the destination service.
     * @return the route record of the chosen chain; -1: no chain takes it (the listener's passthrough chain);
     *         -2: no block holds (Istio builds the service's default chain).
     */
    int tlsMatch(final int list, final int svc)
    {
        chosenVs = -1;
        int bestSubnet = -2;
        boolean any = false;
        startBlocks(list, true);
        builtCount = 0;
        int carrier = -1;
        for (int blk = nextBlock(); blk >= 0; blk = nextBlock())
        {
            if (proxyHolds(blk))
            {
                carrier = l4.intAt(blk + LB_SUBNET_COUNT) > 0 ? blk : carrier;
                if (!handledBefore(blk))
                {
                    any = true;
                    bestSubnet = Math.max(bestSubnet, carrier < 0 ? -1 : subnetLength(carrier, svc));
                }
            }
        }
        if (!any)
        {
            return -2;
        }
        if (bestSubnet == -2)
        {
            return -1;
        }
        final int n = lowerSni();
        startChoice();
        startBlocks(list, true);
        builtCount = 0;
        carrier = -1;
        for (int blk = nextBlock(); blk >= 0; blk = nextBlock())
        {
            if (!proxyHolds(blk))
            {
                continue;
            }
            carrier = l4.intAt(blk + LB_SUBNET_COUNT) > 0 ? blk : carrier;
            if (!handledBefore(blk) && (carrier < 0 ? -1 : subnetLength(carrier, svc)) == bestSubnet)
            {
                offer(blk, blockNameScore(blk, n));
            }
        }
        return chosenRoute;
    }

    // ---------------------------------------------------------------- the chain chosen so far

    private int bestScore;
    private int chosenRoute;

    private void startChoice()
    {
        chosenVs = -1;
        chosenRoute = -1;
        bestScore = -1;
    }

    /** Takes the block's route when its score beats the best so far (the first on a tie); @return whether. */
    private boolean offer(final int blk, final int score)
    {
        if (score <= bestScore)
        {
            return false;
        }
        bestScore = score;
        chosenRoute = l4.intAt(blk + LB_ROUTE);
        chosenVs = cursorVs;
        return true;
    }

    /** Whether an earlier block of this walk had the block's key (its server names and subnets); records it. */
    private boolean handledBefore(final int blk)
    {
        final int key = l4.intAt(blk + LB_TLS_KEY);
        for (int c = 0; c < builtCount; c++)
        {
            if (built[c] == key)
            {
                return true;
            }
        }
        built = RequestScratch.ensureInts(built, builtCount + 1);
        built[builtCount++] = key;
        return false;
    }

    /**
     * Envoy's choice among the chains of a gateway port's listener by server name (docs/routing.md §5.1, §5.3): a
     * TLS passthrough server's chain per TLS block whose port and gateways hold (source conditions and subnets
     * play no part on a gateway), except one repeating a server name of a chain built before it; then each TCP
     * server's chain, the first {@code tcp} route, of the first VirtualService of its list in the client's order,
     * whose match's port and gateways hold (a server without one builds no chain). The chain whose names list the
     * SNI exactly wins, else the longest {@code *.suffix}, else one without names ({@code *}, a plain TCP server);
     * the first on a tie (passthrough chains before TCP servers').
     *
     * @param rec       the port's listener record ({@link HostStage#gatewayPort}).
     * @param exactOnly an AUTO_PASSTHROUGH chain lists the SNI exactly but its ALPN condition does not hold: only
     *                  another chain listing it exactly may take the connection (Envoy narrows by name first).
     * @return the route record of the chosen chain, or -1: no chain, the connection is closed.
     */
    int gatewayPortMatch(final int rec, final boolean exactOnly)
    {
        startChoice();
        final int n = lowerSni();
        final IndexedTable hosts = hostStage.hosts;
        final int passthrough = hosts.intAt(rec + GP_PASSTHROUGH_LIST);
        if (passthrough >= 0)
        {
            builtCount = 0;
            startBlocks(passthrough, true);
            for (int blk = nextBlock(); blk >= 0; blk = nextBlock())
            {
                if (!gatewayHolds(blk) || repeatsAName(blk))
                {
                    continue;
                }
                built = RequestScratch.ensureInts(built, builtCount + 1);
                built[builtCount++] = blk;
                offer(blk, gatewayNameScore(l4, l4.intAt(blk + LB_SNI_COUNT), l4.intAt(blk + LB_SNI_START), n));
            }
        }
        final int count = hosts.intAt(rec + GP_TCP_COUNT);
        for (int c = 0; c < count; c++)
        {
            final int chain = rec + GP_TCP_START + c * GT_SIZE;
            final int name = gatewayNameScore(hosts, hosts.intAt(chain + GT_NAME_COUNT),
                    hosts.intAt(chain + GT_NAME_START), n);
            if (name <= bestScore)
            {
                continue;
            }
            startBlocks(hosts.intAt(chain + GT_LIST), false);
            cursorFallback = true; // a TLSRoute's VirtualService: its tls routes after its tcp ones (Istio's fallback)
            int blk = nextBlock();
            while (blk >= 0 && !gatewayHolds(blk))
            {
                blk = nextBlock(); // the server's chain is the first block whose port and gateways hold
            }
            if (blk >= 0)
            {
                offer(blk, name);
            }
        }
        final int http = (hosts.intAt(rec + GP_FLAGS) & GP_HTTP) == 0 ? -1 : httpChain(rec + GP_TCP_START
                + count * GT_SIZE, n, exactOnly);
        if (http >= 0)
        {
            return http == 1 ? HTTP_PLAIN_CHAIN : HTTP_CHAIN;
        }
        return exactOnly && bestScore != Integer.MAX_VALUE ? -1 : chosenRoute;
    }

    /** {@link #gatewayPortMatch}: an HTTPS server's chain takes the record (the HTTP routing decides). */
    static final int HTTP_CHAIN = -3;
    /** {@link #gatewayPortMatch}: the plain-text HTTP servers' chain takes the record. */
    static final int HTTP_PLAIN_CHAIN = -4;

    /**
     * The port's HTTP chains after its connection chains: one whose server names take the record strictly better
     * than the best connection chain's wins (docs/routing.md §5.3).
     *
     * @return {@link L7Layout#GH_PLAIN} of the chain that wins, or -1 for none.
     */
    private int httpChain(final int list, final int n, final boolean exactOnly)
    {
        final IndexedTable hosts = hostStage.hosts;
        final int count = hosts.intAt(list);
        int plain = -1;
        for (int c = 0; c < count; c++)
        {
            final int chain = list + 1 + c * GH_SIZE;
            final int score = gatewayNameScore(hosts, hosts.intAt(chain + GH_NAME_COUNT),
                    hosts.intAt(chain + GH_NAME_START), n);
            if (score > bestScore && (!exactOnly || score == Integer.MAX_VALUE))
            {
                bestScore = score;
                plain = hosts.intAt(chain + GH_PLAIN);
            }
        }
        return plain;
    }

    /** Istio's {@code allIstioMtlsALPNs}: the application protocols of an AUTO_PASSTHROUGH chain. */
    private static final byte[][] ISTIO_MTLS_ALPNS = {
        ascii("istio"), ascii("istio-peer-exchange"), ascii("istio-http/1.0"), ascii("istio-http/1.1"),
        ascii("istio-h2")};
    private byte[] alpn = new byte[64];

    private static byte[] ascii(final String s)
    {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * @return whether the connection offers one of Istio's mTLS ALPN values (Envoy matches a chain's
     *         {@code application_protocols} when any offered value is one of them); a record that does not say
     *         ({@link L7RequestView#ALPN} absent) is an Istio sidecar's connection, which does.
     */
    boolean offersIstioAlpn()
    {
        final int n = q.req.length(L7RequestView.ALPN);
        if (n < 0)
        {
            return true;
        }
        alpn = RequestScratch.ensure(alpn, n);
        q.req.copyTo(L7RequestView.ALPN, alpn, 0);
        int from = 0;
        for (int i = 0; i <= n; i++)
        {
            if (i == n || alpn[i] == ',')
            {
                for (final byte[] v : ISTIO_MTLS_ALPNS)
                {
                    if (regionEquals(from, i, v))
                    {
                        return true;
                    }
                }
                from = i + 1;
            }
        }
        return false;
    }

    private boolean regionEquals(final int from, final int to, final byte[] v)
    {
        if (to - from != v.length)
        {
            return false;
        }
        for (int k = 0; k < v.length; k++)
        {
            if (alpn[from + k] != v[k])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A gateway chain's server name score: Istio writes no {@code server_names} for names containing {@code *}, so
     * such a chain, like one without names, takes any connection, with or without SNI (score 0).
     */
    private int gatewayNameScore(final IndexedTable table, final int names, final int start, final int n)
    {
        if (names == 0)
        {
            return 0;
        }
        for (int k = 0; k < names; k++)
        {
            final int id = table.intAt(start + k);
            if (strings.length(id) == 1 && strings.byteAt(id, 0) == '*')
            {
                return 0;
            }
        }
        return serverNameScore(table, names, start, n);
    }

    /**
     * @return the pool id of the request's server name lower-cased, or -1 (none, or a name no table holds).
     */
    int sniId()
    {
        final int n = lowerSni();
        return n == 0 ? -1 : strings.find(sni, 0, n, false);
    }

    private boolean gatewayHolds(final int blk)
    {
        final int port = l4.intAt(blk + LB_PORT);
        if (port != 0 && port != q.res.requestPort)
        {
            return false;
        }
        final int gws = l4.intAt(blk + LB_GW_COUNT);
        final int gstart = l4.intAt(blk + LB_GW_START);
        boolean found = gws == 0;
        for (int k = 0; k < gws && !found; k++)
        {
            found = l4.intAt(gstart + k) == q.gwId;
        }
        return found;
    }

    /** Whether a server name of the block is one of a chain built before it (pool ids: equal names, equal ids). */
    private boolean repeatsAName(final int blk)
    {
        final int names = l4.intAt(blk + LB_SNI_COUNT);
        final int nstart = l4.intAt(blk + LB_SNI_START);
        for (int c = 0; c < builtCount; c++)
        {
            final int other = built[c];
            final int onames = l4.intAt(other + LB_SNI_COUNT);
            final int ostart = l4.intAt(other + LB_SNI_START);
            for (int i = 0; i < names; i++)
            {
                for (int j = 0; j < onames; j++)
                {
                    if (l4.intAt(nstart + i) == l4.intAt(ostart + j))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Copies the request's SNI lower-cased into {@link #sni}; @return its length (0 without one). */
    private int lowerSni()
    {
        final int n = Math.max(0, q.req.length(L7RequestView.SNI));
        sni = RequestScratch.ensure(sni, n);
        if (n > 0)
        {
            q.req.copyTo(L7RequestView.SNI, sni, 0);
        }
        for (int i = 0; i < n; i++)
        {
            sni[i] = StringPool.lowerAscii(sni[i]);
        }
        return n;
    }

    private int blockNameScore(final int blk, final int n)
    {
        return serverNameScore(l4, l4.intAt(blk + LB_SNI_COUNT), l4.intAt(blk + LB_SNI_START), n);
    }

    /**
     * @param table the table holding the names.
     * @param names how many.
     * @param start where their pool ids start.
     * @param n     the SNI's length ({@link #lowerSni}).
     * @return exact name: MAX_VALUE; {@code *.suffix} covering the SNI: its length; {@code *}: 0; else (or no SNI)
     *         -1.
     */
    private int serverNameScore(final IndexedTable table, final int names, final int start, final int n)
    {
        if (n == 0)
        {
            return -1;
        }
        int best = -1;
        for (int k = 0; k < names; k++)
        {
            final int id = table.intAt(start + k);
            final int len = strings.length(id);
            if (strings.equalsBytes(id, sni, 0, n, false))
            {
                return Integer.MAX_VALUE;
            }
            if (len == 1 && strings.byteAt(id, 0) == '*')
            {
                best = Math.max(best, 0);
            }
            else if (len >= 2 && len <= n && strings.byteAt(id, 0) == '*' && strings.byteAt(id, 1) == '.'
                    && suffixEquals(id, len, n))
            {
                best = Math.max(best, len);
            }
        }
        return best;
    }

    /** Whether the SNI ends with the pool string {@code id} minus its leading {@code *} (and is longer). */
    private boolean suffixEquals(final int id, final int len, final int n)
    {
        final int from = n - (len - 1);
        if (from < 1)
        {
            return false;
        }
        for (int i = 1; i < len; i++)
        {
            if (strings.byteAt(id, i) != sni[from + i - 1])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Istio's TCP filter chains for the client, from every VirtualService of the list in the client's order, and
     * Envoy's choice among them: the subnet chain whose subnet holds the service's address with the longest
     * prefix, else the catch-all chain (the first block that holds without subnets; no chain is built after it).
     *
     * @param list the connection list.
     * @param svc  the destination service.
     * @return the route record (index into the int area), or -1: the service's default chain.
     */
    int tcpMatch(final int list, final int svc)
    {
        startChoice();
        startBlocks(list, false);
        for (int blk = nextBlock(); blk >= 0; blk = nextBlock())
        {
            if (!proxyHolds(blk))
            {
                continue;
            }
            if (l4.intAt(blk + LB_SUBNET_COUNT) == 0)
            {
                // the catch-all chain: Istio builds no chain after it; a more specific subnet chain still wins
                offer(blk, chosenRoute < 0 ? 0 : -1);
                return chosenRoute;
            }
            offer(blk, subnetLength(blk, svc));
        }
        return chosenRoute;
    }

    /** Port, source namespace, source labels and match-level gateways (Istio's {@code matchTCP}/{@code matchTLS}). */
    boolean proxyHolds(final int blk)
    {
        final int port = l4.intAt(blk + LB_PORT);
        if (port != 0 && port != q.res.requestPort)
        {
            return false;
        }
        final int ns = l4.intAt(blk + LB_NAMESPACE);
        if (ns != -1 && ns != q.nsId)
        {
            return false;
        }
        final int labels = l4.intAt(blk + LB_LABEL_COUNT);
        final int lstart = l4.intAt(blk + LB_LABEL_START);
        for (int k = 0; k < labels; k++)
        {
            if (!q.loadHandle(q.sourceLabel(l4.intAt(lstart + 2 * k)))
                    || !strings.equalsBytes(l4.intAt(lstart + 2 * k + 1), q.val, 0, q.valLen, false))
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
                found = l4.intAt(gstart + k) == q.gwId;
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return -1 without subnet condition; the longest prefix among the block's subnets holding the service's first
     *         address; -2 when none holds it.
     */
    int subnetLength(final int blk, final int svc)
    {
        final int subnets = l4.intAt(blk + LB_SUBNET_COUNT);
        if (subnets == 0)
        {
            return -1;
        }
        final int sstart = l4.intAt(blk + LB_SUBNET_START);
        final int s = hostStage.serviceRecord(svc);
        final int family = hostStage.hosts.intAt(s + SVC_FAMILY);
        int best = -2;
        for (int k = 0; k < subnets; k++)
        {
            final int sn = sstart + k * SUBNET_SIZE;
            if (family > 0 && l4.intAt(sn) == family && inSubnet(s, sn, l4.intAt(sn + 1)))
            {
                best = Math.max(best, l4.intAt(sn + 1));
            }
        }
        return best;
    }

    boolean inSubnet(final int svcRec, final int subnet, final int prefixLength)
    {
        int remaining = prefixLength;
        for (int w = 0; w < 4 && remaining > 0; w++)
        {
            final int bits = Math.min(32, remaining);
            final int mask = bits == 32 ? -1 : ~(-1 >>> bits);
            if ((hostStage.hosts.intAt(svcRec + SVC_ADDR + w) & mask) != (l4.intAt(subnet + 2 + w) & mask))
            {
                return false;
            }
            remaining -= bits;
        }
        return true;
    }
}
