package dev.wirespeed.sim.net.fabric;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.L3Forwarding;
import dev.wirespeed.fib.l3.NextHopGroupsBuilder;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The FIB of every switch, computed from the topology: for each host (and sidecar host) address, a /32
 * route whose ECMP group holds every port on a shortest path over the links that are up (hosts never
 * transit), next hop the neighbour's address. Each switch's routes compile into its own
 * {@link FibImage} ({@code IPV4_LPM} and {@code NEXT_HOP_GROUPS} sections, the engine's own builders) and
 * are looked up with the engine's {@link L3Forwarding}: a simulated switch forwards with the same code and
 * the same tables as the threaded engine.
 *
 * <p>{@link #recompute} runs after a link goes down or up: routes are recomputed and every switch whose
 * route set changed gets a new image under the next generation number, swapped in whole (the
 * generation-swap model; no incremental update of a built table). The old image is closed at once: the
 * simulator is single-threaded and no packet holds a reference into a FIB, so nothing in flight is lost
 * to the swap.
 */
public final class SwitchFibs implements AutoCloseable
{
    private final Topology topology;
    private final PortQueues ports;
    private final FibImage[] images;
    private final L3Forwarding[] forwarding;
    private final long[][] signatures;
    private final Set<Long> withdrawn = new HashSet<>();
    private long generation;
    private int rebuilds;

    /**
     * Computes every switch's routes and builds its FIB (generation 1).
     *
     * @param topology the network.
     * @param ports    port state (which links are up).
     */
    public SwitchFibs(final Topology topology, final PortQueues ports)
    {
        this.topology = topology;
        this.ports = ports;
        final int n = topology.nodeCount();
        images = new FibImage[n];
        forwarding = new L3Forwarding[n];
        signatures = new long[n][];
        recompute();
    }

    /**
     * @param node a switch.
     * @return its current L3 forwarding function.
     */
    public L3Forwarding forwarding(final int node)
    {
        return forwarding[node];
    }

    /** @return the newest generation number. */
    public long generation()
    {
        return generation;
    }

    /** @return how many switch FIBs were built, the first ones included. */
    public int rebuilds()
    {
        return rebuilds;
    }

    /**
     * Withdraws (or announces again) a switch's route to a host; takes effect at the next {@link #recompute}.
     *
     * @param switchNode the switch.
     * @param host       the host whose /32 route it is.
     * @param withdraw   true to withdraw, false to announce.
     */
    public void withdraw(final int switchNode, final int host, final boolean withdraw)
    {
        final long key = ((long)switchNode << 32) | host;
        if (withdraw)
        {
            withdrawn.add(key);
        }
        else
        {
            withdrawn.remove(key);
        }
    }

    /**
     * Recomputes routes from the links that are up and swaps in a new FIB for every switch whose routes
     * changed.
     *
     * @return the number of switches that got a new FIB.
     */
    public int recompute()
    {
        final int n = topology.nodeCount();
        final int[][] dist = new int[n][];
        final int[] targets = new int[n];
        int targetCount = 0;
        for (int h = 0; h < n; h++)
        {
            if (topology.kind(h) != NodeKind.SWITCH)
            {
                dist[targetCount] = distancesTo(h);
                targets[targetCount++] = h;
            }
        }
        generation++;
        int changed = 0;
        for (int s = 0; s < n; s++)
        {
            if (topology.kind(s) == NodeKind.SWITCH && rebuildIfChanged(s, dist, targets, targetCount))
            {
                changed++;
            }
        }
        return changed;
    }

    private int[] distancesTo(final int host)
    {
        final int n = topology.nodeCount();
        final int[] d = new int[n];
        Arrays.fill(d, Integer.MAX_VALUE);
        final int[] queue = new int[n];
        int headIndex = 0;
        int tailIndex = 0;
        d[host] = 0;
        queue[tailIndex++] = host;
        while (headIndex < tailIndex)
        {
            final int v = queue[headIndex++];
            if (v != host && topology.kind(v) != NodeKind.SWITCH)
            {
                continue; // hosts do not transit
            }
            for (int p = topology.firstPort(v); p < topology.firstPort(v) + topology.ports(v); p++)
            {
                final int u = topology.portNode(topology.peer(p));
                if (ports.up(p) && d[u] == Integer.MAX_VALUE && topology.kind(u) == NodeKind.SWITCH)
                {
                    d[u] = d[v] + 1;
                    queue[tailIndex++] = u;
                }
            }
        }
        return d;
    }

    private boolean rebuildIfChanged(final int s, final int[][] dist, final int[] targets, final int targetCount)
    {
        final int first = topology.firstPort(s);
        final int count = topology.ports(s);
        final long[] signature = new long[targetCount];
        for (int t = 0; t < targetCount; t++)
        {
            final int[] d = dist[t];
            long bits = 0;
            if (d[s] != Integer.MAX_VALUE && !withdrawn.contains(((long)s << 32) | targets[t]))
            {
                for (int i = 0; i < count; i++)
                {
                    final int p = first + i;
                    final int u = topology.portNode(topology.peer(p));
                    if (ports.up(p) && d[u] == d[s] - 1)
                    {
                        bits |= 1L << i;
                    }
                }
            }
            signature[t] = bits;
        }
        if (count > 64)
        {
            throw new IllegalArgumentException("switch '" + topology.name(s) + "' has " + count + " ports; at most 64");
        }
        if (signatures[s] != null && Arrays.equals(signatures[s], signature))
        {
            return false;
        }
        signatures[s] = signature;
        build(s, signature, targets, targetCount);
        return true;
    }

    private void build(final int s, final long[] signature, final int[] targets, final int targetCount)
    {
        final NextHopGroupsBuilder groups = new NextHopGroupsBuilder();
        final Ipv4LpmBuilder lpm = new Ipv4LpmBuilder();
        final int first = topology.firstPort(s);
        final int[] nextHops = new int[64];
        final int[] egress = new int[64];
        final int[] weights = new int[64];
        Arrays.fill(weights, 1);
        for (int t = 0; t < targetCount; t++)
        {
            long bits = signature[t];
            if (bits == 0)
            {
                continue; // unreachable: no route, packets to it are dropped no-route
            }
            int members = 0;
            while (bits != 0)
            {
                final int i = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                final int neighbour = topology.portNode(topology.peer(first + i));
                nextHops[members] = groups.ipv4NextHop(topology.address(neighbour));
                egress[members] = i;
                members++;
            }
            lpm.add(topology.address(targets[t]), 32, groups.group(nextHops, egress, weights, members));
        }
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        sections.put(FibSection.IPV4_LPM, lpm);
        sections.put(FibSection.NEXT_HOP_GROUPS, groups);
        final FibImage image = FibImage.build(generation, sections);
        final FibImage old = images[s];
        images[s] = image;
        forwarding[s] = new L3Forwarding(image);
        rebuilds++;
        if (old != null)
        {
            old.close();
        }
    }

    @Override
    public void close()
    {
        for (int s = 0; s < images.length; s++)
        {
            if (images[s] != null)
            {
                images[s].close();
                images[s] = null;
            }
        }
    }
}
