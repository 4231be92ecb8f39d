package dev.wirespeed.sim.net.event;

import java.util.Arrays;

/**
 * The reference event queue: a binary min-heap over parallel primitive arrays keyed by (time, sequence
 * number), the sequence number making equal times FIFO. O(log n) per operation; also the timing wheel's
 * store for events beyond its horizon. Arrays grow by doubling, so a run allocates only while the number of
 * pending events reaches a new maximum.
 */
public final class BinaryHeapEvents implements EventQueue
{
    private long[] times;
    private long[] seqs;
    private long[] payloads;
    private int size;
    private long nextSeq;
    private long polledTime;

    /** A heap with room for 1024 events before it grows. */
    public BinaryHeapEvents()
    {
        this(1024);
    }

    /**
     * @param capacity initial room.
     */
    public BinaryHeapEvents(final int capacity)
    {
        final int c = Math.max(16, capacity);
        times = new long[c];
        seqs = new long[c];
        payloads = new long[c];
    }

    @Override
    public void schedule(final long time, final long payload)
    {
        if (size == times.length)
        {
            grow();
        }
        final long seq = nextSeq++;
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!less(time, seq, times[parent], seqs[parent]))
            {
                break;
            }
            times[i] = times[parent];
            seqs[i] = seqs[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
    }

    private static boolean less(final long t1, final long s1, final long t2, final long s2)
    {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void grow()
    {
        final int c = times.length * 2;
        times = Arrays.copyOf(times, c);
        seqs = Arrays.copyOf(seqs, c);
        payloads = Arrays.copyOf(payloads, c);
    }

    @Override
    public boolean isEmpty()
    {
        return size == 0;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public long nextTime()
    {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    @Override
    public long poll()
    {
        if (size == 0)
        {
            throw new IllegalStateException("no pending event");
        }
        final long result = payloads[0];
        polledTime = times[0];
        final int last = --size;
        if (last > 0)
        {
            siftDown(times[last], seqs[last], payloads[last], last);
        }
        return result;
    }

    private void siftDown(final long time, final long seq, final long payload, final int n)
    {
        int i = 0;
        final int half = n >>> 1;
        while (i < half)
        {
            int child = 2 * i + 1;
            final int right = child + 1;
            if (right < n && less(times[right], seqs[right], times[child], seqs[child]))
            {
                child = right;
            }
            if (!less(times[child], seqs[child], time, seq))
            {
                break;
            }
            times[i] = times[child];
            seqs[i] = seqs[child];
            payloads[i] = payloads[child];
            i = child;
        }
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
    }

    @Override
    public long polledTime()
    {
        return polledTime;
    }
}
