package dev.wirespeed.sim.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text that recurs from one decision line to the next, kept as bytes by the {@link DecisionEncoder}: the
 * record index (the next line's is this one's plus one, so its digits are incremented in place rather than
 * formatted), {@code "status"} per status code, and a destination's {@code "cluster"} … {@code "port"} run per
 * destination and port (up to {@link #PORTS_PER_DESTINATION} ports each; further ports are written field by
 * field). Each text is built once, at its first sight; nothing is allocated per record.
 */
final class RecurringText
{
    /** Ports kept per destination (a destination without a port of its own takes the request's). */
    static final int PORTS_PER_DESTINATION = 4;
    private static final byte[] I = "{\"i\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS = ",\"status\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_STATUS = 1000;

    private final byte[] index = new byte[32];
    private int indexLength;
    private long lastIndex = -2;
    private final byte[][] status = new byte[MAX_STATUS][];
    private byte[][] clusterText = new byte[0][];
    private int[] clusterPort = new int[0];

    /** Appends {@code {"i":INDEX}. */
    void index(final long value, final JsonBytes out)
    {
        if (value != lastIndex + 1 || value <= 0 || !increment())
        {
            if (value < 0)
            {
                lastIndex = -2;
                out.put(I).putLong(value);
                return;
            }
            format(value);
        }
        lastIndex = value;
        out.put(index, 0, indexLength);
    }

    /** Adds one to the kept digits; false when the number gets a digit more (then it is formatted again). */
    private boolean increment()
    {
        for (int i = indexLength - 1; i >= I.length; i--)
        {
            if (index[i] != '9')
            {
                index[i]++;
                return true;
            }
            index[i] = '0';
        }
        return false;
    }

    private void format(final long value)
    {
        System.arraycopy(I, 0, index, 0, I.length);
        int n = 0;
        long v = value;
        do
        {
            n++;
            v /= 10;
        }
        while (v != 0);
        v = value;
        for (int i = I.length + n - 1; i >= I.length; i--)
        {
            index[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        indexLength = I.length + n;
    }

    /** Appends {@code ,"status":N} when {@code value} is not negative. */
    void status(final int value, final JsonBytes out)
    {
        if (value < 0)
        {
            return;
        }
        if (value >= MAX_STATUS)
        {
            out.put(STATUS).putLong(value);
            return;
        }
        byte[] b = status[value];
        if (b == null)
        {
            b = (",\"status\":" + value).getBytes(StandardCharsets.US_ASCII);
            status[value] = b;
        }
        out.put(b);
    }

    /**
     * @param destination a destination index.
     * @param port        its port in this decision.
     * @return the kept cluster text of the pair, or null when it is not kept yet.
     */
    byte[] cluster(final int destination, final int port)
    {
        final int base = destination * PORTS_PER_DESTINATION;
        if (base + PORTS_PER_DESTINATION > clusterPort.length)
        {
            return null;
        }
        for (int k = base; k < base + PORTS_PER_DESTINATION && clusterText[k] != null; k++)
        {
            if (clusterPort[k] == port)
            {
                return clusterText[k];
            }
        }
        return null;
    }

    /** Keeps a pair's cluster text (off the hot path: once per pair); ignored when the destination's slots are full. */
    void keepCluster(final int destination, final int port, final byte[] text)
    {
        final int base = destination * PORTS_PER_DESTINATION;
        if (base + PORTS_PER_DESTINATION > clusterPort.length)
        {
            final int n = Math.max(base + PORTS_PER_DESTINATION, clusterPort.length * 2);
            clusterPort = Arrays.copyOf(clusterPort, n);
            clusterText = Arrays.copyOf(clusterText, n);
        }
        for (int k = base; k < base + PORTS_PER_DESTINATION; k++)
        {
            if (clusterText[k] == null)
            {
                clusterPort[k] = port;
                clusterText[k] = text;
                return;
            }
        }
    }

    /** @return whether another pair of this destination can be kept. */
    boolean hasRoom(final int destination)
    {
        final int base = destination * PORTS_PER_DESTINATION;
        return base + PORTS_PER_DESTINATION > clusterPort.length
            || clusterText[base + PORTS_PER_DESTINATION - 1] == null;
    }
}
