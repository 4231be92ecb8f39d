package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.decision.Reasons;

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
    private final FibImage image;
    private final StringPool strings;
    private final IndexedTable hosts;
    private final IndexedTable classifierTable;
    private final IndexedTable actions;
    private final IndexedTable clusters;
    private final IndexedTable endpoints;
    private final L7Regexes regexes;
    private final RequestScratch scratch;
    private final HostStage hostStage;
    /** The remote client clusters' views of the services' addresses (docs/routing.md §4 "Clusters"). */
    private final ClusterViews clusterViews;
    private final SidecarListeners listeners;
    private final Classifier classifier;
    private final L4Stage l4Stage;
    private final ClusterStage clusterStage;
    private final CorsStage corsStage;
    private final AuthzStage authzStage;
    private final int routeStart;
    private final int endpointStart;
    private L7Result res;
    /** The {@code jwt_authn} filters of the image's RequestAuthentications, {@code null} when it has none. */
    private final dev.wirespeed.fib.jwt.JwtStage jwt;

    /**
     * @param image   a FIB image with the L7 sections.
     * @param regexes the patterns compiled with it.
     */
    public L7Lookup(final FibImage image, final L7Regexes regexes)
    {
        this.image = image;
        this.strings = new StringPool(image);
        this.hosts = new IndexedTable(image, FibSection.HOST_STAGE);
        this.classifierTable = new IndexedTable(image, FibSection.CLASSIFIER);
        this.actions = new IndexedTable(image, FibSection.ACTIONS);
        this.clusters = new IndexedTable(image, FibSection.CLUSTERS);
        this.endpoints = new IndexedTable(image, FibSection.ENDPOINTS);
        this.regexes = regexes;
        this.scratch = new RequestScratch(strings, clusters);
        this.hostStage = new HostStage(hosts, strings, scratch);
        this.clusterViews = new ClusterViews(hosts, clusters, hostStage);
        this.listeners = new SidecarListeners(hosts, hostStage, scratch);
        this.classifier = new Classifier(new IndexedTable(image, FibSection.URI_STAGE), classifierTable, hosts,
                strings, regexes, scratch);
        this.l4Stage = new L4Stage(new IndexedTable(image, FibSection.L4_ROUTES), hostStage, strings, scratch);
        this.clusterStage = new ClusterStage(clusters, actions, hostStage, scratch);
        this.corsStage = new CorsStage(actions, scratch, strings, regexes);
        this.authzStage = new AuthzStage(image, strings, scratch, endpoints);
        this.routeStart = actions.intAt(A_ROUTE_START);
        this.endpointStart = endpoints.intAt(E_START);
        this.jwt = regexes.jwt().isEmpty() ? null : new dev.wirespeed.fib.jwt.JwtStage(regexes.jwt());
    }

    /**
     * For AuthorizationPolicy: the {@code jwt_authn} filter of this lookup's last request (its accepted token's
     * request principal and claims), {@code null} when the image has no RequestAuthentication.
     *
     * @return the stage.
     */
    public dev.wirespeed.fib.jwt.JwtStage jwt()
    {
        return jwt;
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
        return classifierTable;
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
        if (jwt != null)
        {
            jwt.start();
        }
        decide(request, result);
        final int e = result.endpoint;
        if (jwt != null && result.jwt == 0 && result.action == Actions.ROUTE && !result.tcp && e >= 0)
        {
            // the chosen endpoint's sidecar runs its own jwt_authn filter on what the client's proxy sends
            final int set = jwt.policies().endpointSet(endpoints.intAt(endpointStart + e * EP_SIZE));
            final int s = set < 0 ? 0 : jwt.check(set, request, false);
            if (s != 0)
            {
                result.jwt = s;
                result.action = Actions.DIRECT;
                result.status = dev.wirespeed.fib.jwt.JwtStatus.httpStatus(s);
            }
        }
        if (authzStage.any() && result.action == Actions.ROUTE && !result.tcp && e >= 0
                && result.authz < 0 && request.length(L7RequestView.SNI) < 0)
        {
            // the RBAC filters of the endpoint's sidecar, after its jwt_authn filter (docs/routing.md "Authorization")
            result.authz = authzStage.server(endpointStart + e * EP_SIZE,
                    scratch.gwId == hostStage.meshId && scratch.gwId >= 0, jwt == null ? null : jwt.serverAccepted());
        }
    }

    private void decide(final L7RequestView request, final L7Result result)
    {
        this.res = result;
        result.reset(request.id(), request.port());
        scratch.start(request, result);
        final boolean mesh = scratch.gwId == hostStage.meshId && scratch.gwId >= 0;
        if (clusterViews.any())
        {
            clusterViews.seeFrom(hostStage, scratch, mesh); // the client's cluster's addresses, of its family
        }
        hostStage.selectSidecar(mesh);
        final boolean connection = request.length(L7RequestView.SNI) >= 0;
        if (!mesh && gatewayServer(connection))
        {
            return;
        }
        if (!mesh && !connection && gatewayFilters(request))
        {
            return;
        }
        // Envoy picks a TCP or sniffed listener bound to a service address by the original destination
        int svc = mesh ? hostStage.atDestination() : -1;
        if (svc < 0)
        {
            svc = hostStage.resolve();
        }
        int portKind = svc < 0 ? -1 : hostStage.listenerPortKind(svc, result.requestPort);
        if (mesh && portKind < 0)
        {
            // a service that does not declare the port is left out of that port's route table: its host is outside
            // the registry there (docs/routing.md §1 item 2)
            svc = -1;
        }
        if (svc < 0 && connection)
        {
            svc = hostStage.resolveSni(); // a service without address, named by the TLS server name
            portKind = svc < 0 ? -1 : hostStage.listenerPortKind(svc, result.requestPort);
            svc = mesh && portKind < 0 ? -1 : svc;
        }
        if (svc >= 0 && !hostStage.serviceVisible(svc))
        {
            svc = -1; // its Sidecar hides the service: the host is unknown to this workload
        }
        // a sniffed port routes an HTTP request as HTTP and a connection as TCP (docs/routing.md §1 item 8)
        final boolean tcp = svc >= 0 ? portKind >= 0 && portKind != PORT_HTTP && (portKind != PORT_AUTO || connection)
                : connection;
        result.tcp = tcp;
        if (tcp && svc < 0 || mesh && svc < 0 && !listeners.httpListener())
        {
            // a connection to an unknown address, or an HTTP request on a port where the client has no HTTP listener:
            // the virtual outbound listener's passthrough chain (its dynamic forward proxy chain for plain-text HTTP
            // under ALLOW_ANY_DYNAMIC_DNS)
            result.tcp = tcp || hostStage.outboundPolicy() != OUTBOUND_ALLOW_ANY_DYNAMIC_DNS;
            result.serverNamed = true;
            defaultRoute(-1); // a connection to an unknown address: the listener's passthrough chain
            return;
        }
        if (mesh && svc >= 0 && !tcp && portKind == PORT_HTTP && !listeners.hasVirtualHost(svc, result.requestPort))
        {
            // an egress listener makes the port HTTP, but the service's own port is TCP: Istio builds it no virtual
            // host, so the route table's catch-all answers (docs/routing.md §1 item 8)
            defaultRoute(-1);
            return;
        }
        // A registry service on a sidecar keeps its most specific VirtualService even without HTTP routes (then
        // its default route answers); otherwise a VirtualService without HTTP routes makes no virtual host.
        if (tcp)
        {
            connectionRoute(svc);
            return;
        }
        int vs = hostStage.chooseVirtualHost(!mesh || svc < 0);
        if (vs < 0)
        {
            defaultRoute(svc);
            return;
        }
        result.virtualHost = vs;
        if (!hostStage.chosenHasHttp(vs))
        {
            // only tcp routes, or no HTTP route built for this proxy (port, source, gateway): the next of the most
            // specific group that has one, else the service's default route
            vs = hostStage.nextInGroup();
            if (vs < 0)
            {
                defaultRoute(svc);
                return;
            }
            result.virtualHost = vs;
        }
        if (mesh)
        {
            select(vs, classifier.classify(vs, hostStage.classifierRecord(vs)), true);
        }
        else
        {
            mergedGatewayHost(vs);
        }
    }

    /**
     * A gateway's jwt_authn filter runs first of its HTTP filters, then its RBAC filters, before its fault and CORS
     * filters and its router.
     *
     * @return whether one of them answered the request with its local reply.
     */
    private boolean gatewayFilters(final L7RequestView request)
    {
        return jwt != null && gatewayJwt(request) || authzStage.any() && gatewayDenies();
    }

    /** @return whether a gateway's RBAC filters deny the request: its local reply 403. */
    private boolean gatewayDenies()
    {
        final int denied = authzStage.gateway(scratch.gwId, jwt == null ? null : jwt.gatewayAccepted());
        if (denied < 0)
        {
            return false;
        }
        res.action = Actions.DROP;
        res.status = 403;
        res.reason = Reasons.RBAC_ACCESS_DENIED;
        res.authz = denied;
        return true;
    }

    /** A gateway's jwt_authn filter, before its router: whether it answered the request with its local reply. */
    private boolean gatewayJwt(final L7RequestView request)
    {
        final int set = jwt.policies().gatewaySet(scratch.gwId);
        final int s = set < 0 ? 0 : jwt.check(set, request, true);
        if (s == 0)
        {
            return false;
        }
        res.jwt = s;
        res.action = Actions.DIRECT;
        res.status = dev.wirespeed.fib.jwt.JwtStatus.httpStatus(s);
        res.virtualHost = -1;
        return true;
    }

    /**
     * A gateway merges the VirtualServices that share a host (load order) into one virtual host, with the
     * catch-all routes moved behind the others (Istio's {@code SortVHostRoutes}): the first VirtualService
     * whose first matching block is not a catch-all wins; else the first whose first match is a catch-all.
     */
    private void mergedGatewayHost(final int first)
    {
        int catchAllVs = -1;
        int catchAllBlock = -1;
        for (int v = first; v >= 0; v = hostStage.nextInGroup())
        {
            final int block = classifier.classify(v, hostStage.classifierRecord(v));
            if (block < 0)
            {
                continue;
            }
            if (!hostStage.isCatchAll(block))
            {
                select(v, block, true);
                return;
            }
            if (catchAllBlock < 0)
            {
                catchAllVs = v;
                catchAllBlock = block;
            }
        }
        select(catchAllBlock < 0 ? first : catchAllVs, catchAllBlock, false);
    }

    /**
     * @param justClassified the block is the one the classifier's last {@code classify} matched: its route and
     *                       prefix length are read from the tests record already in cache.
     */
    private void select(final int vs, final int block, final boolean justClassified)
    {
        res.virtualHost = vs;
        if (block < 0)
        {
            noRoute();
            return;
        }
        res.block = block;
        res.route = justClassified ? classifier.matchedRoute() : classifier.route(block);
        res.prefixLength = justClassified ? classifier.matchedPrefixLength() : classifier.prefixLength(block);
        final int simple = justClassified ? classifier.matchedSimpleDestination() : -1;
        if (simple >= 0)
        {
            // what applyAction decides for such a route, without reading its record (docs/fib.md)
            res.mirrorMask = 0;
            res.action = Actions.ROUTE;
            clusterStage.route(simple, routeStart + res.route * ROUTE_SIZE, -1, false);
            return;
        }
        applyAction(res.route);
    }

    private void defaultRoute(final int svc)
    {
        res.virtualHost = -1;
        if (scratch.gwId != hostStage.meshId || scratch.gwId < 0)
        {
            noRoute();
        }
        else if (svc >= 0)
        {
            res.action = Actions.ROUTE;
            clusterStage.route(hostStage.defaultDestination(svc), -1);
        }
        else
        {
            outbound();
        }
    }

    /** A host no service or VirtualService knows, on a sidecar: Istio's catch-all virtual host. */
    private void outbound()
    {
        if (hostStage.outboundPolicy() == OUTBOUND_REGISTRY_ONLY && res.tcp)
        {
            res.action = Actions.DROP; // BlackHoleCluster: a cluster without endpoints
            res.cluster = L7Result.CLUSTER_BLACKHOLE;
            res.flags |= L7Result.FLAG_UH;
            res.reason = Reasons.NO_HEALTHY_UPSTREAM;
            return;
        }
        if (hostStage.outboundPolicy() == OUTBOUND_REGISTRY_ONLY)
        {
            res.action = Actions.DIRECT; // block_all: a direct response without a route of ours
            res.status = 502;
            return;
        }
        res.action = Actions.ROUTE;
        if (hostStage.outboundPolicy() == OUTBOUND_ALLOW_ANY_DYNAMIC_DNS && !res.tcp)
        {
            res.cluster = L7Result.CLUSTER_DYNAMIC_DNS; // allow_any_dynamic_dns: the authority is resolved upstream
            return;
        }
        final int egress = hostStage.egressDestination();
        if (egress >= 0)
        {
            clusterStage.route(egress, -1);
            return;
        }
        res.cluster = L7Result.CLUSTER_PASSTHROUGH;
    }

    private void noRoute()
    {
        res.action = Actions.DROP;
        res.status = 404;
        res.flags |= L7Result.FLAG_NR;
        res.reason = Reasons.NO_ROUTE;
    }

    /**
     * A record on a gateway port whose servers proxy connections (§5.1 to §5.3): a connection record on a port with
     * AUTO_PASSTHROUGH or TLS passthrough servers, any record on a port with TCP servers. Envoy's filter chain
     * match over every chain of the port: the most specific server name first (an AUTO_PASSTHROUGH chain's name is
     * exact), then the application protocols among those (only AUTO_PASSTHROUGH chains have a condition on them).
     *
     * @return whether one of them decided the record.
     */
    private boolean gatewayServer(final boolean connection)
    {
        final int rec = hostStage.gatewayPort(connection);
        if (rec < 0)
        {
            return false;
        }
        final IndexedTable hosts = hostStage.hosts;
        final int flags = hosts.intAt(rec + GP_FLAGS);
        if (!connection ? hosts.intAt(rec + GP_TCP_COUNT) == 0 || (flags & GP_HTTP) != 0
                : (flags & (GP_AUTO | GP_PASSTHROUGH)) == 0 && hosts.intAt(rec + GP_TCP_COUNT) == 0)
        {
            return false;
        }
        res.tcp = true;
        res.serverNamed = true;
        res.virtualHost = -1;
        // only a port with an AUTO_PASSTHROUGH server pays for the SNI's pool probe
        final int auto = connection && (flags & GP_AUTO) != 0 ? autoPassthrough() : -1;
        if (auto >= 0 && l4Stage.offersIstioAlpn())
        {
            res.action = Actions.ROUTE;
            clusterStage.route(auto, -1);
            return true;
        }
        final int route = l4Stage.gatewayPortMatch(rec, auto >= 0);
        if (route == L4Stage.HTTP_CHAIN)
        {
            res.tcp = false; // an HTTPS server's chain terminates TLS: the port's ordinary path decides (§5.3)
            res.serverNamed = false;
            return false;
        }
        if (route == L4Stage.HTTP_PLAIN_CHAIN)
        {
            res.action = Actions.DROP; // a connection the plain-text HTTP codec cannot read: Envoy's 400 DPE
            res.status = 400;
            res.flags |= L7Result.FLAG_DPE;
            res.reason = Reasons.DOWNSTREAM_PROTOCOL_ERROR;
            return true;
        }
        l4Route(route);
        return true;
    }

    /**
     * An AUTO_PASSTHROUGH server's chain named by the SNI ({@code outbound_.PORT_.SUBSET_.HOST}): one exists for a
     * service the client sees, on a port of an AUTO_PASSTHROUGH server, with a subset the client's DestinationRule
     * defines (§5.2).
     *
     * @return the chain's destination, or -1 for none.
     */
    private int autoPassthrough()
    {
        final int list = hostStage.autoPassthroughList(l4Stage.sniId());
        final IndexedTable hosts = hostStage.hosts;
        final int count = list < 0 ? 0 : hosts.intAt(list);
        for (int k = 0; k < count; k++)
        {
            final int e = list + 1 + k * GA_SIZE;
            final int dest = hosts.intAt(e + GA_DEST);
            if (hosts.intAt(e + GA_PORT) == res.requestPort && hostStage.serviceVisible(hosts.intAt(e + GA_SERVICE))
                    && clusterStage.clusterOf(dest) >= 0)
            {
                return dest;
            }
        }
        return -1;
    }

    /** Routes by an L4 route record ({@code L4_ROUTES}); -1: no filter chain, Envoy closes the connection. */
    private void l4Route(final int route)
    {
        if (route < 0)
        {
            noRoute();
            return;
        }
        res.virtualHost = l4Stage.chosenVs;
        final IndexedTable l4 = l4Stage.l4;
        final int dest = pickDestination(l4, l4.intAt(route), l4.intAt(route + 1), l4.intAt(route + 2));
        res.action = Actions.ROUTE;
        clusterStage.route(dest, -1);
    }

    /**
     * A connection to a service's TCP, TLS or HTTPS port: the filter chains of every VirtualService for its host
     * (docs/routing.md §5); no chain holds, the service's default chain; on a TLS port no chain takes the server
     * name, the listener's passthrough chain.
     */
    private void connectionRoute(final int svc)
    {
        final int list = hostStage.connectionList(svc);
        if (list < 0)
        {
            defaultRoute(svc);
            return;
        }
        final boolean tls = hostStage.listenerPortKind(svc, res.requestPort) == PORT_TLS;
        res.serverNamed = tls;
        final int route = tls ? l4Stage.tlsMatch(list, svc) : l4Stage.tcpMatch(list, svc);
        if (route == -2 || route < 0 && !tls)
        {
            defaultRoute(svc);
            return;
        }
        if (route < 0)
        {
            defaultRoute(-1); // no filter chain takes the connection: the listener's passthrough chain
            return;
        }
        l4Route(route);
    }

    // ---------------------------------------------------------------- action stage

    private void applyAction(final int route)
    {
        final int a = routeStart + route * ROUTE_SIZE;
        final long id = res.requestId;
        // Envoy's filters in Istio's order: fault (on every route, redirect and direct response included), CORS
        // (on a route with a destination only), then the router
        final int delayPct = actions.intAt(a + R_DELAY_PCT);
        if (delayPct >= 0 && RequestHash.pct(id, RequestHash.DELAY) < actions.doubleAt(delayPct))
        {
            res.flags |= L7Result.FLAG_DI;
            res.delayMillis = actions.longAt(actions.intAt(a + R_DELAY_MILLIS));
        }
        final int abortPct = actions.intAt(a + R_ABORT_PCT);
        if (abortPct >= 0 && RequestHash.pct(id, RequestHash.ABORT) < actions.doubleAt(abortPct))
        {
            res.action = Actions.ABORT;
            res.status = actions.intAt(a + R_ABORT_STATUS);
            res.flags |= L7Result.FLAG_FI;
            return;
        }
        switch (actions.intAt(a + R_KIND))
        {
            case KIND_REDIRECT:
                res.action = Actions.REDIRECT;
                res.status = actions.intAt(a + R_REDIRECT_CODE);
                return;
            case KIND_DIRECT:
                res.action = Actions.DIRECT;
                res.status = actions.intAt(a + R_DIRECT_STATUS);
                return;
            default:
                break;
        }
        final int cors = actions.intAt(a + R_CORS);
        if (cors >= 0 && corsStage.answers(cors))
        {
            res.action = Actions.DIRECT; // the CORS filter's answer to a preflight
            res.status = 200;
            return;
        }
        final int count = actions.intAt(a + R_DEST_COUNT);
        final int pick = count == 1 ? 0 : pickIndex(id, actions, count, actions.intAt(a + R_DEST_START),
                actions.intAt(a + R_WEIGHT_SUM));
        final int dest = pick == 0 ? actions.intAt(a + R_DEST_FIRST)
                : actions.intAt(actions.intAt(a + R_DEST_START) + 2 * pick);
        final int destOps = actions.intAt(a + R_DEST_OPS);
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
        res.action = Actions.ROUTE;
        clusterStage.route(dest, a, destOps < 0 ? -1 : destOps + pick * DEST_OPS_SIZE, count > 1);
    }

    private int pickDestination(final IndexedTable t, final int count, final int start, final int sum)
    {
        return t.intAt(start + 2 * pickIndex(res.requestId, t, count, start, sum));
    }

    /**
     * The weighted choice of docs/routing.md §3.2.
     *
     * @param requestId the request id.
     * @param t         the table holding the {destId, weight} list.
     * @param count     destinations.
     * @param start     where the list starts.
     * @param sum       the sum of the weights.
     * @return the index of the chosen destination in the list.
     */
    public static int pickIndex(final long requestId, final IndexedTable t, final int count, final int start,
            final int sum)
    {
        if (count == 1)
        {
            return 0;
        }
        if (sum == L7Layout.WEIGHT_SUM_WIDE)
        {
            return pickIndexWide(requestId, t, count, start);
        }
        final int h = RequestHash.hash(requestId, RequestHash.WEIGHT);
        if (sum == 0)
        {
            return h % count;
        }
        final int r = h % sum;
        int cumulative = 0;
        for (int k = 0; k < count; k++)
        {
            cumulative += t.intAt(start + 2 * k + 1);
            if (r < cumulative)
            {
                return k;
            }
        }
        return count - 1;
    }

    /** Weights whose sum passes {@link Integer#MAX_VALUE}: long sums and a 63-bit draw (rare; no allocation). */
    private static int pickIndexWide(final long requestId, final IndexedTable t, final int count, final int start)
    {
        long total = 0;
        for (int k = 0; k < count; k++)
        {
            total += t.intAt(start + 2 * k + 1);
        }
        final long r = RequestHash.hash63(requestId, RequestHash.WEIGHT) % total;
        long cumulative = 0;
        for (int k = 0; k < count; k++)
        {
            cumulative += t.intAt(start + 2 * k + 1);
            if (r < cumulative)
            {
                return k;
            }
        }
        return count - 1;
    }
}
