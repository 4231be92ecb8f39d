package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.TopologyLabels;

import java.util.Map;

/**
 * A request with the defaults of {@code docs/routing.md} applied, and the small string helpers the
 * reference interpreter needs (authority splitting, query parameters, ASCII case).
 *
 * @param id              request id.
 * @param src             source IP or {@code null}.
 * @param port            the effective port.
 * @param gateway         gateway.
 * @param sourceNamespace source namespace.
 * @param sourceLabels    the client's labels as Istio has them on its proxy ({@link TopologyLabels#client}): what
 *                        every match and selector on the client sees.
 * @param method          method.
 * @param scheme          scheme.
 * @param authority       authority as sent.
 * @param path            request-target as sent.
 * @param headers         headers.
 * @param dst             the original destination as given, or {@code null}.
 * @param sni             {@code null} for an HTTP request; for a TCP connection its TLS server name, lower-case
 *                        ({@code ""} when none).
 * @param alpn            the ALPN protocols the connection offers ({@link HttpRequest#offeredAlpn}).
 * @param srcPort         the downstream connection's source port, 0 when not known.
 * @param writtenLabels   the request's source labels as written: its network label is the proxy's {@code NETWORK}
 *                        metadata, which the network filter reads ({@link MeshNetworks#clientNetwork}).
 * @param remoteClient    the remote cluster's Pod whose proxy sent the request
 *                        ({@link dev.wirespeed.control.model.ClientProxies#remoteClient}), {@code null} when the
 *                        client is the config cluster's.
 */
