package dev.wirespeed.fib.l3;

/**
 * IPv4 longest-prefix match, as the IPv4 tables answer it ({@link Ipv4Dir24Table}, {@link Ipv4Dir17Table},
 * {@link Ipv4Poptrie}): a {@link RouteWord} an address. Benchmarks and tests drive any of them through it; a
 * caller that uses one table type keeps its call sites monomorphic, so the JIT inlines the lookup.
 */
public interface Ipv4Lookup
{
    /**
     * @param address destination address.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    int lookup(int address);

    /**
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param count       how many.
     * @param results     receives the {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    void lookupBatch(int[] addresses, int from, int count, int[] results, int resultsFrom);

    /**
     * Batched lookup of exactly 16 addresses (a table may give the JIT a constant trip count).
     *
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param results     receives 16 {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    default void lookup16(final int[] addresses, final int from, final int[] results, final int resultsFrom)
    {
        lookupBatch(addresses, from, 16, results, resultsFrom);
    }
}
