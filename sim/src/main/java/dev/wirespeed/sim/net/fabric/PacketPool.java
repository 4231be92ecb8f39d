package dev.wirespeed.sim.net.fabric;

import java.util.Arrays;

/**
 * The packets alive in a simulation, as parallel primitive arrays indexed by a packet id and recycled
 * through a free list (no object per packet). A packet is alive from the moment its host sends it until
 * it is delivered or dropped, so {@link #live()} is the number in flight (queued, on a wire, or being
 * propagated). Arrays grow by doubling while the number in flight reaches a new maximum, and never
 * shrink.
 */
public final class PacketPool
{
    private int[] flow = new int[1024];
    private int[] bytes = new int[1024];
    private int[] src = new int[1024];
    private int[] dst = new int[1024];
    private int[] ports = new int[1024];
    private int[] hash = new int[1024];
    private int[] ttl = new int[1024];
    private int[] tag = new int[1024];
    private long[] sentAt = new long[1024];
    private int[] nextFree = new int[1024];
    private int freeHead = -1;
    private int used;
    private int live;

    /**
     * Allocates a packet.
     *
     * @param flowId   the flow it belongs to.
     * @param ipBytes  its IP length.
     * @param dstAddr  IPv4 destination.
     * @param flowHash its flow hash.
     * @param ttlValue its TTL.
     * @param tagValue a caller-defined tag (the sidecar's cluster index), or -1.
     * @param now      send time.
     * @return the packet id.
     */
    public int allocate(final int flowId, final int ipBytes, final int dstAddr, final int flowHash, final int ttlValue,
        final int tagValue, final long now)
    {
        return allocate(flowId, ipBytes, 0, dstAddr, 0, 0, flowHash, ttlValue, tagValue, now);
    }

    /**
     * Allocates a packet with its addresses and ports (what a capture shows).
     *
     * @param flowId   the flow it belongs to.
     * @param ipBytes  its IP length.
     * @param srcAddr  IPv4 source.
     * @param dstAddr  IPv4 destination.
     * @param srcPort  L4 source port.
     * @param dstPort  L4 destination port.
     * @param flowHash its flow hash.
     * @param ttlValue its TTL.
     * @param tagValue a caller-defined tag (the sidecar's cluster index), or -1.
     * @param now      send time.
     * @return the packet id.
     */
    public int allocate(final int flowId, final int ipBytes, final int srcAddr, final int dstAddr, final int srcPort,
        final int dstPort, final int flowHash, final int ttlValue, final int tagValue, final long now)
    {
        int p = freeHead;
        if (p >= 0)
        {
            freeHead = nextFree[p];
        }
        else
        {
            if (used == flow.length)
            {
                grow();
            }
            p = used++;
        }
        flow[p] = flowId;
        bytes[p] = ipBytes;
        src[p] = srcAddr;
        dst[p] = dstAddr;
        ports[p] = (srcPort << 16) | (dstPort & 0xFFFF);
        hash[p] = flowHash;
        ttl[p] = ttlValue;
        tag[p] = tagValue;
        sentAt[p] = now;
        live++;
        return p;
    }

    private void grow()
    {
        final int c = flow.length * 2;
        flow = Arrays.copyOf(flow, c);
        bytes = Arrays.copyOf(bytes, c);
        src = Arrays.copyOf(src, c);
        dst = Arrays.copyOf(dst, c);
        ports = Arrays.copyOf(ports, c);
        hash = Arrays.copyOf(hash, c);
        ttl = Arrays.copyOf(ttl, c);
        tag = Arrays.copyOf(tag, c);
        sentAt = Arrays.copyOf(sentAt, c);
        nextFree = Arrays.copyOf(nextFree, c);
    }

    /**
     * Frees a packet (delivered or dropped).
     *
     * @param p a live packet id.
     */
    public void free(final int p)
    {
        nextFree[p] = freeHead;
        freeHead = p;
        live--;
    }

    /** @return packets alive (in flight). */
    public int live()
    {
        return live;
    }

    /** @param p a packet. @return its flow id. */
    public int flow(final int p)
    {
        return flow[p];
    }

    /** @param p a packet. @return its IP length in bytes. */
    public int bytes(final int p)
    {
        return bytes[p];
    }

    /** @param p a packet. @return its IPv4 source. */
    public int src(final int p)
    {
        return src[p];
    }

    /** @param p a packet. @return its L4 source port. */
    public int srcPort(final int p)
    {
        return ports[p] >>> 16;
    }

    /** @param p a packet. @return its L4 destination port. */
    public int dstPort(final int p)
    {
        return ports[p] & 0xFFFF;
    }

    /** @param p a packet. @return its IPv4 destination. */
    public int dst(final int p)
    {
        return dst[p];
    }

    /** @param p a packet. @return its flow hash. */
    public int hash(final int p)
    {
        return hash[p];
    }

    /** @param p a packet. @return its TTL. */
    public int ttl(final int p)
    {
        return ttl[p];
    }

    /** @param p a packet. @param value the new TTL. */
    public void ttl(final int p, final int value)
    {
        ttl[p] = value;
    }

    /** @param p a packet. @return its tag. */
    public int tag(final int p)
    {
        return tag[p];
    }

    /** @param p a packet. @return its send time. */
    public long sentAt(final int p)
    {
        return sentAt[p];
    }
}
