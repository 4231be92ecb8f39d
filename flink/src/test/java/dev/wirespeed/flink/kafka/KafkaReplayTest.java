package dev.wirespeed.flink.kafka;

import dev.wirespeed.flink.Replays;
import dev.wirespeed.flink.job.DecisionFiles;
import dev.wirespeed.flink.job.FailOnce;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.gen.TraceGenerator;
import dev.wirespeed.sim.jsonl.LineReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.wirespeed.flink.Replays.assertSameSummary;
import static dev.wirespeed.flink.Replays.byIndex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flink replay --kafka-topic} against the single-machine replay, with a real single-node Kafka broker
 * (KRaft) in the test's JVM: a generated trace and the lines the replay treats specially are produced into a
 * topic of 2 partitions, the job reads it on a MiniCluster with parallelism 2, and its decisions must be,
 * byte for byte, those {@code replay} writes for the partitions' messages written one a line into one file
 * (partition 0 first, the record indices the job gives them), with the same summary; and when a task fails
 * mid-run the job restores the Kafka offsets from a checkpoint and loses and duplicates nothing.
 * Seed: {@code -Dwirespeed.seed=N} (default 13), printed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaReplayTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 13L);
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final Path CONFIG = ROOT.resolve("examples/reviews");
    private static final String TOPIC = "requests";
    /** A line the replay drops as a bad record: stands in the reference file for a message that is one too. */
    private static final String BAD_LINE = "not json";

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static Replays.Reference reference;
    private static int[] perPartition;

    @BeforeAll
    static void topic() throws Exception
    {
        System.out.println("KafkaReplayTest seed " + SEED + " (-Dwirespeed.seed=N to explore)");
        broker = TestBroker.start();
        broker.createTopic(TOPIC, 2);
        final List<byte[]> messages = new ArrayList<>();
        final List<byte[]> lines = new ArrayList<>();
        for (final String line : generated(3000))
        {
            messages.add(utf8(line));
            lines.add(utf8(line));
        }
        // messages the replay's line rules apply to, each with the line the reference file holds for it
        final Random random = new Random(SEED);
        special(messages, lines, random, utf8("{\"path\":\"/x\",\"authority\":\"reviews\",\"port\":9080}\r\n"), null);
        special(messages, lines, random, utf8("{\"path\":\"/y\",\"authority\":\"reviews\",\"port\":9080}\n"), null);
        special(messages, lines, random, utf8("{\"path\":\"/\u00e9\",\"authority\":\"reviews\"}"), null);
        special(messages, lines, random, utf8(BAD_LINE), null);
        special(messages, lines, random, utf8("{\"path\":1}"), null);
        special(messages, lines, random, utf8("{\"path\":\"/" + "x".repeat(LineReader.MAX_LINE_BYTES) + "\"}"), null);
        final byte[] invalid = utf8("{\"path\":\"/?\"}");
        invalid[10] = (byte)0xFF;
        special(messages, lines, random, invalid, null);
        // not as in a file: a blank message and one with a line break inside are bad records, with an index each
        special(messages, lines, random, utf8(""), utf8(BAD_LINE));
        special(messages, lines, random, utf8("  "), utf8(BAD_LINE));
        special(messages, lines, random, utf8("{\"path\":\"/a\"}\n{\"path\":\"/b\"}"), utf8(BAD_LINE));
        // a byte order mark on the first message of partition 0: the reference file starts with it
        final byte[] marked = utf8("\uFEFF" + generated(1).get(0));
        messages.add(0, marked);
        lines.add(0, marked);

        final int[] partition = new int[messages.size()];
        perPartition = new int[2];
        for (int i = 1; i < partition.length; i++)
        {
            partition[i] = random.nextInt(2);
        }
        final Path concatenated = dir.resolve("partitions.jsonl");
        try (OutputStream out = Files.newOutputStream(concatenated))
        {
            for (int p = 0; p < 2; p++)
            {
                for (int i = 0; i < partition.length; i++)
                {
                    if (partition[i] == p)
                    {
                        perPartition[p]++;
                        out.write(lines.get(i));
                        out.write('\n');
                    }
                }
            }
        }
        broker.produce(TOPIC, messages, partition);
        reference = Replays.singleMachine(CONFIG, concatenated, dir);
    }

    /** @return {@code count} lines of {@code gen trace} for the config. */
    private static List<String> generated(final int count) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Engine engine = Engine.load(List.of(CONFIG)))
        {
            TraceGenerator.write(engine.model(), count, SEED, out);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * Inserts a message at a random place; the reference file holds {@code line} for it, or the message less one
     * trailing line terminator.
     */
    private static void special(final List<byte[]> messages, final List<byte[]> lines, final Random random,
        final byte[] message, final byte[] line)
    {
        final int at = random.nextInt(messages.size() + 1);
        messages.add(at, message);
        int n = message.length;
        n -= n > 0 && message[n - 1] == '\n' ? 1 : 0;
        n -= n > 0 && message[n - 1] == '\r' ? 1 : 0;
        lines.add(at, line != null ? line : Arrays.copyOf(message, n));
    }

    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws IOException
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    @Test
    void shouldDecideEveryMessageAsTheSingleMachineReplayOfThePartitionsWrittenInOrder() throws IOException
    {
        final Path out = dir.resolve("ordered");
        final StringWriter summary = new StringWriter();
        assertThat(Replays.flink(summary, "replay", "-c", CONFIG.toString(), "--kafka-bootstrap", broker.bootstrap(),
            "--kafka-topic", TOPIC, "--decisions", out.toString(), "-p", "2", "--ordered", "--json")).isZero();
        assertThat(Math.min(perPartition[0], perPartition[1])).as("messages in each partition").isGreaterThan(1000);
        final byte[] merged = Files.readAllBytes(out.resolve(DecisionFiles.ORDERED));
        assertThat(byIndex(merged)).hasSize(perPartition[0] + perPartition[1])
            .isEqualTo(byIndex(reference.decisions()));
        assertThat(merged).isEqualTo(reference.decisions());
        assertSameSummary(summary.toString(), reference.summary());
        assertThat(new String(merged, StandardCharsets.UTF_8).lines().filter(l -> l.contains("bad-record")).count())
            .as("bad records").isEqualTo(7);
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenATaskFailsMidRunAndRestoresTheOffsetsFromACheckpoint() throws IOException
    {
        final int before = FailOnce.INJECTED.get();
        final Path out = dir.resolve("recovery");
        final StringWriter summary = new StringWriter();
        assertThat(Replays.flink(summary, "replay", "-c", CONFIG.toString(), "--kafka-bootstrap", broker.bootstrap(),
            "--kafka-topic", TOPIC, "--decisions", out.toString(), "-p", "2", "--checkpoint-interval", "100",
            "--fail-once-after", "300", "--verify", "--json")).isZero();
        assertThat(FailOnce.INJECTED.get()).as("a task failed mid-run").isGreaterThan(before);
        assertThat(byIndex(out)).isEqualTo(byIndex(reference.decisions()));
        // the conservation counters and the summary are restored with the checkpoint: counted once each
        assertSameSummary(summary.toString(), reference.summary());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldEndWithNoDecisionForAnEmptyTopic() throws Exception
    {
        broker.createTopic("empty", 2);
        final Path out = dir.resolve("empty");
        final StringWriter summary = new StringWriter();
        assertThat(Replays.flink(summary, "replay", "-c", CONFIG.toString(), "--kafka-bootstrap", broker.bootstrap(),
            "--kafka-topic", "empty", "--decisions", out.toString(), "-p", "2", "--ordered", "--json")).isZero();
        assertThat(Files.size(out.resolve(DecisionFiles.ORDERED))).isZero();
        assertThat(summary.toString()).contains("\"records\":0");
    }

    @Test
    void shouldFailTheConservationCheckForATopicWhoseOffsetsHaveGaps() throws Exception
    {
        broker.createTopic("transactional", 1);
        broker.produceInTransaction("transactional", 0, List.of(utf8("{\"path\":\"/a\",\"authority\":\"reviews\"}"),
            utf8("{\"path\":\"/b\",\"authority\":\"reviews\"}")));
        final StringWriter err = new StringWriter();
        assertThat(Replays.flink(new StringWriter(), err, "replay", "-c", CONFIG.toString(), "--kafka-bootstrap",
            broker.bootstrap(), "--kafka-topic", "transactional", "--decisions", dir.resolve("gaps").toString()))
            .isEqualTo(1);
        assertThat(err.toString()).contains("3 records in the input, 2 read").contains("transactions or compaction");
    }

    @Test
    void shouldRefuseATopicThatDoesNotExist()
    {
        assertThat(Replays.flink(new StringWriter(), "replay", "-c", CONFIG.toString(), "--kafka-bootstrap",
            broker.bootstrap(), "--kafka-topic", "no-such-topic", "--decisions", dir.resolve("none").toString()))
            .isEqualTo(1);
    }

    @Test
    void shouldRefuseFilesAndATopicTogether() throws IOException
    {
        final Path trace = Files.writeString(dir.resolve("one.jsonl"), "{\"path\":\"/\"}\n");
        assertThat(Replays.flink(new StringWriter(), "replay", "-c", CONFIG.toString(), trace.toString(),
            "--kafka-bootstrap", broker.bootstrap(), "--kafka-topic", TOPIC, "--decisions",
            dir.resolve("both").toString())).isEqualTo(2);
    }
}
