package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Cluster stage (reads {@code CLUSTERS}, {@code ENDPOINTS} and a route's header operations in
 * {@code ACTIONS}): destination → port (destination's, request's, service's only one) → cluster for the
 * client's namespace class (DestinationRule, subset, endpoints and load balancer all decided at compile
 * time) → endpoint by the cluster's load balancer. {@code NC} when there is no such cluster, {@code UH}
 * when it has no healthy endpoint. Last L7 stage: the endpoint goes to the L3 stage.
 */
final class ClusterStage
{
    private final IndexedTable clusters;
    private final IndexedTable actions;
    private final HostStage hostStage;
    private final RequestScratch q;
    private final int nsCount;
    private final int nsStart;
    private final int destStart;
    private final int clusterStart;
    private final int cookieHeader;
    private final ConnectionCookie connectionCookie = new ConnectionCookie();
    private final LocalityChoice localities;
    private final NetworkChoice networks;
    private final PriorityChoice priorities;
    private final LocalityWeights localityWeights;
    /**
     * The request's place in the round-robin schedule of its candidates: its id, or after a {@code distribute}
     * chose a locality, its place among the requests that locality got (docs/routing.md §4).
     */
    private long scheduleId;
    /** The last connection whose cookie was generated (a connection's requests come one after another). */
    private byte[] memoSource = new byte[64];
    private byte[] memoDestination = new byte[64];
    private int memoSourceLength = -1;
    private int memoDestinationLength = -1;
    private int memoSourcePort;
    private int memoRequestPort;
    private long memoHash;
    /** Whether the last {@link #cookieHashIn} found a pair with the cookie's name. */
    private boolean pairFound;
    /** The namespace id {@link #nsClass} last answered for, and its class (-1: none yet). */
    private int lastNs;
    private int lastNsClass = -1;

    ClusterStage(final IndexedTable clusters, final IndexedTable actions, final HostStage hostStage,
            final RequestScratch q)
    {
        this.clusters = clusters;
        this.actions = actions;
        this.hostStage = hostStage;
        this.q = q;
        this.nsCount = clusters.intAt(K_NS_COUNT);
        this.nsStart = clusters.intAt(K_NS_START);
        this.destStart = clusters.intAt(K_DEST_START);
        this.clusterStart = clusters.intAt(K_CLUSTER_START);
        this.cookieHeader = clusters.intAt(K_COOKIE_HEADER);
        this.localities = new LocalityChoice(clusters, q);
        this.networks = new NetworkChoice(clusters, q);
        this.priorities = new PriorityChoice(clusters, localities);
        this.localityWeights = new LocalityWeights(clusters, q, localities);
    }

    /**
     * @return the client's namespace class: the index of its namespace among those a DestinationRule's
     *         {@code exportTo} or a Sidecar names, else the class of every other namespace; remembered for the
     *         namespace of the previous request (the source namespace is usually the same from one to the next).
     */
    int nsClass()
    {
        final int ns = q.nsId;
        if (ns == lastNs && lastNsClass >= 0)
        {
            return lastNsClass;
        }
        int found = nsCount;
        for (int k = 0; k < nsCount; k++)
        {
            if (clusters.intAt(nsStart + k) == ns)
            {
                found = k;
                break;
            }
        }
        lastNs = ns;
        lastNsClass = found;
        return found;
    }

    /** In {@link #values}: the request's own (first) value of the header; {@code REQUEST_VALUE - k} its kth. */
    private static final int REQUEST_VALUE = -1;

    private int destOps = -1;
    private boolean weighted;
    /** The upstream values of the header {@link #collect} last read, in order: pool string ids or REQUEST_VALUE. */
    private int[] values = new int[8];
    private int valueCount;
    /** Several values' bytes one after another, their bounds, their sorted order and their sorted join. */
    private byte[] valueBytes = new byte[256];
    private int[] valueEnds = new int[8];
    private int[] valueOrder = new int[8];
    private byte[] joined = new byte[256];

