package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.pipeline.parse.PacketParser;
import dev.wirespeed.pipeline.parse.ParsedPacket;
import dev.wirespeed.pipeline.parse.TlsClientHello;
import dev.wirespeed.pipeline.parse.TlsClientHelloParser;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet path on {@code tls-routes.pcap} (TLS and plain TCP connections recorded on loopback by
 * {@code record-tls-routes.sh}) with the config of {@code examples/tls-sni}: each connection's first data segment
 * (its ClientHello) is routed by SNI through the VirtualService's {@code tls} routes, the later client segments
 * follow it, the server's segments take the L3 path, and connections to addresses no service has take
 * {@code BlackHoleCluster} (REGISTRY_ONLY) or {@code PassthroughCluster} (ALLOW_ANY). Every ClientHello's decision
 * is also held against the reference interpreter for the same connection written as a request.
 */
class TlsRouteCaptureTest
{
    private static final Path EXAMPLE = Path.of("../examples/tls-sni");
    private static final String LOGIN = "outbound|443||login.default.svc.cluster.local";
    private static final String LEGACY = "outbound|443||login-legacy.default.svc.cluster.local";
    private static final String WIKIPEDIA = "outbound|443||www.wikipedia.org";
    private static final String DB = "outbound|3306||db.default.svc.cluster.local";

    /** One client-to-server connection of the capture: its first data segment's decision and the later ones'. */
    private record Connection(String dst, int port, String sni, RouteDecision first, List<RouteDecision> later,
        HttpRequest asRequest)
    {
    }

    @Test
    void shouldRouteEachConnectionByItsServerNameUnderRegistryOnly() throws IOException
    {
        final Map<String, Connection> c = replay(configFiles(true));
        assertThat(c.keySet()).containsExactly("127.0.0.20:443 login.bookinfo.com", "127.0.0.20:443 shop.bookinfo.com",
            "127.0.0.50:443 www.wikipedia.org", "127.0.0.60:443 example.com", "127.0.0.30:3306 -",
            "127.0.0.60:5432 -");
        assertThat(c.get("127.0.0.20:443 login.bookinfo.com").first().cluster()).as("the exact sniHost")
            .isEqualTo(LOGIN);
        assertThat(c.get("127.0.0.20:443 shop.bookinfo.com").first().cluster()).as("*.bookinfo.com")
            .isEqualTo(LEGACY);
        assertThat(c.get("127.0.0.50:443 www.wikipedia.org").first().cluster())
            .as("an address no service has, a ServiceEntry host as SNI").isEqualTo(WIKIPEDIA);
        final RouteDecision refused = c.get("127.0.0.60:443 example.com").first();
        assertThat(refused.action()).isEqualTo("drop");
        assertThat(refused.cluster()).isEqualTo("BlackHoleCluster");
        assertThat(refused.reason()).isEqualTo("no-healthy-upstream");
        assertThat(c.get("127.0.0.30:3306 -").first().cluster()).as("the tcp route").isEqualTo(DB);
        assertThat(c.get("127.0.0.60:5432 -").first().cluster()).isEqualTo("BlackHoleCluster");
        for (final Connection x : c.values())
        {
            assertThat(x.later()).as("later segments of %s follow its decision", x.dst())
                .hasSizeGreaterThanOrEqualTo(x.port() == 443 ? 2 : 0)
                .allSatisfy(d -> assertThat(d.cluster()).isEqualTo(x.first().cluster()));
        }
        holdAgainstTheReference(c, configFiles(true));
    }

    @Test
    void shouldPassUnknownAddressesThroughToTheirOriginalDestinationUnderAllowAny() throws IOException
    {
        final Map<String, Connection> c = replay(configFiles(false));
        final RouteDecision tls = c.get("127.0.0.60:443 example.com").first();
        assertThat(tls.action()).isEqualTo("route");
        assertThat(tls.cluster()).isEqualTo("PassthroughCluster");
        assertThat(tls.route()).as("a connection has no route name").isNull();
        assertThat(tls.endpoint()).isEqualTo("127.0.0.60:443");
        assertThat(tls.egressPort()).as("routed by L3 to the original destination").isEqualTo(1);
        assertThat(c.get("127.0.0.60:5432 -").first().endpoint()).isEqualTo("127.0.0.60:5432");
        assertThat(c.get("127.0.0.20:443 login.bookinfo.com").first().cluster()).isEqualTo(LOGIN);
        holdAgainstTheReference(c, configFiles(false));
    }

