package dev.wirespeed.flink.cli;

import dev.wirespeed.flink.job.DecisionFiles;
import dev.wirespeed.flink.job.EngineCounters;
import dev.wirespeed.flink.job.ReplayJob;
import dev.wirespeed.flink.job.SummaryKeys;
import dev.wirespeed.flink.source.KafkaPlan;
import dev.wirespeed.flink.source.TracePlan;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.EngineConfigException;
import dev.wirespeed.sim.replay.ReplaySummary;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wirespeed flink replay}: the single-machine {@code replay} as a Flink job. Plans the splits (or the
 * offsets of a Kafka topic to read), runs the
 * job on a local MiniCluster (default), on the cluster {@code flink run} submits to, or on a remote one
 * ({@code --jobmanager}), checks conservation from the job's counters, merges the decisions into input order
 * with {@code --ordered}, and prints the summary.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
                "Replay JSONL traces or captures through the engine on Apache Flink.",
                "Example: wirespeed flink replay -c examples/reviews examples/reviews/requests.jsonl "
                        + "--decisions out/ --parallelism 2 --ordered",
        })
public final class FlinkReplayCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "Config file or directory (YAML; repeatable).")
    List<Path> config = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = "JSONL traces or pcap/pcapng captures (all of one kind; record indices run on across them).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Read JSONL requests from a Kafka topic on these brokers instead of INPUT files "
                + "(with --kafka-topic; one request a message; streaming mode).")
    String kafkaBootstrap;

    @Option(names = "--kafka-topic", paramLabel = "TOPIC",
            description = "The Kafka topic to read: every partition, from its first offset to its end when the "
                + "command starts.")
    String kafkaTopic;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property (repeatable): security settings, isolation.level, ...")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--decisions", required = true, paramLabel = "DIR",
            description = "Directory for the decision files (one per parallel instance; must hold no decisions yet).")
    Path decisions;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", description = "Parallel instances (default: Flink's).")
    Integer parallelism;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "Submit to this Flink cluster (its REST address) instead of a local MiniCluster.")
    String jobmanager;

    @Option(names = "--ordered",
            description = "Merge the decisions into DIR/decisions.jsonl in input order (as the single-machine replay).")
    boolean ordered;

    @Option(names = "--verify", description = "Check the decision files: every record once (implied by --ordered).")
    boolean verify;

    @Option(names = "--streaming",
            description = "Run in streaming mode with exactly-once checkpoints (default: batch mode; Kafka: always).")
    boolean streaming;

    @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "1000",
            description = "Streaming: checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @Option(names = "--split-bytes", paramLabel = "BYTES", defaultValue = "0",
            description = "JSONL: bytes per split (default: the input over 4 splits per instance, 1 MiB to 128 MiB).")
    long splitBytes;

    @Option(names = "--fail-once-after", paramLabel = "N", defaultValue = "-1", hidden = true,
            description = "Fault injection: fail a task once after N records (streaming: after a checkpoint).")
    long failOnceAfter;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter err = spec.commandLine().getErr();
        final boolean kafka = checkInputs();
        final List<String> names = new ArrayList<>();
        for (final Path p : inputs)
        {
            if (!Files.isRegularFile(p))
            {
                return fail(err, p + ": no such file");
            }
            names.add(p.toString());
        }
        if (Files.isDirectory(decisions) && (!DecisionFiles.parts(decisions).isEmpty()
            || Files.exists(decisions.resolve(DecisionFiles.ORDERED))))
        {
            return fail(err, decisions + ": holds decisions of an earlier run (use an empty or new directory)");
        }
        Files.createDirectories(decisions);
        try (Engine engine = Engine.load(config))
        {
            for (final String w : engine.warnings())
            {
                err.println(w);
            }
        }
        catch (final EngineConfigException ex)
        {
            for (final String e : ex.problems())
            {
                err.println(e);
            }
            err.flush();
            return 1;
        }
        final Map<String, String> documents = ConfigDocuments.read(config);
        final StreamExecutionEnvironment env = environment();
        TracePlan plan = null;
        ReplayJob.Kafka topic = null;
        final long records;
        try
        {
            if (kafka)
            {
                topic = new ReplayJob.Kafka(kafkaBootstrap, KafkaPlan.of(kafkaBootstrap, kafkaTopic, kafkaProperties),
                    Map.copyOf(kafkaProperties));
                names.addAll(topic.plan().names());
                records = topic.plan().records();
                err.println("flink: " + records + " records in " + topic.plan().partitions().size()
                    + " partitions of kafka topic " + kafkaTopic + ", parallelism " + env.getParallelism()
                    + ", streaming");
            }
            else
            {
                plan = TracePlan.of(inputs,
                    splitBytes > 0 ? splitBytes : defaultSplitBytes(inputs, env.getParallelism()));
                records = plan.records();
                err.println("flink: " + records + " records in " + plan.splits().size() + " splits, parallelism "
                    + env.getParallelism() + (streaming ? ", streaming" : ", batch"));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return fail(err, ex.getMessage());
        }
        err.flush();
        final long start = System.nanoTime();
        final ReplayJob.Outcome outcome = ReplayJob.run(env, new ReplayJob.Spec(documents, names, plan, topic,
            decisions.toAbsolutePath(), streaming || kafka, checkpointMs, failOnceAfter));
        final long elapsed = System.nanoTime() - start;
        final String balance = conservation(records, outcome);
        if (balance != null)
        {
            return fail(err, "conservation check failed: " + balance + (kafka
                ? " (a topic whose offsets have gaps, from transactions or compaction, has fewer records than offsets)"
                : ""));
        }
        if (ordered || verify)
        {
            final DecisionFiles files = DecisionFiles.index(decisions, records);
            if (ordered)
            {
                err.println("flink: merged " + files.lines() + " decisions into " + files.mergeInto(decisions));
            }
        }
        final ReplaySummary summary = summary(outcome, elapsed);
        final PrintWriter out = spec.commandLine().getOut();
        out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
        out.flush();
        return 0;
    }

    /**
     * Checks that the command names files or a Kafka topic, not both.
     *
     * @return whether the input is a Kafka topic.
     */
    private boolean checkInputs()
    {
        final boolean kafka = kafkaBootstrap != null || kafkaTopic != null;
        if (kafka && (kafkaBootstrap == null || kafkaTopic == null))
        {
            throw new ParameterException(spec.commandLine(), "--kafka-bootstrap and --kafka-topic go together");
        }
        if (kafka == !inputs.isEmpty())
        {
            throw new ParameterException(spec.commandLine(), kafka
                ? "INPUT files or a Kafka topic (--kafka-topic), not both"
                : "Missing required parameter: 'INPUT' (or --kafka-bootstrap and --kafka-topic)");
        }
        if (!kafka && !kafkaProperties.isEmpty())
        {
            throw new ParameterException(spec.commandLine(), "--kafka-property goes with --kafka-topic");
        }
        if (kafka && splitBytes > 0)
        {
            throw new ParameterException(spec.commandLine(), "--split-bytes is for files (a topic's partitions are "
                + "its splits)");
        }
        return kafka;
    }

    private StreamExecutionEnvironment environment() throws URISyntaxException
    {
        return Environments.create(spec, jobmanager, parallelism);
    }

    /** @return the input's bytes over 4 splits per instance, between 1 MiB and 128 MiB. */
    static long defaultSplitBytes(final List<Path> inputs, final int parallelism) throws IOException
    {
        long total = 0;
        for (final Path p : inputs)
        {
            total += Files.size(p);
        }
        return Math.max(1L << 20, Math.min(128L << 20, total / (4L * Math.max(1, parallelism))));
    }

    /** @return what does not balance, or {@code null} when every record was read, decided and written once. */
    static String conservation(final long planned, final ReplayJob.Outcome o)
    {
        final long read = o.counter(EngineCounters.RECORDS_READ);
        final long in = o.counter(EngineCounters.RECORDS_IN);
        final long written = o.counter(EngineCounters.DECISIONS_WRITTEN);
        long decided = 0;
        for (int a = 0; a < Actions.COUNT; a++)
        {
            decided += o.counter(EngineCounters.ACTION_PREFIX + Actions.name(a));
        }
        if (read == planned && in == planned && decided == planned && written == planned)
        {
            return null;
        }
        return planned + " records in the input, " + read + " read, " + in + " into the engines, " + decided
            + " decided, " + written + " written";
    }

    private static ReplaySummary summary(final ReplayJob.Outcome o, final long elapsedNanos)
    {
        final ReplaySummary s = SummaryKeys.summary(o.summary());
        s.elapsedNanos(elapsedNanos);
        return s;
    }

    private static int fail(final PrintWriter err, final String message)
    {
        err.println("wirespeed flink replay: " + message);
        err.flush();
        return 1;
    }
}
