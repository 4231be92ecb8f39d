package dev.wirespeed.fib.l7;

import net.openhft.hashing.LongHashFunction;

/**
 * The deterministic per-request hash every per-request choice is drawn from (weights, fault and mirror
 * percentages, load balancers), shared by the compiled lookup and the reference interpreter so both
 * make the same choice for the same request id. Pure functions, no state, no allocation.
 */
public final class RequestHash
{
    /** Salt of the weighted destination pick. */
    public static final int WEIGHT = 1;
    /** Salt of the fault delay percentage. */
    public static final int DELAY = 2;
    /** Salt of the fault abort percentage. */
    public static final int ABORT = 3;
    /** Salt of the RANDOM load balancer (and the consistent-hash fallback). */
    public static final int LB = 4;
    /** Salt of the LEAST_REQUEST load balancer. */
    public static final int LB2 = 5;
    /** Salt of mirror k is {@code MIRROR + k}. */
    public static final int MIRROR = 16;

    /** xxHash64 with seed 0, Envoy's {@code HashUtil::xxHash64}. */
    private static final LongHashFunction XX64 = LongHashFunction.xx(0);
    /** xxHash64 with seed 1, Envoy's Maglev skip. */
    private static final LongHashFunction XX64_SEED1 = LongHashFunction.xx(1);

    private RequestHash()
    {
    }

    /**
     * SplitMix64's finaliser.
     *
     * @param z any value.
     * @return a well mixed value.
     */
    public static long mix64(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * @param id   the request id.
     * @param salt what the hash is for.
     * @return 64 mixed bits.
     */
    public static long hashBits(final long id, final int salt)
    {
        return mix64(id * 0x9E3779B97F4A7C15L + salt * 0xD1B54A32D192ED03L + 0x2545F4914F6CDD1DL);
    }

    /**
     * @param id   the request id.
     * @param salt what the hash is for.
     * @return a non-negative int.
     */
    public static int hash(final long id, final int salt)
    {
        return (int)(hashBits(id, salt) >>> 33);
    }

    /**
     * @param id   the request id.
     * @param salt what the hash is for.
     * @return a non-negative long (63 bits): the draw of a weighted pick whose weights sum past an int.
     */
    public static long hash63(final long id, final int salt)
    {
        return hashBits(id, salt) >>> 1;
    }

    /**
     * @param id   the request id.
     * @param salt what the percentage is for.
     * @return a number in [0, 100).
     */
    public static double pct(final long id, final int salt)
    {
        return (hashBits(id, salt) >>> 11) * 0x1.0p-53 * 100.0;
    }

    /**
     * Envoy's {@code HashUtil::xxHash64} (XXH64) with seed 0: how Envoy hashes a consistent-hash key (a header,
     * cookie or query parameter value, the source IP text) and the ring entries of its ring hash.
     *
     * @param b   bytes.
     * @param off where they start.
     * @param len how many.
     * @return their xxHash64.
     */
    public static long xxHash64(final byte[] b, final int off, final int len)
    {
        return XX64.hashBytes(b, off, len);
    }

    /**
     * @param b    bytes.
     * @param off  where they start.
     * @param len  how many.
     * @param seed the seed (Envoy's Maglev hashes a host with seeds 0 and 1).
     * @return their xxHash64 with that seed.
     */
    public static long xxHash64(final byte[] b, final int off, final int len, final long seed)
    {
        return seed == 0 ? XX64.hashBytes(b, off, len)
                : seed == 1 ? XX64_SEED1.hashBytes(b, off, len) : LongHashFunction.xx(seed).hashBytes(b, off, len);
    }
}
