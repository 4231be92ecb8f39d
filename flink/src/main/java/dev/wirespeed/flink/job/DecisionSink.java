package dev.wirespeed.flink.job;

import dev.wirespeed.flink.DecisionRecord;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The decision files: Flink's {@link FileSink} (exactly-once: part files are committed with checkpoints, or
 * at the end of a batch job) writing each decision line as it is, into {@code DIR/decisions-<uuid>-<i>-<n>.jsonl}
 * for parallel instance {@code i}. A batch job writes one file per instance; a streaming job rolls a new part
 * at every checkpoint, so what a checkpoint commits is never rewritten.
 */
public final class DecisionSink
{
    /** Part file name prefix. */
    public static final String PREFIX = "decisions";
    /** Part file name suffix. */
    public static final String SUFFIX = ".jsonl";

    private DecisionSink()
    {
    }

    /**
     * @param directory where the part files go.
     * @param streaming whether the job runs in streaming mode (parts roll on checkpoints).
     * @return the sink.
     */
    public static FileSink<DecisionRecord> create(final Path directory, final boolean streaming)
    {
        final FileSink.DefaultRowFormatBuilder<DecisionRecord> builder = FileSink
            .forRowFormat(new org.apache.flink.core.fs.Path(directory.toAbsolutePath().toUri()), new LineEncoder())
            .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PREFIX).withPartSuffix(SUFFIX).build())
            .withBucketAssigner(new BasePathBucketAssigner<>());
        if (streaming)
        {
            return builder.withRollingPolicy(OnCheckpointRollingPolicy.build()).build();
        }
        return builder.withRollingPolicy(DefaultRollingPolicy.builder()
            .withMaxPartSize(MemorySize.ofMebiBytes(1L << 30))
            .withRolloverInterval(Duration.ofDays(3650))
            .withInactivityInterval(Duration.ofDays(3650))
            .build()).build();
    }

    /** Writes the decision line's bytes (newline included) unchanged. */
    static final class LineEncoder implements Encoder<DecisionRecord>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(final DecisionRecord element, final OutputStream stream) throws IOException
        {
            stream.write(element.line);
        }
    }
}
