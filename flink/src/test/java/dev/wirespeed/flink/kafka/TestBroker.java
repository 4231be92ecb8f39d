package dev.wirespeed.flink.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one node, no ZooKeeper) in the test's
 * JVM, on free ports of localhost, with its log in a temporary directory that {@link #close} removes.
 */
public final class TestBroker implements AutoCloseable
{
    /** The largest message the broker and the producer take (over the replay's 1 MiB line cap). */
    public static final int MAX_MESSAGE_BYTES = 3 << 20;

    private final Path logDir;
    private final KafkaRaftServer server;
    private final String bootstrap;

    private TestBroker(final Path logDir, final KafkaRaftServer server, final String bootstrap)
    {
        this.logDir = logDir;
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /**
     * Formats a log directory and starts the broker.
     *
     * @return the running broker.
     * @throws Exception when it cannot start.
     */
    public static TestBroker start() throws Exception
    {
        final Path logDir = Files.createTempDirectory("wirespeed-kafka");
        final int port = freePort();
        final int controllerPort = freePort();
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "1");
        p.put("num.io.threads", "2");
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        final KafkaConfig config = KafkaConfig.fromProps(p, false);
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setClusterId(Uuid.randomUuid().toString())
            .setNodeId(1)
            .setControllerListenerName("CONTROLLER")
            .setMetadataLogDirectory(logDir.toString())
            .setDirectories(Set.of(logDir.toString()))
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
        final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try
        {
            server.startup();
        }
        catch (final RuntimeException ex)
        {
            server.shutdown();
            delete(logDir);
            throw ex;
        }
        return new TestBroker(logDir, server, "localhost:" + port);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    /** @return the bootstrap address, {@code localhost:PORT}. */
    public String bootstrap()
    {
        return bootstrap;
    }

    /**
     * Creates a topic.
     *
     * @param topic      its name.
     * @param partitions its partitions.
     * @throws Exception when it cannot be created.
     */
    public void createTopic(final String topic, final int partitions) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Produces messages (no key) to the given partitions, in order, and waits until all are acknowledged.
     *
     * @param topic     the topic.
     * @param messages  the messages' values.
     * @param partition for each message, its partition.
     * @throws Exception when a send fails.
     */
    public void produce(final String topic, final List<byte[]> messages, final int[] partition) throws Exception
    {
        final Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));
        try (KafkaProducer<byte[], byte[]> producer =
                 new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer()))
        {
            final List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++)
            {
                sent.add(producer.send(new ProducerRecord<>(topic, partition[i], null, messages.get(i))));
            }
            producer.flush();
            for (final Future<RecordMetadata> f : sent)
            {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Produces messages to one partition in one transaction: the commit marker takes an offset of its own, so the
     * partition's offsets have a gap (as a topic an exactly-once producer writes has).
     *
     * @param topic     the topic.
     * @param partition the partition.
     * @param messages  the messages' values.
     * @throws Exception when a send or the commit fails.
     */
    public void produceInTransaction(final String topic, final int partition, final List<byte[]> messages)
        throws Exception
    {
        final Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "wirespeed-test-" + topic);
        try (KafkaProducer<byte[], byte[]> producer =
                 new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer()))
        {
            producer.initTransactions();
            producer.beginTransaction();
            for (final byte[] m : messages)
            {
                producer.send(new ProducerRecord<>(topic, partition, null, m));
            }
            producer.commitTransaction();
        }
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            server.shutdown();
            server.awaitShutdown();
        }
        finally
        {
            delete(logDir);
        }
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
