package dev.wirespeed.flink.job;

import dev.wirespeed.flink.DecisionRecord;
import dev.wirespeed.flink.TraceRecord;
import dev.wirespeed.flink.source.KafkaPlan;
import dev.wirespeed.flink.source.KafkaRequests;
import dev.wirespeed.flink.source.TracePlan;
import dev.wirespeed.flink.source.TraceSource;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and runs the replay job:
 *
 * <pre>
 *   TraceSource (splits) or KafkaSource (a topic's partitions) -- records-read --[fault injection]--+
 *     JSONL:    RequestEngineFunction, chained to the source (requests keep no state between records)
 *     captures: keyBy(flow hash) --&gt; PacketEngineFunction (keyed: a flow's packets meet one engine, in order)
 *   decisions -- decisions-written --&gt; FileSink (DIR/decisions-*.jsonl, exactly-once)
 *   summary: counted where decisions are made, merged by Flink as an accumulator ({@link SummaryCounts})
 * </pre>
 *
 * <p>Object reuse is on: no function keeps a record after passing it on, so chained operators hand records
 * over without Flink's defensive copies.
 *
 * <p>Batch mode for a bounded replay of files; streaming mode (with exactly-once checkpoints) on request, and
 * always for Kafka.
 */
public final class ReplayJob
{
    private ReplayJob()
    {
    }

    /**
     * What to run.
     *
     * @param config         config documents (name to YAML text) in load order.
     * @param inputs         the inputs' paths as given (messages).
     * @param plan           the planned splits of the input files ({@code null} when reading Kafka).
     * @param kafka          the Kafka topic to read instead of files, or {@code null}.
     * @param decisions      the output directory.
     * @param streaming      streaming mode with checkpoints (else batch).
     * @param checkpointMs   checkpoint interval in streaming mode.
     * @param failOnceAfter  fault injection: fail once after this many records of instance 0 (or -1).
     */
    public record Spec(Map<String, String> config, List<String> inputs, TracePlan plan, Kafka kafka,
        Path decisions, boolean streaming, long checkpointMs, long failOnceAfter)
    {
        /** @return whether the records are packets (captures; keyed by flow). */
        boolean capture()
        {
            return plan != null && plan.capture();
        }
    }

    /**
     * A Kafka topic of JSONL requests, read from the offsets its plan fixed ({@link KafkaRequests}).
     *
     * @param bootstrap  the brokers ({@code HOST:PORT[,...]}).
     * @param plan       partitions and offsets to read.
     * @param properties Kafka client properties.
     */
    public record Kafka(String bootstrap, KafkaPlan plan, Map<String, String> properties)
    {
    }

    /**
     * What the job did.
     *
     * @param execution the job's result (accumulators, run time).
     * @param summary   counts by dimension and name ({@code action/route} ...).
     */
    public record Outcome(JobExecutionResult execution, Map<String, Long> summary)
    {
        /**
         * @param name an accumulator's name.
         * @return its value, 0 when no instance registered it.
         */
        public long counter(final String name)
        {
            final Object v = execution.getAllAccumulatorResults().get(name);
            return v instanceof Number ? ((Number)v).longValue() : 0L;
        }
    }

    /**
     * Adds the job to the environment and runs it (blocking).
     *
     * @param env  the environment (local MiniCluster, remote cluster, or the one {@code flink run} provides).
     * @param spec what to run.
     * @return the outcome.
     * @throws Exception when the job fails.
     */
    public static Outcome run(final StreamExecutionEnvironment env, final Spec spec) throws Exception
    {
        env.setRuntimeMode(spec.streaming() ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        env.getConfig().enableObjectReuse();
        if (spec.streaming())
        {
            env.enableCheckpointing(spec.checkpointMs(), CheckpointingMode.EXACTLY_ONCE);
        }
        final DataStream<TraceRecord> source = spec.kafka() == null
            ? env.fromSource(new TraceSource(spec.plan()), WatermarkStrategy.noWatermarks(), "trace")
            : env.fromSource(KafkaRequests.source(spec.kafka().bootstrap(), spec.kafka().plan(),
                spec.kafka().properties()), WatermarkStrategy.noWatermarks(), "kafka");
        DataStream<TraceRecord> records = source
            .map(new CountingMap<TraceRecord>(EngineCounters.RECORDS_READ)).name("records-read")
            .returns(TypeInformation.of(TraceRecord.class));
        if (spec.failOnceAfter() >= 0)
        {
            records = records.map(new FailOnce<TraceRecord>(spec.failOnceAfter())).name("fail-once")
                .returns(TypeInformation.of(TraceRecord.class));
        }
        final DataStream<DecisionRecord> decisions;
        if (spec.capture())
        {
            decisions = records.keyBy(new FlowKey())
                .process(new PacketEngineFunction(spec.config())).name("packet-engine")
                .returns(TypeInformation.of(DecisionRecord.class));
        }
        else
        {
            decisions = records.process(new RequestEngineFunction(spec.config(), spec.inputs()))
                .name("request-engine").returns(TypeInformation.of(DecisionRecord.class));
        }
        decisions.map(new CountingMap<DecisionRecord>(EngineCounters.DECISIONS_WRITTEN)).name("decisions-written")
            .returns(TypeInformation.of(DecisionRecord.class))
            .sinkTo(DecisionSink.create(spec.decisions())).name("decision-files");
        final JobExecutionResult result = env.execute("wirespeed replay");
        final Map<String, Long> counts = new TreeMap<>();
        final Object summary = result.getAllAccumulatorResults().get(SummaryCounts.ACCUMULATOR);
        if (summary instanceof Map)
        {
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)summary).entrySet())
            {
                counts.put(String.valueOf(e.getKey()), ((Number)e.getValue()).longValue());
            }
        }
        return new Outcome(result, counts);
    }
}
