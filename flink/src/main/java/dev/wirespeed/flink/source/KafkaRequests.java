package dev.wirespeed.flink.source;

import dev.wirespeed.flink.TraceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A Kafka topic of JSONL requests as a source of {@link TraceRecord}s: Flink's {@link KafkaSource} reading the
 * offsets a {@link KafkaPlan} fixed (bounded: the job ends when every partition has reached its planned end),
 * one record per message. A message is one JSONL line: its value's bytes, less one trailing line terminator
 * (LF, CRLF or CR) if it has one; the engine applies the replay's line rules to it (a byte order mark at its
 * start is skipped, a message over the line cap or with invalid UTF-8 or with a line break inside is a bad
 * record). Each record carries the index the plan gives its partition and offset.
 *
 * <p>Exactly-once: the source's checkpointed state is each partition's next offset, so a job restored from a
 * checkpoint reads every message after the last one it had passed on, once; offsets are not committed to a
 * consumer group (no group is needed, and none is changed).
 */
public final class KafkaRequests implements KafkaRecordDeserializationSchema<TraceRecord>
{
    private static final long serialVersionUID = 1L;

    private final long[] start;
    private final long[] base;

    private KafkaRequests(final KafkaPlan plan)
    {
        start = new long[plan.partitions().size()];
        base = new long[plan.partitions().size()];
        for (final KafkaPlan.Partition p : plan.partitions())
        {
            start[p.partition()] = p.start();
            base[p.partition()] = p.base();
        }
    }

    /**
     * @param bootstrap  the brokers.
     * @param plan       what to read.
     * @param properties client properties (security, {@code isolation.level}, ...).
     * @return the source.
     */
    public static KafkaSource<TraceRecord> source(final String bootstrap, final KafkaPlan plan,
        final Map<String, String> properties)
    {
        final Set<TopicPartition> partitions = new HashSet<>(plan.startOffsets().keySet());
        final Properties props = new Properties();
        props.putAll(properties);
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        return KafkaSource.<TraceRecord>builder()
            .setBootstrapServers(bootstrap)
            .setPartitions(partitions)
            .setStartingOffsets(OffsetsInitializer.offsets(plan.startOffsets()))
            .setBounded(OffsetsInitializer.offsets(plan.endOffsets()))
            .setDeserializer(new KafkaRequests(plan))
            .setProperties(props)
            .setProperty("commit.offsets.on.checkpoint", "false")
            .setClientIdPrefix("wirespeed-replay")
            .build();
    }

    @Override
    public void deserialize(final ConsumerRecord<byte[], byte[]> message, final Collector<TraceRecord> out)
    {
        final TraceRecord r = new TraceRecord();
        r.kind = TraceRecord.KIND_MESSAGE;
        r.index = base[message.partition()] + message.offset() - start[message.partition()];
        r.input = message.partition();
        r.line = message.offset();
        r.bytes = withoutTerminator(message.value());
        out.collect(r);
    }

    /** @return the value less one trailing LF, CRLF or CR ({@code null}, a tombstone, as an empty line). */
    static byte[] withoutTerminator(final byte[] value)
    {
        if (value == null)
        {
            return new byte[0];
        }
        int n = value.length;
        if (n > 0 && value[n - 1] == '\n')
        {
            n--;
            if (n > 0 && value[n - 1] == '\r')
            {
                n--;
            }
        }
        else if (n > 0 && value[n - 1] == '\r')
        {
            n--;
        }
        return n == value.length ? value : Arrays.copyOf(value, n);
    }

    @Override
    public TypeInformation<TraceRecord> getProducedType()
    {
        return TypeInformation.of(TraceRecord.class);
    }
}
