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
    static double[] normalised(final long[] weights)
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
     * the running count stays below the running target {@code scale * (w0 + ... + wk)}. Returned compressed: of each
     * run of entries of one host only the last is kept, which answers every lookup as the whole ring does (the first
     * entry at or past a hash belongs to the run whose last entry is the first kept one at or past it). The host
     * with the most entries is not held in memory: its entries are streamed and only the largest one between two
     * entries of other hosts is kept — a ring of unequal weights reaches Envoy's 8M-entry maximum.
     *
     * @param keys        the hosts' keys ({@link #hostKey}), in the priority's order.
     * @param weights     their weights.
     * @param minRingSize the minimum ring size.
     * @param maxRingSize the maximum ring size.
     * @return the ring, compressed.
     */
    static Ring ring(final String[] keys, final long[] weights, final long minRingSize, final long maxRingSize)
    {
        return ring(keys, normalised(weights), minRingSize, maxRingSize);
    }

    /**
     * The ring over hosts whose weights are already normalised ({@link LocalityWeightedHosts}).
     *
     * @param keys        the hosts' keys, in the order Envoy walks them.
     * @param weights     their normalised weights.
     * @param minRingSize the minimum ring size.
     * @param maxRingSize the maximum ring size.
     * @return the ring, compressed.
     */
    static Ring ring(final String[] keys, final double[] weights, final long minRingSize, final long maxRingSize)
    {
        final long[] counts = entryCounts(weights, minRingSize, maxRingSize);
        int heavy = 0;
        long others = 0;
        for (int k = 0; k < keys.length; k++)
        {
            heavy = counts[k] > counts[heavy] ? k : heavy;
            others += counts[k];
        }
        others -= counts[heavy];
        final long[] generated = new long[Math.toIntExact(others)];
        final int[] owner = new int[generated.length];
        final EntryHasher hasher = new EntryHasher();
        int at = 0;
        for (int k = 0; k < keys.length; k++)
        {
            for (long i = 0; i < counts[k] && k != heavy; i++)
            {
                generated[at] = hasher.hash(keys[k], i);
                owner[at++] = k;
            }
        }
        final Ring rest = sortByUnsignedHash(generated, owner);
        // per gap g (the hashes above entry g - 1 up to entry g; the last gap past every entry): the heavy host's
        // largest entry there
        final long[] gapMax = new long[generated.length + 1];
        final boolean[] gapHas = new boolean[generated.length + 1];
        for (long i = 0; i < counts[heavy]; i++)
        {
            final long h = hasher.hash(keys[heavy], i);
            final int g = lowerBound(rest.hashes(), h);
            if (!gapHas[g] || Long.compareUnsigned(h, gapMax[g]) > 0)
            {
                gapMax[g] = h;
                gapHas[g] = true;
            }
        }
        final long[] hashes = new long[2 * generated.length + 1];
        final int[] hosts = new int[hashes.length];
        int n = 0;
        for (int g = 0; g <= generated.length; g++)
        {
            if (gapHas[g])
            {
                hashes[n] = gapMax[g];
                hosts[n++] = heavy;
            }
            if (g < generated.length)
            {
                hashes[n] = rest.hashes()[g];
                hosts[n++] = rest.hosts()[g];
            }
        }
        return lastOfEachRun(hashes, hosts, n);
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

    /** @return each host's ring entry count, Envoy's running-sum rounding in doubles. */
    static long[] entryCounts(final long[] weights, final long minRingSize, final long maxRingSize)
    {
        return entryCounts(normalised(weights), minRingSize, maxRingSize);
    }

    /** @return each host's ring entry count for normalised weights. */
    static long[] entryCounts(final double[] w, final long minRingSize, final long maxRingSize)
    {
        double min = 1.0;
        for (final double x : w)
        {
            min = Math.min(min, x);
        }
        final double scale = Math.min(Math.ceil(min * minRingSize) / min, (double)maxRingSize);
        final long[] counts = new long[w.length];
        double current = 0;
        double target = 0;
        for (int k = 0; k < w.length; k++)
        {
            target += scale * w[k];
            while (current < target)
            {
                counts[k]++;
                current++;
            }
        }
        return counts;
    }

    /** @return the first index whose hash is at least {@code h} (unsigned), {@code a.length} when none is. */
    private static int lowerBound(final long[] a, final long h)
    {
        int lo = 0;
        int hi = a.length;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(a[mid], h) < 0)
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

    private static Ring lastOfEachRun(final long[] hashes, final int[] hosts, final int n)
    {
        int kept = 0;
        for (int k = 0; k < n; k++)
        {
            if (k == n - 1 || hosts[k] != hosts[k + 1])
            {
                hashes[kept] = hashes[k];
                hosts[kept++] = hosts[k];
            }
        }
        return new Ring(Arrays.copyOf(hashes, kept), Arrays.copyOf(hosts, kept));
    }

    /** Hashes {@code "<key>_<i>"} without a String per entry. */
    private static final class EntryHasher
    {
        private byte[] buffer = new byte[64];
        private String key = "";
        private int prefix;

        long hash(final String hostKey, final long i)
        {
            if (!hostKey.equals(key))
            {
                final byte[] b = (hostKey + "_").getBytes(StandardCharsets.US_ASCII);
                buffer = Arrays.copyOf(b, b.length + 20);
                prefix = b.length;
                key = hostKey;
            }
            int n = prefix;
            long rest = i;
            do
            {
                n++;
                rest /= 10;
            }
            while (rest > 0);
            rest = i;
            for (int d = n - 1; d >= prefix; d--)
            {
                buffer[d] = (byte)('0' + rest % 10);
                rest /= 10;
            }
            return RequestHash.xxHash64(buffer, 0, n);
        }
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
        return maglev(keys, normalised(weights), tableSize);
    }

    /**
     * The Maglev table over hosts whose weights are already normalised ({@link LocalityWeightedHosts}).
     *
     * @param keys      the hosts' keys.
     * @param w         their normalised weights.
     * @param tableSize the table size, a prime.
     * @return per slot, the index of its host in {@code keys}.
     */
    static int[] maglev(final String[] keys, final double[] w, final int tableSize)
    {
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
