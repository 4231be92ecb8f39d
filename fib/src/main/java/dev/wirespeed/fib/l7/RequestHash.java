package dev.wirespeed.fib.l7;

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
    /** Salt of the locality choice of a {@code distribute} (docs/routing.md §4). */
    public static final int LOCALITY = 6;
    /** Salt of mirror k is {@code MIRROR + k}. */
    public static final int MIRROR = 16;

    private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV64_PRIME = 0x100000001b3L;

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

    /** @return the start state of a streamed {@link #hash64(byte[])}. */
    public static long hash64Start()
    {
        return FNV64_OFFSET;
    }

    /**
     * @param h state.
     * @param b next byte.
     * @return new state.
     */
    public static long hash64Step(final long h, final byte b)
    {
        return (h ^ (b & 0xff)) * FNV64_PRIME;
    }

    /**
     * @param h state after the last byte.
     * @return the hash.
     */
    public static long hash64Finish(final long h)
    {
        return mix64(h);
    }

    /**
     * @param bytes a key (UTF-8).
     * @return its 64-bit hash (FNV-1a then SplitMix64's finaliser); equal to the streamed form.
     */
    public static long hash64(final byte[] bytes)
    {
        long h = hash64Start();
        for (final byte b : bytes)
        {
            h = hash64Step(h, b);
        }
        return hash64Finish(h);
    }

    /**
     * Lamping and Veach's jump consistent hash.
     *
     * @param key     the key's 64-bit hash.
     * @param buckets number of buckets, &gt; 0.
     * @return a bucket in [0, buckets).
     */
    public static int jump(final long key, final int buckets)
    {
        return (int)jumpLong(key, buckets);
    }

    /**
     * Jump consistent hash over more buckets than an int holds (a weighted pick's total weight).
     *
     * @param key     the key's 64-bit hash.
     * @param buckets number of buckets, &gt; 0 and below 2^53.
     * @return a bucket in [0, buckets); equal to {@link #jump(long, int)} for an int bucket count.
     */
    public static long jumpLong(final long key, final long buckets)
    {
        long k = key;
        long b = -1;
        long j = 0;
        while (j < buckets)
        {
            b = j;
            k = k * 2862933555777941757L + 1;
            j = (long)((b + 1) * ((double)(1L << 31) / (double)((k >>> 33) + 1)));
        }
        return b;
    }
}
