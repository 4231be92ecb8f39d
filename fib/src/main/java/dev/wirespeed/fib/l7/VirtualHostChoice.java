package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The host stage's candidate choice (reads {@code HOST_STAGE}'s candidate lists and VirtualService records): once
 * {@link HostStage} has normalised the authority and resolved its aliases, picks the virtual host bound to the
 * request's gateway and exported to its namespace (exact host, then wildcard suffixes longest first, then
 * {@code *}), and answers whether Istio builds the chosen VirtualService's HTTP routes for the request's proxy.
 * Next: {@link Classifier}.
 */
final class VirtualHostChoice
{
    /** A flag beside the HC_* ones in {@link #chosenFlags}: the choice itself required HTTP routes. */
    private static final int HC_HTTP_KNOWN = 1 << 30;
    /** {@link #keySuffix} while the exact host's candidates are walked. */
    private static final int EXACT_KEY = -1;
    /** {@link #keySuffix} while {@code *}'s candidates are walked. */
    private static final int ANY_KEY = -2;

    private final HostStage stage;
    private final IndexedTable hosts;
    private final StringPool strings;
    private final RequestScratch q;
    private final int vsStart;

    private int groupList = -1;
    private int groupPos;
    /** A sidecar request for a host outside the registry: candidates flagged HC_OUTSIDE are tested (OUT_* keys). */
    private boolean outside;
    /** The suffix id of the wildcard key being walked; EXACT_KEY or ANY_KEY for the others. */
    private int keySuffix;
    /** A sidecar's registry service whose most specific VirtualService is a wildcard's: no other one claims it. */
    private boolean indexOnly;
    /** The HC_* flags of the candidate {@link #firstVisible} last returned. */
    private int chosenFlags;

    VirtualHostChoice(final HostStage stage, final IndexedTable hosts, final StringPool strings,
            final RequestScratch q)
    {
        this.stage = stage;
        this.hosts = hosts;
        this.strings = strings;
        this.q = q;
        this.vsStart = stage.vsStart;
    }

    /**
     * Picks the virtual host: the first candidate, in host-stage order (exact host, wildcard suffixes
     * longest first, {@code *}; load order within a key), bound to the request's gateway and exported to
     * its namespace. With {@code needHttp}, candidates without HTTP routes are passed over (Istio builds no
     * virtual host from them, so a less specific one answers). Remembers the candidate list and position,
     * for {@link #nextInGroup}.
     *
     * <p>On {@code mesh}, with {@code needHttp} (a host outside the registry), a candidate serves the host only
     * where Istio builds it a virtual host for the request's port ({@link #servesOutside}); without (a registry
     * service), a wildcard's first candidate alone may claim the service (Istio's most specific VirtualService of
     * a service): {@link #nextInGroup} then has nothing after it.
     *
     * @param needHttp skip VirtualServices without HTTP routes.
     * @return the VirtualService, or -1.
     */
    int chooseVirtualHost(final boolean needHttp)
    {
        groupList = -1;
        indexOnly = false;
        if (q.gwId < 0)
        {
            return -1;
        }
        final boolean mesh = q.gwId == stage.meshId;
        outside = needHttp && mesh;
        keySuffix = EXACT_KEY;
        if (stage.hostId >= 0)
        {
            final int exact = stage.exactList >= 0 ? stage.exactList
                    : hosts.find(hostKey(KEY_HOST_EXACT, q.gwId, stage.hostId));
            final int vs = firstVisible(exact, 0, needHttp);
            if (vs >= 0)
            {
                return vs;
            }
        }
        indexOnly = mesh && !needHttp;
        final byte[] host = stage.host;
        final int hostLen = stage.hostLen;
        for (int i = 1; i < hostLen; i++)
        {
            if (host[i] == '.')
            {
                final int suffix = strings.find(host, i, hostLen - i, false);
                if (suffix >= 0)
                {
                    keySuffix = suffix;
                    final int vs = firstVisible(hosts.find(hostKey(KEY_HOST_WILDCARD, q.gwId, suffix)), 0, needHttp);
                    if (vs >= 0)
                    {
                        return vs;
                    }
                }
            }
        }
        keySuffix = ANY_KEY;
        return firstVisible(hosts.find(hostKey(KEY_HOST_ANY, q.gwId, 0)), 0, needHttp);
    }

    /**
     * The next VirtualService with HTTP routes sharing the chosen one's host key (a gateway merges them,
     * in load order).
     *
     * @return the VirtualService, or -1 when the group is done.
     */
    int nextInGroup()
    {
        return groupList < 0 || indexOnly ? -1 : firstVisible(groupList, groupPos + 1, true);
    }

    int firstVisible(final int list, final int from, final boolean needHttp)
    {
        if (list < 0)
        {
            return -1;
        }
        final int count = hosts.intAt(list);
        for (int k = from; k < count; k++)
        {
            final int vs = hosts.intAt(list + 1 + HC_SIZE * k);
            final int flags = hosts.intAt(list + 2 + HC_SIZE * k);
            if (needHttp && ((flags & HC_HTTP) == 0 || (flags & HC_HTTP_PROXY) != 0 && !httpFor(vs))
                    || !stage.bit(stage.vsVisible, vs))
            {
                continue;
            }
            if (((flags & HC_EXPORT_ALL) != 0 || stage.visible(vsStart + vs * VS_SIZE))
                    && (!outside || (flags & HC_OUTSIDE) == 0 || servesOutside(vs)))
            {
                groupList = list;
                groupPos = k;
                chosenFlags = needHttp ? flags | HC_HTTP_KNOWN : flags;
                return vs;
            }
        }
        return -1;
    }

