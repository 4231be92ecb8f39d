package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;

/**
 * The L3 forwarding decision of a switch ASIC for one packet, on primitives, into a caller-owned
 * {@link L3Result}, allocation-free:
 *
 * <ol>
 *   <li>TTL / hop limit ≤ 1 → drop {@code ttl-expired};</li>
 *   <li>destination is one of the engine's own addresses → punt;</li>
 *   <li>no route → drop {@code no-route};</li>
 *   <li>otherwise forward: TTL decremented, ECMP member chosen by the flow hash, egress port and next
 *       hop set.</li>
 * </ol>
 *
 * <p>Reads the image's {@code IPV4_LPM}, {@code IPV6_LPM}, {@code NEXT_HOP_GROUPS} and
 * {@code LOCAL_ADDRESSES} sections (an absent LPM section means no routes of that family). Counts
 * decisions per action and drop reason in plain fields: one instance per worker thread.
 */
public final class L3Forwarding
{
    private final Ipv4Dir24Table ipv4;
    private final Ipv6TrieTable ipv6;
    private final NextHopGroups groups;
    private final LocalAddresses local;
    private final long[] dropped = new long[L3DropReason.COUNT];
    private long forwarded;
    private long punted;

    /**
     * Opens the L3 tables of an image (which must outlive this object).
     *
     * @param image a FIB image.
     */
    public L3Forwarding(final FibImage image)
    {
        this.ipv4 = image.hasSection(FibSection.IPV4_LPM) ? new Ipv4Dir24Table(image) : null;
        this.ipv6 = image.hasSection(FibSection.IPV6_LPM) ? new Ipv6TrieTable(image) : null;
        this.groups = image.hasSection(FibSection.NEXT_HOP_GROUPS) ? new NextHopGroups(image) : null;
        this.local = image.hasSection(FibSection.LOCAL_ADDRESSES) ? new LocalAddresses(image) : null;
        if ((ipv4 != null || ipv6 != null) && groups == null)
        {
            throw new IllegalArgumentException("FIB image has LPM tables but no NEXT_HOP_GROUPS section");
        }
    }

    /**
     * Opens the L3 tables of an image and, if asked, {@linkplain Ipv4Dir24Table#verify verifies} every
     * index in them first (for an image mapped from a file; ~10-20 ms for a 1M-route table).
     *
     * @param image  a FIB image.
     * @param verify whether to check every table index.
     * @return the forwarding function.
     * @throws IllegalArgumentException if a table is corrupt.
     */
    public static L3Forwarding open(final FibImage image, final boolean verify)
    {
        final L3Forwarding f = new L3Forwarding(image);
        if (verify && f.groups != null)
        {
            f.groups.verify();
            if (f.ipv4 != null)
            {
                f.ipv4.verify(f.groups.groupCount());
            }
            if (f.ipv6 != null)
            {
                f.ipv6.verify(f.groups.groupCount());
            }
        }
        return f;
    }

    /**
     * Decides for an IPv4 or IPv6 packet.
     *
     * @param ipVersion 4 or 6.
     * @param dstHi     IPv6: high 64 bits of the destination; IPv4: ignored.
     * @param dstLo     IPv6: low 64 bits; IPv4: the address in the low 32 bits.
     * @param ttl       TTL or hop limit as received.
     * @param flowHash  the packet's flow hash ({@link FlowHash}).
     * @param result    receives the decision.
     */
    public void forward(final int ipVersion, final long dstHi, final long dstLo, final int ttl, final int flowHash,
            final L3Result result)
    {
        if (ipVersion == 4)
        {
            forwardIpv4((int)dstLo, ttl, flowHash, result);
        }
        else
        {
            forwardIpv6(dstHi, dstLo, ttl, flowHash, result);
        }
    }

    /**
     * Decides for an IPv4 packet.
     *
     * @param dst      destination address.
     * @param ttl      TTL as received.
     * @param flowHash flow hash.
     * @param result   receives the decision.
     */
    public void forwardIpv4(final int dst, final int ttl, final int flowHash, final L3Result result)
    {
        result.reset();
        // Packets for the engine itself are punted whatever their TTL (a router receives them, it does
        // not forward them); only packets it would forward are subject to the TTL check.
        if (local != null && local.isLocalIpv4(dst))
        {
            punt(result, ttl);
            return;
        }
        if (ttl <= 1)
        {
            drop(L3DropReason.TTL_EXPIRED, result);
            return;
        }
        final int word = ipv4 == null ? RouteWord.MISS : ipv4.lookup(dst);
        complete(word, ttl, flowHash, result);
    }

    /**
     * Decides for an IPv6 packet.
     *
     * @param dstHi    destination high 64 bits.
     * @param dstLo    destination low 64 bits.
     * @param hopLimit hop limit as received.
     * @param flowHash flow hash.
     * @param result   receives the decision.
     */
    public void forwardIpv6(
            final long dstHi, final long dstLo, final int hopLimit, final int flowHash, final L3Result result)
    {
        result.reset();
        // Packets for the engine itself are punted whatever their TTL (a router receives them, it does
        // not forward them); only packets it would forward are subject to the TTL check.
        if (local != null && local.isLocalIpv6(dstHi, dstLo))
        {
            punt(result, hopLimit);
            return;
        }
        if (hopLimit <= 1)
        {
            drop(L3DropReason.TTL_EXPIRED, result);
            return;
        }
        final int word = ipv6 == null ? RouteWord.MISS : ipv6.lookup(dstHi, dstLo);
        complete(word, hopLimit, flowHash, result);
    }

    private void complete(final int word, final int ttl, final int flowHash, final L3Result result)
    {
        if (word == RouteWord.MISS)
        {
            drop(L3DropReason.NO_ROUTE, result);
            return;
        }
        final int group = RouteWord.groupId(word);
        final int member = groups.member(group, flowHash);
        result.action = L3Result.ACTION_FORWARD;
        result.routeWord = word;
        result.prefixLength = RouteWord.prefixLength(word);
        result.group = group;
        result.member = member;
        result.egressPort = groups.egressPort(group, member);
        result.nextHop = groups.nextHop(group, member);
        result.ttl = ttl - 1;
        forwarded++;
    }

    private void punt(final L3Result result, final int ttl)
    {
        result.action = L3Result.ACTION_PUNT;
        result.ttl = ttl;
        punted++;
    }

    private void drop(final int reason, final L3Result result)
    {
        result.action = L3Result.ACTION_DROP;
        result.reason = reason;
        dropped[reason]++;
    }

    /**
     * @param reason a {@link L3DropReason} id.
     * @return packets dropped for it so far.
     */
    public long droppedCount(final int reason)
    {
        return dropped[reason];
    }

    /** @return packets forwarded so far. */
    public long forwardedCount()
    {
        return forwarded;
    }

    /** @return packets punted so far. */
    public long puntedCount()
    {
        return punted;
    }

    /** @return the IPv4 table, or {@code null} if the image has none. */
    public Ipv4Dir24Table ipv4()
    {
        return ipv4;
    }

    /** @return the IPv6 table, or {@code null} if the image has none. */
    public Ipv6TrieTable ipv6()
    {
        return ipv6;
    }

    /** @return the next-hop groups, or {@code null} if the image has none. */
    public NextHopGroups nextHopGroups()
    {
        return groups;
    }

    /** @return the local addresses, or {@code null} if the image has none. */
    public LocalAddresses localAddresses()
    {
        return local;
    }
}