    void route(final int dest, final int actionRec)
    {
        route(dest, actionRec, -1, false);
    }

    /**
     * @param dest      the destination.
     * @param actionRec the route's action record, -1 for none (default route, TCP).
     * @param destOps   the chosen destination's {opCount, opStart, authorityId} record, -1 for none.
     * @param weighted  the route has several destinations (its header operations are two levels).
     */
    void route(final int dest, final int actionRec, final int destOps, final boolean weighted)
    {
        this.destOps = destOps;
        this.weighted = weighted;
        q.res.destination = dest;
        final int d = destStart + dest * DEST_SIZE;
        final int fixed = clusters.intAt(d + D_FIXED_CLUSTER);
        if (fixed >= 0)
        {
            // port and cluster decided at compile time: no service port, namespace class or table to read
            q.res.port = clusters.intAt(d + D_FIXED_PORT);
            endpoint(fixed, actionRec);
            return;
        }
        final int svc = clusters.intAt(d + D_SERVICE);
        int port = clusters.intAt(d + D_PORT);
        if (port == 0)
        {
            port = svc < 0 ? q.res.requestPort : hostStage.servicePort(svc);
        }
        q.res.port = port;
        final int portIndex = svc < 0 ? -1 : hostStage.portIndex(svc, port);
        if (portIndex < 0)
        {
            noCluster(d);
            return;
        }
        final int portCount = hostStage.portCount(svc);
        int cl = clusters.intAt(clusters.intAt(d + D_TABLE) + nsClass() * portCount + portIndex);
        if (cl <= -2)
        {
            cl = byWorkload(-cl - 2);
        }
        if (cl < 0)
        {
            noCluster(d);
            return;
        }
        endpoint(cl, actionRec);
    }

    /** The endpoint of a cluster found for the request (or its original destination, or UH). */
    private void endpoint(final int cl, final int actionRec)
    {
        q.res.cluster = cl;
        int c = clusterStart + cl * CLUSTER_SIZE;
        final boolean sidecarOriginalDst = clusters.intAt(c + CL_SIDECAR_ORIGINAL_DST) != 0
                && q.gwId == hostStage.meshId && q.gwId >= 0;
        if (clusters.intAt(c + CL_LB) == LB_PASSTHROUGH || sidecarOriginalDst)
        {
            // Istio's convertResolution: Passthrough is ORIGINAL_DST except on a gateway. Istio's buildCluster sets
            // the port override on a cluster it builds as ORIGINAL_DST (a sidecar's Passthrough one, a subset's),
            // not on a default cluster that a PASSTHROUGH load balancer turns into one afterwards
            originalDestination(sidecarOriginalDst || clusters.intAt(c + CL_SUBSET) >= 0
                    ? clusters.intAt(c + CL_ORIGINAL_DST_PORT) : 0);
            return;
        }
        final int network = clusters.intAt(c + CL_NETWORK);
        if (network >= 0)
        {
            // the endpoints of the client's network and proxy (a sidecar's source address names its Pod)
            c = clusterStart + networks.variant(cl, network, q.gwId == hostStage.meshId && q.gwId >= 0) * CLUSTER_SIZE;
        }
        final int n = clusters.intAt(c + CL_EP_COUNT);
        if (n == 0)
        {
            noHealthyUpstream();
            return;
        }
        scheduleId = q.res.requestId;
        localities.forget(); // the client's locality, read at most once for this request
        final int choice = clusters.intAt(c + CL_CHOICE);
        if (choice >= 0)
        {
            chosen(c, choice, actionRec);
            return;
        }
        final int locality = clusters.intAt(c + CL_LOCALITY);
        if (locality >= 0)
        {
            localities.choose(locality); // the endpoints of the client's best locality priority
            final int first = localities.first;
            q.res.endpoint = clusters.intAt(c + CL_EP_START) + first + pickEndpoint(c, first, localities.count,
                    actionRec);
            return;
        }
        q.res.endpoint = clusters.intAt(c + CL_EP_START) + pickEndpoint(c, 0, n, actionRec);
    }

