package dev.wirespeed.control.config;

import dev.wirespeed.control.model.RequestAuthentications;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.fib.jwt.JwtKey;
import dev.wirespeed.fib.jwt.JwtProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wirespeed.control.config.FieldReader.Unknown.ERROR;

/**
 * Binds a {@code security.istio.io} {@code RequestAuthentication} (docs/config.md "Request authentication"), checked
 * as Istio's {@code ValidateRequestAuthentication} checks it (a selector or target references, not both; non-empty
 * audiences, locations and claim headers; an issuer or a {@code jwksUri}; an inline {@code jwks} that parses), and
 * resolves each rule's keys: its inline {@code jwks}, else the key set given offline for its {@code jwksUri} (or, for
 * a rule with neither, for its issuer) with {@code --jwks URI=FILE}, else Istio's fallback key set (istiod's fetch
 * failed: a public key whose private key nobody has, so every token fails), with a warning.
 */
final class RequestAuthenticationBinder
{
    /** The kind. */
    static final String KIND = "RequestAuthentication";
    /** Its spec's fields. */
    static final String[] SPEC_FIELDS = {"selector", "targetRef", "targetRefs", "jwtRules"};
    /** Istio's {@code PublicOnlyJwks}: what a workload gets when istiod cannot fetch a {@code jwksUri}. */
    static final String FALLBACK_JWKS = "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"0xObjM0UvS_oaazjpEYlAbwctE"
            + "J4L8pH3OuTb7qth7gUwqet-EzQB4dgFdvSdMgrLnSncQGRjpEYz3F3viIbH-3EN3TxSlPNviHxeOdyiBVfumN8dMxbLvVJUp"
            + "fNOnvmMxJcl-8NNjAwcOjk4otSALaYgYYyOPyvKtgVdrQr-FoubWX4yrjxW-MJ2-7OBeepUUNOsVwGV23YX03sVkkyvY3otR"
            + "flkBcY3_HKpBxJl9wk2GyOShN4_PNUF9-vwfnvOXMbCDX-w4PTef4geeb_GiT40YCKHTKMSPVanGRn5GExIWmki-mmqh94-mP"
            + "TJyBR74ShspL3BxPZitDL574T1w\"}]}";
    private static final String[] RULE_FIELDS = {"issuer", "audiences", "jwksUri", "jwks", "fromHeaders",
        "fromParams", "fromCookies", "outputPayloadToHeader", "forwardOriginalToken", "outputClaimToHeaders",
        "timeout", "spaceDelimitedClaims"};

    private final Diagnostics diags;
    private final Map<String, List<JwtKey>> given = new HashMap<>();
    private final List<RequestAuthentications.Policy> policies = new ArrayList<>();
    private long now;

    RequestAuthenticationBinder(final Diagnostics diags)
    {
        this.diags = diags;
    }

    /**
     * Reads the key sets given offline and the clock.
     *
     * @param options the load's options.
     */
    void options(final LoadOptions options)
    {
        now = options.now();
        for (final String j : options.jwks())
        {
            final int eq = j.lastIndexOf('=');
            final SourceRef at = new SourceRef(eq < 0 ? j : j.substring(eq + 1), 0, 0, "");
            if (eq <= 0)
            {
                diags.error(new SourceRef("--jwks", 0, 0, ""), "expected URI=FILE, got \"" + j + "\"");
                continue;
            }
            try
            {
                final List<String> warnings = new ArrayList<>();
                given.put(j.substring(0, eq), JwksReader.read(Files.readString(Path.of(j.substring(eq + 1)),
                        StandardCharsets.UTF_8), warnings));
                warnings.forEach(w -> diags.warning(at, w));
            }
            catch (final IOException e)
            {
                diags.error(at, "cannot read the key set: " + e.getMessage());
            }
            catch (final IllegalArgumentException e)
            {
                diags.error(at, "jwks: " + e.getMessage());
            }
        }
    }

    /**
     * @param translated the gateways translated from Gateway API Gateways.
     * @return the policies read, with the clock.
     */
    RequestAuthentications model(final List<dev.wirespeed.control.model.GatewaySpec> translated)
    {
        final Set<String> names = new java.util.HashSet<>();
        translated.forEach(g -> names.add(g.qualifiedName()));
        return policies.isEmpty() ? RequestAuthentications.NONE
                : new RequestAuthentications(List.copyOf(policies), now, Set.copyOf(names));
    }

    /** Binds a RequestAuthentication, or (the loader has one case for both) a PeerAuthentication. */
    void bind(final String kind, final FieldReader spec, final String ns, final String name, final String created,
            final SourceRef src, final PeerAuthenticationBinder peer,
            final List<dev.wirespeed.control.model.PeerAuthentication> peers)
    {
        if (kind.equals(PeerAuthenticationBinder.KIND))
        {
            peers.add(peer.bind(spec, ns, name, created, src));
            return;
        }
        final Map<String, String> selector = spec.has("selector") ? WorkloadSelectors.matchLabels(spec, "selector",
                diags, "the policy applies to every workload of its namespace") : null;
        final List<String[]> refs = new ArrayList<>();
        if (spec.has("targetRef"))
        {
            refs.add(targetRef(spec.object("targetRef", ERROR, "group", "kind", "name", "namespace")));
        }
        for (final YamlNode t : spec.list("targetRefs"))
        {
            refs.add(targetRef(FieldReader.of(t, diags, ERROR, "group", "kind", "name", "namespace")));
        }
        if (spec.has("targetRef") && spec.has("targetRefs"))
        {
            diags.error(spec.field("targetRefs"), "only one of targetRef or targetRefs can be set");
        }
        if (selector != null && !refs.isEmpty())
        {
            diags.error(spec.field("selector"), "only one of targetRefs or workloadSelector can be set");
        }
        final List<JwtProvider> rules = new ArrayList<>();
        for (final YamlNode r : spec.list("jwtRules"))
        {
            final JwtProvider p = rule(FieldReader.of(r, diags, ERROR, RULE_FIELDS), r);
            if (p != null)
            {
                rules.add(p);
            }
        }
        policies.add(new RequestAuthentications.Policy(ns, name, selector == null || selector.isEmpty() ? null
                : selector, List.copyOf(refs), List.copyOf(rules), src));
    }

