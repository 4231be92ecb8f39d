package dev.wirespeed.flink.job;

/**
 * The summary's keys: {@code dimension/name}, as {@code action/route}, {@code reason/no-route},
 * {@code cluster/outbound|9080||reviews...} (see {@link SummaryCounts}).
 */
public final class SummaryKeys
{
    /** Dimension of action counts. */
    public static final String ACTION = "action/";
    /** Dimension of drop and punt reason counts. */
    public static final String REASON = "reason/";
    /** Dimension of cluster counts. */
    public static final String CLUSTER = "cluster/";

    private SummaryKeys()
    {
    }
}