    /**
     * The client's labels or locality choose first (docs/routing.md §4): a {@code failoverPriority} chooses the
     * cluster record holding the endpoints of the client's best priority (then, with {@code failover} regions, its
     * locality chooses among them); a {@code distribute} chooses a locality and the request's place in its schedule.
     */
    private void chosen(final int c, final int choice, final int actionRec)
    {
        if (clusters.intAt(choice) == CHOICE_DISTRIBUTE)
        {
            if (clusters.intAt(c + CL_LB) == LB_CONSISTENT_HASH)
            {
                // Envoy's one ring or Maglev table over the weighted localities' endpoints of the client's entry
                final int table = localityWeights.hashTable(choice);
                if (table < 0)
                {
                    noHealthyUpstream();
                    return;
                }
                final long key = consistentKey(c, actionRec);
                q.res.endpoint = clusters.intAt(c + CL_EP_START) + ConsistentHashTables.pickIn(clusters, table,
                        key != 0 ? key : RequestHash.hashBits(q.res.requestId, RequestHash.LB), localities);
                return;
            }
            if (!localityWeights.choose(choice))
            {
                noHealthyUpstream(); // the client's entry gives no weight to any locality of the cluster
                return;
            }
            scheduleId = localityWeights.scheduleId;
            final int first = localityWeights.first;
            q.res.endpoint = clusters.intAt(c + CL_EP_START) + first
                    + pickEndpoint(c, first, localityWeights.count, actionRec);
            return;
        }
        final int node = clusterStart + priorities.choose(choice) * CLUSTER_SIZE;
        int first = 0;
        int count = clusters.intAt(node + CL_EP_COUNT);
        final int locality = clusters.intAt(node + CL_LOCALITY);
        if (locality >= 0)
        {
            localities.choose(locality);
            first = localities.first;
            count = localities.count;
        }
        q.res.endpoint = clusters.intAt(node + CL_EP_START) + first + pickEndpoint(node, first, count, actionRec);
    }

    /**
     * @param dest a destination.
     * @return the cluster it has for the client (its port on the service, its subset in the client's
     *         DestinationRule, chosen by workload selector where the rule has one), or -1 ({@code NC}); nothing
     *         is written.
     */
    int clusterOf(final int dest)
    {
        final int d = destStart + dest * DEST_SIZE;
        final int svc = clusters.intAt(d + D_SERVICE);
        final int port = clusters.intAt(d + D_PORT);
        final int portIndex = svc < 0 || port == 0 ? -1 : hostStage.portIndex(svc, port);
        if (portIndex < 0)
        {
            return -1;
        }
        final int cl = clusters.intAt(clusters.intAt(d + D_TABLE) + nsClass() * hostStage.portCount(svc) + portIndex);
        return cl <= -2 ? byWorkload(-cl - 2) : cl;
    }

    private void noHealthyUpstream()
    {
        q.res.action = Actions.DROP;
        q.res.status = 503;
        q.res.flags |= L7Result.FLAG_UH;
        q.res.reason = Reasons.NO_HEALTHY_UPSTREAM;
    }

    /**
     * Envoy's ORIGINAL_DST cluster: the request's original destination, none (no dst) is no upstream host.
     *
     * @param portOverride the cluster's {@code upstream_port_override}, 0 for none.
     */
    private void originalDestination(final int portOverride)
    {
        if (q.req.length(L7RequestView.DST) > 0)
        {
            q.res.endpoint = L7Result.originalDestination(portOverride);
            return;
        }
        noHealthyUpstream();
    }

