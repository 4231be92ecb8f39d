package dev.wirespeed.fib.l3;

import java.util.Arrays;

/**
 * A route set flattened into disjoint address ranges, each with the route word of the longest prefix covering
 * it (neighbours with equal words merged): the form a table that answers by position rather than by prefix is
 * built from (DXR, Zec et al. 2012, and {@link Ipv4Dir17Builder}).
 *
 * <p>The routes, sorted by address and then by length (an enclosing prefix before those inside it), are swept
 * once with a stack of the prefixes that contain the current address: a prefix's start and its end are the only
 * points where the answer can change. Cost: one sort of the routes and one linear pass.
 */
final class Ipv4Ranges
{
    /** Range starts, unsigned, increasing; {@code starts[0] == 0}. */
    final long[] starts;
    /** The route word of each range ({@link RouteWord#MISS} where no route covers it). */
    final int[] words;
    /** Number of ranges. */
    final int count;

    private Ipv4Ranges(final long[] starts, final int[] words, final int count)
    {
        this.starts = starts;
        this.words = words;
        this.count = count;
    }

    /**
     * @param routes a route set.
     * @return its ranges.
     */
    static Ipv4Ranges of(final Ipv4LpmBuilder routes)
    {
        final int n = routes.routeCount();
        if (n > (1 << 25))
        {
            throw new IllegalStateException("IPv4 ranges take at most " + (1 << 25) + " routes, not " + n);
        }
        // ((address << 6) | length) << 25 | route index: sorts by address, then shorter (enclosing) first.
        final long[] pairs = new long[n];
        final int[] words = new int[n];
        final int[] at = new int[1];
        routes.forEachRoute((address, length, group) ->
        {
            final int i = at[0]++;
            pairs[i] = ((((address & 0xffffffffL) << 6) | length) << 25) | i;
            words[i] = RouteWord.of(group, length);
        });
        Arrays.sort(pairs);
        final Builder out = new Builder(2 * n + 2);
        final long[] stackEnd = new long[33];
        final int[] stackWord = new int[33];
        int top = -1;
        out.emit(0, RouteWord.MISS);
        for (int r = 0; r < n; r++)
        {
            final long key = pairs[r] >>> 25;
            final int word = words[(int)(pairs[r] & ((1 << 25) - 1))];
            final long start = key >>> 6;
            while (top >= 0 && stackEnd[top] <= start)
            {
                final long end = stackEnd[top--];
                out.emit(end, top >= 0 ? stackWord[top] : RouteWord.MISS);
            }
            out.emit(start, word);
            stackEnd[++top] = start + (1L << (32 - (int)(key & 63)));
            stackWord[top] = word;
        }
        while (top >= 0)
        {
            final long end = stackEnd[top--];
            if (end < (1L << 32))
            {
                out.emit(end, top >= 0 ? stackWord[top] : RouteWord.MISS);
            }
        }
        return new Ipv4Ranges(out.starts, out.words, out.count);
    }

    /**
     * @param address an address, unsigned.
     * @param from    a range index at or below the answer.
     * @return the index of the range holding {@code address}, searching up from {@code from}.
     */
    int rangeOf(final long address, final int from)
    {
        int j = from;
        while (j + 1 < count && starts[j + 1] <= address)
        {
            j++;
        }
        return j;
    }

    /** Appends ranges, merging as they come. */
    private static final class Builder
    {
        long[] starts;
        int[] words;
        int count;

        Builder(final int capacity)
        {
            starts = new long[capacity];
            words = new int[capacity];
        }

        void emit(final long start, final int word)
        {
            if (count > 0 && starts[count - 1] == start)
            {
                count--; // a later change at the same address wins (a prefix starting where another ended)
            }
            if (count > 0 && words[count - 1] == word)
            {
                return;
            }
            if (count == starts.length)
            {
                starts = Arrays.copyOf(starts, count * 2);
                words = Arrays.copyOf(words, count * 2);
            }
            starts[count] = start;
            words[count] = word;
            count++;
        }
    }
}
