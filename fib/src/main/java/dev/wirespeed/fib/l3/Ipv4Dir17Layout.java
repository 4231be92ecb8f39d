package dev.wirespeed.fib.l3;

/**
 * Layout of the compact IPv4 table ({@link Ipv4Dir17Table}): a direct table indexed by the top 17 address bits,
 * then levels at bit 24 and bit 32 stored compressed as in Poptrie (Asai and Ohara, SIGCOMM 2015): a node keeps
 * only the runs of equal leaves, a bitmap marks where each run starts, and the leaf of an index is found by a
 * population count of the bitmap up to it.
 *
 * <pre>
 *   0        4        8          12          16        20         24         32         64
 *   +--------+--------+----------+-----------+---------+----------+----------+--- pad ---+
 *   | magic  | words  | l3 nodes | nodeLongs | routes  | node pad | 1 (long) |           |
 *   +--------+--------+----------+-----------+---------+----------+----------+-----------+
 *   | direct: 2^17 ints (512 KiB), indexed by address bits 31..15                      |
 *   | words:  the distinct route words, ints, padded to 64 bytes                       |
 *   | l3:     long offset (in the node area) of each level-3 node, ints, padded to 64  |
 *   | node pad bytes (0..56), so that the node area starts a cache line in memory      |
 *   | nodes:  nodeLongs longs: the level-2 nodes, then the level-3 nodes               |
 *   | 64 - node pad bytes of slack                                                     |
 *   +----------------------------------------------------------------------------------+
 *
 *   direct entry  bit 31 = 0: a route word (RouteWord, MISS included): the whole /17 has one answer
 *                 bit 31 = 1: long offset of the /17's level-2 node in the node area (31 bits)
 *   level-2 node  | bitmap over the 128 /24 blocks (2 longs) | leaves (shorts), one a run |
 *   level-3 node  | bitmap over the 256 addresses (4 longs)  | leaves (shorts), one a run |
 *   leaf          &lt; words: index of a route word;  &gt;= words (level 2 only): level-3 node (leaf - words)
 * </pre>
 *
 * <p>Bit 0 of a bitmap is always set, so the run of index {@code i} is the population count of the bitmap's bits
 * {@code 0..i} minus one. A level-2 node of up to 64 bytes (up to 24 runs) never straddles a cache line: with the
 * direct table in the L2 cache, most lookups read one line of the node area. The writer pads the node area to
 * a cache line of the memory it writes to (the region of an image is not itself 64-byte aligned) and records
 * the pad: an image mapped back at another alignment still reads right, only its nodes may then straddle lines.
 */
public final class Ipv4Dir17Layout
{
    public static final int MAGIC = 0x43373144; // "D17C"
    public static final int MAGIC_OFFSET = 0;
    public static final int WORDS_OFFSET = 4;
    public static final int L3_NODES_OFFSET = 8;
    public static final int NODE_LONGS_OFFSET = 12;
    public static final int ROUTES_OFFSET = 16;
    public static final int NODE_PAD_OFFSET = 20;
    /** A long holding 1: what the batched lookup reads for an address whose direct entry is the answer. */
    public static final int ONE_OFFSET = 24;
    public static final int HEADER_SIZE = 64;
    public static final int DIRECT_BITS = 17;
    public static final int DIRECT_SHIFT = 32 - DIRECT_BITS;
    public static final int DIRECT_ENTRIES = 1 << DIRECT_BITS;
    public static final long DIRECT_BYTES = 4L * DIRECT_ENTRIES;
    /** /24 blocks under one direct entry. */
    public static final int L2_SPAN = 1 << (24 - DIRECT_BITS);
    public static final int L2_BITMAP_LONGS = L2_SPAN / 64;
    public static final int L3_SPAN = 256;
    public static final int L3_BITMAP_LONGS = L3_SPAN / 64;
    public static final int POINTER_FLAG = 0x80000000;
    /** Most leaf values: route words plus level-3 nodes. */
    public static final int MAX_LEAVES = 1 << 16;

    private Ipv4Dir17Layout()
    {
    }

    /**
     * @param count ints.
     * @return bytes of that many ints, rounded up to a cache line.
     */
    public static long paddedInts(final int count)
    {
        return (4L * count + 63) & ~63L;
    }

    /**
     * @param words     distinct route words.
     * @param l3Nodes   level-3 nodes.
     * @param nodeLongs longs of the node area.
     * @return the section size.
     */
    public static long sectionSize(final int words, final int l3Nodes, final int nodeLongs)
    {
        return HEADER_SIZE + DIRECT_BYTES + paddedInts(words) + paddedInts(l3Nodes) + 8L * nodeLongs + 64;
    }
}
