package dev.wirespeed.flink.job;

import dev.wirespeed.flink.TraceRecord;
import org.apache.flink.api.java.functions.KeySelector;

/** The partitioning key of captured packets: the flow hash (symmetric: both directions of a flow). */
public final class FlowKey implements KeySelector<TraceRecord, Integer>
{
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(final TraceRecord r)
    {
        return r.flowHash;
    }
}
