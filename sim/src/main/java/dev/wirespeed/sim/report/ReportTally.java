package dev.wirespeed.sim.report;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;

/**
 * What the HTML report adds to the replay summary, counted on the replay's writer thread straight from the
 * decision descriptors, by index: decisions (and bytes) by action over trace time, and for captures the top
 * talkers by 5-tuple. Nothing is allocated per record.
 *
 * <p>Trace time is the request's {@code ts} (in the trace's own unit) or the capture timestamp (nanoseconds).
 * It is cut into {@link #BUCKETS} equal intervals from the first record's time; when a record lies past the
 * last interval, the intervals double in width (neighbours merged), so any span fits. A record earlier than the
 * first one (a trace out of time order) is counted in the first interval and in {@link #early()}.
 */
public final class ReportTally
{
    /** Intervals of the time chart. */
    public static final int BUCKETS = 120;

    private final long[] counts = new long[BUCKETS * Actions.COUNT];
    private final long[] bytes = new long[BUCKETS];
    private final ParsedPacket parsed = new ParsedPacket();
    private final TopTalkers talkers = new TopTalkers();
    private boolean started;
    private boolean capture;
    private long base;
    private long width = 1;
    private long last;
    private long early;
    private long records;

    /**
     * Counts a request's decision.
     *
     * @param d  the decision.
     * @param ts the request's {@code ts}.
     */
    public void request(final DecisionDescriptor d, final long ts)
    {
        time(d.action(), ts, 0);
    }

    /**
     * Counts a packet's decision and its 5-tuple.
     *
     * @param d              the decision.
     * @param address        the frame (0 when the record could not be read).
     * @param capturedLength its captured bytes.
     * @param originalLength its bytes on the wire.
     * @param linkType       its link type.
     * @param tsNanos        its capture timestamp.
     */
    public void packet(final DecisionDescriptor d, final long address, final int capturedLength,
        final int originalLength, final int linkType, final long tsNanos)
    {
        capture = true;
        time(d.action(), tsNanos, originalLength);
        if (address != 0 && capturedLength > 0)
        {
            PacketParser.parse(address, capturedLength, originalLength, linkType, parsed);
            talkers.count(parsed, originalLength);
        }
    }

    private void time(final int action, final long ts, final long wireBytes)
    {
        records++;
        if (!started)
        {
            started = true;
            base = ts;
        }
        long offset = ts - base;
        if (offset < 0)
        {
            early++;
            offset = 0;
        }
        while (offset / width >= BUCKETS)
        {
            widen();
        }
        last = Math.max(last, ts);
        final int b = (int)(offset / width);
        counts[b * Actions.COUNT + (action >= 0 && action < Actions.COUNT ? action : Actions.DROP)]++;
        bytes[b] += wireBytes;
    }

    /** Doubles the interval width, merging neighbours (rare: at most 64 times in a run). */
    private void widen()
    {
        for (int b = 0; b < BUCKETS; b++)
        {
            final int from = 2 * b;
            for (int a = 0; a < Actions.COUNT; a++)
            {
                long n = 0;
                if (from < BUCKETS)
                {
                    n += counts[from * Actions.COUNT + a];
                }
                if (from + 1 < BUCKETS)
                {
                    n += counts[(from + 1) * Actions.COUNT + a];
                }
                counts[b * Actions.COUNT + a] = n;
            }
            bytes[b] = (from < BUCKETS ? bytes[from] : 0) + (from + 1 < BUCKETS ? bytes[from + 1] : 0);
        }
        width *= 2;
    }

    /** @return records counted. */
    public long records()
    {
        return records;
    }

    /** @return whether the records were packets (bytes, capture timestamps and talkers apply). */
    public boolean capture()
    {
        return capture;
    }

    /** @return the first record's time. */
    public long base()
    {
        return base;
    }

    /** @return the latest time seen. */
    public long last()
    {
        return last;
    }

    /** @return the interval width (time units). */
    public long width()
    {
        return width;
    }

    /** @return records earlier than the first record. */
    public long early()
    {
        return early;
    }

    /** @return the intervals in use (the last one holding a record, plus one). */
    public int bucketsUsed()
    {
        return records == 0 ? 0 : (int)Math.min(BUCKETS, (last - base) / width + 1);
    }

    /**
     * @param bucket an interval.
     * @param action an {@link Actions} code.
     * @return decisions with that action in it.
     */
    public long count(final int bucket, final int action)
    {
        return counts[bucket * Actions.COUNT + action];
    }

    /**
     * @param bucket an interval.
     * @return bytes on the wire in it.
     */
    public long bytes(final int bucket)
    {
        return bytes[bucket];
    }

    /** @return the talkers. */
    public TopTalkers talkers()
    {
        return talkers;
    }
}
