package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.L7RequestView;

/**
 * The request text a decision line repeats (path, authority, scheme) copied as bytes out of its
 * {@link L7RequestView} into arrays kept by the encoder (grown, never allocated per record).
 */
final class RequestText
{
    /** Longer request text takes the String reference path. */
    static final int MAX_REQUEST_TEXT = 1 << 16;

    byte[] path = new byte[256];
    byte[] authority = new byte[128];
    byte[] scheme = new byte[16];
    int pathLength;
    int authorityLength;
    int schemeLength;
    int port;

    /** Copies path, authority and scheme; false when one is not ASCII or too long (the String path decides). */
    boolean copy(final L7RequestView request)
    {
        final int p = request.length(L7RequestView.PATH);
        final int au = request.length(L7RequestView.AUTHORITY);
        final int sc = request.length(L7RequestView.SCHEME);
        if (p < 0 || au < 0 || sc < 0 || p > MAX_REQUEST_TEXT || au > MAX_REQUEST_TEXT || sc > MAX_REQUEST_TEXT)
        {
            return false;
        }
        if (path.length < p)
        {
            path = new byte[Integer.highestOneBit(p) << 1];
        }
        if (authority.length < au)
        {
            authority = new byte[Integer.highestOneBit(au) << 1];
        }
        if (scheme.length < sc)
        {
            scheme = new byte[Integer.highestOneBit(sc) << 1];
        }
        pathLength = request.copyTo(L7RequestView.PATH, path, 0);
        authorityLength = request.copyTo(L7RequestView.AUTHORITY, authority, 0);
        schemeLength = request.copyTo(L7RequestView.SCHEME, scheme, 0);
        port = request.port();
        return JsonBytes.isAscii(path, 0, pathLength) && JsonBytes.isAscii(authority, 0, authorityLength)
            && JsonBytes.isAscii(scheme, 0, schemeLength);
    }

    /** @return the length of the path before its query. */
    int uriLength()
    {
        final byte[] b = path;
        final int n = pathLength;
        for (int i = 0; i < n; i++)
        {
            if (b[i] == '?')
            {
                return i;
            }
        }
        return n;
    }

    static boolean equals(final byte[] b, final int n, final byte[] other)
    {
        if (n != other.length)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (b[i] != other[i])
            {
                return false;
            }
        }
        return true;
    }
}
