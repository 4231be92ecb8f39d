package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;
import dev.wirespeed.fib.OffHeap;

import static dev.wirespeed.fib.l3.NextHopGroupsLayout.GROUP_BUCKET_MASK;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.GROUP_BUCKET_START;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.GROUP_FIRST_MEMBER;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.GROUP_MEMBER_COUNT;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.GROUP_SIZE;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.MEMBER_EGRESS_PORT;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.MEMBER_NEXT_HOP;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.MEMBER_SIZE;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.MEMBER_WEIGHT;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.NEXT_HOP_FAMILY;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.NEXT_HOP_HI;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.NEXT_HOP_LO;
import static dev.wirespeed.fib.l3.NextHopGroupsLayout.NEXT_HOP_SIZE;

/**
 * Read-only ECMP next-hop groups over the {@code NEXT_HOP_GROUPS} section ({@link NextHopGroupsLayout}).
 * {@link #member} picks a group's member for a flow hash through the group's bucket table, so one flow
 * always takes the same member and members share flows by weight.
 *
 * <p>Group and member indices come from the LPM tables and this section itself, both validated when the
 * image was built, so the hot accessors do not bounds-check.
 */
public final class NextHopGroups
{
    private static final OffHeap U = OffHeap.MEMORY;

    private final int groups;
    private final int members;
    private final int nextHops;
    private final long groupsAddress;
    private final long membersAddress;
    private final long nextHopsAddress;
    private final long bucketsAddress;
    private final long sectionBytes;

    /**
     * @param image an image with a {@code NEXT_HOP_GROUPS} section.
     */
    public NextHopGroups(final FibImage image)
    {
        this(image.store(), image.sectionOffset(FibSection.NEXT_HOP_GROUPS),
                image.sectionLength(FibSection.NEXT_HOP_GROUPS));
    }

    /**
     * @param store  the region.
     * @param offset section offset.
     * @param length section length.
     */
    public NextHopGroups(final BytesStore<?, ?> store, final long offset, final long length)
    {
        if (U.getInt(store.addressForRead(offset + NextHopGroupsLayout.MAGIC_OFFSET)) != NextHopGroupsLayout.MAGIC)
        {
            throw new IllegalArgumentException("NEXT_HOP_GROUPS section: bad magic");
        }
        groups = U.getInt(store.addressForRead(offset + NextHopGroupsLayout.GROUPS_OFFSET));
        members = U.getInt(store.addressForRead(offset + NextHopGroupsLayout.MEMBERS_OFFSET));
        nextHops = U.getInt(store.addressForRead(offset + NextHopGroupsLayout.NEXT_HOPS_OFFSET));
        final int buckets = U.getInt(store.addressForRead(offset + NextHopGroupsLayout.BUCKETS_OFFSET));
        if (NextHopGroupsLayout.sectionSize(groups, members, nextHops, buckets) != length)
        {
            throw new IllegalArgumentException("NEXT_HOP_GROUPS section: size does not match its counts");
        }
        groupsAddress = store.addressForRead(offset + NextHopGroupsLayout.HEADER_SIZE);
        membersAddress = groupsAddress + (long)groups * GROUP_SIZE;
        nextHopsAddress = membersAddress + (long)members * MEMBER_SIZE;
        bucketsAddress = nextHopsAddress + (long)nextHops * NEXT_HOP_SIZE;
        sectionBytes = length;
    }

    /**
     * The member of a group that a flow takes.
     *
     * @param group    a group id.
     * @param flowHash the flow's hash (see {@link FlowHash}).
     * @return the member index within the group.
     */
    public int member(final int group, final int flowHash)
    {
        final long g = groupsAddress + (long)group * GROUP_SIZE;
        final int start = U.getInt(g + GROUP_BUCKET_START);
        final int mask = U.getInt(g + GROUP_BUCKET_MASK);
        return U.getInt(bucketsAddress + ((long)(start + (flowHash & mask)) << 2));
    }

    private long memberAddress(final int group, final int member)
    {
        final int firstMember = U.getInt(groupsAddress + (long)group * GROUP_SIZE + GROUP_FIRST_MEMBER);
        return membersAddress + (long)(firstMember + member) * MEMBER_SIZE;
    }

    /**
     * @param group  a group id.
     * @param member a member index within it.
     * @return the member's egress port.
     */
    public int egressPort(final int group, final int member)
    {
        return U.getInt(memberAddress(group, member) + MEMBER_EGRESS_PORT);
    }

    /**
     * @param group  a group id.
     * @param member a member index within it.
     * @return the member's next-hop index.
     */
    public int nextHop(final int group, final int member)
    {
        return U.getInt(memberAddress(group, member) + MEMBER_NEXT_HOP);
    }

