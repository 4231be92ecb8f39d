package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.OffHeap;
import org.agrona.BufferUtil;

import java.util.Arrays;

/**
 * The headers of one request head written on several lines, for {@link PacketRequestView}: each one's values joined
 * with {@code ,} (what Envoy's route match reads, {@code HeaderUtility::getAllOfHeaderAsString}), its lines in order
 * (what a hash policy reads), and how many values Envoy's header map holds (its lines, or 1 for a header its codec
 * joins itself, {@link CodecJoinedHeaders}). Built by {@link #begin}, {@link #add} per line, {@link #end}; a slot a
 * header, cleared by {@link #reset} for the next head. The text buffer grows to the longest head seen, nothing
 * after that.
 */
final class RepeatedHeaderLines
{
    private static final OffHeap U = OffHeap.MEMORY;

    private byte[] text = new byte[256];
    private int used;
    private int count;
    private final int[] first;
    private final int[] from;
    private final int[] length;
    private final int[] values;
    /** Per line: the next line of the same header, else -1. */
    private final int[] nextSameName;
    private int last;
    private int lines;
    /** Whether the header being built is one Envoy's codec joins (its empty lines add nothing). */
    private boolean oneValue;
    /** Whether a value is in the joined value being built (a codec-joined header's next value takes a comma). */
    private boolean started;

    /** @param maxLines most header lines of a head. */
    RepeatedHeaderLines(final int maxLines)
    {
        first = new int[maxLines];
        from = new int[maxLines];
        length = new int[maxLines];
        values = new int[maxLines];
        nextSameName = new int[maxLines];
    }

    /** Forgets every slot (a new head). */
    void reset()
    {
        used = 0;
        count = 0;
    }

    /** @return the slot of the header whose first line is {@code line}, or -1 when not built yet. */
    int slotOf(final int line)
    {
        for (int s = 0; s < count; s++)
        {
            if (first[s] == line)
            {
                return s;
            }
        }
        return -1;
    }

    /**
     * Starts the slot of a header whose first line is {@code line}; its lines follow with {@link #add}.
     *
     * @param line     the header's first line.
     * @param oneValue whether Envoy's codec joins the header's lines into one value: then an empty line adds
     *                 nothing, not even a comma ({@code HeaderMapImpl::appendToHeader}); otherwise every line is a
     *                 value of its own and the match view joins them all ({@code getAllOfHeaderAsString}).
     */
    void begin(final int line, final boolean oneValue)
    {
        first[count] = line;
        from[count] = used;
        last = line;
        lines = 0;
        started = false;
        this.oneValue = oneValue;
    }

    /**
     * @param line the header's next line (its first, then the others in order).
     * @param at   native address of the line's value.
     * @param n    its length.
     */
    void add(final int line, final long at, final int n)
    {
        if (used + n + 1 > text.length)
        {
            text = Arrays.copyOf(text, Math.max(used + n + 1, 2 * text.length));
        }
        if (lines > 0)
        {
            nextSameName[last] = line;
        }
        last = line;
        lines++;
        if (oneValue && n == 0)
        {
            return;
        }
        if (oneValue ? started : lines > 1)
        {
            text[used++] = ',';
        }
        U.copyMemory(null, at, text, BufferUtil.ARRAY_BASE_OFFSET + used, n);
        used += n;
        started = true;
    }

    /** @return the slot built. */
    int end()
    {
        nextSameName[last] = -1;
        final int s = count++;
        length[s] = used - from[s];
        values[s] = oneValue ? 1 : lines;
        return s;
    }

    /** @return the joined value's length. */
    int length(final int s)
    {
        return length[s];
    }

    /** @return the joined value's byte {@code i}. */
    byte byteAt(final int s, final int i)
    {
        return text[from[s] + i];
    }

    /** Copies the joined value. */
    void copyTo(final int s, final byte[] dst, final int offset)
    {
        System.arraycopy(text, from[s], dst, offset, length[s]);
    }

    /** @return whether the joined value is {@code b[0, n)}. */
    boolean contentEquals(final int s, final byte[] b, final int n)
    {
        return length[s] == n && Arrays.equals(text, from[s], from[s] + n, b, 0, n);
    }

    /** @return how many values Envoy's header map holds. */
    int valueCount(final int s)
    {
        return values[s];
    }

    /** @return the header's {@code k}th line (0 &le; k &lt; {@link #valueCount}, which is more than 1). */
    int line(final int s, final int k)
    {
        int line = first[s];
        for (int i = 0; i < k; i++)
        {
            line = nextSameName[line];
        }
        return line;
    }
}
