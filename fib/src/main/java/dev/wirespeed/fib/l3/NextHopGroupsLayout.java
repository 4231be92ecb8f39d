package dev.wirespeed.fib.l3;

/**
 * Layout of the {@code NEXT_HOP_GROUPS} section: ECMP groups as a switch ASIC holds them (a group
 * table pointing into a member table, and a power-of-two bucket table per group filled by weight, so
 * the member of a flow is {@code buckets[start + (flowHash & mask)]}).
 *
 * <pre>
 *   0        4        8         12         16        20                      64
 *   +--------+--------+---------+----------+---------+----------- pad ------+
 *   | magic  | groups | members | nextHops | buckets |                      |
 *   +--------+--------+---------+----------+---------+----------------------+
 *   | groups:   {bucketStart, bucketMask, firstMember, memberCount} 16 B each |
 *   | members:  {nextHop, egressPort, weight, pad}                 16 B each |
 *   | nextHops: {family 4|6, ipv4, pad, pad, hi long, lo long}     24 B each |
 *   | buckets:  member index within the group                       4 B each |
 * </pre>
 */
public final class NextHopGroupsLayout
{
    public static final int MAGIC = 0x47504E48; // "HNPG"
    public static final int MAGIC_OFFSET = 0;
    public static final int GROUPS_OFFSET = 4;
    public static final int MEMBERS_OFFSET = 8;
    public static final int NEXT_HOPS_OFFSET = 12;
    public static final int BUCKETS_OFFSET = 16;
    public static final int HEADER_SIZE = 64;

    public static final int GROUP_SIZE = 16;
    public static final int GROUP_BUCKET_START = 0;
    public static final int GROUP_BUCKET_MASK = 4;
    public static final int GROUP_FIRST_MEMBER = 8;
    public static final int GROUP_MEMBER_COUNT = 12;

    public static final int MEMBER_SIZE = 16;
    public static final int MEMBER_NEXT_HOP = 0;
    public static final int MEMBER_EGRESS_PORT = 4;
    public static final int MEMBER_WEIGHT = 8;

    public static final int NEXT_HOP_SIZE = 24;
    public static final int NEXT_HOP_FAMILY = 0;
    public static final int NEXT_HOP_IPV4 = 4;
    public static final int NEXT_HOP_HI = 8;
    public static final int NEXT_HOP_LO = 16;

    /** Largest number of members in one group. */
    public static final int MAX_MEMBERS_PER_GROUP = 1024;
    /** Largest bucket table of one group. */
    public static final int MAX_BUCKETS_PER_GROUP = 4096;
    /** Smallest bucket table of a group with several members. */
    public static final int MIN_BUCKETS_PER_GROUP = 64;

    private NextHopGroupsLayout()
    {
    }

    /**
     * @param groups   groups.
     * @param members  members.
     * @param nextHops next hops.
     * @param buckets  buckets.
     * @return the section size.
     */
    public static long sectionSize(final int groups, final int members, final int nextHops, final long buckets)
    {
        return HEADER_SIZE + (long)groups * GROUP_SIZE + (long)members * MEMBER_SIZE + (long)nextHops * NEXT_HOP_SIZE
                + buckets * 4;
    }
}
