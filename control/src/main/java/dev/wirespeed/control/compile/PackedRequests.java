package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.fib.l7.L7RequestView;
import net.openhft.chronicle.bytes.BytesStore;

import java.util.Arrays;

/**
 * Many requests encoded back to back, as a ring of request descriptors holds them: one int array of
 * per-request records and one byte array of their UTF-8 values, in request order, and one
 * {@link L7RequestView} flyweight {@link #view re-pointed} at a request in O(1). Benchmarks read a trace
 * through it so that walking the requests streams through memory instead of chasing one heap view per
 * request.
 *
 * <pre>
 * record: { idHi, idLo, port, (offset, length) x 10 fixed fields, sourcePort, headerCount, labelCount,
 *           (nameOff, nameLen, valueOff, valueLen) x headers, the same x labels }
 * </pre>
 */
public final class PackedRequests
{
    private static final int FIXED = 10; // the fixed handles of L7RequestView, DST, SNI and ALPN included
    private static final int HEAD = 3 + 2 * FIXED + 3;
    private static final int HEADER_BASE = 1 << 16;
    private static final int LABEL_BASE = 2 << 16;

    private final int[] records;
    private final int[] starts;
    private final byte[] data;

    /**
     * @param requests the requests (their defaults applied as {@link HttpRequestView} applies them).
     */
    public PackedRequests(final HttpRequest[] requests)
    {
        int[] recs = new int[64];
        int recUsed = 0;
        byte[] bytes = new byte[1024];
        int used = 0;
        starts = new int[requests.length];
        final HttpRequestView v = new HttpRequestView();
        final byte[] scratch = new byte[1 << 16];
        for (int r = 0; r < requests.length; r++)
        {
            v.reset(requests[r]);
            final int headers = requests[r].headers() == null ? 0 : requests[r].headers().size();
            final int labels = requests[r].sourceLabels() == null ? 0 : requests[r].sourceLabels().size();
            final int need = HEAD + 4 * (headers + labels);
            if (recUsed + need > recs.length)
            {
                recs = Arrays.copyOf(recs, Math.max(recs.length * 2, recUsed + need));
            }
            starts[r] = recUsed;
            recs[recUsed] = (int)(v.id() >>> 32);
            recs[recUsed + 1] = (int)v.id();
            recs[recUsed + 2] = v.port();
            for (int f = 0; f < FIXED; f++)
            {
                final int n = v.length(f);
                recs[recUsed + 3 + 2 * f] = used;
                recs[recUsed + 4 + 2 * f] = n;
                if (n > 0)
                {
                    if (used + n > bytes.length)
                    {
                        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + n));
                    }
                    v.copyTo(f, bytes, used);
                    used += n;
                }
            }
            recs[recUsed + HEAD - 3] = v.sourcePort();
            recs[recUsed + HEAD - 2] = headers;
            recs[recUsed + HEAD - 1] = labels;
            int at = recUsed + HEAD;
            for (int k = 0; k < headers + labels; k++)
            {
                final String name = k < headers ? nth(requests[r].headers().keySet(), k)
                        : nth(requests[r].sourceLabels().keySet(), k - headers);
                final byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                final int handle = k < headers ? HEADER_BASE + k : LABEL_BASE + k - headers;
                final int n = v.length(handle);
                if (used + nameBytes.length + n > bytes.length)
                {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + nameBytes.length + n));
                }
                recs[at++] = used;
                recs[at++] = nameBytes.length;
                System.arraycopy(nameBytes, 0, bytes, used, nameBytes.length);
                used += nameBytes.length;
                recs[at++] = used;
                recs[at++] = n;
                v.copyTo(handle, scratch, 0);
                System.arraycopy(scratch, 0, bytes, used, n);
                used += n;
            }
            recUsed = at;
        }
        this.records = Arrays.copyOf(recs, recUsed);
        this.data = Arrays.copyOf(bytes, used);
    }

    private static String nth(final java.util.Set<String> names, final int k)
    {
        int i = 0;
        for (final String s : names)
        {
            if (i++ == k)
            {
                return s;
            }
        }
        throw new IllegalStateException();
    }

    /** @return the number of requests. */
    public int size()
    {
        return starts.length;
    }

    /** @return a new view; re-point it with {@link View#at}. */
    public View view()
    {
        return new View();
    }

    /** The flyweight over one packed request. */
    public final class View implements L7RequestView
    {
        private int rec;

        /**
         * @param request the request's index.
         * @return this, pointed at it.
         */
        public View at(final int request)
        {
            rec = starts[request];
            return this;
        }

        @Override
        public long id()
        {
            return ((long)records[rec] << 32) | (records[rec + 1] & 0xFFFFFFFFL);
        }

        @Override
        public int port()
        {
            return records[rec + 2];
        }

        @Override
        public int sourcePort()
        {
            return records[rec + HEAD - 3];
        }

        private int pair(final int handle)
        {
            if (handle < FIXED)
            {
                return rec + 3 + 2 * handle;
            }
            final int k = handle >= LABEL_BASE ? records[rec + HEAD - 2] + handle - LABEL_BASE : handle - HEADER_BASE;
            return rec + HEAD + 4 * k + 2;
        }

        @Override
        public int length(final int handle)
        {
            return handle < 0 ? -1 : records[pair(handle) + 1];
        }

        @Override
        public byte byteAt(final int handle, final int index)
        {
            return data[records[pair(handle)] + index];
        }

        @Override
        public int copyTo(final int handle, final byte[] dst, final int offset)
        {
            final int p = pair(handle);
            final int n = records[p + 1];
            System.arraycopy(data, records[p], dst, offset, n);
            return n;
        }

        @Override
        public boolean contentEquals(final int handle, final byte[] b, final int length)
        {
            if (handle < 0)
            {
                return false;
            }
            final int p = pair(handle);
            if (records[p + 1] != length)
            {
                return false;
            }
            final int from = records[p];
            // the JDK's vectorised mismatch (several bytes a step), not a bounds-checked loop per byte
            return Arrays.equals(data, from, from + length, b, 0, length);
        }

        private int find(final int first, final int count, final BytesStore<?, ?> names, final long offset,
                final int length)
        {
            for (int i = 0; i < count; i++)
            {
                final int at = rec + HEAD + 4 * (first + i);
                if (records[at + 1] != length)
                {
                    continue;
                }
                final int from = records[at];
                int k = 0;
                while (k < length && data[from + k] == names.readByte(offset + k))
                {
                    k++;
                }
                if (k == length)
                {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public int header(final BytesStore<?, ?> names, final long offset, final int length)
        {
            final int i = find(0, records[rec + HEAD - 2], names, offset, length);
            return i < 0 ? -1 : HEADER_BASE + i;
        }

        @Override
        public int sourceLabel(final BytesStore<?, ?> names, final long offset, final int length)
        {
            final int i = find(records[rec + HEAD - 2], records[rec + HEAD - 1], names, offset, length);
            return i < 0 ? -1 : LABEL_BASE + i;
        }
    }
}
