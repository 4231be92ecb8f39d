package dev.wirespeed.fib.jwt;

import dev.wirespeed.fib.l7.L7RequestView;

import java.nio.charset.StandardCharsets;
import java.util.List;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * The compiled path's {@code jwt_authn} filter, one per worker (docs/routing.md "Request authentication"). Istio's
 * requirement for providers P1..Pn (sorted by issuer) is {@code P1 OR {allow_missing}} for one provider, else
 * {@code P1 OR .. OR Pn OR AND(P1 OR {allow_missing}, .., Pn OR {allow_missing})}; flattened: a provider's status is
 * {@code MISSED} without a token in its locations, else that of its tokens checked last to first (the first failure
 * decides). The request passes when a provider passes or every provider's status is {@code MISSED}; otherwise the
 * status Envoy's {@code AnyVerifierImpl} reports: the last status that is neither {@code MISSED} nor
 * {@code UNKNOWN_ISSUER}, else {@code UNKNOWN_ISSUER}. Checked tokens are kept in a bounded direct-mapped cache keyed
 * by provider and token bytes: a token seen before costs a hash and a compare, and allocates nothing.
 */
public final class JwtStage
{
    private static final int CACHE = 1024;
    private static final byte[] AUTHORIZATION = "authorization".getBytes(StandardCharsets.US_ASCII);
    private static final String BEARER = "Bearer ";
    private static final String ACCESS_TOKEN = "access_token";
    private static final List<String> DEFAULT_PARAMS = List.of(ACCESS_TOKEN);

    private final JwtPolicies policies;
    private final BytesStore<?, ?> authorization = BytesStore.wrap(AUTHORIZATION);
    private final byte[][] cacheBytes = new byte[CACHE][];
    private final int[] cacheLength = new int[CACHE];
    private final JwtProvider[] cacheProvider = new JwtProvider[CACHE];
    private final JwtToken[] cacheToken = new JwtToken[CACHE];
    private final byte[] victim = new byte[CACHE / 2]; // per set, the way a miss replaces
    private byte[] token = new byte[256];
    private int tokenLength;
    /** The accepted token of the last {@link #check}, {@code null} when it passed without one or failed. */
    private JwtToken accepted;
    /** The token the gateway's filter accepted for this request, {@code null} when none. */
    private JwtToken gatewayAccepted;
    /** The token the endpoint's sidecar's filter accepted for this request, {@code null} when none. */
    private JwtToken serverAccepted;
    /** The accepted provider's token locations the gateway removed (forwardOriginalToken false), for the sidecar. */
    private JwtProvider removedBy;
    /** Hits and misses of the token cache. */
    private long hits;
    private long misses;

    /**
     * @param policies the image's policies.
     */
    public JwtStage(final JwtPolicies policies)
    {
        this.policies = policies;
    }

    /** @return the policies. */
    public JwtPolicies policies()
    {
        return policies;
    }

    /** Starts a request: nothing removed yet. */
    public void start()
    {
        removedBy = null;
        accepted = null;
        gatewayAccepted = null;
        serverAccepted = null;
    }

    /**
     * For AuthorizationPolicy on a gateway: the token its {@code jwt_authn} filter accepted for the last request
     * ({@link JwtToken#principal()} {@code ISS/SUB}, {@link JwtToken#claims()}), {@code null} when it passed without
     * one (no request principal) or the gateway enforces no policy.
     *
     * @return the token.
     */
    public JwtToken gatewayAccepted()
    {
        return gatewayAccepted;
    }

    /**
     * For AuthorizationPolicy on the chosen endpoint's sidecar: the token its filter accepted, {@code null} when none.
     *
     * @return the token.
     */
    public JwtToken serverAccepted()
    {
        return serverAccepted;
    }

    /** @return the token the last check accepted, {@code null} when none (no token, or rejected). */
    public JwtToken accepted()
    {
        return accepted;
    }

    /** @return cache hits so far. */
    public long hits()
    {
        return hits;
    }

    /** @return cache misses so far. */
    public long misses()
    {
        return misses;
    }

