package dev.wirespeed.sim.net.traffic;

import dev.wirespeed.fib.l3.FlowHash;
import dev.wirespeed.sim.net.fabric.NodeKind;
import dev.wirespeed.sim.net.fabric.Topology;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The flows of a simulation as primitive arrays: where each sends from and to, its gaps, its symmetric
 * flow hash ({@link FlowHash}, computed once: the hash every switch's ECMP stage reads), and its counters
 * (sent, delivered, dropped, one-way latency histogram).
 */
public final class Flows
{
    /** Highest latency the histograms track (ns). */
    public static final long MAX_LATENCY_NS = 60_000_000_000L;
    private static final int UDP = 17;

    private final String[] names;
    private final int[] src;
    private final int[] dst;
    private final int[] dstAddress;
    private final int[] srcAddress;
    private final int[] srcPort;
    private final int[] dstPort;
    private final int[] hash;
    private final int[] bytes;
    private final boolean[] poisson;
    private final long[] interval;
    private final long[] start;
    private final long[] stop;
    private final SplittableRandom[] random;
    private final long[] sent;
    private final long[] delivered;
    private final long[] dropped;
    private final Histogram[] latency;

    /**
     * @param specs    the flows, in order (index = flow id).
     * @param topology the network (resolves host names).
     * @param seed     the run's seed.
     */
    public Flows(final List<FlowSpec> specs, final Topology topology, final long seed)
    {
        final int n = specs.size();
        names = new String[n];
        src = new int[n];
        dst = new int[n];
        dstAddress = new int[n];
        srcAddress = new int[n];
        srcPort = new int[n];
        dstPort = new int[n];
        hash = new int[n];
        bytes = new int[n];
        poisson = new boolean[n];
        interval = new long[n];
        start = new long[n];
        stop = new long[n];
        random = new SplittableRandom[n];
        sent = new long[n];
        delivered = new long[n];
        dropped = new long[n];
        latency = new Histogram[n];
        for (int f = 0; f < n; f++)
        {
            final FlowSpec s = specs.get(f);
            names[f] = s.name();
            src[f] = host(topology, s.src(), s.name());
            dst[f] = host(topology, s.dst(), s.name());
            dstAddress[f] = topology.address(dst[f]);
            srcAddress[f] = topology.address(src[f]);
            srcPort[f] = s.srcPort();
            dstPort[f] = s.dstPort();
            hash[f] = FlowHash.ipv4(topology.address(src[f]), dstAddress[f], s.srcPort(), s.dstPort(), UDP);
            bytes[f] = s.packetBytes();
            poisson[f] = s.pattern() == FlowSpec.Pattern.POISSON;
            interval[f] = s.intervalNs();
            start[f] = s.startNs();
            stop[f] = s.stopNs();
            random[f] = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + f);
            latency[f] = new Histogram(MAX_LATENCY_NS, 2);
        }
    }

    private static int host(final Topology topology, final String name, final String flow)
    {
        final int id = topology.node(name);
        if (id < 0 || topology.kind(id) == NodeKind.SWITCH)
        {
            throw new IllegalArgumentException("flow '" + flow + "': '" + name + "' is not a host");
        }
        return id;
    }

    /** @return number of flows. */
    public int size()
    {
        return names.length;
    }

    /**
     * The time of a flow's next packet after one sent at {@code now} (allocation-free).
     *
     * @param f   a flow.
     * @param now the send time of the packet just sent.
     * @return the next send time, or -1 when the flow has ended.
     */
    public long nextSend(final int f, final long now)
    {
        final long gap;
        if (poisson[f])
        {
            final double u = random[f].nextDouble();
            gap = Math.max(1L, Math.round(-Math.log1p(-u) * interval[f]));
        }
        else
        {
            gap = interval[f];
        }
        final long t = now + gap;
        return t < stop[f] ? t : -1;
    }

    /** @param f a flow. @return its first send time, or -1 if it sends nothing. */
    public long firstSend(final int f)
    {
        return start[f] < stop[f] ? start[f] : -1;
    }

    /** @param f a flow. @return its name. */
    public String name(final int f)
    {
        return names[f];
    }

    /** @param f a flow. @return its source node. */
    public int src(final int f)
    {
        return src[f];
    }

    /** @param f a flow. @return its destination node. */
    public int dst(final int f)
    {
        return dst[f];
    }

    /** @param f a flow. @return its destination address. */
    public int dstAddress(final int f)
    {
        return dstAddress[f];
    }

    /** @param f a flow. @return its source address. */
    public int srcAddress(final int f)
    {
        return srcAddress[f];
    }

    /** @param f a flow. @return its UDP source port. */
    public int srcPort(final int f)
    {
        return srcPort[f];
    }

    /** @param f a flow. @return its UDP destination port. */
    public int dstPort(final int f)
    {
        return dstPort[f];
    }

    /** @param f a flow. @return its flow hash. */
    public int hash(final int f)
    {
        return hash[f];
    }

    /** @param f a flow. @return its packet size. */
    public int bytes(final int f)
    {
        return bytes[f];
    }

    /** @param f a flow. Counts a packet sent. */
    public void countSent(final int f)
    {
        sent[f]++;
    }

    /**
     * Counts a packet delivered.
     *
     * @param f         a flow.
     * @param latencyNs its one-way latency.
     */
    public void countDelivered(final int f, final long latencyNs)
    {
        delivered[f]++;
        latency[f].recordValue(Math.min(latencyNs, MAX_LATENCY_NS));
    }

    /** @param f a flow. Counts a packet dropped. */
    public void countDropped(final int f)
    {
        dropped[f]++;
    }

    /** @param f a flow. @return packets sent. */
    public long sent(final int f)
    {
        return sent[f];
    }

    /** @param f a flow. @return packets delivered. */
    public long delivered(final int f)
    {
        return delivered[f];
    }

    /** @param f a flow. @return packets dropped. */
    public long dropped(final int f)
    {
        return dropped[f];
    }

    /** @param f a flow. @return its one-way latencies (ns). */
    public Histogram latency(final int f)
    {
        return latency[f];
    }
}
