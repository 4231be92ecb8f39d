package dev.wirespeed.sim.replay;

import dev.wirespeed.fib.OffHeap;
import dev.wirespeed.pipeline.ExecutionMode;
import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.pipeline.egress.IpRewrite;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.trace.CaptureBuilder;
import dev.wirespeed.sim.trace.CaptureReader;
import dev.wirespeed.sim.trace.CaptureRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packet captures replayed through an engine: L3 forwarding, L7 routing of HTTP flows, drops with their
 * reasons, per-port output captures and worker-count independence. Its {@link #CONFIG}, {@link #pcap} and
 * {@link #randomFrames} are shared with the other capture tests.
 */
public class CaptureReplayTest
{
    private static final OffHeap U = OffHeap.MEMORY;

    private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

    public static final String CONFIG = String.join("\n",
        "apiVersion: wirespeed.dev/v1",
        "kind: RouteTable",
        "metadata: {name: net}",
        "spec:",
        "  localAddresses: [192.168.0.254]",
        "  routes:",
        "  - prefix: 10.0.0.0/8",
        "    nextHops: [{address: 192.168.0.1, port: 1}]",
        "  - prefix: 10.1.0.0/16",
        "    nextHops: [{address: 192.168.0.3, port: 3}]",
        "  - prefix: 2001:db8::/32",
        "    nextHops: [{address: 192.168.0.6, port: 6}]",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: web, namespace: default}",
        "spec:",
        "  clusterIP: 10.96.0.80",
        "  selector: {app: web}",
        "  ports: [{name: http, port: 80, targetPort: 8080}]",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: db, namespace: default}",
        "spec:",
        "  clusterIP: 10.96.0.50",
        "  selector: {app: db}",
        "  ports: [{name: tcp-pg, port: 5432, targetPort: 5432}]",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: web-1, namespace: default, labels: {app: web}}",
        "spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}",
        "status: {phase: Running, podIP: 10.1.0.5, conditions: [{type: Ready, status: 'True'}]}",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: db-1, namespace: default, labels: {app: db}}",
        "spec: {containers: [{name: db, ports: [{containerPort: 5432}]}]}",
        "status: {phase: Running, podIP: 10.1.0.7, conditions: [{type: Ready, status: 'True'}]}",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: client, namespace: shop, labels: {app: client}}",
        "spec: {containers: [{name: c}]}",
        "status: {phase: Running, podIP: 10.2.0.9, conditions: [{type: Ready, status: 'True'}]}",
        "---",
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata: {name: web-route, namespace: default}",
        "spec:",
        "  hosts: [web]",
        "  http:",
        "  - match: [{uri: {prefix: /api}}]",
        "    rewrite: {uri: /v2}",
        "    route: [{destination: {host: web}}]",
        "  - match: [{uri: {prefix: /old}}]",
        "    redirect: {uri: /new}",
        "---",
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata: {name: db-route, namespace: default}",
        "spec:",
        "  hosts: [db]",
        "  tcp:",
        "  - match: [{port: 5432}]",
        "    route: [{destination: {host: web, port: {number: 80}}}]",
        "");

    @TempDir
    Path dir;

    public static byte[] pcap(final List<byte[]> frames)
    {
        final CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        int t = 0;
        for (final byte[] f : frames)
        {
            b.record(1_700_000_000L, t++, f, f.length);
        }
        return b.build();
    }

    List<String> replay(final byte[] capture, final PipelineConfig config) throws IOException
    {
        return replay(capture, config, new ReplaySummary(), null);
    }

    List<String> replay(final byte[] capture, final PipelineConfig config, final ReplaySummary summary,
        final Path pcapOut) throws IOException
    {
        final Path file = Files.write(dir.resolve("in-" + RUNS.incrementAndGet() + ".pcap"), capture);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            new ReplayDriver(engine, config.countersDirectory(dir.resolve("counters-" + RUNS.incrementAndGet())),
                new PrintWriter(new StringWriter())).pcapOut(pcapOut).run(file, out, summary, ReplayProgress.NONE);
        }
        return Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    /** @return the settings of an inline replay (one worker, stepped on the calling thread). */
    public static PipelineConfig inline()
    {
        return new PipelineConfig().workers(1).mode(ExecutionMode.INLINE);
    }

    @Test
    void shouldForwardDropAndPuntOnTheL3Path() throws IOException
    {
        final List<String> d = replay(pcap(List.of(
            TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 64, 10),
            TestPackets.udp("10.9.0.1", "172.16.0.1", 4000, 53, 64, 10),
            TestPackets.udp("10.9.0.1", "192.168.0.254", 4000, 53, 64, 10),
            TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 1, 10),
            TestPackets.arp(),
            TestPackets.udp("10.9.0.1", "10.1.0.5", 4000, 53, 64, 10),
            TestPackets.udp6(2L, 9, 4))), inline());
        assertThat(d).containsExactly(
            "{\"i\":0,\"action\":\"forward\",\"egressPort\":1,\"nextHop\":\"192.168.0.1\"}",
            "{\"i\":1,\"action\":\"drop\",\"reason\":\"no-route\"}",
            "{\"i\":2,\"action\":\"punt\",\"reason\":\"local-address\"}",
            "{\"i\":3,\"action\":\"drop\",\"reason\":\"ttl-expired\"}",
            "{\"i\":4,\"action\":\"punt\",\"reason\":\"arp\"}",
            "{\"i\":5,\"action\":\"forward\",\"egressPort\":3,\"nextHop\":\"192.168.0.3\"}",
            "{\"i\":6,\"action\":\"forward\",\"egressPort\":6,\"nextHop\":\"192.168.0.6\"}");
    }

    @Test
    void shouldRouteAnHttpRequestInACaptureByL7AndLetItsFlowFollow() throws IOException
    {
        final String request = "GET /api/items?x=1 HTTP/1.1\r\nHost: web\r\nUser-Agent: t\r\n\r\n";
        final List<String> d = replay(pcap(List.of(
            TestPackets.tcp("10.2.0.9", "10.96.0.80", 40000, 80, 64, 0x02, ""),
            TestPackets.tcp("10.2.0.9", "10.96.0.80", 40000, 80, 64, 0x18, request),
            TestPackets.tcp("10.2.0.9", "10.96.0.80", 40000, 80, 64, 0x18, "more body bytes"),
            TestPackets.tcp("10.96.0.80", "10.2.0.9", 80, 40000, 64, 0x18, "HTTP/1.1 200 OK\r\n\r\n"),
            TestPackets.tcp("10.2.0.9", "10.96.0.80", 40001, 80, 64, 0x18, "GET /old/x HTTP/1.1\r\nHost: web\r\n\r\n"),
            TestPackets.tcp("10.2.0.9", "10.96.0.80", 40002, 80, 64, 0x18,
                "GET /other HTTP/1.1\r\nHost: web\r\n\r\n"))),
            inline());
        assertThat(d.get(0)).isEqualTo("{\"i\":0,\"action\":\"forward\",\"egressPort\":1,\"nextHop\":\"192.168.0.1\"}");
        assertThat(d.get(1)).isEqualTo("{\"i\":1,\"action\":\"route\",\"vs\":\"default/web-route\","
            + "\"cluster\":\"outbound|80||web.default.svc.cluster.local\",\"host\":\"web.default.svc.cluster.local\","
            + "\"port\":80,\"endpoint\":\"10.1.0.5:8080\",\"path\":\"/v2/items?x=1\",\"authority\":\"web\","
            + "\"flags\":\"-\",\"egressPort\":3,\"nextHop\":\"192.168.0.3\"}");
        assertThat(d.get(2)).isEqualTo("{\"i\":2,\"action\":\"route\",\"vs\":\"default/web-route\","
            + "\"cluster\":\"outbound|80||web.default.svc.cluster.local\",\"host\":\"web.default.svc.cluster.local\","
            + "\"port\":80,\"endpoint\":\"10.1.0.5:8080\",\"flags\":\"-\","
            + "\"egressPort\":3,\"nextHop\":\"192.168.0.3\"}");
        assertThat(d.get(3)).isEqualTo("{\"i\":3,\"action\":\"forward\",\"egressPort\":1,\"nextHop\":\"192.168.0.1\"}");
        assertThat(d.get(4)).startsWith("{\"i\":4,\"action\":\"redirect\"").contains("\"location\":\"http://web/new\"");
        assertThat(d.get(5)).startsWith("{\"i\":5,\"action\":\"drop\"").contains("\"reason\":\"no-route\"");
    }

    @Test
    void shouldSendTcpToAClusterIpThroughTcpRoutes() throws IOException
    {
        final List<String> d = replay(pcap(List.of(
            TestPackets.tcp("10.2.0.9", "10.96.0.50", 41000, 5432, 64, 0x02, ""),
            TestPackets.tcp("10.2.0.9", "10.96.0.50", 41000, 5432, 64, 0x18, "query"),
            TestPackets.tcp("10.2.0.9", "10.96.0.51", 41000, 5432, 64, 0x18, "query"),
            TestPackets.tcp("10.2.0.9", "10.96.0.50", 41001, 6000, 64, 0x18, "query"))), inline());
        final String routed = "\"action\":\"route\",\"vs\":\"default/db-route\","
            + "\"cluster\":\"outbound|80||web.default.svc.cluster.local\",\"host\":\"web.default.svc.cluster.local\","
            + "\"port\":80,\"endpoint\":\"10.1.0.5:8080\",\"flags\":\"-\","
            + "\"egressPort\":3,\"nextHop\":\"192.168.0.3\"}";
        assertThat(d).containsExactly("{\"i\":0," + routed, "{\"i\":1," + routed,
            "{\"i\":2,\"action\":\"forward\",\"egressPort\":1,\"nextHop\":\"192.168.0.1\"}",
            // port 6000 is no port of db: its address names no service there, the passthrough chain takes it
            "{\"i\":3,\"action\":\"route\",\"cluster\":\"PassthroughCluster\",\"endpoint\":\"10.96.0.50:6000\","
                + "\"flags\":\"-\",\"egressPort\":1,\"nextHop\":\"192.168.0.1\"}");
    }

    @Test
    void shouldDropBadRecordsWithTheirReason() throws IOException
    {
        final byte[] good = TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 64, 10);
        final byte[] badIhl = good.clone();
        badIhl[14] = 0x43; // IHL 3: malformed
        final byte[] capture = CaptureBuilder.pcapng().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 65535, -1, 0)
            .interfaceBlock(147, 65535, -1, 0)
            .epb(0, 1, good, good.length)
            .epb(1, 2, good, good.length)
            .epb(0, 3, TestPackets.lldp(), 60)
            .epb(0, 4, badIhl, badIhl.length)
            .epb(0, 5, Arrays.copyOf(good, 20), good.length)
            .raw(new byte[] {6, 0, 0, 0, 100, 0, 0, 0, 0, 0})
            .build();
        final ReplaySummary summary = new ReplaySummary();
        final List<String> d = replay(capture, inline(), summary, null);
        assertThat(d).containsExactly(
            "{\"i\":0,\"action\":\"forward\",\"egressPort\":1,\"nextHop\":\"192.168.0.1\"}",
            "{\"i\":1,\"action\":\"drop\",\"reason\":\"unsupported-linktype\"}",
            "{\"i\":2,\"action\":\"drop\",\"reason\":\"unsupported-ethertype\"}",
            "{\"i\":3,\"action\":\"drop\",\"reason\":\"malformed\"}",
            "{\"i\":4,\"action\":\"drop\",\"reason\":\"truncated\"}",
            "{\"i\":5,\"action\":\"drop\",\"reason\":\"malformed\"}");
        assertThat(summary.records()).isEqualTo(6);
        assertThat(summary.byReason()).containsEntry("malformed", 2L).containsEntry("truncated", 1L);
    }

    @Test
    void shouldWriteForwardedPacketsPerEgressPortWithTtlDecrementedAndAValidChecksum() throws IOException
    {
        final Path out = dir.resolve("out");
        replay(pcap(List.of(
            TestPackets.udp("10.9.0.1", "10.7.1.2", 4000, 53, 64, 10),
            TestPackets.udp("10.9.0.1", "10.1.0.5", 4000, 53, 200, 30),
            TestPackets.udp("10.9.0.1", "172.16.0.1", 4000, 53, 64, 10),
            TestPackets.udp("10.9.0.1", "10.7.1.3", 4000, 53, 2, 12))), inline(), new ReplaySummary(), out);
        try (var files = Files.list(out))
        {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                .containsExactly("port-1.pcap", "port-3.pcap");
        }
        assertThat(ttls(out.resolve("port-1.pcap"))).containsExactly(63, 1);
        assertThat(ttls(out.resolve("port-3.pcap"))).containsExactly(199);
    }

    /** Reads a pcap back: link type Ethernet, every IPv4 header checksum valid; returns the TTLs. */
    static List<Integer> ttls(final Path pcap) throws IOException
    {
        final List<Integer> ttls = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap))
        {
            final CaptureRecord rec = new CaptureRecord();
            while (r.next(rec))
            {
                assertThat(rec.linkType()).isEqualTo(1);
                final long ip = rec.address() + 14;
                final int checksum = (U.getByte(ip + 10) & 0xFF) << 8 | (U.getByte(ip + 11) & 0xFF);
                assertThat(checksum).isEqualTo(IpRewrite.ipv4HeaderChecksum(ip, 20));
                ttls.add(U.getByte(ip + 8) & 0xFF);
            }
        }
        return ttls;
    }

    @Test
    void shouldDecideIdenticallyWithOneAndSeveralWorkers() throws IOException
    {
        final long seed = Long.getLong("wirespeed.seed", 20261126L);
        System.out.println("CaptureReplayTest seed: " + seed + " (replay with -Dwirespeed.seed=" + seed + ")");
        final byte[] capture = pcap(randomFrames(new SplittableRandom(seed), 20_000));
        final List<String> one = replay(capture, new PipelineConfig().workers(1));
        final List<String> three = replay(capture, new PipelineConfig().workers(3));
        final List<String> inline2 = replay(capture, inline().workers(2));
        assertThat(one).hasSize(20_000);
        assertThat(three).isEqualTo(one);
        assertThat(inline2).isEqualTo(one);
        assertThat(one).anyMatch(s -> s.contains("\"action\":\"route\"") && s.contains("\"path\""));
        assertThat(one).anyMatch(s -> s.contains("\"action\":\"route\"") && !s.contains("\"path\""));
    }

    /** Flows of UDP, plain TCP, HTTP requests with follow-up segments and TCP to the db cluster IP. */
    public static List<byte[]> randomFrames(final SplittableRandom random, final int n)
    {
        final List<byte[]> frames = new ArrayList<>(n);
        final String[] paths = {"/api/a", "/api/b?q=1", "/old/z", "/x", "/api"};
        while (frames.size() < n)
        {
            final String src =
                "10." + (2 + random.nextInt(3)) + "." + random.nextInt(4) + "." + (1 + random.nextInt(200));
            final int sport = 1024 + random.nextInt(60000);
            switch (random.nextInt(5))
            {
                case 0:
                    frames.add(TestPackets.udp(src, "10." + random.nextInt(3) + ".0." + random.nextInt(9), sport, 53,
                        1 + random.nextInt(64), random.nextInt(40)));
                    break;
                case 1:
                    frames.add(TestPackets.tcp(src, "10.7.0." + random.nextInt(9), sport, 443, 64, 0x18, "tls"));
                    break;
                case 2:
                    frames.add(TestPackets.tcp(src, "10.96.0.80", sport, 80, 64, 0x18,
                        "GET " + paths[random.nextInt(paths.length)] + " HTTP/1.1\r\nHost: web\r\n\r\n"));
                    frames.add(TestPackets.tcp(src, "10.96.0.80", sport, 80, 64, 0x18, "body"));
                    break;
                case 3:
                    frames.add(TestPackets.tcp(src, "10.96.0.50", sport, 5432, 64, 0x18, "q"));
                    break;
                default:
                    frames.add(TestPackets.tcp(src, "10.96.0.80", sport, 80, 64, 0x10, ""));
                    break;
            }
        }
        return frames.subList(0, n);
    }
}
