package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import net.openhft.chronicle.bytes.BytesStore;
import dev.wirespeed.fib.OffHeap;

/**
 * Read-only IPv4 longest-prefix match over the {@code IPV4_LPM} section of a {@link FibImage}
 * ({@link Ipv4Dir24Layout}). A lookup is one read of tbl24 and, only for the /24 blocks that hold
 * longer prefixes, one read of a tbl8 group: no branch on prefix length.
 *
 * <p>Reads: the image. Writes: nothing. Thread-safe (immutable); allocation-free.
 */
public final class Ipv4Dir24Table implements Ipv4Lookup
{
    private static final OffHeap U = OffHeap.MEMORY;

    private final long tbl24;
    private final long tbl8;
    private final int tbl8Groups;
    private final int routes;
    private final long sectionBytes;

    /**
     * @param image an image with an {@code IPV4_LPM} section (it must outlive this flyweight).
     */
    public Ipv4Dir24Table(final FibImage image)
    {
        this(image.store(), image.sectionOffset(FibSection.IPV4_LPM), image.sectionLength(FibSection.IPV4_LPM));
    }

    /**
     * @param store  the region.
     * @param offset the section offset.
     * @param length the section length.
     */
    public Ipv4Dir24Table(final BytesStore<?, ?> store, final long offset, final long length)
    {
        if (U.getInt(store.addressForRead(offset + Ipv4Dir24Layout.MAGIC_OFFSET)) != Ipv4Dir24Layout.MAGIC)
        {
            throw new IllegalArgumentException("IPV4_LPM section: bad magic");
        }
        tbl8Groups = U.getInt(store.addressForRead(offset + Ipv4Dir24Layout.TBL8_GROUPS_OFFSET));
        routes = U.getInt(store.addressForRead(offset + Ipv4Dir24Layout.ROUTES_OFFSET));
        if (tbl8Groups < 0 || Ipv4Dir24Layout.sectionSize(tbl8Groups) != length)
        {
            throw new IllegalArgumentException(
                    "IPV4_LPM section: size " + length + " does not match " + tbl8Groups + " tbl8 groups");
        }
        tbl24 = store.addressForRead(offset + Ipv4Dir24Layout.HEADER_SIZE);
        tbl8 = tbl24 + Ipv4Dir24Layout.TBL24_BYTES;
        sectionBytes = length;
    }

    /**
     * Longest-prefix match.
     *
     * @param address destination address.
     * @return the {@link RouteWord} of the longest matching prefix, {@link RouteWord#MISS} if none.
     */
    @Override
    public int lookup(final int address)
    {
        final int word = U.getInt(tbl24 + ((long)(address >>> 8) << 2));
        if (word >= 0)
        {
            return word;
        }
        return U.getInt(tbl8 + ((long)(((word & 0x7fffffff) << 8) | (address & 0xff)) << 2));
    }

    /**
     * Batched longest-prefix match. The loop body has no dependency between iterations, so the CPU
     * keeps several tbl24 cache misses in flight at once. Kept small on purpose so the JIT inlines it
     * into the caller's loop: a two-pass variant (all tbl24 reads, then tbl8 fix-ups) and a 4-way
     * unrolled one both measured slower here (see docs/performance.md).
     *
     * @param addresses    destination addresses.
     * @param from         first index in {@code addresses}.
     * @param count        how many.
     * @param results      receives the {@link RouteWord}s.
     * @param resultsFrom  first index in {@code results}.
     */
    @Override
    public void lookupBatch(
            final int[] addresses, final int from, final int count, final int[] results, final int resultsFrom)
    {
        final long t24 = tbl24;
        final long t8 = tbl8;
        for (int i = 0; i < count; i++)
        {
            final int address = addresses[from + i];
            final int word = U.getInt(t24 + ((long)(address >>> 8) << 2));
            results[resultsFrom + i] = word >= 0
                    ? word
                    : U.getInt(t8 + ((long)(((word & 0x7fffffff) << 8) | (address & 0xff)) << 2));
        }
    }

    /**
     * Batched longest-prefix match of exactly 16 addresses: the same loop as {@link #lookupBatch} with a
     * constant trip count, which the JIT unrolls completely (a variable-count call measured ~30% slower
     * in {@code bench lpm}).
     *
     * @param addresses   destination addresses.
     * @param from        first index in {@code addresses}.
     * @param results     receives 16 {@link RouteWord}s.
     * @param resultsFrom first index in {@code results}.
     */
    @Override
    public void lookup16(final int[] addresses, final int from, final int[] results, final int resultsFrom)
    {
        lookupBatch(addresses, from, 16, results, resultsFrom);
    }

    /**
     * Checks every word of the table (about 10 ms for 64 MiB): each tbl8 pointer names an existing
     * group, no tbl8 word is a pointer, and each route names a group below {@code groupCount}. Call it
     * once when opening an image from an untrusted file; lookups then need no bounds checks.
     *
     * @param groupCount number of next-hop groups in the image.
     * @throws IllegalArgumentException naming the first bad entry.
     */
    public void verify(final int groupCount)
    {
        final long entries = Ipv4Dir24Layout.TBL24_ENTRIES + (long)tbl8Groups * Ipv4Dir24Layout.TBL8_GROUP_ENTRIES;
        for (long i = 0; i < entries; i++)
        {
            final int word = U.getInt(tbl24 + (i << 2));
            final boolean bad = word < 0
                    ? i >= Ipv4Dir24Layout.TBL24_ENTRIES || (word & 0x7fffffff) >= tbl8Groups
                    : word != RouteWord.MISS
                            && (RouteWord.groupId(word) >= groupCount || RouteWord.prefixLength(word) > 32);
            if (bad)
            {
                throw new IllegalArgumentException(
                        "IPV4_LPM section: bad entry " + i + " (0x" + Integer.toHexString(word) + ")");
            }
        }
    }

    /** @return number of routes compiled into the table. */
    public int routeCount()
    {
        return routes;
    }

    /** @return number of tbl8 groups in use. */
    public int tbl8Groups()
    {
        return tbl8Groups;
    }

    /** @return bytes of the section. */
    public long sizeInBytes()
    {
        return sectionBytes;
    }
}
