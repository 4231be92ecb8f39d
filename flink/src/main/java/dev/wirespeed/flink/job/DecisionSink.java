package dev.wirespeed.flink.job;

import dev.wirespeed.flink.DecisionRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The decision files: Flink's {@link FileSink} (exactly-once: part files are committed with checkpoints, or
 * at the end of a batch job) writing each decision line as it is, into {@code DIR/decisions-<uuid>-<i>-<n>.jsonl}
 * for parallel instance {@code i}. A batch job writes one file per instance; a streaming job rolls a new part
 * at every checkpoint, so what a checkpoint commits is never rewritten.
 *
 * <p>A bulk format rather than a row format: the row format hands each line to the file's stream as it comes
 * (one write system call per decision on a local file system); the {@link LineWriter} buffers 1 MiB and
 * Flink flushes it before each checkpoint and at the end of each part.
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
     * @return the sink.
     */
    public static FileSink<DecisionRecord> create(final Path directory)
    {
        return FileSink
            .forBulkFormat(new org.apache.flink.core.fs.Path(directory.toAbsolutePath().toUri()), new Lines())
            .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PREFIX).withPartSuffix(SUFFIX).build())
            .withBucketAssigner(new BasePathBucketAssigner<>())
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .build();
    }

    /** Makes a {@link LineWriter} per part file. */
    static final class Lines implements BulkWriter.Factory<DecisionRecord>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public BulkWriter<DecisionRecord> create(final FSDataOutputStream out)
        {
            return new LineWriter(out);
        }
    }

    /** Writes the decision lines' bytes (newline included) unchanged, through a 1 MiB buffer. */
    static final class LineWriter implements BulkWriter<DecisionRecord>
    {
        private final BufferedOutputStream out;

        LineWriter(final FSDataOutputStream out)
        {
            this.out = new BufferedOutputStream(out, 1 << 20);
        }

        @Override
        public void addElement(final DecisionRecord element) throws IOException
        {
            out.write(element.line);
        }

        @Override
        public void flush() throws IOException
        {
            out.flush();
        }

        @Override
        public void finish() throws IOException
        {
            out.flush(); // the part file's stream belongs to the sink, which closes it
        }
    }
}