    /**
     * The cluster of the DestinationRule a client's labels choose (docs/routing.md §4): the first rule whose
     * {@code workloadSelector} its labels match, else the rule without selector (or none).
     *
     * @param list a workload list.
     * @return its cluster, -1 for none.
     */
    private int byWorkload(final int list)
    {
        final int count = clusters.intAt(list + WL_COUNT);
        for (int k = 0; k < count; k++)
        {
            final int e = list + WL_ENTRIES + 2 * k;
            if (selects(clusters.intAt(e)))
            {
                return clusters.intAt(e + 1);
            }
        }
        return clusters.intAt(list + WL_ENTRIES + 2 * count);
    }

    private boolean selects(final int selector)
    {
        final int labels = clusters.intAt(selector);
        for (int k = 0; k < labels; k++)
        {
            final int value = q.findValue(q.sourceLabel(clusters.intAt(selector + 1 + 2 * k)));
            if (value < 0 || value != clusters.intAt(selector + 2 + 2 * k))
            {
                return false;
            }
        }
        return true;
    }

    /** @param d the destination record: its status of {@code NC}. */
    void noCluster(final int d)
    {
        q.res.action = Actions.DROP;
        q.res.status = clusters.intAt(d + D_NOT_FOUND_STATUS);
        q.res.flags |= L7Result.FLAG_NC;
        q.res.reason = Reasons.NO_CLUSTER;
    }

    /**
     * @param c     the cluster record.
     * @param first the first candidate endpoint (of the cluster's), {@code n} of them.
     * @return the picked one, relative to {@code first}.
     */
    private int pickEndpoint(final int c, final int first, final int n, final int actionRec)
    {
        if (n == 1)
        {
            return 0; // every load balancer picks the only endpoint (a consistent hash's key has no side effect)
        }
        final long id = q.res.requestId;
        if (clusters.intAt(c + CL_LB) == LB_CONSISTENT_HASH)
        {
            // Envoy's ring or Maglev table over the candidates (their weights are in it); without a key Envoy hashes
            // a random number into it
            final long key = consistentKey(c, actionRec);
            final int pick = ConsistentHashTables.pick(clusters, clusters.intAt(c + CL_HASH_TABLES), first, n,
                    key != 0 ? key : RequestHash.hashBits(id, RequestHash.LB), localities);
            return Math.max(pick, 0); // -1 (no table for the range) never happens: the differential tests hold it
        }
        final int weights = clusters.intAt(c + CL_EP_WEIGHTS);
        if (weights >= 0 && clusters.intAt(clusters.intAt(c + CL_EP_RUNS) + first) < first + n)
        {
            return weightedPick(weights, first, n); // Envoy: the weights count unless all are equal
        }
        switch (clusters.intAt(c + CL_LB))
        {
            case LB_ROUND_ROBIN:
                return (int)Math.floorMod(scheduleId, (long)n);
            case LB_RANDOM:
                return RandomLocalities.pick(clusters, clusters.intAt(c + CL_RANDOM_LOCALITIES), first, n, id);
            default:
                return RequestHash.hash(id, RequestHash.LB2) % n;
        }
    }

    /**
     * A weighted pick of round robin and least request (docs/routing.md §4): the request id modulo the total weight
     * (Envoy's earliest-deadline-first schedule with no load), then the endpoint whose cumulative weight first
     * passes it.
     */
    private int weightedPick(final int weights, final int first, final int n)
    {
        final long base = first == 0 ? 0 : clusters.longAt(weights + first - 1);
        final long total = clusters.longAt(weights + first + n - 1) - base;
        final long at = Math.floorMod(scheduleId, total);
        int lo = first;
        int hi = first + n - 1;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (clusters.longAt(weights + mid) - base > at)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo - first;
    }

    /** A VirtualService route hashes by its own hash policy; a default route by the cluster's key. 0: no key. */
    private long consistentKey(final int c, final int actionRec)
    {
        return actionRec >= 0 ? routeHash(actionRec)
                : hashKey(clusters.intAt(c + CL_HASH_KIND), clusters.intAt(c + CL_HASH_NAME), actionRec);
    }

