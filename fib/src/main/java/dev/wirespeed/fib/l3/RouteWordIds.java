package dev.wirespeed.fib.l3;

import java.util.Arrays;

/**
 * The distinct {@link RouteWord}s of a compressed trie, each with a small id that the trie's leaves
 * store instead of the word (16 bits instead of 32, so more leaves share a node's cache line). Ids are
 * handed out in order and never reused; id 0 is {@link RouteWord#MISS}. The word table ({@link #words()})
 * is what lookups read; it is replaced by a larger copy when full, so a reader holding the old one keeps
 * a consistent view (every id it can reach is in it).
 *
 * <p>Writer-only; not thread-safe.
 */
final class RouteWordIds
{
    private final int max;
    private int[] words = new int[256];
    private int count = 1; // id 0: MISS
    // Open addressing, word to id + 1 (0 = empty); capacity a power of two, at most half full.
    private int[] keys = new int[1024];
    private int[] values = new int[1024];

    /** @param max most distinct words (ids 0..max-1). */
    RouteWordIds(final int max)
    {
        this.max = max;
    }

    /**
     * @param word a route word.
     * @return its id, a new one if the word is new.
     * @throws IllegalStateException if the table already holds {@code max} distinct words.
     */
    int id(final int word)
    {
        if (word == RouteWord.MISS)
        {
            return 0;
        }
        int mask = keys.length - 1;
        int at = hash(word) & mask;
        while (keys[at] != 0)
        {
            if (keys[at] == word)
            {
                return values[at] - 1;
            }
            at = (at + 1) & mask;
        }
        if (count == max)
        {
            throw new IllegalStateException("LPM trie capacity exceeded: more than " + max
                    + " distinct (next-hop group, prefix length) pairs");
        }
        if (count == words.length)
        {
            words = Arrays.copyOf(words, words.length * 2);
        }
        final int id = count++;
        words[id] = word;
        if (count * 2 > keys.length)
        {
            rehash();
            mask = keys.length - 1;
            at = hash(word) & mask;
            while (keys[at] != 0)
            {
                at = (at + 1) & mask;
            }
        }
        keys[at] = word;
        values[at] = id + 1;
        return id;
    }

    private void rehash()
    {
        final int[] oldKeys = keys;
        final int[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        final int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != 0)
            {
                int at = hash(oldKeys[i]) & mask;
                while (keys[at] != 0)
                {
                    at = (at + 1) & mask;
                }
                keys[at] = oldKeys[i];
                values[at] = oldValues[i];
            }
        }
    }

    private static int hash(final int word)
    {
        final int h = word * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * @param id an id handed out.
     * @return the prefix length of its word (0 for {@link RouteWord#MISS}).
     */
    int prefixLength(final int id)
    {
        return words[id] & 0xff;
    }

    /** @return the word table, id to word (lookups read it; longer than {@link #count()}). */
    int[] words()
    {
        return words;
    }

    /** @return ids handed out, including 0. */
    int count()
    {
        return count;
    }
}
