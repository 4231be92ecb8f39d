package dev.wirespeed.fib.l7;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.jwt.JwtToken;
import dev.wirespeed.fib.l3.IpText;

import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.AuthzLayout.*;
import static dev.wirespeed.fib.l7.L7Layout.F_AUTHORITY;
import static dev.wirespeed.fib.l7.L7Layout.F_METHOD;

/**
 * The RBAC filters of a workload's proxy over the {@code AUTHZ} section ({@link AuthzLayout}; docs/routing.md
 * "Authorization"): a DENY rule that matches denies (the first of the set's deny entries, in Envoy's order of policy
 * names); else, when some ALLOW policy applies, a request no ALLOW rule matches is denied. Reads the request through
 * the scratch (path, authority, method, headers as sent); the addresses are parsed once a request, when a rule asks.
 * Allocates nothing.
 */
final class AuthzStage
{
    /** Envoy's {@code uri_template} characters of a path segment. */
    private static final long[] SEGMENT = segmentClass();

    private final IndexedTable authz;
    private final IndexedTable endpoints;
    private final StringPool strings;
    private final RequestScratch q;
    private final boolean any;
    private final long[] v6 = new long[2];
    private final int[] groups = new int[8];
    /** The parsed source and destination addresses: family (0 none, 4, 6, -1 not parsed yet), high and low words. */
    private int srcFamily;
    private long srcHi;
    private long srcLo;
    private int dstFamily;
    private long dstHi;
    private long dstLo;
    private int port;
    private int identity;
    /** The token the proxy's jwt_authn filter accepted, {@code null} when none (no request principal). */
    private JwtToken token;
    /** The pool's strings a claim test compares, made once each (by string id), so that a request allocates none. */
    private String[] text;

    AuthzStage(final FibImage image, final StringPool strings, final RequestScratch scratch,
            final IndexedTable endpoints)
    {
        this.authz = new IndexedTable(image, FibSection.AUTHZ);
        this.endpoints = endpoints;
        this.strings = strings;
        this.q = scratch;
        this.any = authz.intAt(AZ_ANY) != 0;
    }

    /** @return whether some policy is loaded (else nothing here is read). */
    boolean any()
    {
        return any;
    }

    /**
     * A gateway's RBAC filters on an HTTP request.
     *
     * @param gatewayId the gateway's string id.
     * @param accepted  the token the gateway's jwt_authn filter accepted, {@code null} when none.
     * @return the string id of the denial's {@code authz}, -1 when the request passes.
     */
    int gateway(final int gatewayId, final JwtToken accepted)
    {
        token = accepted;
        if (gatewayId < 0)
        {
            return -1;
        }
        final int set = authz.find(key(AZ_KEY_GATEWAY, gatewayId));
        if (set < 0)
        {
            return -1;
        }
        srcFamily = -1;
        dstFamily = -1;
        port = q.res.requestPort & 0xFFFFFF;
        identity = -1; // a gateway's downstream has no mTLS identity
        return decide(set);
    }

