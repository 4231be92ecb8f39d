package dev.wirespeed.pipeline.forward;

/**
 * One worker's cache of source addresses' client classes ({@link MeshDirectory#workloadClass}): the workload lookup is
 * a binary search over every workload address, and a capture's segments come from few sources, so each source pays it
 * once until another source takes its slot (direct-mapped; allocation-free). A code is {@code class << 1}, plus 1 when
 * the source is a workload (a pod with a sidecar).
 */
final class ClientClasses
{
    /** Slots by default: a power of two. */
    static final int DEFAULT_SLOTS = 1 << 10;

    private final MeshDirectory directory;
    private final long[] hi;
    private final long[] lo;
    /** The code + 1 of the source in each slot; 0: empty. */
    private final int[] codes;
    private final int mask;
    private long misses;

    /**
     * @param directory the registry facts.
     * @param slots     how many sources are remembered (a power of two).
     */
    ClientClasses(final MeshDirectory directory, final int slots)
    {
        if (Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.directory = directory;
        this.hi = new long[slots];
        this.lo = new long[slots];
        this.codes = new int[slots];
        this.mask = slots - 1;
    }

    /**
     * @param ipVersion 4 or 6.
     * @param srcHi     the source address's high 64 bits (0 for IPv4).
     * @param srcLo     its low 64 bits (the IPv4 address, unsigned).
     * @return the source's code: {@code class << 1 | workload}.
     */
    int code(final int ipVersion, final long srcHi, final long srcLo)
    {
        final long keyLo = ipVersion == 4 ? 0xFFFF_0000_0000L | srcLo : srcLo; // as the directory keys IPv4
        long h = (srcHi ^ keyLo) * 0x9E37_79B9_7F4A_7C15L;
        h ^= h >>> 29;
        final int slot = (int)h & mask;
        if (codes[slot] != 0 && lo[slot] == keyLo && hi[slot] == srcHi)
        {
            return codes[slot] - 1;
        }
        misses++;
        final int w = ipVersion == 4 ? directory.workloadIpv4((int)srcLo) : directory.workloadIpv6(srcHi, srcLo);
        final int code = w >= 0 ? directory.workloadClass(w) << 1 | 1 : directory.unknownSourceClass() << 1;
        hi[slot] = srcHi;
        lo[slot] = keyLo;
        codes[slot] = code + 1;
        return code;
    }

    /** @return how many lookups did not find their source in the cache (each one a workload lookup). */
    long misses()
    {
        return misses;
    }
}
