package dev.wirespeed.fib.jwt;

import java.security.PublicKey;

/**
 * One key of a JSON Web Key Set as Envoy's {@code Jwks} keeps it.
 *
 * @param kty    {@code RSA}, {@code EC} or {@code oct}.
 * @param kid    its {@code kid}, {@code ""} when none.
 * @param alg    its {@code alg}, {@code ""} when none.
 * @param key    the public key (RSA, EC), {@code null} for {@code oct}.
 * @param secret the HMAC secret ({@code oct}), {@code null} otherwise.
 */
public record JwtKey(String kty, String kid, String alg, PublicKey key, byte[] secret)
{
}
