package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A cluster's {@code distribute} (Istio's {@code applyLocalityWeights}, Envoy's locality-weighted load balancing,
 * docs/routing.md §4): the first entry whose {@code from} matches the client's locality gives each locality of the
 * cluster a weight (0: its endpoints are dropped); no entry matching, each locality weighs its endpoints' weights.
 * Envoy picks a locality by weight, then an endpoint in it. Here the locality is the one whose cumulative weight
 * first passes a point: the request id modulo the total (Envoy's weighted round robin over localities, in blocks).
 * The request's place in its locality's own schedule, {@link #scheduleId}, then drives the round robin inside the
 * locality. A consistent hash picks no locality: Envoy hashes into one table over the weighted localities'
 * endpoints, the entry's ({@link #hashTable}). Reads a choice record in {@code CLUSTERS}; writes {@link #first},
 * {@link #count} and {@link #scheduleId}.
 */
final class LocalityWeights
{
    private final IndexedTable clusters;
    private final RequestScratch q;
    private final LocalityChoice client;
    /** The first endpoint of the chosen locality, relative to the cluster's. */
    int first;
    /** Its endpoints. */
    int count;
    /** How many requests the chosen locality got before this one, in the model's schedule. */
    long scheduleId;

    /** @param client reads the client's locality. */
    LocalityWeights(final IndexedTable clusters, final RequestScratch q, final LocalityChoice client)
    {
        this.clusters = clusters;
        this.q = q;
        this.client = client;
    }

    /**
     * @param rec a choice record of kind {@link L7Layout#CHOICE_DISTRIBUTE}.
     * @return false when no locality keeps an endpoint for this client (no healthy upstream).
     */
    boolean choose(final int rec)
    {
        final int groups = clusters.intAt(rec + DI_GROUP_COUNT);
        final int entries = clusters.intAt(rec + DI_ENTRY_COUNT);
        final int k = entry(rec, groups);
        final int cumulative = clusters.intAt(k == entries ? rec + DI_FALLBACK
                : rec + DI_GROUPS + 2 * groups + k * DE_SIZE + 3);
        final long total = clusters.longAt(cumulative + groups - 1);
        if (total == 0)
        {
            return false;
        }
        final long id = q.res.requestId;
        final long at = Math.floorMod(id, total);
        int g = 0;
        while (clusters.longAt(cumulative + g) <= at)
        {
            g++;
        }
        final long before = g == 0 ? 0 : clusters.longAt(cumulative + g - 1);
        scheduleId = Math.floorDiv(id, total) * (clusters.longAt(cumulative + g) - before) + (at - before);
        final int r = rec + DI_GROUPS + 2 * g;
        first = clusters.intAt(r);
        count = clusters.intAt(r + 1);
        return true;
    }

    /**
     * @param rec a choice record of kind {@link L7Layout#CHOICE_DISTRIBUTE} of a consistent-hash cluster.
     * @return the table record of the client's entry (its locality-weighted ring or Maglev table), -1 when no
     *         locality keeps an endpoint for this client.
     */
    int hashTable(final int rec)
    {
        final int groups = clusters.intAt(rec + DI_GROUP_COUNT);
        final int entries = clusters.intAt(rec + DI_ENTRY_COUNT);
        return clusters.intAt(rec + DI_GROUPS + 2 * groups + DE_SIZE * entries + entry(rec, groups));
    }

    /** @return the index of the first entry matching the client, the entry count (the fallback) when none does. */
    private int entry(final int rec, final int groups)
    {
        final int entries = clusters.intAt(rec + DI_ENTRY_COUNT);
        if (entries > 0)
        {
            final int region = client.clientPart(0);
            final int zone = client.clientPart(1);
            final int subzone = client.clientPart(2);
            final int start = rec + DI_GROUPS + 2 * groups;
            for (int k = 0; k < entries; k++)
            {
                final int e = start + k * DE_SIZE;
                if (matches(clusters.intAt(e), region) && matches(clusters.intAt(e + 1), zone)
                        && matches(clusters.intAt(e + 2), subzone))
                {
                    return k;
                }
            }
        }
        return entries;
    }

    private static boolean matches(final int pattern, final int value)
    {
        return pattern == LOC_ANY || pattern == value;
    }
}
