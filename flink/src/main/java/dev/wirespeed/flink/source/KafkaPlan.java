package dev.wirespeed.flink.source;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a bounded read of a Kafka topic of JSONL requests reads, planned once on the client before the job is
 * submitted: every partition of the topic from its first offset to the offset its next record will get (the
 * log end, or the last stable offset under {@code isolation.level=read_committed}) when the command starts.
 *
 * <p>Record indices: partition by partition in partition order, offset by offset within one, so the record at
 * {@code offset} of partition {@code p} has index {@code base(p) + offset - start(p)}, where {@code base(p)} is
 * the number of records in the partitions before {@code p}. These are exactly the indices the single-machine
 * {@code replay} gives the partitions' messages written one a line into one file, partition 0 first; they are
 * the same in every run over the same offsets (the request id every per-request choice is seeded with), and
 * dense, so {@code --ordered} and {@code --verify} work as for files. A partition whose offsets have gaps
 * (transaction markers, a compacted topic) gives fewer records than offsets: the conservation check says so.
 *
 * @param topic      the topic.
 * @param partitions the partitions in partition order.
 * @param records    the offsets the read covers (the records of a topic without gaps).
 */
public record KafkaPlan(String topic, List<Partition> partitions, long records) implements Serializable
{
    /**
     * One partition's range.
     *
     * @param partition its number.
     * @param start     its first offset read.
     * @param end       the offset after the last one read.
     * @param base      the record index of its first offset.
     */
    public record Partition(int partition, long start, long end, long base) implements Serializable
    {
    }

    /**
     * Asks the brokers for the topic's partitions and their first and end offsets.
     *
     * @param bootstrap  the brokers ({@code HOST:PORT[,HOST:PORT...]}).
     * @param topic      the topic.
     * @param properties client properties (security, timeouts, {@code isolation.level}).
     * @return the plan.
     * @throws IllegalArgumentException when the topic does not exist or the brokers do not answer in time.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static KafkaPlan of(final String bootstrap, final String topic, final Map<String, String> properties)
        throws InterruptedException
    {
        final Map<String, Object> conf = new HashMap<>(properties);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        conf.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        final boolean committed = "read_committed".equals(
            properties.getOrDefault(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "").toLowerCase(Locale.ROOT));
        try (Admin admin = Admin.create(conf))
        {
            final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(60, TimeUnit.SECONDS).get(topic);
            final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (final TopicPartitionInfo p : description.partitions())
            {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            final ListOffsetsOptions options = new ListOffsetsOptions(
                committed ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
            final var starts = admin.listOffsets(earliest, options).all().get(60, TimeUnit.SECONDS);
            final var ends = admin.listOffsets(latest, options).all().get(60, TimeUnit.SECONDS);
            final List<Partition> partitions = new ArrayList<>();
            long base = 0;
            for (int p = 0; p < description.partitions().size(); p++)
            {
                final TopicPartition tp = new TopicPartition(topic, p);
                final long start = starts.get(tp).offset();
                final long end = Math.max(start, ends.get(tp).offset());
                partitions.add(new Partition(p, start, end, base));
                base += end - start;
            }
            return new KafkaPlan(topic, List.copyOf(partitions), base);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof UnknownTopicOrPartitionException)
            {
                throw new IllegalArgumentException("kafka topic " + topic + ": no such topic at " + bootstrap, ex);
            }
            throw new IllegalArgumentException("kafka topic " + topic + " at " + bootstrap + ": "
                + ex.getCause().getMessage(), ex);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalArgumentException("kafka at " + bootstrap + ": no answer in time", ex);
        }
    }

    /** @return start offset by partition (where the read starts). */
    public Map<TopicPartition, Long> startOffsets()
    {
        final Map<TopicPartition, Long> m = new HashMap<>();
        for (final Partition p : partitions)
        {
            m.put(new TopicPartition(topic, p.partition()), p.start());
        }
        return m;
    }

    /** @return end offset by partition (where the bounded read stops). */
    public Map<TopicPartition, Long> endOffsets()
    {
        final Map<TopicPartition, Long> m = new HashMap<>();
        for (final Partition p : partitions)
        {
            m.put(new TopicPartition(topic, p.partition()), p.end());
        }
        return m;
    }

    /** @return the partitions' names, {@code topic-N}, by partition (for messages about bad records). */
    public List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (final Partition p : partitions)
        {
            names.add(topic + "-" + p.partition());
        }
        return names;
    }
}