    /**
     * Runs a proxy's filter.
     *
     * @param set     the provider set it enforces.
     * @param request the request.
     * @param gateway whether this is a gateway's proxy (an accepted token's locations are then removed for the
     *                sidecar behind it, unless forwarded).
     * @return {@link JwtStatus#OK} when the request passes, else the status its local reply reports.
     */
    public int check(final int set, final L7RequestView request, final boolean gateway)
    {
        accepted = null;
        if (preflight(request))
        {
            return JwtStatus.OK; // Istio sets bypass_cors_preflight
        }
        final JwtProvider[] providers = policies.providers(set);
        int fin = JwtStatus.MISSED;
        int firstFailure = JwtStatus.OK;
        for (final JwtProvider p : providers)
        {
            final int s = provider(p, request);
            if (s == JwtStatus.OK)
            {
                if (gateway && !p.forward() && accepted != null)
                {
                    removedBy = p;
                }
                if (gateway)
                {
                    gatewayAccepted = accepted;
                }
                else
                {
                    serverAccepted = accepted;
                }
                return JwtStatus.OK;
            }
            if (s != JwtStatus.MISSED && firstFailure == JwtStatus.OK)
            {
                firstFailure = s;
            }
            if (s != JwtStatus.MISSED && s != JwtStatus.UNKNOWN_ISSUER || fin == JwtStatus.MISSED)
            {
                fin = s;
            }
        }
        if (firstFailure == JwtStatus.OK)
        {
            return JwtStatus.OK; // every provider's token is missing: allow_missing
        }
        if (providers.length > 1)
        {
            // the AND child fails with the first provider whose status is not MISSED
            if (firstFailure != JwtStatus.MISSED && firstFailure != JwtStatus.UNKNOWN_ISSUER
                    || fin == JwtStatus.MISSED)
            {
                fin = firstFailure;
            }
        }
        return fin;
    }

    private static boolean preflight(final L7RequestView r)
    {
        if (r.length(L7RequestView.METHOD) != 7 || !r.contentEquals(L7RequestView.METHOD, OPTIONS, 7))
        {
            return false;
        }
        final int origin = r.header(ORIGIN, 0, 6);
        final int method = r.header(ACRM, 0, 29);
        return origin >= 0 && r.length(origin) > 0 && method >= 0 && r.length(method) > 0;
    }

    private static final byte[] OPTIONS = "OPTIONS".getBytes(StandardCharsets.US_ASCII);
    private static final BytesStore<?, ?> ORIGIN = BytesStore.wrap("origin".getBytes(StandardCharsets.US_ASCII));
    private static final BytesStore<?, ?> ACRM = BytesStore.wrap(
            "access-control-request-method".getBytes(StandardCharsets.US_ASCII));

    /** One provider's status over its tokens, last to first. */
    private int provider(final JwtProvider p, final L7RequestView request)
    {
        final int count = tokens(p, request, -1);
        if (count == 0)
        {
            return JwtStatus.MISSED;
        }
        JwtToken first = null;
        for (int k = count - 1; k >= 0; k--)
        {
            tokens(p, request, k);
            final JwtToken t = lookup(p);
            final int s = t.status(policies.now());
            if (s != JwtStatus.OK)
            {
                return s;
            }
            first = t;
        }
        accepted = first;
        return JwtStatus.OK;
    }

    /**
     * The token cache: two ways per set, indexed by a hash of the token's bytes alone (deterministic from run to run,
     * unlike an identity hash), the provider compared by identity; a miss replaces the way not used last.
     */
    private JwtToken lookup(final JwtProvider p)
    {
        int h = 0;
        for (int i = 0; i < tokenLength; i++)
        {
            h = 31 * h + token[i];
        }
        final int base = (h ^ h >>> 16) & (CACHE - 2);
        for (int slot = base; slot <= base + 1; slot++)
        {
            final byte[] b = cacheBytes[slot];
            if (cacheProvider[slot] == p && cacheLength[slot] == tokenLength && b != null
                    && java.util.Arrays.equals(b, 0, tokenLength, token, 0, tokenLength))
            {
                hits++;
                victim[base >> 1] = (byte)(base + 1 - slot); // the other way goes first
                return cacheToken[slot];
            }
        }
        misses++;
        final int slot = base + victim[base >> 1];
        victim[base >> 1] = (byte)(base + 1 - slot);
        final JwtToken t = JwtToken.check(new String(token, 0, tokenLength, StandardCharsets.ISO_8859_1), p);
        cacheBytes[slot] = java.util.Arrays.copyOf(token, tokenLength);
        cacheLength[slot] = tokenLength;
        cacheProvider[slot] = p;
        cacheToken[slot] = t;
        return t;
    }

