package dev.wirespeed.fib.l7;

import java.nio.charset.StandardCharsets;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Host stage (reads {@code HOST_STAGE} and the string pool): normalises the request's authority,
 * resolves aliases (service address, short name, {@code name.ns.svc}, {@code name.ns}) and picks the
 * virtual host bound to the request's gateway and exported to its namespace — exact host, then wildcard
 * suffixes longest first, then {@code *}. Also answers questions about registry services (ports,
 * protocol, default destination) for the later stages. The choice among the candidates is
 * {@link VirtualHostChoice}'s. Next: {@link Classifier} or {@link L4Stage}.
 */
final class HostStage
{
    private static final byte[] SVC_CLUSTER_LOCAL = ".svc.cluster.local".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLUSTER_LOCAL = ".cluster.local".getBytes(StandardCharsets.US_ASCII);

    final IndexedTable hosts;
    private final StringPool strings;
    private final RequestScratch q;
    final int meshId;
    final int vsStart;
    int svcStart; // the service records the client sees (ClusterViews)
    int view; // the key ordinal of the client's view of the services' addresses (ClusterViews), 0 for most
    boolean notDomainKeys; // some view has listener addresses that are no domain (SVC_ADDRESS_NOT_DOMAIN keys)

    byte[] host = new byte[256];
    int hostLen;
    private byte[] alt = new byte[256];
    private byte[] authority = new byte[256];
    private byte[] lastAuthority = new byte[256];
    private int lastAuthorityLength = -1;
    private int lastNamespace = -1;
    private int lastService = -1;
    private int lastGateway = -1;
    private int lastPort = -1;
    /** The Sidecar visibility {@link #resolve} was decided with (an alias holds only for a service the client sees). */
    private int lastSvcVisible = -1;
    /** The HOST_EXACT candidate list of the host's exact host bucket, -1 when not found that way. */
    int exactList = -1;
    /** The host's exact host bucket (HB_*), -1 when not found that way. */
    private int exactBucket = -1;
    int hostId;
    /** No listener of the Sidecar takes the port: nothing is visible. */
    private static final int NOTHING = -2;
    private final int rootNamespaceId;
    private final int serviceNames;
    private int sidecar = -1;
    int svcVisible = -1; // the services the request's Sidecar listener shows (-1 all, NOTHING none): read only
    int vsVisible = -1;
    /** PORT_* of the chosen egress listener's protocol when it names the request's port, else -1. */
    private int listenerKind = -1;

    HostStage(final IndexedTable hosts, final StringPool strings, final RequestScratch q)
    {
        this.hosts = hosts;
        this.strings = strings;
        this.q = q;
        this.meshId = hosts.intAt(H_MESH_ID);
        this.vsStart = hosts.intAt(H_VS_START);
        this.svcStart = hosts.intAt(H_SVC_START);
        this.rootNamespaceId = hosts.intAt(H_ROOT_NAMESPACE);
        this.serviceNames = hosts.intAt(H_SERVICE_NAMES);
        this.bucketStart = hosts.intAt(H_HOST_BUCKETS);
        this.bucketMask = hosts.intAt(H_HOST_BUCKET_MASK);
        this.anyGatewayTcp = hosts.find(hostKey(KEY_GW_TCP, 0, 0)) >= 0;
        this.addressListeners = hosts.find(hostKey(KEY_ADDRESS_LISTENERS, 0, 0)) >= 0;
        this.choice = new VirtualHostChoice(this, hosts, strings, q);
        this.endpointListeners = new EndpointListeners(hosts, q);
        this.cidrListeners = new CidrListeners(hosts, q);
    }

    /** The exact host buckets: the first one's int index, and their count - 1 (-1: none). */
    private final int bucketStart;
    private final int bucketMask;

    /** The candidate choice, once the host is resolved; the passthrough services' per-endpoint listeners. */
    private final VirtualHostChoice choice;
    private final EndpointListeners endpointListeners;
    private final CidrListeners cidrListeners;

    /** Whether some gateway has TCP servers: else an HTTP request on a gateway skips the GW_TCP probe. */
    private final boolean anyGatewayTcp;