    /**
     * The hash of a VirtualService route's hash policy (Envoy's {@code HashPolicyImpl::generateHash}): the key
     * each destination's DestinationRule gives it for this client (Istio's {@code HashForHTTPDestination}; a
     * weight-0 destination of several adds none), those present combined as each new hash XOR the old one
     * rotated left by one.
     *
     * @param actionRec the route's action record.
     * @return the hash, 0 when no key is present (a random pick).
     */
    private long routeHash(final int actionRec)
    {
        final int count = actions.intAt(actionRec + R_DEST_COUNT);
        final int start = actions.intAt(actionRec + R_DEST_START);
        long h = 0;
        boolean any = false;
        for (int k = 0; k < count; k++)
        {
            if (count > 1 && actions.intAt(start + 2 * k + 1) == 0)
            {
                continue;
            }
            final int dest = count == 1 ? actions.intAt(actionRec + R_DEST_FIRST) : actions.intAt(start + 2 * k);
            final int table = clusters.intAt(destStart + dest * DEST_SIZE + D_HASH_TABLE);
            if (table < 0)
            {
                continue;
            }
            int rec = clusters.intAt(table + nsClass());
            if (rec <= -2)
            {
                rec = byWorkload(-rec - 2);
            }
            if (rec < 0)
            {
                continue;
            }
            final long next = hashKey(clusters.intAt(rec), clusters.intAt(rec + 1), actionRec);
            if (next != 0)
            {
                h = any ? Long.rotateLeft(h, 1) ^ next : next;
                any = true;
            }
        }
        return any && h == 0 ? 1 : h;
    }

    /** @return the consistent-hash key's hash, 0 when the key is absent. */
    long hashKey(final int kind, final int name, final int actionRec)
    {
        if (kind == HASH_SOURCE_IP)
        {
            if (!q.loadHandle(L7RequestView.SOURCE_IP))
            {
                return 0;
            }
            // Envoy hashes the address as it prints it: an IPv6 source in inet_ntop's form
            final int v6 = connectionCookie.ipv6AddressText(q.val, 0, q.valLen);
            return v6 > 0 ? q.hashBytes(connectionCookie.ipv6Text(), 1, v6) : q.hashBytes(q.val, 0, q.valLen);
        }
        if (q.res.tcp)
        {
            return 0;
        }
        if (kind == HASH_QUERY)
        {
            return q.findQuery(name) ? q.hashBytes(q.path, q.queryOff, q.queryLen) : 0;
        }
        if (kind == HASH_COOKIE || kind == HASH_COOKIE_TTL)
        {
            final long h = cookieHash(name, actionRec);
            return h != 0 || kind == HASH_COOKIE ? h : generatedCookieHash();
        }
        return headerHash(name, actionRec);
    }

    /**
     * Envoy's {@code HeaderHashMethod}: the header's upstream values sorted (bytes, unsigned) and hashed as one
     * (xxHash64 over all of them, one after another); one value is hashed alone.
     *
     * @return the hash, 0 when the header does not go upstream.
     */
    private long headerHash(final int name, final int actionRec)
    {
        collect(name, actionRec);
        if (valueCount <= 1)
        {
            return valueCount == 1 && load(name, 0) ? q.hashBytes(q.val, 0, q.valLen) : 0;
        }
        int end = 0;
        for (int k = 0; k < valueCount; k++)
        {
            load(name, k);
            valueBytes = RequestScratch.ensure2(valueBytes, end + q.valLen);
            System.arraycopy(q.val, 0, valueBytes, end, q.valLen);
            end += q.valLen;
            valueEnds[k] = end;
            // insertion sort of the values seen so far
            int at = k;
            while (at > 0 && compare(valueOrder[at - 1], k) > 0)
            {
                valueOrder[at] = valueOrder[at - 1];
                at--;
            }
            valueOrder[at] = k;
        }
        joined = RequestScratch.ensure2(joined, end);
        int n = 0;
        for (int k = 0; k < valueCount; k++)
        {
            final int v = valueOrder[k];
            final int from = v == 0 ? 0 : valueEnds[v - 1];
            System.arraycopy(valueBytes, from, joined, n, valueEnds[v] - from);
            n += valueEnds[v] - from;
        }
        return q.hashBytes(joined, 0, n);
    }

