package dev.wirespeed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path root()
    {
        return Path.of(System.getProperty("wirespeed.root", ".."));
    }

    private int run(final String... args)
    {
        final CommandLine cl = WirespeedCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void shouldSummariseTheSeedExampleAndExitZero()
    {
        final int rc = run("check", "-c", root().resolve("examples/reviews").toString());
        assertThat(rc).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .contains("config: 3 files, 0 errors, 0 warnings")
                .containsPattern("VirtualService +1")
                .containsPattern("Pod +3")
                .contains("hosts: 1 (reviews.default.svc.cluster.local)")
                .contains("http routes: 2")
                .contains("clusters: 3")
                .containsPattern("outbound\\|9080\\|v2\\|reviews\\.default\\.svc\\.cluster\\.local"
                        + " +1 endpoints \\(1 healthy\\)")
                .contains("endpoints: 3");
    }

    @Test
    void shouldMergeARemoteClustersRegistryGivenWithCluster()
    {
        final Path example = root().resolve("examples/multi-cluster");
        final int rc = run("check", "-c", example.resolve("primary").toString(), "--cluster",
                "cluster2=" + example.resolve("cluster2"));
        assertThat(rc).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("config: 7 files, 0 errors, 0 warnings").contains("registry services: 9")
                .containsPattern("outbound\\|9080\\|\\|reviews\\.default\\.svc\\.cluster\\.local +4 endpoints");
    }

    @Test
    void shouldResolveGatewayHostNamesFromAHostsFileAndResolve()
    {
        final Path example = root().resolve("examples/gateway-names");
        assertThat(run("check", "-c", example.toString())).isZero();
        assertThat(err.toString()).contains("\"east.gw.example\" of network network2 is a host name with no DNS "
                + "answer given");
        assertThat(out.toString()).contains("0 errors, 4 warnings");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run("check", "-c", example.toString(), "--hosts-file", example.resolve("hosts").toString(),
                "--resolve", "west.gw.example=203.0.113.30")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("0 errors, 0 warnings");
    }

    @Test
    void shouldRefuseABadResolveValueWithItsPlace()
    {
        final Path example = root().resolve("examples/gateway-names");
        assertThat(run("check", "-c", example.toString(), "--resolve", "east.gw.example=203.0.113.9,x")).isEqualTo(1);
        assertThat(err.toString()).contains("--resolve:1:29: error: expected an IP address, got \"x\"");
    }

    @Test
    void shouldRefuseTheConfigClustersIdAsARemoteOneAndAClusterWithoutPath()
    {
        final Path example = root().resolve("examples/multi-cluster");
        assertThat(run("check", "-c", example.resolve("primary").toString(), "--cluster",
                "Kubernetes=" + example.resolve("cluster2"))).isEqualTo(1);
        assertThat(err.toString()).contains("cluster id Kubernetes is the config cluster's");
        assertThat(run("check", "-c", example.resolve("primary").toString(), "--cluster", "cluster2")).isEqualTo(2);
    }

    @Test
    void shouldPrintEveryErrorToStderrAndExitOne(@TempDir final Path dir) throws IOException
    {
        final Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination: {host: reviews}
                      weight: -1
                  - match: [{uri: {regex: "("}}]
                """);
        final int rc = run("check", "-c", bad.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                bad + ":8:27: warning: spec.http[0].route[0].destination.host: host reviews.default.svc.cluster.local"
                        + " has no registry service (no Service or ServiceEntry defines it); Istio accepts this and"
                        + " requests to it fail with 503 NC",
                bad + ":9:15: error: spec.http[0].route[0].weight: weight must not be negative, got -1",
                bad + ":10:5: error: spec.http[1]: HTTP route must have one of"
                        + " \"route\", \"redirect\" or \"directResponse\"",
                bad + ":10:27: error: spec.http[1].match[0].uri.regex: invalid RE2 regex: error parsing regexp: "
                        + "missing closing ): `(`",
                "check: 3 errors, 1 warning: config rejected");
    }

    @Test
    void shouldExitZeroWithWarningsOnly(@TempDir final Path dir) throws IOException
    {
        final Path vs = Files.writeString(dir.resolve("vs.yaml"), """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: r}
                spec:
                  hosts: [reviews]
                  http: [{route: [{destination: {host: reviews, subset: v9}}]}]
                """);
        final Path registry = root().resolve("examples/reviews/registry.yaml");
        final int rc = run("check", "-c", vs.toString(), "-c", registry.toString());
        assertThat(rc).isZero();
        assertThat(err.toString()).contains("warning: spec.http[0].route[0].destination.subset: subset v9");
        assertThat(out.toString()).contains("0 errors, 1 warnings");
    }

    @Test
    void shouldPrintMachineReadableJson() throws IOException
    {
        final int rc = run("check", "--json", "-c", root().resolve("examples/bookinfo/request-routing").toString());
        assertThat(rc).isZero();
        final JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("kinds").get("VirtualService").asInt()).isEqualTo(4);
        assertThat(json.get("kinds").get("Pod").asInt()).isEqualTo(6);
        assertThat(json.get("httpRoutes").asInt()).isEqualTo(5);
        assertThat(json.get("clusters").size()).isEqualTo(4 + 1 + 1 + 1 + 3);
        assertThat(json.get("endpoints").asInt()).isEqualTo(6);
        assertThat(json.get("diagnostics").size()).isZero();
    }

    @Test
    void shouldReportErrorsInJsonAndStillExitOne(@TempDir final Path dir) throws IOException
    {
        final Path bad = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {}\n");
        final int rc = run("check", "--json", "-c", bad.toString());
        assertThat(rc).isEqualTo(1);
        final JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("ok").asBoolean()).isFalse();
        final JsonNode d = json.get("diagnostics").get(0);
        assertThat(d.get("severity").asText()).isEqualTo("error");
        assertThat(d.get("line").asInt()).isEqualTo(3);
        assertThat(d.get("column").asInt()).isEqualTo(11);
        assertThat(d.get("path").asText()).isEqualTo("metadata.name");
    }

    @Test
    void shouldBeAUsageErrorWithoutConfig()
    {
        assertThat(run("check")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=PATH'");
    }

    @Test
    void shouldExitOneForAMissingPath()
    {
        assertThat(run("check", "-c", "does/not/exist")).isEqualTo(1);
        assertThat(err.toString()).contains("does/not/exist: error: no such file or directory");
    }
}
