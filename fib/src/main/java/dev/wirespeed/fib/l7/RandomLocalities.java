package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * {@code RANDOM} under locality-weighted balancing (docs/routing.md §4): a {@code failover} list or a
 * {@code failoverPriority} makes Istio turn on Envoy's {@code locality_weighted_balancing}, and Envoy's random load
 * balancer then picks a locality of the best priority by its weight (the sum of its endpoints' weights) before it
 * picks, ignoring the weights, one of that locality's endpoints. As for a {@code distribute}, the model picks the
 * locality whose cumulative weight first passes the request id modulo the total (the locality weights divided by
 * their gcd), then {@code hash(id, LB)} modulo its endpoint count. The compiler writes a range only when its
 * candidates span several localities and their weights differ (with equal weights every locality's share is its
 * endpoint count over {@code n}, which {@code hash(id, LB) mod n} already gives). Reads the cluster's directory
 * ({@link L7Layout#CL_RANDOM_LOCALITIES}); allocates nothing.
 */
final class RandomLocalities
{
    private RandomLocalities()
    {
    }

    /**
     * @param t     the CLUSTERS table.
     * @param dir   the cluster's directory, -1 for none.
     * @param first the first candidate, relative to the cluster's first endpoint.
     * @param n     how many candidates (at least 2).
     * @param id    the request id.
     * @return the picked candidate, relative to {@code first}.
     */
    static int pick(final IndexedTable t, final int dir, final int first, final int n, final long id)
    {
        final int e = dir < 0 ? -1 : entry(t, dir, first, n);
        if (e < 0)
        {
            return RequestHash.hash(id, RequestHash.LB) % n;
        }
        final int groups = t.intAt(e + RLE_GROUPS);
        final int weights = t.intAt(e + RLE_WEIGHTS);
        final long at = Math.floorMod(id, t.longAt(weights + groups - 1));
        int g = 0;
        while (t.longAt(weights + g) <= at)
        {
            g++;
        }
        final int starts = t.intAt(e + RLE_STARTS);
        final int start = t.intAt(starts + g);
        return start - first + RequestHash.hash(id, RequestHash.LB) % (t.intAt(starts + g + 1) - start);
    }

    /** @return the directory's entry for the range, -1 when the range has none (its weights are all equal). */
    private static int entry(final IndexedTable t, final int dir, final int first, final int n)
    {
        final int count = t.intAt(dir + RL_COUNT);
        for (int k = 0; k < count; k++)
        {
            final int e = dir + RL_ENTRIES + k * RLE_SIZE;
            if (t.intAt(e + RLE_FIRST) == first && t.intAt(e + RLE_COUNT) == n)
            {
                return e;
            }
        }
        return -1;
    }
}