    /**
     * The RBAC filters of the sidecar of the endpoint a request was routed to.
     *
     * @param entry the endpoint's int index in {@code ENDPOINTS} ({address, port, text, family, words[4]}).
     * @param mesh     whether a sidecar sent the request (else a gateway).
     * @param accepted the token the sidecar's jwt_authn filter accepted, {@code null} when none.
     * @return the string id of the denial's {@code authz}, -1 when the request passes.
     */
    int server(final int entry, final boolean mesh, final JwtToken accepted)
    {
        token = accepted;
        final int rec = authz.find(key(AZ_KEY_ENDPOINT, endpoints.intAt(entry + L7Layout.EP_ADDRESS)));
        if (rec < 0)
        {
            return -1;
        }
        port = endpoints.intAt(entry + L7Layout.EP_PORT);
        boolean mtls = authz.intAt(rec + AE_MTLS) != 0;
        for (int k = 0, n = authz.intAt(rec + AE_PORT_COUNT); k < n; k++)
        {
            if (authz.intAt(rec + AE_PORTS + 2 * k) == port)
            {
                mtls = authz.intAt(rec + AE_PORTS + 2 * k + 1) != 0;
            }
        }
        dstFamily = endpoints.intAt(entry + L7Layout.EP_FAMILY);
        dstHi = (long)endpoints.intAt(entry + L7Layout.EP_ADDR) << 32
                | endpoints.intAt(entry + L7Layout.EP_ADDR + 1) & 0xFFFF_FFFFL;
        dstLo = (long)endpoints.intAt(entry + L7Layout.EP_ADDR + 2) << 32
                | endpoints.intAt(entry + L7Layout.EP_ADDR + 3) & 0xFFFF_FFFFL;
        if (dstFamily == 4)
        {
            dstLo = endpoints.intAt(entry + L7Layout.EP_ADDR) & 0xFFFF_FFFFL;
            dstHi = 0;
        }
        identity = -1;
        if (mesh)
        {
            srcFamily = -1;
            if (mtls && q.loadHandle(L7RequestView.SOURCE_IP))
            {
                final int id = strings.find(q.val, 0, q.valLen, false);
                final int known = id < 0 ? -1 : authz.find(key(AZ_KEY_IDENTITY, id));
                identity = known;
            }
        }
        else
        {
            final int gw = q.gwId < 0 ? -1 : authz.find(key(AZ_KEY_GATEWAY_CLIENT, q.gwId));
            srcFamily = gw < 0 ? 0 : authz.intAt(gw + 1);
            identity = gw < 0 || !mtls ? -1 : authz.intAt(gw);
            if (srcFamily == 4)
            {
                srcHi = 0;
                srcLo = authz.intAt(gw + 2) & 0xFFFF_FFFFL;
            }
            else if (srcFamily == 6)
            {
                srcHi = (long)authz.intAt(gw + 2) << 32 | authz.intAt(gw + 3) & 0xFFFF_FFFFL;
                srcLo = (long)authz.intAt(gw + 4) << 32 | authz.intAt(gw + 5) & 0xFFFF_FFFFL;
            }
        }
        return decide(authz.intAt(rec + AE_SET));
    }

    private int decide(final int set)
    {
        final int denies = authz.intAt(set + AS_DENY_COUNT);
        int e = set + AS_ENTRIES;
        for (int k = 0; k < denies; k++, e += 2)
        {
            if (rule(authz.intAt(e + 1)))
            {
                return authz.intAt(e);
            }
        }
        if (authz.intAt(set + AS_ALLOW_POLICIES) == 0)
        {
            return -1;
        }
        final int allows = authz.intAt(set + AS_ALLOW_COUNT);
        for (int k = 0; k < allows; k++, e++)
        {
            if (rule(authz.intAt(e)))
            {
                return -1;
            }
        }
        return authz.intAt(set + AS_ALLOW_POLICIES) - 1; // the string id of allow-none-matched, plus one
    }

    private boolean rule(final int r)
    {
        if (!clause(authz.intAt(r + AR_WHEN)))
        {
            return false;
        }
        final int from = authz.intAt(r + AR_FROM_COUNT);
        final int to = authz.intAt(r + AR_TO_COUNT);
        return anyClause(r + AR_CLAUSES, from) && anyClause(r + AR_CLAUSES + from, to);
    }

    private boolean anyClause(final int start, final int count)
    {
        for (int k = 0; k < count; k++)
        {
            if (clause(authz.intAt(start + k)))
            {
                return true;
            }
        }
        return count == 0;
    }

    private boolean clause(final int c)
    {
        final int n = authz.intAt(c);
        for (int k = 1; k <= n; k++)
        {
            if (!test(authz.intAt(c + k)))
            {
                return false;
            }
        }
        return true;
    }

    private boolean test(final int t)
    {
        final int values = authz.intAt(t + AT_VALUES);
        final int nots = authz.intAt(t + AT_NOT_VALUES);
        final int field = authz.intAt(t + AT_FIELD);
        final int name = authz.intAt(t + AT_NAME);
        int m = t + AT_MATCHERS;
        boolean some = values == 0;
        for (int k = 0; k < values && !some; k++, m += MATCHER_SIZE)
        {
            some = matches(field, name, m);
        }
        m = t + AT_MATCHERS + values * MATCHER_SIZE;
        for (int k = 0; k < nots && some; k++, m += MATCHER_SIZE)
        {
            some = !matches(field, name, m);
        }
        return some;
    }