    /**
     * {@link #httpFor} of the VirtualService {@link #chooseVirtualHost} just returned, from the flags its candidate
     * list carries: the VirtualService's record is read only when its HTTP routes depend on the proxy and the
     * choice did not already test them.
     *
     * @param vs the VirtualService just chosen.
     * @return whether Istio builds one of its HTTP routes for the request's proxy.
     */
    boolean chosenHasHttp(final int vs)
    {
        final int flags = chosenFlags;
        if ((flags & HC_HTTP_KNOWN) != 0)
        {
            return true; // the choice passed over every candidate without HTTP routes for this proxy
        }
        if ((flags & HC_HTTP) == 0)
        {
            return false;
        }
        return (flags & HC_HTTP_PROXY) == 0 || httpFor(vs);
    }

    /**
     * @param vs a VirtualService.
     * @return whether Istio builds one of its HTTP routes for the request's proxy: a block whose port, source
     *         and gateway conditions hold (without one it makes no virtual host on that listener port).
     */
    boolean httpFor(final int vs)
    {
        final int rec = vsStart + vs * VS_SIZE;
        final int kind = hosts.intAt(rec + VS_HTTP);
        if (kind != VS_HTTP_PROXY)
        {
            return kind == VS_HTTP_ALWAYS;
        }
        final int list = hosts.intAt(rec + VS_HTTP_PROXY_REF);
        final int count = hosts.intAt(list);
        for (int k = 0; k < count; k++)
        {
            if (proxyHolds(list + 1 + k * HP_SIZE))
            {
                return true;
            }
        }
        return false;
    }

    private boolean proxyHolds(final int p)
    {
        final int port = hosts.intAt(p + HP_PORT);
        if (port != 0 && port != q.res.requestPort)
        {
            return false;
        }
        final int ns = hosts.intAt(p + HP_NAMESPACE);
        if (ns != -1 && ns != q.nsId)
        {
            return false;
        }
        final int labels = hosts.intAt(p + HP_LABEL_COUNT);
        final int lstart = hosts.intAt(p + HP_LABEL_START);
        for (int k = 0; k < labels; k++)
        {
            if (!q.loadHandle(q.sourceLabel(hosts.intAt(lstart + 2 * k)))
                    || !strings.equalsBytes(hosts.intAt(lstart + 2 * k + 1), q.val, 0, q.valLen, false))
            {
                return false;
            }
        }
        final int gws = hosts.intAt(p + HP_GW_COUNT);
        if (gws == 0)
        {
            return true;
        }
        final int gstart = hosts.intAt(p + HP_GW_START);
        for (int k = 0; k < gws; k++)
        {
            if (hosts.intAt(gstart + k) == q.gwId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Istio's sidecar virtual hosts for hosts outside the registry ({@code BuildSidecarVirtualHostWrapper}, per
     * listener port): the key's host is a domain of the VirtualService's virtual host when no service the client
     * sees on the request's port is under it (an exact host outside the registry always is), and the VirtualService
     * has a virtual host on the port when the port is 80 or an HTTP port of a service it claims (one it names, or
     * one under its wildcard whose most specific VirtualService it is).
     *
     * @param vs a candidate flagged HC_OUTSIDE.
     * @return whether it serves the request's host on the request's port.
     */
    private boolean servesOutside(final int vs)
    {
        final int port = q.res.requestPort;
        if (keySuffix != EXACT_KEY && seenOnPort(hosts.find(keySuffix == ANY_KEY ? hostKey(KEY_OUTSIDE, OUT_ANY, 0)
                : hostKey(KEY_OUTSIDE, OUT_WILDCARD, keySuffix)), port))
        {
            return false;
        }
        if (port == 80)
        {
            return true;
        }
        final int claims = hosts.find(hostKey(KEY_OUTSIDE, OUT_CLAIMS, vs));
        final int count = claims < 0 ? 0 : hosts.intAt(claims);
        for (int k = 0; k < count; k++)
        {
            final int svc = hosts.intAt(claims + 1 + 2 * k);
            final int kind = stage.portKind(svc, port);
            if ((kind == PORT_HTTP || kind == PORT_AUTO) && stage.serviceVisible(svc)
                    && (hosts.intAt(claims + 2 + 2 * k) != 0 || mostSpecific(svc) == vs))
            {
                return true;
            }
        }
        return false;
    }

    /** @return whether a service of the list ({ count, service[] }, -1 none) is seen by the client on the port. */
    private boolean seenOnPort(final int list, final int port)
    {
        final int count = list < 0 ? 0 : hosts.intAt(list);
        for (int k = 0; k < count; k++)
        {
            final int svc = hosts.intAt(list + 1 + k);
            if (stage.portKind(svc, port) >= 0 && stage.serviceVisible(svc))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param svc a service.
     * @return the VirtualService Istio gives the service on a sidecar (its {@code mostSpecificWildcardVsIndex}): the
     *         first the client sees of the most specific mesh candidate list covering its host, or -1.
     */
    private int mostSpecific(final int svc)
    {
        final int rec = hosts.find(hostKey(KEY_OUTSIDE, OUT_INDEX, svc));
        final int lists = rec < 0 ? 0 : hosts.intAt(rec);
        for (int l = 0; l < lists; l++)
        {
            final int list = hosts.intAt(rec + 1 + l);
            final int count = hosts.intAt(list);
            for (int k = 0; k < count; k++)
            {
                final int vs = hosts.intAt(list + 1 + HC_SIZE * k);
                if (stage.bit(stage.vsVisible, vs) && ((hosts.intAt(list + 2 + HC_SIZE * k) & HC_EXPORT_ALL) != 0
                        || stage.visible(vsStart + vs * VS_SIZE)))
                {
                    return vs;
                }
            }
        }
        return -1;
    }
}
