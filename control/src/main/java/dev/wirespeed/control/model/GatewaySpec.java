package dev.wirespeed.control.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code networking.istio.io} Gateway: kept for validation and display; requests name the gateway
 * they arrive on ({@code namespace/name}) and VirtualServices bound to it route them.
 *
 * @param namespace metadata.namespace.
 * @param name      metadata.name.
 * @param selector  workload selector.
 * @param servers   its servers.
 * @param source    the document.
 */
public record GatewaySpec(
        String namespace,
        String name,
        Map<String, String> selector,
        List<Server> servers,
        SourceRef source)
{
    /**
     * An HTTP connection manager's filter chain on a gateway port.
     *
     * @param serverNames the names it lists (empty: any connection, with or without server name).
     * @param plainText   whether it is the plain-text HTTP servers' chain (a TLS connection it takes fails: Envoy's
     *                    HTTP codec answers {@code 400}), else an HTTPS server's, which terminates TLS.
     */
    public record HttpChain(List<String> serverNames, boolean plainText)
    {
    }

    /**
     * A server of a gateway.
     *
     * @param port     port number.
     * @param protocol protocol (upper-case).
     * @param hosts    hosts as written ({@code ns/host} forms kept).
     * @param tlsMode  {@code tls.mode} ({@code SIMPLE}, {@code PASSTHROUGH}, ...), or {@code null} without
     *                 {@code tls}.
     */
    public record Server(int port, String protocol, List<String> hosts, String tlsMode)
    {
        /**
         * @return whether it passes TLS through by SNI to the VirtualServices' {@code tls} routes (a {@code TLS} or
         *         {@code HTTPS} server with {@code tls.mode: PASSTHROUGH}; docs/routing.md §5.1).
         */
        public boolean passthrough()
        {
            return ("TLS".equals(protocol) || "HTTPS".equals(protocol)) && "PASSTHROUGH".equals(tlsMode);
        }

        /**
         * @return whether Istio builds HTTP on it: an HTTP, HTTP2, GRPC or GRPC-WEB server, or an HTTPS one that
         *         terminates TLS (Istio's {@code IsHTTPServer}).
         */
        public boolean http()
        {
            return "HTTP".equals(protocol) || "HTTP2".equals(protocol) || "GRPC".equals(protocol)
                    || "GRPC-WEB".equals(protocol) || "HTTPS".equals(protocol) && !passesTlsThrough();
        }

        /**
         * @return whether it is an east-west server ({@code tls.mode: AUTO_PASSTHROUGH}, not HTTP): it routes a
         *         connection by a server name of the form {@code outbound_.PORT_.SUBSET_.HOST} to that cluster
         *         (docs/routing.md §5.2).
         */
        public boolean autoPassthrough()
        {
            return !http() && "AUTO_PASSTHROUGH".equals(tlsMode);
        }

        /**
         * @return whether it proxies connections by the VirtualServices' {@code tcp} routes: a server that is not
         *         HTTP and does not pass TLS through (plain TCP without {@code tls}, or one that terminates TLS;
         *         docs/routing.md §5.3).
         */
        public boolean tcpProxy()
        {
            return !http() && !passesTlsThrough();
        }

        /**
         * @return the server names a TLS-terminating server's filter chain lists (its hosts without the
         *         {@code ns/} part); empty for a plain TCP server or one with host {@code *} (any name, or none).
         */
        public List<String> serverNames()
        {
            if (tlsMode == null)
            {
                return List.of();
            }
            final List<String> out = new java.util.ArrayList<>();
            for (final String written : hosts)
            {
                final String h = written.substring(written.indexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
                if (h.equals("*"))
                {
                    return List.of();
                }
                if (!out.contains(h))
                {
                    out.add(h);
                }
            }
            return List.copyOf(out);
        }

        private boolean passesTlsThrough()
        {
            return "PASSTHROUGH".equals(tlsMode) || "AUTO_PASSTHROUGH".equals(tlsMode);
        }
    }

    /**
     * @param port a port.
     * @return the servers on the port that proxy connections by {@code tcp} routes, as Istio keeps them
     *         ({@link #mergedOn}): none after a plain-text HTTP server; of the plain ones only the first (Istio skips
     *         the others as conflicting); every TLS-terminating one.
     */
    public List<Server> tcpServersOn(final int port)
    {
        final List<Server> out = new java.util.ArrayList<>();
        boolean plain = false;
        for (final Server s : mergedOn(port))
        {
            if (s.tcpProxy() && !(s.tlsMode() == null && plain))
            {
                plain |= s.tlsMode() == null;
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The HTTP connection managers Istio builds on a port beside its other chains (docs/routing.md §5.3): one chain
     * for the plain-text HTTP servers Istio keeps (merged into one route table; no server names), one per
     * TLS-terminating HTTPS server (its hosts as server names).
     *
     * @param port a port.
     * @return the HTTP chains, in the listener's order (the plain-text one comes after every server with TLS:
     *         Istio skips a server with TLS written after a plain-text one).
     */
    public List<HttpChain> httpChainsOn(final int port)
    {
        final List<HttpChain> out = new java.util.ArrayList<>();
        boolean plain = false;
        for (final Server s : mergedOn(port))
        {
            if (s.http() && httpProtocol(s.protocol()) && !plain)
            {
                plain = true;
                out.add(new HttpChain(List.of(), true));
            }
            else if (s.http() && !httpProtocol(s.protocol()))
            {
                out.add(new HttpChain(s.serverNames(), false));
            }
        }
        return out;
    }

    /**
     * @param port a port.
     * @return the AUTO_PASSTHROUGH servers on the port.
     */
    public List<Server> autoPassthroughOn(final int port)
    {
        final List<Server> out = new java.util.ArrayList<>();
        for (final Server s : mergedOn(port))
        {
            if (s.autoPassthrough())
            {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @param port a port.
     * @return whether a server on that port passes TLS through by SNI.
     */
    public boolean passthroughOn(final int port)
    {
        for (final Server s : mergedOn(port))
        {
            if (s.passthrough())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The servers on a port Istio keeps when it merges them into one listener ({@code MergeGateways}): a server
     * with {@code tls} whose hosts repeat one of an earlier such server's on the port is skipped (duplicate SNI
     * hosts, {@code CheckDuplicates}); after a plain-text server (no {@code tls}, or an HTTP protocol) only HTTP
     * servers are merged with it ({@code canMergeProtocols}), the others are skipped as conflicting. The servers
     * kept, in order, give the port's filter chains (docs/routing.md §5.3).
     *
     * @param port a port.
     * @return its servers Istio keeps.
     */
    public List<Server> mergedOn(final int port)
    {
        final List<Server> out = new java.util.ArrayList<>();
        final java.util.Set<String> tlsHosts = new java.util.HashSet<>();
        String plain = null;
        for (final Server s : servers)
        {
            if (s.port() != port)
            {
                continue;
            }
            if (s.tlsMode() != null)
            {
                if (s.hosts().stream().anyMatch(tlsHosts::contains))
                {
                    continue;
                }
                tlsHosts.addAll(s.hosts());
            }
            if (plain != null)
            {
                if ((httpProtocol(plain) || plain.equals(s.protocol())) && httpProtocol(s.protocol()))
                {
                    out.add(s);
                }
                continue;
            }
            if (s.tlsMode() == null || httpProtocol(s.protocol()))
            {
                plain = s.protocol();
            }
            out.add(s);
        }
        return out;
    }

    /** Istio's {@code protocol.IsHTTP}: HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-WEB (not HTTPS). */
    private static boolean httpProtocol(final String p)
    {
        return "HTTP".equals(p) || "HTTP2".equals(p) || "HTTP_PROXY".equals(p) || "GRPC".equals(p)
                || "GRPC-WEB".equals(p);
    }

    /** @return {@code namespace/name}. */
    public String qualifiedName()
    {
        return namespace + "/" + name;
    }
}
