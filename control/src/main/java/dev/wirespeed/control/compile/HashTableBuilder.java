package dev.wirespeed.control.compile;

import dev.wirespeed.fib.l7.ConnectionCookie;
import dev.wirespeed.fib.l7.RequestHash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds, at compile time and into flat arrays, the tables Envoy's consistent-hash load balancers hash a request
 * into (docs/routing.md §4): the ring of {@code RingHashLoadBalancer::Ring} and the lookup table of
 * {@code MaglevTable}, over a priority's hosts in their order, each host named by its address as Envoy prints it
 * ({@code 10.0.0.1:8080}, {@code [2001:db8::1]:8080}). Host weights are normalised to sum 1 as Envoy's
 * {@code normalizeHostWeights} does, in doubles, so the entry counts are Envoy's to the last rounding.
 */
final class HashTableBuilder
{
    private HashTableBuilder()
    {
    }

    /**
     * A ring: entry hashes sorted as unsigned numbers, and each entry's host.
     *
     * @param hashes the sorted hashes.
     * @param hosts  per entry, the index of its host.
     */
    record Ring(long[] hashes, int[] hosts)
    {
    }

    /**
     * @param address an endpoint address (an IP literal, or a name that Envoy would resolve).
     * @param port    its port.
     * @return the text Envoy hashes for the host ({@code Address::Instance::asString}); a name is kept as written.
     */
    static String hostKey(final String address, final int port)
    {
        final byte[] b = address.getBytes(StandardCharsets.US_ASCII);
        final ConnectionCookie text = new ConnectionCookie().begin();
        return text.address(b, 0, b.length, port) ? text.text() : address + ":" + port;
    }

    /** @return each weight divided by their sum, in doubles as Envoy's {@code normalizeHostWeights}. */
    private static double[] normalised(final long[] weights)
    {
        long sum = 0;
        for (final long w : weights)
        {
            sum += w;
        }
        final double[] out = new double[weights.length];
        for (int k = 0; k < weights.length; k++)
        {
            out[k] = (double)weights[k] * 1.0 / (double)sum;
        }
        return out;
    }

    /**
     * Envoy's ring: the least-weighted host gets {@code ceil(minWeight * minRingSize)} entries, the scale capped at
     * the maximum ring size; host {@code k}'s entries {@code i = 0, 1, ...} hash {@code "<key>_<i>"} (xxHash64) while
     * the running count stays below the running target {@code scale * (w0 + ... + wk)}.
     *
     * @param keys        the hosts' keys ({@link #hostKey}), in the priority's order.
     * @param weights     their weights.
     * @param minRingSize the minimum ring size.
     * @param maxRingSize the maximum ring size.
     * @return the ring.
     */
    static Ring ring(final String[] keys, final long[] weights, final long minRingSize, final long maxRingSize)
    {
        final double[] w = normalised(weights);
        double min = 1.0;
        for (final double x : w)
        {
            min = Math.min(min, x);
        }
        final double scale = Math.min(Math.ceil(min * minRingSize) / min, (double)maxRingSize);
        // two passes: count the entries, then generate their hashes into one primitive array
        final int[] counts = new int[keys.length];
        double current = 0;
        double target = 0;
        int total = 0;
        for (int k = 0; k < keys.length; k++)
        {
            target += scale * w[k];
            while (current < target)
            {
                counts[k]++;
                current++;
            }
            total += counts[k];
        }
        final long[] generated = new long[total];
        final int[] owner = new int[total];
        int at = 0;
        for (int k = 0; k < keys.length; k++)
        {
            for (int i = 0; i < counts[k]; i++)
            {
                final byte[] b = (keys[k] + "_" + i).getBytes(StandardCharsets.US_ASCII);
                generated[at] = RequestHash.xxHash64(b, 0, b.length);
                owner[at++] = k;
            }
        }
        return sortByUnsignedHash(generated, owner);
    }

    /** Sorts entries by hash (unsigned) with primitive sorts: the sign bit flipped makes signed order unsigned. */
    private static Ring sortByUnsignedHash(final long[] generated, final int[] owner)
    {
        final int n = generated.length;
        final long[] sorted = new long[n];
        for (int k = 0; k < n; k++)
        {
            sorted[k] = generated[k] ^ Long.MIN_VALUE;
        }
        Arrays.sort(sorted);
        final int[] hosts = new int[n];
        Arrays.fill(hosts, -1);
        for (int k = 0; k < n; k++)
        {
            int p = Arrays.binarySearch(sorted, generated[k] ^ Long.MIN_VALUE);
            while (p > 0 && sorted[p - 1] == sorted[p])
            {
                p--; // equal hashes: the first free one, in generation order
            }
            while (hosts[p] >= 0)
            {
                p++;
            }
            hosts[p] = owner[k];
        }
        for (int k = 0; k < n; k++)
        {
            sorted[k] ^= Long.MIN_VALUE;
        }
        return new Ring(sorted, hosts);
    }

    /**
     * Envoy's Maglev table ({@code OriginalMaglevTable}): hosts sorted by key; each one's offset is the key's
     * xxHash64 (seed 0) modulo the table size and its skip the xxHash64 with seed 1 modulo (size - 1), plus 1; rounds
     * {@code 1, 2, ...} let each host whose {@code round * weight} reached its target (then raised by the largest
     * weight) take the next free slot of its permutation, until every slot is taken.
     *
     * @param keys      the hosts' keys, in the priority's order.
     * @param weights   their weights.
     * @param tableSize the table size, a prime.
     * @return per slot, the index of its host in {@code keys}.
     */
    static int[] maglev(final String[] keys, final long[] weights, final int tableSize)
    {
        final double[] w = normalised(weights);
        double max = 0;
        for (final double x : w)
        {
            max = Math.max(max, x);
        }
        final Integer[] order = new Integer[keys.length];
        for (int k = 0; k < keys.length; k++)
        {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        final int n = keys.length;
        final long[] offset = new long[n];
        final long[] skip = new long[n];
        final long[] next = new long[n];
        final double[] targetWeight = new double[n];
        for (int s = 0; s < n; s++)
        {
            final byte[] b = keys[order[s]].getBytes(StandardCharsets.US_ASCII);
            offset[s] = Long.remainderUnsigned(RequestHash.xxHash64(b, 0, b.length, 0), tableSize);
            skip[s] = Long.remainderUnsigned(RequestHash.xxHash64(b, 0, b.length, 1), tableSize - 1) + 1;
        }
        final int[] table = new int[tableSize];
        Arrays.fill(table, -1);
        int filled = 0;
        for (long round = 1; filled < tableSize; round++)
        {
            for (int s = 0; s < n && filled < tableSize; s++)
            {
                if (round * w[order[s]] < targetWeight[s])
                {
                    continue;
                }
                targetWeight[s] += max;
                int c = (int)((offset[s] + skip[s] * next[s]) % tableSize);
                while (table[c] >= 0)
                {
                    next[s]++;
                    c = (int)((offset[s] + skip[s] * next[s]) % tableSize);
                }
                table[c] = order[s];
                next[s]++;
                filled++;
            }
        }
        return table;
    }
}
