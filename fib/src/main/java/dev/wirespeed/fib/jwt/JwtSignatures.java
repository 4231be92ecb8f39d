package dev.wirespeed.fib.jwt;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envoy's {@code verifyJwtWithoutTimeChecking} over the JDK's signatures: a key takes part when its {@code kid} is
 * the token's (either empty: any) and its {@code alg} is the token's (empty: any); an {@code EC} key verifies ECDSA
 * with SHA-384 for {@code ES384}, SHA-512 for {@code ES512}, else SHA-256, the signature split into {@code r} and
 * {@code s} halves; an {@code RSA} key PKCS#1 v1.5 for {@code RS*} and PSS (MGF1 with the same digest, salt of the
 * digest's length) for {@code PS*}, no check for another alg; an {@code oct} key HMAC. No key taking part:
 * {@link JwtStatus#KID_ALG_MISMATCH}; none verifying: {@link JwtStatus#VERIFICATION_FAIL}.
 */
public final class JwtSignatures
{
    private JwtSignatures()
    {
    }

    /**
     * @param keys       the provider's keys.
     * @param alg        the token's {@code alg}.
     * @param kid        the token's {@code kid} ({@code ""}: none).
     * @param signedData {@code header.payload} as sent (ASCII).
     * @param signature  the decoded signature.
     * @return {@link JwtStatus#OK}, {@link JwtStatus#VERIFICATION_FAIL} or {@link JwtStatus#KID_ALG_MISMATCH}.
     */
    public static int verify(final List<JwtKey> keys, final String alg, final String kid, final byte[] signedData,
            final byte[] signature)
    {
        boolean matched = false;
        for (final JwtKey k : keys)
        {
            if (!kid.isEmpty() && !k.kid().isEmpty() && !k.kid().equals(kid) || !k.alg().isEmpty()
                    && !k.alg().equals(alg))
            {
                continue;
            }
            matched = true;
            if (verifyOne(k, alg, signedData, signature))
            {
                return JwtStatus.OK;
            }
        }
        return matched ? JwtStatus.VERIFICATION_FAIL : JwtStatus.KID_ALG_MISMATCH;
    }

    private static String digest(final String alg)
    {
        return alg.endsWith("384") ? "384" : alg.endsWith("512") ? "512" : "256";
    }

    private static boolean verifyOne(final JwtKey k, final String alg, final byte[] data, final byte[] sig)
    {
        try
        {
            final String bits = digest(alg);
            switch (k.kty())
            {
                case "EC":
                {
                    final Signature s = Signature.getInstance("SHA" + bits + "withECDSA");
                    s.initVerify(k.key());
                    s.update(data);
                    final byte[] der = der(sig, (ECPublicKey)k.key());
                    return der != null && s.verify(der);
                }
                case "RSA":
                {
                    if (alg.startsWith("RS"))
                    {
                        final Signature s = Signature.getInstance("SHA" + bits + "withRSA");
                        s.initVerify(k.key());
                        s.update(data);
                        return s.verify(sig);
                    }
                    if (alg.startsWith("PS"))
                    {
                        final Signature s = Signature.getInstance("RSASSA-PSS");
                        final String md = "SHA-" + bits;
                        s.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md),
                                Integer.parseInt(bits) / 8, 1));
                        s.initVerify(k.key());
                        s.update(data);
                        return s.verify(sig);
                    }
                    return false;
                }
                case "oct":
                {
                    final Mac mac = Mac.getInstance("HmacSHA" + bits);
                    mac.init(new SecretKeySpec(k.secret().length == 0 ? new byte[1] : k.secret(), "HmacSHA" + bits));
                    final byte[] out = mac.doFinal(data);
                    return MessageDigest.isEqual(out, sig);
                }
                default:
                    return false;
            }
        }
        catch (final GeneralSecurityException | RuntimeException e)
        {
            return false;
        }
    }

    /** {@code r || s} (each half of the signature, as Envoy splits it) as DER, {@code null} when empty. */
    private static byte[] der(final byte[] sig, final ECPublicKey key)
    {
        final int half = sig.length / 2;
        if (half == 0)
        {
            return null;
        }
        final byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, half)).toByteArray();
        final byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, half, 2 * half)).toByteArray();
        final int len = 2 + r.length + 2 + s.length;
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x30);
        if (len >= 128)
        {
            out.write(0x81);
        }
        out.write(len);
        out.write(0x02);
        out.write(r.length);
        out.write(r, 0, r.length);
        out.write(0x02);
        out.write(s.length);
        out.write(s, 0, s.length);
        return out.toByteArray();
    }
}
