package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.reference.RequestFacts;
import dev.wirespeed.fib.l7.IndexedTable;

import java.nio.charset.StandardCharsets;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A redirect's {@code "path"} and {@code "location"} as bytes, from the route record and the request text (the
 * reference's rule, docs/routing.md §3). Part of {@link DecisionEncoder}; allocates nothing.
 */
final class RedirectText
{
    private static final byte[] PATH = ascii(",\"path\":\"");
    private static final byte[] LOCATION = ascii(",\"location\":\"");
    private static final byte[] SCHEME_SEPARATOR = ascii("://");
    private static final byte[] HTTP = ascii("http");
    private static final byte[] HTTPS = ascii("https");

    private final IndexedTable actions;
    private final PooledText pool;
    private final RequestText request;

    RedirectText(final IndexedTable actions, final PooledText pool, final RequestText request)
    {
        this.actions = actions;
        this.pool = pool;
        this.request = request;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    void path(final int a, final int prefixLength, final JsonBytes out)
    {
        out.put(PATH);
        uri(a, prefixLength, out);
        out.put((byte)'"');
    }

    /**
     * The redirect's path (the reference's rule): the redirect uri (the request's query appended unless it has
     * its own), else the route's uri rewrite applied to the request path (query kept), else the request path.
     */
    private void uri(final int a, final int prefixLength, final JsonBytes out)
    {
        final RequestText q = request;
        final int rdUri = actions.intAt(a + R_REDIRECT_URI);
        final int uriLength = q.uriLength();
        if (rdUri >= 0)
        {
            out.put(pool.get(rdUri));
            if (!pool.has(rdUri, (byte)'?'))
            {
                out.putEscaped(q.path, uriLength, q.pathLength - uriLength);
            }
            return;
        }
        final int rwUri = actions.intAt(a + R_REWRITE_URI);
        if (rwUri >= 0)
        {
            out.put(pool.get(rwUri));
            final int from = prefixLength >= 0 ? prefixLength : uriLength;
            out.putEscaped(q.path, from, q.pathLength - from);
            return;
        }
        out.putEscaped(q.path, 0, q.pathLength);
    }

    void location(final int a, final int prefixLength, final JsonBytes out)
    {
        final RequestText q = request;
        out.put(LOCATION);
        final int rdScheme = actions.intAt(a + R_REDIRECT_SCHEME);
        final boolean http;
        final boolean https;
        if (rdScheme >= 0)
        {
            out.put(pool.get(rdScheme));
            http = pool.equals(rdScheme, HTTP, 0, HTTP.length);
            https = pool.equals(rdScheme, HTTPS, 0, HTTPS.length);
        }
        else
        {
            out.putEscaped(q.scheme, 0, q.schemeLength);
            http = RequestText.equals(q.scheme, q.schemeLength, HTTP);
            https = RequestText.equals(q.scheme, q.schemeLength, HTTPS);
        }
        out.put(SCHEME_SEPARATOR);
        final int rdAuthority = actions.intAt(a + R_REDIRECT_AUTHORITY);
        if (rdAuthority >= 0)
        {
            out.put(pool.get(rdAuthority));
        }
        else
        {
            out.putEscaped(q.authority, 0, RequestFacts.authorityHostLength(q.authority, 0, q.authorityLength));
        }
        final int requestDefault = RequestText.equals(q.scheme, q.schemeLength, HTTP) ? 80
            : RequestText.equals(q.scheme, q.schemeLength, HTTPS) ? 443 : 0;
        final int port = RequestFacts.redirectPort(actions.intAt(a + R_REDIRECT_PORT), rdAuthority >= 0,
            http ? 80 : https ? 443 : 0, requestDefault,
            rdScheme >= 0 && !pool.equals(rdScheme, q.scheme, 0, q.schemeLength), q.port,
            RequestFacts.authorityPort(q.authority, 0, q.authorityLength)); // docs/routing.md §3: the port Envoy writes
        if (port > 0)
        {
            out.put((byte)':').putLong(port);
        }
        uri(a, prefixLength, out);
        out.put((byte)'"');
    }
}
