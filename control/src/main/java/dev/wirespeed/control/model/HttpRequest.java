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
        String sni)
{
    /**
     * An HTTP request (no SNI).
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
     * @param dst             the original destination, or {@code null}.
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
            final Map<String, String> headers,
            final String dst)
    {
        this(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority, path, headers, dst,
                null);
    }

    /**
     * A request without an original destination.
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
        this(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority, path, headers, null);
    }

    /**
     * @param d an original destination.
     * @return this request with it.
     */
    public HttpRequest withDst(final String d)
    {
        return new HttpRequest(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority,
                path, headers, d, sni);
    }

    /**
     * @param serverName a TLS server name ({@code ""}: a TCP connection without one).
     * @return this request as a TCP connection with it.
     */
    public HttpRequest withSni(final String serverName)
    {
        return new HttpRequest(id, ts, src, port, gateway, sourceNamespace, sourceLabels, method, scheme, authority,
                path, headers, dst, serverName);
    }
}
