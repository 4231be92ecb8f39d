package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Locality failover of the cluster stage (Istio's {@code applyLocalityFailover}, docs/routing.md §4): Envoy sends
 * every request to the highest priority that has endpoints, and with no failures every endpoint is healthy, so the
 * client's locality alone chooses the endpoints — those of its own region, zone and subzone (priority 0), else its
 * region and zone (1), else its region (2), else the failover region named for its region (3), else all (4). The
 * client's locality is its source labels {@code topology.kubernetes.io/region}, {@code topology.kubernetes.io/zone}
 * and {@code topology.istio.io/subzone} (absent: empty). Reads a cluster's locality record in {@code CLUSTERS};
 * writes {@link #first} and {@link #count}, the chosen contiguous range of the cluster's endpoints.
 */
final class LocalityChoice
{
    /** A source label value no group has: it equals no region, zone or subzone. */
    private static final int UNKNOWN = -2;
    /** A label not read yet. */
    private static final int NOT_READ = -3;

    private final IndexedTable clusters;
    private final RequestScratch q;
    private final int regionLabel;
    private final int zoneLabel;
    private final int subzoneLabel;
    private final int empty;
    /** The first chosen endpoint, relative to the cluster's. */
    int first;
    /** How many endpoints are chosen. */
    int count;
    /** The client's region, zone and subzone read since {@link #forget} (bit k set: {@code parts[k]} is known). */
    private final int[] parts = new int[3];
    private int known;

    LocalityChoice(final IndexedTable clusters, final RequestScratch q)
    {
        this.clusters = clusters;
        this.q = q;
        this.regionLabel = clusters.intAt(K_REGION_LABEL);
        this.zoneLabel = clusters.intAt(K_ZONE_LABEL);
        this.subzoneLabel = clusters.intAt(K_SUBZONE_LABEL);
        this.empty = clusters.intAt(K_EMPTY);
    }

    /** @param loc a cluster's locality record: chooses the endpoints of the client's best priority. */
    void choose(final int loc)
    {
        final int region = part(regionLabel);
        int zone = NOT_READ; // the zone and subzone labels are read only when a group shares the client's region
        int subzone = NOT_READ;
        final int groups = clusters.intAt(loc + LOC_GROUP_COUNT);
        final int failovers = clusters.intAt(loc + LOC_FAILOVER_COUNT);
        final int failoverStart = loc + LOC_GROUPS + groups * LG_SIZE;
        boolean failover = false;
        int to = UNKNOWN;
        for (int k = 0; k < failovers; k++)
        {
            if (clusters.intAt(failoverStart + 2 * k) == region)
            {
                failover = true; // the first entry from the client's region
                to = clusters.intAt(failoverStart + 2 * k + 1);
                break;
            }
        }
        int best = Integer.MAX_VALUE;
        int start = 0;
        int end = 0;
        for (int g = 0; g < groups; g++)
        {
            final int r = loc + LOC_GROUPS + g * LG_SIZE;
            final int groupRegion = clusters.intAt(r + LG_REGION);
            final int priority;
            if (groupRegion != region)
            {
                priority = failover && groupRegion != to ? 4 : 3;
            }
            else
            {
                zone = zone == NOT_READ ? part(zoneLabel) : zone;
                if (clusters.intAt(r + LG_ZONE) != zone)
                {
                    priority = 2;
                }
                else
                {
                    subzone = subzone == NOT_READ ? part(subzoneLabel) : subzone;
                    priority = clusters.intAt(r + LG_SUBZONE) != subzone ? 1 : 0;
                }
            }
            final int groupStart = clusters.intAt(r + LG_START);
            if (priority < best)
            {
                best = priority;
                start = groupStart;
            }
            if (priority == best)
            {
                end = groupStart + clusters.intAt(r + LG_COUNT); // the groups of one priority are contiguous
            }
        }
        first = start;
        count = end - start;
    }

    /**
     * @param k 0, 1 or 2.
     * @return the client's region, zone or subzone: its string id, {@code ""}'s when absent, -2 when no string of
     *         the FIB is that value.
     */
    int clientPart(final int k)
    {
        if ((known & 1 << k) == 0)
        {
            parts[k] = part(k == 0 ? regionLabel : k == 1 ? zoneLabel : subzoneLabel);
            known |= 1 << k;
        }
        return parts[k];
    }

    /** A new request: the client's locality is read again when next asked for ({@link #clientPart}). */
    void forget()
    {
        known = 0;
    }

    /** @return the client's value of a source label: its string id, {@code ""}'s when absent, -2 for another. */
    int part(final int label)
    {
        final int handle = q.sourceLabel(label);
        if (handle == -1)
        {
            return empty;
        }
        final int id = q.findValue(handle);
        return id < 0 ? UNKNOWN : id;
    }
}