    /** Whether some listener may be picked by the original destination: else {@link #atDestination} reads nothing. */
    private final boolean addressListeners;

    /**
     * @param svc a service.
     * @return its service record (index into the int area).
     */
    int serviceRecord(final int svc)
    {
        return svcStart + svc * SVC_SIZE;
    }

    /**
     * @param svc a service.
     * @return its number of ports.
     */
    int portCount(final int svc)
    {
        return hosts.intAt(serviceRecord(svc) + SVC_PORT_COUNT);
    }

    /** @return the outbound traffic policy for unknown hosts: OUTBOUND_ALLOW_ANY or OUTBOUND_REGISTRY_ONLY. */
    int outboundPolicy()
    {
        return sidecar >= 0 && hosts.intAt(sidecar + SC_OUTBOUND) >= 0 ? hosts.intAt(sidecar + SC_OUTBOUND)
                : hosts.intAt(H_OUTBOUND);
    }

    /** @return the egress proxy's destination for unknown hosts, -1 for the original destination. */
    int egressDestination()
    {
        return sidecar >= 0 && hosts.intAt(sidecar + SC_OUTBOUND) >= 0 ? hosts.intAt(sidecar + SC_EGRESS_DEST)
                : hosts.intAt(H_EGRESS_DEST);
    }

    /**
     * Selects the request's Sidecar (a sidecar request only): the first of its namespace whose selector its
     * labels match, else its namespace's without selector, else the root namespace's; then the egress
     * listener for its port (else the one without port).
     *
     * @param mesh whether the request comes from a sidecar.
     */
    void selectSidecar(final boolean mesh)
    {
        sidecar = -1;
        svcVisible = -1;
        vsVisible = -1;
        listenerKind = -1;
        final int count = hosts.intAt(H_SIDECAR_COUNT);
        if (!mesh || count == 0)
        {
            return;
        }
        final int start = hosts.intAt(H_SIDECAR_START);
        for (int pass = 0; pass < 3 && sidecar < 0; pass++)
        {
            final int ns = pass == 2 ? rootNamespaceId : q.nsId;
            if (ns < 0)
            {
                continue;
            }
            for (int i = 0; i < count && sidecar < 0; i++)
            {
                final int rec = start + i * SIDECAR_SIZE;
                final int selectors = hosts.intAt(rec + SC_SELECTOR_COUNT);
                if (hosts.intAt(rec + SC_NAMESPACE) == ns && (pass == 0 ? selectors > 0 && selects(rec, selectors)
                        : selectors == 0))
                {
                    sidecar = rec;
                }
            }
        }
        if (sidecar < 0)
        {
            return;
        }
        final int listeners = hosts.intAt(sidecar + SC_LISTENER_COUNT);
        if (listeners == 0)
        {
            return;
        }
        final int lstart = hosts.intAt(sidecar + SC_LISTENER_START);
        int chosen = -1;
        for (int k = 0; k < listeners && chosen < 0; k++)
        {
            if (hosts.intAt(lstart + k * LISTENER_SIZE) == q.res.requestPort)
            {
                chosen = lstart + k * LISTENER_SIZE;
            }
        }
        for (int k = 0; k < listeners && chosen < 0; k++)
        {
            if (hosts.intAt(lstart + k * LISTENER_SIZE) == 0)
            {
                chosen = lstart + k * LISTENER_SIZE;
            }
        }
        svcVisible = chosen < 0 ? NOTHING : hosts.intAt(chosen + 1);
        vsVisible = chosen < 0 ? NOTHING : hosts.intAt(chosen + 2);
        listenerKind = chosen < 0 || hosts.intAt(chosen) != q.res.requestPort ? -1
                : hosts.intAt(chosen + LISTENER_KIND);
    }

    /** @return PORT_* of the chosen egress listener's protocol when it names the request's port, else -1. */
    int egressListenerKind()
    {
        return listenerKind;
    }

    /**
     * @param svc  a service.
     * @param port a port.
     * @return PORT_* of the client's listener for the service's port: the egress listener's protocol when it names
     *         the port, else the port's own; -1 when the service does not declare the port.
     */
    int listenerPortKind(final int svc, final int port)
    {
        final int kind = portKind(svc, port);
        return kind >= 0 && listenerKind >= 0 ? listenerKind : kind;
    }