    /** Compares two collected values' bytes as unsigned (C++'s {@code string_view} order). */
    private int compare(final int a, final int b)
    {
        final int aFrom = a == 0 ? 0 : valueEnds[a - 1];
        final int bFrom = b == 0 ? 0 : valueEnds[b - 1];
        return java.util.Arrays.compareUnsigned(valueBytes, aFrom, valueEnds[a], valueBytes, bFrom, valueEnds[b]);
    }

    /**
     * The cookie Envoy makes up for a cookie hash with a {@code ttl} when the request has none (router
     * {@code addDownstreamSetCookie}): hex of the xxHash64 of the connection's remote and local {@code ip:port}, the
     * remote being {@code src} and its port, the local the original destination {@code dst} (its port, else the
     * request's). Hashed as a cookie the request carried.
     *
     * @return its hash, 0 when the connection is not known (no source port, no {@code dst}, not IP addresses).
     */
    private long generatedCookieHash()
    {
        final int sourcePort = q.req.sourcePort();
        if (sourcePort <= 0)
        {
            return 0;
        }
        if (sourcePort == memoSourcePort && q.res.requestPort == memoRequestPort
                && q.req.contentEquals(L7RequestView.SOURCE_IP, memoSource, memoSourceLength)
                && q.req.contentEquals(L7RequestView.DST, memoDestination, memoDestinationLength))
        {
            return memoHash;
        }
        memoSourcePort = 0; // no memo until this connection's is whole (a source port is never 0)
        final ConnectionCookie cookie = connectionCookie.begin();
        if (!q.loadHandle(L7RequestView.SOURCE_IP) || !cookie.address(q.val, 0, q.valLen, sourcePort))
        {
            return 0;
        }
        memoSource = remember(memoSource, q.val, q.valLen);
        final int sourceLength = q.valLen;
        if (!q.loadHandle(L7RequestView.DST) || !cookie.destination(q.val, 0, q.valLen, q.res.requestPort))
        {
            return 0;
        }
        memoDestination = remember(memoDestination, q.val, q.valLen);
        memoSourceLength = sourceLength;
        memoDestinationLength = q.valLen;
        memoSourcePort = sourcePort;
        memoRequestPort = q.res.requestPort;
        memoHash = q.hashBytes(cookie.finish(), 0, ConnectionCookie.LENGTH);
        return memoHash;
    }

    /** @return {@code into} (grown when too short) holding {@code b[0, n)}. */
    private static byte[] remember(final byte[] into, final byte[] b, final int n)
    {
        final byte[] out = into.length >= n ? into : new byte[Math.max(n, 2 * into.length)];
        System.arraycopy(b, 0, out, 0, n);
        return out;
    }

    /**
     * A cookie's value in the {@code cookie} header's upstream values, as Envoy's {@code parseCookieValue} reads
     * them ({@code forEachCookie}): every value in turn; the first pair with the name wins, whichever value it is in.
     *
     * @return its hash, 0 when absent or empty.
     */
    private long cookieHash(final int name, final int actionRec)
    {
        collect(cookieHeader, actionRec);
        for (int k = 0; k < valueCount; k++)
        {
            if (load(cookieHeader, k))
            {
                final long h = cookieHashIn(name);
                if (pairFound)
                {
                    return h;
                }
            }
        }
        return 0;
    }

