package dev.wirespeed.sim.net.fabric;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * The egress side of every port: its FIFO of waiting packet ids (a ring over an {@code int[]}), the packet
 * on the wire, whether the link is up, admission by the port's {@link QueueSpec} (tail drop in packets or
 * bytes, or a switch's shared buffer with a dynamic threshold), ECN marks, and the port's counters and
 * queue-occupancy histogram. Allocation-free once every ring has reached its largest occupancy.
 */
public final class PortQueues
{
    /** Largest queue length the occupancy histograms track. */
    private static final long MAX_TRACKED = 1L << 30;

    private final Topology topology;
    private final QueueSpec.Mode[] mode;
    private final long[] limit;
    private final double[] alpha;
    private final long[] ecnThreshold;
    private final long[] sharedUsed;
    private final boolean[] up;
    private final int[] onWire;
    private final int[][] ring;
    private final int[] ringHead;
    private final int[] queuedPackets;
    private final long[] queuedBytes;

    private final long[] txPackets;
    private final long[] txBytes;
    private final long[] busyNs;
    private final long[] drops;
    private final long[] ecnMarks;
    private final int[] maxQueuedPackets;
    private final long[] maxQueuedBytes;
    private final Histogram[] occupancy;

    /**
     * @param topology the network.
     */
    public PortQueues(final Topology topology)
    {
        this.topology = topology;
        final int n = topology.portCount();
        mode = new QueueSpec.Mode[n];
        limit = new long[n];
        alpha = new double[n];
        ecnThreshold = new long[n];
        sharedUsed = new long[topology.nodeCount()];
        up = new boolean[n];
        onWire = new int[n];
        ring = new int[n][];
        ringHead = new int[n];
        queuedPackets = new int[n];
        queuedBytes = new long[n];
        txPackets = new long[n];
        txBytes = new long[n];
        busyNs = new long[n];
        drops = new long[n * FabricDropReason.COUNT];
        ecnMarks = new long[n];
        maxQueuedPackets = new int[n];
        maxQueuedBytes = new long[n];
        occupancy = new Histogram[n];
        for (int p = 0; p < n; p++)
        {
            final QueueSpec q = topology.spec(p).queue();
            mode[p] = q.mode();
            limit[p] = q.limit();
            alpha[p] = q.alpha();
            ecnThreshold[p] = q.ecnThreshold();
            up[p] = true;
            onWire[p] = -1;
            final long initial = q.mode() == QueueSpec.Mode.PACKETS ? Math.max(1, Math.min(q.limit(), 1 << 20)) : 64;
            ring[p] = new int[(int)initial];
            occupancy[p] = new Histogram(MAX_TRACKED, 2);
        }
    }

    /**
     * Decides whether a packet may join a port's queue (the port is busy); records the occupancy it found
     * and marks ECN.
     *
     * @param port  the egress port.
     * @param bytes the packet's IP length.
     * @return {@link FabricDropReason#NONE}, or why it must be dropped.
     */
    public int admit(final int port, final int bytes)
    {
        if (!up[port])
        {
            return FabricDropReason.LINK_DOWN;
        }
        final int packets = queuedPackets[port];
        final long queued = queuedBytes[port];
        occupancy[port].recordValue(packets);
        switch (mode[port])
        {
            case PACKETS:
                if (packets >= limit[port])
                {
                    return FabricDropReason.QUEUE_FULL;
                }
                break;
            case BYTES:
                if (queued + bytes > limit[port])
                {
                    return FabricDropReason.QUEUE_FULL;
                }
                break;
            default:
                final int node = topology.portNode(port);
                if (topology.bufferBytes(node) == 0)
                {
                    break; // a node without a shared buffer (a host) does not limit its shared-mode ports
                }
                final long free = topology.bufferBytes(node) - sharedUsed[node];
                if (bytes > free || queued + bytes > alpha[port] * free)
                {
                    return FabricDropReason.BUFFER_FULL;
                }
                break;
        }
        final long threshold = ecnThreshold[port];
        if (threshold > 0 && (mode[port] == QueueSpec.Mode.PACKETS ? packets : queued) >= threshold)
        {
            ecnMarks[port]++;
        }
        return FabricDropReason.NONE;
    }

    /**
     * Appends an admitted packet.
     *
     * @param port   the port.
     * @param packet the packet id.
     * @param bytes  its IP length.
     */
    public void push(final int port, final int packet, final int bytes)
    {
        int[] r = ring[port];
        final int count = queuedPackets[port];
        if (count == r.length)
        {
            r = growRing(port, r, count);
        }
        r[(ringHead[port] + count) % r.length] = packet;
        final int c = count + 1;
        queuedPackets[port] = c;
        final long qb = queuedBytes[port] + bytes;
        queuedBytes[port] = qb;
        if (mode[port] == QueueSpec.Mode.SHARED)
        {
            sharedUsed[topology.portNode(port)] += bytes;
        }
        if (c > maxQueuedPackets[port])
        {
            maxQueuedPackets[port] = c;
        }
        if (qb > maxQueuedBytes[port])
        {
            maxQueuedBytes[port] = qb;
        }
    }