    @Test
    void shouldLeaveTheServersSegmentsAndConnectionsFromOutsideTheMeshToL3() throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/tls-routes.pcap"));
        int l3 = 0;
        try (Engine engine = Engine.load(configFiles(false)))
        {
            for (final byte[] frame : frames(file))
            {
                final ParsedPacket p = parse(frame);
                final RouteDecision d = engine.forward(frame, linkType(file));
                if (p.ipv4Src != 0x7F000001)
                {
                    assertThat(d.action()).as("a server's segment").isEqualTo("forward");
                    l3++;
                }
            }
        }
        assertThat(l3).isGreaterThan(20);
        // the same capture from a source that is no mesh workload: no sidecar intercepts it
        try (Engine engine = Engine.fromYaml(Files.readString(EXAMPLE.resolve("registry.yaml"))
            .replace("podIP: 127.0.0.1", "podIP: 10.1.0.99") + "\n---\n" + Files.readString(EXAMPLE.resolve(
            "virtual-services.yaml")) + "\n---\n" + Files.readString(EXAMPLE.resolve("network.yaml"))))
        {
            final RouteDecision d = engine.forward(frames(file).get(45), linkType(file)); // SYN to 127.0.0.60:443
            assertThat(parse(frames(file).get(45)).ipv4Dst).isEqualTo(0x7F00003C);
            assertThat(d.action()).as("a SYN from no workload").isEqualTo("forward");
        }
    }

    @Test
    void shouldRouteConnectionsBySniWithoutAllocating() throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/tls-routes.pcap"));
        final List<byte[]> frames = frames(file);
        try (Engine engine = Engine.load(configFiles(true)))
        {
            assertThat(CaptureAllocation.check(engine.packets(), "tls-routes.pcap", frames,
                java.util.Collections.nCopies(frames.size(), 1)).l7()).isPositive();
        }
    }

    private static void holdAgainstTheReference(final Map<String, Connection> c, final List<Path> files)
    {
        final RoutingModel model = new ConfigLoader().load(files).model();
        final ReferenceRouter reference = new ReferenceRouter(model);
        for (final Connection x : c.values())
        {
            final RouteDecision expected = reference.route(x.asRequest());
            assertThat(List.of(String.valueOf(x.first().action()), String.valueOf(x.first().vs()),
                String.valueOf(x.first().cluster()), String.valueOf(x.first().endpoint())))
                .as("packet vs reference for %s", x.asRequest())
                .isEqualTo(List.of(String.valueOf(expected.action()), String.valueOf(expected.vs()),
                    String.valueOf(expected.cluster()), String.valueOf(expected.endpoint())));
        }
    }

    /** The client's data segments of {@code split-hello.pcap}: its ClientHello's 100 bytes, then the other 417. */
    private static List<byte[]> splitHelloClientData(final byte[] file)
    {
        final List<byte[]> out = new ArrayList<>();
        for (final byte[] frame : frames(file))
        {
            final ParsedPacket p = parse(frame);
            if (p.ipv4Src == 0x7F000001 && p.payloadLength > 0)
            {
                out.add(frame);
            }
        }
        return out;
    }

    @Test
    void shouldRouteAClientHelloSplitOverTwoSegmentsByItsServerName() throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/split-hello.pcap"));
        final List<byte[]> data = splitHelloClientData(file);
        assertThat(data).hasSize(2);
        assertThat(parse(data.get(0)).payloadLength).isEqualTo(100);
        try (Engine engine = Engine.load(configFiles(true)))
        {
            final List<RouteDecision> decisions = new ArrayList<>();
            for (final byte[] frame : frames(file))
            {
                final RouteDecision d = engine.forward(frame, linkType(file));
                final ParsedPacket p = parse(frame);
                if (p.ipv4Src == 0x7F000001 && p.payloadLength > 0)
                {
                    decisions.add(d);
                }
            }
            assertThat(decisions.get(0).cluster()).as("part of a ClientHello: no server name yet")
                .isEqualTo("BlackHoleCluster");
            assertThat(decisions.get(1).cluster()).as("the segment completing it: login.bookinfo.com's exact match")
                .isEqualTo(LOGIN);
            assertThat(decisions.get(1).vs()).isEqualTo("default/login");
        }
    }

    @Test
    void shouldDropAClientHelloOverTheReassemblyCapAsReassemblyOverflow() throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/split-hello.pcap"));
        final List<byte[]> data = splitHelloClientData(file);
        final byte[] first = data.get(0).clone();
        final ParsedPacket p = parse(first);
        // a record of 16 KiB (the most TLS allows): its ClientHello cannot be whole within the 8 KiB per flow
        first[p.payloadOffset + 3] = 0x40;
        first[p.payloadOffset + 4] = 0;
        try (Engine engine = Engine.load(configFiles(true)))
        {
            assertThat(engine.forward(first, linkType(file)).cluster()).isEqualTo("BlackHoleCluster");
            final ByteBuffer seq = ByteBuffer.wrap(first, p.l4Offset + 4, 4);
            int next = seq.getInt() + p.payloadLength;
            RouteDecision last = null;
            for (int i = 0; i < 20 && (last == null || !"reassembly-overflow".equals(last.reason())); i++)
            {
                final byte[] more = data.get(1).clone();
                ByteBuffer.wrap(more).putInt(parse(more).l4Offset + 4, next);
                next += parse(more).payloadLength;
                last = engine.forward(more, linkType(file));
                assertThat(i < 18 ? last.cluster() : "BlackHoleCluster").as("held while under 8 KiB")
                    .isEqualTo("BlackHoleCluster");
            }
            assertThat(last.reason()).as("more than 8 KiB held for one flow").isEqualTo("reassembly-overflow");
            assertThat(last.action()).isEqualTo("drop");
        }
    }

    private static List<Path> configFiles(final boolean registryOnly)
    {
        final List<Path> files = new ArrayList<>(List.of(EXAMPLE.resolve("registry.yaml"),
            EXAMPLE.resolve("virtual-services.yaml"), EXAMPLE.resolve("network.yaml")));
        if (registryOnly)
        {
            files.add(EXAMPLE.resolve("mesh.yaml"));
        }
        return files;
    }

    private static Map<String, Connection> replay(final List<Path> files) throws IOException
    {
        final byte[] file = Files.readAllBytes(Path.of("../pipeline/src/test/resources/captures/tls-routes.pcap"));
        final Map<String, Connection> byFlow = new LinkedHashMap<>();
        final Map<Integer, String> keyByPort = new LinkedHashMap<>();
        try (Engine engine = Engine.load(files))
        {
            final List<byte[]> frames = frames(file);
            for (int i = 0; i < frames.size(); i++)
            {
                final byte[] frame = frames.get(i);
                final RouteDecision d = engine.forward(frame, linkType(file));
                final ParsedPacket p = parse(frame);
                if (p.ipv4Src != 0x7F000001 || p.payloadLength <= 0)
                {
                    continue;
                }
                final String dst = ipv4(p.ipv4Dst);
                final int srcPort = p.srcPort;
                final String key = keyByPort.get(srcPort);
                if (key == null)
                {
                    final String sni = serverName(frame, p);
                    final String k = dst + ":" + p.dstPort + " " + (sni == null ? "-" : sni);
                    keyByPort.put(srcPort, k);
                    final boolean serviceAddress = dst.equals("127.0.0.20") || dst.equals("127.0.0.30");
                    final HttpRequest request = new HttpRequest(i, 0, "127.0.0.1", p.dstPort, "mesh", "default",
                        Map.of("app", "client"), "GET", "http", serviceAddress ? dst : "", "/", Map.of())
                            .withDst(dst + ":" + p.dstPort).withSni(sni == null ? "" : sni);
                    byFlow.put(k, new Connection(dst, p.dstPort, sni, d, new ArrayList<>(), request));
                }
                else
                {
                    byFlow.get(key).later().add(d);
                }
            }
        }
        return byFlow;
    }

    private static String serverName(final byte[] frame, final ParsedPacket p)
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(frame.length);
        direct.put(frame);
        final TlsClientHello hello = new TlsClientHello();
        final long at = org.agrona.BufferUtil.address(direct) + p.payloadOffset;
        if (TlsClientHelloParser.parse(at, p.payloadLength, hello) != TlsClientHelloParser.SNI)
        {
            return null;
        }
        final int from = p.payloadOffset + hello.sniOffset;
        return new String(frame, from, hello.sniLength, StandardCharsets.US_ASCII);
    }

    static String ipv4(final int a)
    {
        return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    static int linkType(final byte[] file)
    {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
    }

    static List<byte[]> frames(final byte[] file)
    {
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        final List<byte[]> out = new ArrayList<>();
        for (int off = 24; off + 16 <= file.length; off += 16 + b.getInt(off + 8))
        {
            out.add(Arrays.copyOfRange(file, off + 16, off + 16 + b.getInt(off + 8)));
        }
        return out;
    }

    static ParsedPacket parse(final byte[] frame)
    {
        final ParsedPacket p = new ParsedPacket();
        final ByteBuffer direct = ByteBuffer.allocateDirect(frame.length);
        direct.put(frame);
        PacketParser.parse(org.agrona.BufferUtil.address(direct), frame.length, 1, p);
        return p;
    }
}
