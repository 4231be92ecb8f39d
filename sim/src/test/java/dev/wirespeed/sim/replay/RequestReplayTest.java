package dev.wirespeed.sim.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.sample.RandomRoutingModels;
import dev.wirespeed.pipeline.BackPressure;
import dev.wirespeed.pipeline.ConservationReport;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.jsonl.DecisionWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random models and request traces replayed through the pipeline (inline, one worker, three workers):
 * every run writes the same decisions, and each decision equals the reference interpreter's.
 */
class RequestReplayTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261126L);

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheReferenceDecisionsInInputOrderWhateverTheNumberOfWorkers() throws IOException
    {
        System.out.println("RequestReplayTest seed: " + SEED + " (replay with -Dwirespeed.seed=" + SEED + ")");
        final SplittableRandom rnd = new SplittableRandom(SEED);
        for (int m = 0; m < 5; m++)
        {
            final RoutingModel model = RandomRoutingModels.model(rnd);
            final ReferenceRouter reference = new ReferenceRouter(model);
            final ObjectMapper json = new ObjectMapper();
            final List<String> lines = new ArrayList<>();
            final List<RouteDecision> expected = new ArrayList<>();
            for (int i = 0; i < 400; i++)
            {
                final HttpRequest r = RandomRoutingModels.request(model, rnd, i);
                if (i % 97 == 13)
                {
                    lines.add("{\"authority\":\"broken\""); // a bad record keeps its index
                    expected.add(RouteDecision.drop("bad-record"));
                    continue;
                }
                final HttpRequest asRead = new HttpRequest(i, r.ts(), r.src(), r.port(), r.gateway(),
                        r.sourceNamespace(), r.sourceLabels(), r.method(), r.scheme(), r.authority(), r.path(),
                        r.headers()).withDst(r.dst()).withSrcPort(r.srcPort());
                lines.add(json.writeValueAsString(toJson(asRead)));
                expected.add(reference.route(asRead));
            }
            final Path trace = dir.resolve("trace-" + m + ".jsonl");
            Files.write(trace, lines);
            try (Engine engine = Engine.fromModel(model))
            {
                final String inline = replay(engine, trace, new PipelineConfig().workers(1).mode(ExecutionMode.INLINE));
                final String one = replay(engine, trace, new PipelineConfig().workers(1));
                final String three = replay(engine, trace, new PipelineConfig().workers(3).idleStrategy("yield"));
                assertThat(one).isEqualTo(inline);
                assertThat(three).isEqualTo(inline);
                final StringWriter want = new StringWriter();
                try (DecisionWriter w = new DecisionWriter(want))
                {
                    for (int i = 0; i < expected.size(); i++)
                    {
                        w.write(i, expected.get(i));
                    }
                }
                final String[] got = inline.split("\n", -1);
                final String[] wanted = want.toString().split("\n", -1);
                for (int i = 0; i < Math.min(got.length, wanted.length); i++)
                {
                    assertThat(got[i]).as("seed %d model %d line %d", SEED, m, i + 1).isEqualTo(wanted[i]);
                }
                assertThat(got.length).as("seed %d model %d lines", SEED, m).isEqualTo(wanted.length);
            }
        }
    }

    @Test
    void shouldReportBadLinesInLineOrderWhicheverThreadParsedThem() throws IOException
    {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final RoutingModel model = RandomRoutingModels.model(rnd);
        final ObjectMapper json = new ObjectMapper();
        final List<String> lines = new ArrayList<>();
        final List<String> wantErrors = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
        {
            final int kind = rnd.nextInt(40);
            if (kind == 0)
            {
                lines.add("{\"authority\":\"broken\""); // starts an object: its worker parses it
                wantErrors.add(":" + lines.size() + ":");
            }
            else if (kind == 1)
            {
                lines.add("not json"); // read here, on the reader's thread
                wantErrors.add(":" + lines.size() + ":");
            }
            else if (kind == 2)
            {
                lines.add(" \t "); // blank: no record
            }
            else
            {
                lines.add((kind == 3 ? "  " : "") + json.writeValueAsString(toJson(RandomRoutingModels.request(model,
                    rnd, i))));
            }
        }
        final Path trace = dir.resolve("mixed.jsonl");
        Files.write(trace, lines);
        try (Engine engine = Engine.fromModel(model))
        {
            final StringWriter inlineErr = new StringWriter();
            final String inline = replay(engine, trace, new PipelineConfig().workers(1).mode(ExecutionMode.INLINE),
                inlineErr);
            final StringWriter threadedErr = new StringWriter();
            final String threaded = replay(engine, trace, new PipelineConfig().workers(3).idleStrategy("yield"),
                threadedErr);
            assertThat(threaded).isEqualTo(inline);
            assertThat(withoutCounters(threadedErr)).isEqualTo(withoutCounters(inlineErr));
            final String[] reported = withoutCounters(inlineErr).split("\n");
            assertThat(reported.length).isGreaterThanOrEqualTo(ReplayDriver.MAX_REPORTED);
            assertThat(wantErrors.size()).isGreaterThan(ReplayDriver.MAX_REPORTED);
            for (int k = 0; k < ReplayDriver.MAX_REPORTED; k++)
            {
                assertThat(reported[k]).as("error %d", k).contains(trace + wantErrors.get(k))
                    .endsWith("(record dropped: bad-record)");
            }
            assertThat(inlineErr.toString()).contains((wantErrors.size() - ReplayDriver.MAX_REPORTED)
                + " more bad records not shown (" + wantErrors.size() + " in all)");
        }
    }

    @Test
    void shouldCountEveryRecordOnceWhenTailDropping() throws IOException
    {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final RoutingModel model = RandomRoutingModels.model(rnd);
        final List<String> lines = new ArrayList<>();
        final ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 20_000; i++)
        {
            lines.add(json.writeValueAsString(toJson(RandomRoutingModels.request(model, rnd, i))));
        }
        final Path trace = dir.resolve("big.jsonl");
        Files.write(trace, lines);
        try (Engine engine = Engine.fromModel(model))
        {
            final ReplaySummary summary = new ReplaySummary();
            final ReplayDriver replay = new ReplayDriver(engine, new PipelineConfig().workers(2)
                    .backPressure(BackPressure.TAIL_DROP).ingressCapacity(64).egressCapacity(64).idleStrategy("sleep"),
                    new PrintWriter(new StringWriter()));
            final ConservationReport report = replay.run(trace, null, summary, ReplayProgress.NONE).conservation();
            assertThat(report.balanced()).isTrue();
            assertThat(report.recordsIn()).isEqualTo(20_000);
            assertThat(summary.records()).isEqualTo(20_000);
            assertThat(summary.byReason().getOrDefault("ring-full", 0L))
                    .isEqualTo(report.dropsByReason().getOrDefault("ring-full", 0L));
        }
    }

    /** @return stderr without the counters file line (a path that differs per run). */
    private static String withoutCounters(final StringWriter err)
    {
        return err.toString().replaceAll("(?m)^counters: .*\\R", "");
    }

    private String replay(final Engine engine, final Path trace, final PipelineConfig config) throws IOException
    {
        return replay(engine, trace, config, new StringWriter());
    }

    private String replay(final Engine engine, final Path trace, final PipelineConfig config, final StringWriter err)
        throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplaySummary summary = new ReplaySummary();
        final ConservationReport report = new ReplayDriver(engine, config, new PrintWriter(err))
                .run(trace, out, summary, ReplayProgress.NONE).conservation();
        assertThat(report.balanced()).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> toJson(final HttpRequest r)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", r.ts());
        if (r.src() != null)
        {
            m.put("src", r.srcText()); // address:port when the connection's source port is known
        }
        if (r.dst() != null)
        {
            m.put("dst", r.dst());
        }
        if (r.port() > 0)
        {
            m.put("port", r.port());
        }
        m.put("gateway", r.gateway());
        m.put("sourceNamespace", r.sourceNamespace());
        m.put("sourceLabels", r.sourceLabels());
        m.put("method", r.method());
        m.put("scheme", r.scheme());
        m.put("authority", r.authority());
        m.put("path", r.path());
        m.put("headers", r.headers());
        return m;
    }
}