public record RequestFacts(
        long id,
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
        java.util.List<String> alpn,
        int srcPort,
        Map<String, String> writtenLabels,
        dev.wirespeed.control.model.ClientProxies.Remote remoteClient)
{
    /**
     * @param r        a request.
     * @param networks the mesh's networks (the network Istio adds to the client's labels).
     * @return it with defaults applied.
     */
    public static RequestFacts of(final HttpRequest r, final MeshNetworks networks)
    {
        final Map<String, String> written = r.sourceLabels() == null ? Map.of() : r.sourceLabels();
        final String scheme = r.scheme() == null ? "http" : r.scheme();
        final String authority = r.authority() == null ? "" : r.authority();
        final String gateway = r.gateway() == null ? "mesh" : r.gateway();
        final var remote = networks.proxies().remoteClient(r.src(), "mesh".equals(gateway));
        return new RequestFacts(
                r.id(),
                r.src(),
                effectivePort(r.port(), authority, scheme),
                gateway,
                r.sourceNamespace() == null ? "default" : r.sourceNamespace(),
                remote != null ? TopologyLabels.remoteClient(written, remote) : TopologyLabels.client(written,
                        networks, networks.proxies().placedNetwork(r.src(), "mesh".equals(gateway))),
                r.method() == null ? "GET" : r.method(),
                scheme,
                authority,
                r.path() == null ? "" : r.path(),
                r.headers() == null ? Map.of() : r.headers(),
                r.dst() == null || r.dst().isEmpty() ? null : r.dst(),
                r.sni() == null ? null : asciiLower(r.sni()),
                r.offeredAlpn(),
                r.srcPort(),
                written,
                remote);
    }

    /**
     * The endpoint {@code PassthroughCluster} connects to: the original destination's address (brackets of
     * an IPv6 address dropped, as endpoints print) and its port, else the request's port.
     *
     * @param dst         the original destination ({@code address}, {@code address:port}, {@code [v6]:port}),
     *                    or {@code null}.
     * @param requestPort the request's port.
     * @return {@code address:port}, or {@code null} without a destination.
     */
    public static String passthroughEndpoint(final String dst, final int requestPort)
    {
        return passthroughEndpoint(dst, requestPort, 0);
    }

    /**
     * @param dst          the request's original destination, or {@code null}.
     * @param requestPort  the request's port.
     * @param portOverride the cluster's {@code upstream_port_override}, 0 for none.
     * @return the endpoint Envoy's {@code ORIGINAL_DST} cluster connects to: {@code dst}'s address on the override
     *         port, else on {@code dst}'s own port, else on the request's; {@code null} without {@code dst}.
     */
    public static String passthroughEndpoint(final String dst, final int requestPort, final int portOverride)
    {
        if (dst == null || dst.isEmpty())
        {
            return null;
        }
        final int port = portOverride > 0 ? portOverride : authorityPort(dst);
        String host = authorityHost(dst);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        return host + ":" + (port > 0 ? port : requestPort);
    }

    /**
     * @param port      the port given, &le; 0 when not given.
     * @param authority the authority.
     * @param scheme    the scheme.
     * @return the port given, else the authority's, else 80 (443 for https).
     */
    public static int effectivePort(final int port, final String authority, final String scheme)
    {
        if (port > 0)
        {
            return port;
        }
        final int p = authorityPort(authority);
        if (p > 0)
        {
            return p;
        }
        return "https".equals(scheme) ? 443 : 80;
    }

    /**
     * @param authority an authority as sent.
     * @return its port when it writes a numeric one, else -1.
     */
    public static int authorityPort(final String authority)
    {
        String p = null;
        if (authority.startsWith("[") && authority.indexOf(']') > 0)
        {
            final int close = authority.indexOf(']');
            if (authority.startsWith(":", close + 1))
            {
                p = authority.substring(close + 2);
            }
        }
        else if (count(authority, ':') == 1)
        {
            p = authority.substring(authority.indexOf(':') + 1);
        }
        if (p == null || p.isEmpty() || p.length() > 5)
        {
            return -1;
        }
        for (int i = 0; i < p.length(); i++)
        {
            if (p.charAt(i) < '0' || p.charAt(i) > '9')
            {
                return -1;
            }
        }
        return Integer.parseInt(p);
    }

    /**
     * {@link #authorityPort(String)} over UTF-8 bytes, allocation-free (the same rule).
     *
     * @param b      the bytes.
     * @param offset where the authority starts.
     * @param length its length.
     * @return its port when it writes a numeric one, else -1.
     */
    public static int authorityPort(final byte[] b, final int offset, final int length)
    {
        final int end = offset + length;
        if (length > 0 && b[offset] == '[')
        {
            return bracketedAuthorityPort(b, offset, length);
        }
        // a port is 1..5 digits after the only ':', so that ':' is among the last six bytes: most authorities
        // (no port) are answered without a pass over the whole host
        int colon = -1;
        for (int i = end - 1; i >= offset && i >= end - 6 && colon < 0; i--)
        {
            colon = b[i] == ':' ? i : -1;
        }
        if (colon < 0 || colon + 1 >= end || indexOf(b, offset, colon, (byte)':') >= 0)
        {
            return -1;
        }
        int port = 0;
        for (int i = colon + 1; i < end; i++)
        {
            if (b[i] < '0' || b[i] > '9')
            {
                return -1;
            }
            port = port * 10 + (b[i] - '0');
        }
        return port;
    }

    /** {@link #authorityPort(byte[], int, int)} of an authority that starts with {@code [}, by the full rule. */
    private static int bracketedAuthorityPort(final byte[] b, final int offset, final int length)
    {
        final int end = offset + length;
        int from = -1;
        final int close = indexOf(b, offset, end, (byte)']');
        if (length > 0 && b[offset] == '[' && close > offset)
        {
            if (close + 1 < end && b[close + 1] == ':')
            {
                from = close + 2;
            }
        }
        else
        {
            final int colon = indexOf(b, offset, end, (byte)':');
            if (colon >= 0 && indexOf(b, colon + 1, end, (byte)':') < 0)
            {
                from = colon + 1;
            }
        }
        if (from < 0 || from >= end || end - from > 5)
        {
            return -1;
        }
        int port = 0;
        for (int i = from; i < end; i++)
        {
            if (b[i] < '0' || b[i] > '9')
            {
                return -1;
            }
            port = port * 10 + (b[i] - '0');
        }
        return port;
    }

    /**
     * {@link #authorityHost(String)} over UTF-8 bytes: the length of the host part.
     *
     * @param b      the bytes.
     * @param offset where the authority starts.
     * @param length its length.
     * @return the length of the authority without {@code :port} (brackets of an IPv6 address kept).
     */
    public static int authorityHostLength(final byte[] b, final int offset, final int length)
    {
        final int end = offset + length;
        final int close = indexOf(b, offset, end, (byte)']');
        if (length > 0 && b[offset] == '[' && close > offset)
        {
            return close + 1 - offset;
        }
        final int colon = indexOf(b, offset, end, (byte)':');
        return colon >= 0 && indexOf(b, colon + 1, end, (byte)':') < 0 ? colon - offset : length;
    }

    private static int indexOf(final byte[] b, final int from, final int end, final byte c)
    {
        for (int i = from; i < end; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The port a redirect's {@code Location} writes (docs/routing.md §3), as Envoy builds it from Istio's
     * translation: an explicit port (or the request's, for {@code derivePort: FROM_REQUEST_PORT}) unless it is
     * the default port of the new scheme; with neither, none when the redirect sets an authority, else the port
     * the request's authority writes, dropped when the scheme changes and it is the old scheme's default port
     * (Envoy's {@code processRequestHost}).
     *
     * @param rdPort        the redirect's port: &gt; 0, 0 or {@code FROM_REQUEST_PORT} (-1).
     * @param rdAuthority   whether the redirect sets an authority.
     * @param scheme        the Location's scheme.
     * @param requestScheme the request's scheme.
     * @param requestPort   the request's port.
     * @param writtenPort   the port the request's authority writes, -1 for none.
     * @return the port to write, -1 for none.
     */
    public static int redirectPort(final int rdPort, final boolean rdAuthority, final String scheme,
            final String requestScheme, final int requestPort, final int writtenPort)
    {
        return redirectPort(rdPort, rdAuthority, defaultPort(scheme), defaultPort(requestScheme),
                !scheme.equals(requestScheme), requestPort, writtenPort);
    }

    /**
     * {@link #redirectPort(int, boolean, String, String, int, int)} over facts about the schemes
     * (allocation-free).
     *
     * @param rdPort        the redirect's port: &gt; 0, 0 or {@code FROM_REQUEST_PORT} (-1).
     * @param rdAuthority   whether the redirect sets an authority.
     * @param newDefault    the default port of the Location's scheme (80, 443, 0 for another scheme).
     * @param oldDefault    the default port of the request's scheme.
     * @param schemeChanged whether the Location's scheme differs from the request's.
     * @param requestPort   the request's port.
     * @param writtenPort   the port the request's authority writes, -1 for none.
     * @return the port to write, -1 for none.
     */
    public static int redirectPort(final int rdPort, final boolean rdAuthority, final int newDefault,
            final int oldDefault, final boolean schemeChanged, final int requestPort, final int writtenPort)
    {
        if (rdPort != 0)
        {
            final int port = rdPort > 0 ? rdPort : requestPort;
            return port == newDefault ? -1 : port;
        }
        if (rdAuthority || writtenPort <= 0)
        {
            return -1;
        }
        return schemeChanged && writtenPort == oldDefault ? -1 : writtenPort;
    }

    private static int defaultPort(final String scheme)
    {
        return "http".equals(scheme) ? 80 : "https".equals(scheme) ? 443 : 0;
    }

    /**
     * @param authority an authority as sent.
     * @return it without {@code :port} (brackets of an IPv6 address kept).
     */
    public static String authorityHost(final String authority)
    {
        if (authority.startsWith("[") && authority.indexOf(']') > 0)
        {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        if (count(authority, ':') == 1)
        {
            return authority.substring(0, authority.indexOf(':'));
        }
        return authority;
    }

    /**
     * @param s a string.
     * @param c a char.
     * @return how many times c occurs.
     */
    public static int count(final String s, final char c)
    {
        int n = 0;
        for (int i = 0; i < s.length(); i++)
        {
            if (s.charAt(i) == c)
            {
                n++;
            }
        }
        return n;
    }

    /**
     * @param s a string.
     * @return it with ASCII capitals lower-cased (nothing else changed).
     */
    public static String asciiLower(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
        }
        return b.toString();
    }

    /** @return the client proxy's network as the network filter reads it ({@link MeshNetworks#clientNetwork}). */
    public String clientNetwork(final MeshNetworks networks)
    {
        return networks.clientNetwork(writtenLabels, remoteClient);
    }

    /** @return the path up to the first {@code ?}. */
    public String uri()
    {
        final int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** @return {@code ?query} or empty. */
    public String queryPart()
    {
        final int q = path.indexOf('?');
        return q < 0 ? "" : path.substring(q);
    }

    /**
     * @param name a parameter name.
     * @return the value of its first occurrence ({@code ""} for {@code ?a}), or {@code null}.
     */
    public String query(final String name)
    {
        final int q = path.indexOf('?');
        if (q < 0)
        {
            return null;
        }
        int i = q + 1;
        while (i <= path.length())
        {
            int end = path.indexOf('&', i);
            if (end < 0)
            {
                end = path.length();
            }
            final String segment = path.substring(i, end);
            final int eq = segment.indexOf('=');
            final String n = eq < 0 ? segment : segment.substring(0, eq);
            if (n.equals(name))
            {
                return eq < 0 ? "" : segment.substring(eq + 1);
            }
            i = end + 1;
        }
        return null;
    }
}
