package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RequestAuthentications;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled FIB against the reference interpreter on random RequestAuthentications (gateway, namespace, workload
 * and root-namespace policies; one to three rules of the example's RSA and EC key sets, a key set the rule does not
 * get, custom and default locations, audiences, forwarded tokens) and random requests (gateway and sidecar; tokens
 * signed here with the example's RSA key over random issuers, audiences and times, the example's EC tokens, broken
 * ones, {@code alg: none} and HS256 ones; in headers with or without their prefix, query parameters and cookies,
 * several at once; CORS preflights), at random clocks. In half of the models (a second random of its own, so the
 * draws above stay as they were) random ALLOW and DENY AuthorizationPolicies on the gateway and the books sidecars
 * read the accepted token ({@code requestPrincipals}, {@code notRequestPrincipals}, {@code request.auth.*}), every
 * proxy also accepts the example's RSA tokens, and 30 more requests carry such tokens with random subjects,
 * audiences (a string, a list), presenters and a nested claim. Its own {@link SplittableRandom};
 * {@code -Dwirespeed.seed=N} replays a run. The coverage keys (the outcomes seen) must all be reached.
 */
class RequestAuthenticationDifferentialProperties
{
    private static final Path EXAMPLE = ExampleConfigs.example("request-authentication");
    private static final long NOW = 1767225600L;
    private static final String[] ISSUERS = {"https://issuer.example.com", "https://ec.example.org",
        "https://other.example.net", ""};
    private static final String[] AUDIENCES = {"bookstore", "https://bookstore/", "payments"};
    /** What must be seen at least once (appended at the end when a new outcome is modelled). */
    private static final List<String> COVERAGE = List.of("gateway:ok", "gateway:missed", "gateway:401", "gateway:403",
            "sidecar:ok", "sidecar:401", "body:Jwt is expired", "body:Jwt not yet valid",
            "body:Jwt issuer is not configured", "body:Jwt verification fails",
            "body:Jwks doesn't have key to match kid or alg from Jwt", "body:Jwt header [alg] is not supported",
            "body:Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
            "authz:gateway", "authz:sidecar", "authz:token-allowed");
    /** AuthorizationPolicy values on the accepted token's principal ({@code ISS/SUB}) and claims. */
    private static final String[] PRINCIPALS = {"*", "https://issuer.example.com/u1", "https://issuer.example.com/*",
        "*/u2", "*3", "*.com/u1", "https://ec*", "https://issuer.example.com/u*", "*.example.org/bob",
        "https://ec.example.org/bob", "https://issuer.example.com"};
    private static final String[] CLAIM_KEYS = {"request.auth.claims[sub]", "request.auth.audiences",
        "request.auth.claims[aud]", "request.auth.claims[iss]", "request.auth.presenter", "request.auth.claims[a][b]",
        "request.auth.principal"};
    private static final String[] CLAIM_VALUES = {"u1", "u*", "*", "bookstore", "payments", "*store", "x",
        "https://bookstore/", "https://issuer.example.com/u0", "*1"};

