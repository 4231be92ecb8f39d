package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.sample.RandomRoutingModels;
import dev.wirespeed.fib.decision.Actions;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Layout;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.pipeline.descriptor.PacketDescriptor;
import dev.wirespeed.pipeline.forward.PacketIngress;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.pipeline.descriptor.ReasonTable;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.packet.PacketEngine;
import dev.wirespeed.sim.packet.PacketRequestText;
import dev.wirespeed.sim.replay.CorpusReplayTest;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.RecordStatus;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte encoder against the String-based reference: for each record, the line {@link DecisionEncoder}
 * writes from the decision descriptor must equal the line {@link DecisionWriter} (Jackson) writes for the
 * {@code DecisionMaterializer}'s record, for random models and requests (with paths and authorities that
 * need escaping or are not ASCII), for the examples' traces, and for every packet of the corpus captures.
 * Seed: {@code -Dwirespeed.seed=N}.
 */
class DecisionEncoderDifferentialTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261203L);
    private static final Path ROOT = Path.of(System.getProperty("wirespeed.root", ".."));
    private static final String[] ODD = {
        "\"", "\\", "\u0001", "\t", "\u00e9", "\u2028", "/", "%20", "?x=\"1\"", "\u007f"};

    private static final int MODELS = 20;

    private final DecisionDescriptor d = new DecisionDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
    private final JsonBytes bytes = new JsonBytes(1 << 12);
    private int headerLines;

    private int grpcLines;
    private int dynamicDnsLines;
    private int regexLines;
    private long asciiReferenceLines;

    @Test
    void shouldWriteTheReferenceLineForRandomRequests() throws IOException
    {
        System.out.println("DecisionEncoderDifferentialTest seed " + SEED);
        final SplittableRandom rnd = new SplittableRandom(SEED);
        int compared = 0;
        // 20 models: the random requests also exercise ports where a sidecar has no HTTP listener (proxied as
        // connections, without header operations), so the header lines need more of them
        for (int m = 0; m < MODELS; m++)
        {
            final RoutingModel model = RandomRoutingModels.model(rnd);
            try (Engine engine = Engine.fromModel(model))
            {
                for (int i = 0; i < 400; i++)
                {
                    HttpRequest r = RandomRoutingModels.request(model, rnd, i);
                    if (rnd.nextInt(4) == 0)
                    {
                        r = new HttpRequest(r.id(), r.ts(), r.src(), r.port(), r.gateway(), r.sourceNamespace(),
                            r.sourceLabels(), r.method(), r.scheme(), odd(rnd, r.authority()), odd(rnd, r.path()),
                            r.headers());
                    }
                    compareRequest(engine, r, "seed " + SEED + " model " + m + " request " + i);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(MODELS * 400);
        System.out.println("DecisionEncoderDifferentialTest: " + headerLines + " lines with header operations, "
            + regexLines + " with a regex rewrite, " + grpcLines + " with a gRPC status, " + asciiReferenceLines
            + " ASCII lines by the String path, " + dynamicDnsLines + " to ALLOW_ANY_DYNAMIC_DNS's cluster");
        // header operations and regex rewrites are written as bytes: only non-ASCII text takes the String path
        assertThat(headerLines).isGreaterThan(50);
        assertThat(regexLines).isGreaterThan(10);
        assertThat(grpcLines).as("aborts with a gRPC status").isGreaterThan(0);
        assertThat(dynamicDnsLines).as("requests to the dynamic forward proxy").isGreaterThan(10);
        assertThat(asciiReferenceLines).isZero();
    }

    private static String odd(final SplittableRandom rnd, final String s)
    {
        final String base = s == null ? "" : s;
        final int at = base.isEmpty() ? 0 : rnd.nextInt(base.length() + 1);
        return base.substring(0, at) + ODD[rnd.nextInt(ODD.length)] + base.substring(at);
    }

    @Test
    void shouldWriteTheReferenceLineForTheExamples() throws IOException
    {
        final List<Path> traces;
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples")))
        {
            traces = files.filter(p -> p.getFileName().toString().equals("requests.jsonl")).sorted().toList();
        }
        assertThat(traces).isNotEmpty();
        final RequestLineParser parser = new RequestLineParser();
        final RequestLineParser.Result parsed = new RequestLineParser.Result();
        int compared = 0;
        for (final Path trace : traces)
        {
            try (Engine engine = Engine.load(List.of(trace.getParent())))
            {
                long i = 0;
                for (final String line : Files.readAllLines(trace))
                {
                    if (!line.isBlank() && parser.parse(line, i, parsed))
                    {
                        compareRequest(engine, parsed.request(), trace + ":" + (i + 1));
                        compared++;
                    }
                    i++;
                }
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    private void compareRequest(final Engine engine, final HttpRequest request, final String where) throws IOException
    {
        final Engine.Session session = engine.newSession();
        final HttpRequestView view = HttpRequestView.of(request);
        final L7Result r = new L7Result();
        final L3Result l3 = new L3Result();
        final boolean hasL3 = session.route(view, r, l3);
        d.reset(request.id()).l7(r, 0);
        if (hasL3 && l3.action == Actions.FORWARD)
        {
            d.egressPort(l3.egressPort).nextHop(l3.nextHop);
        }
        final StringWriter want = new StringWriter();
        try (DecisionWriter w = new DecisionWriter(want))
        {
            w.write(request.id(), engine.decision(view, r, l3, hasL3));
        }
        bytes.clear();
        final DecisionEncoder encoder = engine.newEncoder(new ReasonTable());
        encoder.encode(d, view, bytes);
        final String line = want.toString();
        assertThat(new String(bytes.array(), 0, bytes.length(), StandardCharsets.UTF_8)).as(where).isEqualTo(line);
        headerLines += line.contains("\"headers\":") || line.contains("\"removedHeaders\":") ? 1 : 0;
        grpcLines += line.contains("\"grpcStatus\":") ? 1 : 0;
        dynamicDnsLines += line.contains("\"cluster\":\"AllowAnyDynamicDNSCluster\"") ? 1 : 0;
        regexLines += r.route >= 0 && encoder.router().newLookup().actionTable().intAt(
            encoder.router().newLookup().actionTable().intAt(L7Layout.A_ROUTE_START) + r.route * L7Layout.ROUTE_SIZE
                + L7Layout.R_REGEX_REWRITE) >= 0 && line.contains("\"cluster\":") ? 1 : 0;
        if (ascii(request))
        {
            asciiReferenceLines += encoder.referenceLines();
        }
    }

    private static boolean ascii(final HttpRequest request)
    {
        final StringBuilder text = new StringBuilder().append(request.path()).append(request.authority())
            .append(request.scheme());
        request.headers().values().forEach(text::append);
        return text.chars().allMatch(c -> c < 0x80);
    }

    @Test
    void shouldWriteTheReferenceLineForEveryCorpusPacket() throws IOException
    {
        final List<Path> captures = CorpusReplayTest.corpusCaptures();
        final long compared;
        try (Engine engine = Engine.fromYaml(CorpusReplayTest.CONFIG))
        {
            compared = comparePackets(engine, captures);
        }
        System.out.println("DecisionEncoderDifferentialTest: " + compared + " corpus packets compared");
        assertThat(compared).isPositive();
    }

    /**
     * The mesh's ALLOW_ANY_DYNAMIC_DNS on a capture: requests sniffed on a port no service declares go to the dynamic
     * forward proxy, and the packets that follow their flow carry its record without request text.
     */
    @Test
    void shouldWriteTheReferenceLineForEveryPacketOfTheDynamicDnsCapture() throws IOException
    {
        assertThat(compareExampleCapture("dynamic-dns", "dynamic-dns.pcap")).isGreaterThan(40);
    }

    /**
     * Client classes on a capture: one client's requests are read as HTTP where another's (its Sidecar's listeners)
     * are connections decided on their SYN, and the packets that follow either carry their flow's record.
     */
    @Test
    void shouldWriteTheReferenceLineForEveryPacketOfTheSidecarPortsCapture() throws IOException
    {
        assertThat(compareExampleCapture("sidecar-ports", "sidecar-ports.pcap")).isGreaterThan(60);
    }

    /** @return the packets of a test capture compared, replayed against an example's config. */
    private long compareExampleCapture(final String example, final String capture) throws IOException
    {
        try (Engine engine = Engine.load(List.of(ROOT.resolve("examples").resolve(example))))
        {
            return comparePackets(engine,
                List.of(ROOT.resolve("pipeline/src/test/resources/captures").resolve(capture)));
        }
    }

    private long comparePackets(final Engine engine, final List<Path> captures) throws IOException
    {
        long compared = 0;
        {
            final PacketEngine packets = engine.packets();
            final DecisionEncoder encoder = packets.newEncoder();
            final PacketRequestText requests = packets.newRequestText();
            final CaptureRecord rec = new CaptureRecord();
            final UnsafeBuffer direct = new UnsafeBuffer(BufferUtil.allocateDirectAligned(PacketEngine.MAX_FRAME, 64));
            final PacketDescriptor packet = new PacketDescriptor().wrap(new UnsafeBuffer(
                new byte[PacketDescriptor.LENGTH]), 0);
            final ParsedPacket parsed = new ParsedPacket();
            final PacketContext context = new PacketContext();
            for (final Path capture : captures)
            {
                try (CaptureReader reader = CaptureReader.open(capture))
                {
                    int n = 0;
                    while (n < 20_000 && reader.next(rec))
                    {
                        n++;
                        if (rec.status() != RecordStatus.OK)
                        {
                            continue;
                        }
                        final int length = Math.min(rec.capturedLength(), PacketEngine.MAX_FRAME);
                        direct.putBytes(0, new UnsafeBuffer(rec.address(), length), 0, length);
                        final long address = direct.addressOffset();
                        engine.forward(address, length, length, rec.linkType(), d);
                        final StringWriter want = new StringWriter();
                        try (DecisionWriter w = new DecisionWriter(want))
                        {
                            w.write(d.recordIndex(), packets.describe(d, address, length, rec.linkType()));
                        }
                        bytes.clear();
                        encoder.encode(d, requests.requestOf(d, address, length, length, rec.linkType()),
                            requests.tunnelVni(d, address, length, length, rec.linkType()), bytes);
                        assertThat(new String(bytes.array(), 0, bytes.length(), StandardCharsets.UTF_8))
                            .as(capture + " record " + rec.index()).isEqualTo(want.toString());
                        // with the packet's context (replay --context): the same line with ts, src, dst, ...
                        PacketIngress.fill(address, length, length, rec.linkType(), rec.timestampNanos(), parsed,
                            packet);
                        context.from(packet);
                        final StringWriter wantContext = new StringWriter();
                        try (DecisionWriter w = new DecisionWriter(wantContext))
                        {
                            w.write(d.recordIndex(), context, packets.describe(d, address, length, rec.linkType()));
                        }
                        bytes.clear();
                        encoder.encode(d, requests.requestOf(d, address, length, length, rec.linkType()), context,
                            requests.tunnelVni(d, address, length, length, rec.linkType()), bytes);
                        assertThat(new String(bytes.array(), 0, bytes.length(), StandardCharsets.UTF_8))
                            .as(capture + " record " + rec.index() + " with context")
                            .isEqualTo(wantContext.toString());
                        compared++;
                    }
                }
            }
        }
        return compared;
    }
}
