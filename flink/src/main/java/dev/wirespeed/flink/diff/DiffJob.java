package dev.wirespeed.flink.diff;

import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.flink.job.CountingMap;
import dev.wirespeed.flink.job.EngineCounters;
import dev.wirespeed.flink.job.FlowKey;
import dev.wirespeed.flink.source.TracePlan;
import dev.wirespeed.flink.source.TraceSource;
import dev.wirespeed.sim.diff.DiffReport;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.Map;

/**
 * Builds and runs the diff job (batch mode):
 *
 * <pre>
 *   TraceSource (splits) -- records-read --+
 *     JSONL:    DiffFunctions.Requests, chained to the source
 *     captures: keyBy(flow hash) --&gt; DiffFunctions.Packets (a flow's packets meet one instance, in order)
 *   each instance: two engines and the single-machine DecisionDiff's per-record steps into a partial DiffReport
 *   the partial reports: merged by Flink as an accumulator ({@link ReportAccumulator}) --&gt; client
 * </pre>
 *
 * <p>No record per decision leaves its instance: a report is a few counts per change group, per cluster and
 * its examples, so the partial reports meet once, at the end.
 */
public final class DiffJob
{
    private DiffJob()
    {
    }

    /**
     * What to compare.
     *
     * @param oldConfig the current config's documents (name to YAML text) in load order.
     * @param newConfig the changed config's documents.
     * @param input     the input's name in the report (the paths as given).
     * @param plan      the planned splits.
     * @param examples  example records kept per change.
     */
    public record Spec(Map<String, String> oldConfig, Map<String, String> newConfig, String input, TracePlan plan,
        int examples)
    {
    }

    /**
     * What the job found.
     *
     * @param execution the job's result (accumulators, run time).
     * @param report    the merged report.
     */
    public record Outcome(JobExecutionResult execution, DiffReport report)
    {
        /** @return the records the sources emitted. */
        public long recordsRead()
        {
            final Object v = execution.getAllAccumulatorResults().get(EngineCounters.RECORDS_READ);
            return v instanceof Number ? ((Number)v).longValue() : 0L;
        }
    }

    /**
     * Adds the job to the environment and runs it (blocking).
     *
     * @param env  the environment.
     * @param spec what to compare.
     * @return the outcome.
     * @throws Exception when the job fails.
     */
    public static Outcome run(final StreamExecutionEnvironment env, final Spec spec) throws Exception
    {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.getConfig().enableObjectReuse();
        final DataStream<TraceRecord> records = env
            .fromSource(new TraceSource(spec.plan()), WatermarkStrategy.noWatermarks(), "trace")
            .map(new CountingMap<TraceRecord>(EngineCounters.RECORDS_READ)).name("records-read")
            .returns(TypeInformation.of(TraceRecord.class));
        final DiffPart part = new DiffPart(spec.oldConfig(), spec.newConfig(), spec.input(), spec.plan().capture(),
            spec.examples());
        final DataStream<Void> none;
        if (spec.plan().capture())
        {
            none = records.keyBy(new FlowKey()).process(new DiffFunctions.Packets(part)).name("packet-diff")
                .returns(Types.VOID);
        }
        else
        {
            none = records.process(new DiffFunctions.Requests(part)).name("request-diff").returns(Types.VOID);
        }
        none.sinkTo(new DiscardingSink<>()).name("nothing");
        final JobExecutionResult result = env.execute("wirespeed diff");
        final Object report = result.getAllAccumulatorResults().get(ReportAccumulator.NAME);
        return new Outcome(result, report instanceof DiffReport ? (DiffReport)report
            : new DiffReport(spec.input(), spec.plan().capture(), spec.examples()));
    }
}
