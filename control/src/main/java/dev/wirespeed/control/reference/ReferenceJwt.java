package dev.wirespeed.control.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.wirespeed.control.compile.JwtReplies;
import dev.wirespeed.control.model.GatewaySpec;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RequestAuthentications;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.fib.jwt.JwtProvider;
import dev.wirespeed.fib.jwt.JwtSignatures;
import dev.wirespeed.fib.jwt.JwtStatus;
import dev.wirespeed.fib.jwt.JwtToken;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The reference interpreter's {@code jwt_authn} filters (docs/routing.md "Request authentication"), the obvious way:
 * per request, the policies that attach to the gateway's workload (before routing) and to the chosen endpoint's
 * workload (after), Envoy's requirement tree built as Istio builds it and evaluated node by node
 * ({@code AnyVerifierImpl}, {@code AllVerifierImpl}, {@code ProviderVerifierImpl}), each token parsed with Jackson
 * and checked in Envoy's order. Nothing is cached.
 */
final class ReferenceJwt
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RoutingModel model;
    private final RequestAuthentications policies;

    ReferenceJwt(final RoutingModel model)
    {
        this.model = model;
        this.policies = model.requestAuthn();
    }

    /**
     * The outcome of one filter (for AuthorizationPolicy's {@code requestPrincipals} and
     * {@code request.auth.claims}).
     *
     * @param status   {@code JwtStatus.OK} when the request passes, else the status of its local reply.
     * @param request  the request as the filter forwards it (an accepted token's header or parameter removed unless
     *                 {@code forwardOriginalToken}).
     * @param accepted the provider that accepted a token, {@code null} when none (no token: no request principal).
     * @param claims   the accepted token's payload, {@code null} when none.
     */
    record Outcome(int status, HttpRequest request, JwtProvider accepted, Map<String, Object> claims)
    {
        /** @return Istio's request principal {@code ISS/SUB} of the accepted token, {@code null} when none. */
        String principal()
        {
            return claims == null ? null : claims.getOrDefault("iss", "") + "/" + claims.getOrDefault("sub", "");
        }
    }

    /**
     * For AuthorizationPolicy: the outcome of the {@code jwt_authn} filter of a workload's proxy for a request.
     *
     * @param namespace the workload's namespace.
     * @param labels    its labels (a gateway's: {@link RequestAuthentications#gatewayWorkload}).
     * @param request   the request as it reaches the proxy.
     * @return the outcome; status OK and no principal when no policy attaches.
     */
    Outcome outcome(final String namespace, final Map<String, String> labels, final HttpRequest request)
    {
        final List<JwtProvider> ps = policies.providers(model.mesh().rootNamespace(), namespace, labels);
        return ps.isEmpty() ? new Outcome(JwtStatus.OK, request, null, null) : filter(ps, request);
    }

    /**
     * For AuthorizationPolicy on a gateway: the claims of the token its {@code jwt_authn} filter accepts.
     *
     * @param request the request as it reaches the gateway.
     * @return the claims, {@code null} when no token was accepted (or no policy attaches).
     */
    Map<String, Object> gatewayClaims(final HttpRequest request)
    {
        return gatewayOutcome(request).claims();
    }

    /**
     * For AuthorizationPolicy on the sidecar of the endpoint a request was routed to: the claims of the token its
     * {@code jwt_authn} filter accepts, on the request as the gateway's filter forwards it.
     *
     * @param request  the request as it reaches the client's proxy.
     * @param endpoint the endpoint's address.
     * @return the claims, {@code null} when no token was accepted (or no policy attaches).
     */
    Map<String, Object> serverClaims(final HttpRequest request, final String endpoint)
    {
        final List<JwtProvider> ps = endpointProviders(endpoint);
        return ps.isEmpty() ? null : filter(ps, gatewayOutcome(request).request()).claims();
    }

    private Outcome gatewayOutcome(final HttpRequest request)
    {
        final List<JwtProvider> ps = "mesh".equals(request.gateway()) || request.sni() != null ? List.of()
                : gatewayProviders(request.gateway());
        return ps.isEmpty() ? new Outcome(JwtStatus.OK, request, null, null) : filter(ps, request);
    }

    RouteDecision route(final HttpRequest request, final RouteTrace trace,
            final BiFunction<HttpRequest, RouteTrace, RouteDecision> router)
    {
        HttpRequest upstream = request;
        if (!"mesh".equals(request.gateway()) && request.sni() != null)
        {
            return router.apply(request, trace);
        }
        if (!"mesh".equals(request.gateway()))
        {
            final List<JwtProvider> ps = gatewayProviders(request.gateway());
            if (!ps.isEmpty())
            {
                final Outcome o = filter(ps, request);
                RouteSteps.step(trace, "jwt", "the gateway's jwt_authn filter: " + JwtStatus.text(o.status()));
                if (o.status() != JwtStatus.OK)
                {
                    return new RouteDecision("direct", null, null, null, null, null, -1, null, null, null,
                            JwtStatus.httpStatus(o.status()), null, "-", -1, null, JwtStatus.text(o.status()), -1,
                            null, null);
                }
                upstream = o.request();
            }
        }
        final RouteDecision d = router.apply(request, trace);
        if (!"route".equals(d.action()) || d.path() == null || d.endpoint() == null)
        {
            return d;
        }
        final List<JwtProvider> ps = endpointProviders(address(d.endpoint()));
        if (ps.isEmpty())
        {
            return d;
        }
        final Outcome o = filter(ps, upstream);
        RouteSteps.step(trace, "jwt", "the endpoint's sidecar's jwt_authn filter: " + JwtStatus.text(o.status()));
        return o.status() == JwtStatus.OK ? d
                : JwtReplies.localReply(d, JwtStatus.httpStatus(o.status()), JwtStatus.text(o.status()));
    }

    private static String address(final String endpoint)
    {
        if (endpoint.startsWith("["))
        {
            return endpoint.substring(1, endpoint.indexOf(']'));
        }
        final int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    private List<JwtProvider> gatewayProviders(final String gateway)
    {
        for (final GatewaySpec g : model.gateways())
        {
            if (g.qualifiedName().equals(gateway))
            {
                final Object[] w = policies.gatewayWorkload(g);
                @SuppressWarnings("unchecked")
                final Map<String, String> labels = (Map<String, String>)w[1];
                return policies.providers(model.mesh().rootNamespace(), (String)w[0], labels);
            }
        }
        return List.of();
    }

    /** The workload at an address: the first endpoint (service, then endpoint order) there with a sidecar. */
    private List<JwtProvider> endpointProviders(final String address)
    {
        for (final RegistryService svc : model.services())
        {
            for (final RegistryService.Endpoint e : svc.endpoints())
            {
                if (address.equals(e.address()) && e.istioMtls())
                {
                    return policies.providers(model.mesh().rootNamespace(), svc.namespace(), e.labels());
                }
            }
        }
        return List.of();
    }

    // ------------------------------------------------------------------ the requirement tree

    /** A node of Envoy's verifier tree. */
    private sealed interface Node permits Provider, Any, All
    {
    }

    private record Provider(JwtProvider p) implements Node
    {
    }

    private record Any(List<Node> children, boolean allowMissing) implements Node
    {
    }

    private record All(List<Node> children) implements Node
    {
    }

    /** Istio's {@code convertToEnvoyJwtConfig}: the requirement of providers sorted by issuer. */
    private static Node requirement(final List<JwtProvider> ps)
    {
        final List<Node> inner = new ArrayList<>();
        final List<Node> outer = new ArrayList<>();
        for (final JwtProvider p : ps)
        {
            inner.add(new Any(List.of(new Provider(p)), true));
            outer.add(new Provider(p));
        }
        if (inner.size() == 1)
        {
            return inner.get(0);
        }
        outer.add(new All(inner));
        return new Any(outer, false);
    }

    Outcome filter(final List<JwtProvider> ps, final HttpRequest request)
    {
        if ("OPTIONS".equals(request.method()) && !request.headers().getOrDefault("origin", "").isEmpty()
                && !request.headers().getOrDefault("access-control-request-method", "").isEmpty())
        {
            return new Outcome(JwtStatus.OK, request, null, null); // bypass_cors_preflight
        }
        final Outcome[] accepted = new Outcome[1];
        final int status = eval(requirement(ps), request, accepted);
        if (status != JwtStatus.OK || accepted[0] == null)
        {
            return new Outcome(status, request, null, null);
        }
        return accepted[0];
    }

    private int eval(final Node n, final HttpRequest r, final Outcome[] accepted)
    {
        if (n instanceof Provider p)
        {
            return provider(p.p(), r, accepted);
        }
        if (n instanceof All all)
        {
            for (final Node c : all.children())
            {
                final int s = eval(c, r, accepted);
                if (s != JwtStatus.OK)
                {
                    return s;
                }
            }
            return JwtStatus.OK;
        }
        final Any any = (Any)n;
        final List<Integer> statuses = new ArrayList<>();
        for (final Node c : any.children())
        {
            final int s = eval(c, r, accepted);
            if (s == JwtStatus.OK)
            {
                return s;
            }
            statuses.add(s);
        }
        int fin = JwtStatus.MISSED;
        for (final int s : statuses)
        {
            if (s != JwtStatus.MISSED && s != JwtStatus.UNKNOWN_ISSUER || fin == JwtStatus.MISSED)
            {
                fin = s;
            }
        }
        return any.allowMissing() && fin == JwtStatus.MISSED ? JwtStatus.OK : fin;
    }

    /** A provider's verifier: its tokens, the last first; all must pass. */
    private int provider(final JwtProvider p, final HttpRequest r, final Outcome[] accepted)
    {
        final List<String[]> tokens = extract(p, r);
        if (tokens.isEmpty())
        {
            return JwtStatus.MISSED;
        }
        Map<String, Object> claims = null;
        for (int k = tokens.size() - 1; k >= 0; k--)
        {
            final Object[] checked = check(tokens.get(k)[0], p);
            if ((Integer)checked[0] != JwtStatus.OK)
            {
                return (Integer)checked[0];
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> c = (Map<String, Object>)checked[1];
            claims = c;
        }
        HttpRequest out = r;
        if (!p.forward())
        {
            for (final String[] t : tokens)
            {
                out = t[1].equals("header") ? withoutHeader(out, t[2]) : t[1].equals("param") ? withoutParam(out, t[2])
                        : out;
            }
        }
        accepted[0] = new Outcome(JwtStatus.OK, out, p, claims);
        return JwtStatus.OK;
    }

    /** Envoy's extractor: {token, kind, name} of each location's tokens, headers, then params, then cookies. */
    static List<String[]> extract(final JwtProvider p, final HttpRequest r)
    {
        final List<String[]> out = new ArrayList<>();
        final TreeMap<String, JwtProvider.Location> headers = new TreeMap<>();
        if (p.defaultLocations())
        {
            headers.put("authorizationBearer ", new JwtProvider.Location("authorization", "Bearer "));
        }
        for (final JwtProvider.Location l : p.headers())
        {
            headers.putIfAbsent(l.name() + l.prefix(), l);
        }
        for (final JwtProvider.Location l : headers.values())
        {
            final String v = r.headers().get(l.name());
            if (v == null)
            {
                continue;
            }
            String token = v;
            if (!l.prefix().isEmpty())
            {
                final int at = v.indexOf(l.prefix());
                if (at < 0)
                {
                    continue;
                }
                final String rest = v.substring(at + l.prefix().length());
                final int start = firstTokenChar(rest);
                token = start < 0 ? v : rest.substring(start);
            }
            out.add(new String[] {token, "header", l.name()});
        }
        final Map<String, String> params = query(r.path());
        for (final String name : p.defaultLocations() ? List.of("access_token")
                : new java.util.TreeSet<>(p.params()))
        {
            if (params.containsKey(name))
            {
                out.add(new String[] {params.get(name), "param", name});
            }
        }
        for (final String name : new java.util.TreeSet<>(p.cookies()))
        {
            final String c = cookie(r.headers().get("cookie"), name);
            if (c != null)
            {
                out.add(new String[] {c, "cookie", name});
            }
        }
        return out;
    }

    private static int firstTokenChar(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.')
            {
                return i;
            }
        }
        return -1;
    }

    /** The first value of each decoded name, decoded ({@code %XX} only). */
    private static Map<String, String> query(final String path)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        final int q = path.indexOf('?');
        if (q < 0)
        {
            return out;
        }
        for (final String part : path.substring(q + 1).split("&", -1))
        {
            if (part.isEmpty() && q + 1 >= path.length())
            {
                continue;
            }
            final int eq = part.indexOf('=');
            out.putIfAbsent(percent(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : percent(part.substring(eq
                    + 1)));
        }
        return out;
    }

    private static String percent(final String s)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0)
            {
                b.append((char)(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            }
            else
            {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(final char c)
    {
        return Character.digit(c, 16);
    }

    private static String cookie(final String header, final String name)
    {
        if (header == null)
        {
            return null;
        }
        for (final String part : header.split(";", -1))
        {
            final String p = part.replaceFirst("^ +", "");
            final int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).equals(name))
            {
                final String v = p.substring(eq + 1);
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static HttpRequest withoutHeader(final HttpRequest r, final String name)
    {
        final Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.remove(name);
        return new HttpRequest(r.id(), r.ts(), r.src(), r.port(), r.gateway(), r.sourceNamespace(),
                r.sourceLabels(), r.method(), r.scheme(), r.authority(), r.path(), h, r.dst(), r.sni(), r.alpn(),
                r.srcPort());
    }

    /** Envoy's {@code JwtParamLocation::removeJwt}: the query rebuilt from its decoded parameters sorted by name. */
    private static HttpRequest withoutParam(final HttpRequest r, final String name)
    {
        final int q = r.path().indexOf('?');
        final TreeMap<String, List<String>> params = new TreeMap<>();
        for (final String part : r.path().substring(q + 1).split("&", -1))
        {
            if (part.isEmpty())
            {
                continue;
            }
            final int eq = part.indexOf('=');
            params.computeIfAbsent(percent(eq < 0 ? part : part.substring(0, eq)), k -> new ArrayList<>())
                    .add(eq < 0 ? "" : percent(part.substring(eq + 1)));
        }
        params.remove(name);
        final StringBuilder path = new StringBuilder(r.path().substring(0, q));
        String delim = "?";
        for (final Map.Entry<String, List<String>> e : params.entrySet())
        {
            for (final String v : e.getValue())
            {
                path.append(delim).append(e.getKey()).append('=').append(v);
                delim = "&";
            }
        }
        return new HttpRequest(r.id(), r.ts(), r.src(), r.port(), r.gateway(), r.sourceNamespace(),
                r.sourceLabels(), r.method(), r.scheme(), r.authority(), path.toString(), r.headers(), r.dst(), r.sni(),
                r.alpn(), r.srcPort());
    }

    // ------------------------------------------------------------------ one token

    /** Envoy's {@code Jwt::parseFromString}, then the provider's checks in {@code startVerify}'s order. */
    private Object[] check(final String token, final JwtProvider p)
    {
        final String[] parts = java.util.Arrays.stream(token.split("\\.", -1)).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        if (parts.length != 3)
        {
            return fail(JwtStatus.BAD_FORMAT);
        }
        final JsonNode header = json(parts[0]);
        if (header == null)
        {
            return fail(b64(parts[0]) == null ? JwtStatus.HEADER_BAD_BASE64 : JwtStatus.HEADER_BAD_JSON);
        }
        if (!header.path("alg").isTextual())
        {
            return fail(JwtStatus.HEADER_BAD_ALG);
        }
        final String alg = header.get("alg").asText();
        if (!alg.matches("(ES|HS|RS|PS)(256|384|512)|EdDSA"))
        {
            return fail(JwtStatus.HEADER_ALG_NOT_IMPLEMENTED);
        }
        if (header.has("kid") && !header.get("kid").isTextual())
        {
            return fail(JwtStatus.HEADER_BAD_KID);
        }
        final JsonNode payload = json(parts[1]);
        if (payload == null)
        {
            return fail(b64(parts[1]) == null ? JwtStatus.PAYLOAD_BAD_BASE64 : JwtStatus.PAYLOAD_BAD_JSON);
        }
        final int fields = fields(payload);
        if (fields != JwtStatus.OK)
        {
            return fail(fields);
        }
        final byte[] signature = b64(parts[2]);
        if (signature == null)
        {
            return fail(JwtStatus.SIGNATURE_BAD_BASE64);
        }
        final String iss = payload.path("iss").asText("");
        if (!p.issuer().isEmpty() && !p.issuer().equals(iss))
        {
            return fail(JwtStatus.UNKNOWN_ISSUER);
        }
        final long now = policies.now();
        final long nbf = time(payload, "nbf");
        final long exp = time(payload, "exp");
        if (now + JwtToken.CLOCK_SKEW < nbf)
        {
            return fail(JwtStatus.NOT_YET_VALID);
        }
        if (exp != 0 && now > exp + JwtToken.CLOCK_SKEW)
        {
            return fail(JwtStatus.EXPIRED);
        }
        if (!audience(p.audiences(), payload.get("aud")))
        {
            return fail(JwtStatus.AUDIENCE_NOT_ALLOWED);
        }
        final int sig = JwtSignatures.verify(p.keys(), alg, header.path("kid").asText(""),
                (parts[0] + "." + parts[1]).getBytes(StandardCharsets.ISO_8859_1), signature);
        if (sig != JwtStatus.OK)
        {
            return fail(sig);
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> claims = JSON.convertValue(payload, Map.class);
        return new Object[] {JwtStatus.OK, claims};
    }

    private static Object[] fail(final int status)
    {
        return new Object[] {status, null};
    }

    private static byte[] b64(final String s)
    {
        try
        {
            return Base64.getUrlDecoder().decode(s);
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
    }

    private static JsonNode json(final String part)
    {
        final byte[] b = b64(part);
        if (b == null)
        {
            return null;
        }
        try
        {
            final JsonNode n = JSON.readTree(b);
            return n != null && n.isObject() ? n : null;
        }
        catch (final java.io.IOException e)
        {
            return null;
        }
    }

    /** The registered claims' types in Envoy's order. */
    private static int fields(final JsonNode payload)
    {
        if (payload.has("iss") && !payload.get("iss").isTextual())
        {
            return JwtStatus.ISS_NOT_STRING;
        }
        if (payload.has("sub") && !payload.get("sub").isTextual())
        {
            return JwtStatus.SUB_NOT_STRING;
        }
        final String[] times = {"iat", "nbf", "exp"};
        for (int k = 0; k < times.length; k++)
        {
            final JsonNode v = payload.get(times[k]);
            if (v != null && !v.isNumber())
            {
                return JwtStatus.IAT_NOT_INTEGER + 2 * k;
            }
            if (v != null && (v.asDouble() < 0 || v.asDouble() >= 1.8446744073709552E19))
            {
                return JwtStatus.IAT_OUT_OF_RANGE + 2 * k;
            }
        }
        if (payload.has("jti") && !payload.get("jti").isTextual())
        {
            return JwtStatus.JTI_NOT_STRING;
        }
        final JsonNode aud = payload.get("aud");
        if (aud != null && !aud.isTextual() && !(aud.isArray() && java.util.stream.StreamSupport
                .stream(aud.spliterator(), false).allMatch(JsonNode::isTextual)))
        {
            return JwtStatus.AUD_NOT_STRING;
        }
        return JwtStatus.OK;
    }

    private static long time(final JsonNode payload, final String name)
    {
        final JsonNode v = payload.get(name);
        return v == null ? 0 : v.asDouble() >= 9.223372036854775807E18 ? Long.MAX_VALUE : (long)v.asDouble();
    }

    private static boolean audience(final List<String> configured, final JsonNode aud)
    {
        if (configured.isEmpty())
        {
            return true;
        }
        final List<String> given = new ArrayList<>();
        if (aud != null && aud.isTextual())
        {
            given.add(aud.asText());
        }
        else if (aud != null)
        {
            aud.forEach(a -> given.add(a.asText()));
        }
        return configured.stream().anyMatch(c -> given.stream().anyMatch(a -> trim(a).equals(trim(c))));
    }

    private static String trim(final String a)
    {
        String s = a.startsWith("http://") ? a.substring(7) : a.startsWith("https://") ? a.substring(8) : a;
        s = a.endsWith("/") && !a.isEmpty() ? s.substring(0, Math.max(0, s.length() - 1)) : s;
        return s;
    }
}
