package dev.wirespeed.flink.job;

import dev.wirespeed.flink.DecisionRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * The summary's dimensions of a decision, each as a (dimension and name, 1) pair that a keyed sum adds up:
 * {@code action/route}, {@code reason/no-route}, {@code cluster/outbound|9080||reviews...}.
 */
public final class SummaryKeys implements FlatMapFunction<DecisionRecord, Tuple2<String, Long>>
{
    /** Dimension of action counts. */
    public static final String ACTION = "action/";
    /** Dimension of drop and punt reason counts. */
    public static final String REASON = "reason/";
    /** Dimension of cluster counts. */
    public static final String CLUSTER = "cluster/";

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(final DecisionRecord d, final Collector<Tuple2<String, Long>> out)
    {
        out.collect(Tuple2.of(ACTION + d.action, 1L));
        if (d.reason != null)
        {
            out.collect(Tuple2.of(REASON + d.reason, 1L));
        }
        if (d.cluster != null)
        {
            out.collect(Tuple2.of(CLUSTER + d.cluster, 1L));
        }
    }
}