    private boolean matches(final int field, final int name, final int m)
    {
        final int kind = authz.intAt(m);
        switch (field)
        {
            case AF_PORT:
                return authz.intAt(m + 1) == port;
            case AF_SOURCE_IP:
                if (srcFamily < 0)
                {
                    srcFamily = parse(L7RequestView.SOURCE_IP, false);
                    srcHi = v6[0];
                    srcLo = v6[1];
                }
                return inBlock(m, kind, srcFamily, srcHi, srcLo);
            case AF_DEST_IP:
                if (dstFamily < 0)
                {
                    dstFamily = parse(L7RequestView.DST, true);
                    dstHi = v6[0];
                    dstLo = v6[1];
                }
                return inBlock(m, kind, dstFamily, dstHi, dstLo);
            case AF_IDENTITY:
            {
                final int set = authz.intAt(m + 1);
                return identity >= 0 && identity < authz.intAt(set) * 32
                        && (authz.intAt(set + 1 + (identity >>> 5)) >>> (identity & 31) & 1) != 0;
            }
            case AF_PATH:
                return kind == AM_PRESENT ? q.uriEnd > 0 : kind == AM_TEMPLATE ? template(authz.intAt(m + 1))
                        : string(kind, authz.intAt(m + 1), q.path, 0, q.uriEnd, false);
            case AF_HOST:
                return q.loadField(F_AUTHORITY, -1) && q.curLen > 0
                        && string(kind, authz.intAt(m + 1), q.cur, q.curOff, q.curLen, true);
            case AF_METHOD:
                return q.loadField(F_METHOD, -1) && string(kind, authz.intAt(m + 1), q.cur, q.curOff, q.curLen, false);
            case AF_HEADER:
                return q.loadHandle(q.header(name)) && string(kind, authz.intAt(m + 1), q.val, 0, q.valLen, false);
            case AF_JWT_PRINCIPAL:
                return token != null && token.claims() != null
                        && token.claims().get("iss") instanceof String iss
                        && jwtString(authz.intAt(m + 1), authz.intAt(m + 2), iss)
                        && token.claims().get("sub") instanceof String sub
                        && jwtString(authz.intAt(m + 3), authz.intAt(m + 4), sub);
            case AF_JWT_CLAIM:
                return token != null && token.claims() != null && claim(name, kind, authz.intAt(m + 1));
            default:
                return false;
        }
    }

    /** Envoy's metadata matcher on a claim's path: a string that matches, or a list with such a string. */
    private boolean claim(final int path, final int kind, final int id)
    {
        Object at = token.claims();
        for (int k = 1, n = authz.intAt(path); k <= n; k++)
        {
            at = at instanceof Map<?, ?> map ? map.get(text(authz.intAt(path + k))) : null;
        }
        if (at instanceof List<?> list)
        {
            for (int k = 0, n = list.size(); k < n; k++)
            {
                if (list.get(k) instanceof String s && jwtString(kind, id, s))
                {
                    return true;
                }
            }
            return false;
        }
        return at instanceof String s && jwtString(kind, id, s);
    }

    /** Istio's string matcher on a claim's value ({@code *}: the regex {@code .+}, not empty). */
    private boolean jwtString(final int kind, final int id, final String value)
    {
        switch (kind)
        {
            case AM_EXACT:
                return value.equals(text(id));
            case AM_PREFIX:
                return value.startsWith(text(id));
            case AM_SUFFIX:
                return value.endsWith(text(id));
            case AM_PRESENT:
                return !value.isEmpty();
            default:
                return false;
        }
    }

    private String text(final int id)
    {
        if (text == null)
        {
            text = new String[strings.count()];
        }
        String s = text[id];
        if (s == null)
        {
            s = strings.string(id);
            text[id] = s;
        }
        return s;
    }

    /** Istio's string matchers on a value: exact, prefix, suffix (the literal lower-case when {@code lower}). */
    private boolean string(final int kind, final int id, final byte[] b, final int off, final int len,
            final boolean lower)
    {
        switch (kind)
        {
            case AM_EXACT:
                return strings.equalsBytes(id, b, off, len, lower);
            case AM_PREFIX:
                return strings.startsWith(b, off, len, id, lower);
            case AM_SUFFIX:
            {
                final int n = strings.length(id);
                if (n > len)
                {
                    return false;
                }
                for (int i = 0; i < n; i++)
                {
                    final byte c = b[off + len - n + i];
                    if ((lower ? StringPool.lowerAscii(c) : c) != strings.byteAt(id, i))
                    {
                        return false;
                    }
                }
                return true;
            }
            case AM_PRESENT:
                return true;
            default:
                return false;
        }
    }

