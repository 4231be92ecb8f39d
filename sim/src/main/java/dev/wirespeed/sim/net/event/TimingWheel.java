package dev.wirespeed.sim.net.event;

import java.util.Arrays;

/**
 * A timing wheel (a calendar queue with fixed-width buckets) over primitive arrays: the simulator's event
 * queue.
 *
 * <p>The wheel has {@code 2^bucketBits} buckets of {@code 2^widthBits} ns each; the bucket at the cursor
 * covers {@code [base, base + width)}, and the wheel as a whole the horizon {@code [base, base + buckets ×
 * width)}. An event inside the horizon goes into its bucket's list, kept sorted by time with equal times in
 * scheduling order (appending at the tail is the common case and costs O(1)); an event beyond it waits in
 * a {@link BinaryHeapEvents} and moves into the wheel as soon as the horizon reaches it. Because every
 * event in the overflow heap lies at or beyond the horizon, the head of the first non-empty bucket is
 * always the earliest event, and FIFO order among equal times holds across the two stores. A bitmap of
 * non-empty buckets finds the next one without walking empty buckets.
 *
 * <p>Events live in slots (time, payload, next-in-bucket) recycled through a free list; arrays grow by
 * doubling, so a simulation in steady state allocates nothing per event.
 */
public final class TimingWheel implements EventQueue
{
    private static final int NONE = -1;

    private final int widthBits;
    private final int mask;
    private final int[] head;
    private final int[] tail;
    private final long[] occupied;
    private final BinaryHeapEvents overflow = new BinaryHeapEvents();

    private long[] times;
    private long[] payloads;
    private int[] next;
    private int freeHead = NONE;
    private int slotsUsed;

    private long base;
    private int cursor;
    private int wheelCount;
    private long polledTime;

    /** A wheel of 16,384 buckets of 64 ns (a horizon of about 1 ms). */
    public TimingWheel()
    {
        this(6, 14);
    }

    /**
     * @param widthBits  bucket width is {@code 2^widthBits} ns (0..30).
     * @param bucketBits number of buckets is {@code 2^bucketBits} (6..24).
     */
    public TimingWheel(final int widthBits, final int bucketBits)
    {
        if (widthBits < 0 || widthBits > 30 || bucketBits < 6 || bucketBits > 24)
        {
            throw new IllegalArgumentException("widthBits 0..30 and bucketBits 6..24, not " + widthBits + ", "
                + bucketBits);
        }
        this.widthBits = widthBits;
        final int buckets = 1 << bucketBits;
        this.mask = buckets - 1;
        this.head = new int[buckets];
        this.tail = new int[buckets];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
        this.occupied = new long[buckets >>> 6];
        this.times = new long[1024];
        this.payloads = new long[1024];
        this.next = new int[1024];
    }

    private long horizon()
    {
        return base + ((long)(mask + 1) << widthBits);
    }

    @Override
    public void schedule(final long time, final long payload)
    {
        if (time < base)
        {
            throw new IllegalArgumentException("event at " + time + " ns is before the wheel's current bucket at "
                + base + " ns");
        }
        if (time >= horizon())
        {
            overflow.schedule(time, payload);
        }
        else
        {
            insert(time, payload);
        }
    }

    private void insert(final long time, final long payload)
    {
        final int s = allocate();
        final long[] t = times;
        t[s] = time;
        payloads[s] = payload;
        next[s] = NONE;
        final int b = (int)(time >>> widthBits) & mask;
        final int last = tail[b];
        if (last == NONE)
        {
            head[b] = s;
            tail[b] = s;
            occupied[b >>> 6] |= 1L << b;
        }
        else if (t[last] <= time)
        {
            next[last] = s;
            tail[b] = s;
        }
        else
        {
            int prev = NONE;
            int cur = head[b];
            while (t[cur] <= time)
            {
                prev = cur;
                cur = next[cur];
            }
            next[s] = cur;
            if (prev == NONE)
            {
                head[b] = s;
            }
            else
            {
                next[prev] = s;
            }
        }
        wheelCount++;
    }

    private int allocate()
    {
        final int free = freeHead;
        if (free != NONE)
        {
            freeHead = next[free];
            return free;
        }
        if (slotsUsed == times.length)
        {
            final int c = times.length * 2;
            times = Arrays.copyOf(times, c);
            payloads = Arrays.copyOf(payloads, c);
            next = Arrays.copyOf(next, c);
        }
        return slotsUsed++;
    }

    @Override
    public boolean isEmpty()
    {
        return wheelCount == 0 && overflow.isEmpty();
    }

    @Override
    public int size()
    {
        return wheelCount + overflow.size();
    }

    @Override
    public long nextTime()
    {
        if (wheelCount == 0)
        {
            return overflow.nextTime();
        }
        final int h = head[cursor];
        return h != NONE ? times[h] : times[head[nextOccupied(cursor)]];
    }

    @Override
    public long poll()
    {
        if (wheelCount == 0)
        {
            if (overflow.isEmpty())
            {
                throw new IllegalStateException("no pending event");
            }
            base = overflow.nextTime() & -(1L << widthBits);
            cursor = (int)(base >>> widthBits) & mask;
            migrate();
        }
        else if (head[cursor] == NONE)
        {
            final int b = nextOccupied(cursor);
            base += (long)((b - cursor) & mask) << widthBits;
            cursor = b;
            migrate();
        }
        final int b = cursor;
        final int s = head[b];
        final int after = next[s];
        head[b] = after;
        if (after == NONE)
        {
            tail[b] = NONE;
            occupied[b >>> 6] &= ~(1L << b);
        }
        wheelCount--;
        polledTime = times[s];
        next[s] = freeHead;
        freeHead = s;
        return payloads[s];
    }

    /** Moves every overflow event now inside the horizon into the wheel, earliest first. */
    private void migrate()
    {
        final long h = horizon();
        final BinaryHeapEvents o = overflow;
        while (o.nextTime() < h)
        {
            final long p = o.poll();
            insert(o.polledTime(), p);
        }
    }

    /** The first non-empty bucket at or after {@code from}, circularly; the wheel must not be empty. */
    private int nextOccupied(final int from)
    {
        final long[] bits = occupied;
        final int words = bits.length;
        int w = from >>> 6;
        long word = bits[w] & (-1L << from);
        for (int i = 0; i <= words; i++)
        {
            if (word != 0)
            {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            w = w + 1 == words ? 0 : w + 1;
            word = bits[w];
        }
        throw new IllegalStateException("wheel count " + wheelCount + " but no bucket is occupied");
    }

    @Override
    public long polledTime()
    {
        return polledTime;
    }
}
