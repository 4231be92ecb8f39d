package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.IndexedTable;
import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.fib.l7.StringPool;

import java.nio.charset.StandardCharsets;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A route's request header operations as the decision line's {@code "headers"} (changed headers, values joined
 * with {@code ,}, sorted by name) and {@code "removedHeaders"} (sorted), computed over ints and bytes: the rule
 * of the reference's {@code UpstreamHeaders} (each level removes first, then sets and adds, part by part; one
 * level for a route with one destination, the chosen destination's level then the route's for several), over
 * the names the operations touch. Pool ids name headers and values (the pool interns, so equal names have one
 * id); the request's values are copied once into a kept array. No String, no collection: arrays grow with the
 * largest operation list seen, never per record. Part of {@link DecisionEncoder}.
 */
final class HeaderOperationText
{
    private static final byte[] HEADERS = ascii(",\"headers\":{\"");
    private static final byte[] NAME_VALUE = ascii("\":\"");
    private static final byte[] REMOVED_HEADERS = ascii(",\"removedHeaders\":[\"");
    private static final byte[] COMMA_QUOTE = ascii(",\"");
    /** A value token: the request's own value of the header (else a token is a pool id). */
    private static final int FROM_REQUEST = -1;

    private final IndexedTable actions;
    private final PooledText pool;
    private int count;
    private int stride;
    private int[] names = new int[8];
    private int[] requestAt = new int[8];
    private int[] requestLength = new int[8];
    private boolean[] present = new boolean[8];
    private int[] valueCount = new int[8];
    private int[] order = new int[8];
    private int[] values = new int[64];
    private byte[] requestValues = new byte[256];

