package dev.wirespeed.control.reference;

import dev.wirespeed.control.model.DestinationRule;
import dev.wirespeed.fib.l7.RequestHash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consistent-hash choice of the reference cluster stage (docs/routing.md §4), written plainly: Envoy's ring
 * ({@code RingHashLoadBalancer::Ring}) as a list of (hash, host) entries sorted by unsigned hash and searched
 * linearly, or Envoy's Maglev table ({@code MaglevTable}) filled slot by slot, over the candidates in their order.
 * Tables are kept per candidate list and setting (a request stream hashes into the same few).
 */
final class ReferenceHashTables
{
    private final Map<List<Object>, List<Integer>> maglevTables = new HashMap<>();
    private final Map<List<Object>, List<long[]>> rings = new HashMap<>();

    /**
     * @param ch         the cluster's consistent hash (ring or Maglev, its size).
     * @param candidates the candidates, in order.
     * @param hash       the request's hash.
     * @return the index of the chosen candidate.
     */
    int pick(final DestinationRule.ConsistentHash ch, final List<ReferenceEndpoints.Weighted> candidates,
            final long hash)
    {
        return pick(ch, candidates, normalised(candidates), hash);
    }

    /**
     * @param ch         the cluster's consistent hash (ring or Maglev, its size).
     * @param candidates the table's hosts, in the order Envoy walks them.
     * @param weights    their normalised weights (Envoy's {@code normalizeWeights}).
     * @param hash       the request's hash.
     * @return the index of the chosen host among {@code candidates}.
     */
    int pick(final DestinationRule.ConsistentHash ch, final List<ReferenceEndpoints.Weighted> candidates,
            final List<Double> weights, final long hash)
    {
        final List<Object> key = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++)
        {
            key.add(hostKey(candidates.get(k).candidate().address(), candidates.get(k).candidate().port()));
            key.add(weights.get(k));
        }
        key.add(ch.maglev());
        key.add(ch.size());
        if (ch.maglev())
        {
            final List<Integer> table = maglevTables.computeIfAbsent(key, k -> maglev(candidates, weights,
                    (int)ch.size()));
            return table.get((int)Long.remainderUnsigned(hash, ch.size()));
        }
        final List<long[]> ring = rings.computeIfAbsent(key, k -> ring(candidates, weights, ch.size()));
        for (final long[] entry : ring)
        {
            if (Long.compareUnsigned(entry[0], hash) >= 0)
            {
                return (int)entry[1];
            }
        }
        return (int)ring.get(0)[1]; // past the last entry: around to the first
    }

    /** @return the address Envoy hashes for a host: {@code ip:port}, {@code [ipv6]:port}, a name as written. */
    static String hostKey(final String address, final int port)
    {
        final String printed = ReferenceCookies.address(address);
        return (printed != null ? printed : address) + ":" + port;
    }

    private static long xx(final String s, final long seed)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return RequestHash.xxHash64(b, 0, b.length, seed);
    }

    static List<Double> normalised(final List<ReferenceEndpoints.Weighted> candidates)
    {
        long sum = 0;
        for (final ReferenceEndpoints.Weighted w : candidates)
        {
            sum += w.weight();
        }
        final List<Double> out = new ArrayList<>();
        for (final ReferenceEndpoints.Weighted w : candidates)
        {
            out.add((double)w.weight() / (double)sum);
        }
        return out;
    }

    /**
     * Envoy's ring: entries {hash, host} sorted by unsigned hash. The host with the most entries keeps only its
     * largest entry between two entries of other hosts (the same answer to every lookup; its entries are not all
     * held: a ring of unequal weights has Envoy's maximum of 8M entries).
     */
    static List<long[]> ring(final List<ReferenceEndpoints.Weighted> candidates, final List<Double> weights,
            final long minRingSize)
    {
        double min = 1.0;
        for (final double w : weights)
        {
            min = Math.min(min, w);
        }
        final double scale = Math.min(Math.ceil(min * minRingSize) / min,
                (double)DestinationRule.ConsistentHash.MAX_RING_SIZE);
        final List<Long> counts = new ArrayList<>();
        double current = 0;
        double target = 0;
        for (int k = 0; k < candidates.size(); k++)
        {
            target += scale * weights.get(k);
            long count = 0;
            while (current < target)
            {
                count++;
                current += 1;
            }
            counts.add(count);
        }
        int heavy = 0;
        for (int k = 0; k < counts.size(); k++)
        {
            heavy = counts.get(k) > counts.get(heavy) ? k : heavy;
        }
        final List<long[]> ring = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++)
        {
            for (long i = 0; i < counts.get(k) && k != heavy; i++)
            {
                ring.add(new long[] {xx(entryKey(candidates.get(k), i), 0), k});
            }
        }
        ring.sort(Comparator.comparing((long[] e) -> e[0], Long::compareUnsigned));
        final Map<Integer, Long> largestInGap = new HashMap<>();
        for (long i = 0; i < counts.get(heavy); i++)
        {
            final long h = xx(entryKey(candidates.get(heavy), i), 0);
            final int gap = firstAtOrPast(ring, h);
            largestInGap.merge(gap, h, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
        }
        for (final Map.Entry<Integer, Long> e : largestInGap.entrySet())
        {
            ring.add(new long[] {e.getValue(), heavy});
        }
        ring.sort(Comparator.comparing((long[] e) -> e[0], Long::compareUnsigned));
        return ring;
    }

    /** @return the first entry at or past {@code h} (its size when none is): a binary search of the sorted rest. */
    private static int firstAtOrPast(final List<long[]> ring, final long h)
    {
        int lo = 0;
        int hi = ring.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(ring.get(mid)[0], h) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static String entryKey(final ReferenceEndpoints.Weighted w, final long i)
    {
        return hostKey(w.candidate().address(), w.candidate().port()) + "_" + i;
    }

    /** Envoy's Maglev table: per slot, the index of its candidate. */
    static List<Integer> maglev(final List<ReferenceEndpoints.Weighted> candidates, final List<Double> weights,
            final int size)
    {
        final double max = weights.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        final List<Integer> byKey = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++)
        {
            byKey.add(k);
        }
        byKey.sort(Comparator.comparing((Integer k) -> hostKey(candidates.get(k).candidate().address(),
                candidates.get(k).candidate().port())));
        final List<Integer> table = new ArrayList<>();
        for (int s = 0; s < size; s++)
        {
            table.add(null);
        }
        final int n = byKey.size();
        final long[] offset = new long[n];
        final long[] skip = new long[n];
        final long[] next = new long[n];
        final double[] target = new double[n];
        for (int s = 0; s < n; s++)
        {
            final ReferenceEndpoints.Weighted w = candidates.get(byKey.get(s));
            final String host = hostKey(w.candidate().address(), w.candidate().port());
            offset[s] = Long.remainderUnsigned(xx(host, 0), size);
            skip[s] = Long.remainderUnsigned(xx(host, 1), size - 1) + 1;
        }
        int taken = 0;
        for (int round = 1; taken < size; round++)
        {
            for (int s = 0; s < n && taken < size; s++)
            {
                if (round * weights.get(byKey.get(s)) < target[s])
                {
                    continue; // a lighter host takes a slot only every few rounds
                }
                target[s] += max;
                while (table.get((int)((offset[s] + skip[s] * next[s]) % size)) != null)
                {
                    next[s]++;
                }
                table.set((int)((offset[s] + skip[s] * next[s]) % size), byKey.get(s));
                next[s]++;
                taken++;
            }
        }
        return table;
    }
}
