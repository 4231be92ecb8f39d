package dev.wirespeed.control.model;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How a cluster's endpoints are ordered before a load balancer picks one (docs/routing.md §4), and the locality
 * vocabulary: by address then port; with locality failover, by locality (region, zone, subzone) first, so the
 * endpoints a client's locality chooses are one contiguous range.
 */
public final class EndpointOrder
{
    /** The source label holding a client's region (its node's, Kubernetes' well-known label). */
    public static final String REGION_LABEL = "topology.kubernetes.io/region";
    /** The source label holding a client's zone. */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    /** The source label holding a client's subzone (Istio's label). */
    public static final String SUBZONE_LABEL = "topology.istio.io/subzone";

    /** By address, then port. */
    public static final Comparator<Candidate> ADDRESS = Comparator.comparing(Candidate::address)
            .thenComparingInt(Candidate::port);
    /** By region, zone, subzone, then address and port. */
    public static final Comparator<Candidate> LOCALITY = Comparator
            .comparing((Candidate c) -> localityParts(c.locality())[0])
            .thenComparing(c -> localityParts(c.locality())[1])
            .thenComparing(c -> localityParts(c.locality())[2])
            .thenComparing(ADDRESS);

    private EndpointOrder()
    {
    }

    /**
     * A healthy endpoint of a cluster.
     *
     * @param address  its address.
     * @param port     its port for the cluster's service port.
     * @param weight   its weight, at least 1.
     * @param locality its locality, {@code region/zone/subzone} or {@code ""}.
     * @param labels   its labels as a {@code failoverPriority} reads them ({@link #priorityLabels}).
     */
    public record Candidate(String address, int port, long weight, String locality, Map<String, String> labels)
    {
        /**
         * A candidate whose labels are only its locality's.
         *
         * @param address  its address.
         * @param port     its port.
         * @param weight   its weight.
         * @param locality its locality.
         */
        public Candidate(final String address, final int port, final long weight, final String locality)
        {
            this(address, port, weight, locality, priorityLabels(Map.of(), locality));
        }
    }

    /**
     * An endpoint's labels as Istio's {@code AugmentLabels} gives them to the endpoint a {@code failoverPriority}
     * compares: its own, with its locality's non-empty region, zone and subzone (Istio's {@code SplitLocalityLabel})
     * written over {@link #REGION_LABEL}, {@link #ZONE_LABEL} and {@link #SUBZONE_LABEL}. The cluster, node and
     * network labels Istio also adds are not: a label of that name counts only when the endpoint has it.
     *
     * @param labels   the endpoint's labels.
     * @param locality its locality.
     * @return the labels.
     */
    public static Map<String, String> priorityLabels(final Map<String, String> labels, final String locality)
    {
        final Map<String, String> out = new java.util.HashMap<>(labels);
        final String[] items = locality.split("/", -1);
        final String[] names = {REGION_LABEL, ZONE_LABEL, SUBZONE_LABEL};
        for (int k = 0; k < Math.min(3, items.length); k++)
        {
            if (!items[k].isEmpty())
            {
                out.put(names[k], items[k]);
            }
        }
        return Map.copyOf(out);
    }

    /**
     * Istio's {@code ConvertLocality}: {@code region/zone/subzone}, missing parts empty (the subzone keeps any
     * further {@code /}).
     *
     * @param locality a locality, or {@code ""}.
     * @return {region, zone, subzone}.
     */
    public static String[] localityParts(final String locality)
    {
        final String[] out = {"", "", ""};
        final String[] parts = locality.split("/", 3);
        for (int k = 0; k < parts.length; k++)
        {
            out[k] = parts[k];
        }
        return out;
    }

    /**
     * @param candidates endpoints in their order.
     * @return their weights divided by the weights' greatest common divisor, {@code null} when all are equal.
     */
    public static long[] normalisedWeights(final List<Candidate> candidates)
    {
        long gcd = 0;
        boolean equal = true;
        for (final Candidate c : candidates)
        {
            gcd = gcd(gcd, c.weight());
            equal &= c.weight() == candidates.get(0).weight();
        }
        if (equal)
        {
            return null;
        }
        final long[] out = new long[candidates.size()];
        for (int k = 0; k < out.length; k++)
        {
            out[k] = candidates.get(k).weight() / gcd;
        }
        return out;
    }

    private static long gcd(final long a, final long b)
    {
        return b == 0 ? a : gcd(b, a % b);
    }
}