    HeaderOperationText(final IndexedTable actions, final PooledText pool)
    {
        this.actions = actions;
        this.pool = pool;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Applies the route's and the chosen destination's operations to the request's values of the headers they
     * name. Nothing is written yet: the line writes {@link #write} after its body.
     *
     * @return false when the String reference must decide (a name or touched request value that is not ASCII,
     *         whose String order or text the bytes do not give).
     */
    boolean prepare(final int routeCount, final int routeStart, final int destCount, final int destStart,
        final boolean weighted, final L7RequestView request)
    {
        count = 0;
        final int ops = routeCount + destCount;
        stride = ops + 1;
        ensure(ops);
        if (!collect(routeCount, routeStart) || !collect(destCount, destStart) || !requestValues(request))
        {
            return false;
        }
        if (weighted)
        {
            level(destCount, destStart, 0, 0);
            level(routeCount, routeStart, 0, 0);
        }
        else
        {
            level(routeCount, routeStart, destCount, destStart);
        }
        sort();
        return true;
    }

    private void ensure(final int ops)
    {
        if (names.length < ops)
        {
            final int n = Integer.highestOneBit(ops) << 1;
            names = new int[n];
            requestAt = new int[n];
            requestLength = new int[n];
            present = new boolean[n];
            valueCount = new int[n];
            order = new int[n];
        }
        if (values.length < ops * (ops + 1))
        {
            values = new int[Integer.highestOneBit(ops * (ops + 1)) << 1];
        }
    }

    private boolean collect(final int n, final int start)
    {
        for (int k = 0; k < n; k++)
        {
            final int name = actions.intAt(start + 3 * k + 1);
            if (indexOf(name) < 0)
            {
                if (!pool.isAscii(name))
                {
                    return false;
                }
                names[count++] = name;
            }
        }
        return true;
    }

    private int indexOf(final int name)
    {
        for (int k = 0; k < count; k++)
        {
            if (names[k] == name)
            {
                return k;
            }
        }
        return -1;
    }

    /** The request's value of each touched header (one value each), copied; false when one is not ASCII. */
    private boolean requestValues(final L7RequestView request)
    {
        final StringPool strings = pool.strings();
        int at = 0;
        for (int k = 0; k < count; k++)
        {
            final int id = names[k];
            final int h = request.header(strings.store(), strings.address(id), strings.length(id));
            final int n = h < 0 ? -1 : request.length(h);
            valueCount[k] = 0;
            present[k] = n >= 0;
            requestAt[k] = -1;
            if (n >= 0)
            {
                if (n > RequestText.MAX_REQUEST_TEXT)
                {
                    return false;
                }
                if (requestValues.length < at + n)
                {
                    final byte[] grown = new byte[Integer.highestOneBit(at + n) << 1];
                    System.arraycopy(requestValues, 0, grown, 0, at);
                    requestValues = grown;
                }
                request.copyTo(h, requestValues, at);
                if (!JsonBytes.isAscii(requestValues, at, n))
                {
                    return false;
                }
                requestAt[k] = at;
                requestLength[k] = n;
                values[k * stride] = FROM_REQUEST;
                valueCount[k] = 1;
                at += n;
            }
        }
        return true;
    }

    /** One level: the removes of both parts, then each part's sets and adds. */
    private void level(final int n1, final int s1, final int n2, final int s2)
    {
        removes(n1, s1);
        removes(n2, s2);
        setsAndAdds(n1, s1);
        setsAndAdds(n2, s2);
    }

    private void removes(final int n, final int start)
    {
        for (int k = 0; k < n; k++)
        {
            final int o = start + 3 * k;
            final int op = actions.intAt(o);
            if (op != OP_SET && op != OP_ADD)
            {
                final int h = indexOf(actions.intAt(o + 1));
                present[h] = false;
                valueCount[h] = 0;
            }
        }
    }

    private void setsAndAdds(final int n, final int start)
    {
        for (int k = 0; k < n; k++)
        {
            final int o = start + 3 * k;
            if (actions.intAt(o) == OP_SET)
            {
                final int h = indexOf(actions.intAt(o + 1));
                present[h] = true;
                values[h * stride] = actions.intAt(o + 2);
                valueCount[h] = 1;
            }
        }
        for (int k = 0; k < n; k++)
        {
            final int o = start + 3 * k;
            if (actions.intAt(o) == OP_ADD && !addedAgain(n, start, k))
            {
                final int h = indexOf(actions.intAt(o + 1));
                if (!present[h])
                {
                    present[h] = true;
                    valueCount[h] = 0;
                }
                values[h * stride + valueCount[h]++] = actions.intAt(o + 2);
            }
        }
    }

    /** The reference keeps a part's adds by name (the last value of a name wins): a later add of it replaces. */
    private boolean addedAgain(final int n, final int start, final int k)
    {
        final int name = actions.intAt(start + 3 * k + 1);
        for (int j = k + 1; j < n; j++)
        {
            final int o = start + 3 * j;
            if (actions.intAt(o) == OP_ADD && actions.intAt(o + 1) == name)
            {
                return true;
            }
        }
        return false;
    }

    private void sort()
    {
        for (int i = 0; i < count; i++)
        {
            int j = i;
            while (j > 0 && pool.compare(names[order[j - 1]], names[i]) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
    }

    /** @return whether header {@code h} goes upstream with exactly the request's value. */
    private boolean unchanged(final int h)
    {
        if (valueCount[h] != 1 || requestAt[h] < 0)
        {
            return false;
        }
        final int v = values[h * stride];
        return v == FROM_REQUEST || pool.equals(v, requestValues, requestAt[h], requestLength[h]);
    }

    /** Writes {@code "headers"} and {@code "removedHeaders"} of the last {@link #prepare}, when not empty. */
    void write(final JsonBytes out)
    {
        boolean first = true;
        for (int i = 0; i < count; i++)
        {
            final int h = order[i];
            if (!present[h] || unchanged(h))
            {
                continue;
            }
            out.put(first ? HEADERS : COMMA_QUOTE).put(pool.get(names[h])).put(NAME_VALUE);
            first = false;
            for (int k = 0; k < valueCount[h]; k++)
            {
                if (k > 0)
                {
                    out.put((byte)',');
                }
                final int v = values[h * stride + k];
                if (v == FROM_REQUEST)
                {
                    out.putEscaped(requestValues, requestAt[h], requestLength[h]);
                }
                else
                {
                    out.put(pool.get(v));
                }
            }
            out.put((byte)'"');
        }
        if (!first)
        {
            out.put((byte)'}');
        }
        first = true;
        for (int i = 0; i < count; i++)
        {
            final int h = order[i];
            if (requestAt[h] >= 0 && !present[h])
            {
                out.put(first ? REMOVED_HEADERS : COMMA_QUOTE).put(pool.get(names[h])).put((byte)'"');
                first = false;
            }
        }
        if (!first)
        {
            out.put((byte)']');
        }
    }
}