    /**
     * A cookie's value in the cookie header value loaded in {@code q.val} (pairs split on {@code ;}, leading spaces
     * skipped, the name up to the first {@code =}, one pair of double quotes removed).
     *
     * @return its hash, 0 when the pair's value is empty or no pair has the name ({@link #pairFound} tells which).
     */
    private long cookieHashIn(final int name)
    {
        pairFound = false;
        final byte[] v = q.val;
        final int len = q.valLen;
        int i = 0;
        while (i < len)
        {
            int end = i;
            while (end < len && v[end] != ';')
            {
                end++;
            }
            int start = i;
            while (start < end && v[start] == ' ')
            {
                start++;
            }
            int eq = start;
            while (eq < end && v[eq] != '=')
            {
                eq++;
            }
            if (eq < end && q.strings.equalsBytes(name, v, start, eq - start, false))
            {
                int from = eq + 1;
                int to = end;
                if (to - from >= 2 && v[from] == '"' && v[to - 1] == '"')
                {
                    from++;
                    to--;
                }
                pairFound = true;
                return to > from ? q.hashBytes(v, from, to - from) : 0;
            }
            i = end + 1;
        }
        return 0;
    }

    /** Loads the {@code k}th collected value into {@code q.val}. */
    private boolean load(final int name, final int k)
    {
        if (values[k] <= REQUEST_VALUE)
        {
            return q.loadHandle(q.req.value(q.header(name), REQUEST_VALUE - values[k]));
        }
        q.loadString(values[k]);
        return true;
    }

    /**
     * Collects a header's upstream values into {@link #values}: the request's own, then the route's and the chosen
     * destination's header operations level by level ({@code remove} drops every value, {@code set} replaces them,
     * {@code add} appends one).
     */
    private void collect(final int name, final int actionRec)
    {
        valueCount = 0;
        final int handle = q.header(name);
        if (handle >= 0 && q.req.length(handle) >= 0)
        {
            final int n = q.req.valueCount(handle); // a header on several lines: each line a value (Envoy's map)
            for (int k = 0; k < n; k++)
            {
                push(REQUEST_VALUE - k);
            }
        }
        final int routeCount = actionRec < 0 ? 0 : actions.intAt(actionRec + R_OP_COUNT);
        final int routeStart = actionRec < 0 ? 0 : actions.intAt(actionRec + R_OP_START);
        final int destCount = destOps < 0 ? 0 : actions.intAt(destOps + DO_OP_COUNT);
        final int destStart = destOps < 0 ? 0 : actions.intAt(destOps + DO_OP_START);
        if (weighted)
        {
            removes(destCount, destStart, name);
            writes(destCount, destStart, name);
            removes(routeCount, routeStart, name);
            writes(routeCount, routeStart, name);
        }
        else
        {
            removes(routeCount, routeStart, name);
            removes(destCount, destStart, name);
            writes(routeCount, routeStart, name);
            writes(destCount, destStart, name);
        }
    }

    private void push(final int value)
    {
        if (valueCount == values.length)
        {
            // more values than any route writes so far: grown once, kept for the next requests
            values = java.util.Arrays.copyOf(values, 2 * values.length);
            valueEnds = new int[values.length];
            valueOrder = new int[values.length];
        }
        values[valueCount++] = value;
    }

    private void removes(final int count, final int start, final int name)
    {
        for (int k = 0; k < count; k++)
        {
            final int o = start + 3 * k;
            if (actions.intAt(o) == OP_REMOVE && actions.intAt(o + 1) == name)
            {
                valueCount = 0;
            }
        }
    }

    private void writes(final int count, final int start, final int name)
    {
        for (int k = 0; k < count; k++)
        {
            final int o = start + 3 * k;
            if (actions.intAt(o + 1) != name)
            {
                continue;
            }
            final int op = actions.intAt(o);
            if (op == OP_SET)
            {
                valueCount = 0;
                push(actions.intAt(o + 2));
            }
            else if (op == OP_ADD)
            {
                push(actions.intAt(o + 2));
            }
        }
    }
}