    /**
     * Envoy's extractor for one provider: header locations (sorted by name and prefix), then query parameters (sorted
     * by name, first value, percent-decoded), then cookies (sorted by name).
     *
     * @param want -1: count the tokens; else copy token {@code want} into {@link #token}.
     * @return the number of tokens.
     */
    private int tokens(final JwtProvider p, final L7RequestView r, final int want)
    {
        int n = 0;
        final List<JwtProvider.Location> headers = p.defaultLocations() ? null : p.sortedHeaders();
        final int hc = headers == null ? 1 : headers.size();
        for (int k = 0; k < hc; k++)
        {
            final String name = headers == null ? "authorization" : headers.get(k).name();
            final String prefix = headers == null ? BEARER : headers.get(k).prefix();
            if (removed(name, false))
            {
                continue;
            }
            final BytesStore<?, ?> nameBytes = headers == null ? authorization : p.nameStore(k);
            final int h = r.header(nameBytes, 0, (int)nameBytes.readRemaining());
            if (h < 0)
            {
                continue;
            }
            final int values = r.valueCount(h);
            for (int v = 0; v < values; v++)
            {
                final int vh = r.value(h, v);
                final int start = valueStart(r, vh, prefix);
                if (start < 0)
                {
                    continue;
                }
                if (n == want)
                {
                    copy(r, vh, start);
                }
                n++;
            }
        }
        final List<String> params = p.defaultLocations() ? DEFAULT_PARAMS : p.sortedParams();
        for (int k = 0; k < params.size(); k++)
        {
            final String param = params.get(k);
            if (!removed(param, true) && QueryParams.first(r, param, n == want ? this : null))
            {
                n++;
            }
        }
        final List<String> cookies = p.sortedCookies();
        for (int k = 0; k < cookies.size(); k++)
        {
            final String cookie = cookies.get(k);
            if (Cookies.find(r, cookie, n == want ? this : null))
            {
                n++;
            }
        }
        return n;
    }

    private boolean removed(final String name, final boolean param)
    {
        final JwtProvider p = removedBy;
        if (p == null)
        {
            return false;
        }
        if (p.defaultLocations())
        {
            return param ? name.equals(ACCESS_TOKEN) : name.equals("authorization");
        }
        if (param)
        {
            return p.params().contains(name);
        }
        for (int k = 0; k < p.headers().size(); k++)
        {
            if (p.headers().get(k).name().equals(name))
            {
                return true;
            }
        }
        return false;
    }

    /** Where the token starts in a header value: after the prefix (found anywhere), at the first base64url or dot. */
    private static int valueStart(final L7RequestView r, final int vh, final String prefix)
    {
        final int len = r.length(vh);
        if (prefix.isEmpty())
        {
            return 0;
        }
        int at = -1;
        for (int i = 0; i + prefix.length() <= len && at < 0; i++)
        {
            int j = 0;
            while (j < prefix.length() && r.byteAt(vh, i + j) == prefix.charAt(j))
            {
                j++;
            }
            if (j == prefix.length())
            {
                at = i + j;
            }
        }
        if (at < 0)
        {
            return -1;
        }
        for (int i = at; i < len; i++)
        {
            if (base64UrlOrDot(r.byteAt(vh, i)))
            {
                return i;
            }
        }
        return 0; // none: Envoy keeps the whole value
    }

    private static boolean base64UrlOrDot(final byte b)
    {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
                || b == '.';
    }

    private void copy(final L7RequestView r, final int handle, final int start)
    {
        final int len = r.length(handle) - start;
        reserve(len);
        for (int i = 0; i < len; i++)
        {
            token[i] = r.byteAt(handle, start + i);
        }
        tokenLength = len;
    }

    /** Makes room for a token of {@code len} bytes (grows once per longer token). */
    void reserve(final int len)
    {
        if (token.length < len)
        {
            token = new byte[Math.max(len, 2 * token.length)];
        }
        tokenLength = 0;
    }

    /** Appends one byte to the token being copied. */
    void put(final byte b)
    {
        if (tokenLength == token.length)
        {
            token = java.util.Arrays.copyOf(token, 2 * token.length);
        }
        token[tokenLength++] = b;
    }
}
