package dev.wirespeed.control.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.wirespeed.fib.jwt.JwtKey;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON Web Key Set as Envoy's {@code Jwks::createFrom} does (its checks and texts): {@code keys} an array; each
 * key's {@code kty} {@code RSA} ({@code n}, {@code e}; {@code alg} starting with {@code RS} or {@code PS}), {@code EC}
 * ({@code crv} {@code P-256}, {@code P-384} or {@code P-521}, {@code x}, {@code y}; {@code alg} starting with
 * {@code ES} and matching the curve) or {@code oct} ({@code k}); {@code OKP} keys are skipped with a warning
 * (not
 * modelled). A problem is an exception whose message says what.
 */
final class JwksReader
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String[]> CURVES = Map.of("P-256", new String[] {"secp256r1", "ES256"},
            "P-384", new String[] {"secp384r1", "ES384"}, "P-521", new String[] {"secp521r1", "ES512"});

    private JwksReader()
    {
    }

    /**
     * @param text     the key set's JSON.
     * @param warnings where skipped keys are said.
     * @return its keys.
     * @throws IllegalArgumentException saying what is wrong.
     */
    static List<JwtKey> read(final String text, final List<String> warnings)
    {
        final JsonNode root;
        try
        {
            root = JSON.readTree(text);
        }
        catch (final java.io.IOException e)
        {
            throw new IllegalArgumentException("Jwks is an invalid JSON");
        }
        if (root == null || !root.isObject())
        {
            throw new IllegalArgumentException("Jwks is an invalid JSON");
        }
        final JsonNode keys = root.get("keys");
        if (keys == null)
        {
            throw new IllegalArgumentException("Jwks does not have [keys] field");
        }
        if (!keys.isArray())
        {
            throw new IllegalArgumentException("[keys] in Jwks is not an array");
        }
        final List<JwtKey> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++)
        {
            final JsonNode k = keys.get(i);
            try
            {
                final JwtKey key = key(k);
                if (key == null)
                {
                    warnings.add("keys[" + i + "]: kty " + k.get("kty").asText() + " is not modelled: key skipped");
                }
                else
                {
                    out.add(key);
                }
            }
            catch (final GeneralSecurityException | IllegalArgumentException e)
            {
                throw new IllegalArgumentException("keys[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static String text(final JsonNode k, final String field, final String missing, final String bad)
    {
        final JsonNode v = k.get(field);
        if (v == null)
        {
            if (missing == null)
            {
                return "";
            }
            throw new IllegalArgumentException(missing);
        }
        if (!v.isTextual())
        {
            throw new IllegalArgumentException(bad);
        }
        return v.asText();
    }

    private static BigInteger number(final String b64, final String what)
    {
        try
        {
            return new BigInteger(1, Base64.getUrlDecoder().decode(b64));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(what);
        }
    }

    private static JwtKey key(final JsonNode k) throws GeneralSecurityException
    {
        if (!k.isObject())
        {
            throw new IllegalArgumentException("[kty] is missing in [keys]");
        }
        final String kty = text(k, "kty", "[kty] is missing in [keys]", "[kty] is bad in [keys]");
        final String kid = text(k, "kid", null, "Jwt header [kid] field is not a string");
        final String alg = text(k, "alg", null, "[alg] is not a string");
        switch (kty)
        {
            case "RSA":
            {
                if (!alg.isEmpty() && !alg.startsWith("RS") && !alg.startsWith("PS"))
                {
                    throw new IllegalArgumentException("[alg] is not started with [RS] or [PS] for an RSA key");
                }
                final BigInteger n = number(text(k, "n", "[n] field is missing for a RSA key",
                        "[n] field is not string for a RSA key"), "Jwks RSA [n] or [e] field is missing or has a "
                        + "parse error");
                final BigInteger e = number(text(k, "e", "[e] field is missing for a RSA key",
                        "[e] field is not string for a RSA key"), "Jwks RSA [n] or [e] field is missing or has a "
                        + "parse error");
                return new JwtKey(kty, kid, alg, KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(n, e)), null);
            }
            case "EC":
            {
                if (!alg.isEmpty() && !alg.startsWith("ES"))
                {
                    throw new IllegalArgumentException("[alg] is not started with [ES] for an EC key");
                }
                final String crv = text(k, "crv", null, "[crv] field is not string for an EC key");
                final String[] curve = CURVES.get(crv.isEmpty() ? alg.isEmpty() ? "P-256"
                        : alg.equals("ES384") ? "P-384" : alg.equals("ES512") ? "P-521" : "P-256" : crv);
                if (curve == null)
                {
                    throw new IllegalArgumentException("[crv] or [alg] field is not supported for an EC key");
                }
                if (!alg.isEmpty() && !alg.equals(curve[1]))
                {
                    throw new IllegalArgumentException("[crv] field specified is not compatible with [alg] for an "
                            + "EC key");
                }
                final BigInteger x = number(text(k, "x", "[x] field is missing for an EC key",
                        "[x] field is not string for an EC key"), "Jwks EC [x] or [y] field is an invalid Base64.");
                final BigInteger y = number(text(k, "y", "[y] field is missing for an EC key",
                        "[y] field is not string for an EC key"), "Jwks EC [x] or [y] field is an invalid Base64.");
                final AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(curve[0]));
                final ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                try
                {
                    return new JwtKey(kty, kid, alg, KeyFactory.getInstance("EC")
                            .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec)), null);
                }
                catch (final GeneralSecurityException e)
                {
                    throw new IllegalArgumentException("Jwks EC create key fail");
                }
            }
            case "oct":
            {
                if (!alg.isEmpty() && !alg.startsWith("HS"))
                {
                    throw new IllegalArgumentException("[alg] does not start with [HS] for an HMAC key");
                }
                final String kk = text(k, "k", "[k] field is missing for an HMAC key",
                        "[k] field is not string for an HMAC key");
                try
                {
                    return new JwtKey(kty, kid, alg, null, Base64.getUrlDecoder().decode(kk));
                }
                catch (final IllegalArgumentException e)
                {
                    throw new IllegalArgumentException("Jwks Oct key is an invalid Base64");
                }
            }
            case "OKP":
                return null;
            default:
                throw new IllegalArgumentException("[kty] is not supported in [keys]");
        }
    }
}
