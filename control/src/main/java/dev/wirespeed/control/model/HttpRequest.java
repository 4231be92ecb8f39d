package dev.wirespeed.control.model;

import java.util.Map;

/**
 * One request as the reference interpreter and the embedding API see it (one line of a JSONL request
 * trace). Only {@code path} is required; defaults: {@code gateway} "mesh", {@code sourceNamespace}
 * "default", {@code method} "GET", {@code scheme} "http", {@code port} from the authority's
 * {@code :port} or else 80 (443 for https), {@code authority} empty.
 *
 * @param id              the request's id: the record index in a trace; it seeds every per-request
 *                        deterministic choice (weights, fault percentages, round robin), so the same
 *                        trace gives the same decisions however many workers run it.
 * @param ts              timestamp (as given; not interpreted).
 * @param src             source IP address, or {@code null}.
 * @param port            destination port.
 * @param gateway         {@code mesh} or {@code namespace/name}.
 * @param sourceNamespace the client's namespace.
 * @param sourceLabels    the client workload's labels.
 * @param method          the method.
 * @param scheme          the scheme.
 * @param authority       the authority (Host header) as sent.
 * @param path            the request-target as sent, query string included (Envoy's {@code :path}).
 * @param headers         request headers, names lower-case.
 * @param dst             the original destination ({@code address} or {@code address:port}, IPv6 in brackets
 *                        when a port follows), or {@code null}: where {@code PassthroughCluster} sends the
 *                        request when no service or VirtualService knows its host.
 * @param sni             {@code null} for an HTTP request; otherwise the record is a TCP connection, and this is
 *                        the server name of its TLS ClientHello ({@code ""} for plain TCP or a ClientHello
 *                        without {@code server_name}), lower-case or not (docs/routing.md §5).
 * @param alpn            the ALPN protocols its ClientHello offers, joined with {@code ,} ({@code ""}: none), or
 *                        {@code null} when the record does not say: then taken as an Istio sidecar's mTLS
 *                        connection offers them ({@code istio-peer-exchange,istio}; docs/routing.md §5.2).
 * @param srcPort         the downstream connection's source port (a trace's {@code src} as {@code address:port}, a
 *                        capture's TCP source port), 0 when not known: with {@code src} and {@code dst} it makes
 *                        the cookie Envoy generates for an {@code httpCookie} hash with a {@code ttl}
 *                        (docs/routing.md §4).
 */
public record HttpRequest(
        long id,
        long ts,
        String src,
        int port,
        String gateway,
        String sourceNamespace,
        Map<String, String> sourceLabels,
        String method,
        String scheme,
        String authority,
        String path,
        Map<String, String> headers,
        String dst,
        String sni,
        String alpn,
        int srcPort)
{
    /** What a record without {@code alpn} offers: an Istio sidecar's mTLS TCP connection ({@code mtlsTCPWithMxc}). */
    public static final String SIDECAR_ALPN = "istio-peer-exchange,istio";

    /**
     * An HTTP request without an original destination or a known source port; {@link #withDst},
     * {@link #withSni}, {@link #withAlpn} and {@link #withSrcPort} add them.
     *
     * @param id              the request's id.
     * @param ts              timestamp.
     * @param src             source IP address, or {@code null}.
     * @param port            destination port.
     * @param gateway         {@code mesh} or {@code namespace/name}.
     * @param sourceNamespace the client's namespace.
     * @param sourceLabels    the client workload's labels.
     * @param method          the method.
     * @param scheme          the scheme.
     * @param authority       the authority as sent.
     * @param path            the request-target as sent.
     * @param headers         request headers, names lower-case.
     */
    public HttpRequest(
            final long id,
            final long ts,
            final String src,
            final int port,
            final String gateway,
            final String sourceNamespace,
            final Map<String, String> sourceLabels,
            final String method,
            final String scheme,
            final String authority,
            final String path,
            final Map<String, String> headers)
    {
        this(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority, path, headers, null,
                null, null, 0);
    }

    /**
     * @param d an original destination.
     * @return this request with it.
     */
    public HttpRequest withDst(final String d)
    {
        return new HttpRequest(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority,
                path, headers, d, sni, alpn, srcPort);
    }

    /**
     * @param serverName a TLS server name ({@code ""}: a TCP connection without one).
     * @return this request as a TCP connection with it.
     */
    public HttpRequest withSni(final String serverName)
    {
        return new HttpRequest(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority,
                path, headers, dst, serverName, alpn, srcPort);
    }

    /**
     * @param protocols the ALPN protocols offered, joined with {@code ,} ({@code ""}: none; {@code null}: not said).
     * @return this request with them.
     */
    public HttpRequest withAlpn(final String protocols)
    {
        return new HttpRequest(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority,
                path, headers, dst, sni, protocols, srcPort);
    }

    /**
     * @param sourcePort the downstream connection's source port (0: not known).
     * @return this request with it.
     */
    public HttpRequest withSrcPort(final int sourcePort)
    {
        return new HttpRequest(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority,
                path, headers, dst, sni, alpn, sourcePort);
    }

    /** @return {@code src} as a trace writes it: {@code address:port} ({@code [v6]:port}) with a port, else as is. */
    public String srcText()
    {
        if (src == null || srcPort <= 0)
        {
            return src;
        }
        return (src.indexOf(':') >= 0 ? "[" + src + "]" : src) + ":" + srcPort;
    }

    /**
     * @return the ALPN protocols the record offers: its {@code alpn}, else {@link #SIDECAR_ALPN}.
     */
    public java.util.List<String> offeredAlpn()
    {
        final String a = alpn == null ? SIDECAR_ALPN : alpn;
        return a.isEmpty() ? java.util.List.of() : java.util.List.of(a.split(",", -1));
    }
}