    /** Envoy's {@code uri_template} match of the path: {@code {*}} one segment, {@code {**}} any rest. */
    private boolean template(final int id)
    {
        return template(id, 0, strings.length(id), 0);
    }

    private boolean template(final int id, final int ti, final int tn, final int pi)
    {
        final byte[] p = q.path;
        final int pn = q.uriEnd;
        int t = ti;
        int at = pi;
        while (t < tn)
        {
            if (glob(id, t, tn, 4))
            {
                for (int end = pn; end >= at; end--)
                {
                    if (segmentRun(p, at, end, true) && template(id, t + 4, tn, end))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (glob(id, t, tn, 3))
            {
                for (int end = at + 1; end <= pn && segmentRun(p, at, end, false); end++)
                {
                    if (template(id, t + 3, tn, end))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (at >= pn || p[at] != strings.byteAt(id, t))
            {
                return false;
            }
            t++;
            at++;
        }
        return at == pn;
    }

    /** Whether {@code {*}} (3) or {@code {**}} (4) starts at {@code t}. */
    private boolean glob(final int id, final int t, final int tn, final int n)
    {
        if (t + n > tn || strings.byteAt(id, t) != '{' || strings.byteAt(id, t + n - 1) != '}')
        {
            return false;
        }
        for (int i = 1; i < n - 1; i++)
        {
            if (strings.byteAt(id, t + i) != '*')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentRun(final byte[] p, final int from, final int to, final boolean slash)
    {
        for (int i = from; i < to; i++)
        {
            final int c = p[i] & 0xFF;
            if (!(c < 128 && (SEGMENT[c >>> 6] >>> (c & 63) & 1) != 0 || slash && c == '/'))
            {
                return false;
            }
        }
        return true;
    }

    private static long[] segmentClass()
    {
        final long[] set = new long[2];
        final String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()+,;:@=";
        for (int i = 0; i < chars.length(); i++)
        {
            final int c = chars.charAt(i);
            set[c >>> 6] |= 1L << (c & 63);
        }
        return set;
    }

    /** Parses a request address (a {@code dst} may carry {@code :port} or {@code [v6]:port}) into {@link #v6}. */
    private int parse(final int handle, final boolean withPort)
    {
        if (!q.loadHandle(handle))
        {
            return 0;
        }
        final byte[] b = q.val;
        int from = 0;
        int to = q.valLen;
        if (withPort && to > 0 && b[0] == '[')
        {
            from = 1;
            to = from;
            while (to < q.valLen && b[to] != ']')
            {
                to++;
            }
        }
        else if (withPort)
        {
            int colons = 0;
            int last = -1;
            for (int i = 0; i < to; i++)
            {
                if (b[i] == ':')
                {
                    colons++;
                    last = i;
                }
            }
            to = colons == 1 ? last : to;
        }
        final long v4 = IpText.parseIpv4(b, from, to);
        if (v4 != IpText.INVALID)
        {
            v6[0] = 0;
            v6[1] = v4;
            return 4;
        }
        return IpText.parseIpv6(b, from, to, v6, groups) ? 6 : 0;
    }

    private boolean inBlock(final int m, final int kind, final int family, final long hi, final long lo)
    {
        if (kind == AM_CIDR4)
        {
            final int bits = authz.intAt(m + 2);
            final long mask = bits == 0 ? 0 : 0xFFFF_FFFFL << (32 - bits) & 0xFFFF_FFFFL;
            return family == 4 && ((lo ^ (authz.intAt(m + 1) & 0xFFFF_FFFFL)) & mask) == 0;
        }
        if (kind != AM_CIDR6 || family != 6)
        {
            return false;
        }
        final int bits = authz.intAt(m + 5);
        final long netHi = (long)authz.intAt(m + 1) << 32 | authz.intAt(m + 2) & 0xFFFF_FFFFL;
        final long netLo = (long)authz.intAt(m + 3) << 32 | authz.intAt(m + 4) & 0xFFFF_FFFFL;
        final long maskHi = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        final long maskLo = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        return ((hi ^ netHi) & maskHi) == 0 && ((lo ^ netLo) & maskLo) == 0;
    }
}
