package dev.wirespeed.control.compile;

/**
 * Table sizes of the L7 FIB, explicit like an ASIC's: exceeding one is a compile error naming the
 * table, never a silent truncation. The hard limits come from key widths in
 * {@link dev.wirespeed.fib.l7.L7Layout} (string ids 24 bits, virtual hosts 23 bits, fields 16 bits).
 *
 * @param maxStrings              STRINGS: interned strings (&le; 2^24).
 * @param maxVirtualHosts         HOST_STAGE: VirtualServices (&le; 2^23).
 * @param maxBlocksPerVirtualHost CLASSIFIER: match blocks of one VirtualService (&le; 2^24, the block index width).
 * @param maxFields               CLASSIFIER: distinct match fields (&le; 2^16).
 * @param maxRoutes               ACTIONS: HTTP routes.
 * @param maxMirrorsPerRoute      ACTIONS: mirrors of one route (&le; 64, a bit mask).
 * @param maxClusters             CLUSTERS: clusters.
 * @param maxEndpoints            ENDPOINTS: endpoint entries over all clusters.
 */
public record L7Capacities(
        int maxStrings,
        int maxVirtualHosts,
        int maxBlocksPerVirtualHost,
        int maxFields,
        int maxRoutes,
        int maxMirrorsPerRoute,
        int maxClusters,
        int maxEndpoints)
{
    /** The default sizes. */
    public static final L7Capacities DEFAULT =
            new L7Capacities(1 << 24, 1 << 20, 1 << 20, 1 << 16, 1 << 20, 64, 1 << 20, 1 << 22);
}
