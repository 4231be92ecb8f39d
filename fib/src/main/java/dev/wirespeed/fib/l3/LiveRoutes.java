package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The routes of a running engine, changed one prefix at a time without a rebuild: an
 * {@link Ipv4Poptrie} and an {@link Ipv6Poptrie} loaded from the image's route set and
 * {@link #install installed} over the image, so that every {@link L3Forwarding} opened on that image
 * (sessions, packet pipelines, on any thread) looks up in them instead of the image's immutable
 * tables from the next lookup on. Next hops stay those of the image's {@code NEXT_HOP_GROUPS}: a route
 * is announced towards one of its groups, named by id or by the address of a single-member group.
 *
 * <p>Lookup threads of an engine are not registered {@linkplain LpmEpochs readers}, so blocks an
 * update replaces are never reused (each update leaves its old subtree behind, typically a few
 * hundred bytes); a simulator that needs long churn runs registers its lookup threads on
 * {@link Ipv4Poptrie#epochs()} instead. Updates are serialized (one writer at a time).
 */
public final class LiveRoutes
{
    private static final Map<FibImage, Holder> HOLDERS = new WeakHashMap<>();

    /** The per-image slot every {@link L3Forwarding} of the image reads once per lookup. */
    static final class Holder
    {
        volatile LiveRoutes routes;
    }

    private final Ipv4Poptrie ipv4;
    private final Ipv6Poptrie ipv6;
    private final NextHopGroups groups;
    private final Map<String, Integer> groupByNextHop = new HashMap<>();
    /** Readers that never announce, held for the engine's life: nothing retired is reused. */
    private final LpmEpochs.Reader pin4;
    private final LpmEpochs.Reader pin6;

    private LiveRoutes(final Ipv4Poptrie ipv4, final Ipv6Poptrie ipv6, final NextHopGroups groups)
    {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.groups = groups;
        // A reader that never announces: nothing retired is reused (see the class comment).
        this.pin4 = ipv4.epochs().register();
        this.pin6 = ipv6.epochs().register();
        for (int g = 0; groups != null && g < groups.groupCount(); g++)
        {
            if (groups.memberCount(g) == 1)
            {
                groupByNextHop.putIfAbsent(groups.nextHopText(groups.nextHop(g, 0)), g);
            }
        }
    }

    static synchronized Holder holder(final FibImage image)
    {
        return HOLDERS.computeIfAbsent(image, i -> new Holder());
    }

    /**
     * Loads the route sets into Poptries and installs them over an image.
     *
     * @param image the engine's image (its {@code NEXT_HOP_GROUPS} give the next hops).
     * @param ipv4  the IPv4 route set the image was compiled from (may be empty).
     * @param ipv6  the IPv6 route set.
     * @return the live routes, now used by every {@link L3Forwarding} of the image.
     */
    public static LiveRoutes install(final FibImage image, final Ipv4LpmBuilder ipv4, final Ipv6LpmBuilder ipv6)
    {
        final Ipv4Poptrie v4 = Ipv4Poptrie.of(ipv4);
        final Ipv6Poptrie v6 = Ipv6Poptrie.of(ipv6);
        final NextHopGroups groups = image.hasSection(FibSection.NEXT_HOP_GROUPS) ? new NextHopGroups(image) : null;
        final LiveRoutes live = new LiveRoutes(v4, v6, groups);
        holder(image).routes = live; // volatile store: lookups switch to the live tables from here on
        return live;
    }

    /**
     * Announces (adds or changes) a route towards the single-member next-hop group of {@code nextHop}.
     *
     * @param prefix  {@code ADDRESS/LENGTH}, IPv4 or IPv6, host bits zero.
     * @param nextHop a next-hop address that is the only member of some group in the image.
     * @throws IllegalArgumentException for a bad prefix or an unknown next hop.
     */
    public void announce(final String prefix, final String nextHop)
    {
        announce(prefix, groupOf(nextHop));
    }

    /**
     * Announces (adds or changes) a route towards a next-hop group of the image.
     *
     * @param prefix  {@code ADDRESS/LENGTH}.
     * @param groupId a group id of the image's {@code NEXT_HOP_GROUPS}.
     * @throws IllegalArgumentException for a bad prefix or group id.
     */
    public synchronized void announce(final String prefix, final int groupId)
    {
        if (groups == null || groupId < 0 || groupId >= groups.groupCount())
        {
            throw new IllegalArgumentException("next-hop group " + groupId + " is not in the FIB ("
                    + (groups == null ? 0 : groups.groupCount()) + " groups)");
        }
        final long[] p = parse(prefix);
        if (p[3] == 4)
        {
            ipv4.add((int)p[1], (int)p[2], groupId);
        }
        else
        {
            ipv6.add(p[0], p[1], (int)p[2], groupId);
        }
    }

    /**
     * Withdraws a route.
     *
     * @param prefix {@code ADDRESS/LENGTH}.
     * @return whether it was present.
     * @throws IllegalArgumentException for a bad prefix.
     */
    public synchronized boolean withdraw(final String prefix)
    {
        final long[] p = parse(prefix);
        return p[3] == 4 ? ipv4.remove((int)p[1], (int)p[2]) : ipv6.remove(p[0], p[1], (int)p[2]);
    }

    /**
     * @param nextHop a next-hop address.
     * @return the id of the image's single-member group towards it.
     * @throws IllegalArgumentException if there is none.
     */
    public int groupOf(final String nextHop)
    {
        final long v4 = IpText.parseIpv4(nextHop);
        final long[] v6 = new long[2];
        final String key;
        if (v4 != IpText.INVALID)
        {
            key = IpText.formatIpv4((int)v4);
        }
        else if (IpText.parseIpv6(nextHop, v6))
        {
            key = IpText.formatIpv6(v6[0], v6[1]);
        }
        else
        {
            throw new IllegalArgumentException("next hop '" + nextHop + "' is not an IPv4 or IPv6 address");
        }
        final Integer g = groupByNextHop.get(key);
        if (g == null)
        {
            throw new IllegalArgumentException("next hop " + key
                    + " is not the only member of any next-hop group in the FIB"
                    + " (announce towards a group id, or add a route via it to a RouteTable)");
        }
        return g;
    }

    /** @return {hi, lo (IPv4: the address), length, family}. */
    private static long[] parse(final String prefix)
    {
        final int slash = prefix.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("prefix '" + prefix + "' has no /LENGTH");
        }
        final int length;
        try
        {
            length = Integer.parseInt(prefix.substring(slash + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("prefix '" + prefix + "': bad length");
        }
        final String address = prefix.substring(0, slash);
        final long v4 = IpText.parseIpv4(address);
        if (v4 != IpText.INVALID)
        {
            if (length < 0 || length > 32)
            {
                throw new IllegalArgumentException("prefix '" + prefix + "': length must be 0..32");
            }
            return new long[] {0, v4, length, 4};
        }
        final long[] v6 = new long[2];
        if (!IpText.parseIpv6(address, v6))
        {
            throw new IllegalArgumentException("prefix '" + prefix + "': '" + address
                    + "' is not an IPv4 or IPv6 address");
        }
        if (length < 0 || length > 128)
        {
            throw new IllegalArgumentException("prefix '" + prefix + "': length must be 0..128");
        }
        return new long[] {v6[0], v6[1], length, 6};
    }

    /** @return the IPv4 table. */
    public Ipv4Poptrie ipv4()
    {
        return ipv4;
    }

    /** @return the IPv6 table. */
    public Ipv6Poptrie ipv6()
    {
        return ipv6;
    }
}
