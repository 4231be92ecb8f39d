package dev.wirespeed.fib.jwt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A token checked against one provider, everything but its times (Envoy's {@code Jwt::parseFromString}, then
 * {@code AuthenticatorImpl::startVerify} in its order: issuer, [times], audiences, signature). The compiled path keeps
 * these in its per-worker cache; {@link #status(long)} adds the time checks for a request's clock.
 */
public final class JwtToken
{
    /** Envoy's default clock skew, seconds ({@code kClockSkewInSecond}). */
    public static final long CLOCK_SKEW = 60;

    /** Parse error or unknown issuer ({@link JwtStatus#OK}: passed). */
    final int pre;
    /** {@code nbf}, 0 when absent. */
    final long nbf;
    /** {@code exp}, 0 when absent. */
    final long exp;
    /** Audience and signature ({@link JwtStatus#OK}: passed). */
    final int post;
    /** {@code iss}, {@code ""} when absent. */
    final String iss;
    /** {@code sub}, {@code ""} when absent. */
    final String sub;
    /** The payload's claims ({@code null} when it did not parse). */
    final Map<String, Object> claims;

    private JwtToken(final int pre, final long nbf, final long exp, final int post, final String iss,
            final String sub, final Map<String, Object> claims)
    {
        this.pre = pre;
        this.nbf = nbf;
        this.exp = exp;
        this.post = post;
        this.iss = iss;
        this.sub = sub;
        this.claims = claims;
    }

    private static JwtToken fail(final int status)
    {
        return new JwtToken(status, 0, 0, JwtStatus.OK, "", "", null);
    }

    /**
     * @param now the request's time, Unix seconds.
     * @return the token's status for the provider it was checked against.
     */
    public int status(final long now)
    {
        if (pre != JwtStatus.OK)
        {
            return pre;
        }
        if (now + CLOCK_SKEW < nbf)
        {
            return JwtStatus.NOT_YET_VALID;
        }
        if (exp != 0 && now > exp + CLOCK_SKEW)
        {
            return JwtStatus.EXPIRED;
        }
        return post;
    }

    /** @return {@code iss/sub}: the request principal Istio derives from an accepted token. */
    public String principal()
    {
        return iss + "/" + sub;
    }

    /** @return the payload's claims, {@code null} when it did not parse. */
    public Map<String, Object> claims()
    {
        return claims;
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

    /**
     * @param token    the token's text.
     * @param provider the provider.
     * @return the checked token.
     */
    public static JwtToken check(final String token, final JwtProvider provider)
    {
        final List<String> parts = new ArrayList<>(3);
        for (final String p : token.split("\\.", -1))
        {
            if (!p.isEmpty())
            {
                parts.add(p);
            }
        }
        if (parts.size() != 3)
        {
            return fail(JwtStatus.BAD_FORMAT);
        }
        final byte[] headerBytes = b64(parts.get(0));
        if (headerBytes == null)
        {
            return fail(JwtStatus.HEADER_BAD_BASE64);
        }
        final Map<String, Object> header = JwtJson.object(headerBytes);
        if (header == null)
        {
            return fail(JwtStatus.HEADER_BAD_JSON);
        }
        if (!(header.get("alg") instanceof String))
        {
            return fail(JwtStatus.HEADER_BAD_ALG);
        }
        final String alg = (String)header.get("alg");
        if (!List.of("ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256",
                "PS384", "PS512", "EdDSA").contains(alg))
        {
            return fail(JwtStatus.HEADER_ALG_NOT_IMPLEMENTED);
        }
        final Object kidValue = header.get("kid");
        if (kidValue != null && !(kidValue instanceof String))
        {
            return fail(JwtStatus.HEADER_BAD_KID);
        }
        final byte[] payloadBytes = b64(parts.get(1));
        if (payloadBytes == null)
        {
            return fail(JwtStatus.PAYLOAD_BAD_BASE64);
        }
        final Map<String, Object> payload = JwtJson.object(payloadBytes);
        if (payload == null)
        {
            return fail(JwtStatus.PAYLOAD_BAD_JSON);
        }
        final long[] times = new long[3];
        final List<String> audiences = new ArrayList<>();
        final int fields = payloadFields(payload, times, audiences);
        if (fields != JwtStatus.OK)
        {
            return fail(fields);
        }
        final Object iss = payload.get("iss");
        final Object sub = payload.get("sub");
        final byte[] signature = b64(parts.get(2));
        if (signature == null)
        {
            return fail(JwtStatus.SIGNATURE_BAD_BASE64);
        }
        final String issuer = iss == null ? "" : (String)iss;
        final String subject = sub == null ? "" : (String)sub;
        if (!provider.issuer().isEmpty() && !provider.issuer().equals(issuer))
        {
            return new JwtToken(JwtStatus.UNKNOWN_ISSUER, 0, 0, JwtStatus.OK, issuer, subject, payload);
        }
        int post = JwtStatus.OK;
        if (!audienceAllowed(provider.audiences(), audiences))
        {
            post = JwtStatus.AUDIENCE_NOT_ALLOWED;
        }
        else
        {
            final byte[] signed = (parts.get(0) + "." + parts.get(1)).getBytes(StandardCharsets.ISO_8859_1);
            post = JwtSignatures.verify(provider.keys(), alg, kidValue == null ? "" : (String)kidValue, signed,
                    signature);
        }
        return new JwtToken(JwtStatus.OK, times[1], times[2], post, issuer, subject, payload);
    }

    /** The payload's registered claims' types (Envoy's parse order); {@code times} gets iat, nbf, exp. */
    private static int payloadFields(final Map<String, Object> payload, final long[] times,
            final List<String> audiences)
    {
        final Object iss = payload.get("iss");
        if (iss != null && !(iss instanceof String))
        {
            return (JwtStatus.ISS_NOT_STRING);
        }
        final Object sub = payload.get("sub");
        if (sub != null && !(sub instanceof String))
        {
            return (JwtStatus.SUB_NOT_STRING);
        }
        final String[] names = {"iat", "nbf", "exp"};
        for (int k = 0; k < 3; k++)
        {
            final Object v = payload.get(names[k]);
            if (v == null)
            {
                continue;
            }
            if (!(v instanceof Double))
            {
                return (JwtStatus.IAT_NOT_INTEGER + 2 * k);
            }
            final double d = (Double)v;
            if (d < 0 || d >= 1.8446744073709552E19)
            {
                return (JwtStatus.IAT_OUT_OF_RANGE + 2 * k);
            }
            times[k] = d >= 9.223372036854775807E18 ? Long.MAX_VALUE : (long)d;
        }
        final Object jti = payload.get("jti");
        if (jti != null && !(jti instanceof String))
        {
            return (JwtStatus.JTI_NOT_STRING);
        }
        final Object aud = payload.get("aud");
        if (aud instanceof String)
        {
            audiences.add((String)aud);
        }
        else if (aud instanceof List)
        {
            for (final Object a : (List<?>)aud)
            {
                if (!(a instanceof String))
                {
                    return (JwtStatus.AUD_NOT_STRING);
                }
                audiences.add((String)a);
            }
        }
        else if (aud != null)
        {
            return (JwtStatus.AUD_NOT_STRING);
        }
        return JwtStatus.OK;
    }

    /** Envoy's {@code CheckAudience}: {@code http://} / {@code https://} and one trailing {@code /} dropped. */
    static boolean audienceAllowed(final List<String> configured, final List<String> audiences)
    {
        if (configured.isEmpty())
        {
            return true;
        }
        for (final String a : audiences)
        {
            for (final String c : configured)
            {
                if (sanitize(c).equals(sanitize(a)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static String sanitize(final String aud)
    {
        if (aud.isEmpty())
        {
            return aud;
        }
        int b = 0;
        if (aud.startsWith("http://"))
        {
            b = 7;
        }
        else if (aud.startsWith("https://"))
        {
            b = 8;
        }
        final int e = aud.endsWith("/") ? aud.length() - 1 : aud.length();
        return aud.substring(b, Math.max(b, e));
    }
}
