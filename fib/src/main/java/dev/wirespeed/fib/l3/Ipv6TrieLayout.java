package dev.wirespeed.fib.l3;

/**
 * Layout of the {@code IPV6_LPM} section: a multibit trie with a 16-bit first stride and 8-bit strides
 * after it (the shape of DPDK's {@code rte_lpm6}/{@code rte_fib6} trie, with a smaller root), built by
 * controlled prefix expansion, whose inner groups are stored compressed as in Poptrie (Asai and
 * Ohara, SIGCOMM 2015): a 256-entry group keeps only its runs of equal words, found by a bitmap.
 *
 * <pre>
 *   0          4              8            12     16                  24            64
 *   +----------+--------------+------------+------+-------------------+--- pad ----+
 *   | magic    | groups       | routes     | pad  | node bytes (long) |            |
 *   +----------+--------------+------------+------+-------------------+------------+
 *   | root: 2^16 words, indexed by address bits 127..112                              |  256 KiB
 *   +----------------------------------------------------------------------------------+
 *   | nodes, one per group, each 8-byte aligned, variable size:                        |
 *   |   0..31  run-start bitmap, 256 bits (bit b set: entry b starts a new run of     |
 *   |          equal words; bit 0 always set)                                          |
 *   |   32..39 set bits before each 64-bit word of the bitmap: 9 bits each, at k * 9   |
 *   |   40..   the run words, one per set bit                                          |
 *   +----------------------------------------------------------------------------------+
 * </pre>
 *
 * <p>Entry {@code b} of a node is run word number {@code rank(b) - 1}, where {@code rank(b)} is the
 * number of run starts at or before {@code b}: one 64-bit popcount plus a stored prefix count. The
 * run words follow their bitmap, so a step usually touches one or two adjacent cache lines. A sparse
 * group (one longer route under a shorter one) takes 48 bytes instead of 1 KiB, so large tables stay
 * far more cache resident. Words are {@link RouteWord}s; a word with bit 31 set points at the node
 * starting {@code (word & 0x7fffffff) * 8} bytes into the node area.
 */
public final class Ipv6TrieLayout
{
    public static final int MAGIC = 0x36504F50; // "POP6"
    public static final int MAGIC_OFFSET = 0;
    public static final int GROUPS_OFFSET = 4;
    public static final int ROUTES_OFFSET = 8;
    public static final int NODE_BYTES_OFFSET = 16;
    public static final int HEADER_SIZE = 64;
    public static final int ROOT_ENTRIES = 1 << 16;
    public static final int GROUP_ENTRIES = 256;
    public static final int MAX_GROUPS = 1 << 23;
    public static final int POINTER_FLAG = 0x80000000;
    public static final int NODE_COUNTS = 32;
    public static final int NODE_WORDS = 40;
    /** Largest node area: pointers count 8-byte units in 31 bits. */
    public static final long MAX_NODE_BYTES = 8L << 31;

    private Ipv6TrieLayout()
    {
    }

    /**
     * @param runs number of run words of a node.
     * @return the node's size in bytes (8-byte aligned).
     */
    public static long nodeSize(final int runs)
    {
        return (NODE_WORDS + runs * 4L + 7) & ~7L;
    }

    /**
     * @param nodeBytes size of the node area.
     * @return the section size.
     */
    public static long sectionSize(final long nodeBytes)
    {
        return HEADER_SIZE + ROOT_ENTRIES * 4L + nodeBytes;
    }
}
