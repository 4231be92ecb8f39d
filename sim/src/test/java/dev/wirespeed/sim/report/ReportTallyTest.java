package dev.wirespeed.sim.report;

import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.replay.ReplayProgress;
import dev.wirespeed.sim.replay.ReplaySummary;
import dev.wirespeed.sim.replay.ReplayDriver;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's tallies against plain references: the time chart's intervals (which double in width as the
 * trace goes on) hold exactly what a direct count into intervals of the final width gives; top talkers are exact
 * while the flows fit and never lose a heavy one beyond; and a request replay with the report allocates nothing
 * per record.
 */
class ReportTallyTest
{
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));

    @TempDir
    Path dir;

    private static DecisionDescriptor decision()
    {
        return new DecisionDescriptor().wrap(new UnsafeBuffer(ByteBuffer.allocateDirect(DecisionDescriptor.LENGTH)),
            0);
    }

    @Test
    void shouldCountIntoTheSameIntervalsAsADirectCountAtTheFinalWidth()
    {
        final long seed = Long.getLong("wirespeed.seed", 42L);
        System.out.println("ReportTallyTest seed " + seed + " (-Dwirespeed.seed=N to explore)");
        final SplittableRandom random = new SplittableRandom(seed);
        final ReportTally tally = new ReportTally();
        final DecisionDescriptor d = decision();
        final int n = 20_000;
        final long[] ts = new long[n];
        final int[] actions = new int[n];
        long t = 1_000 + random.nextLong(1_000_000);
        final long base = t; // the first record's time
        for (int i = 0; i < n; i++)
        {
            ts[i] = i % 500 == 7 ? base - 5 : t; // a few records earlier than the first
            t += random.nextLong(50_000);
            actions[i] = random.nextInt(Actions.COUNT);
            d.reset(i).action(actions[i]);
            tally.request(d, ts[i]);
        }
        final long width = tally.width();
        assertThat(width).isGreaterThan(1);
        assertThat((t - base) / width).isLessThan(ReportTally.BUCKETS);
        final long[][] reference = new long[ReportTally.BUCKETS][Actions.COUNT];
        long early = 0;
        for (int i = 0; i < n; i++)
        {
            final long offset = Math.max(0, ts[i] - base);
            early += ts[i] < base ? 1 : 0;
            reference[(int)(offset / width)][actions[i]]++;
        }
        for (int b = 0; b < ReportTally.BUCKETS; b++)
        {
            for (int a = 0; a < Actions.COUNT; a++)
            {
                assertThat(tally.count(b, a)).as("interval %d action %d", b, a).isEqualTo(reference[b][a]);
            }
        }
        assertThat(tally.early()).isEqualTo(early);
        assertThat(tally.records()).isEqualTo(n);
    }

    @Test
    void shouldCountTalkersExactlyWhileTheyFitAndKeepTheHeavyOnesBeyond()
    {
        final long seed = Long.getLong("wirespeed.seed", 42L);
        final SplittableRandom random = new SplittableRandom(seed);
        final TopTalkers exact = new TopTalkers();
        final TopTalkers crowded = new TopTalkers();
        final Map<String, long[]> reference = new HashMap<>();
        final ParsedPacket p = new ParsedPacket();
        for (int i = 0; i < 200_000; i++)
        {
            final boolean heavy = random.nextInt(4) == 0;
            final int flow = heavy ? random.nextInt(5) : random.nextInt(1000);
            fill(p, 0x0A000000 + flow, 0x0A640001, 1000 + flow, 80);
            final int bytes = 60 + random.nextInt(1400);
            exact.count(p, bytes);
            final long[] r = reference.computeIfAbsent("tcp 10.0." + (flow >>> 8) + "." + (flow & 0xFF) + ":"
                + (1000 + flow) + " > 10.100.0.1:80", k -> new long[2]);
            r[0]++;
            r[1] += bytes;
            fill(p, 0x0B000000 + (heavy ? flow : 10 + random.nextInt(1 << 20)), 0x0A640001, 2000, 443);
            crowded.count(p, heavy ? 1500 : 60);
        }
        assertThat(exact.approximate()).isFalse();
        for (final TopTalkers.Talker k : exact.top(50))
        {
            assertThat(reference.get(k.flow())).as(k.flow()).containsExactly(k.packets(), k.bytes());
            assertThat(k.error()).isZero();
        }
        assertThat(crowded.approximate()).isTrue();
        final List<String> top = new ArrayList<>();
        crowded.top(5).forEach(k -> top.add(k.flow()));
        assertThat(top).containsExactlyInAnyOrder("tcp 11.0.0.0:2000 > 10.100.0.1:443",
            "tcp 11.0.0.1:2000 > 10.100.0.1:443", "tcp 11.0.0.2:2000 > 10.100.0.1:443",
            "tcp 11.0.0.3:2000 > 10.100.0.1:443", "tcp 11.0.0.4:2000 > 10.100.0.1:443");
    }

    private static void fill(final ParsedPacket p, final int src, final int dst, final int sport, final int dport)
    {
        p.reset();
        p.ipVersion = 4;
        p.ipv4Src = src;
        p.ipv4Dst = dst;
        p.protocol = 6;
        p.hasPorts = true;
        p.srcPort = sport;
        p.dstPort = dport;
    }

    @Test
    void shouldAllocateAlmostNothingPerRecordWhenTheReplayFeedsTheReport() throws IOException
    {
        final Path examples = ROOT.resolve("examples/reviews");
        final List<String> requests = new ArrayList<>();
        for (final String line : Files.readAllLines(examples.resolve("requests.jsonl")))
        {
            if (!line.isBlank())
            {
                requests.add(line.replaceFirst("\\{", "{\"ts\":" + requests.size() * 1000 + ","));
            }
        }
        final Path small = trace("small.jsonl", requests, 10_000);
        final Path large = trace("large.jsonl", requests, 110_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Engine engine = Engine.load(List.of(examples)))
        {
            final ReportTally tally = new ReportTally();
            final ReplayDriver replay = new ReplayDriver(engine, new PipelineConfig().workers(1)
                .mode(ExecutionMode.INLINE).countersDirectory(dir.resolve("counters")).deleteCountersOnClose(true),
                new PrintWriter(new StringWriter())).report(tally);
            replay(replay, large, 110_000);
            replay(replay, small, 10_000);
            final long id = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(id);
            replay(replay, small, 10_000);
            final long mid = threads.getThreadAllocatedBytes(id);
            replay(replay, large, 110_000);
            final long after = threads.getThreadAllocatedBytes(id);
            final long perExtra100k = (after - mid) - (mid - before);
            System.out.println("ReportTallyTest: difference for 100k records " + perExtra100k + " B");
            assertThat(perExtra100k).as("bytes allocated by 100k more records").isLessThan(64 * 1024);
            assertThat(tally.records()).isEqualTo(240_000);
            assertThat(tally.bucketsUsed()).isPositive();
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
        final ReplaySummary summary = new ReplaySummary();
        final ConservationReport report = replay.run(trace, OutputStream.nullOutputStream(), summary,
            ReplayProgress.NONE).conservation();
        assertThat(report.balanced()).isTrue();
        assertThat(summary.records()).isEqualTo(records);
    }
}
