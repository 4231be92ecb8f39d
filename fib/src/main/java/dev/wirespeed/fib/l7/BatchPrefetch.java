package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The first pass of {@link L7Lookup#route(L7RequestView[], L7Result[], int)}: the FIB lines each request of a batch
 * will wait for, loaded level by level for the whole batch before the next level reads them, so that the misses of
 * different requests are in flight together (memory-level parallelism, as VPP's quad loops prefetch; Java has no
 * prefetch instruction, but a load whose value is only summed into a field does the same). Level one: each
 * request's exact host bucket (found from the authority's hash as {@link HostStage} finds it). Level two: from the
 * bucket's copy of its first candidate's virtual-host record, the filter word and first index slot of the uri
 * probes the URI stage may make (the exact path, up to {@value #KEYS} probes in all with the listed prefixes).
 * Level three: the uri lists those slots name. The second pass routes each request as
 * {@link L7Lookup#route(L7RequestView, L7Result)} does. Nothing here decides anything: a wrong guess (a collided
 * bucket, a virtual host other than the first candidate) costs a wasted load, never a wrong decision. The hashes
 * are computed again by the second pass: this pass writes no state the lookup reads.
 */
final class BatchPrefetch
{
    private final IndexedTable hosts;
    private final int bucketStart;
    private final int bucketMask;
    private final RequestScratch q;
    /** URI-stage probes a request may make, at most, that the first pass starts. */
    private static final int KEYS = 4;

    private final IndexedTable uris;
    private final long filterMask;
    private final byte[] authority = new byte[264];
    private final byte[] path = new byte[1032];
    private final long[] words = new long[130];
    private final long[] lowerWords = new long[130];
    private int lowered;
    private int uriEnd;
    private int[] buckets = new int[64];
    private long[] keys = new long[64 * KEYS];
    private int keyCount;
    private int keyLimit;
    /** The sum of the loaded ints: kept in a field so that the loads are not removed as dead code. */
    private int sink;

    BatchPrefetch(final IndexedTable hosts, final IndexedTable uris, final RequestScratch q)
    {
        this.hosts = hosts;
        this.uris = uris;
        this.filterMask = uris.longAt(0);
        this.bucketStart = hosts.intAt(H_HOST_BUCKETS);
        this.bucketMask = hosts.intAt(H_HOST_BUCKET_MASK);
        this.q = q;
    }

    /**
     * Loads, for each request of a batch, its exact host bucket; then, from the bucket's copy of its first
     * candidate's virtual-host record, the filter word and the first index slot of each uri probe the URI stage may
     * make (the exact path, the prefixes whose length and last byte the record lists); then the uri list each of
     * those slots names. Each level's loads are issued for the whole batch before the next level reads them.
     *
     * @param requests the batch.
     * @param count    its length.
     */
    void prefetch(final L7RequestView[] requests, final int count)
    {
        if (buckets.length < count)
        {
            buckets = new int[Math.max(count, buckets.length * 2)];
            keys = new long[buckets.length * KEYS];
        }
        hostBuckets(requests, count);
        keyCount = 0;
        for (int i = 0; i < count; i++)
        {
            final int rec = buckets[i];
            if (rec >= 0 && hosts.intAt(rec + HB_LENGTH) != 0 && hosts.intAt(rec + HB_VS) >= 0)
            {
                uriProbes(requests[i], hosts.intAt(rec + HB_VS), rec + HB_CV);
            }
        }
        int s = 0;
        final long[] k = keys;
        for (int i = 0, n = keyCount; i < n; i++)
        {
            final int ref = uris.find(k[i]);
            if (ref >= 0)
            {
                s += uris.intAt(ref);
            }
        }
        sink += s;
    }

    /** Starts the loads of one request's uri probes under virtual host {@code vs} (its record at {@code cv}). */
    private void uriProbes(final L7RequestView request, final int vs, final int cv)
    {
        if (hosts.intAt(cv + CV_BLOCKS) == 0 || !loadPath(request))
        {
            return;
        }
        final long filter = (hosts.intAt(cv + CV_URI_FILTER_LO) & 0xFFFFFFFFL)
                | (long)hosts.intAt(cv + CV_URI_FILTER_HI) << 32;
        final int exact = hosts.intAt(cv + CV_EXACT_KINDS);
        keyLimit = keyCount + KEYS;
        final int end = uriEnd;
        int s = 0;
        if ((exact & exactLengthBit(end) & ~3) != 0)
        {
            s += (exact & 1) != 0 ? probe(vs, URI_EXACT, hash(end, false), filter) : 0;
            s += (exact & 2) != 0 ? probe(vs, URI_EXACT_CI, hash(end, true), filter) : 0;
        }
        s += prefixes(vs, cv, hosts.intAt(cv + CV_CS_COUNT), hosts.intAt(cv + CV_CS_START), false, filter);
        s += prefixes(vs, cv, hosts.intAt(cv + CV_CI_COUNT), hosts.intAt(cv + CV_CI_START), true, filter);
        sink += s;
    }

    private int prefixes(final int vs, final int cv, final int count, final int start, final boolean lower,
            final long filter)
    {
        int s = 0;
        final int end = uriEnd;
        for (int k = 0, e = start; k < count && keyCount < keyLimit; k++, e += PL_SIZE)
        {
            final int len = hosts.intAt(e + PL_LENGTH);
            if (len > end)
            {
                continue;
            }
            if (len > 0)
            {
                final int b = path[len - 1] & 63;
                if ((hosts.intAt(e + (b < 32 ? PL_LAST_LO : PL_LAST_HI)) & (1 << b)) == 0)
                {
                    continue;
                }
            }
            s += probe(vs, lower ? URI_PREFIX_CI : URI_PREFIX, hash(len, lower), filter);
        }
        return s;
    }

    /** Loads the filter word and the first index slot of one probe and keeps its key for the list's load. */
    private int probe(final int vs, final int kind, final long hash, final long filter)
    {
        if ((filter & uriVsFilterBit(kind, hash)) == 0 || keyCount == keyLimit)
        {
            return 0;
        }
        final long key = uriKey(vs, kind, hash);
        keys[keyCount++] = key;
        final long bit = uriFilterKey(vs, kind, (int)hash) & filterMask;
        return (int)uris.longAt(1 + (int)(bit >>> 6)) + uris.touchSlot(key);
    }

    /** {@link RequestScratch#loadPath} into this pass's own buffers; false when the path is too long for them. */
    private boolean loadPath(final L7RequestView request)
    {
        final int n = Math.max(0, request.length(L7RequestView.PATH));
        if (n + 8 > path.length)
        {
            return false;
        }
        request.copyTo(L7RequestView.PATH, path, 0);
        final byte[] p = path;
        long h = StringPool.HASH_START;
        words[0] = h;
        lowerWords[0] = h;
        int end = n;
        for (int at = 0; at < n; at += 8)
        {
            long w = StringPool.word(p, at);
            if (n - at < 8)
            {
                w &= (1L << ((n - at) << 3)) - 1;
            }
            final long q = StringPool.bytesEqual(w, '?');
            if (q != 0)
            {
                end = at + (Long.numberOfTrailingZeros(q) >> 3);
                break;
            }
            if (n - at < 8)
            {
                break;
            }
            h = StringPool.hashWord(h, w);
            words[(at >> 3) + 1] = h;
        }
        uriEnd = end;
        lowered = 0;
        return true;
    }

    /** {@link RequestScratch#pathHash}. */
    private long hash(final int len, final boolean lower)
    {
        final int full = len >> 3;
        if (lower)
        {
            for (; lowered < full; lowered++)
            {
                lowerWords[lowered + 1] = StringPool.hashWord(lowerWords[lowered],
                        StringPool.lowerAscii8(StringPool.word(path, lowered << 3)));
            }
        }
        long h = lower ? lowerWords[full] : words[full];
        final int tail = len & 7;
        if (tail != 0)
        {
            final long w = StringPool.word(path, full << 3) & ((1L << (tail << 3)) - 1);
            h = StringPool.hashWord(h, lower ? StringPool.lowerAscii8(w) : w);
        }
        return StringPool.hashFinish64(h, len);
    }

    /** Loads the exact host bucket of each request (the first level). */
    private void hostBuckets(final L7RequestView[] requests, final int count)
    {
        final int[] b = buckets;
        for (int i = 0; i < count; i++)
        {
            final L7RequestView r = requests[i];
            b[i] = bucketOf(r, q.gatewayOf(r));
        }
        int s = 0;
        for (int i = 0; i < count; i++)
        {
            final int rec = b[i];
            if (rec >= 0)
            {
                s += hosts.intAt(rec + HB_LENGTH) + hosts.intAt(rec + HB_SIZE / 2);
            }
        }
        sink += s;
    }

    /**
     * The exact host bucket where {@link HostStage}'s probe for this request's authority starts, found as it finds
     * it (lower-cased, hashed with the gateway id), neither proven nor remembered.
     *
     * @return the bucket's int index, -1 when the request cannot use one (no buckets, no gateway id, a port or an
     *         IPv6 literal in the authority, an authority longer than the buffer).
     */
    private int bucketOf(final L7RequestView request, final int gwId)
    {
        final int n = request.length(L7RequestView.AUTHORITY);
        final byte[] buffer = authority;
        if (gwId < 0 || bucketMask < 0 || n <= 0 || n + 8 > buffer.length)
        {
            return -1;
        }
        request.copyTo(L7RequestView.AUTHORITY, buffer, 0);
        long special = 0;
        long h = StringPool.HASH_START;
        for (int i = 0; i < n; i += 8)
        {
            long w = StringPool.word(buffer, i);
            if (n - i < 8)
            {
                w &= (1L << ((n - i) << 3)) - 1;
            }
            final long lw = StringPool.lowerAscii8(w);
            special |= StringPool.bytesEqual(lw, ':') | StringPool.bytesEqual(lw, ']');
            h = StringPool.hashWord(h, lw);
        }
        if (special != 0)
        {
            return -1;
        }
        return bucketStart + (hostBucket(hostHashKey(gwId, StringPool.hashFinish64(h, n))) & bucketMask) * HB_SIZE;
    }
}
