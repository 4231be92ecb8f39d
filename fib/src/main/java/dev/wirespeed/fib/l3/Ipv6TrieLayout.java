package dev.wirespeed.fib.l3;

/**
 * Layout of the {@code IPV6_LPM} section: a multibit trie with a 16-bit first stride and 8-bit strides
 * after it (the shape of DPDK's {@code rte_lpm6}/{@code rte_fib6} trie, with a smaller root), built by
 * controlled prefix expansion, whose inner groups are stored compressed as in Poptrie (Asai and
 * Ohara, SIGCOMM 2015): a 256-entry group keeps only its runs of equal words, found by a bitmap.
 *
 * <pre>
 *   0          4              8            12           16            64
 *   +----------+--------------+------------+------------+--- pad ----+
 *   | magic    | groups       | routes     | words      |            |
 *   +----------+--------------+------------+------------+------------+
 *   | root: 2^16 words, indexed by address bits 127..112                 |  256 KiB
 *   +--------------------------------------------------------------------+
 *   | nodes: one per group, 48 bytes:                                    |
 *   |   0..31  run-start bitmap, 256 bits (bit b set: entry b starts a   |
 *   |          new run of equal words; bit 0 always set)                 |
 *   |   32..39 set bits before each 64-bit word: 9 bits each, k * 9      |
 *   |   40..43 index of the group's first run in the words array        |
 *   +--------------------------------------------------------------------+
 *   | words: the run values of every group, group after group            |
 *   +--------------------------------------------------------------------+
 * </pre>
 *
 * <p>Entry {@code b} of group {@code g} is {@code words[base + rank(b) - 1]}, where {@code rank(b)} is
 * the number of run starts at or before {@code b}: one 64-bit popcount plus a stored prefix count.
 * A sparse group (one longer route under a shorter one) takes 48 bytes + a few words instead of
 * 1 KiB, so a large table stays far more cache resident. Words are {@link RouteWord}s; a word with
 * bit 31 set points at node {@code word & 0x7fffffff}.
 */
public final class Ipv6TrieLayout
{
    public static final int MAGIC = 0x36504F50; // "POP6"
    public static final int MAGIC_OFFSET = 0;
    public static final int GROUPS_OFFSET = 4;
    public static final int ROUTES_OFFSET = 8;
    public static final int WORDS_OFFSET = 12;
    public static final int HEADER_SIZE = 64;
    public static final int ROOT_ENTRIES = 1 << 16;
    public static final int GROUP_ENTRIES = 256;
    public static final int MAX_GROUPS = 1 << 23;
    public static final int POINTER_FLAG = 0x80000000;
    public static final int NODE_SIZE = 48;
    public static final int NODE_COUNTS = 32;
    public static final int NODE_BASE = 40;

    private Ipv6TrieLayout()
    {
    }

    /**
     * @param groups number of groups (nodes).
     * @param words  number of run words over all groups.
     * @return the section size.
     */
    public static long sectionSize(final int groups, final long words)
    {
        return HEADER_SIZE + ROOT_ENTRIES * 4L + (long)groups * NODE_SIZE + words * 4L;
    }
}