    private boolean selects(final int rec, final int selectors)
    {
        final int start = hosts.intAt(rec + SC_SELECTOR_START);
        for (int k = 0; k < selectors; k++)
        {
            final int value = q.findValue(q.sourceLabel(hosts.intAt(start + 2 * k)));
            if (value < 0 || value != hosts.intAt(start + 2 * k + 1))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param svc a registry service.
     * @return whether the request's Sidecar lets it see the service.
     */
    boolean serviceVisible(final int svc)
    {
        return bit(svcVisible, svc) && exported(svc);
    }

    /** Whether the service is exported to the request's namespace (Istio's service visibility). */
    private boolean exported(final int svc)
    {
        final int s = svcStart + svc * SVC_SIZE;
        if (hosts.intAt(s + SVC_EXPORT_ALL) != 0)
        {
            return true;
        }
        final int n = hosts.intAt(s + SVC_EXPORT_COUNT);
        final int start = hosts.intAt(s + SVC_EXPORT_START);
        for (int k = 0; k < n && q.nsId >= 0; k++)
        {
            if (hosts.intAt(start + k) == q.nsId)
            {
                return true;
            }
        }
        return false;
    }

    boolean bit(final int ref, final int index)
    {
        if (ref == -1)
        {
            return true;
        }
        if (ref == NOTHING)
        {
            return false;
        }
        final int word = index >> 6;
        return word < hosts.longAt(ref) && (hosts.longAt(ref + 1 + word) & (1L << index)) != 0;
    }

    /**
     * @param svc a service.
     * @return the destination of its default route.
     */
    int defaultDestination(final int svc)
    {
        return hosts.intAt(serviceRecord(svc) + SVC_DEFAULT_DEST);
    }

    void appendTo(final byte[] src, final int from, final int n)
    {
        host = RequestScratch.ensure2(host, hostLen + n);
        System.arraycopy(src, from, host, hostLen, n);
        hostLen += n;
    }

    /**
     * Normalises the authority into {@code host}, resolves aliases; returns the registry service or -1.
     *
     * <p>On {@code mesh} an alias holds only when it names a service the client sees that declares the request's
     * port (docs/routing.md §1 items 2 and 3): otherwise the host stays as written and the result is -1. On a gateway
     * no alias holds.
     *
     * <p>The outcome depends only on the authority's bytes, the source namespace, the gateway, the port and the
     * Sidecar's visibility, so it is remembered for
     * the next request: requests in a row to one host (a connection's requests, an ingress with one host) cost
     * one copy and one comparison of the authority, as the gateway and namespace ids do in
     * {@link RequestScratch#findRepeated}. A namespace no rule names (id -1) is not remembered: the alias
     * rules read its bytes.
     */
    int resolve()
    {
        if (lastAuthorityLength >= 0 && q.nsId == lastNamespace && q.nsId >= 0 && q.gwId == lastGateway
                && q.res.requestPort == lastPort && svcVisible == lastSvcVisible
                && q.req.contentEquals(L7RequestView.AUTHORITY, lastAuthority, lastAuthorityLength))
        {
            return lastService; // host, hostLen and hostId still hold that request's (compared in place)
        }
        final int n = Math.max(0, q.req.length(L7RequestView.AUTHORITY));
        authority = RequestScratch.ensure(authority, n + 8); // room for normalise's 8-byte loads
        if (n > 0)
        {
            q.req.copyTo(L7RequestView.AUTHORITY, authority, 0);
        }
        final int svc = normalise(n);
        final byte[] t = lastAuthority;
        lastAuthority = authority;
        authority = t;
        lastAuthorityLength = n;
        lastNamespace = q.nsId;
        lastGateway = q.gwId;
        lastPort = q.res.requestPort;
        lastSvcVisible = svcVisible;
        lastService = svc;
        return svc;
    }

    private int normalise(final int n)
    {
        host = RequestScratch.ensure(host, n + 64);
        // eight bytes at a time: lower-case into host, count the dots, hash; the rare authority with a ':' or ']'
        // (a port, an IPv6 literal) takes the byte loop of normaliseSpecial
        final byte[] a = authority;
        final byte[] b = host;
        int dots = 0;
        long special = 0;
        long h = StringPool.HASH_START;
        for (int i = 0; i < n; i += 8)
        {
            long w = StringPool.word(a, i);
            if (n - i < 8)
            {
                w &= (1L << ((n - i) << 3)) - 1; // the tail, zero-padded as StringPool.hash64 pads it
            }
            final long lw = StringPool.lowerAscii8(w);
            StringPool.putWord(b, i, lw);
            dots += Long.bitCount(StringPool.bytesEqual(lw, '.'));
            special |= StringPool.bytesEqual(lw, ':') | StringPool.bytesEqual(lw, ']');
            h = StringPool.hashWord(h, lw);
        }
        if (special != 0)
        {
            return normaliseSpecial(n);
        }
        hostLen = n;
        return lookUpHost(StringPool.hashFinish64(h, n), dots);
    }

    /** {@link #normalise} of an authority with a ':' or ']': port stripped, IPv6 brackets removed. */
    private int normaliseSpecial(final int n)
    {
        // one pass: lower-case into host, note the colons, dots and ']' (the dots before the last colon are kept)
        final byte[] a = authority;
        final byte[] b = host;
        int colons = 0;
        int colonAt = -1;
        int dots = 0;
        int dotsAtColon = 0;
        int close = -1;
        for (int i = 0; i < n; i++)
        {
            final byte c = StringPool.lowerAscii(a[i]);
            b[i] = c;
            if (c == ':')
            {
                colons++;
                colonAt = i;
                dotsAtColon = dots;
            }
            else if (c == '.')
            {
                dots++;
            }
            else if (c == ']' && close < 0)
            {
                close = i;
            }
        }
        hostLen = n;
        if (n > 0 && b[0] == '[' && close > 0)
        {
            System.arraycopy(b, 1, b, 0, close - 1);
            hostLen = close - 1;
            dots = SidecarListeners.count(b, hostLen, (byte)'.');
        }
        else if (colons == 1)
        {
            hostLen = colonAt;
            dots = dotsAtColon;
        }
        return lookUpHost(StringPool.hash64(b, 0, hostLen, false), dots);
    }

    /** The host is normalised in {@code host}: finds its exact host bucket, else its string id and aliases. */
    private int lookUpHost(final long hash, final int dots)
    {
        final byte[] b = host;
        exactList = -1;
        exactBucket = -1;
        if (q.gwId >= 0 && bucketMask >= 0 && (dots > 2 || dots == 2 && !endsWithSvc()))
        {
            // no alias rule applies: the exact host bucket, found by the hash, holds the host's id, service,
            // candidates and first candidate's classifier record (docs/fib.md), so neither the string pool nor an
            // index slot is read
            final int rec = exactHost(b, hostLen, hash);
            if (rec >= 0)
            {
                exactBucket = rec;
                hostId = hosts.intAt(rec + HB_HOST);
                exactList = hosts.intAt(rec + HB_LIST);
                return hosts.intAt(rec + HB_SERVICE);
            }
        }
        return resolveAliases(strings.find(b, 0, hostLen, false, (int)hash), dots);
    }

    /** @return the exact host bucket of the request's gateway and these host bytes, -1 when none. */
    private int exactHost(final byte[] b, final int len, final long hash)
    {
        final long key = hostHashKey(q.gwId, hash);
        final int tag = hostBucketTag(key);
        for (int i = hostBucket(key) & bucketMask; ; i = (i + 1) & bucketMask)
        {
            final int rec = bucketStart + i * HB_SIZE;
            final int length = hosts.intAt(rec + HB_LENGTH);
            if (length == 0)
            {
                return -1;
            }
            if (length == len + 1 && hosts.intAt(rec + HB_TAG) == tag
                    && StringPool.sameBytes(hosts.intAddress(hosts.intAt(rec + HB_BYTES)), b, 0, len, false))
            {
                return rec;
            }
        }
    }

    /**
     * @param vs the virtual host chosen for the request.
     * @return the copy of its CLASSIFIER record in the host's exact host bucket (HOST_STAGE ints, its lists too),
     *         -1 when the host has no bucket or the bucket's first candidate is another virtual host.
     */
    int classifierRecord(final int vs)
    {
        final int rec = exactBucket;
        return rec >= 0 && hosts.intAt(rec + HB_VS) == vs ? rec + HB_CV : -1;
    }

    void forgetAlias()
    {
        lastAuthorityLength = -1; // the alias remembered by resolve() may not hold for the next request's client
    }

    /** The alias rules of {@link #resolve} once the host is normalised ({@code id}: its string id or -1). */
    private int resolveAliases(final int id, final int dots)
    {
        final boolean serviceName = id >= 0 && isServiceName(id);
        if (serviceName)
        {
            final int s = hosts.find(hostKey(KEY_SVC_BY_ADDRESS, view, id));
            if (s >= 0 && !aliasHere(s))
            {
                hostId = id; // the address is no domain on this port: the host as written
                return -1;
            }
            if (s >= 0)
            {
                final int aliasId = hosts.intAt(svcStart + s * SVC_SIZE + SVC_HOST);
                host = RequestScratch.ensure(host, strings.length(aliasId));
                hostLen = strings.copyTo(aliasId, host, 0);
                this.hostId = aliasId;
                return s;
            }
        }
        if (dots > 2 || (dots == 2 && !endsWithSvc()))
        {
            hostId = id; // no alias rule applies: the host as written
            return serviceName ? hosts.find(hostKey(KEY_SVC_BY_HOST, 0, hostId)) : -1;
        }
        final int writtenLength = hostLen;
        if (dots == 0 && hostLen > 0)
        {
            host = RequestScratch.ensure2(host, hostLen + 1);
            host[hostLen++] = '.';
            if (q.loadHandle(L7RequestView.SOURCE_NAMESPACE))
            {
                appendTo(q.val, 0, q.valLen);
            }
            appendTo(SVC_CLUSTER_LOCAL, 0, SVC_CLUSTER_LOCAL.length);
        }
        else if (dots == 2 && endsWithSvc())
        {
            appendTo(CLUSTER_LOCAL, 0, CLUSTER_LOCAL.length);
        }
        else if (dots == 1)
        {
            alt = RequestScratch.ensure(alt, hostLen + SVC_CLUSTER_LOCAL.length);
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
        final int s = hostId < 0 ? -1 : hosts.find(hostKey(KEY_SVC_BY_HOST, 0, hostId));
        if (hostLen != writtenLength && !aliasHere(s))
        {
            hostLen = writtenLength; // each alias rule kept the written host as its first bytes
            hostId = id;
            return -1;
        }
        return s;
    }

    /**
     * @param svc the service an alias names, or -1 for none.
     * @return whether the alias is a domain of the request's route table: on a gateway never (its virtual hosts'
     *         domains are the VirtualServices' hosts); on {@code mesh} when it names a service the client sees that
     *         declares the request's port (Istio generates a service's alias domains in its own virtual hosts, one per
     *         port it declares, and none for a host outside the registry or a service out of the client's scope).
     */
    private boolean aliasHere(final int svc)
    {
        return q.gwId == meshId && svc >= 0 && portKind(svc, q.res.requestPort) >= 0 && serviceVisible(svc);
    }

    boolean endsWithSvc()
    {
        return hostLen >= 4 && host[hostLen - 4] == '.' && host[hostLen - 3] == 's' && host[hostLen - 2] == 'v'
                && host[hostLen - 1] == 'c';
    }

    int portKind(final int svc, final int port)
    {
        final int s = svcStart + svc * SVC_SIZE;
        final int count = hosts.intAt(s + SVC_PORT_COUNT);
        final int start = hosts.intAt(s + SVC_PORT_START);
        for (int k = 0; k < count; k++)
        {
            if (hosts.intAt(start + 2 * k) == port)
            {
                return hosts.intAt(start + 2 * k + 1);
            }
        }
        return -1;
    }

    /**
     * The service whose TCP, TLS or sniffed listener Envoy picks by the request's original destination
     * (docs/routing.md §1 item 8): {@code dst}'s address (port and brackets stripped) is an address of a service the
     * client sees whose first address is a literal (Istio binds the listener there), and the client's listener for
     * the service's port is not HTTP; else a passthrough service's per-endpoint listener ({@link EndpointListeners});
     * else the chain of a service whose first address is a CIDR holding it ({@link CidrListeners}).
     * On success the host is that service's, as an address alias resolves it.
     *
     * @return the service, or -1 (no {@code dst}, or no such listener: the authority decides).
     */
    int atDestination()
    {
        final int n = addressListeners ? q.req.length(L7RequestView.DST) : -1;
        if (n <= 0)
        {
            return -1;
        }
        final byte[] b = copyToAlt(L7RequestView.DST, n);
        final long bounds = SidecarListeners.addressBounds(b, n);
        final int from = (int)(bounds >>> 32);
        final int to = (int)bounds;
        final int id = strings.find(b, from, to - from, true);
        int s = id < 0 || !isServiceName(id) ? -1 : hosts.find(hostKey(KEY_SVC_BY_ADDRESS, view, id));
        if (notDomainKeys && id >= 0 && isServiceName(id))
        {
            // a listener address that is no domain: the first service with the address in either key
            final int t = hosts.find(hostKey(KEY_SVC_BY_ADDRESS, view | SVC_ADDRESS_NOT_DOMAIN, id));
            s = t >= 0 && (s < 0 || t < s) ? t : s;
        }
        final int kind = s < 0 ? -1 : listenerPortKind(s, q.res.requestPort);
        if (s < 0 || hosts.intAt(serviceRecord(s) + SVC_FAMILY) <= 0 || kind < 0 || kind == PORT_HTTP
                || !serviceVisible(s))
        {
            s = endpointListeners.atEndpoint(this, id, b, from, to); // no service address listener: an endpoint's?
            s = s >= 0 ? s : cidrListeners.inCidr(this, b, from, to); // else a CIDR chain of the wildcard listener's?
            if (s < 0)
            {
                return -1;
            }
        }
        lastAuthorityLength = -1; // host, hostLen and hostId become the service's: forget the authority's
        final int hid = hosts.intAt(serviceRecord(s) + SVC_HOST);
        host = RequestScratch.ensure(host, strings.length(hid));
        hostLen = strings.copyTo(hid, host, 0);
        hostId = hid;
        exactList = -1;
        exactBucket = -1;
        return s;
    }

    /** @return {@code alt}, grown when shorter than {@code n}, holding the request field's {@code n} bytes. */
    private byte[] copyToAlt(final int handle, final int n)
    {
        final byte[] b = RequestScratch.ensure(alt, n);
        alt = b;
        q.req.copyTo(handle, b, 0);
        return b;
    }

    /**
     * A connection to no service address: its TLS server name (lower-cased) names a service without address, as
     * Istio's wildcard listener chains select one by SNI. On success the host is that service's.
     *
     * @return the service, or -1.
     */
    int resolveSni()
    {
        lastAuthorityLength = -1; // host, hostLen and hostId may become the server name's: forget the authority's
        final int n = q.req.length(L7RequestView.SNI);
        if (n <= 0)
        {
            return -1;
        }
        final byte[] b = copyToAlt(L7RequestView.SNI, n);
        for (int i = 0; i < n; i++)
        {
            b[i] = StringPool.lowerAscii(b[i]);
        }
        final int id = strings.find(b, 0, n, false);
        final int s = id < 0 ? -1 : hosts.find(hostKey(KEY_SVC_BY_HOST, 0, id));
        if (s < 0 || hosts.intAt(serviceRecord(s) + SVC_FAMILY) != 0)
        {
            return -1;
        }
        alt = host;
        host = b;
        hostLen = n;
        hostId = id;
        exactList = -1;
        exactBucket = -1;
        return s;
    }

    /**
     * {@link VirtualHostChoice#chooseVirtualHost}.
     *
     * @param needHttp skip VirtualServices without HTTP routes.
     * @return the VirtualService, or -1.
     */
    int chooseVirtualHost(final boolean needHttp)
    {
        return choice.chooseVirtualHost(needHttp);
    }

    /**
     * {@link VirtualHostChoice#nextInGroup}.
     *
     * @return the VirtualService, or -1 when the group is done.
     */
    int nextInGroup()
    {
        return choice.nextInGroup();
    }

    /**
     * {@link VirtualHostChoice#chosenHasHttp}.
     *
     * @param vs the VirtualService just chosen.
     * @return whether Istio builds one of its HTTP routes for the request's proxy.
     */
    boolean chosenHasHttp(final int vs)
    {
        return choice.chosenHasHttp(vs);
    }

    /**
     * @param block a global match block.
     * @return whether Istio counts it a catch-all route (moved behind the others on a merged gateway host).
     */
    boolean isCatchAll(final int block)
    {
        final int ref = hosts.intAt(H_CATCH_ALL);
        final int word = block >> 6;
        return word < hosts.longAt(ref) && (hosts.longAt(ref + 1 + word) & (1L << block)) != 0;
    }

    /**
     * @param id a string id.
     * @return whether some service's host or address is that string (else neither SVC_BY_* key can hold it);
     *         a bit vector small enough to stay in cache, read instead of two index probes.
     */
    private boolean isServiceName(final int id)
    {
        final int word = id >> 6;
        return word < hosts.longAt(serviceNames) && (hosts.longAt(serviceNames + 1 + word) & (1L << id)) != 0;
    }

    /** @return the VirtualServices with tcp/tls routes for svc's host on the request's gateway, or -1. */
    int connectionList(final int svc)
    {
        return q.gwId < 0 ? -1 : hosts.find(hostKey(KEY_SVC_CONNECTION, q.gwId, svc));
    }

    /**
     * @param connection whether the record is a connection ({@code sni} present): only then is a port without TCP
     *                   servers looked up.
     * @return the listener record of the request's gateway port ({@code GW_TCP}), or -1 for none.
     */
    int gatewayPort(final boolean connection)
    {
        return q.gwId < 0 || !connection && !anyGatewayTcp ? -1
                : hosts.find(hostKey(KEY_GW_TCP, q.gwId, q.res.requestPort));
    }

    /** @return the clusters the gateway's AUTO_PASSTHROUGH servers reach by server name sniId (GW_AUTO), or -1. */
    int autoPassthroughList(final int sniId)
    {
        return q.gwId < 0 || sniId < 0 ? -1 : hosts.find(hostKey(KEY_GW_AUTO, q.gwId, sniId));
    }

    /**
     * Istio's order of a client's VirtualServices ({@code VirtualServicesForGateway}).
     *
     * @param vs a VirtualService.
     * @return -1 when the client does not see it (exportTo, Sidecar); 0 when it is of the client's namespace and
     *         not exported everywhere; 1 when exported to the client's namespace by name; 2 when to every one.
     */
    int connectionRank(final int vs)
    {
        final int rec = vsStart + vs * VS_SIZE;
        if (!bit(vsVisible, vs) || !visible(rec))
        {
            return -1;
        }
        if (hosts.intAt(rec + VS_EXPORT_ALL) != 0)
        {
            return 2;
        }
        return q.nsId >= 0 && hosts.intAt(rec + VS_NAMESPACE) == q.nsId ? 0 : 1;
    }

    /** @return whether the VirtualService record is exported to the request's namespace. */
    boolean visible(final int rec)
    {
        if (hosts.intAt(rec + VS_EXPORT_ALL) != 0)
        {
            return true;
        }
        if (q.nsId >= 0)
        {
            final int n = hosts.intAt(rec + VS_EXPORT_COUNT);
            final int start = hosts.intAt(rec + VS_EXPORT_START);
            for (int j = 0; j < n; j++)
            {
                if (hosts.intAt(start + j) == q.nsId)
                {
                    return true;
                }
            }
        }
        return false;
    }

    int servicePort(final int svc)
    {
        final int s = svcStart + svc * SVC_SIZE;
        final int count = hosts.intAt(s + SVC_PORT_COUNT);
        final int start = hosts.intAt(s + SVC_PORT_START);
        for (int k = 0; k < count; k++)
        {
            if (hosts.intAt(start + 2 * k) == q.res.requestPort)
            {
                return q.res.requestPort;
            }
        }
        return count == 1 ? hosts.intAt(start) : q.res.requestPort;
    }

    int portIndex(final int svc, final int port)
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
}
