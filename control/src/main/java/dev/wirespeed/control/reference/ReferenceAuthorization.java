package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.Authorization;
import dev.wirespeed.control.model.AuthorizationPolicy;
import dev.wirespeed.control.model.AuthorizationPolicy.Test;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.MeshNetworks;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The reference interpreter of AuthorizationPolicies (docs/routing.md "Authorization"): the policies that apply to a
 * workload, evaluated as Envoy's RBAC filters evaluate what Istio builds from them, over plain strings. A DENY policy
 * rule that matches denies (the first in Envoy's order of policy names, {@code ns[NS]-policy[NAME]-rule[I]}); then,
 * when some ALLOW policy applies, a request no ALLOW rule matches is denied. AUDIT, CUSTOM and dry-run policies
 * decide nothing.
 */
final class ReferenceAuthorization
{
    /** The {@code authz} of a request no ALLOW policy's rule matched. */
    static final String ALLOW_NONE_MATCHED = "allow-none-matched";

    /** Envoy's {@code uri_template} class of one path segment ({@code *}) and of any rest of a path ({@code **}). */
    private static final String SEGMENT = "[a-zA-Z0-9\\-._~%!$&'()+,;:@=]";

    private final RoutingModel model;
    private final Authorization authz;
    /** The RequestAuthentications' {@code jwt_authn} filters, {@code null} without any. */
    private final ReferenceJwt jwt;

    ReferenceAuthorization(final RoutingModel model)
    {
        this.model = model;
        this.authz = model.authorization();
        this.jwt = model.requestAuthn().isEmpty() ? null : new ReferenceJwt(model);
    }

    /** @return whether any policy is loaded. */
    boolean any()
    {
        return !authz.isEmpty();
    }

    /**
     * What a request looks like to an RBAC filter.
     *
     * @param principal the mTLS peer's URI SAN, {@code null} without mTLS.
     * @param sourceIp  the downstream connection's address, {@code null} when not known.
     * @param destIp    the connection's local address, {@code null} when not known.
     * @param port      the connection's local port.
     * @param authority the {@code :authority} header.
     * @param method    the method.
     * @param path      the path without query.
     * @param headers   the request headers (names lower-case).
     * @param claims    the claims of the token the proxy's {@code jwt_authn} filter accepted, {@code null} when none.
     */
    record Attributes(String principal, String sourceIp, String destIp, int port, String authority, String method,
            String path, Map<String, String> headers, Map<String, Object> claims)
    {
    }

    /**
     * The RBAC filters of a gateway's proxy on an HTTP request (docs/routing.md "Authorization"): they run before the
     * fault and CORS filters and the router, on the request as it came (authority with its port, path before any
     * rewrite); a gateway's downstream has no mTLS identity.
     *
     * @return the {@code authz} of the denial, {@code null} when the request passes (or the gateway is unknown).
     */
    String gatewayDenial(final RequestFacts r, final dev.wirespeed.control.model.HttpRequest request)
    {
        GatewaySpec gateway = null;
        for (final GatewaySpec g : model.gateways())
        {
            if ((g.namespace() + "/" + g.name()).equals(r.gateway()))
            {
                gateway = g;
                break;
            }
        }
        if (gateway == null)
        {
            return null;
        }
        final Authorization.Workload w = authz.gatewayWorkload(gateway);
        final List<AuthorizationPolicy> policies = authz.applicable(model.mesh().rootNamespace(), w.namespace(),
                w.labels());
        return decide(policies, new Attributes(null, r.src(), address(r.dst()), r.port(), r.authority(),
                r.method(), r.uri(), r.headers(), jwt == null ? null : jwt.gatewayClaims(request)));
    }

    /**
     * @param r     a gateway's HTTP request.
     * @param trace the explain listener, or {@code null}.
     * @return the gateway's local reply when its RBAC filters deny the request, else {@code null}.
     */
    RouteDecision atGateway(final RequestFacts r, final DecisionBuilder d)
    {
        if (!any())
        {
            return null;
        }
        final RouteTrace trace = d.trace;
        final String denied = gatewayDenial(r, d.request);
        if (denied != null)
        {
            RouteSteps.step(trace, "authz", r.gateway() + "'s RBAC filter denies the request (" + denied + "): 403 "
                    + RouteDecision.RBAC_BODY);
            return RouteDecision.rbacDenied(denied);
        }
        return null;
    }

    /**
     * The RBAC filters of the sidecar of the endpoint a request was routed to (docs/routing.md "Authorization"): a
     * Pod of the config cluster with a sidecar ({@code security.istio.io/tlsMode: istio}) at the endpoint's address.
     * It sees the client's mTLS identity when mTLS reaches it (the client a Pod with a sidecar, or a gateway's Pod;
     * the PeerAuthentications not {@code DISABLE} on the port), the client's address, the endpoint's address and
     * port, and the request's method, path, authority and headers as sent.
     *
     * @return the decision, with {@code status} 403 and {@code authz} when the server's policies deny the request.
     */
    RouteDecision atServer(final RouteDecision out, final RequestFacts r, final DecisionBuilder d)
    {
        if (!"route".equals(out.action()) || d.tcp || r.sni() != null || d.originalDst || out.endpoint() == null)
        {
            return out;
        }
        final int colon = out.endpoint().lastIndexOf(':');
        final String address = out.endpoint().substring(0, colon);
        final int port = Integer.parseInt(out.endpoint().substring(colon + 1));
        final Authorization.Workload server = authz.podAt(address);
        if (server == null || !"istio".equals(server.labels().get(MeshNetworks.TLS_MODE_LABEL)))
        {
            return out;
        }
        final List<AuthorizationPolicy> policies = authz.applicable(model.mesh().rootNamespace(), server.namespace(),
                server.labels());
        if (policies.isEmpty())
        {
            return out;
        }
        final boolean mtls = model.peerAuthn().mtlsReaches(new RegistryService.Endpoint(address, server.labels(),
                Map.of(), true, server.name()), server.namespace(), port, null);
        Authorization.Workload client = null;
        String sourceIp = r.src();
        if ("mesh".equals(r.gateway()))
        {
            client = r.src() == null ? null : authz.podAt(r.src());
            client = client != null && "istio".equals(client.labels().get(MeshNetworks.TLS_MODE_LABEL)) ? client
                    : null;
        }
        else
        {
            final Authorization.Workload gw = gatewayPod(r.gateway());
            client = gw == null || gw.addresses().isEmpty() ? null : gw;
            sourceIp = client == null ? null : client.addresses().get(0);
        }
        final String denied = decide(policies, new Attributes(mtls && client != null ? authz.principal(client) : null,
                sourceIp, address, port, r.authority(), r.method(), r.uri(), r.headers(),
                jwt == null ? null : jwt.serverClaims(d.request, address)));
        if (denied == null)
        {
            return out;
        }
        RouteSteps.step(d.trace, "authz", "the sidecar of " + server.namespace() + "/" + server.name() + " denies the"
                + " request (" + denied + "): the upstream answers 403 " + RouteDecision.RBAC_BODY);
        return out.withUpstreamDenial(denied);
    }

    private Authorization.Workload gatewayPod(final String gateway)
    {
        for (final GatewaySpec g : model.gateways())
        {
            if ((g.namespace() + "/" + g.name()).equals(gateway))
            {
                return authz.gatewayWorkload(g);
            }
        }
        return null;
    }

    /** The address of {@code dst} ({@code address}, {@code address:port}, {@code [v6]:port}), or {@code null}. */
    static String address(final String dst)
    {
        if (dst == null || dst.isEmpty())
        {
            return null;
        }
        if (dst.startsWith("["))
        {
            final int close = dst.indexOf(']');
            return close < 0 ? null : dst.substring(1, close);
        }
        final int colon = dst.indexOf(':');
        return colon >= 0 && colon == dst.lastIndexOf(':') ? dst.substring(0, colon) : dst;
    }

    /**
     * @param policies the policies that apply to the workload.
     * @param a        the request.
     * @return {@code deny:NS/NAME}, {@link #ALLOW_NONE_MATCHED}, or {@code null} when the request passes.
     */
    static String decide(final List<AuthorizationPolicy> policies, final Attributes a)
    {
        String firstName = null;
        AuthorizationPolicy denied = null;
        boolean anyAllow = false;
        boolean allowed = false;
        for (final AuthorizationPolicy p : policies)
        {
            if (p.dryRun())
            {
                continue;
            }
            if (p.action() == AuthorizationPolicy.Action.ALLOW)
            {
                anyAllow = true;
            }
            for (int i = 0; i < p.rules().size(); i++)
            {
                if (p.action() == AuthorizationPolicy.Action.DENY && matches(p.rules().get(i), a))
                {
                    final String name = p.rbacName(i);
                    if (firstName == null || name.compareTo(firstName) < 0)
                    {
                        firstName = name;
                        denied = p;
                    }
                }
                if (p.action() == AuthorizationPolicy.Action.ALLOW && !allowed && matches(p.rules().get(i), a))
                {
                    allowed = true;
                }
            }
        }
        if (denied != null)
        {
            return "deny:" + denied.qualifiedName();
        }
        return anyAllow && !allowed ? ALLOW_NONE_MATCHED : null;
    }

    static boolean matches(final AuthorizationPolicy.Rule rule, final Attributes a)
    {
        for (final Test t : rule.when())
        {
            if (!holds(t, a))
            {
                return false;
            }
        }
        return anyClause(rule.from(), a) && anyClause(rule.to(), a);
    }

    private static boolean anyClause(final List<List<Test>> clauses, final Attributes a)
    {
        if (clauses.isEmpty())
        {
            return true;
        }
        for (final List<Test> clause : clauses)
        {
            boolean all = true;
            for (final Test t : clause)
            {
                all &= holds(t, a);
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    /** Some value matches (when any is written) and no notValue does. */
    static boolean holds(final Test t, final Attributes a)
    {
        boolean some = t.values().isEmpty();
        for (final String v : t.values())
        {
            some |= value(t, v, a);
        }
        for (final String v : t.notValues())
        {
            some &= !value(t, v, a);
        }
        return some;
    }

    private static boolean value(final Test t, final String v, final Attributes a)
    {
        switch (t.field())
        {
            case HOST:
                return header(a.authority().isEmpty() ? null : a.authority().toLowerCase(Locale.ROOT),
                        v.toLowerCase(Locale.ROOT));
            case METHOD:
                return header(a.method(), v);
            case HEADER:
                return header(a.headers().get(t.key()), v);
            case PATH:
                return path(a.path(), v);
            case PORT:
                return Integer.parseInt(v) == a.port();
            case IP: case REMOTE_IP:
                return inBlock(a.sourceIp(), v);
            case DEST_IP:
                return inBlock(a.destIp(), v);
            case PRINCIPAL:
                return a.principal() != null && principal(a.principal(), v);
            case NAMESPACE:
                return a.principal() != null && Pattern.matches(".*/ns/" + wildcard(v) + "/.*", a.principal());
            case SERVICE_ACCOUNT:
            {
                final int slash = v.indexOf('/');
                return a.principal() != null && Pattern.matches("spiffe://.+/ns/" + Pattern.quote(v.substring(0, slash))
                        + "/(.+/|)sa/" + Pattern.quote(v.substring(slash + 1)) + "(/.+)?", a.principal());
            }
            case TRUST_DOMAIN:
                return a.principal() != null && trustDomain(a.principal(), v);
            case REQUEST_PRINCIPAL:
                return a.claims() != null && requestPrincipal(a.claims(), v);
            case REQUEST_CLAIM:
                return a.claims() != null && claim(a.claims(), t.key(), v);
            default:
                return false; // connection.sni (no server name on an HTTP request here), metadata
        }
    }

    /**
     * Istio's {@code requestPrincipalGenerator}: the value split at its last {@code /} into an issuer and a subject
     * matcher ({@code *} is the regex {@code .+}), each on the string claim {@code iss}, {@code sub}.
     */
    private static boolean requestPrincipal(final Map<String, Object> claims, final String v)
    {
        if (!(claims.get("iss") instanceof String i) || !(claims.get("sub") instanceof String s))
        {
            return false;
        }
        final int idx = v.lastIndexOf('/');
        final String iss = idx >= 0 ? v.substring(0, idx) : v;
        final String sub = idx >= 0 ? v.substring(idx + 1) : "";
        if (v.equals("*"))
        {
            return !i.isEmpty() && !s.isEmpty();
        }
        if (v.startsWith("*"))
        {
            return idx >= 0 ? (iss.equals("*") ? !i.isEmpty() : i.endsWith(iss.substring(1))) && s.equals(sub)
                    : !i.isEmpty() && s.endsWith(v.substring(1));
        }
        if (v.endsWith("*"))
        {
            return idx >= 0 ? i.equals(iss) && (sub.equals("*") ? !s.isEmpty()
                    : s.startsWith(sub.substring(0, sub.length() - 1)))
                    : i.startsWith(v.substring(0, v.length() - 1)) && !s.isEmpty();
        }
        return i.equals(iss) && s.equals(sub);
    }

    /**
     * Istio's {@code StringMatcher}: {@code *} the regex {@code .+}, {@code *x} suffix, {@code x*} prefix, else
     * equal.
     */
    private static boolean stringMatcher(final String actual, final String v)
    {
        if (v.equals("*"))
        {
            return !actual.isEmpty();
        }
        if (v.startsWith("*"))
        {
            return actual.endsWith(v.substring(1));
        }
        return v.endsWith("*") ? actual.startsWith(v.substring(0, v.length() - 1)) : actual.equals(v);
    }

    /**
     * Istio's {@code requestClaimGenerator}: Envoy's metadata matcher on the claim's path in the payload, a string
     * that matches or a list with a string element that matches.
     */
    private static boolean claim(final Map<String, Object> claims, final String path, final String v)
    {
        Object at = claims;
        for (final String name : path.split("\0", -1))
        {
            at = at instanceof Map<?, ?> m ? m.get(name) : null;
        }
        if (at instanceof List<?> list)
        {
            for (final Object e : list)
            {
                if (e instanceof String s && stringMatcher(s, v))
                {
                    return true;
                }
            }
            return false;
        }
        return at instanceof String s && stringMatcher(s, v);
    }

    /** Istio's {@code HeaderMatcher}: {@code *} presence, {@code *x} suffix, {@code x*} prefix, else exact. */
    private static boolean header(final String actual, final String v)
    {
        if (actual == null)
        {
            return false;
        }
        if (v.equals("*"))
        {
            return true;
        }
        if (v.startsWith("*"))
        {
            return actual.endsWith(v.substring(1));
        }
        return v.endsWith("*") ? actual.startsWith(v.substring(0, v.length() - 1)) : actual.equals(v);
    }

    /** Istio's {@code PathMatcher} (a string matcher: {@code *} is the regex {@code .+}) or a path template. */
    private static boolean path(final String path, final String v)
    {
        if (v.contains("{*}") || v.contains("{**}"))
        {
            final StringBuilder re = new StringBuilder();
            int at = 0;
            while (at < v.length())
            {
                if (v.startsWith("{**}", at))
                {
                    re.append(SEGMENT.replace("=]", "=/]")).append('*');
                    at += 4;
                }
                else if (v.startsWith("{*}", at))
                {
                    re.append(SEGMENT).append('+');
                    at += 3;
                }
                else
                {
                    re.append(Pattern.quote(String.valueOf(v.charAt(at++))));
                }
            }
            return Pattern.matches(re.toString(), path);
        }
        if (v.equals("*"))
        {
            return !path.isEmpty();
        }
        if (v.startsWith("*"))
        {
            return path.endsWith(v.substring(1));
        }
        return v.endsWith("*") ? path.startsWith(v.substring(0, v.length() - 1)) : path.equals(v);
    }

    /** Istio's {@code StringMatcherWithPrefix(v, "spiffe://")}. */
    private static boolean principal(final String principal, final String v)
    {
        if (v.equals("*"))
        {
            return !principal.isEmpty();
        }
        if (v.startsWith("*"))
        {
            return principal.startsWith("spiffe://") && principal.length() >= 9 + v.length() - 1
                    && principal.endsWith(v.substring(1));
        }
        return v.endsWith("*") ? principal.startsWith("spiffe://" + v.substring(0, v.length() - 1))
                : principal.equals("spiffe://" + v);
    }

    private static boolean trustDomain(final String principal, final String v)
    {
        if (v.equals("*"))
        {
            return principal.startsWith("spiffe://");
        }
        if (!v.contains("*"))
        {
            return principal.startsWith("spiffe://" + v + "/");
        }
        final int star = v.indexOf('*');
        return Pattern.matches("spiffe://" + Pattern.quote(v.substring(0, star)) + "[^/]*"
                + Pattern.quote(v.substring(star + 1)) + "/.*", principal);
    }

    /** A namespace with {@code *} as {@code .*}, the rest quoted. */
    private static String wildcard(final String v)
    {
        final StringBuilder re = new StringBuilder();
        final String[] parts = v.split("\\*", -1);
        for (int i = 0; i < parts.length; i++)
        {
            if (i > 0)
            {
                re.append(".*");
            }
            if (!parts[i].isEmpty())
            {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return re.toString();
    }

    private static boolean inBlock(final String address, final String block)
    {
        final byte[] a = address == null ? null : IpLiterals.parse(address);
        return a != null && IpLiterals.inCidr(a, block);
    }
}
