package dev.wirespeed.fib.l3.reference;

import dev.wirespeed.fib.l3.RouteWord;

/**
 * The reference longest-prefix match: a plain one-bit-at-a-time binary trie over 32-bit (IPv4) or
 * 128-bit (IPv6) keys, written for clarity. A lookup walks the destination's bits from the top and
 * remembers the last node that holds a route. Results are {@link RouteWord}s, like the fast tables'.
 */
public final class BinaryTrieLpm
{
    private static final class Node
    {
        Node zero;
        Node one;
        boolean hasRoute;
        int groupId;
    }

    private final int width;
    private final Node root = new Node();

    /**
     * @param width 32 for IPv4, 128 for IPv6.
     */
    public BinaryTrieLpm(final int width)
    {
        if (width != 32 && width != 128)
        {
            throw new IllegalArgumentException("width is 32 or 128");
        }
        this.width = width;
    }

    /** @return an IPv4 trie. */
    public static BinaryTrieLpm ipv4()
    {
        return new BinaryTrieLpm(32);
    }

    /** @return an IPv6 trie. */
    public static BinaryTrieLpm ipv6()
    {
        return new BinaryTrieLpm(128);
    }

    private static boolean bit(final long hi, final long lo, final int index)
    {
        return index < 64 ? ((hi >>> (63 - index)) & 1) != 0 : ((lo >>> (127 - index)) & 1) != 0;
    }

    /**
     * Adds or replaces a route. IPv4 keys are given in the top 32 bits of {@code hi}; prefer
     * {@link #addIpv4}.
     *
     * @param hi      key high 64 bits.
     * @param lo      key low 64 bits.
     * @param length  prefix length.
     * @param groupId next-hop group.
     */
    public void add(final long hi, final long lo, final int length, final int groupId)
    {
        Node n = root;
        for (int i = 0; i < length; i++)
        {
            if (bit(hi, lo, i))
            {
                if (n.one == null)
                {
                    n.one = new Node();
                }
                n = n.one;
            }
            else
            {
                if (n.zero == null)
                {
                    n.zero = new Node();
                }
                n = n.zero;
            }
        }
        n.hasRoute = true;
        n.groupId = groupId;
    }

    /**
     * Removes a route if present (nodes are left in place; they hold no route).
     *
     * @param hi     key high 64 bits.
     * @param lo     key low 64 bits.
     * @param length prefix length.
     */
    public void remove(final long hi, final long lo, final int length)
    {
        Node n = root;
        for (int i = 0; i < length && n != null; i++)
        {
            n = bit(hi, lo, i) ? n.one : n.zero;
        }
        if (n != null)
        {
            n.hasRoute = false;
        }
    }

    /**
     * @param hi key high 64 bits.
     * @param lo key low 64 bits.
     * @return the {@link RouteWord} of the longest matching prefix or {@link RouteWord#MISS}.
     */
    public int lookup(final long hi, final long lo)
    {
        int best = RouteWord.MISS;
        Node n = root;
        for (int depth = 0; n != null; depth++)
        {
            if (n.hasRoute)
            {
                best = RouteWord.of(n.groupId, depth);
            }
            if (depth == width)
            {
                break;
            }
            n = bit(hi, lo, depth) ? n.one : n.zero;
        }
        return best;
    }

    /**
     * @param address IPv4 prefix address.
     * @param length  0..32.
     * @param groupId next-hop group.
     */
    public void addIpv4(final int address, final int length, final int groupId)
    {
        add((long)address << 32, 0, length, groupId);
    }

    /**
     * @param address IPv4 prefix address.
     * @param length  0..32.
     */
    public void removeIpv4(final int address, final int length)
    {
        remove((long)address << 32, 0, length);
    }

    /**
     * @param address IPv4 destination.
     * @return the {@link RouteWord} of the longest match.
     */
    public int lookupIpv4(final int address)
    {
        return lookup((long)address << 32, 0);
    }
}
