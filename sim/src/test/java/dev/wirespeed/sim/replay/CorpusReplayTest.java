package dev.wirespeed.sim.replay;

import dev.wirespeed.pipeline.PipelineConfig;
import dev.wirespeed.sim.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every capture of the shared corpus ({@code -Dwirespeed.corpus}, {@code pcap/MANIFEST.tsv})
 * through {@link ReplayDriver} with two threaded workers and a small config (a default route for IPv4 and
 * IPv6, a local address, and an HTTP service whose VirtualService takes the corpus' request hosts), and
 * checks that the decisions count the manifest's {@code packets} and conservation holds. Skips when the
 * folder is missing; {@link CaptureReplayTest} covers the same code with generated captures.
 */
public class CorpusReplayTest
{
    public static final String CONFIG = String.join("\n",
        "apiVersion: wirespeed.dev/v1",
        "kind: RouteTable",
        "metadata: {name: net}",
        "spec:",
        "  localAddresses: [192.168.1.1]",
        "  routes:",
        "  - prefix: 0.0.0.0/0",
        "    nextHops: [{address: 192.168.0.1, port: 1}, {address: 192.168.0.2, port: 2}]",
        "  - prefix: ::/0",
        "    nextHops: [{address: 192.168.0.4, port: 4}]",
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
        "kind: Pod",
        "metadata: {name: web-1, namespace: default, labels: {app: web}}",
        "spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}",
        "status: {phase: Running, podIP: 10.1.0.5, conditions: [{type: Ready, status: 'True'}]}",
        "---",
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata: {name: corpus-hosts, namespace: default}",
        "spec:",
        "  hosts: ['*.com', '*.net', '*.il', '*.de', '*.org', localhost]",
        "  http:",
        "  - route: [{destination: {host: web}}]",
        "");

    /**
     * The corpus captures ({@code .pcap} and {@code .pcapng} under {@code pcap/}), sorted by name; the calling test is
     * skipped, with the reason printed, when the corpus folder is not there.
     */
    public static List<Path> corpusCaptures() throws IOException
    {
        final String corpus = System.getProperty("wirespeed.corpus");
        Assumptions.assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus, "pcap")),
            "corpus folder not present: " + corpus);
        try (Stream<Path> files = Files.list(Path.of(corpus, "pcap")))
        {
            return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                .collect(Collectors.toList());
        }
    }

    @TempDir
    Path dir;

    @Test
    void shouldReplayEveryCorpusCaptureWithTheManifestCountAndConservation() throws IOException
    {
        final String corpus = System.getProperty("wirespeed.corpus");
        Assumptions.assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus, "pcap")),
            "corpus folder not present: " + corpus);
        final Path pcaps = Path.of(corpus, "pcap");
        final List<String> lines = Files.readAllLines(pcaps.resolve("MANIFEST.tsv"));
        final List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        final int file = header.indexOf("file");
        final int packets = header.indexOf("packets");
        final List<String> mismatches = new ArrayList<>();
        long routed = 0;
        int files = 0;
        try (Engine engine = Engine.fromYaml(CONFIG))
        {
            for (final String line : lines.subList(1, lines.size()))
            {
                if (line.isBlank())
                {
                    continue;
                }
                final String[] cells = line.split("\t", -1);
                final ReplaySummary summary = new ReplaySummary();
                final ReplayDriver.Result result = new ReplayDriver(engine,
                    new PipelineConfig().workers(2).countersDirectory(dir.resolve("c" + files)),
                    new PrintWriter(new StringWriter())).run(pcaps.resolve(cells[file]), null, summary,
                    ReplayProgress.NONE);
                files++;
                final long expected = Long.parseLong(cells[packets]);
                if (summary.records() != expected || result.recordsRead() != expected
                    || !result.conservation().balanced())
                {
                    mismatches.add(cells[file] + ": manifest " + expected + " packets, replay " + summary.records()
                        + " decisions; " + result.conservation().describe());
                }
                routed += summary.count("route");
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(files).isEqualTo(lines.size() - 1);
        assertThat(routed).as("HTTP requests routed by L7").isPositive();
    }
}