    private int[] growRing(final int port, final int[] r, final int count)
    {
        final int[] bigger = new int[r.length * 2];
        final int h = ringHead[port];
        for (int i = 0; i < count; i++)
        {
            bigger[i] = r[(h + i) % r.length];
        }
        ring[port] = bigger;
        ringHead[port] = 0;
        return bigger;
    }

    /**
     * Removes the packet at the head of a non-empty queue.
     *
     * @param port  the port.
     * @param bytes resolves a packet id to its IP length.
     * @return the packet id.
     */
    public int pop(final int port, final PacketPool bytes)
    {
        final int[] r = ring[port];
        final int h = ringHead[port];
        final int packet = r[h];
        ringHead[port] = h + 1 == r.length ? 0 : h + 1;
        queuedPackets[port]--;
        final int b = bytes.bytes(packet);
        queuedBytes[port] -= b;
        if (mode[port] == QueueSpec.Mode.SHARED)
        {
            sharedUsed[topology.portNode(port)] -= b;
        }
        return packet;
    }

    /** @param port a port. @return packets waiting (not counting the one on the wire). */
    public int queuedPackets(final int port)
    {
        return queuedPackets[port];
    }

    /** @param port a port. @return bytes waiting. */
    public long queuedBytes(final int port)
    {
        return queuedBytes[port];
    }

    /** @param port a port. @return the packet on the wire, or -1 when idle. */
    public int onWire(final int port)
    {
        return onWire[port];
    }

    /**
     * @param port   a port.
     * @param packet the packet now on the wire, or -1.
     */
    public void onWire(final int port, final int packet)
    {
        onWire[port] = packet;
    }

    /** @param port a port. @return whether its link is up. */
    public boolean up(final int port)
    {
        return up[port];
    }

    /** @param port a port. @param value whether its link is up. */
    public void up(final int port, final boolean value)
    {
        up[port] = value;
    }

    /**
     * Counts a transmitted packet.
     *
     * @param port   the port.
     * @param bytes  IP bytes.
     * @param wireNs serialisation time.
     */
    public void countTx(final int port, final int bytes, final long wireNs)
    {
        txPackets[port]++;
        txBytes[port] += bytes;
        busyNs[port] += wireNs;
    }

    /**
     * Counts a drop at a port.
     *
     * @param port   the port.
     * @param reason a {@link FabricDropReason}.
     */
    public void countDrop(final int port, final int reason)
    {
        drops[port * FabricDropReason.COUNT + reason]++;
    }

    /** @param port a port. @return packets sent. */
    public long txPackets(final int port)
    {
        return txPackets[port];
    }

    /** @param port a port. @return IP bytes sent. */
    public long txBytes(final int port)
    {
        return txBytes[port];
    }

    /** @param port a port. @return nanoseconds the wire was busy. */
    public long busyNs(final int port)
    {
        return busyNs[port];
    }

    /** @param port a port. @param reason a reason. @return drops at the port for it. */
    public long drops(final int port, final int reason)
    {
        return drops[port * FabricDropReason.COUNT + reason];
    }

    /** @param port a port. @return drops at the port, every reason. */
    public long drops(final int port)
    {
        long sum = 0;
        for (int r = 0; r < FabricDropReason.COUNT; r++)
        {
            sum += drops[port * FabricDropReason.COUNT + r];
        }
        return sum;
    }

    /** @param port a port. @return packets marked CE. */
    public long ecnMarks(final int port)
    {
        return ecnMarks[port];
    }

    /** @param port a port. @return the most packets ever waiting. */
    public int maxQueuedPackets(final int port)
    {
        return maxQueuedPackets[port];
    }

    /** @param port a port. @return the most bytes ever waiting. */
    public long maxQueuedBytes(final int port)
    {
        return maxQueuedBytes[port];
    }

    /** @param port a port. @return packets waiting as seen by each arriving packet. */
    public Histogram occupancy(final int port)
    {
        return occupancy[port];
    }

    /** @return number of ports. */
    public int size()
    {
        return up.length;
    }

    /** @return drops at every port by reason, summed. */
    public long[] dropsByReason()
    {
        final long[] sum = new long[FabricDropReason.COUNT];
        for (int p = 0; p < up.length; p++)
        {
            for (int r = 0; r < FabricDropReason.COUNT; r++)
            {
                sum[r] += drops[p * FabricDropReason.COUNT + r];
            }
        }
        return Arrays.copyOf(sum, sum.length);
    }
}
