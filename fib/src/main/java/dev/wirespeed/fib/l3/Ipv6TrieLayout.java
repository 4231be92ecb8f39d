package dev.wirespeed.fib.l3;

/**
 * Layout of the {@code IPV6_LPM} section: a multibit trie with a 16-bit first stride and 8-bit strides
 * after it (the shape of DPDK's {@code rte_lpm6}/{@code rte_fib6} trie, with a smaller root), built by
 * controlled prefix expansion.
 *
 * <pre>
 *   0          4              8            12            64
 *   +----------+--------------+------------+--- pad ----+
 *   | magic    | groups       | routes     |            |
 *   +----------+--------------+------------+------------+
 *   | root: 2^16 words, indexed by address bits 127..112                |  256 KiB
 *   +-------------------------------------------------------------------+
 *   | groups: 256 words each, indexed by the next address byte          |
 *   +-------------------------------------------------------------------+
 * </pre>
 *
 * <p>Words are {@link RouteWord}s; a word with bit 31 set points at group {@code word & 0x7fffffff},
 * int number {@code 2^16 + (g << 8) + byte} of the flat array. A lookup reads at most 15 words
 * (root + 14 bytes), typically 3–5 for /32–/64 routes.
 */
public final class Ipv6TrieLayout
{
    public static final int MAGIC = 0x36454954; // "TIE6"
    public static final int MAGIC_OFFSET = 0;
    public static final int GROUPS_OFFSET = 4;
    public static final int ROUTES_OFFSET = 8;
    public static final int HEADER_SIZE = 64;
    public static final int ROOT_ENTRIES = 1 << 16;
    public static final int GROUP_ENTRIES = 256;
    public static final int MAX_GROUPS = 1 << 23;
    public static final int POINTER_FLAG = 0x80000000;

    private Ipv6TrieLayout()
    {
    }

    /**
     * @param groups number of 256-entry groups.
     * @return the section size.
     */
    public static long sectionSize(final int groups)
    {
        return HEADER_SIZE + (ROOT_ENTRIES + (long)groups * GROUP_ENTRIES) * 4L;
    }
}