    private String[] targetRef(final FieldReader t)
    {
        final String kind = t.requiredString("kind");
        final String tname = t.requiredString("name");
        final String group = t.string("group");
        final String namespace = t.string("namespace");
        return new String[] {group == null ? "" : group, kind == null ? "" : kind, tname == null ? "" : tname,
            namespace == null ? "" : namespace};
    }

    private JwtProvider rule(final FieldReader r, final YamlNode at)
    {
        final String issuer = nonNull(r.string("issuer"));
        final String jwksUri = nonNull(r.string("jwksUri"));
        final String jwks = r.string("jwks");
        final List<String> audiences = r.stringList("audiences");
        for (final String a : audiences)
        {
            if (a.isEmpty())
            {
                diags.error(r.field("audiences"), "audience must be non-empty string");
            }
        }
        if (issuer.isEmpty() && jwksUri.isEmpty())
        {
            diags.error(at, "issuer or jwksUri must be non-empty string");
        }
        if (!jwksUri.isEmpty() && !jwksUri.startsWith("http://") && !jwksUri.startsWith("https://"))
        {
            diags.error(r.field("jwksUri"), "jwksUri \"" + jwksUri + "\": scheme must be http or https");
        }
        final List<JwtProvider.Location> headers = new ArrayList<>();
        for (final YamlNode h : r.list("fromHeaders"))
        {
            final FieldReader hr = FieldReader.of(h, diags, ERROR, "name", "prefix");
            final String hname = nonNull(hr.string("name"));
            if (hname.isEmpty())
            {
                diags.error(h, "location header name must be non-empty string");
            }
            headers.add(new JwtProvider.Location(hname, nonNull(hr.string("prefix"))));
        }
        final List<String> params = nonEmpty(r, "fromParams", "location query must be non-empty string");
        final List<String> cookies = nonEmpty(r, "fromCookies", "cookie name must be non-empty string");
        final List<String[]> claims = new ArrayList<>();
        for (final YamlNode c : r.list("outputClaimToHeaders"))
        {
            final FieldReader cr = FieldReader.of(c, diags, ERROR, "header", "claim");
            final String header = nonNull(cr.string("header"));
            final String claim = nonNull(cr.string("claim"));
            if (header.isEmpty() || claim.isEmpty())
            {
                diags.error(c, "outputClaimToHeaders header and claim value must be non-empty string");
            }
            else if (!header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))
            {
                diags.error(cr.field("header"), "invalid header name: \"" + header + "\"");
            }
            claims.add(new String[] {header, claim});
        }
        r.stringList("spaceDelimitedClaims");
        r.string("timeout");
        final List<JwtKey> keys = issuer.isEmpty() && jwksUri.isEmpty() ? null : keys(r, issuer, jwksUri, jwks);
        if (keys == null)
        {
            return null;
        }
        return new JwtProvider(issuer, audiences, headers, params, cookies, r.bool("forwardOriginalToken", false),
                nonNull(r.string("outputPayloadToHeader")), claims, keys);
    }

    private List<JwtKey> keys(final FieldReader r, final String issuer, final String jwksUri, final String jwks)
    {
        final List<String> warnings = new ArrayList<>();
        if (jwks != null && !jwks.isEmpty())
        {
            try
            {
                final List<JwtKey> keys = JwksReader.read(jwks, warnings);
                warnings.forEach(w -> diags.warning(r.field("jwks"), "jwks: " + w));
                return keys;
            }
            catch (final IllegalArgumentException e)
            {
                diags.error(r.field("jwks"), "jwks parse error: " + e.getMessage());
                return null;
            }
        }
        final String key = jwksUri.isEmpty() ? issuer : jwksUri;
        final List<JwtKey> offline = given.get(key);
        if (offline != null)
        {
            return offline;
        }
        diags.warning(r.field(jwksUri.isEmpty() ? "issuer" : "jwksUri"), "no key set given for \"" + key
                + "\" (--jwks " + key + "=FILE): istiod's fetch fails offline, so the rule gets Istio's fallback "
                + "key set and every token for it fails");
        return JwksReader.read(FALLBACK_JWKS, warnings);
    }

    private List<String> nonEmpty(final FieldReader r, final String field, final String message)
    {
        final List<String> out = r.stringList(field);
        if (out.contains(""))
        {
            diags.error(r.field(field), message);
        }
        return out;
    }

    private static String nonNull(final String s)
    {
        return s == null ? "" : s;
    }

    /** @return whether a {@code security.istio.io} kind is read. */
    static boolean handles(final String kind)
    {
        return Set.of(KIND, PeerAuthenticationBinder.KIND).contains(kind);
    }
}
