package dev.wirespeed.control.compile;

import dev.wirespeed.fib.l7.IndexedTableWriter;
import dev.wirespeed.fib.l7.StringPool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes the host stage's exact host buckets (L7Layout's {@code HB_*}): for every gateway and exact VirtualService
 * host that no alias rule rewrites and that is no service address, a bucket of {@code HB_SIZE} ints in an
 * open-addressed array indexed by the 64-bit hash of (gateway, host), holding the host's string id, its registry
 * service, its candidate list (inline when it has one candidate), and a copy of the first candidate's CLASSIFIER
 * record with that record's index-field and prefix-length lists. A request to such a host reads one bucket where
 * the general path reads the string pool's slot and bytes, the {@code HOST_EXACT} slot and list, the virtual
 * host's CLASSIFIER record and its lists (docs/fib.md). The general keys stay: aliases, wildcards and the hosts
 * left out here use them.
 *
 * <p>Two steps, because the host stage is written before the classifier: {@link #write} places the buckets,
 * {@link #copyClassifierRecords} fills in the classifier records, their lists and the host bytes once the
 * classifier is compiled.
 */
final class ExactHostRecords
{
    private final IndexedTableWriter hostStage;
    private final List<Bucket> written = new ArrayList<>();

    /** A bucket written: its int index, its first candidate and its host's bytes. */
    private record Bucket(int rec, int vs, byte[] host)
    {
    }

    private ExactHostRecords(final IndexedTableWriter hostStage)
    {
        this.hostStage = hostStage;
    }

    /**
     * @param ctx        the compile context (its pool holds the hosts).
     * @param hostStage  the HOST_STAGE writer, with the service keys and the candidate lists already written.
     * @param candidates every host-stage candidate list by key, in load order.
     * @param listRefs   where each of those lists was written.
     * @param flags      the HC_* flags of each VirtualService, by index.
     * @return the buckets, for {@link #copyClassifierRecords}.
     */
    /** @return whether the host is a service's address in some view (docs/routing.md §4 "Clusters"). */
    private static boolean address(final CompileContext ctx, final IndexedTableWriter hostStage, final int hostId)
    {
        final int views = (ctx.model.mesh().networks().proxies().remoteClusters().size() + 1)
                * dev.wirespeed.control.model.AddressFamilies.VARIANTS;
        for (int view = 0; view <= views; view++) // the last: the config cluster's clients' own, when they have one
        {
            if (hostStage.get(hostKey(KEY_SVC_BY_ADDRESS, view, hostId)) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    static ExactHostRecords write(final CompileContext ctx, final IndexedTableWriter hostStage,
            final Map<Long, List<Integer>> candidates, final Map<Long, Integer> listRefs, final int[] flags)
    {
        final ExactHostRecords records = new ExactHostRecords(hostStage);
        final List<Long> kept = new ArrayList<>();
        for (final Map.Entry<Long, List<Integer>> e : candidates.entrySet())
        {
            final long key = e.getKey();
            if ((int)(key >>> 60) != KEY_HOST_EXACT || e.getValue().isEmpty())
            {
                continue;
            }
            final int hostId = (int)key & 0x3FFFFFFF;
            if (keptAsWritten(ctx.pool.bytes(hostId)) && !address(ctx, hostStage, hostId))
            {
                kept.add(key); // others are rewritten by the lookup (docs/routing.md): they take the general path
            }
        }
        if (kept.isEmpty())
        {
            hostStage.setInt(H_HOST_BUCKETS, 0);
            hostStage.setInt(H_HOST_BUCKET_MASK, -1);
            return records;
        }
        int buckets = 2;
        while (buckets < 2 * kept.size())
        {
            buckets <<= 1; // at most half full: a miss ends at an empty bucket after one or two
        }
        final int mask = buckets - 1;
        final int start = hostStage.reserveInts(buckets * HB_SIZE);
        hostStage.setInt(H_HOST_BUCKETS, start);
        hostStage.setInt(H_HOST_BUCKET_MASK, mask);
        for (final long key : kept)
        {
            final int gatewayId = (int)(key >>> 30) & 0x3FFFFFFF;
            final int hostId = (int)key & 0x3FFFFFFF;
            final byte[] host = ctx.pool.bytes(hostId);
            final long hashKey = hostHashKey(gatewayId, StringPool.hash64(host, 0, host.length, false));
            int i = hostBucket(hashKey) & mask;
            while (hostStage.intAt(start + i * HB_SIZE + HB_LENGTH) != 0)
            {
                i = (i + 1) & mask; // a taken bucket (any host): the lookup probes on the same way
            }
            final int rec = start + i * HB_SIZE;
            final List<Integer> list = candidates.get(key);
            final int first = list.get(0);
            hostStage.setInt(rec + HB_LENGTH, host.length + 1);
            hostStage.setInt(rec + HB_TAG, hostBucketTag(hashKey));
            hostStage.setInt(rec + HB_HOST, hostId);
            hostStage.setInt(rec + HB_SERVICE, hostStage.get(hostKey(KEY_SVC_BY_HOST, 0, hostId)));
            hostStage.setInt(rec + HB_LIST, list.size() == 1 ? rec + HB_COUNT : listRefs.get(key));
            hostStage.setInt(rec + HB_COUNT, 1);
            hostStage.setInt(rec + HB_VS, first);
            hostStage.setInt(rec + HB_FLAGS, flags[first]);
            records.written.add(new Bucket(rec, first, host));
        }
        return records;
    }

    /**
     * Copies each bucket's first candidate's CLASSIFIER record, with its index-field and prefix-length lists, into
     * the bucket; the lists' starts in the copy are HOST_STAGE ints. The lists, then the host's bytes, go into the
     * bucket's free ints when they fit there, else after the host stage's other ints; then the virtual host's uri
     * keys ({uriTag, first uri list}, HB_URI_*) when they fit in what is left of the bucket, so that its uri probes
     * read no index slot (else HB_URI_COUNT is -1 and the lookup probes URI_STAGE's index).
     *
     * @param classifier the compiled CLASSIFIER writer.
     * @param uriHeads   per virtual host, its uri keys' tags and first lists (none: no uri literal).
     */
    void copyClassifierRecords(final IndexedTableWriter classifier, final Map<Integer, List<int[]>> uriHeads)
    {
        final int vsStart = classifier.intAt(C_VS_START);
        for (final Bucket w : written)
        {
            final int rec = w.rec();
            final int cv = vsStart + w.vs() * CV_SIZE;
            final byte[] host = w.host();
            for (int k = 0; k < CV_SIZE; k++)
            {
                hostStage.setInt(rec + HB_CV + k, classifier.intAt(cv + k));
            }
            final int fields = classifier.intAt(cv + CV_INDEX_COUNT);
            final int cs = classifier.intAt(cv + CV_CS_COUNT) * PL_SIZE;
            final int ci = classifier.intAt(cv + CV_CI_COUNT) * PL_SIZE;
            final int listInts = fields + cs + ci;
            final int byteInts = (host.length + 3) >> 2;
            final int room = HB_SIZE - HB_INLINE;
            final boolean listsInline = listInts <= room;
            int at = listsInline ? rec + HB_INLINE : hostStage.reserveInts(listInts);
            at = copyList(classifier, classifier.intAt(cv + CV_INDEX_START), fields, rec + HB_CV + CV_INDEX_START, at);
            at = copyList(classifier, classifier.intAt(cv + CV_CS_START), cs, rec + HB_CV + CV_CS_START, at);
            at = copyList(classifier, classifier.intAt(cv + CV_CI_START), ci, rec + HB_CV + CV_CI_START, at);
            int free = listsInline ? at : rec + HB_INLINE; // the bucket's first free int
            final int bytesAt;
            if (free + byteInts <= rec + HB_SIZE)
            {
                bytesAt = free;
                free += byteInts;
            }
            else
            {
                bytesAt = hostStage.reserveInts(byteInts);
            }
            hostStage.setInt(rec + HB_BYTES, bytesAt);
            final ByteBuffer packed = ByteBuffer.allocate(byteInts << 2).order(ByteOrder.nativeOrder());
            packed.put(host).rewind();
            for (int k = 0; k < byteInts; k++)
            {
                hostStage.setInt(bytesAt + k, packed.getInt());
            }
            final List<int[]> uris = uriHeads.getOrDefault(w.vs(), List.of());
            final boolean urisInline = free + uris.size() * HBU_SIZE <= rec + HB_SIZE;
            hostStage.setInt(rec + HB_URI_COUNT, urisInline ? uris.size() : -1);
            hostStage.setInt(rec + HB_URI_START, free);
            for (int k = 0; urisInline && k < uris.size(); k++)
            {
                hostStage.setInt(free + k * HBU_SIZE, uris.get(k)[0]);
                hostStage.setInt(free + k * HBU_SIZE + 1, uris.get(k)[1]);
            }
        }
    }

    /** Copies {@code count} ints of CLASSIFIER from {@code from} to HOST_STAGE at {@code at}; returns the end. */
    private int copyList(final IndexedTableWriter classifier, final int from, final int count, final int startField,
            final int at)
    {
        hostStage.setInt(startField, at);
        for (int k = 0; k < count; k++)
        {
            hostStage.setInt(at + k, classifier.intAt(from + k));
        }
        return at + count;
    }

    /**
     * @param host a host's bytes.
     * @return whether the host stage keeps it as written: more than two dots, or two and no {@code .svc} ending.
     */
    static boolean keptAsWritten(final byte[] host)
    {
        int dots = 0;
        for (final byte b : host)
        {
            if (b == '.')
            {
                dots++;
            }
        }
        final int n = host.length;
        final boolean svc = n >= 4 && host[n - 4] == '.' && host[n - 3] == 's' && host[n - 2] == 'v'
                && host[n - 1] == 'c';
        return dots > 2 || dots == 2 && !svc;
    }
}
