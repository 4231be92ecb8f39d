package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steady-state replay loop allocates nothing per record: for a request trace, line reading, byte-level
 * parsing, the L7 and L3 stages, the in-order sink, the decision encoder and the summary tallies; for a capture,
 * the copy into the arena, the ingress parse, the packet forwarder, the decision lines with the packet context
 * (request text and tunnel from the kept parse facts; encoded on the decision output's writer thread, whose counter
 * is read too) and the tallies. Measured with the thread allocation counter on an inline replay: the bytes a
 * 110k-record replay allocates minus those of a 10k-record replay of the same lines by the same replay object
 * (set-up, the pipeline, the counters file and the summary cost the same in both) must stay under a bound of well
 * under one byte per record.
 */
class ReplayAllocationTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final long BOUND_BYTES = 64 * 1024;
    private static final String REGEX = """
            - name: regex
              match:
              - uri:
                  prefix: /api/
              rewrite:
                uriRegexRewrite:
                  match: ^/api/(v[0-9])/(.*)$
                  rewrite: /\\2/\\1
              headers:
                request:
                  set:
                    x-version: v2
                  remove:
                  - cookie
              route:
              - destination:
                  host: reviews
                  subset: v2
          """;
    private static final String HEADER_OPERATIONS = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews-route
          namespace: default
        spec:
          hosts:
          - reviews
          http:
        REGEX
          - name: api
            match:
            - uri:
                prefix: /api/
            headers:
              request:
                set:
                  x-version: v2
                add:
                  x-trace: "on"
                remove:
                - cookie
            route:
            - destination:
                host: reviews
                subset: v2
              weight: 50
              headers:
                request:
                  set:
                    x-dest: a
            - destination:
                host: reviews
                subset: v1
              weight: 50
          - name: catalog
            match:
            - uri:
                prefix: /wpcatalog
            rewrite:
              uri: /newcatalog
              authority: reviews.internal
            headers:
              request:
                add:
                  end-user: extra
            route:
            - destination:
                host: reviews
                subset: v2
          - name: rest
            route:
            - destination:
                host: reviews
                subset: v1
              headers:
                request:
                  remove:
                  - x-dest
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews-destination
          namespace: default
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        """;

    @TempDir
    Path dir;

    @Test
    void shouldAllocateAlmostNothingPerRecordInTheSteadyStateReplayLoop() throws IOException
    {
        exampleReplay("reviews");
    }

    /**
     * {@code examples/dynamic-dns}: the mesh's ALLOW_ANY_DYNAMIC_DNS (lines to the dynamic forward proxy, written as
     * bytes) and a headless Service's per-endpoint listeners (a {@code dst} read in the host stage).
     */
    @Test
    void shouldAllocateAlmostNothingPerRecordUnderAllowAnyDynamicDns() throws IOException
    {
        exampleReplay("dynamic-dns");
    }

    private void exampleReplay(final String example) throws IOException
    {
        final Path examples = ROOT.resolve("examples/" + example);
        final List<String> requests = new ArrayList<>();
        for (final String line : Files.readAllLines(examples.resolve("requests.jsonl")))
        {
            if (!line.isBlank())
            {
                requests.add(line);
            }
        }
        final Path small = trace(example + "-small.jsonl", requests, 10_000);
        final Path large = trace(example + "-large.jsonl", requests, 110_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Engine engine = Engine.load(List.of(examples)))
        {
            final ReplayDriver replay = new ReplayDriver(engine, new PipelineConfig().workers(1)
                .mode(ExecutionMode.INLINE).countersDirectory(dir.resolve("counters")).deleteCountersOnClose(true),
                new PrintWriter(new StringWriter()));
            replay(replay, large, 110_000); // warm-up: JIT, name caches, every slot's arena
            replay(replay, small, 10_000);
            final long id = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(id);
            replay(replay, small, 10_000);
            final long mid = threads.getThreadAllocatedBytes(id);
            replay(replay, large, 110_000);
            final long after = threads.getThreadAllocatedBytes(id);
            final long perExtra100k = (after - mid) - (mid - before);
            System.out.println("ReplayAllocationTest " + example + ": 10k records " + (mid - before)
                + " B, 110k records " + (after - mid) + " B, difference for 100k records " + perExtra100k + " B");
            assertThat(perExtra100k).as("bytes allocated by 100k more records").isLessThan(BOUND_BYTES);
        }
    }

    /**
     * Routes with request header operations (route and destination, set, add, remove, one and several
     * destinations), a prefix rewrite and an authority rewrite: their decision lines carry {@code headers},
     * {@code removedHeaders} and rewritten paths, written as bytes.
     */
    @Test
    void shouldAllocateAlmostNothingPerRecordWithHeaderOperationsAndRewrites() throws IOException
    {
        final long extra = headerOperationsReplay(false);
        assertThat(extra).as("bytes allocated by 100k more records").isLessThan(BOUND_BYTES);
    }

    /**
     * As above with a {@code uriRegexRewrite} route too (two records in five rewritten): its regex is matched by
     * the allocation-free Pike VM ({@code AsciiRegexMatcher}), so these records are held to the same bound.
     */
    @Test
    void shouldAllocateAlmostNothingPerRecordWithRegexRewrites() throws IOException
    {
        final long extra = headerOperationsReplay(true);
        assertThat(extra).as("bytes allocated by 100k more records").isLessThan(BOUND_BYTES);
    }

    private long headerOperationsReplay(final boolean regex) throws IOException
    {
        final Path config = Files.createDirectories(dir.resolve(regex ? "regex-config" : "ops-config"));
        final Path examples = ROOT.resolve("examples/reviews");
        Files.copy(examples.resolve("registry.yaml"), config.resolve("registry.yaml"));
        Files.copy(examples.resolve("network.yaml"), config.resolve("network.yaml"));
        Files.writeString(config.resolve("routing.yaml"), HEADER_OPERATIONS.replace("REGEX\n", regex ? REGEX : ""));
        final List<String> requests = List.of(
            "{\"path\":\"/api/v1/books?x=1\",\"authority\":\"reviews\",\"port\":9080,"
                + "\"headers\":{\"cookie\":\"a=b\",\"x-version\":\"v1\"}}",
            "{\"path\":\"/api/v2/a/b\",\"authority\":\"reviews\",\"port\":9080,\"headers\":{\"x-trace\":\"1\"}}",
            "{\"path\":\"/wpcatalog/books\",\"authority\":\"reviews\",\"port\":9080,"
                + "\"headers\":{\"end-user\":\"jason\"}}",
            "{\"path\":\"/other\",\"authority\":\"reviews\",\"port\":9080,\"headers\":{\"x-dest\":\"z\"}}",
            "{\"path\":\"/api/v3/c\",\"authority\":\"reviews\",\"port\":9080}");
        final Path small = trace((regex ? "regex" : "ops") + "-small.jsonl", requests, 10_000);
        final Path large = trace((regex ? "regex" : "ops") + "-large.jsonl", requests, 110_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Engine engine = Engine.load(List.of(config)))
        {
            final ReplayDriver replay = new ReplayDriver(engine, new PipelineConfig().workers(1)
                .mode(ExecutionMode.INLINE).countersDirectory(dir.resolve("counters")).deleteCountersOnClose(true),
                new PrintWriter(new StringWriter()));
            final ByteArrayOutputStream lines = new ByteArrayOutputStream();
            replay.run(small, lines, new ReplaySummary(), ReplayProgress.NONE);
            final String text = lines.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("\"headers\":{").contains("\"removedHeaders\":[\"cookie\"]")
                .contains("\"path\":\"/newcatalog/books\"");
            if (regex)
            {
                assertThat(text).contains("\"path\":\"/books/v1?x=1\"");
            }
            replay(replay, large, 110_000); // warm-up: JIT, name caches, every slot's arena
            replay(replay, small, 10_000);
            final long id = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(id);
            replay(replay, small, 10_000);
            final long mid = threads.getThreadAllocatedBytes(id);
            replay(replay, large, 110_000);
            final long after = threads.getThreadAllocatedBytes(id);
            final long perExtra100k = (after - mid) - (mid - before);
            System.out.println("ReplayAllocationTest " + (regex ? "header operations and regex rewrites" : "header "
                + "operations and rewrites") + ": 10k records " + (mid - before) + " B, 110k records " + (after - mid)
                + " B, difference for 100k records " + perExtra100k + " B");
            return perExtra100k;
        }
    }

    @Test
    void shouldAllocateAlmostNothingPerPacketInTheSteadyStateCaptureReplayLoop() throws IOException
    {
        capture(false); // lines encoded on the replay's thread (two cores)
        capture(true); // lines encoded on the decision output's writer thread (more cores)
    }

    private void capture(final boolean beside) throws IOException
    {
        final List<byte[]> frames = CaptureReplayTest.randomFrames(new SplittableRandom(5), 10_000);
        final List<byte[]> more = new ArrayList<>();
        for (int k = 0; k < 11; k++)
        {
            more.addAll(frames);
        }
        final Path small = Files.write(dir.resolve("small.pcap"), CaptureReplayTest.pcap(frames));
        final Path large = Files.write(dir.resolve("large.pcap"), CaptureReplayTest.pcap(more));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Engine engine = Engine.fromYaml(CaptureReplayTest.CONFIG))
        {
            final ReplayDriver replay = new ReplayDriver(engine, new PipelineConfig().workers(1)
                .mode(ExecutionMode.INLINE).countersDirectory(dir.resolve("counters")).deleteCountersOnClose(true),
                new PrintWriter(new StringWriter())).context(true).linesBeside(beside);
            replay(replay, large, 110_000, OutputStream.nullOutputStream()); // warm-up: JIT, name caches
            replay(replay, small, 10_000, OutputStream.nullOutputStream());
            final long id = Thread.currentThread().getId();
            // the lines are encoded on the decision output's writer thread (a new one per replay): the stream reads
            // that thread's counter at every block it is handed, the last of which is written at the end
            final WriterAllocation smallLines = new WriterAllocation(threads);
            final WriterAllocation largeLines = new WriterAllocation(threads);
            final long before = threads.getThreadAllocatedBytes(id);
            replay(replay, small, 10_000, smallLines);
            final long mid = threads.getThreadAllocatedBytes(id);
            replay(replay, large, 110_000, largeLines);
            final long after = threads.getThreadAllocatedBytes(id);
            final long perExtra100k = (after - mid) - (mid - before);
            final long writerExtra100k = largeLines.allocated - smallLines.allocated;
            System.out.println("ReplayAllocationTest capture, lines " + (beside ? "beside" : "on this thread")
                + ": 10k packets " + (mid - before) + " B, 110k packets "
                + (after - mid) + " B, difference for 100k packets " + perExtra100k + " B; writer thread "
                + smallLines.allocated + " B, " + largeLines.allocated + " B, difference " + writerExtra100k + " B ("
                + smallLines.bytes + " and " + largeLines.bytes + " bytes of lines)");
            assertThat(largeLines.bytes).as("lines of 110k packets").isGreaterThan(10 * smallLines.bytes);
            assertThat(perExtra100k).as("bytes allocated by 100k more packets").isLessThan(BOUND_BYTES);
            assertThat(writerExtra100k).as("bytes allocated by the writer thread for 100k more packets")
                .isLessThan(BOUND_BYTES);
        }
    }

    /** A null stream that reads the allocation counter of the thread that writes to it, at every write. */
    private static final class WriterAllocation extends OutputStream
    {
        private final com.sun.management.ThreadMXBean threads;
        long allocated = -1;
        long bytes;

        WriterAllocation(final com.sun.management.ThreadMXBean threads)
        {
            this.threads = threads;
        }

        @Override
        public void write(final int b)
        {
            write(new byte[] {(byte)b}, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            bytes += len;
            allocated = threads.getCurrentThreadAllocatedBytes();
        }
    }

    private Path trace(final String name, final List<String> requests, final int count) throws IOException
    {
        final List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            lines.add(requests.get(i % requests.size()));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static void replay(final ReplayDriver replay, final Path trace, final long records) throws IOException
    {
        replay(replay, trace, records, OutputStream.nullOutputStream());
    }

    private static void replay(final ReplayDriver replay, final Path trace, final long records,
        final OutputStream lines) throws IOException
    {
        final ReplaySummary summary = new ReplaySummary();
        final ConservationReport report = replay.run(trace, lines, summary,
            ReplayProgress.NONE).conservation();
        assertThat(report.balanced()).isTrue();
        assertThat(summary.records()).isEqualTo(records);
    }
}