    @Test
    void shouldDecideRandomTokensAsTheReferenceDoes() throws IOException, GeneralSecurityException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261205L);
        System.out.println("RequestAuthenticationDifferentialProperties seed=" + seed + " (replay: -Dwirespeed.seed="
                + seed + ")");
        final SplittableRandom rnd = new SplittableRandom(seed ^ 0x6A77744155544831L);
        final SplittableRandom authzRnd = new SplittableRandom(seed ^ 0x617574686A777431L); // its own draws
        final Map<String, String> tokens = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(EXAMPLE.resolve("tokens.txt")))
        {
            tokens.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
        }
        final PrivateKey rsa = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64
                .getMimeDecoder().decode(Files.readString(EXAMPLE.resolve("keys/rsa-private.pem"))
                        .replaceAll("-----[A-Z ]+-----", ""))));
        final Map<String, String> base = Map.of("registry.yaml", Files.readString(EXAMPLE.resolve("registry.yaml")),
                "gateway.yaml", Files.readString(EXAMPLE.resolve("gateway.yaml")));
        final TreeSet<String> seen = new TreeSet<>();
        int compared = 0;
        for (int model = 0; model < 40; model++)
        {
            final Map<String, String> docs = new LinkedHashMap<>(base);
            docs.put("ra.yaml", policies(rnd, tokens));
            final boolean authz = authzRnd.nextBoolean();
            if (authz)
            {
                docs.put("az.yaml", authorization(authzRnd));
                // every proxy also accepts the example's RSA tokens, forwarded: principals and claims to test
                docs.put("ra-authz.yaml", "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n"
                        + "  name: zz-authz\n  namespace: istio-system\nspec:\n  jwtRules:\n"
                        + "  - issuer: https://issuer.example.com\n    jwks: '" + tokens.get("rsa-jwks") + "'\n"
                        + "    forwardOriginalToken: true\n");
            }
            final LoadedConfig loaded = new ConfigLoader().loadStrings(docs);
            assertThat(loaded.hasErrors()).as("seed %d model %d: %s", seed, model, loaded.formattedDiagnostics())
                    .isFalse();
            final long now = NOW + (rnd.nextInt(5) - 2) * 3600L + rnd.nextInt(-70, 71);
            final RoutingModel m = loaded.model().withRequestAuthn(new RequestAuthentications(
                    loaded.model().requestAuthn().policies(), now, loaded.model().requestAuthn().gatewayApi()));
            final ReferenceRouter reference = new ReferenceRouter(m);
            try (CompiledRouter compiled = CompiledRouter.compile(m))
            {
                for (int i = 0; i < (authz ? 90 : 60); i++)
                {
                    final HttpRequest r = i < 60 ? request(rnd, i, tokens, rsa) : claimsRequest(authzRnd, i, rsa);
                    final RouteDecision expected = reference.route(r);
                    assertThat(compiled.route(r)).as("seed %d model %d request %s\n%s", seed, model, r,
                            docs.get("ra.yaml")).isEqualTo(expected);
                    compared++;
                    cover(seen, r, expected);
                    if (authz && expected.authz() != null)
                    {
                        seen.add("authz:" + ("drop".equals(expected.action()) ? "gateway" : "sidecar"));
                    }
                    if (authz && expected.authz() == null && "route".equals(expected.action())
                            && !r.headers().isEmpty())
                    {
                        seen.add("authz:token-allowed");
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(2400);
        assertThat(seen).as("coverage, seed %d", seed).containsAll(COVERAGE);
    }

    private static void cover(final TreeSet<String> seen, final HttpRequest r, final RouteDecision d)
    {
        final String where = r.gateway().equals("mesh") || !"route".equals(d.action()) && d.endpoint() != null
                ? "sidecar" : "gateway";
        if ("direct".equals(d.action()) && d.body() != null)
        {
            seen.add(where + ":" + d.status());
            seen.add("body:" + d.body());
        }
        else if ("route".equals(d.action()))
        {
            seen.add(where + ":ok");
            if (r.headers().isEmpty() && !r.path().contains("="))
            {
                seen.add(where + ":missed");
            }
        }
    }

    private static String policies(final SplittableRandom rnd, final Map<String, String> tokens)
    {
        final StringBuilder y = new StringBuilder();
        final int count = 1 + rnd.nextInt(3);
        for (int p = 0; p < count; p++)
        {
            final int scope = rnd.nextInt(4);
            final String ns = scope == 0 || scope == 3 ? "istio-system" : "bookstore";
            y.append("apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: p")
                    .append(p).append("\n  namespace: ").append(ns).append("\nspec:\n");
            if (scope == 0)
            {
                y.append("  selector:\n    matchLabels:\n      istio: ingressgateway\n");
            }
            else if (scope == 1)
            {
                y.append("  selector:\n    matchLabels:\n      app: books\n");
            }
            y.append("  jwtRules:\n");
            final int rules = 1 + rnd.nextInt(3);
            for (int k = 0; k < rules; k++)
            {
                final int key = rnd.nextInt(4);
                final String issuer = key == 3 ? ISSUERS[rnd.nextInt(ISSUERS.length)] : ISSUERS[key % 2];
                y.append("  - issuer: \"").append(issuer.isEmpty() ? "https://issuer.example.com" : issuer)
                        .append("\"\n");
                if (key < 2 || rnd.nextBoolean())
                {
                    y.append("    jwks: '").append(tokens.get(key % 2 == 0 ? "rsa-jwks" : "ec-jwks")).append("'\n");
                }
                else
                {
                    y.append("    jwksUri: https://keys.example/").append(k).append('\n');
                }
                if (rnd.nextInt(3) == 0)
                {
                    y.append("    audiences: [\"").append(AUDIENCES[rnd.nextInt(AUDIENCES.length)]).append("\"]\n");
                }
                if (rnd.nextInt(3) == 0)
                {
                    y.append("    fromHeaders:\n    - name: x-token\n");
                    if (rnd.nextBoolean())
                    {
                        y.append("      prefix: \"Token \"\n");
                    }
                    y.append(rnd.nextBoolean() ? "    fromParams: [token]\n" : "")
                            .append(rnd.nextBoolean() ? "    fromCookies: [session]\n" : "");
                }
                if (rnd.nextBoolean())
                {
                    y.append("    forwardOriginalToken: true\n");
                }
            }
            y.append("---\n");
        }
        return y.toString();
    }

    /** Random ALLOW and DENY policies on the gateway and the books sidecars reading the accepted token. */
    private static String authorization(final SplittableRandom rnd)
    {
        final StringBuilder y = new StringBuilder();
        final int count = 1 + rnd.nextInt(2);
        for (int p = 0; p < count; p++)
        {
            final boolean gateway = rnd.nextBoolean();
            y.append("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: a").append(p)
                    .append("\n  namespace: ").append(gateway ? "istio-system" : "bookstore")
                    .append("\nspec:\n  selector:\n    matchLabels:\n      ")
                    .append(gateway ? "istio: ingressgateway" : "app: books")
                    .append("\n  action: ").append(rnd.nextBoolean() ? "ALLOW" : "DENY").append("\n  rules:\n");
            final int rules = 1 + rnd.nextInt(2);
            for (int k = 0; k < rules; k++)
            {
                y.append("  - ");
                if (rnd.nextBoolean())
                {
                    y.append("from:\n    - source:\n        ").append(rnd.nextBoolean() ? "requestPrincipals"
                            : "notRequestPrincipals").append(": [\"").append(PRINCIPALS[rnd.nextInt(PRINCIPALS.length)])
                            .append("\"]\n    ");
                }
                y.append("when:\n    - key: ").append(CLAIM_KEYS[rnd.nextInt(CLAIM_KEYS.length)]).append("\n      ")
                        .append(rnd.nextBoolean() ? "values" : "notValues").append(": [\"")
                        .append(CLAIM_VALUES[rnd.nextInt(CLAIM_VALUES.length)]).append("\"]\n");
            }
            y.append("---\n");
        }
        return y.toString();
    }

    /** A request with a valid RSA token of the example's issuer, random subject, audiences, presenter, object. */
    private static HttpRequest claimsRequest(final SplittableRandom rnd, final int id, final PrivateKey rsa)
            throws GeneralSecurityException
    {
        final StringBuilder payload = new StringBuilder("{\"iss\":\"https://issuer.example.com\",\"sub\":\"u")
                .append(rnd.nextInt(5)).append('"');
        final int aud = rnd.nextInt(3);
        payload.append(aud == 0 ? "" : aud == 1 ? ",\"aud\":\"bookstore\"" : ",\"aud\":[\"x\",\"payments\",7]");
        payload.append(rnd.nextBoolean() ? ",\"azp\":\"u1\"" : "")
                .append(rnd.nextBoolean() ? ",\"a\":{\"b\":\"x\"}" : "");
        final String signed = b64("{\"alg\":\"RS256\"}") + "." + b64(payload.append('}').toString());
        final Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa);
        s.update(signed.getBytes(StandardCharsets.US_ASCII));
        final String t = signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        final boolean gateway = rnd.nextBoolean();
        final Map<String, String> headers = rnd.nextInt(5) == 0 ? Map.of() : Map.of("authorization", "Bearer " + t);
        return new HttpRequest(id, 0, "10.1.0.5", gateway ? 80 : 8000, gateway ? "istio-system/ingress" : "mesh",
                "default", Map.of(), "GET", "http", gateway ? "books.example.com" : "books.bookstore:8000", "/books",
                headers);
    }

    private static String b64(final String s)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(final SplittableRandom rnd, final Map<String, String> tokens, final PrivateKey rsa)
            throws GeneralSecurityException
    {
        switch (rnd.nextInt(8))
        {
            case 0:
                return tokens.get(List.of("valid", "expired", "early", "other-issuer", "other-audience", "ec-valid",
                        "ec-by-rsa").get(rnd.nextInt(7)));
            case 1:
                return b64("{\"alg\":\"none\"}") + "." + b64("{\"iss\":\"https://issuer.example.com\"}") + "."
                        + (rnd.nextBoolean() ? "" : b64("sig"));
            case 2:
                return rnd.nextBoolean() ? "garbage" : "a.b.c";
            case 3:
                return b64("{\"alg\":\"HS256\"}") + "." + b64("{\"iss\":\"" + ISSUERS[rnd.nextInt(2)] + "\"}") + "."
                        + b64("not a mac");
            default:
                break;
        }
        final StringBuilder payload = new StringBuilder("{\"iss\":\"").append(ISSUERS[rnd.nextInt(ISSUERS.length)])
                .append("\",\"sub\":\"u").append(rnd.nextInt(5)).append('"');
        if (rnd.nextBoolean())
        {
            payload.append(",\"aud\":").append(rnd.nextBoolean() ? "\"" + AUDIENCES[rnd.nextInt(3)] + "\""
                    : "[\"x\",\"" + AUDIENCES[rnd.nextInt(3)] + "\"]");
        }
        if (rnd.nextBoolean())
        {
            payload.append(",\"exp\":").append(NOW + rnd.nextInt(-7200, 7200));
        }
        if (rnd.nextInt(4) == 0)
        {
            payload.append(",\"nbf\":").append(NOW + rnd.nextInt(-7200, 7200));
        }
        final String signed = b64("{\"alg\":\"RS256\"" + (rnd.nextBoolean() ? ",\"kid\":\"rsa-1\"" : "") + "}")
                + "." + b64(payload.append('}').toString());
        final Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa);
        s.update(signed.getBytes(StandardCharsets.US_ASCII));
        final String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        return signed + "." + (rnd.nextInt(6) == 0 ? sig.substring(0, sig.length() - 3) + "AAA" : sig);
    }

    private static HttpRequest request(final SplittableRandom rnd, final int id, final Map<String, String> tokens,
            final PrivateKey rsa) throws GeneralSecurityException
    {
        final boolean gateway = rnd.nextBoolean();
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<String> query = new ArrayList<>();
        final int count = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(2);
        for (int k = 0; k < count; k++)
        {
            final String t = token(rnd, tokens, rsa);
            switch (rnd.nextInt(6))
            {
                case 0 -> headers.put("authorization", "Bearer " + t);
                case 1 -> headers.put("x-token", (rnd.nextBoolean() ? "Token " : "") + t);
                case 2 -> query.add("access_token=" + t);
                case 3 -> query.add("token=" + t);
                case 4 -> headers.put("cookie", "a=1; session=" + t);
                default -> headers.put("x-ec-token", "Token " + t);
            }
        }
        final boolean preflight = rnd.nextInt(10) == 0;
        if (preflight)
        {
            headers.put("origin", "https://shop.example");
            headers.put("access-control-request-method", "GET");
        }
        final String path = "/books" + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return new HttpRequest(id, 0, "10.1.0.5", gateway ? 80 : 8000, gateway ? "istio-system/ingress" : "mesh",
                "default", Map.of(), preflight ? "OPTIONS" : "GET", "http",
                gateway ? "books.example.com" : "books.bookstore:8000", path, headers);
    }
}
