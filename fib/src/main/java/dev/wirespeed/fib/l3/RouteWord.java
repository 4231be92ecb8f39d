package dev.wirespeed.fib.l3;

/**
 * The 32-bit result of an LPM lookup and the content of a leaf entry in the LPM tables.
 *
 * <pre>
 *   31 30                                      8 7            0
 *  +--+-----------------------------------------+--------------+
 *  |0 |  next-hop group id + 1  (23 bits)       | prefix length|   a route (word &gt; 0)
 *  +--+-----------------------------------------+--------------+
 *  |0 |                       0                                |   no route ({@link #MISS})
 *  +--+--------------------------------------------------------+
 *  |1 |  index of the next 256-entry group (31 bits)            |   inner table pointer (never returned)
 *  +--+--------------------------------------------------------+
 * </pre>
 *
 * <p>Carrying the prefix length lets a caller print the matched prefix (destination masked to the
 * length) without a second table; decoding is a shift and a mask.
 */
public final class RouteWord
{
    /** The word of a lookup that matched nothing. */
    public static final int MISS = 0;
    /** Largest next-hop group id a route may point at. */
    public static final int MAX_GROUP_ID = (1 << 23) - 2;

    private RouteWord()
    {
    }

    /**
     * @param groupId      the next-hop group id (0..{@link #MAX_GROUP_ID}).
     * @param prefixLength the prefix length (0..128).
     * @return the route word.
     */
    public static int of(final int groupId, final int prefixLength)
    {
        return ((groupId + 1) << 8) | prefixLength;
    }

    /**
     * @param word a lookup result.
     * @return its next-hop group id, or -1 for {@link #MISS}.
     */
    public static int groupId(final int word)
    {
        return (word >>> 8) - 1;
    }

    /**
     * @param word a lookup result (not {@link #MISS}).
     * @return the length of the matched prefix.
     */
    public static int prefixLength(final int word)
    {
        return word & 0xff;
    }

    /**
     * @param word a lookup result.
     * @return whether it matched a route.
     */
    public static boolean isRoute(final int word)
    {
        return word != MISS;
    }
}
