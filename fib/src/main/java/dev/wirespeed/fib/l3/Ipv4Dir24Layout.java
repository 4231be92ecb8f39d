package dev.wirespeed.fib.l3;

/**
 * Layout of the {@code IPV4_LPM} section: a DIR-24-8 table (Gupta, Lin, McKeown, "Routing lookups in
 * hardware at memory access speeds", as in DPDK's {@code rte_lpm}/{@code rte_fib}).
 *
 * <pre>
 *   0          4              8            12            64
 *   +----------+--------------+------------+--- pad ----+
 *   | magic    | tbl8 groups  | routes     |            |
 *   +----------+--------------+------------+------------+
 *   | tbl24: 2^24 route words (int), indexed by address bits 31..8     | 64 MiB
 *   +-------------------------------------------------------------------+
 *   | tbl8 groups: 256 route words each, indexed by address bits 7..0   |
 *   +-------------------------------------------------------------------+
 * </pre>
 *
 * <p>A tbl24 word with bit 31 set points at tbl8 group {@code word & 0x7fffffff}; the tbl8 groups
 * directly follow tbl24, so tbl8 entry {@code (g << 8) | low} is int number {@code 2^24 + (g << 8) + low}
 * of one flat array. See {@link RouteWord} for the leaf format.
 */
public final class Ipv4Dir24Layout
{
    public static final int MAGIC = 0x34524944; // "DIR4"
    public static final int MAGIC_OFFSET = 0;
    public static final int TBL8_GROUPS_OFFSET = 4;
    public static final int ROUTES_OFFSET = 8;
    public static final int HEADER_SIZE = 64;
    public static final int TBL24_ENTRIES = 1 << 24;
    public static final long TBL24_BYTES = (long)TBL24_ENTRIES * 4;
    public static final int TBL8_GROUP_ENTRIES = 256;
    public static final long TBL8_GROUP_BYTES = TBL8_GROUP_ENTRIES * 4L;
    /** Largest number of tbl8 groups (the pointer's index must fit 23 bits so {@code g << 8} fits an int). */
    public static final int MAX_TBL8_GROUPS = 1 << 23;
    public static final int POINTER_FLAG = 0x80000000;

    private Ipv4Dir24Layout()
    {
    }

    /**
     * @param tbl8Groups number of tbl8 groups.
     * @return the section size.
     */
    public static long sectionSize(final int tbl8Groups)
    {
        return HEADER_SIZE + TBL24_BYTES + tbl8Groups * TBL8_GROUP_BYTES;
    }
}
