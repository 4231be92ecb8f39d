package dev.wirespeed.sim.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.reference.Explanation;
import dev.wirespeed.control.sample.RandomRoutingModels;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.gen.TraceGenerator;
import dev.wirespeed.sim.replay.ReplayProgress;
import dev.wirespeed.sim.replay.ReplaySummary;
import dev.wirespeed.sim.replay.ReplayDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The agreement property of {@code explain}: over random models and random traces, for every record what
 * {@code explain TRACE --record N} concludes equals what {@code replay} decides for record N — the decision
 * line it shows is replay's line, the reference walk's own decision is the same, and the conclusions the
 * walk's events reach (the route that matched, the cluster, the endpoint) are replay's. Prints its seed;
 * replay with {@code -Dwirespeed.seed=N}.
 */
class ExplainReplayAgreementProperties
{
    private static final int MODELS = Integer.getInteger("wirespeed.models", 60);
    private static final int RECORDS = Integer.getInteger("wirespeed.requests", 40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern L3_STEP = Pattern.compile("egress port (\\d+), next hop (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void explainShouldConcludeWhatReplayDecidesForEveryRecord() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261203L);
        System.out.println("ExplainReplayAgreementProperties seed=" + seed + " (replay: -Dwirespeed.seed=" + seed
                + ")");
        final SplittableRandom master = new SplittableRandom(seed);
        final Map<String, Integer> seen = new TreeMap<>();
        int records = 0;
        for (int m = 0; m < MODELS; m++)
        {
            final long modelSeed = master.nextLong();
            final RoutingModel model = withRoutes(RandomRoutingModels.model(new SplittableRandom(modelSeed)));
            final Path trace = dir.resolve("trace-" + m + ".jsonl");
            try (OutputStream out = Files.newOutputStream(trace))
            {
                TraceGenerator.write(model, RECORDS, modelSeed, out);
            }
            try (Engine engine = Engine.fromModel(model))
            {
                final String[] replayed = replay(engine, trace).split("\n");
                assertThat(replayed).hasSize(RECORDS);
                final RequestExplainer explainer = new RequestExplainer(engine);
                for (int i = 0; i < RECORDS; i++)
                {
                    final HttpRequest request = TraceRecords.read(trace, i);
                    final Explained e = explainer.explain(request);
                    final String context = "seed=" + seed + " model#" + m + " (modelSeed=" + modelSeed + ") record "
                            + i + "\nrequest: " + request + "\nreplay:  " + replayed[i] + "\nexplain:\n"
                            + ExplainOutput.text(e);
                    agree(e, replayed[i], context);
                    tally(seen, e);
                    records++;
                }
            }
        }
        System.out.println("ExplainReplayAgreementProperties records=" + records + " seen=" + seen);
        assertThat(records).isEqualTo(MODELS * RECORDS);
        assertThat(seen).containsKeys("matched-route", "default-route", "cluster", "endpoint", "no-route",
                "weighted-pick", "fault-draw", "l3", "l3-ecmp");
    }

    private static void agree(final Explained e, final String replayLine, final String context) throws IOException
    {
        if (!ExplainOutput.decisionLine(e.record(), e.decision()).equals(replayLine))
        {
            fail("the decision explain shows is not replay's\n" + context);
        }
        if (e.disagreement() != null)
        {
            fail("the reference walk disagrees: " + e.disagreement() + "\n" + context);
        }
        final JsonNode d = JSON.readTree(replayLine);
        if (e.walk().matched() != null)
        {
            if (!e.walk().matched().vs().equals(text(d, "vs")) || !eq(e.walk().matched().route(), text(d, "route")))
            {
                fail("explain matched " + e.walk().matched() + "\n" + context);
            }
        }
        else if (d.has("route") && !d.get("route").asText().matches("allow_any|block_all|allow_any_dynamic_dns"))
        {
            fail("explain matched no route but replay names one\n" + context);
        }
        if (!eq(e.walk().cluster(), text(d, "cluster")))
        {
            fail("explain chose cluster " + e.walk().cluster() + "\n" + context);
        }
        if (!"PassthroughCluster".equals(e.walk().cluster()) && !eq(e.walk().endpoint(), text(d, "endpoint")))
        {
            fail("explain picked endpoint " + e.walk().endpoint() + "\n" + context);
        }
        String l3 = null;
        for (final Explanation.Step s : e.walk().steps())
        {
            final Matcher m = L3_STEP.matcher(s.text());
            if (s.stage().equals("l3") && m.find())
            {
                l3 = m.group(1) + " " + m.group(2);
            }
        }
        final String replayL3 = d.has("egressPort") ? d.get("egressPort").asText() + " " + text(d, "nextHop") : null;
        if (!eq(l3, replayL3))
        {
            fail("explain's L3 stage concluded " + l3 + "\n" + context);
        }
    }

    /** The random model with an L3 table towards its endpoints: an ECMP group of three, a single next hop. */
    private static RoutingModel withRoutes(final RoutingModel m)
    {
        final SourceRef at = SourceRef.NONE;
        final RouteTableSpec table = new RouteTableSpec("default", "fabric", List.of(
                new RouteTableSpec.RouteSpec("10.0.0.0/8", List.of(
                        new RouteTableSpec.NextHopSpec("192.168.0.1", 1, 1, at),
                        new RouteTableSpec.NextHopSpec("192.168.0.2", 2, 2, at),
                        new RouteTableSpec.NextHopSpec("192.168.0.3", 3, 1, at)), at),
                new RouteTableSpec.RouteSpec("10.2.0.0/16", List.of(
                        new RouteTableSpec.NextHopSpec("192.168.1.1", 4, 1, at)), at),
                new RouteTableSpec.RouteSpec("203.0.113.0/24", List.of(
                        new RouteTableSpec.NextHopSpec("192.168.2.1", 5, 1, at)), at)),
                null, at, List.of(), at);
        return new RoutingModel(m.virtualServices(), m.destinationRules(), m.services(), m.gateways(),
                List.of(table), m.mesh(), m.sidecars(), m.peerAuthentications(), m.authorization());
    }

    private static void tally(final Map<String, Integer> seen, final Explained e)
    {
        seen.merge(e.walk().matched() != null ? "matched-route" : e.decision().vs() == null
                && "route".equals(e.decision().action()) ? "default-route" : "other", 1, Integer::sum);
        if (e.walk().cluster() != null)
        {
            seen.merge("cluster", 1, Integer::sum);
        }
        if (e.walk().endpoint() != null)
        {
            seen.merge("endpoint", 1, Integer::sum);
        }
        if ("no-route".equals(e.decision().reason()))
        {
            seen.merge("no-route", 1, Integer::sum);
        }
        for (final Explanation.Step s : e.walk().steps())
        {
            if (s.text().startsWith("weighted pick"))
            {
                seen.merge("weighted-pick", 1, Integer::sum);
            }
            if (s.text().startsWith("fault"))
            {
                seen.merge("fault-draw", 1, Integer::sum);
            }
            if (s.stage().equals("l3") && s.text().startsWith("longest prefix"))
            {
                seen.merge(s.text().contains("ECMP") ? "l3-ecmp" : "l3", 1, Integer::sum);
            }
        }
    }

    private static String text(final JsonNode d, final String field)
    {
        return d.has(field) ? d.get(field).asText() : null;
    }

    private static boolean eq(final String a, final String b)
    {
        return a == null ? b == null : a.equals(b);
    }

    private static String replay(final Engine engine, final Path trace) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReplayDriver(engine, new PipelineConfig().workers(1).mode(ExecutionMode.INLINE),
                new PrintWriter(new StringWriter())).run(trace, out, new ReplaySummary(), ReplayProgress.NONE);
        return out.toString(StandardCharsets.UTF_8);
    }
}
