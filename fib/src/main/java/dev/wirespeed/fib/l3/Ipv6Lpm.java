package dev.wirespeed.fib.l3;

/**
 * An IPv6 longest-prefix-match table as the benchmarks and the forwarding path see it: scalar and batched
 * lookups of addresses given as two 64-bit halves, answering {@link RouteWord}s.
 */
public interface Ipv6Lpm
{
    /**
     * Longest-prefix match of one address.
     *
     * @param hi high 64 bits of the destination.
     * @param lo low 64 bits.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    int lookup(long hi, long lo);

    /**
     * Longest-prefix match of {@code count} addresses.
     *
     * @param his         high 64 bits of each address.
     * @param los         low 64 bits of each address.
     * @param from        first index in the address arrays.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    void lookupBatch(long[] his, long[] los, int from, int count, int[] results, int resultsFrom);
}
