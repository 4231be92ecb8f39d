package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the {@code NEXT_HOP_GROUPS} section ({@link NextHopGroupsLayout}). Next-hop addresses are
 * interned (one index per distinct address) and groups with the same members, ports and weights are
 * shared (one group id), as an ASIC shares ECMP groups between routes.
 *
 * <p>The bucket table of a group with several members has a power-of-two size (at least
 * {@value NextHopGroupsLayout#MIN_BUCKETS_PER_GROUP}, about 8 buckets per unit of weight, at most
 * {@value NextHopGroupsLayout#MAX_BUCKETS_PER_GROUP}); each member gets a share of buckets proportional
 * to its weight (largest remainder, at least one), and the buckets are interleaved by smooth weighted
 * round robin.
 */
public final class NextHopGroupsBuilder implements SectionWriter
{
    private final Map<Long, Integer> ipv4NextHops = new HashMap<>();
    private final Map<String, Integer> ipv6NextHops = new HashMap<>();
    private final Map<Long, Integer> singleMemberGroups = new HashMap<>();
    private final Map<String, Integer> multiMemberGroups = new HashMap<>();

    private int[] nhFamily = new int[64];
    private long[] nhHi = new long[64];
    private long[] nhLo = new long[64];
    private int nextHops;

    private int[] groupBucketStart = new int[64];
    private int[] groupBucketMask = new int[64];
    private int[] groupFirstMember = new int[64];
    private int[] groupMemberCount = new int[64];
    private int groups;

    private int[] memberNextHop = new int[64];
    private int[] memberPort = new int[64];
    private int[] memberWeight = new int[64];
    private int members;

    private int[] buckets = new int[256];
    private int bucketCount;

    /**
     * @param address an IPv4 next-hop address.
     * @return its next-hop index.
     */
    public int ipv4NextHop(final int address)
    {
        final Long key = address & 0xffffffffL;
        final Integer known = ipv4NextHops.get(key);
        if (known != null)
        {
            return known;
        }
        final int index = newNextHop(4, 0, address & 0xffffffffL);
        ipv4NextHops.put(key, index);
        return index;
    }

    /**
     * @param hi high 64 bits of an IPv6 next-hop address.
     * @param lo low 64 bits.
     * @return its next-hop index.
     */
    public int ipv6NextHop(final long hi, final long lo)
    {
        final String key = hi + ":" + lo;
        final Integer known = ipv6NextHops.get(key);
        if (known != null)
        {
            return known;
        }
        final int index = newNextHop(6, hi, lo);
        ipv6NextHops.put(key, index);
        return index;
    }

    private int newNextHop(final int family, final long hi, final long lo)
    {
        if (nextHops == nhFamily.length)
        {
            nhFamily = Arrays.copyOf(nhFamily, nextHops * 2);
            nhHi = Arrays.copyOf(nhHi, nextHops * 2);
            nhLo = Arrays.copyOf(nhLo, nextHops * 2);
        }
        nhFamily[nextHops] = family;
        nhHi[nextHops] = hi;
        nhLo[nextHops] = lo;
        return nextHops++;
    }

    /**
     * @param nextHop    a next-hop index.
     * @param egressPort the egress port.
     * @return the id of the group with this one member.
     */
    public int group(final int nextHop, final int egressPort)
    {
        final Long key = ((long)nextHop << 32) | (egressPort & 0xffffffffL);
        final Integer known = singleMemberGroups.get(key);
        if (known != null)
        {
            return known;
        }
        final int id = newGroup(new int[] {nextHop}, new int[] {egressPort}, new int[] {1}, 1);
        singleMemberGroups.put(key, id);
        return id;
    }

    /**
     * @param nextHopIndices next-hop index of each member.
     * @param egressPorts    egress port of each member.
     * @param weights        weight of each member (≥ 1).
     * @param count          number of members (1..{@value NextHopGroupsLayout#MAX_MEMBERS_PER_GROUP}).
     * @return the group id (an existing one if a group with the same members exists).
     */
    public int group(final int[] nextHopIndices, final int[] egressPorts, final int[] weights, final int count)
    {
        if (count == 1)
        {
            return group(nextHopIndices[0], egressPorts[0]);
        }
        if (count < 1 || count > NextHopGroupsLayout.MAX_MEMBERS_PER_GROUP)
        {
            throw new IllegalArgumentException(
                    "an ECMP group has 1.." + NextHopGroupsLayout.MAX_MEMBERS_PER_GROUP + " members, not " + count);
        }
        final StringBuilder sb = new StringBuilder(count * 12);
        for (int i = 0; i < count; i++)
        {
            if (weights[i] < 1)
            {
                throw new IllegalArgumentException("weight " + weights[i] + " must be at least 1");
            }
            sb.append(nextHopIndices[i]).append('/').append(egressPorts[i]).append('/').append(weights[i]).append(',');
        }
        final String key = sb.toString();
        final Integer known = multiMemberGroups.get(key);
        if (known != null)
        {
            return known;
        }
        final int id = newGroup(nextHopIndices, egressPorts, weights, count);
        multiMemberGroups.put(key, id);
        return id;
    }

    private int newGroup(final int[] nh, final int[] ports, final int[] weights, final int count)
    {
        if (groups > RouteWord.MAX_GROUP_ID)
        {
            throw new IllegalStateException("more than " + (RouteWord.MAX_GROUP_ID + 1) + " next-hop groups");
        }
        if (groups == groupBucketStart.length)
        {
            groupBucketStart = Arrays.copyOf(groupBucketStart, groups * 2);
            groupBucketMask = Arrays.copyOf(groupBucketMask, groups * 2);
            groupFirstMember = Arrays.copyOf(groupFirstMember, groups * 2);
            groupMemberCount = Arrays.copyOf(groupMemberCount, groups * 2);
        }
        while (members + count > memberNextHop.length)
        {
            memberNextHop = Arrays.copyOf(memberNextHop, memberNextHop.length * 2);
            memberPort = Arrays.copyOf(memberPort, memberPort.length * 2);
            memberWeight = Arrays.copyOf(memberWeight, memberWeight.length * 2);
        }
        final int first = members;
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            memberNextHop[members] = nh[i];
            memberPort[members] = ports[i];
            memberWeight[members] = weights[i];
            members++;
            total += weights[i];
        }
        final int[] fill = bucketFill(weights, count, total);
        while (bucketCount + fill.length > buckets.length)
        {
            buckets = Arrays.copyOf(buckets, buckets.length * 2);
        }
        System.arraycopy(fill, 0, buckets, bucketCount, fill.length);
        groupBucketStart[groups] = bucketCount;
        groupBucketMask[groups] = fill.length - 1;
        groupFirstMember[groups] = first;
        groupMemberCount[groups] = count;
        bucketCount += fill.length;
        return groups++;
    }

    /**
     * @param weights member weights.
     * @param count   members.
     * @param total   sum of weights.
     * @return the bucket table: member index within the group per bucket, power-of-two length.
     */
    static int[] bucketFill(final int[] weights, final int count, final long total)
    {
        if (count == 1)
        {
            return new int[] {0};
        }
        int size = NextHopGroupsLayout.MIN_BUCKETS_PER_GROUP;
        while (size < NextHopGroupsLayout.MAX_BUCKETS_PER_GROUP && size < total * 8)
        {
            size <<= 1;
        }
        // Apportion by largest deficit (exact share minus buckets given), every member at least one bucket.
        final int[] shares = new int[count];
        final double[] exact = new double[count];
        int assigned = 0;
        for (int i = 0; i < count; i++)
        {
            exact[i] = (double)weights[i] * size / total;
            shares[i] = Math.max(1, (int)Math.floor(exact[i]));
            assigned += shares[i];
        }
        while (assigned < size)
        {
            int best = 0;
            for (int i = 1; i < count; i++)
            {
                if (exact[i] - shares[i] > exact[best] - shares[best])
                {
                    best = i;
                }
            }
            shares[best]++;
            assigned++;
        }
        while (assigned > size)
        {
            int best = -1;
            for (int i = 0; i < count; i++)
            {
                if (shares[i] > 1 && (best < 0 || shares[i] - exact[i] > shares[best] - exact[best]))
                {
                    best = i;
                }
            }
            shares[best]--;
            assigned--;
        }
        // Smooth weighted round robin over the shares spreads each member across the table.
        final int[] table = new int[size];
        final long[] current = new long[count];
        for (int b = 0; b < size; b++)
        {
            int best = 0;
            for (int i = 0; i < count; i++)
            {
                current[i] += shares[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }
            current[best] -= size;
            table[b] = best;
        }
        return table;
    }

    /** @return number of groups so far. */
    public int groupCount()
    {
        return groups;
    }

    /** @return number of distinct next hops so far. */
    public int nextHopCount()
    {
        return nextHops;
    }

    @Override
    public long sizeInBytes()
    {
        return NextHopGroupsLayout.sectionSize(groups, members, nextHops, bucketCount);
    }

    @Override
    public void writeTo(final BytesStore<?, ?> store, final long offset)
    {
        store.zeroOut(offset, offset + sizeInBytes());
        store.writeInt(offset + NextHopGroupsLayout.MAGIC_OFFSET, NextHopGroupsLayout.MAGIC);
        store.writeInt(offset + NextHopGroupsLayout.GROUPS_OFFSET, groups);
        store.writeInt(offset + NextHopGroupsLayout.MEMBERS_OFFSET, members);
        store.writeInt(offset + NextHopGroupsLayout.NEXT_HOPS_OFFSET, nextHops);
        store.writeInt(offset + NextHopGroupsLayout.BUCKETS_OFFSET, bucketCount);
        long p = offset + NextHopGroupsLayout.HEADER_SIZE;
        for (int g = 0; g < groups; g++, p += NextHopGroupsLayout.GROUP_SIZE)
        {
            store.writeInt(p + NextHopGroupsLayout.GROUP_BUCKET_START, groupBucketStart[g]);
            store.writeInt(p + NextHopGroupsLayout.GROUP_BUCKET_MASK, groupBucketMask[g]);
            store.writeInt(p + NextHopGroupsLayout.GROUP_FIRST_MEMBER, groupFirstMember[g]);
            store.writeInt(p + NextHopGroupsLayout.GROUP_MEMBER_COUNT, groupMemberCount[g]);
        }
        for (int m = 0; m < members; m++, p += NextHopGroupsLayout.MEMBER_SIZE)
        {
            store.writeInt(p + NextHopGroupsLayout.MEMBER_NEXT_HOP, memberNextHop[m]);
            store.writeInt(p + NextHopGroupsLayout.MEMBER_EGRESS_PORT, memberPort[m]);
            store.writeInt(p + NextHopGroupsLayout.MEMBER_WEIGHT, memberWeight[m]);
        }
        for (int n = 0; n < nextHops; n++, p += NextHopGroupsLayout.NEXT_HOP_SIZE)
        {
            store.writeInt(p + NextHopGroupsLayout.NEXT_HOP_FAMILY, nhFamily[n]);
            store.writeInt(p + NextHopGroupsLayout.NEXT_HOP_IPV4, nhFamily[n] == 4 ? (int)nhLo[n] : 0);
            store.writeLong(p + NextHopGroupsLayout.NEXT_HOP_HI, nhHi[n]);
            store.writeLong(p + NextHopGroupsLayout.NEXT_HOP_LO, nhLo[n]);
        }
        for (int b = 0; b < bucketCount; b++, p += 4)
        {
            store.writeInt(p, buckets[b]);
        }
    }
}