    /**
     * @param group  a group id.
     * @param member a member index within it.
     * @return the member's weight.
     */
    public int weight(final int group, final int member)
    {
        return U.getInt(memberAddress(group, member) + MEMBER_WEIGHT);
    }

    /**
     * @param group a group id.
     * @return its number of members.
     */
    public int memberCount(final int group)
    {
        return U.getInt(groupsAddress + (long)group * GROUP_SIZE + GROUP_MEMBER_COUNT);
    }

    /**
     * @param group a group id.
     * @return the size of its bucket table.
     */
    public int bucketCount(final int group)
    {
        return U.getInt(groupsAddress + (long)group * GROUP_SIZE + GROUP_BUCKET_MASK) + 1;
    }

    /**
     * @param nextHop a next-hop index.
     * @return 4 or 6.
     */
    public int nextHopFamily(final int nextHop)
    {
        return U.getInt(nextHopsAddress + (long)nextHop * NEXT_HOP_SIZE + NEXT_HOP_FAMILY);
    }

    /**
     * @param nextHop an IPv4 next-hop index.
     * @return its address.
     */
    public int nextHopIpv4(final int nextHop)
    {
        return U.getInt(nextHopsAddress + (long)nextHop * NEXT_HOP_SIZE + NextHopGroupsLayout.NEXT_HOP_IPV4);
    }

    /**
     * @param nextHop an IPv6 next-hop index.
     * @return the high 64 bits of its address.
     */
    public long nextHopHi(final int nextHop)
    {
        return U.getLong(nextHopsAddress + (long)nextHop * NEXT_HOP_SIZE + NEXT_HOP_HI);
    }

    /**
     * @param nextHop an IPv6 next-hop index.
     * @return the low 64 bits of its address.
     */
    public long nextHopLo(final int nextHop)
    {
        return U.getLong(nextHopsAddress + (long)nextHop * NEXT_HOP_SIZE + NEXT_HOP_LO);
    }

    /**
     * Not for the hot path (builds a String).
     *
     * @param nextHop a next-hop index (0..{@link #nextHopCount()}-1).
     * @return its address as text ({@code 192.168.1.1}, {@code fe80::1}).
     */
    public String nextHopText(final int nextHop)
    {
        if (nextHop < 0 || nextHop >= nextHops)
        {
            throw new IndexOutOfBoundsException("next hop " + nextHop + " of " + nextHops);
        }
        return nextHopFamily(nextHop) == 4
                ? IpText.formatIpv4(nextHopIpv4(nextHop))
                : IpText.formatIpv6(nextHopHi(nextHop), nextHopLo(nextHop));
    }

    /**
     * Checks every group, member and bucket index of the section, so that lookups need no bounds
     * checks on an image mapped from an untrusted file.
     *
     * @throws IllegalArgumentException naming the first bad group.
     */
    public void verify()
    {
        final long buckets = (sectionBytes - NextHopGroupsLayout.HEADER_SIZE - (long)groups * GROUP_SIZE
                - (long)members * MEMBER_SIZE - (long)nextHops * NEXT_HOP_SIZE) / 4;
        for (int g = 0; g < groups; g++)
        {
            final long a = groupsAddress + (long)g * GROUP_SIZE;
            final int start = U.getInt(a + GROUP_BUCKET_START);
            final int mask = U.getInt(a + GROUP_BUCKET_MASK);
            final int first = U.getInt(a + GROUP_FIRST_MEMBER);
            final int count = U.getInt(a + GROUP_MEMBER_COUNT);
            boolean ok = start >= 0 && mask >= 0 && (mask & (mask + 1)) == 0 && (long)start + mask < buckets
                    && first >= 0 && count >= 1 && (long)first + count <= members;
            for (int b = 0; ok && b <= mask; b++)
            {
                final int m = U.getInt(bucketsAddress + ((long)(start + b) << 2));
                ok = m >= 0 && m < count;
            }
            for (int m = 0; ok && m < count; m++)
            {
                final int nh = U.getInt(membersAddress + (long)(first + m) * MEMBER_SIZE + MEMBER_NEXT_HOP);
                ok = nh >= 0 && nh < nextHops;
            }
            if (!ok)
            {
                throw new IllegalArgumentException("NEXT_HOP_GROUPS section: bad group " + g);
            }
        }
    }

    /** @return number of groups. */
    public int groupCount()
    {
        return groups;
    }

    /** @return number of members over all groups. */
    public int memberTotal()
    {
        return members;
    }

    /** @return number of distinct next hops. */
    public int nextHopCount()
    {
        return nextHops;
    }

    /** @return bytes of the section. */
    public long sizeInBytes()
    {
        return sectionBytes;
    }
}
